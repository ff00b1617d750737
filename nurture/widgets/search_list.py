"""The search screen's results: one line per match, date · person · what · snippet, the matched
words highlighted. A virtual list: only the rows on screen are drawn, whatever the count.

The snippet is the user's text: it is drawn as plain text, and the matched words are styled
spans over it (``Hit.spans``), never markup put into it (a note holding ``[/]`` shows as typed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from rich.style import Style
from rich.text import Text
from textual.message import Message

from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import VirtualList, cell


class Found(Protocol):
    """What a row shows of a search hit (``nurture.services.search.Hit``)."""

    @property
    def contact_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def interaction_id(self) -> str | None: ...
    @property
    def on(self) -> date | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def snippet(self) -> str: ...
    @property
    def spans(self) -> tuple[tuple[int, int], ...]: ...


def highlighted(text: str, spans: tuple[tuple[int, int], ...], style: Style | str) -> Text:
    """``text`` as drawn (``screen_text``), with ``spans`` (ranges of ``text``) in ``style``.
    Each piece between two spans is made safe to draw on its own, so a control character made
    longer (``\\x07`` drawn as four characters) moves no highlight off its word."""
    out = Text(no_wrap=True)
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        out.append(screen_text(text[at:start].replace("\n", " ")))
        out.append(screen_text(text[start:end].replace("\n", " ")), style)
        at = end
    out.append(screen_text(text[at:].replace("\n", " ")))
    return out


def what(hit: Found, room: int) -> str:
    """What the match is, in ``room`` cells: "coffee action item (yours)", or, where that does
    not fit, "action item (yours)" (the kind goes first: the rest says more)."""
    label = hit.label
    if len(label) > room and hit.kind and label.startswith(hit.kind + " "):
        return label[len(hit.kind) + 1 :]
    return label


def in_view(text: str, spans: tuple[tuple[int, int], ...], room: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` cut at its start, after "…", where its first match would not show in ``room``
    cells: the snippet is made for a wide line, and the match is what a row must show."""
    if not spans:
        return text, spans
    first = min(start for start, _ in spans)
    if first + 6 < room or len(text) <= room:
        return text, spans
    cut = max(first - room // 3, 1)
    return "…" + text[cut:], tuple((start - cut + 1, end - cut + 1) for start, end in spans if end > cut)


class SearchList(VirtualList[Found]):
    DEFAULT_CSS = """
    SearchList > .search-list--when { color: $text-muted; }
    SearchList > .search-list--what { color: $secondary; }
    SearchList > .search-list--match { color: $warning; text-style: bold underline; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "search-list--when",
        "search-list--what",
        "search-list--match",
    }

    @dataclass
    class Chosen(Message):
        """Enter or double-click: open this match."""

        hit: Found

    class Left(Message):
        """Up from the first row: back to what is above the list (the query)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(empty_text="Nothing found.", **kwargs)

    def action_cursor(self, delta: int) -> None:
        if delta < 0 and self.cursor <= 0:
            self.post_message(self.Left())
            return
        super().action_cursor(delta)

    def render_row(self, row: Found, width: int) -> Text:
        style = self.get_component_rich_style
        when = f"{row.on:%d %b %Y}" if row.on is not None else ""
        name_w = max(min(width // 6, 20), 15 if width >= 70 else 8)
        what_w = max(min(width // 5, 29), 21 if width >= 70 else 8)
        rest = max(width - 12 - name_w - what_w, 4)
        snippet = highlighted(*in_view(row.snippet, row.spans, rest), style("search-list--match", partial=True))
        snippet.truncate(rest, overflow="ellipsis")
        return Text.assemble(
            cell(when, 12, style("search-list--when", partial=True)),
            cell(screen_text(row.name) or "(you)", name_w),
            cell(screen_text(what(row, what_w - 1)), what_w, style("search-list--what", partial=True)),
            snippet,
        )

    def announce_select(self, row: Found) -> None:
        self.post_message(self.Chosen(row))
