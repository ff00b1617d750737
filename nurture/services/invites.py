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
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from nurture.domain.appointments import (
    BOOKED,
    CANCELLED,
    HELD,
    Appointment,
    check_appointment,
    day_word,
    when_text,
    zone_name,
)
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
    #: Where each moved appointment was ("Thu 3 Dec 15:00"), by id.
    moved_from: dict[str, str] = field(default_factory=dict)
    #: Appointments saved with nothing a user would see changed (a higher SEQUENCE kept).
    quiet: list[Appointment] = field(default_factory=list)

    @property
    def appointments(self) -> list[Appointment]:
        return [a for a, _ in (*self.booked, *self.moved, *self.cancelled)] + self.quiet

    @property
    def changes(self) -> bool:
        return bool(self.appointments)

    def summary(self, dry_run: bool = False) -> str:
        """'Booked 1 appointment (Maya Chen, Thu 3 Dec 15:00), moved 1 (…), cancelled 0; 1
        already up to date; 1 not booked.'"""
        verbs = ("Would book", "move", "cancel") if dry_run else ("Booked", "moved", "cancelled")
        booked = count(len(self.booked), "appointment") + self._named(self.booked)
        moved, cancelled = (
            f"{len(self.moved):,}{self._named(self.moved)}",
            f"{len(self.cancelled):,}{self._named(self.cancelled)}",
        )
        text = f"{verbs[0]} {booked}, {verbs[1]} {moved}, {verbs[2]} {cancelled}"
        text += f"; {self.unchanged:,} already up to date"
        if self.skipped:
            text += f"; {len(self.skipped):,} not booked"
        return text + "."

    def _named(self, done: list[tuple[Appointment, Contact]]) -> str:
        """' (Maya Chen, Thu 3 Dec 15:00)': who and when, the first ``NAMED`` of them (a moved
        one from where it was: 'Thu 3 Dec 15:00 → Fri 4 Dec 11:00')."""
        named = "; ".join(f"{c.name}, {self._was(a)}{when_text(a, self.zone, self.today)}" for a, c in done[:NAMED])
        more = f" and {len(done) - NAMED:,} more" if len(done) > NAMED else ""
        return f" ({named}{more})" if named else ""

    def _was(self, appointment: Appointment) -> str:
        was = self.moved_from.get(appointment.id)
        return f"{was} → " if was else ""


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

    def plan_invites(self, path: Path, invites: list[Invite]) -> InvitePlan:
        """What ``invites`` (read from ``path``) change, not saved: for a mailbox import, which
        saves it with the touches it logs (call with the lock held)."""
        return self._plan(path, invites)

    def _plan(self, path: Path, invites: list[Invite]) -> InvitePlan:
        """What the invitations change, on a fresh read (call with the lock held)."""
        ctx = self.context
        merge = _Merge(self.appointments, path, ctx.moment(), ctx.now(), InvitePlan(ctx.zone(), ctx.today()))
        appointments = ctx.repo.appointments()
        emails = {email for invite in invites for email in invite.emails}
        # only the people these addresses name, and those booked (an overlap names them)
        merge.read(ctx.repo.contacts_with(emails, {a.contact_id for a in appointments}), appointments)
        for n, invite in enumerate(invites, 1):
            merge.take(n, invite)
        merge.plan.updated = list(merge.moved_stage.values())
        return merge.plan


