"""A list that renders only the rows on screen (Textual's Line API), so ten thousand rows cost
what twenty do. Subclasses say how a row looks and what to announce."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

T = TypeVar("T")

#: While keys are queued, how often to look whether they are handled, to draw the list then.
CATCH_UP = 0.02


@dataclass(frozen=True)
class Section:
    """A heading row: shown in the section style, never selectable."""

    title: str


def with_headings(groups: Iterable[tuple[str, Sequence[T]]]) -> list[T | Section]:
    """Each non-empty group under a heading saying how many it holds: "Overdue (3)"."""
    rows: list[T | Section] = []
    for title, items in groups:
        if items:
            rows.append(Section(f"{title} ({len(items):,})"))
            rows.extend(items)
    return rows


class VirtualList(ScrollView, Generic[T], can_focus=True):
    DEFAULT_CSS = """
    VirtualList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    VirtualList > .virtual-list--cursor { background: $block-cursor-blurred-background; }
    VirtualList:focus > .virtual-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    VirtualList > .virtual-list--section { color: $text-muted; text-style: bold; }
    VirtualList > .virtual-list--empty { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "virtual-list--cursor",
        "virtual-list--section",
        "virtual-list--empty",
    }
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(-1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor: reactive[int] = reactive(-1, always_update=True, init=False, repaint=False)  # watch_cursor draws

    def __init__(self, empty_text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: Sequence[T] = ()
        self.empty_text = empty_text
        self._scroll_pending = False
        self._announced: T | None = None
        #: Lines drawn, by (index, width, under the cursor): (the row drawn, the line). Scrolling
        #: by one row redraws every visible line; all but one were drawn the frame before.
        self._lines: dict[tuple[int, int, bool], tuple[T, Strip]] = {}
        self._catch_up: Timer | None = None  # draws the cursor where a burst of keys stopped

    # --- what subclasses provide --------------------------------------------------------

    def render_row(self, row: T, width: int) -> Text:
        return Text(str(row))

    def is_selectable(self, row: T) -> bool:
        return True

    def row_style(self, row: T) -> Style | None:
        return None

    def announce_highlight(self, row: T | None) -> None:
        """Post this list's own message for a newly highlighted row."""

    def announce_select(self, row: T) -> None:
        """Post this list's own message for a chosen row (Enter or click)."""

    # --- data -----------------------------------------------------------------------------

    @property
    def current(self) -> T | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def set_rows(self, rows: Sequence[T], cursor: int | None = None) -> None:
        """Replace the rows; keep the cursor on ``cursor`` (an index), else clamp it."""
        self.rows = rows
        self._lines.clear()  # (and whatever a row is drawn with, such as today, may have changed)
        self.virtual_size = Size(self.size.width, len(rows))
        # As Textual's OptionList does: a new virtual size at an unchanged widget size does not
        # by itself show or size the scrollbar, so whether it appeared depended on whether the
        # rows came before or after the first layout.
        self._scroll_update(self.virtual_size)
        target = self.cursor if cursor is None else cursor
        target = min(max(target, 0), len(rows) - 1)
        self.cursor = self._nearest_selectable(target, 1) if rows else -1
        self.refresh()
        # The new virtual size bounds scrolling only once laid out: check again after that.
        self.call_after_refresh(self._keep_cursor_visible)

    def _keep_cursor_visible(self) -> None:
        if self.cursor >= 0:
            self.show_row(self.cursor)

    def _nearest_selectable(self, index: int, step: int) -> int:
        n = len(self.rows)
        for candidate in [*range(index, n if step > 0 else -1, step), *range(index, -1 if step > 0 else n, -step)]:
            if 0 <= candidate < n and self.is_selectable(self.rows[candidate]):
                return candidate
        return -1

    # --- cursor ---------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if self._keys_ahead():
            # More keys are queued (a burst, a key held down faster than it is drawn): each step
            # would be scrolled to and drawn for nothing. Drawn once, where the keys stop.
            if self._catch_up is None:
                self._catch_up = self.set_timer(CATCH_UP, self._caught_up)
        elif self._catch_up is not None:
            self._caught_up()
        else:
            self._refresh_row(old)
            self._refresh_row(new)
            if new >= 0:
                self.show_row(new)
        row = self.current
        if row != self._announced or self._announced is None:
            # Only a real change is news: reloading the same rows must not re-announce them.
            self._announced = row
            self.announce_highlight(row)

    def _keys_ahead(self) -> bool:
        """Whether keys typed are queued behind the one being handled (if the app tells)."""
        waiting = getattr(self.app, "keys_waiting", None)
        return bool(waiting is not None and waiting())

    def _caught_up(self) -> None:
        if self._catch_up is not None:
            self._catch_up.stop()
            self._catch_up = None
        if self._keys_ahead():
            self._catch_up = self.set_timer(CATCH_UP, self._caught_up)
            return
        self.refresh()  # every row the cursor passed on the way
        if self.cursor >= 0:
            self.show_row(self.cursor)

    def show_row(self, index: int) -> None:
        """Scroll so row ``index`` is visible: one line for a step just past the edge, else
        centred. Before the list has a size, wait for it, so the result never depends on
        whether the data or the layout came first."""
        height = self.size.height
        if height <= 0:
            self._scroll_pending = True
            return
        self._scroll_pending = False
        top = self.scroll_offset.y
        if top <= index < top + height:
            return
        if index == top - 1:
            y = index
        elif index == top + height:
            y = index - height + 1
        else:
            y = index - height // 2
        # force: before the first layout the scrollbar is not yet shown, and a plain scroll_to
        # would be ignored (the result would depend on whether data or layout came first)
        self.scroll_to(y=max(0, y), animate=False, immediate=True, force=True)

    def _refresh_row(self, index: int) -> None:
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh_line(y)

    def move_to(self, index: int) -> None:
        if self.rows:
            step = 1 if index >= self.cursor else -1
            self.cursor = self._nearest_selectable(min(max(index, 0), len(self.rows) - 1), step)

    def action_cursor(self, delta: int) -> None:
        if not self.rows:
            return
        index = self.cursor + delta
        while 0 <= index < len(self.rows) and not self.is_selectable(self.rows[index]):
            index += delta
        if 0 <= index < len(self.rows):
            self.cursor = index

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(self.size.height - 1, 1))

    def action_edge(self, which: int) -> None:
        self.move_to(0 if which == 0 else len(self.rows) - 1)

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.announce_select(row)

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.rows) and self.is_selectable(self.rows[index]):
            self.focus()
            self.cursor = index
            if event.chain >= 2:
                self.announce_select(self.rows[index])

    # --- rendering: only visible lines ----------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = y + self.scroll_offset.y
        if not self.rows:
            if y == 0 and self.empty_text:
                text = Text(self.empty_text, style=self.get_component_rich_style("virtual-list--empty"))
                text.truncate(width, overflow="ellipsis", pad=True)
                return Strip(text.render(self.app.console), width).apply_style(base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        key = (index, width, index == self.cursor)
        drawn = self._lines.get(key)
        if drawn is not None and drawn[0] is row:
            return drawn[1]
        if len(self._lines) > 4 * max(self.size.height, 10):
            self._lines.clear()
        strip = self._draw(row, width, index == self.cursor)
        self._lines[key] = (row, strip)
        return strip

    def _draw(self, row: T, width: int, under_cursor: bool) -> Strip:
        base = self.rich_style
        text = self.render_row(row, width)
        text.truncate(width, overflow="ellipsis", pad=True)
        style = base
        extra = self.row_style(row)
        if extra is not None:
            style = style + extra
        if under_cursor:
            style = style + self.get_component_rich_style("virtual-list--cursor")
        segments = [Segment(s.text, style + s.style if s.style else style) for s in text.render(self.app.console)]
        return Strip(segments, width).adjust_cell_length(width, style)

    def redraw(self) -> None:
        """Draw every row again: for a list whose rows are drawn with something besides the
        rows themselves (a set of ticks, say) that has just changed."""
        self._lines.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        self._lines.clear()  # a new theme, or focus (the cursor's colour): draw again
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows))
        if self._scroll_pending:
            self._keep_cursor_visible()


def cell(value: str, width: int, style=None, right: bool = False) -> Text:
    """``value`` in exactly ``width`` cells, ending with a space; cut with an ellipsis."""
    text = Text(value.replace("\n", " "), style=style or "", no_wrap=True)
    text.truncate(max(width - 1, 1), overflow="ellipsis")
    if right:
        text.pad_left(max(width - 1 - text.cell_len, 0))
    text.truncate(width, pad=True)
    return text
