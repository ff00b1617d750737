"""A mailbox in: the touches its messages were, logged (issue 22), and the invitations it holds
booked as ``nurture import invite.ics`` books them.

The mailbox is read first, with no lock held (it may be gigabytes): each message's headers,
kept only as much as the rules need. Then, under the store's lock, on a fresh read, the
messages are matched with the contacts whose addresses they name, set against what is already
logged, and saved in one go: all or nothing, as every import. A cancel (``stop``, Ctrl+C)
while reading writes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from nurture.domain.errors import InputError
from nurture.domain.limits import MAX_LINE, check_interaction
from nurture.domain.mail import (
    OPENING,
    Mail,
    MailPlan,
    MailTouch,
    Written,
    infer_my_emails,
    is_noreply,
    plan_mail,
    text_needed,
)
from nurture.domain.models import CONVERSATIONS, Contact, Interaction, StageChange, email_key, new_id
from nurture.domain.stages import stage_after
from nurture.exchange.mail import Interest, MailMessage, Passed, Sent, StrangerNames, read_mail
from nurture.exchange.mailbox import MAIL_FORMATS, detect_mail
from nurture.exchange.source import ImportFileError, without_controls
from nurture.services.core import Context
from nurture.services.invites import InvitePlan, Invites

READ_AS = {"mbox": "mbox", "maildir": "Maildir", "eml": ".eml"}


class MailAddressesNeeded(InputError):
    """No ``my-emails`` set: what was sent cannot be told from what was received. ``offered``:
    the addresses the messages Gmail labels Sent are from, the most frequent first (for the
    user to confirm, never taken silently)."""

    def __init__(self, message: str, offered: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.offered = offered


@dataclass(frozen=True, slots=True)
class CalendarPart:
    """An invitation a message held (its text/calendar part), with what the rules need to know
    of the message: an invitation is booked only if the message would be logged."""

    where: str
    message_id: str
    sender: str
    #: Why the message is bulk or automatic, or "".
    bulk: str
    raw: bytes


@dataclass(frozen=True, slots=True)
class MailInvite:
    """One invitation a preview lists (and the user may untick): the message it came in, and
    the event it describes."""

    message_id: str
    where: str
    start: datetime
    summary: str
    cancelled: bool
    #: The contacts it is with (their ids), as far as its addresses say.
    contact_ids: tuple[str, ...] = ()


@dataclass
class MailRead:
    """A mailbox read (``MailImport.read_mailbox``), not yet set against the store: what a
    preview shows and what its import then logs, without reading the mailbox again."""

    path: Path
    format: str
    mine: frozenset[str]
    mails: list[Mail | Written]
    calendars: list[CalendarPart]
    gmail: bool
    #: How many messages were read, why some were left out or could not be read.
    read: int = 0
    ignored: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    #: The display name of a stranger's address, parsed when shown (``StrangerNames.name``).
    names: Callable[[str], str] | None = None

    def fresh_plan(self) -> MailPlan:
        """A plan holding what reading found, for ``plan_mail`` to fill (a plan each time)."""
        return MailPlan(skipped=list(self.skipped), ignored=Counter(self.ignored), read=self.read, names=self.names)


@dataclass
class MailResult:
    """A mailbox import's outcome, shaped as ``ImportResult`` where the shell prints it."""

    path: Path
    format: str
    plan: MailPlan
    dry_run: bool
    #: The contacts the touches are with, by id (for the per-person listing).
    contacts: dict[str, Contact] = field(default_factory=dict)
    #: The invitations the messages held, or None when there were none.
    invites: InvitePlan | None = None
    #: Read from Gmail (X-Gmail-Labels seen).
    gmail: bool = False
    #: The invitations that would be booked (or moved, cancelled), one per event read.
    invitations: list[MailInvite] = field(default_factory=list)

    @property
    def read_as(self) -> str:
        return ("Gmail " if self.gmail else "") + READ_AS[self.format]

    def summary(self) -> str:
        text = self.plan.summary(self.dry_run)
        if self.invites is not None and (self.invites.changes or self.invites.skipped or self.invites.unchanged):
            text += " Invitations: " + self.invites.summary(self.dry_run)
        return text


