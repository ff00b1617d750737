"""Putting what a file or the user gave into a message, at a length a person can read: a list
shows its first few items and counts the rest, a value is cut short with "…". A file with
100,000 columns, or a 1 MB cell, still gets a one-line message."""

from __future__ import annotations

from collections.abc import Iterable

#: Items a list shows before "and N more".
LIST_LIMIT = 10
#: Characters of one value quoted in a message.
VALUE_LIMIT = 80


def clipped(text: object, limit: int = VALUE_LIMIT) -> str:
    """``text`` as it is when it has at most ``limit`` characters, else cut to ``limit`` with
    "…" as the last."""
    text = str(text)
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def quoted(value: object, limit: int = VALUE_LIMIT) -> str:
    """``value`` in quotes, as ``repr`` writes it, shortened: ``'aaaa…'``."""
    if isinstance(value, str):
        return repr(clipped(value, limit))
    return clipped(repr(value), limit)


def listing(items: Iterable[object], limit: int = LIST_LIMIT, width: int = VALUE_LIMIT) -> str:
    """``a, b, c``; past ``limit`` items, the first ``limit`` and ``and 99,990 more``. Each item
    is cut to ``width`` characters."""
    items = list(items)
    text = ", ".join(clipped(item, width) for item in items[:limit])
    if len(items) > limit:
        text += f" and {len(items) - limit:,} more"
    return text
