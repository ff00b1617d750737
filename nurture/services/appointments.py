"""Booking conversations: the appointment, the stage it moves the contact to, cancelling it."""

from __future__ import annotations

from dataclasses import dataclass, field

from nurture.domain.appointments import BOOKED, HELD, Appointment, check_appointment, link_in, overlapping
from nurture.domain.errors import InputError
from nurture.domain.models import MEETING, VIDEO, Contact, StageChange
from nurture.domain.requests import BookRequest, LogRequest
from nurture.domain.stages import stage_on_booking, stage_on_cancel
from nurture.services.core import Context, Logged


@dataclass(frozen=True)
class Booked:
    """What booking saved: the appointment, the contact (at ``scheduled`` if ``stage_changed``),
    the booked appointments it overlaps (anyone's), the contact's other booked ones, and, for a
    ``held`` booking, the conversation logged."""

    appointment: Appointment
    contact: Contact
    stage_changed: bool
    overlaps: list[Appointment] = field(default_factory=list)
    also_booked: list[Appointment] = field(default_factory=list)
    logged: Logged | None = None


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
        ``scheduled`` as a stage rule (recorded in the stage history)."""
        ctx = self.context
        now = ctx.moment()
        request = request.checked(now)
        with ctx.repo.locked():
            contact = ctx.contact(request.contact_id)
            everyone = ctx.repo.appointments()
            if request.held:
                return self._held(request, contact)
            before = contact.stage
            contact, changed = self.booking_stage(contact)
            appointment = Appointment.new(contact.id, request.start, ctx.now(), minutes=request.minutes,
                                          where=request.where, note=request.note,
                                          stage_before=before if changed else None)  # fmt: skip
            check_appointment(appointment)
            ctx.repo.save(contacts=[contact] if changed else [], appointments=[appointment])
        also = [a for a in everyone if a.contact_id == contact.id and a.booked and a.end > now]
        return Booked(appointment, contact, changed, overlapping(everyone, appointment), also)

    def booking_stage(self, contact: Contact) -> tuple[Contact, bool]:
        """The contact as booking a conversation leaves them: at ``scheduled`` if they were
        before it (the stage history says so), and whether they moved."""
        stage = stage_on_booking(contact.stage)
        if stage == contact.stage:
            return contact, False
        ctx = self.context
        on = ctx.today()
        moved = contact.evolve(stage=stage, stage_history=(*contact.stage_history, StageChange(on, stage)),
                               updated=ctx.now())  # fmt: skip
        return moved, True

    def _held(self, request: BookRequest, contact: Contact) -> Booked:
        """A conversation that took place: logged (moving the stage on as logging does), and its
        appointment kept as held. Call with the lock held."""
        ctx = self.context
        kind = request.kind or (VIDEO if link_in(request.where) else MEETING)
        day = request.start.astimezone(ctx.zone()).date()
        logged = ctx.logged(LogRequest.typed(contact.id, kind, day, summary=request.note,
                                             duration_minutes=request.minutes))  # fmt: skip
        appointment = Appointment.new(contact.id, request.start, ctx.now(), minutes=request.minutes,
                                      where=request.where, note=request.note, status=HELD)  # fmt: skip
        check_appointment(appointment)
        ctx.repo.save(contacts=[logged.contact] if logged.stage_changed else [], interactions=[logged.interaction],
                      appointments=[appointment, *logged.held])  # fmt: skip
        return Booked(appointment, logged.contact, logged.stage_changed, logged=logged)

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
            contact, changed = self.cancel_stage(contact, chosen, still_booked=len(theirs) > 1)
            ctx.repo.save(contacts=[contact] if changed else [], appointments=[cancelled])
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