class MailImport:
    def __init__(self, context: Context, invites: Invites | None = None) -> None:
        self.context = context
        self.invites = invites or Invites(context)

    def import_mail(
        self,
        path: Path | str,
        fmt: str = "auto",
        *,
        dry_run: bool = False,
        with_text: bool = False,
        progress: Callable[[int, int], None] | None = None,
        stop: Callable[[], bool] | None = None,
        leave_out: Collection[str | tuple[str, str]] = (),
        leave_invites: Collection[str] = (),
    ) -> MailResult:
        """Log what the mailbox at ``path`` says. ``fmt``: mbox, maildir, eml or auto;
        ``with_text``: keep the opening of each message's text as the interaction's notes;
        ``leave_out``: contact ids (or Message-IDs) a preview unticked; ``leave_invites``: the
        Message-IDs of invitations it unticked."""
        read = self.read_mailbox(path, fmt, with_text=with_text, progress=progress, stop=stop)
        return self.log_read(read, dry_run=dry_run, leave_out=leave_out, leave_invites=leave_invites)

    def read_mailbox(
        self,
        path: Path | str,
        fmt: str = "auto",
        *,
        with_text: bool = False,
        progress: Callable[[int, int], None] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> MailRead:
        """Read the mailbox at ``path`` (no lock held, nothing written): ``log_read`` then sets
        it against the store. ``stop()`` true raises ``MailCancelled``; no ``my-emails`` set
        raises ``MailAddressesNeeded``."""
        ctx = self.context
        path = Path(path).expanduser()
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if fmt == "auto":
            fmt = detect_mail(path)
            if not fmt:
                raise InputError(f"{path} is not a mailbox nurture reads (an mbox file, a Maildir folder, .eml files)")
        if fmt not in MAIL_FORMATS:
            raise InputError(f"unknown mail format {fmt!r}; use one of: {', '.join(MAIL_FORMATS)}")
        mine = {email_key(e) for e in ctx.settings().my_emails}
        names = StrangerNames()
        plan = MailPlan(names=names.name)
        mails: list[Mail | Written] = []
        sent_by: Counter[str] = Counter()
        calendars: list[CalendarPart] = []
        gmail = False
        owners = self._addresses()
        known = frozenset(owners)
        # Only messages that name a contact, or that the user sent, are parsed; without the
        # user's addresses, only those Gmail labels Sent (to offer them).
        interest = Interest(known, frozenset(mine)) if mine else Interest(sent_label=True)
        # The opening of the text tells a thank-you, which follows a conversation: the days of
        # the stored ones (the only ones there are: none is logged from mail), by address.
        talks = self._conversations(owners) if mine and not with_text else {}
        zone = ctx.zone()

        def wants_text(sender: str, recipients: tuple[str, ...], sent: datetime, subject: str) -> bool:
            if sender not in mine:
                return False
            days = [day for r in recipients for day in talks.get(r, ())]
            return bool(days) and text_needed(subject, sent.astimezone(zone).date(), days)

        for m in read_mail(
            path, fmt, with_text=with_text, wants_text=wants_text, interest=interest, names=names,
            progress=progress, stop=stop,
        ):  # fmt: skip
            if isinstance(m, Passed):
                plan.read += 1
                plan.ignored["from no contact"] += 1
                continue
            if isinstance(m, Sent):  # mine, to no contact: counted for the summary
                plan.read += 1
                gmail = gmail or m.gmail
                mails.append(Written(m.date, m.sender, m.recipients))
                continue
            if not isinstance(m, MailMessage):
                plan.skipped.append(f"{m.where}: {m.reason}")
                continue
            plan.read += 1
            if m.labels:
                gmail = True
                if "Sent" in m.labels:
                    sent_by[m.sender.email] += 1
            if m.calendar:
                calendars.append(CalendarPart(m.where, m.message_id, m.sender.email, m.bulk, m.calendar))
            subject = without_controls(m.subject)[:MAX_LINE]
            mails.append(
                Mail(
                    m.where,
                    m.message_id,
                    m.date,
                    m.sender.email,
                    tuple((a.name, a.email) for a in m.recipients),
                    subject,
                    m.text[:OPENING] if m.sender.email in mine else "",
                    m.bulk,
                    m.text if with_text else "",
                )
            )
        if not mine:
            seen = ", ".join(e for e, _ in sent_by.most_common(3))
            hint = f" The messages Gmail labels Sent are from {seen}: if those are yours, run" if seen else " Run"
            example = ",".join(e for e, _ in sent_by.most_common(3)) or "you@example.org,you@work.com"
            raise MailAddressesNeeded(
                f"which addresses are yours? nurture needs them to tell what you sent from what you received.{hint} "
                f"`nurture config my-emails {example}`, then import again",
                tuple(infer_my_emails(sent_by)),
            )
        return MailRead(
            path, fmt, frozenset(mine), mails, calendars, gmail, plan.read, plan.ignored, plan.skipped, names.name
        )

    def log_read(
        self,
        read: MailRead,
        *,
        dry_run: bool = False,
        leave_out: Collection[str | tuple[str, str]] = (),
        leave_invites: Collection[str] = (),
    ) -> MailResult:
        """Set what ``read`` found against the store, under its lock on a fresh read, and (unless
        ``dry_run``) log it, all or nothing. ``leave_out``: contact ids, Message-IDs, and
        (contact id, Message-ID) pairs (one message with one person) a preview unticked: the rest
        are told without them (unticking an outreach makes the next message the outreach), and
        their invitations are not booked; ``leave_invites``: the Message-IDs of the invitations
        it unticked. A message sent the day a touch of its side was logged by hand is that touch:
        its Message-ID is kept with it, nothing new is logged."""
        ctx = self.context
        path, fmt, mine = read.path, read.format, set(read.mine)
        mails, calendars, gmail = read.mails, read.calendars, read.gmail
        plan = read.fresh_plan()
        leave = set(leave_out)
        with ctx.repo.locked():
            contacts, by_email = self._contacts(mails, mine)
            network = ctx.repo.load_around(list(contacts))
            history = {cid: network.touches(cid) for cid in contacts}
            stored = {i.id: i for cid in contacts for i in ctx.repo.interactions_of(cid)}
            logged = {(i.contact_id, i.message_id) for i in stored.values() if i.message_id}
            plan = plan_mail(
                mails,
                mine=mine,
                contacts_by_email=by_email,
                history=history,
                logged=logged,
                nudge_after_days=ctx.settings().nudge_after_days,
                zone=ctx.zone(),
                plan=plan,
                mailed={i.id for i in stored.values() if i.message_id},
                now=ctx.moment(),
                leave_out=leave,
            )
            # The invitations of the messages logged (now, or by an earlier import): not a list's
            # or a no-reply's, none dated ahead, none unticked (the message or the invitation).
            kept = {t.message_id for t in plan.touches} | {mid for _, mid in logged}
            parts = [
                c
                for c in calendars
                if c.message_id in kept
                and c.message_id not in leave
                and c.message_id not in leave_invites
                and not c.bulk
                and not is_noreply(c.sender)
            ]
            invites, invitations = self._invites(path, parts, plan, by_email, leave)
            interactions = [
                replace(stored[t.matches], message_id=t.message_id) if t.matches else self._interaction(t)
                for t in plan.touches
            ]
            updated = self._stages([t for t in plan.touches if not t.matches], contacts, invites)
            if not dry_run and (interactions or (invites is not None and invites.changes)):
                ctx.repo.save(
                    contacts=updated,
                    interactions=interactions,
                    appointments=invites.appointments if invites is not None else (),
                )
        involved = {t.contact_id for t in plan.touches}
        return MailResult(
            path,
            fmt,
            plan,
            dry_run,
            {cid: c for cid, c in contacts.items() if cid in involved},
            invites,
            gmail,
            invitations,
        )

    def _addresses(self) -> dict[str, set[str]]:
        """Every contact's addresses, lower case, each with the ids of the contacts that have it,
        read before the mailbox (with no lock held): the prefilter's. The contacts themselves are
        read again under the lock."""
        found: dict[str, set[str]] = {}
        for cid, record in self.context.repo.stored_contacts().items():
            first, others = record.get("email"), record.get("other_emails")
            for e in (first, *(others if isinstance(others, list) else ())):
                if isinstance(e, str) and e.strip():
                    found.setdefault(email_key(e), set()).add(cid)
        return found

    def _conversations(self, owners: dict[str, set[str]]) -> dict[str, list[date]]:
        """The days of the conversations stored with each contact, by their addresses (those with
        none left out)."""
        days: dict[str, list[date]] = {}
        for e in self.context.network().log.entries():
            if e.kind in CONVERSATIONS:
                days.setdefault(e.contact_id, []).append(e.on)
        return {
            address: [day for cid in ids for day in days.get(cid, ())]
            for address, ids in owners.items()
            if any(cid in days for cid in ids)
        }

    def _contacts(self, mails: list[Mail | Written], mine: set[str]) -> tuple[dict[str, Contact], dict[str, str]]:
        """The contacts the messages read whole name (only they are read), and each of their
        addresses → id."""
        read = [m for m in mails if isinstance(m, Mail)]
        addresses = {m.sender for m in read} | {e for m in read for _, e in m.recipients}
        addresses -= mine
        contacts = {c.id: c for c in self.context.repo.contacts_with(addresses)}
        by_email: dict[str, str] = {}
        for c in sorted(contacts.values(), key=lambda c: c.order_key):
            for e in c.emails:
                by_email.setdefault(email_key(e), c.id)  # an address two contacts share: the first
        return contacts, by_email

    def _interaction(self, t: MailTouch) -> Interaction:
        interaction = Interaction(
            id=new_id(),
            contact_id=t.contact_id,
            on=t.on,
            kind=t.kind,
            summary=t.subject,
            notes=without_controls(t.text),
            created=t.at.replace(tzinfo=None),  # the wall time, as every record is stamped
            message_id=t.message_id,
        )
        check_interaction(interaction)
        return interaction

    def _invites(
        self,
        path: Path,
        parts: list[CalendarPart],
        plan: MailPlan,
        by_email: dict[str, str],
        leave: set[str | tuple[str, str]],
    ) -> tuple[InvitePlan | None, list[MailInvite]]:
        """What the invitations of the messages logged change, and each that changes something
        (books, moves or cancels) as a preview lists it; one whose contacts were all unticked is
        left out."""
        if not parts:
            return None, []
        from nurture.exchange.invites import Invite, read_invites

        found: list[Invite] = []
        rows: list[MailInvite] = []
        for part in parts:
            try:
                events = read_invites(path, part.raw, self.context.zone())
            except ImportFileError as e:
                plan.skipped.append(f"{part.where}: its invitation could not be read ({str(e).split(': ', 1)[-1]})")
                continue
            for event in events:
                ids = tuple(dict.fromkeys(by_email[e] for e in event.emails if e in by_email))
                if ids and all(cid in leave for cid in ids):
                    continue
                found.append(event)
                start = event.start.astimezone(self.context.zone())
                rows.append(MailInvite(part.message_id, part.where, start, event.summary, event.cancelled, ids))
        if not found:
            return None, []
        planned = self.invites.plan_invites(path, found)
        changed = {a.uid for a in planned.appointments}  # what it books, moves or cancels
        return planned, [r for r, event in zip(rows, found, strict=True) if event.uid in changed]

    def _stages(self, touches: list[MailTouch], contacts: dict[str, Contact],
                invites: InvitePlan | None) -> list[Contact]:  # fmt: skip
        """The contacts whose stage the touches move (prospect → requested on an outreach, met
        → nurturing on a thank-you), over what the invitations did to them."""
        now = self.context.now()
        current = dict(contacts)
        moved: dict[str, Contact] = {}
        for c in invites.updated if invites is not None else ():
            current[c.id] = moved[c.id] = c
        for t in touches:
            c = current[t.contact_id]
            stage = stage_after(c.stage, t.kind)
            if stage != c.stage:
                c = c.evolve(stage=stage, stage_history=(*c.stage_history, StageChange(t.on, stage)), updated=now)
                current[c.id] = moved[c.id] = c
        return list(moved.values())
