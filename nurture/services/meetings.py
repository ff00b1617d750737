"""Meeting mode: the draft autosaved while the user talks, and ending the meeting. A meeting
started with someone booked today is that appointment: its length is the countdown's, its day
the day the conversation is logged on, and ending it marks it held."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from nurture.domain.appointments import Appointment
from nurture.domain.errors import InputError
from nurture.domain.library import MeetingDraft
from nurture.domain.lookup import namesake
from nurture.domain.meeting import parse_notes
from nurture.domain.models import CONVERSATIONS, Contact
from nurture.domain.requests import ContactRequest, LogRequest
from nurture.services.core import Context, Logged


@dataclass(frozen=True)
class Ended:
    """What ending a meeting saved: the logged conversation, and the referrals added as
    prospects (``known``: referrals already in the contacts, left as they were)."""

    logged: Logged
    added: list[Contact]
    known: list[Contact]


#: An appointment that ended longer ago than this is no longer the meeting being started.
LATE_MINUTES = 60


def appointment_today(
    appointments: Iterable[Appointment], contact_id: str, now: datetime, zone: tzinfo
) -> Appointment | None:
    """The booked appointment with this contact that a meeting started ``now`` (aware) is: on
    today's date in the user's ``zone``, not ended more than ``LATE_MINUTES`` ago; the one
    whose start is nearest now when there are several."""
    today = now.astimezone(zone).date()
    late = timedelta(minutes=LATE_MINUTES)
    found = [
        a
        for a in appointments
        if a.contact_id == contact_id and a.booked and a.day(zone) == today and a.end + late > now
    ]
    return min(found, key=lambda a: (abs(a.start - now), a.start), default=None)


def meeting_day(appointment: Appointment | None, zone: tzinfo, today: date) -> date:
    """The day a meeting is logged on: its appointment's day (never after today), else today."""
    return min(appointment.day(zone), today) if appointment is not None else today


class Meetings:
    def __init__(self, context: Context) -> None:
        self.context = context

    def meeting(self, contact_id: str) -> MeetingDraft | None:
        """The meeting in progress with this contact, as last autosaved."""
        return self.context.repo.meeting(contact_id)

    def in_progress(self) -> list[MeetingDraft]:
        """Every meeting in progress, the one started last first."""
        return sorted(self.context.repo.meetings(), key=lambda d: d.started, reverse=True)

    def discard(self, contact_id: str) -> None:
        """Throw the meeting in progress with this contact away: nothing is logged."""
        with self.context.repo.locked():
            self.context.repo.save(meetings_ended=[contact_id])

    def appointment_of(self, draft: MeetingDraft) -> Appointment | None:
        """The appointment the draft was started for, if it still exists."""
        if not draft.appointment_id:
            return None
        found = (a for a in self.context.repo.appointments() if a.id == draft.appointment_id)
        return next((a for a in found if a.contact_id == draft.contact_id), None)

    def save(self, draft: MeetingDraft) -> None:
        ctx = self.context
        with ctx.repo.locked():
            ctx.contact(draft.contact_id)
            ctx.repo.save(meetings=[draft])

    def end(self, draft: MeetingDraft, kind: str, minutes: int | str | None, summary: str = "") -> Ended:
        """Log the conversation (notes, marked takeaways and action items, real length), add
        each referral as a prospect introduced by this contact, and close the draft: one save,
        all of it or nothing. A meeting started for an appointment is logged on its day (the
        length, when not given, is the one agreed) and marks it held."""
        ctx = self.context
        parsed = parse_notes(draft.notes)
        if kind not in CONVERSATIONS:
            raise InputError(f"{kind!r} is not a conversation; choose one of: {', '.join(sorted(CONVERSATIONS))}")
        with ctx.repo.locked():
            appointment = self.appointment_of(draft)
            if appointment is not None and (minutes is None or (isinstance(minutes, str) and not minutes.strip())):
                minutes = appointment.minutes
            zone = ctx.zone()
            on = meeting_day(appointment, zone, ctx.today())
            request = LogRequest.typed(draft.contact_id, kind, on, summary=summary, notes=parsed.notes,
                                       takeaways=parsed.takeaways, todos=parsed.mine, their_todos=parsed.theirs,
                                       duration_minutes=minutes)  # fmt: skip
            logged = ctx.logged(request)  # marks the booked ones that have started held (``held_by``)
            held = {a.id for a in logged.held}
            if (
                appointment is not None
                and appointment.booked
                and appointment.id not in held
                and appointment.day(zone) == on
            ):
                # the meeting started for it, early: that conversation is the one held (unless it
                # was moved to a later day since)
                logged = replace(logged, held=(*logged.held, appointment.held(ctx.now())))
            existing = list(ctx.repo.load().contacts.values())
            added: list[Contact] = []
            known: list[Contact] = []
            for ref in draft.referrals:
                new = ctx.new_contact(ContactRequest.typed(
                    ref.name, company=ref.company, notes=ref.note, referred_by=draft.contact_id,
                    how_met=f"introduced by {logged.contact.name}",
                ))  # fmt: skip
                twin = namesake([*existing, *added], new.name)
                if twin is not None:
                    known.append(twin)
                else:
                    added.append(new)
            changed = [logged.contact] if logged.stage_changed else []
            ctx.repo.save(contacts=changed + added, interactions=[logged.interaction],
                          meetings_ended=[draft.contact_id], appointments=logged.held)  # fmt: skip
        return Ended(logged, added, known)
