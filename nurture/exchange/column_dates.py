"""How a column of slashed dates reads, decided from the whole column.

A spreadsheet re-saved by Excel writes dates in its locale's way: 15/03/2024 (day first) or
03/15/2024 (month first). One value whose first number is over 12 shows the column is day first;
one whose second number is over 12, month first; both in one column is a contradiction, refused
naming the two lines. A column where every date reads both ways is never guessed: the user says
which (``--date-order dmy|mdy``), or, where the caller allows it, their own date order applies
and the summary says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from nurture.domain.dates import DATE_ORDERS, DMY, MDY
from nurture.domain.wording import quoted
from nurture.exchange.source import ImportFileError

_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$|^(\d{1,2})-(\d{1,2})-(\d{4})$")
SPOKEN = {DMY: "day first", MDY: "month first"}


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
            raise ImportFileError(
                path,
                sample[0],
                f"{label} {sample[1]} cannot be read {SPOKEN[given]} (--date-order {given}); "
                f"the column is {SPOKEN[decided]}: import without --date-order, or with --date-order {decided}",
            )
        return given, ""
    if decided and sample:
        return decided, f"{label} read {SPOKEN[decided]}, as {sample[1]} on {sample[0]} shows"
    if usual:
        return usual, (
            f"{label}: dates such as {seen[1]} read both ways; read {SPOKEN[usual]} ({usual_why}). "
            "Import again with --date-order dmy or mdy if that is wrong"
        )
    raise ImportFileError(
        path,
        "",
        f"{label}: every date reads both day first and month first ({seen[1]} on {seen[0]} is "
        f"{_both_ways(seen[1])}); say which: nurture import FILE --date-order dmy, or --date-order mdy",
    )
