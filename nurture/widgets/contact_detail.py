"""The contact pane: a header card and the conversation timeline, newest first.

The card shows at once; the timeline is read in a worker (a contact's records are on disk, and
the UI thread never waits on the disk), one read at a time. While keys move through the list,
the people passed on the way are not read: a read starts for the first move, then, once keys
pause (``COOLDOWN``), for whoever is shown then. A read coming back for someone no longer shown
is kept for later but not shown. The timeline says it is being read only when that takes long
enough to notice (``LOADING_AFTER``): a quick read just appears."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from nurture.domain.appointments import Appointment, link_in, next_booked, until_text, when_text, where_label
from nurture.domain.conflicts import SyncConflict, shown
from nurture.domain.dates import ago, when
from nurture.domain.errors import NurtureError
from nurture.domain.meeting import minutes_since
from nurture.domain.models import Contact, Interaction, role_at
from nurture.domain.network import Network
from nurture.domain.queue import LOG_MEETING, MEETING_DUE, items_for
from nurture.domain.search import Listed
from nurture.widgets.screen_text import screen_text

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

MUTED, LABEL, TITLE = "$text-muted", "$text-muted", "bold $text"


def _t(text: str) -> str:
    return screen_text(text)


#: The card's keys for its sync conflicts (the dashboard's actions of the same names).
TAKE_OTHER_KEY, KEEP_KEY = "O", "K"


def conflict_text(c: SyncConflict) -> str:
    """A conflict on the card, in words true on either machine: "Role changed on two machines:
    kept 'Staff Designer', the other was 'Design Manager'"."""
    field = c.field.replace("_", " ")
    what = field.capitalize() if c.source == "contacts" else f"{c.kind.capitalize()}: {field}"
    if c.deleted:
        whose = "Deleted" if c.source == "contacts" else f"{c.kind.capitalize()} deleted"
        return f"{whose} on one machine and changed on the other, so kept"
    return f"{what} changed on two machines: kept {shown(c.kept)}, the other was {shown(c.other)}"


def conflict_lines(conflicts: Sequence[SyncConflict]) -> list:
    """The card's lines for its contact's sync conflicts, and the keys that settle the first."""
    if not conflicts:
        return []
    parts: list = []
    for c in conflicts:
        parts += ["\n", ("! ", "bold $warning"), (_t(conflict_text(c)), "$warning")]
    first = conflicts[0]
    other = (
        "deletes them, as the other machine did"
        if first.deleted and first.source == "contacts"
        else ("deletes it, as the other machine did" if first.deleted else "takes the other value")
    )
    which = " (the first)" if len(conflicts) > 1 else ""
    parts += ["\n", ("  ", MUTED), (TAKE_OTHER_KEY, "bold $accent"), (f" {other} · ", MUTED),
              (KEEP_KEY, "bold $accent"), (f" keeps what was kept{which}", MUTED)]  # fmt: skip
    return parts


