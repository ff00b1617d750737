"""Calendar invitations in: each event of an .ics file booked with the contact whose email it
names, moved when the invite says a new time, cancelled when it says so.

An event is matched by the email addresses of its organizer and attendees: the contact who has
one of them among their ``emails`` (case ignored; the user's own address matches no one). No
match, or two contacts matching, is reported, never guessed. A UID already imported is the same
appointment: a later invite (its SEQUENCE not lower) with a new time, length or place moves it;
a cancel cancels it and moves the contact back as cancelling does. An event that is already over
is left out (log the conversation instead). The whole file in one save, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, tzinfo
from pathlib import Path

from nurture.domain.appointments import BOOKED, CANCELLED, Appointment, check_appointment, when_text, zone_name
from nurture.domain.errors import InputError
from nurture.domain.models import Contact
from nurture.domain.wording import count
from nurture.exchange.invites import Invite, read_invites
from nurture.services.appointments import Appointments
from nurture.services.core import Context

#: How many booked appointments the summary names.
NAMED = 3


@dataclass
class InvitePlan:
    """What importing invitations changes. It answers as an import's plan does (``changes``,
    ``summary``, ``warnings``, ``skipped``, ``merged``, ``created``), so the shell and the
    dashboard print it the same way."""

    zone: tzinfo
    today: date
    booked: list[tuple[Appointment, Contact]] = field(default_factory=list)
    moved: list[tuple[Appointment, Contact]] = field(default_factory=list)
    cancelled: list[tuple[Appointment, Contact]] = field(default_factory=list)
    unchanged: int = 0
    #: Events left out, each with why ("event 2 (Intro call): no contact has any of: a@x").
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: The contacts whose stage moved (booking, cancelling).
    updated: list[Contact] = field(default_factory=list)
    #: No contact is made from an invitation (an import's plan lists the new ones here).
    created: list[Contact] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)

    @property
    def appointments(self) -> list[Appointment]:
        return [a for a, _ in (*self.booked, *self.moved, *self.cancelled)]

    @property
    def changes(self) -> bool:
        return bool(self.appointments)

    def summary(self, dry_run: bool = False) -> str:
        """'Booked 1 appointment (Maya Chen, Thu 3 Dec 15:00), moved 1, cancelled 1; 1 already
        up to date; 1 not booked.'"""
        named = ", ".join(f"{c.name}, {when_text(a, self.zone, self.today)}" for a, c in self.booked[:NAMED])
        more = f" and {len(self.booked) - NAMED:,} more" if len(self.booked) > NAMED else ""
        booked = count(len(self.booked), "appointment") + (f" ({named}{more})" if named else "")
        verbs = ("Would book", "move", "cancel") if dry_run else ("Booked", "moved", "cancelled")
        text = f"{verbs[0]} {booked}, {verbs[1]} {len(self.moved):,}, {verbs[2]} {len(self.cancelled):,}"
        text += f"; {self.unchanged:,} already up to date"
        if self.skipped:
            text += f"; {len(self.skipped):,} not booked"
        return text + "."


@dataclass
class InviteResult:
    """An invitation import's outcome, shaped as ``ImportResult``."""

    path: Path
    plan: InvitePlan
    dry_run: bool
    format: str = "ics"
    layout: str = ""
    read_as: str = "iCalendar invitation"

    def summary(self) -> str:
        return self.plan.summary(self.dry_run)


