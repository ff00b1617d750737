"""A field that takes several values in one line (emails, phones), and shows as you type what it
will store: which one is preferred, which others, or why it cannot (``LiveField``, as
``DateField`` does for a day).

Left as it opened, it gives back the values it opened with, exactly: the line is only read
when the user changed it, so saving another field never rewrites these (a phone number whose
commas a reading of the line would take for separators, a list longer than one may type)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from nurture.domain.errors import InputError
from nurture.widgets.field import LiveField


def what_is_stored(values: tuple[str, ...], blank: str) -> str:
    """What the field will store, in words: "→ ada@work.example (preferred), ada@home.example"."""
    if not values:
        return blank
    rest = "".join(f", {v}" for v in values[1:])
    return f"→ {values[0]}{' (preferred)' if rest else ''}{rest}"


class ListField(LiveField):
    def __init__(
        self,
        label: str,
        parse: Callable[[str], tuple[str, ...]],
        values: tuple[str, ...] = (),
        blank: str = "",
        input_id: str | None = None,
        **kwargs,
    ) -> None:
        """``parse``: the text as typed to the values stored (an ``InputError`` says why not);
        ``blank``: the hint while the field is empty. The line shows the values joined by ", "."""
        self.parse = parse
        self.blank = blank
        self.opened = (", ".join(values), tuple(values))
        super().__init__(label, Input(self.opened[0], id=input_id), hint=self.describe(self.opened[0]), **kwargs)

    def _read(self, text: str) -> tuple[str, ...]:
        return self.opened[1] if text == self.opened[0] else self.parse(text)

    def describe(self, text: str) -> str:
        try:
            return what_is_stored(self._read(text), self.blank)
        except InputError as e:
            return str(e)

    def values(self) -> tuple[str, ...]:
        """The values as typed; those the field opened with if the line is as it opened."""
        return self._read(self.control.value)  # type: ignore[attr-defined]