def card(
    network: Network,
    contact: Contact,
    today: date,
    now: datetime | None = None,
    meeting_minutes: int | None = None,
    conflicts: Sequence[SyncConflict] = (),
) -> Content:
    """``now``: the moment, aware, in the user's zone (the next meeting, and the queue items that
    depend on the time); without it, no meeting line and the start of ``today`` in UTC.
    ``meeting_minutes``: how long a meeting in progress with them has run (None: none is).
    ``conflicts``: their records' sync conflicts (``services/sync.py``), oldest first."""
    parts: list = [(_t(contact.name), "bold $accent")]
    where = _t(contact.where)
    if where or contact.location:
        parts += ["\n", where]
        if contact.location:
            parts += [(f"{' · ' if where else ''}{_t(contact.location)}", MUTED)]
    stage = network.stage(contact, today)
    parts += ["\n", ("Stage ", LABEL), (stage, "bold"), ("  ·  ", MUTED), network.cadence(contact).describe()]
    parts += conflict_lines(conflicts)
    if contact.archived:
        parts += ["\n", ("Archived", "bold $warning"), (" — x brings them back", MUTED)]
    elif contact.snoozed_until and contact.snoozed_until > today:
        parts += ["\n", (f"Snoozed until {contact.snoozed_until:%a %d %b %Y}", "$warning")]
    if meeting_minutes is not None:  # as the header says it, here for this person
        parts += [
            "\n",
            (f"Meeting in progress, {meeting_minutes} min", "bold $warning"),
            (" — m to resume", MUTED),
        ]
    meeting = next_booked(network.booked.get(contact.id, []), now) if now is not None else None
    if meeting is not None and now is not None:
        label = "Next meeting " if meeting.end > now else "Meeting to log "  # over, not logged yet
        parts += ["\n", (label, LABEL), *meeting_line(meeting, now, today)]
        url = link_in(meeting.where)
        place = " ".join(meeting.where.replace(url, " ").split()) if url else ""
        if place:  # the place beside the link ("Room 4, or https://…"): the line above says only the link's name
            parts += ["\n", ("  Where ", LABEL), _t(place)]
        if url:  # the address itself, where a terminal cannot follow a link
            parts += ["\n", ("  Join ", LABEL), (_t(url), Style(underline=True, link=url))]
        note = meeting.note.strip().splitlines()[0] if meeting.note.strip() else ""
        if note:
            parts += ["\n", ("  Note ", LABEL), _t(note)]
    # an archived contact is never due: nothing to say next
    items = [] if contact.archived else sorted(items_for(network, contact, today, now), key=lambda i: i.sort_key)
    if meeting is not None:  # said on its own lines above
        items = [i for i in items if not (i.reason in (MEETING_DUE, LOG_MEETING) and i.ref == meeting.id)]
    if items:
        nxt = items[0]
        style = "bold $error" if nxt.days_overdue > 0 else "bold $warning" if nxt.days_overdue == 0 else ""
        parts += [
            "\n",
            ("Next ", LABEL),
            (f"{nxt.reason} {when(nxt.days_overdue)}", style),
            (f" ({nxt.due:%b %d})", MUTED),
        ]
    last = network.last_contact(contact.id)
    parts += ["\n", ("Last contact ", LABEL), ago(last, today)]
    if last:
        parts += [(f" ({last:%b %d %Y})", MUTED)]
    if contact.referred_by:
        referrer = network.contacts.get(contact.referred_by)
        if referrer is not None:
            parts += ["\n", ("Introduced by ", LABEL), _t(referrer.name)]
    introduced = network.referrals.get(contact.id, [])
    if introduced:
        parts += ["\n", ("Introduced you to ", LABEL), ", ".join(_t(c.name) for c in introduced)]
    if contact.tags:
        parts += ["\n", ("Tags ", LABEL), (", ".join(_t(t) for t in contact.tags), "$secondary")]
    parts += _several("Email", contact.emails) + _several("Phone", contact.phones)
    for label, value in (
        ("LinkedIn ", contact.linkedin),
        ("How met ", contact.how_met),
    ):
        if value:
            parts += ["\n", (label, LABEL), _t(value)]
    if contact.notes:
        parts += ["\n\n", screen_text(contact.notes, keep_newlines=True)]
    return Content.assemble(*parts)


def meeting_line(appointment: Appointment, now: datetime, today: date) -> list:
    """'Thu 3 Dec 15:00 · 20 min · Zoom (in 4 days)': where, as a link when it is a web address
    (the user's text is never read as markup: the link is a style)."""
    zone = now.tzinfo
    assert zone is not None
    parts: list = [(when_text(appointment, zone, today), "bold"), f" · {appointment.minutes} min"]
    place = _t(where_label(appointment.where))
    if place:
        url = link_in(appointment.where)
        parts += [" · ", (place, Style(underline=True, link=url)) if url else place]
    parts += [(f" ({until_text(appointment, now)})", MUTED)]
    return parts


def _several(label: str, values: tuple[str, ...]) -> list:
    """One line: "Email ada@x.example", or every one of several, the preferred first and
    marked: "Emails ada@work.example (preferred) · ada@home.example"."""
    if not values:
        return []
    if len(values) == 1:
        return ["\n", (f"{label} ", LABEL), _t(values[0])]
    parts: list = ["\n", (f"{label}s ", LABEL), _t(values[0]), ("\u00a0(preferred)", MUTED)]
    for value in values[1:]:
        parts += [(" · ", MUTED), _t(value)]
    return parts


def listed_card(contact: Listed) -> Content:
    """The card of a contact the list knows by name only, while the rest is read."""
    parts: list = [(_t(contact.name), "bold $accent")]
    where = _t(role_at(contact.role, contact.company))
    if where:
        parts += ["\n", where]
    parts += ["\n\n", ("Reading…", MUTED)]
    return Content.assemble(*parts)


