"""Commitments both ways, across everyone: what you promised ("send my portfolio") and what they
offered ("will introduce me to Z"). Mark one done where you see it; open the person it is with."""

from __future__ import annotations

from textual import on, work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nurture.domain.errors import NurtureError
from nurture.domain.review import Commitment
from nurture.widgets.commitment_list import CommitmentList, sectioned
from nurture.widgets.screen_text import screen_text

HINT = (
    "Open action items from every conversation, oldest first. Keep your promises; "
    "a kind reminder helps with theirs. Enter opens the person."
)


class CommitmentsScreen(Screen[str | None]):
    """Dismisses with the id of a contact to open, or None."""

    DEFAULT_CSS = """
    CommitmentsScreen #hint { padding: 0 1; color: $text-muted; background: $boost; }
    CommitmentsScreen CommitmentList { border: round $panel-lighten-2; border-title-color: $accent; }
    """
    BINDINGS = [
        Binding("space,x", "done", "Done"),
        Binding("o", "open", "Open contact"),  # enter too, through the list's Chosen
        Binding("escape,c", "back", "Dashboard"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def compose(self):
        yield Header(show_clock=False, icon="◆")
        yield Static(HINT, id="hint", markup=False)
        yield CommitmentList(id="commitments")
        yield Footer()

    @property
    def service(self):
        return self.app.service  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        box = self.query_one(CommitmentList)
        box.border_title = "Commitments"
        box.loading = True
        box.focus()
        self.app.hold_keys(self, self.load())  # type: ignore[attr-defined]  # keys act on what it loads

    @work(thread=True, exclusive=True, group="commitments")
    def load(self) -> None:
        """Every conversation's action items: that reads every note, so not on the UI thread."""
        try:
            found = self.service.commitments()
        except NurtureError as e:
            self.app.call_from_thread(self._failed, e)
            return
        self.app.call_from_thread(self.show, found)

    def show(self, found: dict[str, list[Commitment]]) -> None:
        if self not in self.app.screen_stack:  # closed while it read (a reload after marking one done)
            return
        box = self.query_one(CommitmentList)
        box.loading = False
        keep = box.cursor
        box.set_rows(sectioned(found), cursor=keep if keep >= 0 else None)
        mine, theirs = len(found["mine"]), len(found["theirs"])
        box.border_title = f"Commitments · {mine} yours · {theirs} theirs"
        self.refresh_bindings()

    def _failed(self, error: NurtureError) -> None:
        if self in self.app.screen_stack:
            self.query_one(CommitmentList).loading = False
        self.notify(screen_text(str(error)), title="Not read", severity="error", markup=False, timeout=10)

    def selected(self) -> Commitment | None:
        row = self.query_one(CommitmentList).current
        return row if isinstance(row, Commitment) else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("done", "open"):
            return True if self.selected() is not None else None
        return True

    @on(CommitmentList.Highlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(CommitmentList.Chosen)
    def _chosen(self, event: CommitmentList.Chosen) -> None:
        self.dismiss(event.commitment.contact_id)

    def action_open(self) -> None:
        c = self.selected()
        if c is not None:
            self.dismiss(c.contact_id)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_done(self) -> None:
        c = self.selected()
        if c is not None:
            self.mark_done(c)

    @work(thread=True, group="commitment-write")
    def mark_done(self, c: Commitment) -> None:
        try:
            self.service.set_action_done(c.contact_id, c.interaction_id, c.index)
        except NurtureError as e:
            self.app.call_from_thread(self._failed, e)
            return
        what = f"What you promised {c.name}" if c.owner == "me" else f"What {c.name} offered"
        self.app.call_from_thread(
            self.notify, screen_text(f"{what} is done: {c.text}"), markup=False, timeout=4
        )
        self.load()
