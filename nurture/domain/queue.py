"""The touch-base queue: whom to contact, why, and by when.

A pure function of the stored records, the settings, an as-of date and the moment it is now
(aware, in the user's zone: appointments are at a time of day). The rules, in the order that
breaks ties between items due the same day (a day's meetings by their time, then by name):

1. meeting     a booked appointment, on its day (in the user's zone), until it ends; the item
               carries its start, so a row can say how long until it begins.
2. log-meeting a booked appointment that has ended, until a conversation with that person is
               logged for it: dated a later day, or its day and logged once it had started
               ("how did it go?"); logging one marks it held.
3. thank-you   the latest conversation has no thank-you logged on or after its date;
               due ``thank_you_within_days`` after it.
4. prepare     a booked appointment that has not started, with fewer than 5 questions prepared
               for the person (question prep); due the day before it (or the day it was booked,
               for one booked that day or the day before).
5. nudge       the latest outreach has no answer since (no reply, no conversation: an email,
               a message or an update the user sent meanwhile is no answer) and nothing is
               booked with them; due ``nudge_after_days`` after the outreach (not after the
               user's later messages: the request is what waits). One nudge only: once it is
               sent the item goes, a nudge that stays unanswered as long makes a not-yet-met
               contact with nothing booked dormant, and a second nudge is refused when it is
               logged (``check_one_nudge``).
6. follow-up   each explicit follow-up not done; due on its date.
7. report-back a conversation with someone a contact introduced you to; the introducer is due a
               word ``report_back_within_days`` later, cleared by any touch with them since.
8. touch-base  met or nurturing contacts; due at the last touch + cadence. Any touch (every kind
               but ``note``) resets the clock.

Archived contacts never appear; snoozed ones are left out until the snooze date. Dormant contacts
get no automatic items, but a follow-up the user scheduled for them still appears: it is how one
plans to try again later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import NamedTuple

from nurture.domain.appointments import Appointment, when_text, where_label
from nurture.domain.dates import add_days, spoken
from nurture.domain.errors import InputError
from nurture.domain.log import Entry
from nurture.domain.models import (
    CONVERSATIONS,
    DORMANT,
    MET,
    NUDGE,
    NURTURING,
    OUTREACH,
    THANK_YOU,
    Contact,
    FollowUp,
    Interaction,
    Settings,
)
from nurture.domain.network import ANSWERS, Network, open_request
from nurture.domain.questions import AIM

MEETING_DUE, LOG_MEETING, THANK, PREPARE, NUDGE_DUE, FOLLOW_UP, REPORT_BACK, TOUCH_BASE = (
    "meeting",
    "log-meeting",
    "thank-you",
    "prepare",
    "nudge",
    "follow-up",
    "report-back",
    "touch-base",
)
REASONS: tuple[str, ...] = (MEETING_DUE, LOG_MEETING, THANK, PREPARE, NUDGE_DUE, FOLLOW_UP, REPORT_BACK, TOUCH_BASE)
#: The reasons that are about an appointment (``ref`` is its id, ``at`` its start).
APPOINTMENT_REASONS = frozenset({MEETING_DUE, LOG_MEETING, PREPARE})
_REASON_RANK = {reason: rank for rank, reason in enumerate(REASONS)}
_KEEPING_IN_TOUCH = frozenset({MET, NURTURING})
_NO_TIME = datetime.min.replace(tzinfo=UTC)


class QueueItem(NamedTuple):
    """One thing to do for one person. A named tuple: every refresh makes one per open item,
    ten thousand and more at scale."""

    contact_id: str
    name: str
    reason: str
    due: date
    days_overdue: int
    detail: str
    #: What the item is about: the conversation to thank for, the outreach to nudge, the
    #: follow-up, the introduced contact to report on, the last touch, or the appointment.
    ref: str = ""
    #: The appointment's start (aware, UTC) for the reasons about one.
    at: datetime | None = None

    @property
    def sort_key(self) -> tuple:
        return (
            self.due,
            _REASON_RANK[self.reason],
            self.at or _NO_TIME,  # a day's meetings by their time
            self.name.casefold(),
            self.name,
            self.contact_id,
            self.ref,
        )

    def to_dict(self) -> dict:
        d = {
            "contact_id": self.contact_id,
            "name": self.name,
            "reason": self.reason,
            "due": self.due.isoformat(),
            "days_overdue": self.days_overdue,
            "detail": self.detail,
        }
        if self.at is not None:
            d["at"] = self.at.isoformat()
        return d


def build_queue(
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction],
    followups: Iterable[FollowUp],
    settings: Settings,
    as_of: date,
    within: int = 0,
    now: datetime | None = None,
) -> list[QueueItem]:
    """Items due on or before ``as_of`` + ``within`` days, in queue order."""
    return queue_of(Network.of(contacts, interactions, followups, settings), as_of, within, now)


def queue_of(network: Network, as_of: date, within: int = 0, now: datetime | None = None) -> list[QueueItem]:
    """``now``: the moment, aware, in the user's zone (``moment_of`` when not given)."""
    horizon = add_days(as_of, within)
    now = moment_of(as_of, now)
    items = [
        item
        for contact in network.contacts.values()
        if network.is_visible(contact, as_of)
        for item in items_for(network, contact, as_of, now)
        if item.due <= horizon
    ]
    items.sort(key=lambda item: item.sort_key)
    return items