#: Interactions shown at first, and added by each press of +. Rendering costs about 2 ms per
#: interaction with full notes: a mentor with 1,600 logged touches took 4 s to show in full.
TIMELINE_PAGE = 25


def timeline(
    items: list[Interaction], limit: int | None = None, mark: str | None = None, wide: bool = False
) -> Content:
    """Newest first; with ``limit``, only that many, then a line saying how many are left.
    ``mark``: the id of an interaction to point out (the one a search opened), marked "▶".
    ``wide`` (a big terminal): each summary on its date's line, so more entries show at once."""
    if not items:
        return Content.assemble(("No conversations logged yet. Press l to log one.", MUTED))
    shown = items if limit is None or limit >= len(items) else items[-limit:]
    parts: list = []
    for n, i in enumerate(reversed(shown)):
        if n:
            parts.append("\n\n")
        if i.id == mark:
            parts.append(("▶ ", "bold $accent"))
        parts += [(f"{i.on:%Y-%m-%d}", "bold"), "  ", (i.kind, "bold $accent")]
        if i.duration_minutes:
            parts += [(f"  {i.duration_minutes} min", MUTED)]
        if i.summary:
            parts += ["  " if wide else "\n", _t(i.summary)]
        if i.notes:
            parts += ["\n", (screen_text(i.notes, keep_newlines=True), MUTED)]
        for t in i.takeaways:
            parts += ["\n", ("  ★ ", "$success"), _t(t)]
        for a in i.action_items:
            if not a.done:
                who = "me" if a.owner == "me" else "them"
                parts += ["\n", (f"  ☐ {who}: ", "$warning"), _t(a.text)]
    earlier = len(items) - len(shown)
    if earlier:
        more = min(earlier, TIMELINE_PAGE)
        parts += ["\n\n", (f"{earlier:,} earlier, from {items[0].on:%Y-%m-%d}. ", MUTED),
                  ("+", "bold $accent"), (f" shows {more} more.", MUTED)]  # fmt: skip
    return Content.assemble(*parts)