class Invites:
    def __init__(self, context: Context, appointments: Appointments | None = None) -> None:
        self.context = context
        self.appointments = appointments or Appointments(context)

    def import_invites(self, path: Path, raw: bytes, *, dry_run: bool = False,
                       report: Callable[[int, int, str], None] | None = None) -> InviteResult:  # fmt: skip
        """Book, move or cancel what the .ics file ``raw`` says (``path`` names it in messages)."""
        ctx = self.context
        invites = read_invites(path, raw, ctx.zone())
        with ctx.repo.locked():
            plan = self._plan(path, invites)
            if not dry_run and plan.changes:
                if report is not None:
                    report(len(invites), len(invites), "Saving")
                ctx.repo.save(contacts=plan.updated, appointments=plan.appointments)
        return InviteResult(path, plan, dry_run)

    def _plan(self, path: Path, invites: list[Invite]) -> InvitePlan:
        ctx = self.context
        now, stamp = ctx.moment(), ctx.now()
        plan = InvitePlan(ctx.zone(), ctx.today())
        contacts = {c.id: c for c in ctx.repo.contacts_where(lambda cid, name: True)}
        by_email: dict[str, set[str]] = {}
        for c in contacts.values():
            for email in c.emails:
                by_email.setdefault(email.strip().casefold(), set()).add(c.id)
        everyone = {a.id: a for a in ctx.repo.appointments()}
        by_uid = {a.calendar_uid: a.id for a in everyone.values()}
        moved_stage: dict[str, Contact] = {}

        def booked_with(cid: str, other_than: str) -> bool:
            return any(a.booked and a.contact_id == cid and a.id != other_than for a in everyone.values())

        for n, invite in enumerate(invites, 1):
            label = f"event {n} ({invite.summary or invite.uid}, {self._when(invite)})"
            for note in invite.notes:
                plan.warnings.append(f"{label}: {note}")
            known = everyone.get(by_uid.get(invite.uid, ""))
            if known is not None:
                contact = moved_stage.get(known.contact_id) or contacts.get(known.contact_id)
                if contact is None:
                    plan.skipped.append(f"{label}: its contact no longer exists")
                    continue
                if invite.cancelled:
                    if not known.booked:
                        plan.unchanged += 1
                        continue
                    gone = known.evolve(stamp, status=CANCELLED, sequence=max(invite.sequence, known.sequence + 1))
                    contact, changed = self.appointments.cancel_stage(contact, known, booked_with(contact.id, known.id))
                    everyone[known.id] = gone
                    plan.cancelled.append((gone, contact))
                elif invite.sequence < known.sequence:
                    plan.skipped.append(f"{label}: older than the invite already imported (SEQUENCE "
                                        f"{invite.sequence} < {known.sequence}): left as it is")  # fmt: skip
                    continue
                elif known.status != CANCELLED and _same(known, invite):
                    plan.unchanged += 1
                    continue
                else:
                    moved = known.evolve(stamp, start=invite.start.astimezone(UTC), zone=zone_name(invite.start.tzinfo),
                                         minutes=invite.minutes, where=invite.where, sequence=invite.sequence,
                                         status=BOOKED if known.status == CANCELLED else known.status)  # fmt: skip
                    changed = False
                    if known.status == CANCELLED:  # booked again
                        before = contact.stage
                        contact, changed = self.appointments.booking_stage(contact)
                        moved = moved.evolve(stamp, stage_before=before if changed else None)
                    self._check(path, label, moved)
                    everyone[known.id] = moved
                    plan.moved.append((moved, contact))
                if changed:
                    moved_stage[contact.id] = contact
                continue
            if invite.cancelled:
                plan.skipped.append(f"{label}: cancelled, and nothing was booked for it")
                continue
            matches = sorted({cid for email in invite.emails for cid in by_email.get(email, ())})
            if not matches:
                plan.skipped.append(f"{label}: no contact has any of: {', '.join(invite.emails) or 'no address'}")
                continue
            if len(matches) > 1:
                names = ", ".join(sorted(contacts[cid].name for cid in matches))
                plan.skipped.append(f"{label}: ambiguous, its addresses belong to {names}; book it with `nurture book`")
                continue
            if invite.end <= now:
                plan.skipped.append(f"{label}: already over: not booked; log it with `nurture log`")
                continue
            contact = moved_stage.get(matches[0]) or contacts[matches[0]]
            before = contact.stage
            contact, changed = self.appointments.booking_stage(contact)
            appointment = Appointment.new(contact.id, invite.start, stamp, minutes=invite.minutes, where=invite.where,
                                          note=invite.summary, uid=invite.uid, sequence=invite.sequence,
                                          stage_before=before if changed else None)  # fmt: skip
            self._check(path, label, appointment)
            everyone[appointment.id] = appointment
            by_uid[invite.uid] = appointment.id
            plan.booked.append((appointment, contact))
            if changed:
                moved_stage[contact.id] = contact
        plan.updated = list(moved_stage.values())
        return plan

    def _when(self, invite: Invite) -> str:
        local = invite.start.astimezone(self.context.zone())
        return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"

    @staticmethod
    def _check(path: Path, label: str, appointment: Appointment) -> None:
        try:
            check_appointment(appointment)
        except InputError as e:
            raise InputError(f"{path}: {label}: {e}. Nothing was imported.") from None


def _same(appointment: Appointment, invite: Invite) -> bool:
    return (appointment.start, appointment.minutes, appointment.where) == (
        invite.start.astimezone(UTC),
        invite.minutes,
        invite.where,
    )
