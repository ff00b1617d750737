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


#: The narrowest a fitted column gets (its header is never cut: a column keeps at least that).
MIN_COLUMN = 6
#: Between two columns.
GAP = "  "
#: The headers of the column that names the person: the last to shrink (``render``).
NAME_HEADERS = ("NAME", "CONTACT")
#: The cells a name keeps before columns are left out (a name of typical length, whole).
READABLE_NAME = 16


def render(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int | None = None, keep: int | None = None
) -> str:
    """Left-aligned columns separated by two spaces. With ``width`` (the terminal's, in cells)
    long cells are cut with an ellipsis until the table fits: the other columns first, the
    widest first (none below ``MIN_COLUMN`` nor its header), and the name's column last
    (``keep``, by default the first headed NAME or CONTACT); when even that leaves the name
    fewer than ``READABLE_NAME`` cells, the last other columns are left out. Without ``width``
    every cell is whole."""
    cells = [[printable(c.replace("\n", " ")) for c in row] for row in rows]  # one line each
    natural = [cell_width(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            natural[i] = max(natural[i], cell_width(c))
    if keep is None:
        keep = next((i for i, h in enumerate(headers) if h in NAME_HEADERS), None)
    heads = [cell_width(h) for h in headers]
    widths = natural if width is None else fitted_keeping(natural, heads, width, keep)
    shown = [i for i, w in enumerate(widths) if w > 0]  # a column left out has no width
    if widths != natural:
        cells = [[clip(c, widths[i]) for i, c in enumerate(row)] for row in cells]

    def line(row: Sequence[str]) -> str:
        padded = [row[i] + " " * (widths[i] - cell_width(row[i])) for i in shown]
        return GAP.join(padded).rstrip()

    return "\n".join([line(headers), *(line(r) for r in cells)])


def fitted_keeping(natural: Sequence[int], headers: Sequence[int], width: int, keep: int | None) -> list[int]:
    """As ``fitted``, but column ``keep`` (the name) shrinks last: the others give way first,
    to their floors; then the name, to ``READABLE_NAME`` cells (or its natural width, if less);
    then the last of the other columns are left out (width 0), one by one, for the name to keep
    that. Without ``keep``, ``fitted``."""
    if keep is None:
        return fitted(natural, headers, width)
    columns = list(range(len(natural)))
    readable = min(natural[keep], max(READABLE_NAME, headers[keep]))
    while True:
        others = [i for i in columns if i != keep]
        budget = width - len(GAP) * (len(columns) - 1)
        floors = [min(natural[i], max(MIN_COLUMN, headers[i])) for i in others]
        room = budget - sum(floors)
        if not others:  # the name alone: as wide as the terminal (its header whole)
            widths = [0] * len(natural)
            widths[keep] = min(natural[keep], max(budget, headers[keep]))
            return widths
        if room >= readable:
            name = min(natural[keep], room)
            gaps = len(GAP) * (len(others) - 1)
            fit = fitted([natural[i] for i in others], [headers[i] for i in others], budget - name + gaps)
            widths = [0] * len(natural)
            for i, w in zip(others, fit, strict=True):
                widths[i] = w
            widths[keep] = name
            return widths
        columns.remove(others[-1])  # the last other column is left out


def fitted(natural: Sequence[int], headers: Sequence[int], width: int) -> list[int]:
    """Column widths (in cells) that fit ``width`` with the gaps between them: the widest
    columns give way first, down to a common level, none below its floor (``MIN_COLUMN`` or its
    header, at most its natural width). When even the floors do not fit, the floors."""
    budget = width - len(GAP) * (len(natural) - 1)
    if sum(natural) <= budget:
        return list(natural)
    floors = [min(n, max(MIN_COLUMN, h)) for n, h in zip(natural, headers, strict=True)]

    def total(level: int) -> int:
        return sum(min(n, max(f, level)) for n, f in zip(natural, floors, strict=True))

    low, high = 0, max(natural)  # total(high) > budget; find the highest level that fits
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if total(mid) <= budget else (low, mid - 1)
    widths = [min(n, max(f, low)) for n, f in zip(natural, floors, strict=True)]
    spare = budget - sum(widths)  # the cells left: one more to each column cut at the level, leftmost first
    for i, (n, f) in enumerate(zip(natural, floors, strict=True)):
        if spare <= 0:
            break
        if widths[i] == low < n and f <= low:
            widths[i] += 1
            spare -= 1
    return widths


def tsv(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Tab-separated values with a header row, every cell whole: a backslash, tab, newline and
    carriage return in a cell written as ``\\\\``, ``\\t``, ``\\n`` and ``\\r``; other control characters
    made safe as ``printable`` makes them."""
    return "\n".join("\t".join(tsv_cell(c) for c in row) for row in [headers, *rows])


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_cell(text: str) -> str:
    return printable(str(text).translate(_TSV_ESCAPES))


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
