"""A labelled form field with its own inline error line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from textual import on
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from nurture.domain.appointments import moment_text
from nurture.domain.errors import InputError
from nurture.widgets.screen_text import screen_text


class Field(Vertical):
    DEFAULT_CSS = """
    Field { height: auto; }
    Field > .field--row { height: auto; }
    Field > .field--row > Label { width: 20; color: $text-muted; text-align: right; padding-right: 1; }
    Field:focus-within > .field--row > Label { color: $accent; text-style: bold; }
    Field.-invalid > .field--row > Label { color: $error; }
    Field Input, Field Input:focus { border: none !important; height: 1; padding: 0 1; background: $boost; width: 1fr; }
    Field Input:focus { background: $primary 25%; }
    Field TextArea, Field TextArea:focus {
        border: none !important; height: 3; padding: 0 1; background: $boost; width: 1fr;
    }
    Field TextArea:focus { background: $primary 15%; }
    Field Select { height: 1; width: 1fr; }
    Field Select > SelectCurrent, Field Select:focus > SelectCurrent {
        border: none !important; height: 1; padding: 0 1; background: $boost;
    }
    Field Select:focus > SelectCurrent { background: $primary 25%; }
    Field > .field--hint, Field > .field--error { padding-left: 20; }
    Field > .field--hint { color: $text-muted; }
    Field > .field--error { color: $error; display: none; }
    Field.-invalid > .field--error { display: block; }
    """

    def __init__(self, label: str, control: Widget, hint: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.control = control
        self.hint = hint

    def compose(self):
        with Horizontal(classes="field--row"):
            yield Label(self.label, markup=False)
            yield self.control
        if self.hint:
            yield Static(self.hint, classes="field--hint", markup=False)
        yield Static("", classes="field--error", markup=False)

    def set_error(self, message: str | None) -> None:
        self.query_one(".field--error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")

    def set_hint(self, text: str) -> None:
        for hint in self.query(".field--hint"):
            hint.update(text)  # type: ignore[attr-defined]


class LiveField(Field):
    """A one-line field that says in its hint, as you type, what it will store (or why it
    can't): ``describe`` of the text, which a subclass gives.

    Saving with a value it can't read shows the reason as the field's error: the hint, which says
    the same, steps aside until the next key (then it says what is wrong now, and the error goes)."""

    DEFAULT_CSS = """
    LiveField.-said > .field--hint { display: none; }
    """

    def __init__(self, label: str, control: Input, hint: str, **kwargs) -> None:
        super().__init__(label, control, hint=screen_text(hint) or " ", **kwargs)
        self._live = self.hint

    def describe(self, text: str) -> str:
        """What ``text`` will store, in words, or why it can't."""
        raise NotImplementedError

    def set_hint(self, text: str) -> None:
        self._live = text
        super().set_hint(text)

    def set_error(self, message: str | None) -> None:
        super().set_error(message)
        self.set_class(bool(message) and message == self._live, "-said")

    @on(Input.Changed)
    def _say_what_is_stored(self, event: Input.Changed) -> None:
        event.stop()
        self.set_hint(screen_text(self.describe(event.value)) or " ")
        if self.has_class("-said"):
            self.set_error(None)


class DateField(LiveField):
    """A date field that shows, as you type, the day it will be read as (or why it can't)."""

    def __init__(
        self, label: str, parse: Callable[[str], date], value: str = "", placeholder: str = "", hint: str = "", **kwargs
    ) -> None:
        self.parse = parse
        self.blank = ""
        control = Input(value, placeholder=placeholder, id=kwargs.pop("input_id", None))
        super().__init__(label, control, hint=hint or self.describe(value), **kwargs)
        self.blank = self.hint  # said while the field is empty: what it said when it opened

    def describe(self, text: str) -> str:
        if not text.strip():
            return self.blank
        try:
            return f"→ {self.parse(text):%A %d %B %Y}"
        except InputError as e:
            return str(e)

    def value(self) -> date:
        return self.parse(self.control.value)  # type: ignore[attr-defined]


class MomentField(LiveField):
    """A day-and-time field that shows, as you type, the day and time it will be read as
    ("→ Thu 3 Dec 2026, 15:00 (in 4 days)"), or why it can't (no time, the hour the clocks
    skip, in the past: whatever ``parse`` refuses)."""

    def __init__(
        self, label: str, parse: Callable[[str], datetime], today: date, placeholder: str = "", hint: str = "",
        **kwargs,
    ) -> None:  # fmt: skip
        self.parse = parse
        self.today = today
        control = Input(placeholder=placeholder, id=kwargs.pop("input_id", None))
        super().__init__(label, control, hint=hint, **kwargs)
        self.blank = self.hint

    def describe(self, text: str) -> str:
        if not text.strip():
            return self.blank
        try:
            return f"→ {moment_text(self.parse(text), self.today)}"
        except InputError as e:
            return str(e)

    def value(self) -> datetime:
        return self.parse(self.control.value)  # type: ignore[attr-defined]
