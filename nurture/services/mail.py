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
from dataclasses import dataclass, field
from pathlib import Path

from nurture.domain.errors import InputError
from nurture.domain.limits import MAX_LINE, check_interaction
from nurture.domain.mail import OPENING, Mail, MailPlan, MailTouch, infer_my_emails, plan_mail
from nurture.domain.models import Contact, Interaction, StageChange, email_key, new_id
from nurture.domain.stages import stage_after
from nurture.exchange.mail import MAIL_FORMATS, Interest, MailMessage, Passed, detect_mail, read_mail
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


@dataclass
class MailRead:
    """A mailbox read (``MailImport.read_mailbox``), not yet set against the store: what a
    preview shows and what its import then logs, without reading the mailbox again."""

    path: Path
    format: str
    mine: frozenset[str]
    mails: list[Mail]
    calendars: list[tuple[str, bytes]]
    gmail: bool
    #: How many messages were read, why some were left out or could not be read.
    read: int = 0
    ignored: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)

    def fresh_plan(self) -> MailPlan:
        """A plan holding what reading found, for ``plan_mail`` to fill (a plan each time)."""
        return MailPlan(skipped=list(self.skipped), ignored=Counter(self.ignored), read=self.read)


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
    ) -> MailResult:
        """Log what the mailbox at ``path`` says. ``fmt``: mbox, maildir, eml or auto;
        ``with_text``: keep the opening of each message's text as the interaction's notes;
        ``leave_out``: contact ids (or Message-IDs) a preview unticked."""
        read = self.read_mailbox(path, fmt, with_text=with_text, progress=progress, stop=stop)
        return self.log_read(read, dry_run=dry_run, leave_out=leave_out)

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
        mine = set(ctx.settings().my_emails)
        plan = MailPlan()
        mails: list[Mail] = []
        sent_by: Counter[str] = Counter()
        calendars: list[tuple[str, bytes]] = []
        gmail = False
        known = self._addresses()
        # Only messages that name a contact, or that the user sent, are parsed; without the
        # user's addresses, only those Gmail labels Sent (to offer them).
        interest = Interest(known, frozenset(mine)) if mine else Interest(sent_label=True)

        def wants_text(sender: str, recipients: tuple[str, ...]) -> bool:  # a thank-you is told by it
            return sender in mine and any(r in known for r in recipients)

        for m in read_mail(
            path, fmt, with_text=with_text, wants_text=wants_text, interest=interest, progress=progress, stop=stop
        ):
            if isinstance(m, Passed):
                plan.read += 1
                plan.ignored["from no contact"] += 1
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
                calendars.append((m.where, m.calendar))
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
        return MailRead(path, fmt, frozenset(mine), mails, calendars, gmail, plan.read, plan.ignored, plan.skipped)

    def log_read(
        self, read: MailRead, *, dry_run: bool = False, leave_out: Collection[str | tuple[str, str]] = ()
    ) -> MailResult:
        """Set what ``read`` found against the store, under its lock on a fresh read, and (unless
        ``dry_run``) log it, all or nothing. ``leave_out``: contact ids, Message-IDs, and
        (contact id, Message-ID) pairs (one message with one person) a preview unticked."""
        ctx = self.context
        path, fmt, mine = read.path, read.format, set(read.mine)
        mails, calendars, gmail = read.mails, read.calendars, read.gmail
        plan = read.fresh_plan()
        leave = set(leave_out)
        with ctx.repo.locked():
            contacts, by_email = self._contacts(mails, mine)
            network = ctx.repo.load_around(list(contacts))
            history = {cid: network.touches(cid) for cid in contacts}
            logged = {
                (i.contact_id, i.message_id) for cid in contacts for i in ctx.repo.interactions_of(cid) if i.message_id
            }
            plan = plan_mail(
                mails,
                mine=mine,
                contacts_by_email=by_email,
                history=history,
                logged=logged,
                nudge_after_days=ctx.settings().nudge_after_days,
                zone=ctx.zone(),
                plan=plan,
            )
            if leave:
                plan.touches = [
                    t
                    for t in plan.touches
                    if t.contact_id not in leave
                    and t.message_id not in leave
                    and (t.contact_id, t.message_id) not in leave
                ]
            invites = self._invites(path, calendars, plan)
            interactions = [self._interaction(t) for t in plan.touches]
            updated = self._stages(plan.touches, contacts, invites)
            if not dry_run and (interactions or (invites is not None and invites.changes)):
                ctx.repo.save(
                    contacts=updated,
                    interactions=interactions,
                    appointments=invites.appointments if invites is not None else (),
                )
        involved = {t.contact_id for t in plan.touches}
        return MailResult(
            path, fmt, plan, dry_run, {cid: c for cid, c in contacts.items() if cid in involved}, invites, gmail
        )

    def _addresses(self) -> frozenset[str]:
        """Every contact's addresses, lower case, read before the mailbox (with no lock held): the
        prefilter's. The contacts themselves are read again under the lock."""
        found: set[str] = set()
        for record in self.context.repo.stored_contacts().values():
            first, others = record.get("email"), record.get("other_emails")
            for e in (first, *(others if isinstance(others, list) else ())):
                if isinstance(e, str) and e.strip():
                    found.add(e.strip().lower())
        return frozenset(found)

    def _contacts(self, mails: list[Mail], mine: set[str]) -> tuple[dict[str, Contact], dict[str, str]]:
        """The contacts the messages name (only they are read), and each of their addresses → id."""
        addresses = {m.sender for m in mails} | {e for m in mails for _, e in m.recipients}
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

    def _invites(self, path: Path, calendars: list[tuple[str, bytes]], plan: MailPlan) -> InvitePlan | None:
        if not calendars:
            return None
        from nurture.exchange.invites import Invite, read_invites

        found: list[Invite] = []
        for where, raw in calendars:
            try:
                found += read_invites(path, raw, self.context.zone())
            except ImportFileError as e:
                plan.skipped.append(f"{where}: its invitation could not be read ({str(e).split(': ', 1)[-1]})")
        return self.invites.plan_invites(path, found) if found else None

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
