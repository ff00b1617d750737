"""The records nurture keeps: contacts, interactions, follow-ups and settings.

Every record is an immutable dataclass with ``to_dict``/``from_dict`` so the store can keep
plain JSON and the UI can never mutate shared state by accident. ``from_dict`` checks the type
and range of every field it reads and names the field it refuses (``nurture.domain.stored``);
it ignores keys it does not know, so a file written by a newer minor version still loads.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from sys import intern
from typing import Any, NamedTuple

from nurture.domain.dates import DATE_ORDERS, Cadence
from nurture.domain.limits import MAX_MINUTES, MAX_PER_WEEK, MAX_SETTING_DAYS
from nurture.domain.stored import REQUIRED, Fields

# --- stages ---------------------------------------------------------------------------------

PROSPECT, REQUESTED, SCHEDULED, MET, NURTURING, DORMANT = (
    "prospect",
    "requested",
    "scheduled",
    "met",
    "nurturing",
    "dormant",
)
STAGES: tuple[str, ...] = (PROSPECT, REQUESTED, SCHEDULED, MET, NURTURING, DORMANT)
#: The forward path; ``dormant`` sits outside it.
PIPELINE: tuple[str, ...] = (PROSPECT, REQUESTED, SCHEDULED, MET, NURTURING)

# --- interaction kinds ----------------------------------------------------------------------

OUTREACH, REPLY, NUDGE = "outreach", "reply", "nudge"
COFFEE, CALL, VIDEO, MEETING = "coffee", "call", "video", "meeting"
THANK_YOU, UPDATE, EMAIL, MESSAGE, EVENT, NOTE = (
    "thank-you",
    "update",
    "email",
    "message",
    "event",
    "note",
)
KINDS: tuple[str, ...] = (
    OUTREACH,
    REPLY,
    NUDGE,
    COFFEE,
    CALL,
    VIDEO,
    MEETING,
    THANK_YOU,
    UPDATE,
    EMAIL,
    MESSAGE,
    EVENT,
    NOTE,
)
#: Kinds that are the conversation itself.
CONVERSATIONS: frozenset[str] = frozenset({COFFEE, CALL, VIDEO, MEETING})
#: ``note`` records something about a person without contacting them; every other kind is a touch.
TOUCHES: frozenset[str] = frozenset(KINDS) - {NOTE}

KIND_HELP: dict[str, str] = {
    OUTREACH: "you asked for a conversation",
    REPLY: "they answered",
    NUDGE: "your one follow-up to an unanswered outreach",
    COFFEE: "a conversation over coffee",
    CALL: "a phone call",
    VIDEO: "a video call",
    MEETING: "an in-person meeting",
    THANK_YOU: "you thanked them",
    UPDATE: "reported back, shared an article, congratulated",
    EMAIL: "an email exchange",
    MESSAGE: "a message exchange",
    EVENT: "met at an event",
    NOTE: "a note to self; no contact made",
}

ME, THEM = "me", "them"
OWNERS: tuple[str, ...] = (ME, THEM)


def new_id() -> str:
    return str(uuid.uuid4())


#: Cadences are immutable and few: parse each stored form once.
_stored_cadence = lru_cache(maxsize=256)(Cadence.parse)
#: Each stage and kind as its one shared string: a lookup that also refuses an unknown one.
_STAGE_OF = {s: s for s in STAGES}
_KIND_OF = {k: k for k in KINDS}
_day, _moment = date.fromisoformat, datetime.fromisoformat
_NO_LIST: list = []  # never changed: the default of a missing list


def role_at(role: str, company: str) -> str:
    """ "Staff Designer @ Nubank", "Nubank" or "": how every front end names where someone works."""
    return " @ ".join(p for p in (role, company) if p)


def email_key(email: str) -> str:
    """What two spellings of one email address share: the address, case ignored."""
    return email.strip().casefold()


def phone_key(phone: str) -> str:
    """What two spellings of one phone number share: its digits, and a leading + ("+1 (555)
    010-0199" and "+15550100199" are one number); the text, case ignored, if it has no digits."""
    text = phone.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        return text.casefold()
    return ("+" if text.startswith("+") else "") + digits


def distinct(values: Iterable[str], key: Callable[[str], str]) -> tuple[str, ...]:
    """``values`` stripped, blanks and repeats (same ``key``) dropped, the first of each kept, in order."""
    seen: dict[str, str] = {}
    for value in values:
        value = value.strip()
        if value and key(value) not in seen:
            seen[key(value)] = value
    return tuple(seen.values())


def _opt_iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class StageChange(NamedTuple):
    """A stage a contact reached, and when. A named tuple: a contact carries several, and
    they are built by the ten thousand when nurture opens. ``manual``: the user set it by hand
    (an edit, a pipeline move), rather than a logged interaction, an import or the add form."""

    on: date
    stage: str
    manual: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"on": self.on.isoformat(), "stage": self.stage}
        if self.manual:
            d["manual"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StageChange:
        try:
            manual = d.get("manual", False)
            if manual is False or manual is True:
                # tuple.__new__ directly: the named tuple's own __new__ is a Python-level call
                return tuple.__new__(cls, (_day(d["on"]), _STAGE_OF[d["stage"]], manual))
        except Exception:
            pass
        return cls.checked(d)

    @classmethod
    def checked(cls, d: Any, at: str = "") -> StageChange:
        f = Fields(d, at)
        return cls(f.day("on"), f.choice("stage", STAGES), f.flag("manual"))


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    name: str
    role: str = ""
    company: str = ""
    industry: str = ""
    location: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    tags: tuple[str, ...] = ()
    stage: str = PROSPECT
    cadence: Cadence | None = None
    referred_by: str | None = None
    how_met: str = ""
    notes: str = ""
    snoozed_until: date | None = None
    archived: bool = False
    stage_history: tuple[StageChange, ...] = ()
    created: datetime | None = None
    updated: datetime | None = None
    #: Every email and phone but the preferred ones (``email``, ``phone``), in the user's order.
    other_emails: tuple[str, ...] = ()
    other_phones: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "company": self.company,
            "industry": self.industry,
            "location": self.location,
            "email": self.email,
            "phone": self.phone,
            "linkedin": self.linkedin,
            "tags": list(self.tags),
            "stage": self.stage,
            "cadence": str(self.cadence) if self.cadence else None,
            "referred_by": self.referred_by,
            "how_met": self.how_met,
            "notes": self.notes,
            "snoozed_until": _opt_iso(self.snoozed_until),
            "archived": self.archived,
            "stage_history": [c.to_dict() for c in self.stage_history],
            "created": _opt_iso(self.created),
            "updated": _opt_iso(self.updated),
        }
        # Only when there are some: most contacts have none, and two more keys take each parsed
        # record past the size of a dict's first table (+24 MB at 30,000 contacts, measured).
        if self.other_emails:
            d["other_emails"] = list(self.other_emails)
        if self.other_phones:
            d["other_phones"] = list(self.other_phones)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Contact:
        # The fast path: positional, checks by identity, no helper call per field. This runs
        # for every contact at every start. What it does not take, ``checked`` reads or names.
        try:
            g = d.get
            cid, name, role, company = d["id"], d["name"], g("role", ""), g("company", "")
            industry, location, email, phone = g("industry", ""), g("location", ""), g("email", ""), g("phone", "")
            linkedin, how_met, notes, tags = g("linkedin", ""), g("how_met", ""), g("notes", ""), g("tags", _NO_LIST)
            cadence, referred_by, snoozed, archived = (
                g("cadence"),
                g("referred_by"),
                g("snoozed_until"),
                g("archived", False),
            )
            history, created, updated = g("stage_history", _NO_LIST), g("created"), g("updated")
            other_emails, other_phones = g("other_emails", _NO_LIST), g("other_phones", _NO_LIST)
            if (
                type(cid)
                is type(name)
                is type(role)
                is type(company)
                is type(industry)
                is type(location)
                is type(email)
                is type(phone)
                is type(linkedin)
                is type(how_met)
                is type(notes)
                is str
                and type(tags) is type(history) is type(other_emails) is type(other_phones) is list
                and cid
                and name
                and not name.isspace()
                and (archived is False or archived is True)
                and (referred_by is None or (type(referred_by) is str and referred_by))
            ):
                "".join(tags)  # a TypeError unless every tag is text
                if other_emails or other_phones:  # (likewise; most contacts have none)
                    "".join(other_emails + other_phones)
                return cls(
                    intern(cid),
                    name,
                    role,
                    company,
                    industry,
                    location,
                    email,
                    phone,
                    linkedin,
                    tuple(tags),
                    _STAGE_OF[g("stage", PROSPECT)],
                    None if cadence is None else _stored_cadence(cadence),
                    referred_by,
                    how_met,
                    notes,
                    None if snoozed is None else _day(snoozed),
                    archived,
                    tuple([StageChange.from_dict(c) for c in history]),
                    None if created is None else _moment(created),
                    None if updated is None else _moment(updated),
                    tuple(other_emails) if other_emails else (),
                    tuple(other_phones) if other_phones else (),
                )
        except Exception:
            pass
        return cls.checked(d)

    @classmethod
    def checked(cls, d: Any, at: str = "") -> Contact:
        """``from_dict``, field by field: null for an empty field is read as empty, and the
        first field that cannot be used is named (``FieldError``)."""
        f = Fields(d, at)
        text = f.text
        return cls(
            intern(f.ident("id")),
            f.name("name"),
            text("role"),
            text("company"),
            text("industry"),
            text("location"),
            text("email"),
            text("phone"),
            text("linkedin"),
            f.texts("tags"),
            f.choice("stage", STAGES, PROSPECT),
            f.cadence("cadence"),
            f.ref("referred_by"),
            text("how_met"),
            text("notes"),
            f.day("snoozed_until", required=False),
            f.flag("archived"),
            f.records("stage_history", StageChange.checked),
            f.moment("created"),
            f.moment("updated"),
            f.texts("other_emails"),
            f.texts("other_phones"),
        )

    @classmethod
    def new(
        cls,
        name: str,
        today: date,
        now: datetime,
        *,
        stage: str | None = None,
        emails: Iterable[str] = (),
        phones: Iterable[str] = (),
        **given: Any,
    ) -> Contact:
        """A contact added ``now``: a new id, ``stage`` (prospect if none) its first as of
        ``today``; ``emails`` and ``phones`` all of them, the first preferred (``with_emails``);
        ``given`` its other fields. Nothing checked: the caller cleaned what it gives."""
        stage = stage or PROSPECT
        made = cls(
            id=new_id(),
            name=name,
            stage=stage,
            stage_history=(StageChange(today, stage),),
            created=now,
            updated=now,
            **given,
        )
        return made.with_emails(emails).with_phones(phones)

    def evolve(self, **changes: Any) -> Contact:
        return replace(self, **changes)

    @property
    def order_key(self) -> tuple[str, str]:
        """Alphabetical order, case ignored, then by id (total)."""
        return (self.name.casefold(), self.id)

    @property
    def emails(self) -> tuple[str, ...]:
        """Every email address, the preferred one first (none: empty)."""
        return (self.email, *self.other_emails) if self.email else self.other_emails

    @property
    def phones(self) -> tuple[str, ...]:
        """Every phone number, the preferred one first (none: empty)."""
        return (self.phone, *self.other_phones) if self.phone else self.other_phones

    def with_emails(self, values: Iterable[str]) -> Contact:
        """This contact with these email addresses: the first preferred, the rest the others;
        blanks and repeats (case ignored) dropped."""
        found = distinct(values, email_key)
        email, others = (found[0] if found else ""), found[1:]
        if email == self.email and others == self.other_emails:
            return self  # as most imported and added people are: a copy costs 10 µs
        return replace(self, email=email, other_emails=others)

    def with_phones(self, values: Iterable[str]) -> Contact:
        """This contact with these phone numbers: the first preferred, the rest the others;
        blanks and repeats (the same digits, ``phone_key``) dropped."""
        found = distinct(values, phone_key)
        phone, others = (found[0] if found else ""), found[1:]
        if phone == self.phone and others == self.other_phones:
            return self
        return replace(self, phone=phone, other_phones=others)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def where(self) -> str:
        """Role and company on one line: "Staff Designer @ Nubank", either alone, or ""."""
        return role_at(self.role, self.company)


