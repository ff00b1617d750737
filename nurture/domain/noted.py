"""Email addresses and phone numbers that earlier versions of nurture kept in a contact's notes.

Before a contact held several, a vCard import put every address but the first into the notes,
one line per kind, in nurture's own words: ``Other email: a@x.example, b@y.example`` and
``Other phone: +1 555 0100, +1 555 0101``. Those lines, and only those (the whole line, every
item on it an address of that kind), are taken out of the notes and given back as addresses.
Any other line stays as it is: "Website: …", or a line the user wrote that mentions an email.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LINE = re.compile(r"^Other (email|phone): (.+)$")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
#: A phone number as a vCard holds one: digits, spaces and the usual punctuation, an extension.
_PHONE = re.compile(r"^\+?[\d\s().\-/]*\d[\d\s().\-/]*(?:\s*(?:ext\.?|x|#)\s*\d+)?$", re.IGNORECASE)


class Noted(NamedTuple):
    """The notes without those lines, and the addresses they held, in order."""

    notes: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]


def _items(text: str, shape: re.Pattern[str]) -> list[str] | None:
    items = [item.strip() for item in text.split(",")]
    return items if all(shape.match(item) for item in items) else None


def addresses_in_notes(notes: str) -> Noted:
    """The "Other email:" and "Other phone:" lines of ``notes`` taken out (``Noted``); notes
    without any come back as they are, with no addresses."""
    if "Other " not in notes:
        return Noted(notes, (), ())
    kept: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    for line in notes.split("\n"):
        m = _LINE.match(line.rstrip())
        items = _items(m.group(2), _EMAIL if m.group(1) == "email" else _PHONE) if m else None
        if m is None or items is None:
            kept.append(line)
        else:
            (emails if m.group(1) == "email" else phones).extend(items)
    if not emails and not phones:
        return Noted(notes, (), ())
    return Noted("\n".join(kept).strip("\n"), tuple(emails), tuple(phones))
