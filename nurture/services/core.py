"""What every service works on: the repository, today and now, and the few steps several of
them take (finding a contact, building a new one, logging an interaction, closing a follow-up).

Every service validates first, then does its read-modify-write under the store's lock on a
fresh read, so a change made by another process in the meantime is never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo

from nurture.domain import limits
from nurture.domain.appointments import Appointment, parse_moment
from nurture.domain.dates import FUTURE, PAST, parse_date
from nurture.domain.errors import InputError
from nurture.domain.models import (
    CONVERSATIONS,
    NUDGE,
    ActionItem,
    Contact,
    FollowUp,
    Interaction,
    Settings,
    StageChange,
    new_id,
)
from nurture.domain.network import Network
from nurture.domain.queue import check_one_nudge
from nurture.domain.requests import ContactRequest, LogRequest
from nurture.domain.stages import stage_after
from nurture.domain.text import fold
from nurture.store import Repository


@dataclass(frozen=True)
class Logged:
    """What logging an interaction saves: the interaction, the contact (at its new stage if
    ``stage_changed``), and the booked appointments this conversation was (now held)."""

    interaction: Interaction
    contact: Contact
    stage_changed: bool
    held: tuple[Appointment, ...] = ()


class Context:
    """The repository and the clocks the services share. ``today``, ``now`` and the user's
    time ``zone`` are injected (nothing below the entry point reads the clock); ``now`` gives
    the wall time in that zone (naive, as ``datetime.now``: what records are stamped with);
    ``date_order``: how slashed dates read when the settings do not say (the locale's way,
    found by the entry point)."""

    def __init__(
        self,
        repo: Repository,
        today: Callable[[], date],
        now: Callable[[], datetime] = datetime.now,
        date_order: str = "",
        zone: Callable[[], tzinfo] = lambda: UTC,
    ) -> None:
        self.repo = repo
        self.today = today
        self.now = now
        self.zone = zone
        self.locale_date_order = date_order

    def moment(self) -> datetime:
        """Now, aware, in the user's zone: what appointments are compared with."""
        now, zone = self.now(), self.zone()
        return now.replace(tzinfo=zone) if now.tzinfo is None else now.astimezone(zone)

    # --- reading --------------------------------------------------------------------------

    def network(self) -> Network:
        return self.repo.load()

    def network_around(self, contact_id: str) -> Network:
        """The network as far as one contact's queue items need it (``Repository.load_around``)."""
        return self.repo.load_around([contact_id])

    def settings(self) -> Settings:
        return self.repo.settings()

    def date_order(self) -> str:
        """How a slashed date reads: the setting, else the locale's way, else month first ("")."""
        return self.settings().date_order or self.locale_date_order

    def read_date(self, text: str, prefer: str = PAST) -> date:
        """A date as the user typed it, read with today and their date order."""
        return parse_date(text, self.today(), prefer, self.date_order())

    def read_moment(self, text: str, prefer: str = FUTURE) -> datetime:
        """A day and a time as the user typed them, in their zone, read with today and their
        date order (``parse_moment``; ``prefer`` PAST for one that took place)."""
        return parse_moment(text, self.today(), self.zone(), self.date_order(), prefer)

    def namesakes(self, name: str) -> list[Contact]:
        """The contacts whose name is ``name``, case ignored (all ``check_unique_name`` looks
        at), decoding no other."""
        folded = name.casefold()
        return self.repo.contacts_where(lambda _, stored: not isinstance(stored, str) or stored.casefold() == folded)

    def candidates(self, query: str) -> list[Contact]:
        """Every contact ``resolve`` could answer ``query`` with, or name in its message: one
        whose id is the query or starts with it, or whose name (folded) holds the query
        (folded). Each of its tests (the id, the exact name, a prefix of the name or of a word,
        the near misses) chooses among these, so it answers over them as over everyone, and
        the others are never decoded."""
        q = fold(" ".join((query or "").split()))
        if not q:
            return []  # resolve says that no name was given
        exact = (query or "").strip()

        def could_be(cid: str, stored: object) -> bool:
            if cid == exact or (len(q) >= 8 and cid.startswith(q)):
                return True
            return not isinstance(stored, str) or q in fold(stored)  # (a damaged one: decoding it says so)

        return self.repo.contacts_where(could_be)

    def contact(self, contact_id: str) -> Contact:
        contact = self.repo.contact(contact_id)
        if contact is None:
            raise InputError("that contact no longer exists (was it removed elsewhere?)")
        return contact

    # --- building what is saved -------------------------------------------------------------

    def new_contact(self, request: ContactRequest) -> Contact:
        """A new contact from the request, every field checked (not saved)."""
        request = request.checked()
        contact = Contact.new(
            request.name,
            self.today(),
            self.now(),
            stage=request.stage,
            emails=(request.email, *request.other_emails),
            phones=(request.phone, *request.other_phones),
            linkedin=request.linkedin,
            tags=request.tags,
            cadence=request.cadence,
            referred_by=request.referred_by or None,
            role=request.role,
            company=request.company,
            industry=request.industry or "",
            location=request.location or "",
            how_met=request.how_met,
            notes=request.notes or "",
        )
        limits.check_contact(contact)
        return contact

    def logged(self, request: LogRequest) -> Logged:
        """The interaction and the contact as logging them would save them, the stage moved on
        (prospect → requested on outreach, → met on a conversation, met → nurturing on a
        thank-you). Call with the lock held."""
        request = request.checked(self.today())
        on = request.on or self.today()
        actions = tuple(ActionItem(t, "me") for t in request.todos) + tuple(
            ActionItem(t, "them") for t in request.their_todos
        )
        interaction = Interaction(
            id=new_id(),
            contact_id=request.contact_id,
            on=on,
            kind=request.kind,
            summary=request.summary,
            notes=request.notes,
            takeaways=request.takeaways,
            action_items=actions,
            duration_minutes=request.duration_minutes,
            created=self.now(),
        )
        limits.check_interaction(interaction)
        contact = self.contact(request.contact_id)
        if request.kind == NUDGE:  # one nudge, never more: held here, so every way of logging obeys it
            check_one_nudge(self.repo.load_around([request.contact_id]).touches(request.contact_id), on)
        stage = stage_after(contact.stage, request.kind)
        changed = stage != contact.stage
        if changed:
            contact = contact.evolve(
                stage=stage,
                stage_history=(*contact.stage_history, StageChange(on, stage)),
                updated=self.now(),
            )
        return Logged(interaction, contact, changed, self.held_by(request.contact_id, request.kind, on))

    def held_by(self, contact_id: str, kind: str, on: date) -> tuple[Appointment, ...]:
        """The booked appointments with this contact that a conversation on ``on`` was: each
        that has started, on that day or before (in the user's zone), marked held. (One that has
        not started is still ahead: a call that morning to confirm it is not it.)"""
        if kind not in CONVERSATIONS:
            return ()
        now, zone = self.moment(), self.zone()
        return tuple(
            a.held(self.now())
            for a in self.repo.appointments()
            if a.contact_id == contact_id and a.booked and a.start <= now and a.day(zone) <= on
        )

    def completed(self, followup_id: str, on: date) -> FollowUp:
        """The follow-up, marked done on ``on``. Call with the lock held."""
        current = self.repo.followup(followup_id)
        if current is None:
            raise InputError("that follow-up no longer exists")
        return replace(current, done_on=on)
