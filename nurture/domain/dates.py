"""Reading dates and cadences the way people type them, and date arithmetic that never overflows.

Nothing here reads the clock: every function that needs "today" is given it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from nurture.domain.errors import InputError
from nurture.domain.limits import MAX_CADENCE_DAYS
from nurture.domain.wording import quoted

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

PAST, FUTURE = "past", "future"
#: How a slashed date like 04/12/2026 is read: day first or month first.
DMY, MDY = "dmy", "mdy"
DATE_ORDERS: tuple[str, ...] = (DMY, MDY)

DATE_FORMS = (
    "2026-11-23, Nov 23 2026, 23.11.2026, today, yesterday, tomorrow, 3d ago, 2 weeks ago, "
    "in 3 days, +2w, -3d, fri, last fri, next fri, last week"
)
CADENCE_FORMS = "30d, 2w, 3m, 1y, weekly, fortnightly, monthly, quarterly, yearly"

_UNITS = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "m": "m", "mo": "m", "mon": "m", "month": "m", "months": "m",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y",
}  # fmt: skip
_UNIT_NAMES = {"d": "day", "w": "week", "m": "month", "y": "year"}
_NAMED_CADENCES = {
    "daily": (1, "d"),
    "weekly": (1, "w"),
    "biweekly": (2, "w"),
    "fortnightly": (2, "w"),
    "monthly": (1, "m"),
    "bimonthly": (2, "m"),
    "quarterly": (3, "m"),
    "semiannually": (6, "m"),
    "yearly": (1, "y"),
    "annually": (1, "y"),
}
_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_AMOUNT = r"(\d{1,5})\s*([a-z]+)"
_RE_AGO = re.compile(rf"^{_AMOUNT}\s+ago$")
_RE_IN = re.compile(rf"^in\s+{_AMOUNT}$")
_RE_SIGNED = re.compile(rf"^([+-])\s*{_AMOUNT}$")
_RE_WEEKDAY = re.compile(r"^(?:(last|next|this)\s+)?([a-z]+)$")
_RE_RELATIVE_UNIT = re.compile(r"^(last|this|next)\s+(week|month|year)$")
_RE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RE_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4})?)?$")  # 4.12.2026, 04.12.26, 04.12.
_RE_YEAR_FIRST = re.compile(r"^(\d{4})([./-])(\d{1,2})\2(\d{1,2})\.?$")  # 2026/12/04, 2026.12.04
_RE_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$|^(\d{1,2})-(\d{1,2})-(\d{4})$")
_RE_CADENCE = re.compile(rf"^(?:every\s+)?{_AMOUNT}$")


def shift(day: date, amount: int, unit: str) -> date:
    """``day`` moved by ``amount`` units ('d', 'w', 'm', 'y'), clamped to the calendar's ends."""
    try:
        if unit == "d":
            return day + timedelta(days=amount)
        if unit == "w":
            return day + timedelta(weeks=amount)
        if unit == "m":
            return day + _relativedelta()(months=amount)
        return day + _relativedelta()(years=amount)
    except (OverflowError, ValueError):
        return date.max if amount > 0 else date.min


def _relativedelta() -> type[relativedelta]:
    """dateutil's relativedelta, imported on first use: most commands never shift by months,
    and every command pays for an import at start."""
    from dateutil.relativedelta import relativedelta

    return relativedelta


def add_days(day: date, days: int) -> date:
    return shift(day, days, "d")