def limit_showing(items: list[Interaction], interaction_id: str, limit: int) -> int:
    """The timeline's length (a whole number of pages, at least ``limit``) that shows this one."""
    for n, i in enumerate(reversed(items)):
        if i.id == interaction_id:
            return max(limit, -(-(n + 1) // TIMELINE_PAGE) * TIMELINE_PAGE)
    return limit


def newer_than(items: list[Interaction], interaction_id: str) -> list[Interaction] | None:
    """What the timeline shows above this interaction (None: it is not in ``items``)."""
    for n, i in enumerate(items):
        if i.id == interaction_id:
            return items[n + 1 :]
    return None


WELCOME = Content.assemble(
    ("Welcome to nurture\n\n", "bold $accent"),
    "Keep in touch with the people you learn from: log each informational interview, "
    "and nurture tells you whom to thank, nudge, report back to and check in with.\n\n",
    ("i", "bold $accent"),
    "  import your contacts (LinkedIn, Google, Outlook, vCard…)\n",
    ("a", "bold $accent"),
    "  add your first contact\n",
    ("l", "bold $accent"),
    "  log a conversation or a request you sent\n",
    ("?", "bold $accent"),
    "  every key\n\n",
    ("Try it on sample data first: nurture demo", MUTED),
)

#: Seconds after the last read began before the next one may start, so keys held down (or typed
#: ahead) read the person they stop on, not every row on the way.
COOLDOWN = 0.08
#: A timeline still being read after this many seconds says so; a quicker one simply appears.
LOADING_AFTER = 0.3


class ContactDetail(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    ContactDetail { padding: 0 1; background: $surface; }
    ContactDetail > #card { padding-bottom: 1; }
    ContactDetail > #timeline-title { color: $text-muted; text-style: bold; border-top: solid $panel-lighten-2; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown_id: str | None = None
        self._limit = TIMELINE_PAGE
        self._history: list[Interaction] = []
        #: The network shown (it keeps the timelines read from it).
        self._network: Network | None = None
        #: Whose timeline the pane shows (None: nobody's, or it is being read).
        self.timeline_of: str | None = None
        self._wanted: str | None = None  # whose timeline is to be read next
        self._reading: str | None = None  # whose timeline a worker is reading
        self._cooldown: Timer | None = None
        self._loading_note: Timer | None = None
        #: (contact id, interaction id): the interaction to scroll to once their timeline shows.
        self._reveal: tuple[str, str] | None = None
        #: The interaction marked in the timeline shown.
        self._mark: str | None = None
        #: The sync conflicts by contact (the dashboard sets them; the card lists them).
        self.conflicts: dict[str, tuple[SyncConflict, ...]] = {}

    def compose(self):
        yield Static(id="card", markup=False)
        # hidden until there is someone to show (an empty "Timeline" while loading reads oddly)
        yield Static("Timeline", id="timeline-title", markup=False).set_styles("display: none;")
        yield Static(id="timeline", markup=False).set_styles("display: none;")

    def show(
        self,
        network: Network | None,
        contact: Contact | Listed | None,
        today: date,
        now: datetime | None = None,
        meeting: tuple[float | None, float] = (None, 0.0),
    ) -> None:
        """``contact``'s card at once, and its timeline as soon as it is read. ``network``
        None: the data is still being read (``contact``, if any, is known by name only).
        ``now``: the moment, aware, in the user's zone (the card's next meeting). ``meeting``:
        when a meeting in progress with them started (None: none is), and the time now, both
        in meeting mode's clock seconds."""
        card_widget = self.query_one("#card", Static)
        title = self.query_one("#timeline-title", Static)
        body = self.query_one("#timeline", Static)
        if network is None or not network.contacts or contact is None or isinstance(contact, Listed):
            if network is None:
                card_widget.update(listed_card(contact) if isinstance(contact, Listed) else "")
            elif not network.contacts:
                card_widget.update(WELCOME)
            else:
                card_widget.update(Content.assemble(("No contact selected.", MUTED)))
            title.display = body.display = False
            self._shown_id = self.timeline_of = self._wanted = None
            return
        title.display = body.display = True
        if contact.id != self._shown_id:
            self._shown_id, self._limit, self._mark = contact.id, TIMELINE_PAGE, None
            if self._reveal is not None and self._reveal[0] != contact.id:
                self._reveal = None
        self._network = network
        started, clock_now = meeting
        minutes = minutes_since(started, clock_now) if started is not None else None
        card_widget.update(card(network, contact, today, now, minutes, self.conflicts.get(contact.id, ())))
        history = network.known_timeline(contact.id)
        if history is not None:
            self._wanted = None
            self._show_timeline(contact.id, history)
            return
        if self.timeline_of != contact.id:  # never someone else's timeline under this card
            self.timeline_of = None
            body.update("")
            if self._loading_note is not None:
                self._loading_note.stop()
            self._loading_note = self.set_timer(LOADING_AFTER, self._say_loading)
        self._want(contact.id)

    @property
    def busy(self) -> bool:
        """Whether a timeline is still to come (wanted, or being read)."""
        return self._reading is not None or (self._wanted is not None and self._wanted == self._shown_id)

    def known(self, network: Network, contact_id: str, history: list[Interaction]) -> None:
        """A timeline read already (with the load): shown without another read."""
        self._network = network
        network.keep_timeline(contact_id, history)

    # --- reading timelines ----------------------------------------------------------------------

    def _want(self, contact_id: str) -> None:
        self._wanted = contact_id
        if self._cooldown is not None:  # keys still coming: read once they pause
            self._cooldown.stop()
            self._cooldown = self.set_timer(COOLDOWN, self._cooled)
        elif self._reading is None:
            self._read(contact_id)
        # else: read when the read under way is back

    def _read(self, contact_id: str) -> None:
        network, app = self._network, self.app
        if network is None:
            return
        self._reading, self._wanted = contact_id, None
        self._cooldown = self.set_timer(COOLDOWN, self._cooled)

        def work() -> None:
            worker = get_current_worker()
            history: list[Interaction] | None = None
            error: NurtureError | None = None
            try:
                history = network.timeline(contact_id)  # may read a data file now
            except NurtureError as e:
                error = e
            if not worker.is_cancelled:
                app.call_from_thread(self._read_back, network, contact_id, history, error)

        self.run_worker(work, name="timeline", group="timeline", thread=True)

    def _cooled(self) -> None:
        self._cooldown = None
        self._next()

    def _read_back(
        self, network: Network, contact_id: str, history: list[Interaction] | None, error: NurtureError | None
    ) -> None:
        self._reading = None
        if network is self._network and contact_id == self._shown_id:
            if history is not None:
                self._show_timeline(contact_id, history)
            elif error is not None:
                self._show_unreadable(contact_id, error)
        self._next()  # (a timeline read for someone left meanwhile is kept by the network)

    def _next(self) -> None:
        """Read whoever is wanted now, unless a read is under way or keys are still coming."""
        wanted = self._wanted
        if wanted is None or self._reading is not None or self._cooldown is not None:
            return
        network = self._network
        if wanted != self._shown_id or (network is not None and network.known_timeline(wanted) is not None):
            self._wanted = None
            return
        self._read(wanted)

    def _say_loading(self) -> None:
        self._loading_note = None
        if self._shown_id is not None and self.timeline_of != self._shown_id:
            self.query_one("#timeline", Static).update(Content.assemble(("Reading the timeline…", MUTED)))

    def _show_timeline(self, contact_id: str, history: list[Interaction]) -> None:
        if self._loading_note is not None:
            self._loading_note.stop()
            self._loading_note = None
        self._history, self.timeline_of = history, contact_id
        reveal = self._reveal
        if reveal is not None and reveal[0] == contact_id and newer_than(history, reveal[1]) is not None:
            self._reveal, self._mark = None, reveal[1]
            self._limit = limit_showing(history, reveal[1], self._limit)
            self.call_after_refresh(self._scroll_to_interaction, contact_id, reveal[1])
        self.query_one("#timeline", Static).update(timeline(history, self._limit, self._mark, self.wide))

    # --- opening at one interaction (from a search) ---------------------------------------------

    def reveal(self, contact_id: str, interaction_id: str | None) -> None:
        """Show ``contact_id``'s timeline scrolled to ``interaction_id``, marked (None: the
        card, at the top). Call it once they are the contact shown (or about to be): if their
        timeline is being read, it scrolls there when it shows."""
        self._reveal = None
        if interaction_id is None:
            self._mark = None
            if self.timeline_of == contact_id:
                self.query_one("#timeline", Static).update(timeline(self._history, self._limit, wide=self.wide))
            self.call_after_refresh(self.scroll_home, animate=False)
            return
        self._reveal = (contact_id, interaction_id)
        if self.timeline_of == contact_id:
            self._show_timeline(contact_id, self._history)

    def _scroll_to_interaction(self, contact_id: str, interaction_id: str) -> None:
        body = self.query_one("#timeline", Static)
        newer = newer_than(self._history, interaction_id)
        if self.timeline_of != contact_id or newer is None:
            return
        y = 0
        if newer:  # the interactions above it, then a blank line
            rules = cast("RulesMap", body.styles)  # what Textual itself measures with
            y = timeline(newer, wide=self.wide).get_height(rules, max(body.size.width, 1)) + 1
        self.scroll_to(y=body.virtual_region.y + y, animate=False, force=True)

    def _show_unreadable(self, contact_id: str, error: NurtureError) -> None:
        if self._loading_note is not None:
            self._loading_note.stop()
            self._loading_note = None
        self._history, self.timeline_of = [], contact_id
        self.query_one("#timeline", Static).update(Content.assemble(
            ("The timeline could not be read.\n", "bold $error"), (screen_text(str(error)), MUTED)
        ))  # fmt: skip

    # --- other states ---------------------------------------------------------------------------

    def show_problem(self, message: str) -> None:
        """The data could not be read: say so, and what to do, instead of anything else."""
        self.query_one("#card", Static).update(Content.assemble(
            ("Your data could not be read\n\n", "bold $error"), screen_text(message),
            ("\n\nNothing was changed. Press q to quit; `nurture doctor` checks every file.", MUTED),
        ))  # fmt: skip
        self.query_one("#timeline-title", Static).display = False
        self.query_one("#timeline", Static).display = False

    @property
    def wide(self) -> bool:
        """Whether the terminal is big (the screen's -big-terminal breakpoint): a denser timeline."""
        return self.screen.has_class("-big-terminal")

    def on_resize(self) -> None:
        if self.timeline_of is not None and self.timeline_of == self._shown_id:
            self.query_one("#timeline", Static).update(timeline(self._history, self._limit, self._mark, self.wide))

    def show_more(self) -> bool:
        """Show the next page of older interactions; False when all are shown."""
        if self.timeline_of is None or len(self._history) <= self._limit:
            return False
        self._limit += TIMELINE_PAGE
        self.query_one("#timeline", Static).update(timeline(self._history, self._limit, self._mark, self.wide))
        return True
