"""The pipeline: contacts in columns by stage, moved along with keys. Each move is a stage change
kept in the contact's history; the columns reload from disk after it is saved."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static
from textual.worker import Worker

from nurture.domain.appointments import Appointment, next_booked, when_text, where_label
from nurture.domain.dates import ago
from nurture.domain.models import MET, REQUESTED, SCHEDULED, STAGES
from nurture.domain.network import Network
from nurture.domain.pipeline import Card, columns, neighbour
from nurture.domain.undo import Step
from nurture.domain.wording import count
from nurture.screens.base import NurtureScreen
from nurture.tables import GAP, fitted
from nurture.widgets.pipeline_column import PipelineColumn
from nurture.widgets.screen_text import screen_text

#: What to do after moving someone by hand to a stage the queue times from a logged touch.
AFTER_MOVE = {
    REQUESTED: "Log the request too (l on the dashboard), so the one nudge is timed from it.",
    MET: "Log the conversation too (l, or m for meeting mode), so the thank-you is queued.",
}


class PipelineScreen(NurtureScreen[str | None]):
    """Dismisses with the id of a contact to open on the dashboard, or None."""

    DEFAULT_CSS = """
    PipelineScreen #pipeline-columns { height: 1fr; }
    PipelineScreen .stage { width: 1fr; }
    PipelineScreen .stage-heading {
        height: 1; text-style: bold; color: $text-muted; background: $panel;
    }
    PipelineScreen .stage:focus-within > .stage-heading { color: $text; background: $accent 40%; }
    PipelineScreen #pipeline-status { height: 1; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("left,h", "column(-1)", "Column", key_display="←→"),
        Binding("right,l", "column(1)", "Next column", show=False),
        Binding("shift+right,greater_than_sign", "move(1)", "Move", key_display="⇧←→"),
        Binding("shift+left,less_than_sign", "move(-1)", "Move back", show=False),
        # 1-6 put the contact at that column's stage; the footer shows them as one entry
        Binding("1", "to_stage(0)", "Set stage", key_display="1-6"),
        *[
            Binding(str(n), f"to_stage({n - 1})", f"Move to {stage}", show=False)
            for n, stage in enumerate(STAGES, start=1)
            if n > 1
        ],
        Binding("o", "open", "Open"),  # enter too, through the column's Chosen
        Binding("ctrl+z", "undo", "Undo", show=False),
    ]
    BACK = ("escape,p", "Back")

    def __init__(self, contact_id: str | None = None) -> None:
        super().__init__()
        self.focus_id = contact_id
        self.cards: dict[str, list[Card]] = {}
        #: Each scheduled contact's next booked appointment.
        self.booked: dict[str, Appointment] = {}
        self.zone: tzinfo = UTC
        #: The person an undo was about: focused in their column once the reload lands.
        self._after_undo: str | None = None

    def body(self):
        with Horizontal(id="pipeline-columns"):
            for stage in STAGES:
                with Vertical(id=f"stage-{stage}", classes="stage"):
                    yield Static(stage, id=f"head-{stage}", classes="stage-heading", markup=False)
                    yield PipelineColumn(stage, id=f"col-{stage}")
        yield Static(id="pipeline-status", markup=False)

    def column(self, stage: str) -> PipelineColumn:
        return self.query_one(f"#col-{stage}", PipelineColumn)

    def on_mount(self) -> None:
        for stage in STAGES:
            col = self.column(stage)
            col.today = self.today
        self.query_one("#pipeline-columns").loading = True
        self.hold_keys(self.load())  # keys act on what it loads

    # --- data -------------------------------------------------------------------------------

    def load(self) -> Worker[None]:
        today = self.today

        def read(service) -> tuple[dict[str, list[Card]], dict[str, Appointment], tzinfo]:
            network, now, zone = service.network(), service.moment(), service.zone()
            cards = columns(network, today)
            booked = next_appointments(network, cards.get(SCHEDULED, []), now)
            return scheduled_soonest_first(cards, booked), booked, zone

        return self.load_in_background(read, lambda found: self.show(*found))

    def show(
        self, cards: dict[str, list[Card]], booked: dict[str, Appointment] | None = None, zone: tzinfo | None = None
    ) -> None:
        first = not self.cards
        self.query_one("#pipeline-columns").loading = False
        self.cards = cards
        self.booked = booked or {}
        self.zone = zone or self.zone
        scheduled = self.column(SCHEDULED)
        scheduled.booked, scheduled.zone = self.booked, self.zone
        for stage in STAGES:
            self._fill(stage)
        self.fit_columns()
        if first and not self._focus_contact(self.focus_id):
            self._focus_first()
        elif self._after_undo is not None:
            self._focus_contact(self._after_undo)
        self._after_undo = None
        self._status()

    def _fill(self, stage: str) -> None:
        col = self.column(stage)
        rows = self.cards.get(stage, [])
        index = next((i for i, c in enumerate(rows) if c.contact_id == self.focus_id), None)
        col.set_rows(rows, cursor=index)
        self.query_one(f"#head-{stage}", Static).update(f"{stage} {len(rows)}")

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_columns)  # once the board has its new size

    def fit_columns(self) -> None:
        """Each column as wide as its names need, where the terminal allows: a column of short
        names (or none) gives its room to one of long names, so a small terminal shows names
        whole; the room left over is shared, the narrowest columns first."""
        board = self.query_one("#pipeline-columns")
        total = board.size.width
        if total <= 0 or not self.cards:
            return
        rows_shown = max(board.size.height - 1, 1)  # under the heading
        needs, floors, empty = [], [], []
        for stage in STAGES:
            col = self.column(stage)
            heading = cell_len(f"{stage} {len(col.rows)}") + 1  # the heading, and a space before the next
            scrollbar = 1 if len(col.rows) > rows_shown else 0
            needs.append(max(col.natural_width(), heading) + scrollbar)
            floors.append(heading)
            empty.append(not col.rows)
        for stage, width in zip(STAGES, column_widths(needs, floors, total, empty), strict=True):
            self.query_one(f"#stage-{stage}").styles.width = width

    def _focus_contact(self, contact_id: str | None) -> bool:
        for stage, rows in self.cards.items():
            index = next((i for i, c in enumerate(rows) if c.contact_id == contact_id), None)
            if index is not None:
                col = self.column(stage)
                col.move_to(index)
                col.focus()
                return True
        return False

    def _focus_first(self) -> None:
        stage = next((s for s in STAGES if self.cards.get(s)), STAGES[0])
        self.column(stage).focus()

    def after_save(self) -> None:
        self.load()

    def undone(self, step: Step) -> None:
        """Undone: said, and the highlight follows the person back to their column."""
        super().undone(step)
        self._after_undo = step.contact_id

    # --- what is selected ----------------------------------------------------------------------

    def focused_column(self) -> PipelineColumn | None:
        focused = self.focused
        return focused if isinstance(focused, PipelineColumn) else None

    def selected(self) -> Card | None:
        col = self.focused_column()
        return col.current if col is not None else None

    @on(PipelineColumn.Highlighted)
    def _highlighted(self, event: PipelineColumn.Highlighted) -> None:
        if event.column is self.focused and event.card is not None:
            self.focus_id = event.card.contact_id
        self._status()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        card = self.selected()
        if card is not None:
            self.focus_id = card.contact_id
        self._status()
        self.refresh_bindings()

    def _status(self) -> None:
        card = self.selected()
        status = self.query_one("#pipeline-status", Static)
        if card is None:
            total = sum(len(rows) for rows in self.cards.values())
            status.update(f"{count(total, 'person', 'people')} in the pipeline." if self.cards else "")
            return
        text = Text(screen_text(card.name), style="bold")
        if card.since:
            text.append(f" · {card.stage} since {card.since:%d %b %Y} ({ago(card.since, self.today)})")
        appointment = self.booked.get(card.contact_id) if card.stage == SCHEDULED else None
        if appointment is not None:  # before the role: what a narrow column leaves out of the row
            text.append(f" · booked {when_text(appointment, self.zone, self.today)}")
            label = where_label(appointment.where)
            if label:
                text.append(f" · {screen_text(label)}")
        where = screen_text(card.where)
        if where:
            text.append(f" · {where}")
        text.truncate(max(status.size.width - 2, 10), overflow="ellipsis")
        status.update(text)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("move", "to_stage", "open"):
            return True if self.selected() is not None else None
        return True

    # --- actions --------------------------------------------------------------------------

    def action_column(self, step: int) -> None:
        col = self.focused_column()
        index = STAGES.index(col.stage) if col is not None else 0
        target = min(max(index + step, 0), len(STAGES) - 1)
        self.column(STAGES[target]).focus()

    def action_move(self, step: int) -> None:
        card = self.selected()
        if card is not None:
            target = neighbour(card.stage, step)
            if target is not None:
                self._move(card, target)

    def action_to_stage(self, index: int) -> None:
        card = self.selected()
        if card is not None and card.stage != STAGES[index]:
            self._move(card, STAGES[index])

    def _move(self, card: Card, stage: str) -> None:
        """Show the move at once, then save it in the background (the reload confirms it)."""
        moved = card._replace(stage=stage, since=self.today)
        self.cards[card.stage] = [c for c in self.cards[card.stage] if c.contact_id != card.contact_id]
        self.cards[stage] = [*self.cards.get(stage, []), moved]
        self.focus_id = card.contact_id
        self._fill(card.stage)
        self._fill(stage)
        self.fit_columns()
        self.column(stage).focus()
        hint = AFTER_MOVE.get(stage)
        self._save(
            lambda: self.service.move_stage(card.contact_id, stage),
            lambda c: self._say(f"{c.name} is now {stage}. {hint}") if hint else None,
            undo=lambda c: f"{c.name} moved to {stage}",
        )

    @on(PipelineColumn.Chosen)
    def _chosen(self, event: PipelineColumn.Chosen) -> None:
        self.dismiss(event.card.contact_id)

    def action_open(self) -> None:
        card = self.selected()
        if card is not None:
            self.dismiss(card.contact_id)


