"""``Nurture``: the one entry point of the shell and the dashboard, composed of the services.

Each method hands its call to the service of its seam. What a form asks for arrives as a request
(``nurture.domain.requests``); ``add_contact``, ``log`` and ``add_followup`` also take the fields
as keywords (for scripts and tests) and build the same request from them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, date, datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nurture.domain.appointments import Appointment
from nurture.domain.dates import FUTURE, PAST
from nurture.domain.erasure import Erasure
from nurture.domain.library import MeetingDraft, Target
from nurture.domain.lookup import resolve
from nurture.domain.models import Contact, FollowUp, Review, Settings
from nurture.domain.network import Network
from nurture.domain.outreach import Template
from nurture.domain.questions import Question
from nurture.domain.queue import QueueItem, queue_of
from nurture.domain.requests import BookRequest, ContactRequest, FollowUpRequest, LogRequest, SnoozeRequest
from nurture.domain.review import Commitment, WeekReview
from nurture.domain.targets import Coverage
from nurture.services.appointments import Appointments, Booked, Cancelled, Moved
from nurture.services.contacts import Contacts
from nurture.services.core import Context, Logged
from nurture.services.followups import FollowUps
from nurture.services.interactions import Interactions
from nurture.services.invites import InviteResult, Invites
from nurture.services.meetings import Ended, Meetings
from nurture.services.outreach import Outreach
from nurture.services.prep import Questions
from nurture.services.review import Reviews
from nurture.services.settings import Preferences
from nurture.services.shared import SharedNetwork
from nurture.services.startup import Startup
from nurture.services.targets import Targets
from nurture.services.transfer import ImportResult, Progress, Transfer
from nurture.services.undo import Undo
from nurture.services.upkeep import Restored, Upkeep
from nurture.store import Repository
from nurture.store.doctor import Report

if TYPE_CHECKING:
    from nurture.services.mail import MailImport, MailRead, MailResult
    from nurture.services.search import Search, SearchResults
    from nurture.services.sync import Sync


class Nurture:
    def __init__(self, repo: Repository, today: Callable[[], date], now: Callable[[], datetime] = datetime.now,
                 date_order: str = "", zone: Callable[[], tzinfo] = lambda: UTC) -> None:  # fmt: skip
        """``date_order``: how slashed dates read when the settings do not say; ``zone``: the
        user's time zone, whose wall time ``now`` gives (``Context``)."""
        self.context = ctx = Context(repo, today, now, date_order, zone)
        self.today, self.now, self.zone = today, now, zone
        self._contacts = Contacts(ctx)
        self._interactions = Interactions(ctx)
        self._followups = FollowUps(ctx)
        self._questions = Questions(ctx)
        self._meetings = Meetings(ctx)
        self._appointments = Appointments(ctx)
        self._outreach = Outreach(ctx, self._interactions)
        self._targets = Targets(ctx)
        self._shared = SharedNetwork(ctx)
        self._reviews = Reviews(ctx, self._shared)
        self._preferences = Preferences(ctx)
        self._invites = Invites(ctx, self._appointments)
        self._transfer = Transfer(ctx, self._invites)
        self._upkeep = Upkeep(ctx)
        self._search: Search | None = None  # made on the first search: its modules load then
        self.startup = Startup(ctx)  # the dashboard's first read: names before everything else
        #: The dashboard's undo: ``undo.run(label, write)`` records a change, ``undo.undo()`` reverses it.
        self.undo = Undo(ctx)

    @cached_property
    def sync(self) -> Sync:
        """Sync through git, file-sync conflict copies, ``merge DIR`` (``services/sync.py``):
        made on first use, so a shell command that never syncs never loads git's plumbing."""
        from nurture.services.sync import Sync

        return Sync(self.context)

    @cached_property
    def _mail(self) -> MailImport:
        """Mailbox import (``services/mail.py``), made on first use: the ``email`` package loads then."""
        from nurture.services.mail import MailImport

        return MailImport(self.context, self._invites)

    def network(self) -> Network:
        """Everything, as last read while no data file changed since (``SharedNetwork``): the
        dashboard and the weekly review work on one copy."""
        return self._shared.read()[1]

    def data_version(self) -> tuple:
        """Changes whenever what ``network`` reads changes (another process saved)."""
        return self.context.repo.version()

    def network_around(self, contact: Contact) -> Network:
        """Enough of the network for this contact's queue items (``items_for``): the shell
        prints them after a change without reading everyone's interactions."""
        return self.context.network_around(contact.id)

    def find(self, query: str) -> Contact:
        return resolve(self.context.candidates(query), query)

    def search(self, text: str, *, limit: int = 200) -> SearchResults:
        """Everything the user was told that matches ``text`` (``services.search``), best first;
        an empty query: the recent takeaways."""
        if self._search is None:
            from nurture.services.search import Search  # not at start: every other command would load it

            self._search = Search(self.context)
        return self._search.search(text, limit=limit)

    def moment(self) -> datetime:
        """Now, aware, in the user's zone."""
        return self.context.moment()

    def queue(self, as_of: date | None = None, within: int = 0) -> list[QueueItem]:
        return queue_of(self.network(), as_of or self.today(), within, self.moment())

    def settings(self) -> Settings:
        return self.context.settings()

    def date_order(self) -> str:
        return self.context.date_order()

    def read_date(self, text: str, prefer: str = PAST) -> date:
        return self.context.read_date(text, prefer)

    def add_contact(self, request: ContactRequest | str, *, allow_duplicate: bool = False, **given: Any) -> Contact:
        if isinstance(request, str):
            request = ContactRequest.typed(request, **given)
        return self._contacts.add(request, allow_duplicate=allow_duplicate)

    def update_contact(self, contact_id: str, *, expected: Contact | None = None, **changes: Any) -> Contact:
        return self._contacts.update(contact_id, expected=expected, **changes)

    def move_stage(self, contact_id: str, stage: str) -> Contact:
        return self._contacts.move_stage(contact_id, stage)

    def snooze(self, request: SnoozeRequest) -> Contact:
        return self._contacts.snooze(request)

    def archive(self, contact_id: str, archived: bool = True) -> Contact:
        return self._contacts.archive(contact_id, archived)

    def erasure(self, contact_id: str) -> Erasure:
        return self._contacts.erasure(contact_id)

    def delete_contact(self, contact_id: str) -> Erasure:
        return self._contacts.delete(contact_id)

    def log(self, request: LogRequest | str, kind: str = "", on: date | None = None, **details: Any) -> Logged:
        if isinstance(request, str):
            request = LogRequest.typed(request, kind, on, **details)
        return self._interactions.log(request)

    def commitments(self, as_of: date | None = None) -> dict[str, list[Commitment]]:
        return self._interactions.commitments(as_of)

    def set_action_done(self, contact_id: str, interaction_id: str, index: int, done: bool = True) -> None:
        self._interactions.set_action_done(contact_id, interaction_id, index, done)

    def add_followup(self, request: FollowUpRequest | str, due: date | None = None, text: str = "") -> FollowUp:
        if isinstance(request, str):
            request = FollowUpRequest(request, due or self.today(), text)
        return self._followups.add(request)

    def question_bank(self) -> list[Question]:
        return self._questions.bank()

    def add_question(self, topic: str, text: str) -> Question:
        return self._questions.add(topic, text)

    def remove_question(self, question_id: str) -> None:
        self._questions.remove(question_id)

    def prep(self, contact_id: str) -> list[str]:
        return self._questions.prep(contact_id)

    def set_prep(self, contact_id: str, questions: Iterable[str]) -> list[str]:
        return self._questions.set_prep(contact_id, questions)

    def meeting(self, contact_id: str) -> MeetingDraft | None:
        return self._meetings.meeting(contact_id)

    def save_meeting(self, draft: MeetingDraft) -> None:
        self._meetings.save(draft)

    def meetings_in_progress(self) -> list[MeetingDraft]:
        return self._meetings.in_progress()

    def discard_meeting(self, contact_id: str) -> None:
        self._meetings.discard(contact_id)

    def end_meeting(self, draft: MeetingDraft, kind: str, minutes: int | str | None, summary: str = "") -> Ended:
        return self._meetings.end(draft, kind, minutes, summary)

    def book(self, request: BookRequest) -> Booked:
        return self._appointments.book(request)

    def move_appointment(self, appointment_id: str, request: BookRequest) -> Moved:
        return self._appointments.move(appointment_id, request)

    def cancel_appointment(self, contact_id: str, appointment_id: str | None = None) -> Cancelled:
        return self._appointments.cancel(contact_id, appointment_id)

    def appointments(self, every: bool = False) -> list[Appointment]:
        return self._appointments.appointments(every)

    def read_moment(self, text: str, prefer: str = FUTURE) -> datetime:
        """A day and time as the user typed it, in their zone (``parse_moment``)."""
        return self.context.read_moment(text, prefer)

    def templates(self) -> list[Template]:
        return self._outreach.templates()

    def save_template(self, key: str, body: str) -> Template:
        return self._outreach.save_template(key, body)

    def reset_template(self, key: str) -> Template:
        return self._outreach.reset_template(key)

    def outreach_values(self, contact_id: str) -> dict[str, str]:
        return self._outreach.values(contact_id)

    def outreach_nudged(self, contact_id: str) -> bool:
        return self._outreach.nudged(contact_id)

    def outreach_template(self, contact_id: str) -> str:
        return self._outreach.fitting(contact_id)

    def mark_sent(self, contact_id: str, key: str, text: str) -> Logged:
        return self._outreach.mark_sent(contact_id, key, text)

    def save_draft_file(self, contact_id: str, key: str, text: str) -> Path:
        return self._outreach.save_draft_file(contact_id, key, text)

    def targets(self) -> list[Target]:
        return self._targets.targets()

    def add_target(self, name: str) -> Target:
        return self._targets.add(name)

    def remove_target(self, target_id: str) -> None:
        self._targets.remove(target_id)

    def coverage(self) -> list[Coverage]:
        return self._targets.coverage()

    def review(self, day: date | None = None) -> WeekReview:
        return self._reviews.review(day)

    def mark_reviewed(self, day: date | None = None) -> Review:
        return self._reviews.mark_reviewed(day)

    def update_settings(self, **changes: Any) -> Settings:
        return self._preferences.update(**changes)

    def import_file(self, path: Path | str, fmt: str = "auto", *, dry_run: bool = False,
                    progress: Progress | None = None, date_order: str = "",
                    leave_out: Collection[str] = ()) -> ImportResult | InviteResult:  # fmt: skip
        """Import a file of contacts, or a calendar invitation (``ics``: ``import_invites``)."""
        return self._transfer.import_file(
            path, fmt, dry_run=dry_run, progress=progress, date_order=date_order, leave_out=leave_out
        )

    def import_mail(self, path: Path | str, fmt: str = "auto", *, dry_run: bool = False, with_text: bool = False,
                    progress: Callable[[int, int], None] | None = None, stop: Callable[[], bool] | None = None,
                    leave_out: Collection[str] = ()) -> MailResult:  # fmt: skip
        """Log the touches a mailbox (mbox, Maildir, .eml) holds, and book its invitations."""
        return self._mail.import_mail(
            path, fmt, dry_run=dry_run, with_text=with_text, progress=progress, stop=stop, leave_out=leave_out
        )

    def read_mailbox(self, path: Path | str, fmt: str = "auto", *, with_text: bool = False,
                     progress: Callable[[int, int], None] | None = None,
                     stop: Callable[[], bool] | None = None) -> MailRead:  # fmt: skip
        """Read a mailbox, writing nothing: the dashboard's preview, then ``log_read``."""
        return self._mail.read_mailbox(path, fmt, with_text=with_text, progress=progress, stop=stop)

    def log_read(self, read: MailRead, *, dry_run: bool = False, leave_out: Collection[str | tuple[str, str]] = (),
                 leave_invites: Collection[str] = ()) -> MailResult:  # fmt: skip
        """What a mailbox read would log (``dry_run``), or log it, all or nothing."""
        return self._mail.log_read(read, dry_run=dry_run, leave_out=leave_out, leave_invites=leave_invites)

    def import_invites(self, path: Path | str, *, dry_run: bool = False) -> InviteResult:
        """Book, move or cancel the appointments a calendar invitation (.ics) says."""
        result = self._transfer.import_file(path, "ics", dry_run=dry_run)
        assert isinstance(result, InviteResult)
        return result

    def export_chunks(self, fmt: str, *, days: int = 30, progress: Progress | None = None) -> Iterator[bytes]:
        return self._transfer.export_chunks(fmt, days=days, progress=progress)

    def export_to(self, fmt: str, target: Path | str, *, days: int = 30, replace: bool = False,
                  progress: Progress | None = None) -> int:  # fmt: skip
        return self._transfer.export_to(fmt, target, days=days, replace=replace, progress=progress)

    def doctor(self) -> Report:
        return self._upkeep.doctor()

    def restore(self, backup: str) -> Restored:
        return self._upkeep.restore(backup)

    def restore_before(self, when: str) -> Restored:
        return self._upkeep.restore_before(when)
