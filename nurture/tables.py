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


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 36, last: int | None = None) -> str:
    """Left-aligned columns separated by two spaces; long cells clipped with an ellipsis at
    ``max_width`` (the last column at ``last``, if given: 0 clips it nowhere)."""
    n = len(headers) - 1
    cells = [
        [c if i == n and last == 0 else clip(c, last if i == n and last else max_width) for i, c in enumerate(row)]
        for row in ([printable(c).replace("\n", " ") for c in row] for row in rows)
    ]
    widths = [cell_width(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], cell_width(c))

    def line(row: Sequence[str]) -> str:
        padded = [c + " " * (widths[i] - cell_width(c)) for i, c in enumerate(row)]
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), *(line(r) for r in cells)])


#: Text with nothing ``markdown_text`` changes: no Markdown punctuation, no control character,
#: no ``&`` (an entity such as ``&copy;``).
_MARKDOWN_PLAIN = re.compile(r"[^\\`*_\[\]<>#|&\x00-\x1f\x7f-\x9f]*")
#: What could open a block when it starts a line (CommonMark §4–5), or be dropped there:
#: indentation (code, or spaces a paragraph drops), a
#: bullet (``-``, ``+``, ``*``) or ordered (``1.``, ``2024)``) list marker, a rule (a line of
#: only ``-`` and blanks: ``---``, ``-- -``, ``--\t-``) or setext underline (a line of ``-`` or
#: ``=``), a ``~~~`` fence. (``#``, ``>``, ``|``, backticks, ``*`` and ``_`` are escaped wherever
#: they are: ``* * *`` and ``_ _ _`` are no rule once escaped.)
_BLOCK_START = re.compile(r"\s|[-+*](?:[ \t]|$)|-[- \t]*$|=+[ \t]*$|~~~|\d{1,9}[.)](?:[ \t]|$)")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def markdown_text(text: str) -> str:
    """User text that shows as typed in Markdown, wherever it is put on a line (at its start
    too): no markup of its own, no line breaks, no block structure (a list, a heading, a rule,
    a code block) and no entity."""
    if _MARKDOWN_PLAIN.fullmatch(text) and not _BLOCK_START.match(text):  # most text: one scan in C
        return text
    return markdown_escaped(text)


def markdown_escaped(text: str) -> str:
    """``markdown_text`` without its shortcut for text that needs nothing escaped."""
    escaped = printable(text)
    for ch in "\\`*_[]<>#|":
        escaped = escaped.replace(ch, "\\" + ch)
    if "&" in escaped:
        escaped = _ENTITY.sub(r"\\&", escaped)
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    first = escaped[0]
    if first.isspace():  # indentation: its first space as a character reference, not layout
        return f"&#{ord(first)};{escaped[1:]}" if escaped.strip() else escaped
    if first.isdigit():  # "2024. " or "1) ": the marker's punctuation escaped
        mark = start.end() - (1 if start.group()[-1] in " \t" else 0) - 1
        return escaped[:mark] + "\\" + escaped[mark:]
    return "\\" + escaped


def markdown_lines(text: str) -> list[str]:
    """Multi-line user text as Markdown lines, each made safe by ``markdown_text``: a line
    break is kept as one (a backslash at the end of the line, CommonMark's hard break), a blank
    line stays a blank line (the paragraph ends there)."""
    lines = [markdown_text(line) if line.strip() else "" for line in text.splitlines()]
    for n in range(len(lines) - 1):
        if lines[n] and lines[n + 1]:
            lines[n] += "\\"
    return lines