def column_widths(needs: list[int], floors: list[int], total: int, empty: list[bool] | None = None) -> list[int]:
    """Widths (in cells) for columns that need ``needs`` to show what they hold whole, in
    ``total`` cells. Too narrow: the widest give way first, down to a common level, none below
    its floor (``tables.fitted``). Room to spare: an ``empty`` column keeps only what it needs
    (its heading), and of the others the narrowest grow first, up to a common level, so a wide
    terminal shows even columns of names."""
    if sum(needs) > total:
        return fitted(needs, floors, total + len(GAP) * (len(needs) - 1))  # (no gap: each cell ends with a space)
    fixed = list(empty) if empty is not None and not all(empty) else [False] * len(needs)
    growing = [n for n, f in zip(needs, fixed, strict=True) if not f]
    room = total - sum(n for n, f in zip(needs, fixed, strict=True) if f)
    low, high = 0, room  # the highest level the narrow columns can all be raised to
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if sum(max(n, mid) for n in growing) <= room else (low, mid - 1)
    widths = [n if f else max(n, low) for n, f in zip(needs, fixed, strict=True)]
    spare = total - sum(widths)
    for i, n in enumerate(needs):  # the cells left: one more to each column at that level, leftmost first
        if spare <= 0:
            break
        if n <= low and not fixed[i]:
            widths[i] += 1
            spare -= 1
    return widths


def next_appointments(network: Network, cards: list[Card], now: datetime) -> dict[str, Appointment]:
    """Each of these contacts' next booked appointment (``next_booked``), if they have one."""
    found = {c.contact_id: next_booked(network.booked.get(c.contact_id, ()), now) for c in cards}
    return {cid: a for cid, a in found.items() if a is not None}


def scheduled_soonest_first(cards: dict[str, list[Card]], booked: dict[str, Appointment]) -> dict[str, list[Card]]:
    """The ``scheduled`` column by its appointments, soonest first; those with none booked
    after them, in the order they had (the other columns keep theirs)."""
    rows = cards.get(SCHEDULED, [])
    last = datetime.max.replace(tzinfo=UTC)
    ordered = sorted(rows, key=lambda c: booked[c.contact_id].start if c.contact_id in booked else last)
    return {**cards, SCHEDULED: ordered}
