"""A read-only view of everything stored, indexed once so every question is answered in time
linear in contacts + interactions (no per-contact scans of all interactions).

Interactions come through a :class:`~nurture.domain.log.Log`: the queue and the contact list
use only their entries (date and kind); a contact's timeline, or every full record for the
review and the exports, is read when first asked for."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

from nurture.domain.appointments import Appointment
from nurture.domain.dates import Cadence, add_days
from nurture.domain.log import BY_ORDER, Entry, Log, MemoryLog
from nurture.domain.models import (
    CONVERSATIONS,
    DORMANT,
    NUDGE,
    OUTREACH,
    PROSPECT,
    REPLY,
    REQUESTED,
    SCHEDULED,
    TOUCHES,
    Contact,
    FollowUp,
    Interaction,
    Review,
    Settings,
)

_BEFORE_MEETING = frozenset({PROSPECT, REQUESTED, SCHEDULED})
#: How many people's timelines a network keeps once read.
TIMELINES_KEPT = 200
_TIMELINES_LOCK = threading.Lock()


class OpenRequest(NamedTuple):
    """The latest outreach no answer has followed yet, and the nudge sent for it (or None)."""

    outreach: Entry
    nudge: Entry | None


#: What answers a request: their reply, or a conversation with them. Anything else sent in
#: between (an email, a message, an update) is still no answer.
ANSWERS: frozenset[str] = frozenset({REPLY}) | CONVERSATIONS


def open_request(touches: Sequence[Entry]) -> OpenRequest | None:
    """The request still waiting for an answer in ``touches`` (oldest first): the latest
    outreach with no reply and no conversation since, whatever else the user sent since; with
    the nudge sent for it, if one was. None when the latest outreach was answered, or there is
    none."""
    nudge: Entry | None = None
    for entry in reversed(touches):
        if entry.kind in ANSWERS:
            return None
        if entry.kind == NUDGE:
            nudge = entry  # the earliest of the round (one nudge only, but an import may hold two)
        elif entry.kind == OUTREACH:
            return OpenRequest(entry, nudge)
    return None


@dataclass(frozen=True)
class Network:
    contacts: dict[str, Contact]
    log: Log = field(default_factory=MemoryLog)
    followups: tuple[FollowUp, ...] = ()
    settings: Settings = field(default_factory=Settings)
    reviews: tuple[Review, ...] = ()
    #: Every appointment, booked, cancelled and held.
    appointments: tuple[Appointment, ...] = ()
    #: How many questions are prepared for each contact (question prep), by contact id.
    prepared: Mapping[str, int] = field(default_factory=dict)
    _timelines: dict[str, list[Interaction]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def of(
        cls,
        contacts: Iterable[Contact],
        interactions: Iterable[Interaction] = (),
        followups: Iterable[FollowUp] = (),
        settings: Settings | None = None,
        reviews: Iterable[Review] = (),
        appointments: Iterable[Appointment] = (),
        prepared: Mapping[str, int] | None = None,
    ) -> Network:
        return cls(
            {c.id: c for c in contacts},
            MemoryLog(interactions),
            tuple(followups),
            settings or Settings(),
            tuple(reviews),
            tuple(appointments),
            dict(prepared or {}),
        )

    # --- indices, built on first use -----------------------------------------------------

    @cached_property
    def interactions(self) -> tuple[Interaction, ...]:
        """Every full record (reads every note: for the review and the exports)."""
        return tuple(self.log.all())

    @cached_property
    def _touches(self) -> dict[str, list[Entry]]:
        """Per contact, the entries that were contact with the person, oldest first. Grouped
        first, then each short list sorted: far fewer comparisons than one big sort."""
        by_contact: dict[str, list[Entry]] = defaultdict(list)
        for e in self.log.entries():
            if e.kind in TOUCHES:
                by_contact[e.contact_id].append(e)
        for items in by_contact.values():
            if len(items) > 1:
                items.sort(key=BY_ORDER)
        return dict(by_contact)

    @cached_property
    def referrals(self) -> dict[str, list[Contact]]:
        """Contacts each contact introduced you to, by name."""
        out: dict[str, list[Contact]] = defaultdict(list)
        for c in self.contacts.values():
            if c.referred_by:
                out[c.referred_by].append(c)
        for items in out.values():
            items.sort(key=lambda c: c.order_key)
        return dict(out)

    @cached_property
    def open_followups(self) -> dict[str, list[FollowUp]]:
        out: dict[str, list[FollowUp]] = defaultdict(list)
        for f in self.followups:
            if f.done_on is None:
                out[f.contact_id].append(f)
        return dict(out)

    @cached_property
    def booked(self) -> dict[str, list[Appointment]]:
        """Each contact's booked appointments, soonest first."""
        out: dict[str, list[Appointment]] = defaultdict(list)
        for a in self.appointments:
            if a.booked:
                out[a.contact_id].append(a)
        for items in out.values():
            items.sort(key=lambda a: (a.start, a.id))
        return dict(out)

    def appointments_of(self, contact_id: str) -> list[Appointment]:
        """Every appointment with one contact (booked, cancelled, held), by start."""
        return sorted((a for a in self.appointments if a.contact_id == contact_id), key=lambda a: (a.start, a.id))

    @property
    def last_review(self) -> Review | None:
        return max(self.reviews, key=lambda r: (r.reviewed_on, r.week_start), default=None)

    # --- per-contact questions -----------------------------------------------------------

    def timeline(self, contact_id: str) -> list[Interaction]:
        """One contact's full records, oldest first (read on first use; the last
        ``TIMELINES_KEPT`` people's are kept, so browsing everyone never holds every note)."""
        found = self._timelines.get(contact_id)
        if found is None:
            found = sorted(self.log.of(contact_id), key=lambda i: i.order_key)
            self.keep_timeline(contact_id, found)
        return found

    def known_timeline(self, contact_id: str) -> list[Interaction] | None:
        """The timeline if it was read already (nothing is read), else None."""
        return self._timelines.get(contact_id)

    def keep_timeline(self, contact_id: str, found: list[Interaction]) -> None:
        """Keep a timeline read with the network's data (the oldest kept one goes first)."""
        with _TIMELINES_LOCK:  # read in worker threads, looked up on the UI thread
            timelines = self._timelines
            timelines.pop(contact_id, None)
            timelines[contact_id] = found
            while len(timelines) > TIMELINES_KEPT:
                del timelines[next(iter(timelines))]

    def touches(self, contact_id: str) -> list[Entry]:
        """Interactions that were contact with the person (everything but notes), oldest first."""
        return self._touches.get(contact_id, [])

    def last_touch(self, contact_id: str) -> Entry | None:
        touches = self.touches(contact_id)
        return touches[-1] if touches else None

    def last_contact(self, contact_id: str) -> date | None:
        last = self.last_touch(contact_id)
        return last.on if last else None

    def stage(self, contact: Contact, as_of: date) -> str:
        """The stored stage, except that a contact who never answered the one nudge within
        ``nudge_after_days`` is dormant, unless the user set the stage by hand since then (they
        answered some other way) or a conversation with them is booked."""
        if contact.stage in _BEFORE_MEETING and contact.id not in self.booked:
            request = open_request(self.touches(contact.id))
            if request is not None and request.nudge is not None:
                quiet_from = add_days(request.nudge.on, self.settings.nudge_after_days)
                history = contact.stage_history
                set_since = history and history[-1].manual and history[-1].on >= quiet_from
                if as_of >= quiet_from and not set_since:
                    return DORMANT
        return contact.stage

    def cadence(self, contact: Contact) -> Cadence:
        return contact.cadence or self.settings.default_cadence

    def is_visible(self, contact: Contact, as_of: date) -> bool:
        """Whether the contact may appear in the queue on ``as_of`` (not archived or snoozed)."""
        if contact.archived:
            return False
        return contact.snoozed_until is None or as_of >= contact.snoozed_until
