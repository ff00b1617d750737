"""The touch-base queue: whom to contact, why, and by when.

A pure function of the stored records, the settings and an as-of date. The rules, in the order
that breaks ties between items due the same day:

1. thank-you   the latest conversation has no thank-you logged on or after its date;
               due ``thank_you_within_days`` after it.
2. nudge       the latest touch is an outreach; due ``nudge_after_days`` after it. One nudge only:
               a nudge that stays unanswered as long makes a not-yet-met contact dormant, and a
               second nudge is refused when it is logged (``check_one_nudge``).
3. follow-up   each explicit follow-up not done; due on its date.
4. report-back a conversation with someone a contact introduced you to; the introducer is due a
               word ``report_back_within_days`` later, cleared by any touch with them since.
5. touch-base  met or nurturing contacts; due at the last touch + cadence. Any touch (every kind
               but ``note``) resets the clock.

Archived contacts never appear; snoozed ones are left out until the snooze date. Dormant contacts
get no automatic items, but a follow-up the user scheduled for them still appears: it is how one
plans to try again later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

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
    REPLY,
    THANK_YOU,
    Contact,
    FollowUp,
    Interaction,
    Settings,
)
from nurture.domain.network import Network

THANK, NUDGE_DUE, FOLLOW_UP, REPORT_BACK, TOUCH_BASE = (
    "thank-you",
    "nudge",
    "follow-up",
    "report-back",
    "touch-base",
)
REASONS: tuple[str, ...] = (THANK, NUDGE_DUE, FOLLOW_UP, REPORT_BACK, TOUCH_BASE)
_REASON_RANK = {reason: rank for rank, reason in enumerate(REASONS)}
_KEEPING_IN_TOUCH = frozenset({MET, NURTURING})


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
    #: follow-up, the introduced contact to report on, or the last touch.
    ref: str = ""

    @property
    def sort_key(self) -> tuple:
        return (
            self.due,
            _REASON_RANK[self.reason],
            self.name.casefold(),
            self.name,
            self.contact_id,
            self.ref,
        )

    def to_dict(self) -> dict:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "reason": self.reason,
            "due": self.due.isoformat(),
            "days_overdue": self.days_overdue,
            "detail": self.detail,
        }


def build_queue(
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction],
    followups: Iterable[FollowUp],
    settings: Settings,
    as_of: date,
    within: int = 0,
) -> list[QueueItem]:
    """Items due on or before ``as_of`` + ``within`` days, in queue order."""
    return queue_of(Network.of(contacts, interactions, followups, settings), as_of, within)


def queue_of(network: Network, as_of: date, within: int = 0) -> list[QueueItem]:
    horizon = add_days(as_of, within)
    items = [
        item
        for contact in network.contacts.values()
        if network.is_visible(contact, as_of)
        for item in items_for(network, contact, as_of)
        if item.due <= horizon
    ]
    items.sort(key=lambda item: item.sort_key)
    return items


def items_for(network: Network, contact: Contact, as_of: date) -> list[QueueItem]:
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
    conversation = _latest(touches, CONVERSATIONS)
    if conversation is not None and not any(i.kind == THANK_YOU and i.on >= conversation.on for i in touches):
        due = add_days(conversation.on, s.thank_you_within_days)
        detail = f"thank them for the {conversation.kind} on {_month_day(conversation.on)}"
        out.append(QueueItem(cid, name, THANK, due, (as_of - due).days, detail, conversation.id))
    last = touches[-1] if touches else None
    if last is not None and last.kind == OUTREACH:
        due = add_days(last.on, s.nudge_after_days)
        detail = f"no reply to your request of {_month_day(last.on)}: one polite nudge"
        out.append(QueueItem(cid, name, NUDGE_DUE, due, (as_of - due).days, detail, last.id))
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


#: What starts a new round of asking: a new request, or their answer (a reply, a conversation).
#: Anything else you send in between (an email, an update) is still no answer.
_NEW_ROUND = frozenset({OUTREACH, REPLY}) | CONVERSATIONS


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