@dataclass(frozen=True, slots=True)
class ActionItem:
    text: str
    owner: str = ME
    done: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "owner": self.owner, "done": self.done}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ActionItem:
        try:
            text, owner, done = d["text"], d.get("owner", ME), d.get("done", False)
            if type(text) is str and (owner in (ME, THEM)) and (done is False or done is True):
                return cls(text, ME if owner == ME else THEM, done)
        except Exception:
            pass
        return cls.checked(d)

    @classmethod
    def checked(cls, d: Any, at: str = "") -> ActionItem:
        f = Fields(d, at)
        return cls(f.text("text", REQUIRED), f.choice("owner", OWNERS, ME), f.flag("done"))


@dataclass(frozen=True, slots=True)
class Interaction:
    id: str
    contact_id: str
    on: date
    kind: str
    summary: str = ""
    notes: str = ""
    takeaways: tuple[str, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    duration_minutes: int | None = None
    #: When it was logged; for one read from a mailbox, when the message was sent (the
    #: user's wall time, as every record is stamped).
    created: datetime | None = None
    #: The ``Message-ID`` of the mail it was read from (``nurture import`` of a mailbox), or "":
    #: the same message is never logged twice.
    message_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "contact_id": self.contact_id,
            "date": self.on.isoformat(),
            "kind": self.kind,
            "summary": self.summary,
            "notes": self.notes,
            "takeaways": list(self.takeaways),
            "action_items": [a.to_dict() for a in self.action_items],
            "duration_minutes": self.duration_minutes,
            "created": _opt_iso(self.created),
        }
        if self.message_id:  # only mail carries one: every other record keeps its shape
            d["message_id"] = self.message_id
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Interaction:
        # The fast path, as for contacts: this runs for every interaction the screens read.
        try:
            g = d.get
            iid, cid, summary, notes = d["id"], d["contact_id"], g("summary", ""), g("notes", "")
            takeaways, actions, minutes, created, mid = (
                g("takeaways", _NO_LIST),
                g("action_items", _NO_LIST),
                g("duration_minutes"),
                g("created"),
                g("message_id", ""),
            )
            if (
                type(iid) is type(cid) is type(summary) is type(notes) is type(mid) is str
                and iid
                and cid
                and type(takeaways) is type(actions) is list
                and (minutes is None or (type(minutes) is int and 0 < minutes <= MAX_MINUTES))
            ):
                "".join(takeaways)  # a TypeError unless every takeaway is text
                return cls(
                    iid,
                    intern(cid),  # shared by a contact's many interactions
                    _day(d["date"]),
                    _KIND_OF[d["kind"]],
                    summary,
                    notes,
                    tuple(takeaways),
                    tuple([ActionItem.from_dict(a) for a in actions]) if actions else (),
                    minutes,
                    None if created is None else _moment(created),
                    mid,
                )
        except Exception:
            pass
        return cls.checked(d)

    @classmethod
    def checked(cls, d: Any, at: str = "") -> Interaction:
        """``from_dict``, field by field, naming the first field that cannot be used."""
        f = Fields(d, at)
        return cls(
            f.ident("id"),
            intern(f.ident("contact_id")),
            f.day("date"),
            f.choice("kind", KINDS),
            f.text("summary"),
            f.text("notes"),
            f.texts("takeaways"),
            f.records("action_items", ActionItem.checked),
            f.whole("duration_minutes", 1, MAX_MINUTES, None),
            f.moment("created"),
            f.text("message_id"),
        )

    @property
    def order_key(self) -> tuple[date, str, str]:
        """Chronological order: by date, then by when it was logged, then by id (total)."""
        return (self.on, _opt_iso(self.created) or "", self.id)


