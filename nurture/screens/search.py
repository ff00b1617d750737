"""Search notes: everything people told you (notes, summaries, takeaways, action items, contact
notes, meeting notes, drafts, your questions), searched as you type. Enter opens the person, with
the timeline at that conversation; esc goes back, and the query is there when you come again.

The search itself is the service's (``Nurture.search``), run in a worker: the UI thread never
waits on it. While keys are held or typed ahead, no search starts for the words on the way: one
starts once the keys stop (``app.keys_waiting``), and a newer search cancels an older one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Static

from nurture.domain.errors import NurtureError
from nurture.domain.wording import count
from nurture.screens.base import NurtureScreen
from nurture.widgets.screen_text import screen_text
from nurture.widgets.search_list import Found, SearchList

if TYPE_CHECKING:
    from nurture.services.search import SearchResults

TITLE = "Search notes"
#: While keys are queued, how often to look whether they are handled, to search then.
SETTLE = 0.03
#: What the list says until the first results come (building the index can take seconds).
SEARCHING = "Searching… (the first search also builds the index)"
PLACEHOLDER = 'words, "a phrase", prefix*, -word, OR · who: kind: tag: company: after: before: is:takeaway is:todo'


@dataclass
class LastSearch:
    """What the screen showed when it was left, kept by the dashboard: the next time it opens
    with the same query, the same results (then searched again, for anything new)."""

    query: str = ""
    results: Any = None  # the SearchResults shown
    cursor: int = 0


@dataclass(frozen=True)
class Chosen:
    """The match to open: a person, and the conversation (None: their card)."""

    contact_id: str
    interaction_id: str | None


def title_of(results: SearchResults | None) -> str:
    if results is None:
        return TITLE
    if not results.query.strip():
        return f"{TITLE} · recent takeaways"
    shown = len(results.hits)
    found = count(results.total, "match", "matches")
    more = f" (first {shown:,} shown)" if shown < results.total else ""
    return f"{TITLE} · {found}{more}"


class SearchScreen(NurtureScreen[Chosen | None]):
    """Dismisses with the match to open, or None."""

    DEFAULT_CSS = """
    SearchScreen #query { height: 1; border: none; padding: 0 1; background: $boost; }
    SearchScreen #problem { padding: 0 1; color: $error; display: none; }
    SearchScreen #problem.shown { display: block; }
    SearchScreen SearchList { border: round $panel-lighten-2; border-title-color: $accent; }
    SearchScreen SearchList:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("ctrl+f,slash", "focus_query", "Edit query"),
        Binding("down", "to_results", "Results", show=False),
    ]
    QUIT = False  # q is typed into the query

    def __init__(self, last: LastSearch | None = None) -> None:
        super().__init__()
        self.last = last if last is not None else LastSearch()
        self._timer: Timer | None = None
        #: The query whose results are shown (None: none yet).
        self.shown_query: str | None = None

    def body(self):
        yield Input(value=self.last.query, placeholder=PLACEHOLDER, id="query", select_on_focus=False)
        yield Static("", id="problem", markup=False)
        yield SearchList(id="results")

    def on_mount(self) -> None:
        box = self.query_one(SearchList)
        box.border_title = TITLE
        if self.last.results is not None and self.last.results.query == self.last.query:
            self.show(self.last.results, cursor=self.last.cursor)
        else:  # a line, not a blank list behind a spinner: the first search builds the index
            box.empty_text = SEARCHING
            box.border_title = Content(f"{TITLE} · searching…")
        self.query_one("#query", Input).focus()
        self.search()

    # --- searching ----------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _typed(self) -> None:
        self.last.query = self.query_one("#query", Input).value
        if self._timer is None:
            self._later()

    def _later(self) -> None:
        """Search once the keys typed meanwhile are handled: one search for a burst."""
        self._timer = self.set_timer(SETTLE, self._due)

    def _due(self) -> None:
        self._timer = None
        if self.host.keys_waiting():
            self._later()
        else:
            self.search()

    def search(self) -> None:
        text = self.query_one("#query", Input).value
        self.in_background(lambda service: service.search(text), self.show, self.refused, group="search")

    def show(self, results: SearchResults, cursor: int | None = None) -> None:
        box = self.query_one(SearchList)
        self._problem(None)
        same = self.shown_query == results.query
        self.shown_query = results.query
        self.last.results = results
        box.set_rows(results.hits, cursor=cursor if cursor is not None else (None if same else 0))
        box.empty_text = "Nothing found." if results.query.strip() else "No takeaways yet: they appear as you log them."
        box.border_title = Content(title_of(results))

    def refused(self, error: NurtureError) -> None:
        """A query the service cannot read, or an index that cannot be used: say why under the
        query; the last results stay."""
        if self.shown_query is None:  # nothing found yet: no "Searching…" left behind
            box = self.query_one(SearchList)
            box.empty_text = "Nothing to show: see the problem above."
            box.border_title = TITLE
            box.refresh()
        self._problem(str(error))

    def _problem(self, message: str | None) -> None:
        problem = self.query_one("#problem", Static)
        problem.update(screen_text(message or ""))
        problem.set_class(bool(message), "shown")

    # --- moving and opening -------------------------------------------------------------------

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_to_results(self) -> None:
        self.query_one(SearchList).focus()

    @on(SearchList.Left)
    def _up_from_the_top(self) -> None:
        self.action_focus_query()

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        self.query_one(SearchList).focus()

    @on(SearchList.Chosen)
    def _chosen(self, event: SearchList.Chosen) -> None:
        self.open(event.hit)

    def open(self, hit: Found) -> None:
        if not hit.contact_id:  # one of your own questions, or a draft for no one
            self._say(f"This {hit.label} is yours, not about anyone: there is no one to open.")
            return
        self._keep_cursor()
        self.dismiss(Chosen(hit.contact_id, hit.interaction_id))

    def action_back(self) -> None:
        self._keep_cursor()
        self.dismiss(None)

    def _keep_cursor(self) -> None:
        self.last.cursor = max(self.query_one(SearchList).cursor, 0)
