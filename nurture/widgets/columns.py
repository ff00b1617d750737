"""How wide a list's column of user text needs to be: what its widest entry needs, measured over
a bounded number of rows (a list of ten thousand rows is measured as fast as one of a thousand;
an entry past them longer than any before it is cut with an ellipsis)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len

from nurture.widgets.screen_text import screen_text

#: The rows measured for a column's width.
MEASURED = 1000


def widest(texts: Iterable[str], most: int) -> int:
    """The cells the widest of ``texts`` takes with two spaces after it (the gap before the next
    column, as the shell's tables), at most ``most`` (0: none has any text). Reads no further
    than ``MEASURED`` texts, nor past the first that needs ``most``."""
    need = 0
    for n, text in enumerate(texts):
        if n >= MEASURED:
            break
        if text:
            need = max(need, cell_len(screen_text(text)) + 2)
            if need >= most:
                return most
    return need
