"""The contact pane: a header card and the conversation timeline, newest first."""

from __future__ import annotations

from datetime import date

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from nurture.domain.dates import ago, when
from nurture.domain.errors import NurtureError
from nurture.domain.models import Contact, Interaction
from nurture.domain.network import Network
from nurture.domain.queue import items_for
from nurture.widgets.screen_text import screen_text

MUTED, LABEL, TITLE = "$text-muted", "$text-muted", "bold $text"


def _t(text: str) -> str:
    return screen_text(text)


def card(network: Network, contact: Contact, today: date) -> Content:
    parts: list = [(_t(contact.name), "bold $accent")]
    where = _t(contact.where)
    if where or contact.location:
        parts += ["\n", where]
        if contact.location:
            parts += [(f"{' · ' if where else ''}{_t(contact.location)}", MUTED)]
    stage = network.stage(contact, today)
    parts += ["\n", ("Stage ", LABEL), (stage, "bold"), ("  ·  ", MUTED), network.cadence(contact).describe()]
    if contact.archived:
        parts += ["\n", ("Archived", "bold $warning"), (" — ctrl+z right after archiving undoes it", MUTED)]
    elif contact.snoozed_until and contact.snoozed_until > today:
        parts += ["\n", (f"Snoozed until {contact.snoozed_until:%a %d %b %Y}", "$warning")]
    items = sorted(items_for(network, contact, today), key=lambda i: i.sort_key)
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
    for label, value in (
        ("Email ", contact.email),
        ("Phone ", contact.phone),
        ("LinkedIn ", contact.linkedin),
        ("How met ", contact.how_met),
    ):
        if value:
            parts += ["\n", (label, LABEL), _t(value)]
    if contact.notes:
        parts += ["\n\n", screen_text(contact.notes, keep_newlines=True)]
    return Content.assemble(*parts)


#: Interactions shown at first, and added by each press of +. Rendering costs about 2 ms per
#: interaction with full notes: a mentor with 1,600 logged touches took 4 s to show in full.
TIMELINE_PAGE = 25


def timeline(items: list[Interaction], limit: int | None = None) -> Content:
    """Newest first; with ``limit``, only that many, then a line saying how many are left."""
    if not items:
        return Content.assemble(("No conversations logged yet. Press l to log one.", MUTED))
    shown = items if limit is None or limit >= len(items) else items[-limit:]
    parts: list = []
    for n, i in enumerate(reversed(shown)):
        if n:
            parts.append("\n\n")
        parts += [(f"{i.on:%Y-%m-%d}", "bold"), "  ", (i.kind, "bold $accent")]
        if i.duration_minutes:
            parts += [(f"  {i.duration_minutes} min", MUTED)]
        if i.summary:
            parts += ["\n", _t(i.summary)]
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


WELCOME = Content.assemble(
    ("Welcome to nurture\n\n", "bold $accent"),
    "Keep in touch with the people you learn from: log each informational interview, "
    "and nurture tells you whom to thank, nudge, report back to and check in with.\n\n",
    ("a", "bold $accent"),
    "  add your first contact\n",
    ("l", "bold $accent"),
    "  log a conversation or a request you sent\n",
    ("?", "bold $accent"),
    "  every key\n\n",
    ("Try it on sample data first: nurture demo", MUTED),
)


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

    def compose(self):
        yield Static(id="card", markup=False)
        # hidden until there is someone to show (an empty "Timeline" while loading reads oddly)
        yield Static("Timeline", id="timeline-title", markup=False).set_styles("display: none;")
        yield Static(id="timeline", markup=False).set_styles("display: none;")

    def show(self, network: Network | None, contact: Contact | None, today: date) -> None:
        card_widget = self.query_one("#card", Static)
        title = self.query_one("#timeline-title", Static)
        body = self.query_one("#timeline", Static)
        if network is None or not network.contacts:
            card_widget.update(WELCOME)
            title.display = body.display = False
            return
        if contact is None:
            card_widget.update(Content.assemble(("No contact selected.", MUTED)))
            title.display = body.display = False
            return
        title.display = body.display = True
        if contact.id != self._shown_id:
            self._shown_id, self._limit = contact.id, TIMELINE_PAGE
        card_widget.update(card(network, contact, today))
        try:
            self._history = network.timeline(contact.id)  # may read a data file now
        except NurtureError as e:
            self._history = []
            body.update(Content.assemble(("The timeline could not be read.\n", "bold $error"),
                                         (screen_text(str(e)), MUTED)))  # fmt: skip
            return
        body.update(timeline(self._history, self._limit))

    def show_problem(self, message: str) -> None:
        """The data could not be read: say so, and what to do, instead of anything else."""
        self.query_one("#card", Static).update(Content.assemble(
            ("Your data could not be read\n\n", "bold $error"), screen_text(message),
            ("\n\nNothing was changed. Press q to quit; `nurture doctor` checks every file.", MUTED),
        ))  # fmt: skip
        self.query_one("#timeline-title", Static).display = False
        self.query_one("#timeline", Static).display = False

    def show_more(self) -> bool:
        """Show the next page of older interactions; False when all are shown."""
        if len(self._history) <= self._limit:
            return False
        self._limit += TIMELINE_PAGE
        self.query_one("#timeline", Static).update(timeline(self._history, self._limit))
        return True
