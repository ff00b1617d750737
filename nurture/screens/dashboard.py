"""The dashboard: whom to contact and why (queue), everyone (contacts), and one person's story
(card and timeline). Every action is a key; forms are modal; changes made from the shell show up
within a second."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import replace
from datetime import date, datetime
from functools import wraps
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from textual import events, on
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input, Static

from nurture.domain.appointments import next_booked, when_text
from nurture.domain.archived import archived_rows
from nurture.domain.conflicts import SyncConflict, shown
from nurture.domain.erasure import Erasure
from nurture.domain.errors import ConflictError, NurtureError
from nurture.domain.library import MeetingDraft
from nurture.domain.meeting import in_progress_text
from nurture.domain.models import Contact
from nurture.domain.network import Network
from nurture.domain.overview import Overview, named_rows, overview
from nurture.domain.queue import LOG_MEETING, MEETING_DUE, PREPARE, QueueItem
from nurture.domain.requests import BookRequest, ContactRequest, FollowUpRequest, LogRequest, SnoozeRequest
from nurture.domain.review import review_due
from nurture.domain.search import SORTS, ContactRow, Listed, at_company, filter_rows, narrows, rank_rows, sort_rows
from nurture.domain.undo import KEEP, Step
from nurture.domain.wording import count, sentence
from nurture.exchange.formats import FORMAT_NAMES
from nurture.screens.actions import DASHBOARD, NEEDS_CONTACT, bindings
from nurture.screens.base import NurtureScreen
from nurture.screens.book_form import BookForm, CancelBooked, MoveBooked, booked_text
from nurture.screens.chain import ChainScreen
from nurture.screens.commitments import CommitmentsScreen
from nurture.screens.conflict import KEEP_MINE, ConflictScreen
from nurture.screens.contact_form import EDITABLE, ContactForm
from nurture.screens.delete_form import DeleteScreen
from nurture.screens.done_form import DoneForm, MeetingLogForm
from nurture.screens.export_form import Exported, ExportScreen
from nurture.screens.followup_form import FollowUpForm
from nurture.screens.help import HelpScreen
from nurture.screens.import_form import ImportScreen, notice_lines
from nurture.screens.key_question import Answer, KeyQuestion
from nurture.screens.log_form import LogForm
from nurture.screens.mail_import import MailResult, mail_notice
from nurture.screens.meeting import MeetingScreen
from nurture.screens.outreach import OutreachScreen
from nurture.screens.palette import DashboardCommands
from nurture.screens.pipeline import PipelineScreen
from nurture.screens.prep import PrepScreen
from nurture.screens.review import ReviewScreen
from nurture.screens.search import Chosen, LastSearch, SearchScreen
from nurture.screens.settings import SettingsForm, changes_said
from nurture.screens.snooze_form import SnoozeForm
from nurture.screens.syncing import SyncBeforeQuit, start_sync
from nurture.screens.targets import TargetsScreen
from nurture.widgets.contact_detail import ContactDetail
from nurture.widgets.contact_list import ContactList
from nurture.widgets.queue_list import QueueList, sectioned
from nurture.widgets.screen_text import screen_text

if TYPE_CHECKING:
    from nurture.services import Nurture
    from nurture.services.sync import SyncStatus

#: How far ahead the queue pane looks.
UPCOMING_DAYS = 7
#: While keys are queued, how often to look whether they are handled, to show the card then.
DETAIL_WAIT = 0.02
#: Panes that show a loading indicator until the first load has landed.
LOADING_PANES = ("#queue", "#contacts")
#: Seconds between redraws of the meeting rows' "in 2 h 10 min".
MINUTE = 60.0


def next_change(network: Network, now: datetime) -> datetime | None:
    """The next start or end of a booked appointment after ``now``: when the queue's meeting
    items change (a meeting starts, or ends and waits to be logged)."""
    ahead = [t for a in network.appointments if a.booked for t in (a.start, a.end) if t > now]
    return min(ahead, default=None)


def _read(
    service: Nurture,
    today: date,
    sort: str,
    first_read: Callable[[], None] | None,
    names: Callable[[list[ContactRow]], None] | None,
    previous: Overview | None = None,
    quiet: Callable[[], AbstractContextManager[None]] = nullcontext,
) -> Overview:
    """Everything the dashboard shows, read and computed in the load's worker thread;
    ``names``: given the list's rows from the names alone first (the first load, which reads
    for seconds at 30,000 contacts); ``first_read`` is called once the first load has read the
    data. ``previous``: the overview shown, whose unchanged parts are kept (``overview``);
    ``quiet``: what the reading is done in (the first load: with the garbage collector paused)."""
    with quiet():
        if names is not None:
            with suppress(NurtureError):  # the full read below says what is wrong
                names(named_rows(service.startup.names()))
        network = service.network()
        if first_read is not None:
            first_read()
    view = overview(network, today, UPCOMING_DAYS, sort, previous, service.moment())
    # what showing a card computes for everyone on first use: here, not in the UI thread
    network.referrals, network.open_followups  # noqa: B018
    for item in view.queue[:1]:  # the first contact shown: its timeline read here, not in the UI
        view.timelines[item.contact_id] = network.timeline(item.contact_id)
    return view


def review_status(network: Network, today: date) -> str:
    """When the last weekly review was done, and a nudge when it is more than a week ago."""
    due, last = review_due(network, today), network.last_review
    if due is not None:
        return f"review due ({due}d)" if due else "review due"
    if last is None:
        return ""  # nobody yet: nothing to review
    days = (today - last.reviewed_on).days
    return "reviewed today" if days == 0 else f"reviewed {days}d ago"


#: The header's cells around its title: its icon (8) and the space kept for a clock (10).
HEADER_FRAME = 18


def header_line(meeting: str, parts: tuple[str, ...], room: int) -> str:
    """The header's line with a meeting in progress: the meeting first, then as many of the
    day's parts as fit in ``room`` cells, the date given up first, then the counts, then the
    review ("meeting with Maya in progress, 12 min · review due")."""
    for start in range(len(parts) + 1):
        said = " · ".join([meeting, *parts[start:]])
        if cell_len(said) <= room:
            return said
    return meeting


def contacts_title(total: int, shown: int | None, loaded: bool, at: str, archived: bool, sort: str, room: int) -> str:
    """The contact pane's title, in ``room`` cells if it can be: "Contacts (36 of 38) · +archived
    · by name", shortened as needed ("Contacts 36/38 · +archived · name"); a target's name is
    cut by the border, last. Not "(0)" while loading."""
    whole = shown is None or shown == total
    count = f" ({total:,})" if whole else f" ({shown:,} of {total:,})"
    short = f" {total:,}" if whole else f" {shown:,}/{total:,}"
    count, short = (count, short) if loaded else ("", "")
    plus = " · +archived" if archived else ""
    forms = [
        f"Contacts{count}{at}{plus} · by {sort}",
        f"Contacts{count}{at}{plus} · {sort}",
        f"Contacts{short}{at}{plus} · {sort}",
        f"Contacts{short}{at}{' +archived' if archived else ''} · {sort}",
    ]
    return next((f for f in forms if cell_len(f) <= room), forms[-1])


class DashboardScreen(NurtureScreen[None]):
    COMMANDS = NurtureScreen.COMMANDS | {DashboardCommands}
    BINDINGS = bindings(DASHBOARD)
    BACK = None  # esc clears the filter (key_escape); q is in the table
    QUIT = False

    #: The contact the card, the timeline and the contact actions are about.
    selected_id: reactive[str | None] = reactive(None, init=False, repaint=False)  # the panes redraw themselves

    def __init__(self) -> None:
        super().__init__()
        self.network: Network | None = None
        #: What the last load brought (the next one keeps what did not change).
        self.view: Overview | None = None
        self.version: tuple | None = None
        self.rows: list[ContactRow] = []
        #: The rows the list shows before the first full load lands: names only.
        self.names_only = False
        #: The steps the *Undo* links of notices still showing stand for (newest last, a few).
        self._undo_links: dict[int, Step] = {}
        #: The last filter: the rows it started from, what was typed, what it kept.
        self._filtered: tuple[list[ContactRow], str, list[ContactRow]] | None = None
        #: Shows the card once queued keys are handled (``watch_selected_id``).
        self._detail_timer: Timer | None = None
        #: Which of the actions that come and go were enabled when the footer was last drawn.
        self._enabled: tuple[bool | None, ...] | None = None
        #: The rows of one target company's people: (from these rows, that company, its people).
        self._at_rows: tuple[list[ContactRow], str, list[ContactRow]] | None = None
        self.queue: list[QueueItem] = []
        self.sort = SORTS[0]
        #: A target company whose people alone the list shows (its Show people), until esc.
        self.at_target: str | None = None
        #: The search screen's query and results, shown again when it reopens.
        self.last_search = LastSearch()
        #: Reloads the queue when a booked appointment starts or ends (``_watch_appointments``).
        self._appointment_timer: Timer | None = None
        #: When that is.
        self._next_change: datetime | None = None
        #: Whether the list shows the archived contacts too, greyed (A).
        self.show_archived = False
        #: The rows with the archived ones: (from these rows, that network, the rows shown).
        self._with_archived: tuple[list[ContactRow], Network, list[ContactRow]] | None = None
        #: The meetings in progress (newest first), and the header's text without them.
        self.meetings: list[MeetingDraft] = []
        self._sub_title = ""
        #: That text in parts: the date, the counts, the review (dropped in that order for a meeting).
        self._sub_parts: tuple[str, ...] = ()
        #: How many rows the list shows (the pane's title).
        self._shown_count: int | None = None
        #: The person an undo was about: highlighted once the reload after it lands.
        self._after_undo: str | None = None
        #: Sync (git): this machine's last sync as last read (the header), and whether one is running.
        self.sync_status: SyncStatus | None = None
        self.syncing = False
        self._sync_on_start = False  # (the first load's sync, once the last sync is read)

    # --- layout ---------------------------------------------------------------------------

    def body(self):
        with Vertical(id="left"):
            with Vertical(id="queue-pane"):
                yield QueueList(id="queue")
            with Vertical(id="contacts-pane"):
                yield Input(placeholder="/ filter: name, company, role, tag", id="filter")
                yield ContactList(id="contacts")
        yield ContactDetail(id="detail")

    def get_loading_widget(self) -> Static:
        """A still "Loading…" rather than Textual's animated indicator: the animation's redraws
        hold the interpreter lock the loading worker needs (about 0.1 s slower at 10,000)."""
        return Static("Loading…", classes="loading-note", markup=False)

    def on_mount(self) -> None:
        self.query_one("#queue-pane").border_title = "Queue"
        self.query_one("#detail").border_title = "Contact"
        self._title_contacts()
        self.query_one("#queue", QueueList).focus()
        for pane in LOADING_PANES:  # until the first load lands (a moment, at 10,000 contacts)
            self.query_one(pane).loading = True
        self.load()
        self.set_interval(self.host.poll_interval, self.poll)
        self.set_interval(MINUTE, self.minute_passed)
        self._settle_copies()

    # --- data -------------------------------------------------------------------------------

    def load(self) -> None:
        """Read everything and compute the queue in a worker: the UI never waits on the disk.
        The first load shows the names as soon as they are read, the rest when it is."""
        with suppress(NurtureError):  # the load says it
            self.version = self.service.data_version()
        today, sort = self.today, self.sort
        first = self.network is None
        first_read = self.host.first_load_read if first else None
        names = self.early(self.show_names) if first and not self.names_only else None
        previous = self.view
        quiet = self.host.collector_paused if first else nullcontext
        self.load_in_background(
            lambda service: _read(service, today, sort, first_read, names, previous, quiet),
            self.apply,
            self._unreadable,
        )

    def reload_if_changed(self) -> None:
        """Load again only if what the dashboard shows changed since it was read (another
        screen saved, or another process): coming back from a screen that saved nothing
        reads nothing and keeps everything as it was."""
        try:
            version = self.service.data_version()
        except NurtureError:
            version = None
        if version is None or version != self.version:
            self.load()

    def show_names(self, rows: list[ContactRow]) -> None:
        """The names, while the rest of the first load is read: the list can be browsed and
        filtered already; the queue and the cards follow."""
        if self.network is not None:
            return
        self.rows, self.names_only = rows, True  # by name: the other orders need what is still read
        self.query_one("#contacts", ContactList).today = self.today
        self.query_one("#contacts").loading = False
        self.refresh_contacts()

    def _unreadable(self, error: NurtureError) -> None:
        """A damaged file (said as a notice already): with nothing shown yet, the contact pane
        says what happened and what to do."""
        if self.network is None:
            self.query_one(ContactDetail).show_problem(str(error))

    def poll(self) -> None:
        """Pick up changes made by another process (the shell) without a restart."""
        try:
            version = self.service.data_version()
        except NurtureError:
            return
        if version != self.version:
            self.load()

    def minute_passed(self) -> None:
        """The meeting rows say how long until they start: redrawn, nothing read. A start or end
        passed unnoticed (the machine slept through its timer) reloads the queue."""
        if self.network is None:
            return
        self._show_meetings()  # "in progress, 12 min"
        now = self.service.moment()
        if self._next_change is not None and now >= self._next_change:
            self._appointments_changed()
            return
        self.query_one("#queue", QueueList).tick(now)
        if self.selected_id is not None and (
            self.selected_id in self.network.booked or any(d.contact_id == self.selected_id for d in self.meetings)
        ):
            self.show_detail()  # the card's "(in 2 h 10 min)", "meeting in progress, 12 min"

    def _watch_appointments(self, network: Network, now: datetime | None) -> None:
        """Reload the queue when the next booked appointment starts or ends, so a meeting turns
        into log-meeting on time with no key pressed."""
        if self._appointment_timer is not None:
            self._appointment_timer.stop()
            self._appointment_timer = None
        self._next_change = next_change(network, now) if now is not None else None
        if self._next_change is not None and now is not None:
            delay = (self._next_change - now).total_seconds()
            self._appointment_timer = self.set_timer(max(delay, 0.0) + 1.0, self._appointments_changed)

    def _appointments_changed(self) -> None:
        self._appointment_timer = self._next_change = None
        self.load()

    def apply(self, view: Overview) -> None:
        today = view.today
        first_load = self.network is None
        self.network, self.queue, self.names_only, self.view = view.network, view.queue, False, view
        detail = self.query_one(ContactDetail)
        for contact_id, history in view.timelines.items():
            detail.known(view.network, contact_id, history)
        self.rows = view.rows if view.sort == self.sort else sort_rows(view.rows, self.sort)
        counts = f"{view.overdue:,} overdue · {view.due_today:,} today"
        review = review_status(view.network, today)
        self._sub_parts = (f"{today:%a %d %b}", counts, *([review] if review else []))
        self._sub_title = " · ".join(self._sub_parts)
        self._show_meetings()
        self._read_meetings()
        queue_list = self.query_one("#queue", QueueList)
        queue_list.today, queue_list.now = today, view.now
        queue_list.appointments = {a.id: a for a in view.network.appointments if a.booked}
        self._watch_appointments(view.network, view.now)
        keep = queue_list.current
        rows = sectioned(self.queue, today)
        queue_list.set_rows(rows, cursor=rows.index(keep) if keep in rows else None)
        self.query_one("#queue-pane").border_title = f"Queue · {view.overdue:,} overdue · {view.due_today:,} today"
        self.query_one("#contacts", ContactList).today = today
        self.refresh_contacts()
        if first_load:
            for pane in LOADING_PANES:
                self.query_one(pane).loading = False
            moved = self.query_one("#contacts-pane").has_focus_within  # to the names meanwhile
            if not moved and not self.query_one("#filter", Input).value:  # never undo what was done meanwhile
                self._follow_queue(always=True)  # start on the queue's first item
        if self._after_undo is not None:
            self._show_undone()
        self.bindings_may_change()
        self._read_sync(sync_on_start=first_load and view.network.settings.sync_on_start)

    def _follow_queue(self, always: bool = False) -> None:
        """While the queue has focus, the contact pane and list show its highlighted person."""
        queue = self.query_one("#queue", QueueList)
        item = queue.current
        if (always or queue.has_focus_within) and isinstance(item, QueueItem):
            self.go_to(item.contact_id, focus=False)

    def refresh_contacts(self, best: bool = False) -> None:
        """The list's rows as filtered and ranked; ``best``: select the first-ranked match (and
        so show the top of the list) rather than keep the person selected (typing a filter)."""
        query = self.query_one("#filter", Input).value
        rows = self._at_target_rows() if self.at_target else self._listed_rows()
        last = self._filtered
        if last is not None and last[0] is rows and narrows(query, last[1]):
            kept = filter_rows(last[2], query)  # a word typed on: only what it kept before
        else:
            kept = filter_rows(rows, query)  # self.rows is kept in the chosen order
        self._filtered = (rows, query, kept)
        shown = rank_rows(kept, query)  # closest matches first ("ana": Ana before Johanna)
        contact_list = self.query_one("#contacts", ContactList)
        contact_list.sort = self.sort  # the last column says what the rows are sorted by
        nobody = not rows and not self.names_only and self.network is not None and not self.network.contacts
        contact_list.empty_text = "No contacts yet — a to add, i to import." if nobody else "No contacts match."
        if best and shown:
            contact_list.set_rows(shown, cursor=0)
        else:
            contact_list.set_rows(shown, keep=self.selected_id)
        if not shown:
            self.selected_id = None
        self._title_contacts(len(shown))
        self.show_detail()

    def _listed_rows(self) -> list[ContactRow]:
        """The list's rows: everyone not archived, and with ``show_archived`` the archived
        ones too (worked out once per load)."""
        network = self.network
        if not self.show_archived or network is None:
            return self.rows
        cached = self._with_archived
        if cached is None or cached[0] is not self.rows or cached[1] is not network:
            cached = (self.rows, network, sort_rows([*self.rows, *archived_rows(network, self.today)], self.sort))
            self._with_archived = cached
        return cached[2]

    def _at_target_rows(self) -> list[ContactRow]:
        """The people of the target company shown (``at_target``), worked out once per load."""
        target = self.at_target or ""
        cached = self._at_rows
        if cached is None or cached[0] is not self.rows or cached[1] != target:
            cached = (self.rows, target, at_company(self.rows, target))
            self._at_rows = cached
        return cached[2]

    def _title_contacts(self, shown: int | None = None) -> None:
        if shown is not None:
            self._shown_count = shown
        shown = self._shown_count
        total = len(self._listed_rows())
        loaded = self.network is not None or self.names_only
        at = f" · at {screen_text(self.at_target)}" if self.at_target else ""  # esc shows everyone
        pane = self.query_one("#contacts-pane")
        pane.border_title = Content(
            contacts_title(total, shown, loaded, at, self.show_archived, self.sort, pane.size.width - 6)
        )

    def show_detail(self) -> None:
        """The selected contact's card and timeline, as the network last loaded has them
        (before it has, the name the list shows)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        contact: Contact | Listed | None = None
        if self.network is not None and self.selected_id:
            contact = self.network.contacts.get(self.selected_id)
        elif self.names_only and self.selected_id:
            row = self.query_one("#contacts", ContactList).current
            contact = row.contact if row is not None and row.contact.id == self.selected_id else None
        now = self.service.moment() if self.network is not None else None
        draft = next((d for d in self.meetings if d.contact_id == self.selected_id), None)
        started = draft.started if draft is not None else None
        self.query_one(ContactDetail).show(self.network, contact, self.today, now, (started, self.clock()))

    # --- selection --------------------------------------------------------------------------

    def watch_selected_id(self) -> None:
        if self.host.keys_waiting():
            # More keys are queued (a burst, a key held down): the card of each person passed on
            # the way would be laid out and drawn for nothing. The one the keys stop on is shown.
            self._detail_later()
        else:
            self.show_detail()
        self.bindings_may_change()  # the contact actions are enabled or not

    def _detail_later(self) -> None:
        if self._detail_timer is None:
            self._detail_timer = self.set_timer(DETAIL_WAIT, self._detail_due)

    def _detail_due(self) -> None:
        self._detail_timer = None
        if self.host.keys_waiting():
            self._detail_later()
        else:
            self.show_detail()

    def bindings_may_change(self) -> None:
        """Redraw the footer if an action came or went: not on every move from one person to
        the next (redrawing it is most of what a key costs)."""
        enabled = tuple(self.check_action(a, ()) for a in ("add", "edit", "done", "undo"))
        if enabled != self._enabled:
            self._enabled = enabled
            self.refresh_bindings()

    @on(ContactList.Highlighted)
    def _contact_highlighted(self, event: ContactList.Highlighted) -> None:
        self.selected_id = event.contact_id

    @on(QueueList.Highlighted)
    def _queue_highlighted(self) -> None:
        self._follow_queue()
        self.bindings_may_change()

    @on(events.DescendantFocus, "#queue")
    def _queue_focused(self) -> None:
        """Back on the queue (tab, a click): the card shows its highlighted person again."""
        self._follow_queue()

    @on(ContactList.Chosen)
    def _contact_chosen(self) -> None:
        self.query_one(ContactDetail).focus()

    @on(QueueList.Chosen)
    def _queue_chosen(self, event: QueueList.Chosen) -> None:
        self.go_to(event.item.contact_id)

    def go_to(self, contact_id: str, focus: bool = True) -> None:
        """Select a contact in the list (clearing a filter that hides it)."""
        contact_list = self.query_one("#contacts", ContactList)
        index = contact_list.index_of(contact_id)
        if index is None:
            self.query_one("#filter", Input).value = ""
            self.at_target = None
            self.selected_id = contact_id  # the list keeps its cursor on them
            self.refresh_contacts()
            index = contact_list.index_of(contact_id)
        if index is not None:
            contact_list.move_to(index)
        self.selected_id = contact_id
        if focus:
            contact_list.focus()

    def selected(self) -> Contact | None:
        if self.network is None or self.selected_id is None:
            return None
        return self.network.contacts.get(self.selected_id)

    def queue_item(self) -> QueueItem | None:
        current = self.query_one("#queue", QueueList).current
        return current if isinstance(current, QueueItem) else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "add":  # the form checks names against everyone: wait for the first load
            return True if self.network is not None else None
        if action in NEEDS_CONTACT:  # (with nobody yet, each says to add someone first)
            nobody = self.network is not None and not self.network.contacts
            return True if nobody or self.selected() is not None else None
        if action == "done":
            return True if self.queue_item() is not None else None
        return True  # ctrl+z too: with nothing to undo it says so

    # --- filter and sort ----------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # typing: the best match selected and in view; cleared: the person selected stays
        self.refresh_contacts(best=bool(event.value.strip()) and event.input.has_focus)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one("#contacts", ContactList).focus()

    def key_escape(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus or box.value or self.at_target:
            box.value = ""
            if self.at_target:
                self.at_target = None
                self.refresh_contacts()
            self.query_one("#contacts", ContactList).focus()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.rows = sort_rows(self.rows, self.sort)
        self.refresh_contacts()
        self.notify(f"Contacts sorted by {self.sort}", timeout=2)

    # --- forms and actions ----------------------------------------------------------------------

    def after_save(self) -> None:
        self.load()

    def action_add(self) -> None:
        network = self.network
        if network is None:
            return

        def saved(request: ContactRequest | None) -> None:
            if request is None:
                return

            def added(contact: Contact) -> None:
                # Whatever the queue was showing, the next key (l, f, e…) is about the new person.
                self.selected_id = contact.id
                self.query_one("#filter", Input).value = ""
                self.at_target = None
                self.query_one("#contacts", ContactList).focus()
                self._say(sentence(f"Added {contact.name}"))

            self._save(lambda: self.service.add_contact(request), added)

        self._ask(lambda: ContactForm(network, self.today), saved)

    def action_edit(self) -> None:
        contact, network = self.selected(), self.network
        if contact is None or network is None:
            return

        def saved(request: ContactRequest | None) -> None:
            if request is None:
                return
            edits = request.edits_to(contact)
            if not edits:
                self.notify("Nothing changed.", timeout=3)
                return
            self._save_edits(contact, edits)

        self._ask(lambda: ContactForm(network, self.today, contact), saved)

    def _save_edits(self, original: Contact, edits: dict) -> None:
        """Save the user's edits; if another process changed the same fields meanwhile, show
        both and let the user choose. Never overwrite silently."""

        def saved(contact: Contact) -> None:
            elsewhere = [k for k in EDITABLE if k not in edits and getattr(contact, k) != getattr(original, k)]
            also = f" Kept what was changed elsewhere meanwhile: {', '.join(elsewhere)}." if elsewhere else ""
            self._say(sentence(f"Saved {contact.name}") + also)

        def conflicted(error: NurtureError) -> bool:
            if not isinstance(error, ConflictError):
                return False
            reopen = self._reopen  # the edit form, should saving the choice fail

            def chosen(choice: str | None) -> None:
                if choice is None:
                    self.notify("Nothing saved.", timeout=3)
                    self.load()
                    return
                keep = (
                    edits
                    if choice == KEEP_MINE
                    else {k: v for k, v in edits.items() if k not in {f for f, _, _ in error.conflicts}}
                )
                if keep:
                    version = "your" if choice == KEEP_MINE else "their"
                    with self._answering(reopen):
                        self._save(
                            lambda: self.service.update_contact(original.id, **keep),
                            lambda c: self._say(f"Saved {c.name} ({version} version)."),
                            undo=f"edit of {original.name}",
                        )
                else:
                    self.load()

            self.app.push_screen(ConflictScreen(error), chosen)
            return True

        self._save(
            lambda: self.service.update_contact(original.id, expected=original, **edits),
            saved,
            conflicted,
            undo=f"edit of {original.name}",
        )

    def action_log(self, kind: str = "coffee") -> None:
        contact = self.selected()
        if contact is None:
            return

        def saved(request: LogRequest | None) -> None:
            if request is None:
                return

            def logged(result) -> None:
                stage = f" {contact.name} is now {result.contact.stage}." if result.stage_changed else ""
                self._say(sentence(f"Logged {request.kind} with {contact.name}") + stage)

            self._save(lambda: self.service.log(request), logged, undo=f"logged {request.kind} with {contact.name}")

        self._ask(lambda: LogForm(contact, self.today, kind, self.service.date_order()), saved)

    def action_followup(self) -> None:
        contact = self.selected()
        if contact is None:
            return

        def saved(request: FollowUpRequest | None) -> None:
            if request is not None:
                self._save(
                    lambda: self.service.add_followup(request),
                    lambda _: self._say(f"Follow-up with {contact.name} on {request.due:%a %d %b}."),
                    undo=f"scheduling a follow-up with {contact.name} on {request.due:%a %d %b}",
                )

        self._ask(lambda: FollowUpForm(contact, self.today, self.service.date_order()), saved)

    def action_snooze(self) -> None:
        contact = self.selected()
        if contact is None:
            return

        def saved(request: SnoozeRequest | None) -> None:
            if request is not None:
                self._save(
                    lambda: self.service.snooze(request),
                    lambda _: self._say(f"{contact.name} is snoozed until {request.until:%a %d %b}."),
                    undo=f"snooze of {contact.name}",
                )

        self._ask(lambda: SnoozeForm(contact, self.today, self.service.date_order()), saved)

    def action_archive(self) -> None:
        contact = self.selected()
        if contact is None:
            return
        if contact.archived:  # shown with A: x brings them back
            self._save(
                lambda: self.service.archive(contact.id, archived=False),
                lambda c: self._say(f"{c.name} is back."),
                undo=f"bringing back {contact.name}",
            )
            return

        def archived(_) -> None:
            if self.selected_id == contact.id:
                self.selected_id = None
            self.bindings_may_change()
            step = self.service.undo.newest()  # this archive's: the link undoes it, and only it
            if step is not None:
                self._undo_links = dict(list(self._undo_links.items())[-9:]) | {id(step): step}
            undo = Content.from_markup(
                f"$archived [@click=screen.undo_step({id(step)})][b u]Undo[/b u][/] (ctrl+z)",
                archived=sentence(f"Archived {screen_text(contact.name)}"),
            )
            # Textual's toast passes a Content through ``Content.from_markup`` unchanged (the name
            # is a substituted variable, never parsed); its signature only says ``str``.
            self.notify(cast(str, undo), timeout=10)

        self._save(lambda: self.service.archive(contact.id), archived, undo=f"archive of {contact.name}")

    def action_undo_step(self, key: int) -> None:
        """The *Undo* link of a notice: undo that step if it is still the newest; after newer
        changes, say so rather than undo another one."""
        step = self._undo_links.pop(key, None)
        if step is None or self.service.undo.newest() is not step:
            self.notify("Newer changes were made since: ctrl+z steps back through them, newest first.", timeout=6)
            return
        self.action_undo()

    def undone(self, step: Step) -> None:
        """Undone: said, and the person it was about shown and highlighted once the reload lands
        (an archived one is back in the list, a snoozed one back in the queue), so every key acts
        on whom the card shows."""
        super().undone(step)
        who = step.contact_id
        before = next((c.before for c in step.changes if c.kind == "contacts" and c.id == who), None)
        if who is not None and not (isinstance(before, Contact) and before.archived):
            self._after_undo = who
            self.selected_id = who
        self.bindings_may_change()

    def _show_undone(self) -> None:
        """After the reload an undo started: its person highlighted in the focused list, their
        queue row if the queue has focus and they have one, else their row in the contact list."""
        who, self._after_undo = self._after_undo, None
        if who is None or self.network is None or who not in self.network.contacts:
            return
        queue = self.query_one("#queue", QueueList)
        if queue.has_focus_within or self.focused is None:
            row = next((i for i, r in enumerate(queue.rows) if isinstance(r, QueueItem) and r.contact_id == who), None)
            if row is not None:
                queue.move_to(row)
                self.selected_id = who
                return
            self.go_to(who)
            return
        self.go_to(who, focus=self.query_one("#contacts", ContactList).has_focus)

    def action_help(self) -> None:
        """Every key; ctrl+z's line says what it would undo."""
        label = self.service.undo.next_label()
        said = (
            f"undoes: {label} (then the one before, up to {KEEP} back)"
            if label is not None
            else f"the last change made here, up to {KEEP} back: {self.service.undo.nothing()}"
        )
        actions = tuple(replace(a, explain=said) if a.action == "undo" else a for a in DASHBOARD)
        self.app.push_screen(HelpScreen(actions))

    def action_show_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.refresh_contacts()
        if self.show_archived:
            self.notify("Archived contacts shown, greyed: x on one brings them back; A hides them.", timeout=4)
        else:
            self.notify("Archived contacts hidden.", timeout=2)

    def action_delete(self) -> None:
        contact = self.selected()
        if contact is None:
            return

        def confirm(gone: Erasure) -> None:
            def answered(yes: bool | None) -> None:
                if yes:
                    self._save(lambda: self.service.delete_contact(contact.id), deleted)

            self.app.push_screen(DeleteScreen(gone), answered)

        def deleted(gone: Erasure) -> None:
            self.service.undo.mark(f"Deleting {contact.name} for good", f"deleting {contact.name} for good")
            if self.selected_id == contact.id:
                self.selected_id = None
            self._say(sentence(f"Deleted {contact.name} for good, with everything of theirs"))

        self.load_in_background(lambda service: service.erasure(contact.id), confirm, group="delete")

    def action_book(self) -> None:
        contact, network = self.selected(), self.network
        if contact is None or network is None:
            return
        now = self.service.moment()
        booked = next_booked(network.booked.get(contact.id, []), now)
        order = self.service.date_order()

        def saved(answer: BookRequest | MoveBooked | CancelBooked | None) -> None:
            if isinstance(answer, CancelBooked):
                self._cancel_booked(contact, answer)
            elif isinstance(answer, MoveBooked):
                self._save(
                    lambda: self.service.move_appointment(answer.appointment.id, answer.request),
                    self._moved,
                    undo=f"change of the conversation with {contact.name}",
                )
            elif answer is not None:
                self._save(lambda: self.service.book(answer), self._booked, undo=f"booking with {contact.name}")

        self._ask(lambda: BookForm(contact, self.today, now, order, booked), saved)

    def _moved(self, result) -> None:
        """Say what changed: from when to when (or that it stays at its time)."""
        now, zone = self.service.moment(), self.service.zone()
        who = self.network.contacts.get(result.appointment.contact_id) if self.network is not None else None
        name = who.name if who is not None else "them"
        was, now_at = when_text(result.before, zone, self.today), booked_text(result.appointment, now, self.today)
        said = f"Changed the conversation with {name}: " + (
            f"{was} → {now_at}." if result.before.start != result.appointment.start else f"{now_at}."
        )
        said += self._overlaps(result.overlaps, now)
        self.app.notify(screen_text(said), markup=False, severity="warning" if result.overlaps else "information")

    def _overlaps(self, overlaps: list, now) -> str:
        """' It overlaps with Ravi Patel, Thu 3 Dec 15:10 · 20 min (in 4 days).' for each."""
        said = ""
        for other in overlaps:
            who = self.network.contacts.get(other.contact_id) if self.network is not None else None
            said += f" It overlaps with {who.name if who else 'someone'}, {booked_text(other, now, self.today)}."
        return said

    def _booked(self, result) -> None:
        """Say what was booked: with whom, when, where; the stage it moved them to; overlaps."""
        now = self.service.moment()
        said = f"Booked {result.contact.name}: {booked_text(result.appointment, now, self.today)}."
        if result.stage_changed:
            said += f" {result.contact.name} is now {result.contact.stage}."
        said += self._overlaps(result.overlaps, now)
        self.app.notify(screen_text(said), markup=False, severity="warning" if result.overlaps else "information")

    def _cancel_booked(self, contact: Contact, answer: CancelBooked) -> None:
        def cancelled(result) -> None:
            stage = f" {contact.name} is back at {result.contact.stage}." if result.stage_changed else ""
            self._say(f"Cancelled the appointment with {contact.name}.{stage}")

        self._save(
            lambda: self.service.cancel_appointment(answer.contact_id, answer.appointment.id),
            cancelled,
            undo=f"cancelling the appointment with {contact.name}",
        )

    def action_done(self) -> None:
        item = self.queue_item()
        if item is None:
            return
        if item.reason in (LOG_MEETING, PREPARE, MEETING_DUE):
            self._appointment_done(item)
            return

        def saved(request: LogRequest | None) -> None:
            if request is None:
                return
            self._save(
                lambda: self.service.log(request),
                lambda _: self._say(f"Done: {item.reason} for {item.name} (logged {request.kind})."),
                undo=f"{item.reason} with {item.name} marked done",
            )

        self._ask(lambda: DoneForm(item), saved)

    def _appointment_done(self, item: QueueItem) -> None:
        """``d`` on an appointment's item: log it (log-meeting), prepare the questions
        (prepare), or meet (meeting mode, for meeting)."""
        network = self.network
        contact = network.contacts.get(item.contact_id) if network is not None else None
        if network is None or contact is None:
            return
        if item.reason == PREPARE:
            self.app.push_screen(PrepScreen(contact))
            return
        appointment = next((a for a in network.appointments if a.id == item.ref), None)
        if item.reason == MEETING_DUE:
            if appointment is not None and appointment.day(self.service.zone()) != self.today:
                # not today: meeting mode would start a meeting now; what is to do ahead is to prepare
                when = when_text(appointment, self.service.zone(), self.today)
                self._say(f"The meeting with {contact.name} is {when}: meeting mode is for the day itself. "
                          "Prepare your questions meanwhile.")  # fmt: skip
                self.app.push_screen(PrepScreen(contact))
                return
            self.app.push_screen(MeetingScreen(contact), self._open_returned)
            return
        if appointment is None:
            return
        zone, order = self.service.zone(), self.service.date_order()

        def saved(request: LogRequest | None) -> None:
            if request is None:
                return

            def logged(result) -> None:
                stage = f" {contact.name} is now {result.contact.stage}." if result.stage_changed else ""
                held = " The appointment is marked held; thank them next." if result.held else ""
                self._say(sentence(f"Logged {request.kind} with {contact.name}") + stage + held)

            self._save(lambda: self.service.log(request), logged, undo=f"logged {request.kind} with {contact.name}")

        self._ask(lambda: MeetingLogForm(contact, self.today, appointment, zone, order), saved)

    def action_import(self) -> None:
        def imported(result) -> None:
            self.load()
            if result is None:
                return
            # not undoable: ctrl+z says so when it reaches it, rather than undo what came before
            self.service.undo.mark(f"The import of {result.path.name}", f"import of {result.path.name}")
            if isinstance(result, MailResult):  # a mailbox: touches logged, no one added
                self.notify(screen_text(mail_notice(result), keep_newlines=True), title="Mail imported",
                            markup=False, timeout=10)  # fmt: skip
                return
            created = result.plan.created
            if created:  # show the first new person, so the import is visible at once
                self.selected_id = min(created, key=lambda c: c.name.casefold()).id
                self.query_one("#filter", Input).value = ""
                self.at_target = None
            plan = result.plan  # rows skipped or merged are named, so they can be found in the file
            lines = [f"{result.path.name}: {result.summary()}"]
            lines += notice_lines(plan.warnings, plan.skipped, plan.merged)
            self.notify(screen_text("\n".join(lines), keep_newlines=True), title="Imported", markup=False, timeout=10)

        self.app.push_screen(ImportScreen(), imported)

    def action_export(self) -> None:
        def exported(done: Exported | None) -> None:
            if done is not None:
                self.notify(
                    screen_text(
                        f"{FORMAT_NAMES[done.format]} written to {done.path} "
                        f"({count(done.size, 'byte')}, readable only by you)."
                    ),
                    title="Exported",
                    markup=False,
                    timeout=8,
                )

        self.app.push_screen(ExportScreen(), exported)

    def action_settings(self) -> None:
        network = self.network
        if network is None:
            return

        def saved(values: dict | None) -> None:
            if values is None:
                return
            if not values:
                self.notify("Nothing changed.", timeout=3)
                return
            before = network.settings
            self._save(
                lambda: self.service.update_settings(**values),
                lambda after: self._say(changes_said(before, after)),
                undo=lambda after: f"settings change ({changes_said(before, after).rstrip('.')})",
            )

        self._ask(lambda: SettingsForm(network.settings), saved)

    def _open_returned(self, contact_id: str | None) -> None:
        """Back from a full-screen view: reload if it saved, open whom it chose."""
        self.reload_if_changed()
        self._read_meetings()  # meeting mode may have kept, ended or discarded one
        if contact_id is not None and self.network is not None and contact_id in self.network.contacts:
            self.go_to(contact_id)

    def action_pipeline(self) -> None:
        self.app.push_screen(PipelineScreen(self.selected_id), self._open_returned)

    def action_meeting(self) -> None:
        """Meeting mode with the selected person (resumed, when one is in progress with them);
        with a meeting in progress with someone else, it offers to resume that one first."""
        contact = self.selected()
        if contact is None or self.network is None:
            return

        def read(found: list[MeetingDraft]) -> None:
            self._meetings_read(found)
            self._meet(contact)

        def unread(_: NurtureError) -> None:  # meeting mode says why as it opens
            self.app.push_screen(MeetingScreen(contact), self._open_returned)

        # what is in progress now (another window or the shell may have kept or ended one since
        # the last read), read in a worker; keys typed meanwhile wait for what it opens
        self.hold_keys(self.in_background(lambda service: service.meetings_in_progress(), read, unread, "meet"))

    def _meet(self, contact: Contact) -> None:
        other = self._meeting_elsewhere(contact.id)
        if other is None:
            self.app.push_screen(MeetingScreen(contact), self._open_returned)
            return
        them, draft = other

        def answered(answer: str | None) -> None:
            if answer in ("resume", "new"):
                chosen = them if answer == "resume" else contact
                self.app.push_screen(MeetingScreen(chosen), self._open_returned)

        self.app.push_screen(
            KeyQuestion(
                "A meeting is in progress",
                sentence(in_progress_text(them.name, draft.started, self.clock()))
                + f" Resume it, or start another one with {contact.name}?",
                [Answer("r", f"Resume {them.name}", "resume"), Answer("s", "Start another", "new")],
                back="Neither",
            ),
            answered,
        )

    def _meeting_elsewhere(self, contact_id: str) -> tuple[Contact, MeetingDraft] | None:
        """The newest meeting in progress with someone else, unless one is with this person."""
        network = self.network
        if network is None or any(d.contact_id == contact_id for d in self.meetings):
            return None
        found = ((network.contacts.get(d.contact_id), d) for d in self.meetings)
        return next(((c, d) for c, d in found if c is not None), None)

    def _read_meetings(self) -> None:
        # unreadable: said by meeting mode when it opens, not at every reload here
        self.in_background(
            lambda service: service.meetings_in_progress(), self._meetings_read, lambda _: None, group="meetings"
        )

    def _meetings_read(self, found: list[MeetingDraft]) -> None:
        """The meetings in progress as just read: the header and the card say them."""
        changed = found != self.meetings
        self.meetings = found
        self._show_meetings()
        if changed:
            self.show_detail()  # the card's "meeting in progress, 12 min — m to resume"

    def _show_meetings(self) -> None:
        """The header: the day's counts, and the meeting in progress (the newest, if several)."""
        network = self.network
        names = [
            network.contacts[d.contact_id].name for d in self.meetings if network and d.contact_id in network.contacts
        ]
        said = self._sub_title
        room = self.size.width - HEADER_FRAME - cell_len(self.title or self.app.title) - len(" — ")
        if names:
            draft = next(d for d in self.meetings if d.contact_id in network.contacts)  # type: ignore[union-attr]
            more = f" (+{len(names) - 1} more)" if len(names) > 1 else ""
            meeting = f"{in_progress_text(names[0], draft.started, self.clock())}{more}"
            said = header_line(meeting, self._sub_parts, room)
        self.app.sub_title = self._with_sync(said, room)

    def on_resize(self) -> None:
        self._show_meetings()  # the header keeps what fits
        self.call_after_refresh(self._title_contacts)  # and the contact pane's title, once laid out

    def action_outreach(self) -> None:
        contact = self.selected()
        if contact is not None and self.network is not None:
            stage = self.network.stage(contact, self.today)
            self.app.push_screen(OutreachScreen(contact, stage), self._open_returned)

    def action_target(self) -> None:
        contact = self.selected()
        if contact is None:
            return
        if not contact.company.strip():
            self.notify(screen_text(f"{contact.name} has no company on their card: e adds it."), markup=False)
            return
        self._save(
            lambda: self.service.add_target(contact.company),
            lambda t: self._say(f"{t.name} is now a target company (T shows whom you know there)."),
            undo=lambda t: f"target {t.name} added",
        )

    def action_targets(self) -> None:
        def chosen(company: str | None) -> None:
            if company:  # everyone whose company is that one (legal forms ignored), until esc
                self.query_one("#filter", Input).value = ""
                self.at_target = company
                self.refresh_contacts()
                self.query_one("#contacts", ContactList).focus()

        self.app.push_screen(TargetsScreen(), chosen)

    def action_chain(self) -> None:
        contact = self.selected()
        if contact is not None and self.network is not None:
            self.app.push_screen(ChainScreen(self.network, contact.id), self._open_returned)

    def action_prep(self) -> None:
        contact = self.selected()
        if contact is not None:
            self.app.push_screen(PrepScreen(contact))

    def action_commitments(self) -> None:
        self.app.push_screen(CommitmentsScreen(), self._open_returned)

    def action_search(self) -> None:
        self.app.push_screen(SearchScreen(self.last_search), self._search_chosen)

    def _search_chosen(self, chosen: Chosen | None) -> None:
        """Back from the search: open the person of the match chosen, their timeline scrolled to
        that conversation (or their card, for a match on the contact)."""
        self.reload_if_changed()
        if chosen is None or self.network is None or chosen.contact_id not in self.network.contacts:
            return
        self.go_to(chosen.contact_id, focus=False)
        detail = self.query_one(ContactDetail)
        detail.reveal(chosen.contact_id, chosen.interaction_id)
        detail.focus()

    def action_review(self) -> None:
        first_weekday = self.network.settings.first_weekday if self.network is not None else 0
        self.app.push_screen(ReviewScreen(self.today, first_weekday), lambda _: self.reload_if_changed())

    def action_more_history(self) -> None:
        if not self.query_one(ContactDetail).show_more():
            self.notify("The whole timeline is shown.", timeout=2)

    # --- sync (git) and conflict copies: the header's last sync, the card's conflicts --------------

    def _with_sync(self, said: str, room: int) -> str:
        """The header's text with the sync's few words ("synced 3 min ago", the last error) where
        sync is set up and they fit in ``room`` cells: given up first when space is short."""
        status = self.sync_status
        text = "syncing…" if self.syncing else status.header(self.service.moment()) if status is not None else ""
        whole = f"{said} · {text}" if said and text else said or text
        return whole if cell_len(whole) <= room else said

    def _read_sync(self, sync_on_start: bool = False) -> None:
        """After a load: the last sync (the header) and the sync conflicts (the card), read in a
        worker. ``sync_on_start`` (the first load, with that setting): then a sync, if set up."""
        if sync_on_start:
            self._sync_on_start = True

        def read(service: Nurture) -> tuple[SyncStatus, list[SyncConflict]]:
            return service.sync.last(), service.sync.conflicts()

        self.in_background(read, self._sync_read, lambda _: None, group="sync-read")  # damage: doctor says it

    def _sync_read(self, found: tuple[SyncStatus, list[SyncConflict]]) -> None:
        status, conflicts = found
        self.sync_status = status
        by_contact: dict[str, tuple[SyncConflict, ...]] = {}
        for c in conflicts:
            if c.contact_id:
                by_contact[c.contact_id] = (*by_contact.get(c.contact_id, ()), c)
        detail = self.query_one(ContactDetail)
        if by_contact != detail.conflicts:
            detail.conflicts = by_contact
            self.show_detail()
        self._show_meetings()  # the header
        if self._sync_on_start:
            self._sync_on_start = False
            if status.configured:
                self.action_sync_now()

    def action_sync_now(self) -> None:
        """Sync through git in a thread of its own (``screens/syncing.py``); the header says
        "syncing…" meanwhile, a notice what it did; then the dashboard reloads."""
        if self.syncing:
            self.notify("Already syncing…", timeout=3)
            return
        status = self.sync_status
        if status is not None and not status.configured:
            self.notify("Not set up for sync yet. In a shell: nurture sync --init URL (a git remote you own); "
                        "the README's 'Use it on several machines' says more.", title="Sync", timeout=10)  # fmt: skip
            return
        self.syncing = True
        self._show_meetings()
        self.notify("Syncing…", title="Sync", timeout=3)
        start_sync(self.app, self.service, self._synced, self._sync_failed)

    def _synced(self, lines: list[str]) -> None:
        self.syncing = False
        conflicts = any(line.startswith("Conflict: ") for line in lines)
        self.notify(screen_text("\n".join(lines), keep_newlines=True), title="Synced", markup=False, timeout=10,
                    severity="warning" if conflicts else "information")  # fmt: skip
        self.load()  # (then the header and the cards: ``_read_sync``)

    def _sync_failed(self, error: NurtureError) -> None:
        self.syncing = False
        self.notify(screen_text(str(error), keep_newlines=True), title="Sync failed", severity="error",
                    markup=False, timeout=15)  # fmt: skip
        self._read_sync()  # the header's last error

    def sync_before_quitting(self) -> bool:
        """Quitting with the ``sync-on-quit`` setting where sync is set up: "Syncing before
        quitting… (esc to skip)", which quits once done. False: quit now."""
        network, status = self.network, self.sync_status
        if network is None or status is None or not status.configured or not network.settings.sync_on_quit:
            return False
        if isinstance(self.app.screen, SyncBeforeQuit):
            return False  # quit again meanwhile: now
        self.app.push_screen(SyncBeforeQuit())
        return True

    def _settle_copies(self) -> None:
        """On start, in a worker: the conflict copies a file-sync tool (Syncthing, Dropbox …)
        left beside the data files merged in and set aside, each said in a notice."""

        def settled(lines: list[str]) -> None:
            for line in lines:
                self.notify(screen_text(line), title="Conflict copy merged", markup=False, timeout=15)
            if lines:
                self.load()

        def failed(error: NurtureError) -> None:
            self.notify(screen_text(str(error)), title="Conflict copies not merged", severity="error",
                        markup=False, timeout=15)  # fmt: skip

        self.in_background(lambda service: service.startup.settle_copies(), settled, failed, group="copies")

    def _first_conflict(self) -> tuple[Contact, SyncConflict] | None:
        """The selected contact and the first sync conflict on their card (None, said: none)."""
        contact = self.selected()
        if contact is None:
            return None
        found = self.query_one(ContactDetail).conflicts.get(contact.id, ())
        if not found:
            self.notify(screen_text(f"No sync conflict on {contact.name}'s card."), markup=False, timeout=3)
            return None
        return contact, found[0]

    def action_take_other(self) -> None:
        """O: the first conflict on the card takes the other machine's value (a record it
        deleted is deleted here too; a contact, asking first, as D does)."""
        got = self._first_conflict()
        if got is None:
            return
        contact, conflict = got
        if conflict.deleted and conflict.source == "contacts":
            self.action_delete()  # their conflicts go with them
            return
        self._resolve(contact, conflict, "other")

    def action_keep_kept(self) -> None:
        """K: the first conflict on the card is settled as it is."""
        got = self._first_conflict()
        if got is not None:
            self._resolve(*got, "kept")

    def _resolve(self, contact: Contact, conflict: SyncConflict, take: str) -> None:
        what = (
            conflict.field.replace("_", " ") if conflict.source == "contacts" else f"{conflict.kind} {conflict.field}"
        )
        if take == "kept":
            said = (f"Kept the {conflict.kind} of {contact.name}." if conflict.deleted
                    else f"{contact.name}: kept {shown(conflict.kept)} as {what.strip()}.")  # fmt: skip
        else:
            said = (f"Deleted the {conflict.kind} of {contact.name}, as the other machine did." if conflict.deleted
                    else f"{contact.name}: {what.strip()} is now {shown(conflict.other)}.")  # fmt: skip
        self._save(lambda: self.service.sync.resolve(conflict.id, take), lambda _: self._say(said))


def _someone_first(action: Callable[..., None]) -> Callable[..., None]:
    """An action about the selected person, with no one in the network yet: it says what to do
    first rather than nothing at all."""

    @wraps(action)
    def run(self: DashboardScreen, *args: object) -> None:
        if self.network is not None and not self.network.contacts:
            self.notify("Add someone first (a).", timeout=4)
            return
        action(self, *args)

    return run


for _name in NEEDS_CONTACT:  # l, s, f, e, x, …: each says so with nobody to act on
    setattr(DashboardScreen, f"action_{_name}", _someone_first(getattr(DashboardScreen, f"action_{_name}")))
