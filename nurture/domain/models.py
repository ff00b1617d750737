"""The records nurture keeps: contacts, interactions, follow-ups and settings.

Every record is an immutable dataclass with ``to_dict``/``from_dict`` so the store can keep
plain JSON and the UI can never mutate shared state by accident. ``from_dict`` ignores keys it
does not know, so a file written by a newer minor version still loads.
"""

from __future__ import annotations

import uuid
from sys import intern
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from nurture.domain.dates import Cadence

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


def new_id() -> str:
    return str(uuid.uuid4())


def _clean(text: Any) -> str:
    return "" if text is None else str(text)


def _text(value: Any) -> str:
    """``_clean`` for the hot path: a str (nearly always) passes through without a call."""
    return value if type(value) is str else _clean(value)


#: Cadences are immutable and few: parse each stored form once.
_stored_cadence = lru_cache(maxsize=256)(Cadence.parse)


def _opt_date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


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
        # tuple.__new__ directly: the named tuple's own __new__ is a Python-level call
        return tuple.__new__(cls, (date.fromisoformat(d["on"]), d["stage"], d.get("manual") is True))


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

    def to_dict(self) -> dict[str, Any]:
        return {
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

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Contact:
        # Positional and without helper calls per field: this runs for every contact at every
        # start (about 3x faster than the keyword form at 10,000 contacts).
        g = d.get
        cadence, created, updated = g("cadence"), g("created"), g("updated")
        return cls(
            intern(d["id"]),
            d["name"],
            _text(g("role")),
            _text(g("company")),
            _text(g("industry")),
            _text(g("location")),
            _text(g("email")),
            _text(g("phone")),
            _text(g("linkedin")),
            tuple(g("tags") or ()),
            g("stage") or PROSPECT,
            _stored_cadence(cadence) if cadence else None,
            g("referred_by") or None,
            _text(g("how_met")),
            _text(g("notes")),
            _opt_date(g("snoozed_until")),
            bool(g("archived", False)),
            tuple([StageChange.from_dict(c) for c in g("stage_history") or ()]),
            datetime.fromisoformat(created) if created else None,
            datetime.fromisoformat(updated) if updated else None,
        )

    def evolve(self, **changes: Any) -> Contact:
        return replace(self, **changes)

    @property
    def order_key(self) -> tuple[str, str]:
        """Alphabetical order, case ignored, then by id (total)."""
        return (self.name.casefold(), self.id)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


@dataclass(frozen=True, slots=True)
class ActionItem:
    text: str
    owner: str = ME
    done: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "owner": self.owner, "done": self.done}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ActionItem:
        return cls(text=d["text"], owner=d.get("owner", ME), done=bool(d.get("done", False)))


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
    created: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
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

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Interaction:
        return cls(
            id=d["id"],
            contact_id=intern(d["contact_id"]),  # shared by a contact's many interactions
            on=date.fromisoformat(d["date"]),
            kind=intern(d["kind"]),
            summary=_clean(d.get("summary")),
            notes=_clean(d.get("notes")),
            takeaways=tuple(d.get("takeaways") or ()),
            action_items=tuple(ActionItem.from_dict(a) for a in d.get("action_items") or ()),
            duration_minutes=d.get("duration_minutes"),
            created=datetime.fromisoformat(d["created"]) if d.get("created") else None,
        )

    @property
    def order_key(self) -> tuple[date, str, str]:
        """Chronological order: by date, then by when it was logged, then by id (total)."""
        return (self.on, _opt_iso(self.created) or "", self.id)

    @property
    def headline(self) -> str:
        """The summary, else the first line of the notes."""
        if self.summary:
            return self.summary
        return self.notes.strip().splitlines()[0] if self.notes.strip() else ""


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
        return cls(
            id=d["id"],
            contact_id=d["contact_id"],
            due=date.fromisoformat(d["due"]),
            text=_clean(d.get("text")),
            done_on=_opt_date(d.get("done_on")),
            created=datetime.fromisoformat(d["created"]) if d.get("created") else None,
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
        return cls(date.fromisoformat(d["week_start"]), date.fromisoformat(d["reviewed_on"]))


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
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Settings:
        base = cls()
        return cls(
            default_cadence=Cadence.parse(d.get("default_cadence") or str(base.default_cadence)),
            nudge_after_days=int(d.get("nudge_after_days", base.nudge_after_days)),
            thank_you_within_days=int(d.get("thank_you_within_days", base.thank_you_within_days)),
            report_back_within_days=int(
                d.get("report_back_within_days", base.report_back_within_days)
            ),
            weekly_goal=int(d.get("weekly_goal", base.weekly_goal)),
            weekly_outreach_cap=int(d.get("weekly_outreach_cap", base.weekly_outreach_cap)),
            theme=_clean(d.get("theme")),
            my_goal=_clean(d.get("my_goal")),
        )