def check_room(today: date, first: date, last: date, what: str) -> None:
    """Refuse a ``today`` outside ``first``..``last``: for generated data that spans days
    before and after today, which the calendar's ends (0001-01-01, 9999-12-31) cannot hold."""
    if not first <= today <= last:
        raise InputError(
            f"{what} spans the days around {today.isoformat()}, past the end of the calendar; "
            f"give --as-of a date from {first.isoformat()} to {last.isoformat()}"
        )


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often to touch base: ``count`` days, weeks, months or years."""

    count: int
    unit: str  # 'd' | 'w' | 'm' | 'y'

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def after(self, day: date) -> date:
        return shift(day, self.count, self.unit)

    @property
    def nominal_days(self) -> int:
        """Approximate length in days (months as 30, years as 365) for display and sorting."""
        return self.count * {"d": 1, "w": 7, "m": 30, "y": 365}[self.unit]

    def describe(self) -> str:
        if self.count == 1:
            return f"every {_UNIT_NAMES[self.unit]}"
        return f"every {self.count} {_UNIT_NAMES[self.unit]}s"

    @classmethod
    def parse(cls, text: str) -> Cadence:
        raw = str(text)
        s = raw.strip().lower()
        if s in _NAMED_CADENCES:
            return cls(*_NAMED_CADENCES[s])
        m = _RE_CADENCE.match(s)
        if m and m.group(2) in _UNITS:
            cadence = cls(int(m.group(1)), _UNITS[m.group(2)])
            if 0 < cadence.nominal_days <= MAX_CADENCE_DAYS:
                return cadence
            raise InputError(
                f"cadence {quoted(raw)} is out of range: use between 1 day and 10 years (for example {CADENCE_FORMS})"
            )
        raise InputError(f"cannot read cadence {quoted(raw)}; use a form like {CADENCE_FORMS}")


def _offset(day: date, amount: str, unit_word: str, sign: int, raw: str) -> date:
    unit = _UNITS.get(unit_word)
    if unit is None:
        raise InputError(f"cannot read date {quoted(raw)}: unknown unit {quoted(unit_word)}; use d, w, m or y")
    return shift(day, sign * int(amount), unit)


def parse_date(text: str, today: date, prefer: str = PAST, order: str = "") -> date:
    """Read a date as people type it. ``prefer`` picks the direction of a bare weekday name:
    ``past`` (logging what happened: "fri" is the most recent Friday, today included) or
    ``future`` (planning: "fri" is the coming Friday, today included).

    ``order`` reads a slashed date: ``DMY`` (04/12/2026 is 4 December) or ``MDY`` (12 April;
    also when ``order`` is empty). Where only one reading is a real date, that one. A dotted
    date (04.12.2026) is day first whatever the order: every country that writes dots puts the
    day first."""
    raw = str(text)
    s = " ".join(raw.strip().lower().split())
    if not s:
        raise InputError(f"no date given; use a form like {DATE_FORMS}")
    if s in ("today", "now"):
        return today
    if s == "yesterday":
        return shift(today, -1, "d")
    if s == "tomorrow":
        return shift(today, 1, "d")
    for pattern, sign in ((_RE_AGO, -1), (_RE_IN, 1)):
        m = pattern.match(s)
        if m:
            return _offset(today, m.group(1), m.group(2), sign, raw)
    m = _RE_SIGNED.match(s)
    if m:
        return _offset(today, m.group(2), m.group(3), -1 if m.group(1) == "-" else 1, raw)
    m = _RE_RELATIVE_UNIT.match(s)
    if m:
        return shift(today, {"last": -1, "this": 0, "next": 1}[m.group(1)], _UNITS[m.group(2)])
    m = _RE_WEEKDAY.match(s)
    if m and m.group(2) in _WEEKDAYS:
        return _weekday(today, _WEEKDAYS[m.group(2)], m.group(1) or prefer)
    if _RE_ISO.match(s):
        try:
            return date.fromisoformat(s)
        except ValueError:
            raise InputError(f"{quoted(raw)} is not a real date (check month and day)") from None
    numeric = _numeric(s, today, order, raw)
    if numeric is not None:
        return numeric
    if re.fullmatch(r"[\d\s]+", s):
        # dateutil would read "3" as the 3rd of this month: too surprising to accept.
        raise InputError(f"cannot read date {quoted(raw)}; use a form like {DATE_FORMS}")
    from dateutil import parser as dateutil_parser  # 35 ms to import: only for free-form dates

    try:
        return dateutil_parser.parse(s, default=_default_for(today), dayfirst=order == DMY).date()
    except (ValueError, OverflowError, dateutil_parser.ParserError):
        raise InputError(f"cannot read date {quoted(raw)}; use a form like {DATE_FORMS}") from None


def _numeric(s: str, today: date, order: str, raw: str) -> date | None:
    """A date written in numbers only (dotted, slashed, year first), or None for other forms."""
    m = _RE_DOTTED.match(s)
    if m:
        readings = [(int(m.group(1)), int(m.group(2)))]
        year = m.group(3)
    elif m := _RE_YEAR_FIRST.match(s):
        readings = [(int(m.group(4)), int(m.group(3)))]
        year = m.group(1)
    elif m := _RE_SLASHED.match(s):
        a, b, year = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        readings = [(int(a), int(b)), (int(b), int(a))]  # (day, month), day first
        if order != DMY:
            readings.reverse()
    else:
        return None
    full_year = _full_year(year, today)
    for day, month in readings:
        try:
            return date(full_year, month, day)
        except ValueError:
            continue
    raise InputError(f"{quoted(raw)} is not a real date (check month and day)")


def _full_year(year: str | None, today: date) -> int:
    """The year as written; this year if none; a two-digit year in the nearest century."""
    if not year:
        return today.year
    if len(year) == 4:
        return int(year)
    century = today.year - today.year % 100
    full = century + int(year)
    if full > today.year + 50:
        full -= 100
    elif full <= today.year - 50:
        full += 100
    return full


def spoken(day: date) -> str:
    """A day as a confirmation names it, beyond misreading: 'Fri 4 Dec 2026'."""
    return f"{day:%a} {day.day} {day:%b} {day.year:04d}"


#: Territories that write the month first (04/12 is 12 April); the rest of the world, the day.
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "GU", "PR", "AS", "MP", "UM", "VI", "CA"})
_DAY_FIRST_HERE = frozenset({"fr_CA"})  # French Canada writes the day first
#: Territories that write the year first (2026/12/04): no say in how 04/12 reads.
_YEAR_FIRST = frozenset({"CN", "JP", "KR", "KP", "TW", "HU", "LT", "MN", "IR"})


def order_of_locale(name: str) -> str:
    """The date order a locale name's territory implies ("en_GB.UTF-8" → DMY, "en_US" → MDY),
    or "" when it names none (C, POSIX) or writes the year first."""
    base = re.split(r"[.@]", name or "", maxsplit=1)[0]
    language, _, territory = base.partition("_")
    territory = territory.upper()
    if not language or not territory.isalpha() or len(territory) != 2 or territory in _YEAR_FIRST:
        return ""
    if f"{language.lower()}_{territory}" in _DAY_FIRST_HERE:
        return DMY
    return MDY if territory in _MONTH_FIRST else DMY


def locale_date_order(environ: Mapping[str, str]) -> str:
    """The date order of the locale that governs dates (LC_ALL, else LC_TIME, else LANG, as
    POSIX has it), or "" when it says nothing. Given the environment: nothing here reads it."""
    for key in ("LC_ALL", "LC_TIME", "LANG"):
        if environ.get(key):
            return order_of_locale(environ[key])
    return ""


def check_past(day: date, today: date) -> date:
    """``day``, if it has happened (today included): what is logged."""
    if day > today:
        raise InputError(f"{spoken(day)} is in the future; log what has happened (plan what is ahead with a follow-up)")
    return day


def check_ahead(day: date, today: date) -> date:
    """``day``, if it is today or later: when a follow-up is due."""
    if day < today:
        raise InputError(f"{spoken(day)} is in the past; a follow-up is for what is ahead (log what already happened)")
    return day


def check_later(day: date, today: date) -> date:
    """``day``, if it is after today: the end of a snooze."""
    if day <= today:
        raise InputError(f"{spoken(day)} is not in the future; a snooze ends on a later day")
    return day


def _default_for(today: date) -> datetime:
    return datetime(today.year, today.month, today.day)


def _weekday(today: date, weekday: int, direction: str) -> date:
    back = (today.weekday() - weekday) % 7
    ahead = (weekday - today.weekday()) % 7
    if direction == PAST:  # most recent, today included
        return shift(today, -back, "d")
    if direction == "last":  # strictly before today
        return shift(today, -(back or 7), "d")
    if direction == "next":  # strictly after today
        return shift(today, ahead or 7, "d")
    return shift(today, ahead, "d")  # 'this' / future: coming, today included


def ago(day: date | None, today: date) -> str:
    """'today', '3d ago', 'in 2d', '5w ago', '1y ago'; '—' when there is no date."""
    if day is None:
        return "—"
    delta = (today - day).days
    if delta == 0:
        return "today"
    n = abs(delta)
    if n < 14:
        amount = f"{n}d"
    elif n < 70:
        amount = f"{n // 7}w"
    elif n < 730:
        amount = f"{n // 30}mo"
    else:
        amount = f"{n // 365}y"
    return f"{amount} ago" if delta > 0 else f"in {amount}"


def when(days_overdue: int) -> str:
    """How a due item stands: 'today', '3d overdue', 'in 2d'."""
    if days_overdue == 0:
        return "today"
    if days_overdue > 0:
        return f"{days_overdue}d overdue"
    return f"in {-days_overdue}d"