@dataclass(frozen=True, slots=True)
class FollowUp:
    id: str
    contact_id: str
    due: date
    text: str
    done_on: date | None = None
    created: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "due": self.due.isoformat(),
            "text": self.text,
            "done_on": _opt_iso(self.done_on),
            "created": _opt_iso(self.created),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FollowUp:
        f = Fields(d)
        return cls(
            f.ident("id"),
            f.ident("contact_id"),
            f.day("due"),
            f.text("text"),
            f.day("done_on", required=False),
            f.moment("created"),
        )


@dataclass(frozen=True, slots=True)
class Review:
    """A week the user marked reviewed."""

    week_start: date
    reviewed_on: date

    @property
    def id(self) -> str:
        return self.week_start.isoformat()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "week_start": self.id, "reviewed_on": self.reviewed_on.isoformat()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Review:
        f = Fields(d)
        return cls(f.day("week_start"), f.day("reviewed_on"))


@dataclass(frozen=True, slots=True)
class Settings:
    default_cadence: Cadence = field(default_factory=lambda: Cadence(90, "d"))
    nudge_after_days: int = 7
    thank_you_within_days: int = 1
    report_back_within_days: int = 2
    weekly_goal: int = 2
    #: At most this many reach-outs are planned into one week.
    weekly_outreach_cap: int = 10
    theme: str = ""
    #: One sentence on what the user is exploring: the {my_goal} of outreach drafts.
    my_goal: str = ""
    #: How slashed dates read: "dmy" (04/12 is 4 December), "mdy" (12 April), or "" for the
    #: locale's way (``nurture.domain.dates.locale_date_order``), else month first.
    date_order: str = ""
    #: The day a week starts (the weekly review's week): 0 Monday … 6 Sunday.
    first_weekday: int = 0
    #: The user's own name: the {my_name} of outreach drafts.
    my_name: str = ""
    #: The user's own email addresses (lower case): what a mailbox import reads as "from me".
    my_emails: tuple[str, ...] = ()
    #: The dashboard syncs through git once it shows, and before it quits (where sync is set up).
    sync_on_start: bool = False
    sync_on_quit: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "default_cadence": str(self.default_cadence),
            "nudge_after_days": self.nudge_after_days,
            "thank_you_within_days": self.thank_you_within_days,
            "report_back_within_days": self.report_back_within_days,
            "weekly_goal": self.weekly_goal,
            "weekly_outreach_cap": self.weekly_outreach_cap,
            "theme": self.theme,
            "my_goal": self.my_goal,
            "date_order": self.date_order,
            "first_weekday": self.first_weekday,
            "my_name": self.my_name,
            "my_emails": list(self.my_emails),
            "sync_on_start": self.sync_on_start,
            "sync_on_quit": self.sync_on_quit,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Settings:
        f, base = Fields(d), cls()
        days = lambda key: f.whole(key, 0, MAX_SETTING_DAYS, getattr(base, key))  # noqa: E731
        week = lambda key: f.whole(key, 0, MAX_PER_WEEK, getattr(base, key))  # noqa: E731
        return cls(
            default_cadence=f.cadence("default_cadence", base.default_cadence),
            nudge_after_days=days("nudge_after_days"),
            thank_you_within_days=days("thank_you_within_days"),
            report_back_within_days=days("report_back_within_days"),
            weekly_goal=week("weekly_goal"),
            weekly_outreach_cap=week("weekly_outreach_cap"),
            theme=f.text("theme"),
            my_goal=f.text("my_goal"),
            date_order=f.choice("date_order", DATE_ORDERS, ""),
            first_weekday=f.whole("first_weekday", 0, 6, base.first_weekday),
            my_name=f.text("my_name"),
            my_emails=f.texts("my_emails"),
            sync_on_start=f.flag("sync_on_start"),
            sync_on_quit=f.flag("sync_on_quit"),
        )

    def check(self) -> Settings:
        """These settings, if every value is in its range (settings made in code, not read)."""
        return Settings.from_dict(self.to_dict())
