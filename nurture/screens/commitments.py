"""Commitments both ways, across everyone: what you promised ("send my portfolio") and what they
offered ("will introduce me to Z"). Mark one done where you see it; open the person it is with."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import Worker

from nurture.domain.review import Commitment
from nurture.screens.base import NurtureScreen
from nurture.widgets.commitment_list import CommitmentList, CommitmentRow, sectioned
from nurture.widgets.screen_text import screen_text

HINT = (
    "Open action items from every conversation, oldest first. Keep your promises; "
    "a kind reminder helps with theirs. Enter opens the person."
)


def detail_line(c: Commitment | None) -> Text:
    """The highlighted commitment in full, however long (the row may cut it): "You promised
    Maya Okafor on Fri 27 Nov 2026: send my portfolio and the two case studies…"."""
    if c is None:
        return Text()
    who = screen_text(c.name)
    said = f"You promised {who}" if c.owner == "me" else f"{who} offered"
    text = Text(f"{said} on {c.on:%a %d %b %Y}: ", style="bold")
    text.append(screen_text(c.text))
    return text


#: How much of a commitment's text an undo label quotes.
QUOTED = 40


def done_label(c: Commitment) -> str:
    """The undo's label: "marked done: your promise to Emily Chen, 'Send the article…'"."""
    text = " ".join(c.text.split())
    text = text if len(text) <= QUOTED else text[: QUOTED - 1].rstrip() + "…"
    whose = f"your promise to {c.name}" if c.owner == "me" else f"{c.name}'s offer"
    return f"marked done: {whose}, '{text}'"


def _rows(found: dict[str, list[Commitment]]) -> tuple[dict[str, list[Commitment]], list[CommitmentRow]]:
    return found, sectioned(found)


class CommitmentsScreen(NurtureScreen[str | None]):
    """Dismisses with the id of a contact to open, or None."""

    DEFAULT_CSS = """
    CommitmentsScreen #hint { padding: 0 1; color: $text-muted; background: $boost; }
    CommitmentsScreen CommitmentList { border: round $panel-lighten-2; border-title-color: $accent; }
    CommitmentsScreen #commitment-detail { height: auto; max-height: 6; padding: 0 1; background: $boost; }
    CommitmentsScreen > ToastRack { dock: top; align: right top; margin-bottom: 0; }
    """
    BINDINGS = [
        Binding("space,x", "done", "Done"),
        Binding("o", "open", "Open contact"),  # enter too, through the list's Chosen
        Binding("ctrl+z", "undo", "Undo", show=False),
    ]
    BACK = ("escape,c", "Dashboard")

    def body(self):
        yield Static(HINT, id="hint", markup=False)
        yield CommitmentList(id="commitments")
        yield Static(id="commitment-detail", markup=False)

    def on_mount(self) -> None:
        box = self.query_one(CommitmentList)
        box.border_title = "Commitments"
        box.loading = True
        box.focus()
        self.hold_keys(self.load())  # keys act on what it loads

    def load(self) -> Worker[None]:
        """The open action items, in a worker: it reads the records that have any (not every
        note, but thousands at thirty thousand contacts), and lays out the rows there too, so
        the UI thread only hands them to the list."""
        return self.load_in_background(lambda service: _rows(service.commitments()), self.show)

    def show(self, loaded: tuple[dict[str, list[Commitment]], list[CommitmentRow]]) -> None:
        found, rows = loaded
        box = self.query_one(CommitmentList)
        box.loading = False
        keep = box.cursor
        box.set_rows(rows, cursor=keep if keep >= 0 else None)
        mine, theirs = len(found["mine"]), len(found["theirs"])
        box.border_title = f"Commitments · {mine:,} yours · {theirs:,} theirs"
        self.refresh_bindings()

    def selected(self) -> Commitment | None:
        row = self.query_one(CommitmentList).current
        return row if isinstance(row, Commitment) else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("done", "open"):
            return True if self.selected() is not None else None
        return True

    @on(CommitmentList.Highlighted)
    def _highlighted(self, event: CommitmentList.Highlighted) -> None:
        self.query_one("#commitment-detail", Static).update(detail_line(event.commitment))
        self.refresh_bindings()

    @on(CommitmentList.Chosen)
    def _chosen(self, event: CommitmentList.Chosen) -> None:
        self.dismiss(event.commitment.contact_id)

    def action_open(self) -> None:
        c = self.selected()
        if c is not None:
            self.dismiss(c.contact_id)

    def action_done(self) -> None:
        c = self.selected()
        if c is not None:
            self.mark_done(c)

    def mark_done(self, c: Commitment) -> None:
        what = f"What you promised {c.name}" if c.owner == "me" else f"What {c.name} offered"
        self._save(
            lambda: self.service.set_action_done(c.contact_id, c.interaction_id, c.index),
            lambda _: self._say(f"{what} is done: {c.text}"),
            undo=done_label(c),
        )

    def after_save(self) -> None:
        self.load()
