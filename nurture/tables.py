"""Plain-text tables for the shell: aligned by terminal cell width, user text made safe."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from nurture.domain.text import printable  # used here, and imported from here by the shell and the screens


def cell_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with an ellipsis when cut."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 36) -> str:
    """Left-aligned columns separated by two spaces; long cells clipped with an ellipsis."""
    cells = [[clip(printable(c).replace("\n", " "), max_width) for c in row] for row in rows]
    widths = [cell_width(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], cell_width(c))

    def line(row: Sequence[str]) -> str:
        padded = [c + " " * (widths[i] - cell_width(c)) for i, c in enumerate(row)]
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), *(line(r) for r in cells)])


#: Text with nothing ``markdown_text`` changes: no Markdown punctuation, no control character.
_MARKDOWN_PLAIN = re.compile(r"[^\\`*_\[\]<>#|\x00-\x1f\x7f-\x9f]*")


def markdown_text(text: str) -> str:
    """User text that shows as typed in Markdown: no markup of its own, no line breaks."""
    if _MARKDOWN_PLAIN.fullmatch(text):  # most text: one scan in C instead of eleven
        return text
    escaped = printable(text)
    for ch in "\\`*_[]<>#|":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped
