"""The shape every quick-add form shares: first field focused, Tab/Enter move on, Ctrl+S saves,
Esc cancels (asking first when a field was changed: ``discard_typed``), errors shown under their
field, and nothing is returned until every field is valid.

A form remembers what was typed in it when it returns its answer (``typed``), and a new one can be
filled with that and a problem (``refill``): how a form whose save failed comes back as it was
(see ``NurtureScreen._ask``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Select, Static, TextArea

from nurture.domain.errors import InputError
from nurture.screens.base import NurtureModal
from nurture.screens.key_question import discard_typed
from nurture.widgets.field import Field
from nurture.widgets.screen_text import screen_text

T = TypeVar("T")

#: What a form holds, by control id: an Input's or Select's value, a TextArea's text.
Typed = dict[str, Any]


class FormScreen(NurtureModal[T], Generic[T]):
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
        self.form_title = screen_text(title or self.TITLE)
        #: What was typed, taken when the form returned its answer.
        self.typed: Typed = {}
        self._refill: tuple[Typed, str] | None = None
        #: What the form held when it opened: esc asks before throwing away anything else.
        self.opened_with: Typed | None = None

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
            with VerticalScroll(id="fields", can_focus=False):  # scrolled by the focus, never a Tab stop
                yield from self.fields()
            yield from self.below_fields()
            yield Static("", id="form-problem", markup=False)
            yield Footer()

    def on_mount(self) -> None:
        self.opened_with = self._take_typed()
        if self._refill is not None:
            typed, problem = self._refill
            self._put_back(typed)
            self.show_problem(problem)
        first = self.query("Input, TextArea, Select").first()
        first.focus()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Keep the title, the problem and the keys on screen: the fields scroll in the room
        left (a tall form at 80x24 would otherwise push a problem shown under it off screen)."""
        dialog, fields = self.query_one("#dialog"), self.query_one("#fields")
        others = sum(w.outer_size.height for w in dialog.children if w is not fields and w.display)
        room = max(self.size.height - dialog.styles.gutter.height - others, 3)
        if fields.styles.max_height is None or fields.styles.max_height.value != room:
            fields.styles.max_height = room

    # --- what was typed -----------------------------------------------------------------------

    def refill(self, typed: Typed, problem: str) -> None:
        """Before the form is shown: fill it with ``typed`` and show ``problem`` in it."""
        self._refill = (typed, problem)

    def _controls(self):
        for control in self.query("#fields Input, #fields TextArea, #fields Select"):
            if control.id:
                yield control

    def _take_typed(self) -> Typed:
        return {c.id: c.text if isinstance(c, TextArea) else c.value for c in self._controls()}

    def _put_back(self, typed: Typed) -> None:
        for control in self._controls():
            if control.id not in typed:
                continue
            value = typed[control.id]
            if isinstance(control, TextArea):
                control.load_text(value)
            elif isinstance(control, Input):
                control.value = value
                control.cursor_position = len(value)
            elif isinstance(control, Select):
                control.value = value

    def dismiss(self, result: T | None = None):
        if result is not None:  # an answer, not a cancel: keep what it was made of
            self.typed = self._take_typed()
        return super().dismiss(result)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.submitted(event.input)

    def submitted(self, control: Input) -> None:
        """Enter in a one-line field: move on to the next field."""
        self.focus_next()

    def changed(self) -> bool:
        """Whether any field differs from how the form opened (a refilled form: from its empty
        state, so what was typed before a failed save is asked about too)."""
        return self.opened_with is not None and self._take_typed() != self.opened_with

    def action_cancel(self) -> None:
        """Close without an answer; with something typed, only once the user says to discard it."""
        if not self.changed():
            self.dismiss(None)
            return

        keys = list(self.query(Footer))

        def answered(answer: str | None) -> None:
            for footer in keys:
                footer.display = True
            if answer == "discard":
                self.dismiss(None)

        for footer in keys:  # its keys wait under the question (none of them works meanwhile)
            footer.display = False
        self.app.push_screen(discard_typed(), answered)

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
        self.call_after_refresh(self._fit)
