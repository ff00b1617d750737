"""One of the weekly review's lists when it is long: a few rows at once, all of them a key away.

The review shows a short list (who to thank, who is losing touch, open commitments, what you
learned, what is over the weekly cap) written out in full, wrapped. A long one (thirty thousand
connections can make it thousands of rows) goes into a :class:`ReviewSection`: its heading with
the count, the first rows in a :class:`ReviewList` (Textual's Line API: only the rows on screen
are drawn) and "and 3,412 more". Tab moves into the list, ↑↓ browse it. A row is a sequence of
parts as ``Content.assemble`` takes them, so the long and the short form draw a row alike; the
styles a part may name are those of ``STYLES``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from nurture.widgets.hanging import Hanging
from nurture.widgets.virtual_list import VirtualList

#: A part of a row: plain text, or (text, style) with a style named in ``STYLES``.
Part = str | tuple[str, str]
#: The styles a row's parts use, and the list's component class that draws each.
STYLES = {
    "": "",
    "bold": "review-list--bold",
    "$text-muted": "review-list--muted",
    "$warning": "review-list--warning",
    "$success": "review-list--success",
    "$accent": "review-list--accent",
    "$error": "review-list--error",
}
#: Rows a short list writes out; a longer one shows this many at once, and the rest on demand.
SHOWN = 8


class ReviewList(VirtualList[Any]):
    """A long list of the review, drawn a row at a time. The cursor shows only while the list
    has focus: unfocused, it reads as the first rows of the section, not as a selection."""

    DEFAULT_CSS = f"""
    ReviewList {{ height: {SHOWN}; background: $background; }}
    ReviewList > .virtual-list--cursor {{ background: $background; color: $foreground; text-style: none; }}
    ReviewList:focus > .virtual-list--cursor {{
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }}
    ReviewList > .review-list--bold {{ text-style: bold; }}
    ReviewList > .review-list--muted {{ color: $text-muted; }}
    ReviewList > .review-list--warning {{ color: $warning; }}
    ReviewList > .review-list--success {{ color: $success; }}
    ReviewList > .review-list--accent {{ color: $accent; }}
    ReviewList > .review-list--error {{ color: $error; }}
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {c for c in STYLES.values() if c}

    def __init__(self, line: Callable[[Any], Sequence[Part]] = lambda row: (str(row),), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.line = line

    def render_row(self, row: Any, width: int) -> Text:
        parts: list[str | tuple[str, Style | str]] = []
        for part in self.line(row):
            if isinstance(part, str):
                parts.append(part)
            else:
                text, style = part
                parts.append(
                    (text, self.get_component_rich_style(STYLES[style], partial=True) if STYLES[style] else "")
                )
        return Text.assemble(*parts, no_wrap=True)


class ReviewSection(Vertical):
    """A section of the review: written out when short (``show_all``), else its heading, the
    first rows in a :class:`ReviewList` and how many more there are (``show_long``)."""

    DEFAULT_CSS = """
    ReviewSection { height: auto; margin: 0 1 0 0; }
    ReviewSection.-empty { display: none; }
    ReviewSection > ReviewList, ReviewSection > .more { display: none; }
    ReviewSection.-long > ReviewList, ReviewSection.-long > .more { display: block; }
    ReviewSection > .more { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="lines")
        yield ReviewList()
        yield Static(classes="more", markup=False)

    @property
    def list(self) -> ReviewList:
        return self.query_one(ReviewList)

    def show_all(self, lines: Hanging | None) -> None:
        """Everything, written out (``None``: nothing to show, the section is hidden)."""
        self.set_class(lines is None, "-empty")
        self.remove_class("-long")
        self.query_one(".lines", Static).update(lines or "")
        self.list.set_rows(())

    def show_long(self, heading: Hanging, rows: Sequence[Any], line: Callable[[Any], Sequence[Part]]) -> None:
        """The heading, every row in the list (the first ``SHOWN`` in view, each drawn by
        ``line``), and "and 3,412 more"."""
        self.remove_class("-empty")
        self.add_class("-long")
        self.query_one(".lines", Static).update(heading)
        box = self.list
        box.line = line
        box.set_rows(rows, cursor=0)
        box.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.query_one(".more", Static).update(f"and {len(rows) - SHOWN:,} more · Tab to the list, ↑↓ to browse")
