"""A field that takes several values in one line (emails, phones), and shows as you type what it
will store: which one is preferred, which others, or why it cannot.

As ``DateField`` does for a day: saving with a value it cannot read shows the reason as the
field's error, and the hint, which says the same, steps aside until the next key."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.widgets import Input

from nurture.domain.errors import InputError
from nurture.widgets.field import Field
from nurture.widgets.screen_text import screen_text


def what_is_stored(values: tuple[str, ...], blank: str) -> str:
    """What the field will store, in words: "→ ada@work.example (preferred), ada@home.example"."""
    if not values:
        return blank
    rest = "".join(f", {v}" for v in values[1:])
    return screen_text(f"→ {values[0]}{' (preferred)' if rest else ''}{rest}")


class ListField(Field):
    DEFAULT_CSS = """
    ListField.-said > .field--hint { display: none; }
    """

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
        ``blank``: the hint while the field is empty."""
        self.parse = parse
        self.blank = blank
        control = Input(", ".join(values), id=input_id)
        super().__init__(label, control, hint=what_is_stored(values, blank) or " ", **kwargs)
        self._live = self.hint

    def set_hint(self, text: str) -> None:
        self._live = text
        super().set_hint(text)

    def set_error(self, message: str | None) -> None:
        super().set_error(message)
        self.set_class(bool(message) and message == self._live, "-said")

    def describe(self, text: str) -> str:
        try:
            return what_is_stored(self.parse(text), self.blank) or " "
        except InputError as e:
            return screen_text(str(e))

    @on(Input.Changed)
    def _show_values(self, event: Input.Changed) -> None:
        event.stop()
        self.set_hint(self.describe(event.value))
        if self.has_class("-said"):
            self.set_error(None)

    def values(self) -> tuple[str, ...]:
        return self.parse(self.control.value)  # type: ignore[attr-defined]