def moment_of(as_of: date, now: datetime | None) -> datetime:
    """``now`` if given (a naive one is taken as UTC); else the start of ``as_of`` in UTC: what
    the appointment rules see when no moment is given (a plan for a day, not a time)."""
    if now is None:
        return datetime.combine(as_of, time.min, tzinfo=UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def items_for(network: Network, contact: Contact, as_of: date, now: datetime | None = None) -> list[QueueItem]:
    """Every open item for one contact, whatever its due date (visibility is not checked).
    Runs for every contact on every refresh: written to do each thing once."""
    s = network.settings
    cid, name = contact.id, contact.name
    followups = network.open_followups.get(cid, ())
    stage = network.stage(contact, as_of)
    if stage == DORMANT:
        return [QueueItem(cid, name, FOLLOW_UP, f.due, (as_of - f.due).days, f.text, f.id) for f in followups]
    out: list[QueueItem] = []
    touches = network.touches(cid)
    booked = network.booked.get(cid)
    if booked:
        out.extend(_appointment_items(network, contact, touches, booked, as_of, moment_of(as_of, now)))
    conversation = _latest(touches, CONVERSATIONS)
    if conversation is not None and not any(i.kind == THANK_YOU and i.on >= conversation.on for i in touches):
        due = add_days(conversation.on, s.thank_you_within_days)
        detail = f"thank them for the {conversation.kind} on {_month_day(conversation.on)}"
        out.append(QueueItem(cid, name, THANK, due, (as_of - due).days, detail, conversation.id))
    last = touches[-1] if touches else None
    request = open_request(touches) if not booked else None  # booked: they answered
    if request is not None and request.nudge is None:
        asked = request.outreach
        due = add_days(asked.on, s.nudge_after_days)
        detail = f"no reply to your request of {_month_day(asked.on)}: one polite nudge"
        out.append(QueueItem(cid, name, NUDGE_DUE, due, (as_of - due).days, detail, asked.id))
    for f in followups:
        out.append(QueueItem(cid, name, FOLLOW_UP, f.due, (as_of - f.due).days, f.text, f.id))
    last_on = last.on if last else None
    for referred in network.referrals.get(cid, ()):
        met = _latest(network.touches(referred.id), CONVERSATIONS)
        if met is not None and (last_on is None or last_on < met.on):
            due = add_days(met.on, s.report_back_within_days)
            detail = f"thank them for introducing {referred.name}; tell them how it went"
            out.append(QueueItem(cid, name, REPORT_BACK, due, (as_of - due).days, detail, referred.id))
    if stage in _KEEPING_IN_TOUCH:
        base = last_on or (contact.created.date() if contact.created else as_of)
        cadence = network.cadence(contact)
        due = cadence.after(base)
        detail = f"{cadence.describe()}; last contact {_month_day_year(base)}"
        out.append(QueueItem(cid, name, TOUCH_BASE, due, (as_of - due).days, detail, last.id if last else ""))
    return out


def _appointment_items(
    network: Network, contact: Contact, touches: list[Entry], booked: list[Appointment], as_of: date, now: datetime
) -> list[QueueItem]:
    """The meeting, prepare and log-meeting items of a contact's booked appointments."""
    cid, name, zone = contact.id, contact.name, now.tzinfo
    assert zone is not None
    out: list[QueueItem] = []
    prepared = network.prepared.get(cid, 0)
    to_prepare = True
    for a in booked:
        day = a.day(zone)
        when = when_text(a, zone, as_of)
        if now < a.end:
            place = where_label(a.where)
            detail = f"{when} · {place} · {a.minutes} min" if place else f"{when} · {a.minutes} min"
            out.append(QueueItem(cid, name, MEETING_DUE, day, (as_of - day).days, detail, a.id, a.start))
            if to_prepare and now < a.start and prepared < AIM[0]:
                # the day before; the day it was booked, if that is later (booked for today)
                booked_on = a.created.date() if a.created is not None else day
                due = min(max(add_days(day, -1), booked_on), day)
                detail = f"meeting {when}: {prepared} of {AIM[0]} questions prepared; prepare {AIM[0]}–{AIM[1]} (Q)"
                out.append(QueueItem(cid, name, PREPARE, due, (as_of - due).days, detail, a.id, a.start))
            to_prepare = False  # the soonest one is the one to prepare for
        elif not _logged_since(touches, day, a.start.astimezone(zone).replace(tzinfo=None).isoformat()):
            due = a.end.astimezone(zone).date()
            detail = f"how did it go? {when}, {a.minutes} min: log the conversation"
            out.append(QueueItem(cid, name, LOG_MEETING, due, (as_of - due).days, detail, a.id, a.start))
    return out


def _logged_since(touches: list[Entry], day: date, start: str) -> bool:
    """Whether a conversation was logged for after an appointment on ``day`` that started at
    ``start`` (local ISO): dated a later day, or that day and logged once it had started (one
    logged that morning, before it, was another talk); one logged at an unknown time counts."""
    return any(
        e.kind in CONVERSATIONS and (e.on > day or (e.on == day and (not e.created or e.created >= start)))
        for e in touches
    )


#: What starts a new round of asking: a new request, or their answer (a reply, a conversation).
#: Anything else you send in between (an email, an update) is still no answer.
_NEW_ROUND = frozenset({OUTREACH}) | ANSWERS


def earlier_nudge(touches: Sequence[Entry], on: date) -> Entry | None:
    """The nudge already sent in the round a nudge dated ``on`` would belong to, if any.

    A round runs from a new request or an answer to the next one (``_NEW_ROUND``); the method
    allows one nudge per round. A nudge dated ``on`` goes after every touch of that day or
    before (it is logged last), so a backdated one is held to the round of its date, and a
    nudge already logged later in that same round counts too. ``touches``: oldest first."""
    found: Entry | None = None
    for entry in touches:
        if entry.on > on and entry.kind in _NEW_ROUND:
            break  # the next round starts after ``on``
        if entry.kind in _NEW_ROUND:
            found = None
        elif entry.kind == NUDGE and found is None:
            found = entry
    return found


def check_one_nudge(touches: Sequence[Entry], on: date) -> None:
    """Refuse a second nudge (``earlier_nudge``), naming the day of the one sent."""
    sent = earlier_nudge(touches, on)
    if sent is not None:
        raise InputError(
            f"you already nudged them on {spoken(sent.on)}: the method is one polite nudge, "
            "never more (log their reply first if they answered)"
        )


@lru_cache(maxsize=4096)
def _month_day(day: date) -> str:
    return f"{day:%b %d}"  # a few hundred distinct days format ten thousand items


@lru_cache(maxsize=4096)
def _month_day_year(day: date) -> str:
    return f"{day:%b %d %Y}"


def _latest(touches: list[Entry], kinds: frozenset[str]) -> Entry | None:
    for i in reversed(touches):
        if i.kind in kinds:
            return i
    return None
