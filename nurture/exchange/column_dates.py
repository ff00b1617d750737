"""How a column of slashed dates reads, decided from the whole column.

A spreadsheet re-saved by Excel writes dates in its locale's way: 15/03/2024 (day first) or
03/15/2024 (month first). One value whose first number is over 12 shows the column is day first;
one whose second number is over 12, month first; both in one column is a contradiction, refused
naming the two lines. A column where every date reads both ways is never guessed: the user says
which (``--date-order dmy|mdy``), or, where the caller allows it, their own date order applies
and the summary says so. A dotted date (15.03.2024, as Excel writes on German, Polish, Russian
and Nordic locales) is always day first: it tells nothing about the slashed ones.

The patterns of the numeric dates a spreadsheet column holds live here, and only here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from nurture.domain.dates import DATE_ORDERS, DMY, MDY, PAST, parse_date
from nurture.domain.errors import InputError
from nurture.domain.wording import quoted
from nurture.exchange.source import ImportFileError

_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$|^(\d{1,2})-(\d{1,2})-(\d{4})$")
_DOTTED = re.compile(r"^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})$")
SPOKEN = {DMY: "day first", MDY: "month first"}


#: The summary's advice when a column that reads both ways followed the user's own date order.
AGAIN_ADVICE = "Import again with --date-order dmy or mdy if that is wrong"


class DateOrderNeeded(ImportFileError):
    """A column whose slashed dates the user must say how to read: every one reads both ways
    (``decided`` is ""), or they contradict the order chosen (``decided`` is the one they show).
    The message gives the shell's way to choose; a front end with a control of its own says its
    way with ``advising``."""

    def __init__(self, path: Path, where: str, reason: str, decided: str = "") -> None:
        self.path, self.where, self.reason, self.decided = path, where, reason, decided
        super().__init__(path, where, f"{reason}; {self.shell_advice()}")

    def shell_advice(self) -> str:
        if self.decided:
            return f"import without --date-order, or with --date-order {self.decided}"
        return "say which: nurture import FILE --date-order dmy, or --date-order mdy"

    def advising(self, advice: str) -> str:
        """The message with ``advice`` in place of the shell's."""
        return str(ImportFileError(self.path, self.where, f"{self.reason}; {advice}"))


def is_slashed(text: str) -> bool:
    """Whether ``text`` is a numeric date whose order its column decides: 15/03/2024, 3-15-2024."""
    return _SLASHED.match(text.strip()) is not None


def is_dotted(text: str) -> bool:
    """Whether ``text`` is a dotted date, day first: 15.03.2024, 15.3.24."""
    return _DOTTED.match(text.strip()) is not None


#: The written-out forms a date cell may take (LinkedIn writes the first).
_WRITTEN = ("%d %b %Y", "%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y")
#: What a refusal of a date cell lists.
FORMS = (
    "15 Mar 2024, 2024-03-15, 15-Mar-24, 15.03.2024 (day first), or 15/03/2024 and 03/15/2024 (the column shows which)"
)


def read_cell(text: str, order: str, today: date) -> date:
    """The date a cell holds: written out, dotted (day first), or slashed, read in ``order``
    (what ``column_order`` decided; "" when the column holds no slashed date)."""
    text = text.strip()
    for fmt in _WRITTEN:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if is_dotted(text) or (order and is_slashed(text)):
        return parse_date(text, today, PAST, order)
    raise InputError(f"{quoted(text)} is not a date nurture reads; use one like {FORMS}")


def _parts(text: str) -> tuple[int, int, int] | None:
    m = _SLASHED.match(text.strip())
    if not m:
        return None
    a, b, year = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
    return int(a), int(b), int(year)


def _both_ways(text: str) -> str:
    """What ``text`` is day first and month first: "5 Mar 2024 with dmy, 3 May 2024 with mdy"."""
    parts = _parts(text)
    assert parts is not None
    a, b, year = parts
    year = year if year >= 100 else 2000 + year
    try:
        dmy, mdy = date(year, b, a), date(year, a, b)
    except ValueError:
        return "day first with dmy, month first with mdy"
    return f"{dmy.day} {dmy:%b %Y} with dmy, {mdy.day} {mdy:%b %Y} with mdy"


def column_order(
    path: Path,
    label: str,
    cells: Iterable[tuple[str, str]],
    given: str = "",
    usual: str = "",
    usual_why: str = "",
) -> tuple[str, str]:
    """The order the slashed dates of column ``label`` read in, and a note for the summary ("" when
    there is nothing to say). ``cells`` are (where, text) pairs; ``given`` is the order the user
    chose for this import; ``usual`` an order to fall back on when the column cannot tell (and
    ``usual_why`` where it comes from); without one, a column that cannot tell is refused."""
    if given and given not in DATE_ORDERS:
        raise ImportFileError(path, "", f"unknown date order {quoted(given)}; use dmy or mdy")
    day_first: tuple[str, str] | None = None
    month_first: tuple[str, str] | None = None
    seen: tuple[str, str] | None = None
    for where, text in cells:
        parts = _parts(text)
        if parts is None:
            continue
        a, b, _ = parts
        seen = seen or (where, text.strip())
        if a > 12 >= b and day_first is None:
            day_first = (where, text.strip())
        elif b > 12 >= a and month_first is None:
            month_first = (where, text.strip())
    if seen is None:
        return given or usual, ""
    if day_first and month_first:
        raise ImportFileError(
            path,
            "",
            f"{label}: {day_first[0]} has {day_first[1]} (day first) and {month_first[0]} has "
            f"{month_first[1]} (month first); one column cannot be both: correct the date that is wrong",
        )
    decided = DMY if day_first else MDY if month_first else ""
    sample = day_first or month_first
    if given:
        if decided and decided != given and sample:
            raise DateOrderNeeded(
                path,
                sample[0],
                f"{label} {sample[1]} cannot be read {SPOKEN[given]}; the column is {SPOKEN[decided]}",
                decided,
            )
        return given, ""
    if decided and sample:
        return decided, f"{label} read {SPOKEN[decided]}, as {sample[1]} on {sample[0]} shows"
    if usual:
        return usual, (
            f"{label}: dates such as {seen[1]} read both ways; read {SPOKEN[usual]} ({usual_why}). " + AGAIN_ADVICE
        )
    raise DateOrderNeeded(
        path,
        "",
        f"{label}: every date reads both day first and month first ({seen[1]} on {seen[0]} is {_both_ways(seen[1])})",
    )
