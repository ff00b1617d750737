"""Reading a record's fields from a file, each checked for its type and range.

Every ``from_dict`` refuses a value of the wrong type (``True`` is not a number, ``[1, 2]`` is
not a list of text, "next tuesday" is not a date) or out of range with a ``FieldError`` naming
the field and the value (shortened), so the store can say which file and which record, and an
import which record of the file. Keys nurture does not know are ignored: a newer minor version
may add some.

The records read by the ten thousand when nurture opens (contacts, interactions) have a fast
path in ``from_dict`` that takes well-formed data with a few identity checks; anything it does
not take goes through :class:`Fields`, which accepts the tolerated forms (null for an empty
field) and names the first problem.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any, Literal, TypeVar, overload

from nurture.domain.dates import Cadence
from nurture.domain.errors import InputError

T = TypeVar("T")
#: The default of a field that must be there.
REQUIRED: Any = object()

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlong = 40
_short.maxlist = _short.maxtuple = 6
_short.maxdict = 4
_short.maxlevel = 3


def shown(value: Any) -> str:
    """``value`` as it appears in a message: Python's repr, shortened (a 45 MB string too)."""
    return _short.repr(value)


class FieldError(ValueError):
    """A field of a stored or imported record that cannot be used. Its repr is its message,
    so it reads the same wherever it is shown (the store quotes the error with ``!r``)."""

    def __repr__(self) -> str:
        return str(self)


def bad(path: str, problem: str, value: Any) -> FieldError:
    return FieldError(f"field {path!r} {problem}, got {shown(value)}")


class Fields:
    """The fields of one record (``at``: where it sits in its parent, for nested records)."""

    __slots__ = ("at", "d")

    def __init__(self, d: Any, at: str = "") -> None:
        if type(d) is not dict:
            if at:
                raise bad(at.rstrip("."), "must be an object ({...})", d)
            raise FieldError(f"the record must be an object ({{...}}), got {shown(d)}")
        self.d = d
        self.at = at

    def _bad(self, key: str, problem: str, value: Any) -> FieldError:
        return bad(self.at + key, problem, value)

    def _get(self, key: str, default: Any) -> Any:
        """The value, or ``default`` when missing or null (a required field has no default)."""
        value = self.d.get(key)
        if value is None:
            if default is REQUIRED:
                empty = "is null; it needs a value" if key in self.d else "is missing"
                raise FieldError(f"field {self.at + key!r} {empty}")
            return default
        return value

    def ident(self, key: str) -> str:
        value = self._get(key, REQUIRED)
        if type(value) is not str or not value:
            raise self._bad(key, "must be an id (text, not empty)", value)
        return value

    def text(self, key: str, default: str | T = "") -> str | T:
        value = self._get(key, default)
        if value is not default and type(value) is not str:
            raise self._bad(key, "must be text", value)
        return value

    def name(self, key: str) -> str:
        """Text that is not blank."""
        value = self._get(key, REQUIRED)
        if type(value) is not str or not value.strip():
            raise self._bad(key, "must be text, not blank", value)
        return value

    def ref(self, key: str) -> str | None:
        """The id of another record, or None (an empty text too)."""
        value = self.text(key, None)
        return value or None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key, None)
        if value is None:
            return ()
        if type(value) is not list or any(type(x) is not str for x in value):
            raise self._bad(key, "must be a list of text", value)
        return tuple(value)

    def choice(self, key: str, options: Collection[str], default: str = REQUIRED) -> str:
        value = self._get(key, default)
        if value == "" and default is not REQUIRED:
            return default
        if type(value) is not str or value not in options:
            raise self._bad(key, f"must be one of {', '.join(options)}", value)
        return value

    def flag(self, key: str) -> bool:
        value = self._get(key, False)
        if value is not True and value is not False:
            raise self._bad(key, "must be true or false", value)
        return value

    # Without a default, or with a number, a whole number comes back; ``None`` only when
    # ``None`` is the default. The overloads say so, so callers need no check.
    @overload
    def whole(self, key: str, low: int, high: int, default: int = ...) -> int: ...
    @overload
    def whole(self, key: str, low: int, high: int, default: None) -> int | None: ...
    def whole(self, key: str, low: int, high: int, default: int | None = REQUIRED) -> int | None:
        if self.d.get(key) is None:
            return self._get(key, default)  # the default, or "missing" when there is none
        value = self.d[key]
        if type(value) is not int or not low <= value <= high:  # True is an int: refused too
            raise self._bad(key, f"must be a whole number from {low} to {high}", value)
        return value

    def number(self, key: str, low: float, high: float) -> float:
        value = self._get(key, REQUIRED)
        if type(value) not in (int, float) or not low <= value <= high:  # NaN is in no range
            raise self._bad(key, f"must be a number from {low} to {high}", value)
        return float(value)

    @overload
    def day(self, key: str, required: Literal[True] = ...) -> date: ...
    @overload
    def day(self, key: str, required: bool) -> date | None: ...
    def day(self, key: str, required: bool = True) -> date | None:
        value = self._get(key, REQUIRED if required else None)
        if value is None or (value == "" and not required):
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self._bad(key, "must be a date written YYYY-MM-DD", value) from None

    def moment(self, key: str) -> datetime | None:
        value = self._get(key, None)
        if value is None or value == "":
            return None
        try:
            return datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise self._bad(key, "must be a date and time written YYYY-MM-DDTHH:MM:SS", value) from None

    @overload
    def cadence(self, key: str, default: Cadence) -> Cadence: ...
    @overload
    def cadence(self, key: str, default: None = ...) -> Cadence | None: ...
    def cadence(self, key: str, default: Cadence | None = None) -> Cadence | None:
        value = self._get(key, default)
        if value is default or value == "":
            return default
        if type(value) is str:
            try:
                return Cadence.parse(value)
            except InputError:
                pass
        raise self._bad(key, "must be a cadence such as 30d, 6w, 3m or 1y, from 1 day to 10 years", value)

    def records(self, key: str, decode: Callable[[Any, str], T]) -> tuple[T, ...]:
        """A list of nested records, each read by ``decode(item, where)``."""
        value = self._get(key, [])
        if type(value) is not list:
            raise self._bad(key, "must be a list of records", value)
        return tuple(decode(item, f"{self.at}{key}[{n}].") for n, item in enumerate(value))
