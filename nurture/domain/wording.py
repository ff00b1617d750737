"""Putting what a file or the user gave into a message, at a length a person can read: a list
shows its first few items and counts the rest, a value is cut short with "…". A file with
100,000 columns, or a 1 MB cell, still gets a one-line message. A count agrees with its noun
("1 referral", "2 referrals"), and a sentence built around a name ends once ("Added Google Inc.")."""

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


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for one: ``count(1, "person", "people")`` is "1 person"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def sentence(text: str) -> str:
    """``text`` as a sentence: a full stop added unless it already ends in one (or ! ? …), so a
    name that ends in a full stop ("Google Inc.") does not end the sentence twice."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."
