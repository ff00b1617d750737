"""Text as people type it: one canonical form to store, and one folded form to match.

``nfc``: what nurture stores. The same name typed on a Mac (which sends "i" + a combining
accent) and on Linux (one "í") becomes the same characters, so it sorts, matches and exports
the same. Every cleaner in ``nurture.domain.fields`` applies it, and imports apply it to the
whole file.

``fold``: what nurture compares when a person types a name to find someone (the dashboard's
filter, the shell's NAME, the palette's *Go to contact*, referrer fields): case and accents
ignored, so "sofia" finds "Sofía Martínez". Screens use it too (``fold_places`` keeps track of
where each folded character came from, to highlight the original).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_CONTROL = {i: f"\\x{i:02x}" for i in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL[0x09] = " "
_CONTROL_KEEP_LINES = {**_CONTROL, 0x0A: "\n"}


def printable(text: str, keep_newlines: bool = False) -> str:
    """User text safe to print on a terminal: control characters (ANSI escapes included)
    shown as ``\\xNN`` instead of acting on the terminal. Messages apply it to the user text
    they quote, so their own line breaks stay line breaks."""
    return str(text).translate(_CONTROL_KEEP_LINES if keep_newlines else _CONTROL)


#: Letters that carry their mark in themselves (no combining accent to drop). The dotless i
#: (U+0131) is here on purpose: RUF001 takes it for a lookalike of i, so it is silenced below.
_PLAIN = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ŧ": "t"})  # noqa: RUF001


def nfc(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), as nurture stores it."""
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """``text`` for matching: case and accents ignored ("Sofía" → "sofia", "Łódź" → "lodz")."""
    if text.isascii():
        return text.casefold()
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def fold_places(text: str) -> tuple[str, tuple[int, ...]]:
    """``fold(text)``, and for each of its characters the index in ``text`` it comes from."""
    out: list[str] = []
    places: list[int] = []
    for i, ch in enumerate(text):
        folded = fold(ch)
        out.append(folded)
        places.extend([i] * len(folded))
    return "".join(out), tuple(places)
