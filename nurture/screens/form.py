"""The shape every quick-add form shares: first field focused, Tab/Enter move on, Ctrl+S saves,
Esc cancels, errors shown under their field, and nothing is returned until every field is valid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from nurture.domain.errors import InputError
from nurture.tables import printable
from nurture.widgets.field import Field

T = TypeVar("T")


class FormScreen(ModalScreen[T], Generic[T]):
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #dialog {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: thick $primary; padding: 0 1;
    }
    FormScreen #form-title { text-style: bold; color: $accent; padding: 0 1 1 1; }
    FormScreen #fields { height: auto; max-height: 100%; padding-right: 1; }
    FormScreen #form-problem { color: $error; padding: 0 1; display: none; }
    FormScreen #form-problem.-shown { display: block; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]
    TITLE = ""

    def __init__(self, title: str | None = None) -> None:
        super().__init__()
        self.form_title = printable(title or self.TITLE)

    def fields(self) -> list[Field]:
        raise NotImplementedError

    def below_fields(self):
        """Widgets shown under the fields (a preview, a progress bar); none by default."""
        return []

    def collect(self, check: Callable[[str, Callable[[], Any]], Any]) -> T:
        """Build the result. Wrap each field's parsing in ``check(field_id, parse)``: an
        ``InputError`` it raises is shown under that field."""
        raise NotImplementedError

    def compose(self):
        with Vertical(id="dialog"):
            yield Static(self.form_title, id="form-title", markup=False)
            with VerticalScroll(id="fields"):
                yield from self.fields()
            yield from self.below_fields()
            yield Static("", id="form-problem", markup=False)
            yield Footer()

    def on_mount(self) -> None:
        first = self.query("Input, TextArea, Select").first()
        first.focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.submitted(event.input)

    def submitted(self, control: Input) -> None:
        """Enter in a one-line field: move on to the next field."""
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        errors: dict[str, str] = {}

        def check(field_id: str, parse: Callable[[], Any]) -> Any:
            try:
                return parse()
            except InputError as e:
                errors[field_id] = str(e)
                return None

        result = self.collect(check)
        for f in self.query(Field):
            f.set_error(errors.get(f.id or ""))
        if errors:
            first = next(f for f in self.query(Field) if f.id in errors)
            first.control.focus()
            first.scroll_visible()
            return
        self.dismiss(result)

    def show_problem(self, message: str | None) -> None:
        """A problem that belongs to no single field."""
        problem = self.query_one("#form-problem", Static)
        problem.update(message or "")
        problem.set_class(bool(message), "-shown")
