"""Booking conversations: the appointment, the stage it moves the contact to, cancelling it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC

from nurture.domain.appointments import (
    BOOKED,
    HELD,
    Appointment,
    check_appointment,
    link_in,
    overlapping,
    when_text,
    zone_name,
)
from nurture.domain.dates import spoken
from nurture.domain.errors import InputError
from nurture.domain.models import MEETING, VIDEO, Contact, StageChange
from nurture.domain.requests import BookRequest, LogRequest
from nurture.domain.stages import stage_on_booking, stage_on_cancel
from nurture.services.core import Context, Logged


@dataclass(frozen=True)
class Booked:
    """What booking saved: the appointment, the contact (at ``scheduled`` if ``stage_changed``),
    the booked appointments of others it overlaps, the contact's other booked ones (soonest
    first), and, for a ``held`` booking, the conversation logged."""

    appointment: Appointment
    contact: Contact
    stage_changed: bool
    overlaps: list[Appointment] = field(default_factory=list)
    also_booked: list[Appointment] = field(default_factory=list)
    #: How the contact was hidden before booking brought them back ("archived", "snoozed until …"), or "".
    woke: str = ""
    logged: Logged | None = None


@dataclass(frozen=True)
class Moved:
    """What changing a booked appointment saved: it as it is now, and when it was before."""

    appointment: Appointment
    before: Appointment
    overlaps: list[Appointment] = field(default_factory=list)


@dataclass(frozen=True)
class Cancelled:
    """What cancelling saved: the appointment, and the contact (back at the stage before the
    booking if ``stage_changed``)."""

    appointment: Appointment
    contact: Contact
    stage_changed: bool


class Appointments:
    def __init__(self, context: Context) -> None:
        self.context = context

    def book(self, request: BookRequest) -> Booked:
        """Book a conversation (or record one that took place: ``held``), moving the contact to
        ``scheduled`` as a stage rule (recorded in the stage history). A contact snoozed or
        archived comes back: a booked conversation is never hidden."""
        ctx = self.context
        now = ctx.moment()
        request = request.checked(now)
        with ctx.repo.locked():
            original = ctx.contact(request.contact_id)
            everyone = ctx.repo.appointments()
            if request.held:
                return self._held(request, original)
            start = request.start.astimezone(UTC)
            for a in everyone:
                if a.contact_id == original.id and a.booked and a.start == start:
                    raise InputError(
                        f"{original.name} already has this conversation booked "
                        f"({when_text(a, ctx.zone(), ctx.today())}); nothing was added"
                    )
            contact, changed = self.booking_stage(original)
            appointment = Appointment.new(contact.id, request.start, ctx.now(), minutes=request.minutes,
                                          where=request.where, note=request.note,
                                          stage_before=original.stage if changed else None)  # fmt: skip
            check_appointment(appointment)
            ctx.repo.save(contacts=[contact] if contact is not original else [], appointments=[appointment])
        also = [a for a in everyone if a.contact_id == contact.id and a.booked and a.end > now]
        others = [a for a in overlapping(everyone, appointment) if a.contact_id != contact.id]
        return Booked(appointment, contact, changed, others, sorted(also, key=lambda a: a.start), woke(original))

    def booking_stage(self, contact: Contact) -> tuple[Contact, bool]:
        """The contact as booking a conversation leaves them: at ``scheduled`` if they were
        before it (the stage history says so), no longer snoozed or archived; and whether the
        stage moved. The contact comes back as given when nothing changes."""
        stage = stage_on_booking(contact.stage)
        ctx = self.context
        wake = {"snoozed_until": None, "archived": False} if woke(contact) else {}
        if stage == contact.stage:
            return (contact.evolve(**wake, updated=ctx.now()) if wake else contact), False
        history = (*contact.stage_history, StageChange(ctx.today(), stage))
        return contact.evolve(stage=stage, stage_history=history, updated=ctx.now(), **wake), True

    def _held(self, request: BookRequest, contact: Contact) -> Booked:
        """A conversation that took place: logged (moving the stage on as logging does), and its
        appointment kept as held. Call with the lock held."""
        ctx = self.context
        kind = request.kind or (VIDEO if link_in(request.where) else MEETING)
        day = request.start.astimezone(ctx.zone()).date()
        logged = ctx.logged(LogRequest.typed(contact.id, kind, day, summary=request.note,
                                             duration_minutes=request.minutes))  # fmt: skip
        same = [a for a in logged.held if a.start < request.end and request.start < a.end]
        if same:  # it was booked: that appointment is the one held, not a second
            appointment, made = same[0], []
        else:
            appointment = Appointment.new(contact.id, request.start, ctx.now(), minutes=request.minutes,
                                          where=request.where, note=request.note, status=HELD)  # fmt: skip
            check_appointment(appointment)
            made = [appointment]
        ctx.repo.save(contacts=[logged.contact] if logged.stage_changed else [], interactions=[logged.interaction],
                      appointments=[*made, *logged.held])  # fmt: skip
        return Booked(appointment, logged.contact, logged.stage_changed, logged=logged)

    def move(self, appointment_id: str, request: BookRequest) -> Moved:
        """Change a booked appointment: its time, length, place and note as ``request`` has them
        (a calendar that imported it follows: its SEQUENCE goes up when the time, length or place
        changes). The contact's stage is left as it is."""
        ctx = self.context
        now = ctx.moment()
        request = request.checked(now)
        if request.held:
            raise InputError("a conversation that took place is logged, not moved")
        with ctx.repo.locked():
            everyone = ctx.repo.appointments()
            before = next((a for a in everyone if a.id == appointment_id and a.booked), None)
            if before is None:
                raise InputError("that appointment is no longer booked (cancelled or logged elsewhere?)")
            start = request.start.astimezone(UTC)
            seen = (before.start, before.minutes, before.where)
            changed = (start, request.minutes, request.where) != seen
            moved = before.evolve(ctx.now(), start=start, zone=zone_name(request.start.tzinfo),
                                  minutes=request.minutes, where=request.where, note=request.note,
                                  sequence=before.sequence + 1 if changed else before.sequence)  # fmt: skip
            check_appointment(moved)
            ctx.repo.save(appointments=[moved])
        others = [a for a in overlapping(everyone, moved) if a.contact_id != moved.contact_id]
        return Moved(moved, before, others)

    def cancel(self, contact_id: str, appointment_id: str | None = None) -> Cancelled:
        """Cancel one booked appointment (``appointment_id``, else the contact's next one): a
        calendar that imported it removes it, and the contact goes back to the stage they were
        at before it was booked, if nothing else is booked with them."""
        ctx = self.context
        with ctx.repo.locked():
            contact = ctx.contact(contact_id)
            theirs = [a for a in ctx.repo.appointments() if a.contact_id == contact_id and a.booked]
            theirs.sort(key=lambda a: (a.start, a.id))
            if appointment_id is not None:
                theirs = [a for a in theirs if a.id == appointment_id] + [a for a in theirs if a.id != appointment_id]
                if not theirs or theirs[0].id != appointment_id:
                    raise InputError("that appointment is no longer booked (cancelled or logged elsewhere?)")
            if not theirs:
                raise InputError(f"nothing is booked with {contact.name}")
            now = ctx.moment()
            ahead = [a for a in theirs if a.end > now]
            chosen = theirs[0] if appointment_id is not None else (ahead or theirs)[0]
            cancelled = chosen.cancelled(ctx.now())
            rest = [a for a in theirs if a.id != chosen.id]
            contact, changed = self.cancel_stage(contact, chosen, still_booked=bool(rest))
            ctx.repo.save(contacts=[contact] if changed else [], appointments=[cancelled, *hand_on(chosen, rest, ctx)])
        return Cancelled(cancelled, contact, changed)

    def cancel_stage(self, contact: Contact, appointment: Appointment, still_booked: bool) -> tuple[Contact, bool]:
        """The contact as cancelling ``appointment`` leaves them (``stage_on_cancel``)."""
        stage = stage_on_cancel(contact.stage, appointment.stage_before, still_booked)
        if stage == contact.stage:
            return contact, False
        ctx = self.context
        moved = contact.evolve(stage=stage, stage_history=(*contact.stage_history, StageChange(ctx.today(), stage)),
                               updated=ctx.now())  # fmt: skip
        return moved, True

    def appointments(self, every: bool = False) -> list[Appointment]:
        """The booked appointments, soonest first (those that ended wait to be logged); ``every``:
        cancelled and held ones too."""
        found = [a for a in self.context.repo.appointments() if every or a.status == BOOKED]
        return sorted(found, key=lambda a: (a.start, a.id))


def woke(contact: Contact) -> str:
    """How a contact is hidden from the queue ("archived", "snoozed until Fri 4 Dec 2026"), or ""."""
    if contact.archived:
        return "archived"
    if contact.snoozed_until is not None:
        return f"snoozed until {spoken(contact.snoozed_until)}"
    return ""


def hand_on(cancelled: Appointment, rest: list[Appointment], ctx: Context) -> list[Appointment]:
    """The stage to go back to travels with the bookings: cancelling the one that moved the
    contact while another is still booked gives it to the next (so cancelling that one, last,
    moves them back)."""
    if cancelled.stage_before is None or not rest or any(a.stage_before is not None for a in rest):
        return []
    return [rest[0].evolve(ctx.now(), stage_before=cancelled.stage_before)]