class _Merge:
    """One import's invitations merged one after another into what is stored, each seeing what
    the ones before it did (two events of one file for the same person, a request then its
    cancel)."""

    def __init__(self, appointments: Appointments, path: Path, now: datetime, stamp: datetime,
                 plan: InvitePlan) -> None:  # fmt: skip
        self.appointments, self.path, self.now, self.stamp, self.plan = appointments, path, now, stamp, plan
        self.contacts: dict[str, Contact] = {}
        self.by_email: dict[str, set[str]] = {}
        self.everyone: dict[str, Appointment] = {}
        self.by_uid: dict[str, str] = {}
        #: The contacts whose stage this import moved, as it left them.
        self.moved_stage: dict[str, Contact] = {}

    def read(self, contacts: list[Contact], appointments: list[Appointment]) -> None:
        for c in contacts:
            self.contacts[c.id] = c
            for email in c.emails:
                self.by_email.setdefault(email.strip().casefold(), set()).add(c.id)
        self.everyone = {a.id: a for a in appointments}
        # an invitation's UID, and nurture's own (an export imported elsewhere)
        self.by_uid = {uid: a.id for a in appointments for uid in (a.calendar_uid, a.uid) if uid}

    def take(self, n: int, invite: Invite) -> None:
        plan = self.plan
        local = invite.start.astimezone(plan.zone)
        label = f"event {n} ({invite.summary or invite.uid}, {day_word(local.date(), plan.today)} {local:%H:%M})"
        if invite.skip:
            plan.skipped.append(f"{label}: {invite.skip}")
            return
        plan.warnings += [f"{label}: {note}" for note in invite.notes]
        known = self.everyone.get(self.by_uid.get(invite.uid, ""))
        if known is not None:
            self._known(label, invite, known)
        elif invite.cancelled:
            plan.skipped.append(f"{label}: cancelled, and nothing was booked for it")
        else:
            self._new(label, invite)

    def _contact(self, contact_id: str) -> Contact | None:
        return self.moved_stage.get(contact_id) or self.contacts.get(contact_id)

    def _known(self, label: str, invite: Invite, known: Appointment) -> None:
        """An invitation for an appointment already here: cancelled, moved, or as it was."""
        plan, stamp = self.plan, self.stamp
        contact = self._contact(known.contact_id)
        if contact is None:
            plan.skipped.append(f"{label}: its contact no longer exists")
            return
        if invite.sequence < known.sequence:
            plan.skipped.append(f"{label}: an older version of the invitation (SEQUENCE {invite.sequence}; "
                                f"nurture has {known.sequence}): left as it is")  # fmt: skip
            return
        as_it_was = known.booked and not invite.cancelled and _same(known, invite)
        if known.status == HELD or (invite.cancelled and not known.booked) or as_it_was:
            plan.unchanged += 1  # held: it took place, whatever the calendar says now
            if as_it_was and invite.sequence > known.sequence:  # the calendar's count, kept
                self.everyone[known.id] = quiet = known.evolve(stamp, sequence=invite.sequence)
                plan.quiet.append(quiet)
            return
        changed = False
        if invite.cancelled:
            still = any(a.booked and a.contact_id == contact.id and a.id != known.id for a in self.everyone.values())
            contact, changed = self.appointments.cancel_stage(contact, known, still)
            done = known.evolve(stamp, status=CANCELLED, sequence=max(invite.sequence, known.sequence + 1))
            plan.cancelled.append((done, contact))
        else:
            done = known.evolve(stamp, start=invite.start.astimezone(UTC), zone=zone_name(invite.start.tzinfo),
                                minutes=invite.minutes, where=invite.where, sequence=invite.sequence)  # fmt: skip
            if known.status == CANCELLED:  # invited again: booked again
                before = contact
                contact, changed = self.appointments.booking_stage(contact)
                done = done.evolve(stamp, status=BOOKED, stage_before=before.stage if changed else None)
                changed = contact is not before
            self._check(label, done)
            if known.status != CANCELLED:
                plan.moved_from[known.id] = when_text(known, plan.zone, plan.today)
            (plan.booked if known.status == CANCELLED else plan.moved).append((done, contact))
        self.everyone[known.id] = done
        if changed:
            self.moved_stage[contact.id] = contact

    def _new(self, label: str, invite: Invite) -> None:
        """An invitation seen for the first time: booked with the one contact it names."""
        plan = self.plan
        matches = sorted({cid for email in invite.emails for cid in self.by_email.get(email, ())})
        if not invite.emails:
            plan.skipped.append(f"{label}: it names no email address (no organizer or attendee); "
                                "book it with `nurture book NAME --at …`")  # fmt: skip
            return
        if not matches:
            plan.skipped.append(f"{label}: no contact has any of: {', '.join(invite.emails)}. Add the person "
                                "(`nurture add NAME --email ADDRESS`) and import the file again")  # fmt: skip
            return
        if len(matches) > 1:
            names = ", ".join(sorted(self.contacts[cid].name for cid in matches))
            plan.skipped.append(f"{label}: ambiguous, its addresses belong to {names}; book it with `nurture book`")
            return
        if invite.end <= self.now:
            plan.skipped.append(f"{label}: already over: not booked; log it with `nurture log`")
            return
        contact = self._contact(matches[0])
        assert contact is not None
        end = invite.end
        mine = [a for a in self.everyone.values() if a.booked and a.start < end and invite.start < a.end]
        by_hand = [a for a in mine if a.contact_id == contact.id and not a.uid]
        if by_hand:  # booked by hand before the invitation came: that one, now with its UID
            self._link(label, invite, by_hand[0], contact)
            return
        for other in mine:
            who = self.contacts.get(other.contact_id)
            plan.warnings.append(f"{label}: overlaps the conversation with {who.name if who else 'someone'} "
                                 f"{when_text(other, plan.zone, plan.today)}")  # fmt: skip
        before = contact
        contact, changed = self.appointments.booking_stage(contact)
        appointment = Appointment.new(contact.id, invite.start, self.stamp, minutes=invite.minutes,
                                      where=invite.where, note=_note(invite), uid=invite.uid, sequence=invite.sequence,
                                      stage_before=before.stage if changed else None)  # fmt: skip
        changed = contact is not before
        self._check(label, appointment)
        self.everyone[appointment.id] = appointment
        self.by_uid[invite.uid] = appointment.id
        plan.booked.append((appointment, contact))
        if changed:
            self.moved_stage[contact.id] = contact

    def _link(self, label: str, invite: Invite, booked: Appointment, contact: Contact) -> None:
        """The invitation of a conversation booked by hand: that appointment takes its UID (so
        its updates and cancel reach it) and its time, length and place."""
        plan = self.plan
        done = booked.evolve(self.stamp, uid=invite.uid, start=invite.start.astimezone(UTC),
                             zone=zone_name(invite.start.tzinfo), minutes=invite.minutes,
                             where=invite.where or booked.where, sequence=max(invite.sequence, booked.sequence),
                             note=booked.note or _note(invite))  # fmt: skip
        self._check(label, done)
        self.everyone[booked.id] = done
        self.by_uid[invite.uid] = booked.id
        was = when_text(booked, plan.zone, plan.today)
        plan.warnings.append(f"{label}: the conversation you booked by hand ({was}); it now follows the invitation")
        if _same(booked, invite):
            plan.quiet.append(done)
            plan.unchanged += 1
        else:
            plan.moved_from[booked.id] = was
            plan.moved.append((done, contact))

    def _check(self, label: str, appointment: Appointment) -> None:
        try:
            check_appointment(appointment)
        except InputError as e:
            raise InputError(f"{self.path}: {label}: {e}. Nothing was imported.") from None


def _same(appointment: Appointment, invite: Invite) -> bool:
    return (appointment.start, appointment.minutes, appointment.where) == (
        invite.start.astimezone(UTC),
        invite.minutes,
        invite.where,
    )


def _note(invite: Invite) -> str:
    """What an appointment from an invitation keeps as its note: the title, then the message."""
    return "\n\n".join(part for part in (invite.summary, invite.description) if part)
