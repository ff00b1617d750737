"""The touch-base queue pane: overdue, due today and the next days, each row saying why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message

from nurture.domain.appointments import Appointment, until_text
from nurture.domain.queue import (
    FOLLOW_UP,
    LOG_MEETING,
    MEETING_DUE,
    NUDGE_DUE,
    PREPARE,
    REPORT_BACK,
    THANK,
    TOUCH_BASE,
    QueueItem,
)
from nurture.widgets.columns import widest
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import Section, VirtualList, with_headings
from nurture.widgets.virtual_list import cell as _cell

QueueRow = QueueItem | Section

#: What the reason column shows of each reason: a sign and one word (the README's queue table).
#: The signs are one cell wide everywhere: no emoji, no East Asian ambiguous or (as of Unicode 16,
#: which made the trigrams ☰ wide) wide character.
REASON_LABELS = {
    MEETING_DUE: "◷ meeting",
    LOG_MEETING: "✎ debrief",
    THANK: "❦ thank-you",
    PREPARE: "? prepare",
    NUDGE_DUE: "➜ nudge",
    FOLLOW_UP: "⚑ follow-up",
    REPORT_BACK: "⇄ report",
    TOUCH_BASE: "⟳ touch-base",
}
#: The "when" column: " 122d", " today", " 15:00", " in 3d" and a space after.
WHEN_CELLS = 7
#: The reason column: the longest label and a space after.
REASON_CELLS = max(cell_len(label) for label in REASON_LABELS.values()) + 1
#: The most cells the name column takes beside a detail column (a longer name is cut there).
NAME_CELLS = 32
#: The fewest cells a detail column is shown in: narrower, the name takes the room.
DETAIL_CELLS = 20


def sectioned(items: list[QueueItem], today: date) -> list[QueueRow]:
    """Items grouped under 'Overdue', 'Due today' and 'Coming up' headings."""
    return with_headings([
        ("Overdue", [i for i in items if i.due < today]),
        ("Due today", [i for i in items if i.due == today]),
        ("Coming up", [i for i in items if i.due > today]),
    ])  # fmt: skip


class QueueList(VirtualList[QueueRow]):
    DEFAULT_CSS = """
    QueueList > .queue-list--overdue { color: $error; text-style: bold; }
    QueueList > .queue-list--today { color: $warning; text-style: bold; }
    QueueList > .queue-list--upcoming { color: $text-muted; }
    QueueList > .queue-list--reason { color: $accent; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "queue-list--overdue",
        "queue-list--today",
        "queue-list--upcoming",
        "queue-list--reason",
    }

    @dataclass
    class Highlighted(Message):
        item: QueueItem | None

    @dataclass
    class Chosen(Message):
        """Enter or double-click on an item: go to its contact."""

        item: QueueItem

    def __init__(self, **kwargs) -> None:
        super().__init__(empty_text="Nothing due. Well kept!", **kwargs)
        self.today = date.min
        #: The moment a meeting's row says how long until it starts from (``tick``).
        self.now: datetime | None = None
        #: The appointments the rows are about, by id (a meeting row's start and end).
        self.appointments: dict[str, Appointment] = {}
        #: The cells the name column needs: its widest name's (``columns.widest``).
        self.name_need = NAME_CELLS

    def set_rows(self, rows, cursor: int | None = None) -> None:
        self.name_need = widest((r.name for r in rows if isinstance(r, QueueItem)), NAME_CELLS)
        super().set_rows(rows, cursor)

    def tick(self, now: datetime) -> None:
        """The time moved on: the meeting rows say so (a redraw, nothing read again)."""
        self.now = now
        self.redraw()

    def detail(self, row: QueueItem) -> str:
        """The item's detail; for a meeting, after how long until it starts ("in 2 h 10 min · today
        15:00 · Zoom · 20 min")."""
        until = self.until(row)
        return f"{until} · {row.detail}" if until else row.detail  # first: the detail may be cut

    def is_selectable(self, row: QueueRow) -> bool:
        return isinstance(row, QueueItem)

    def render_row(self, row: QueueRow, width: int) -> Text:
        if isinstance(row, Section):
            return Text(row.title, style=self.get_component_rich_style("virtual-list--section"))
        when, style = self.when(row)
        rest = width - WHEN_CELLS - REASON_CELLS
        name_w = max(self.name_need, 4)  # wide: the widest name whole, the detail gets the rest
        if rest - name_w < DETAIL_CELLS:
            name_w = max(rest, 4)  # narrow: the name takes the room
        detail_w = rest - name_w
        until = self.until(row) if not detail_w else ""
        name_cells = cell_len(screen_text(row.name)) + 2
        if until and rest - name_cells >= len(until):  # narrower: how long until it starts, if it fits
            name_w, detail_w = name_cells, rest - name_cells
        text = Text.assemble(
            _cell(" " + when, WHEN_CELLS, self.get_component_rich_style(style)),
            _cell(
                REASON_LABELS.get(row.reason, row.reason),
                REASON_CELLS,
                self.get_component_rich_style("queue-list--reason"),
            ),
            _cell(screen_text(row.name), name_w),
        )
        if detail_w:
            shown = screen_text(until or self.detail(row))
            text.append_text(_cell(shown, detail_w, self.get_component_rich_style("queue-list--upcoming")))
        return text

    def when(self, row: QueueItem) -> tuple[str, str]:
        """When the item is due, short (the section heading says overdue: "122d", "today",
        "15:00" for today's meeting, "in 3d"), and the style to show it in."""
        if row.days_overdue > 0:
            late = row.days_overdue
            # four-digit day counts would not fit the column: months from 1,000 days on
            return (f"{late}d" if late < 1000 else f"{late // 30}mo"), "queue-list--overdue"
        if row.days_overdue == 0:
            if row.reason == MEETING_DUE and row.at is not None and self.now is not None:
                return f"{row.at.astimezone(self.now.tzinfo):%H:%M}", "queue-list--today"  # today's meeting: its time
            return "today", "queue-list--today"
        return f"in {-row.days_overdue}d", "queue-list--upcoming"

    def until(self, row: QueueItem) -> str:
        """How long until a meeting row's appointment starts ("in 2 h 10 min"), or ""."""
        appointment = self.appointments.get(row.ref) if row.reason == MEETING_DUE else None
        return until_text(appointment, self.now) if appointment is not None and self.now is not None else ""

    def announce_highlight(self, row: QueueRow | None) -> None:
        self.post_message(self.Highlighted(row if isinstance(row, QueueItem) else None))

    def announce_select(self, row: QueueRow) -> None:
        if isinstance(row, QueueItem):
            self.post_message(self.Chosen(row))
