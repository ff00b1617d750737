"""Export the network to a file: choose the format and where; the file is written 0600.

The file name follows the format: the suggested name until you edit it, and a name of your own
that ends in an export format's suffix (``net.json``) takes the new format's (``net.csv``).
Enter in the File field exports, as ctrl+s does. An existing file is replaced only when you press
ctrl+s a second time with nothing changed in between: any change to the form (the name, the
format, the days) asks again. The export runs in a worker, with a progress bar and what it is
writing ("Writing 12,000 of 30,000 contacts…"), so a big network never looks frozen; while it
runs the footer offers no keys (esc and ctrl+s wait for it), and it cannot be cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, ProgressBar, Select, Static

from nurture.domain.errors import NurtureError, TargetExists
from nurture.exchange.formats import EXPORT_FORMATS, EXPORT_HELP, FORMAT_NAMES, MAX_ICS_DAYS, SUFFIX
from nurture.screens.form import FormScreen
from nurture.widgets.field import Field
from nurture.widgets.path_input import PathInput
from nurture.widgets.screen_text import screen_text


def with_suffix(path: str, fmt: str) -> str:
    """``path`` with ``fmt``'s suffix when it ends in another export format's (any case):
    ``net.json`` as CSV is ``net.csv``; any other name is left as typed."""
    for suffix in SUFFIX.values():
        if suffix != SUFFIX[fmt] and path.lower().endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)] + SUFFIX[fmt]
    return path


@dataclass(frozen=True)
class Exported:
    format: str
    path: Path
    size: int


class ExportScreen(FormScreen[Exported]):
    DEFAULT_CSS = """
    ExportScreen #f-days { display: none; }
    ExportScreen.-ics #f-days { display: block; }
    ExportScreen #work { display: none; height: auto; padding: 1 1 0 1; }
    ExportScreen #work.-busy { display: block; }
    ExportScreen #progress Bar { width: 1fr; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Export", priority=True)]
    TITLE = "Export"

    def __init__(self, folder: str = "~") -> None:
        super().__init__()
        self.folder = folder.rstrip("/") or "/"
        #: The format, file and days a "press ctrl+s again to replace it" was said for.
        self.confirmed: tuple[str, Path, str] | None = None
        self.busy = False

    def default_path(self, fmt: str) -> str:
        name = f"nurture-{'queue' if fmt == 'ics' else 'network'}-{self.today:%Y-%m-%d}{SUFFIX[fmt]}"
        return f"{self.folder}/{name}" if self.folder != "/" else f"/{name}"

    def fields(self) -> list[Field]:
        return [
            Field(
                "Format",
                Select([(FORMAT_NAMES[f], f) for f in EXPORT_FORMATS], value="json", allow_blank=False, id="format"),
                hint=EXPORT_HELP["json"],
                id="f-format",
            ),
            Field(
                "File",
                PathInput(self.default_path("json"), id="path"),
                hint="→ completes · Enter exports · readable only by you",
                id="f-path",
            ),
            Field(
                "Days ahead",
                Input("30", id="days", restrict=r"\d*", max_length=4),
                hint="the queue from today to this many days ahead",
                id="f-days",
            ),
        ]

    def below_fields(self):
        with Vertical(id="work"):
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Static("", id="status", markup=False)

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        fmt = str(event.value)
        self.query_one("#f-format", Field).set_hint(EXPORT_HELP[fmt])
        self.set_class(fmt == "ics", "-ics")
        path = self.query_one("#path", PathInput)
        if any(path.value == self.default_path(f) for f in EXPORT_FORMATS):
            path.value = self.default_path(fmt)
        else:
            path.value = with_suffix(path.value, fmt)
        self._changed()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._changed()

    def _changed(self) -> None:
        """The form is not what "press ctrl+s again to replace it" was said for: ask again."""
        if self.confirmed is not None:
            self.confirmed = None
            self.query_one("#f-path", Field).set_error(None)

    def submitted(self, control) -> None:
        """Enter in the File field exports, as ctrl+s does."""
        if control.id == "path":
            self.action_save()
        else:
            super().submitted(control)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the export runs, its keys leave the footer: they would do nothing."""
        if self.busy and action in ("save", "cancel"):
            return False
        return super().check_action(action, parameters)

    def action_save(self) -> None:
        if self.busy:
            return
        fmt = str(self.query_one("#format", Select).value)
        text = self.query_one("#path", PathInput).value.strip()
        days_text = self.query_one("#days", Input).value.strip() or "30"
        path_field, days_field = self.query_one("#f-path", Field), self.query_one("#f-days", Field)
        days_field.set_error(None)
        if fmt == "ics" and not 0 <= int(days_text) <= MAX_ICS_DAYS:
            days_field.set_error(f"give a number of days from 0 to {MAX_ICS_DAYS}")
            return
        if not text:
            path_field.set_error("give a file name to export to")
            return
        target = Path(text).expanduser()
        asked = (fmt, target, days_text if fmt == "ics" else "")
        replace = self.confirmed == asked
        path_field.set_error(None)
        self._set_busy(True)
        days = int(days_text)
        app = self.app  # taken here: the worker thread cannot find it

        def work(service) -> int:
            def progress(done: int, total: int, what: str) -> None:
                app.call_from_thread(self._progress, done, total, what)

            return service.export_to(fmt, target, days=days, replace=replace, progress=progress)

        self.in_background(
            work, lambda size: self.dismiss(Exported(fmt, target, size)), partial(self._failed, asked), group="export"
        )

    def action_cancel(self) -> None:
        if not self.busy:  # an export that has started finishes (its file appears whole, or not at all)
            super().action_cancel()

    def _progress(self, done: int, total: int, what: str) -> None:
        """``total`` 0: not yet known (the bar moves to and fro)."""
        self.query_one("#progress", ProgressBar).update(total=total if total > 0 else None, progress=done)
        self.query_one("#status", Static).update(f"{what}…")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#work").set_class(busy, "-busy")
        self.refresh_bindings()
        if busy:
            self.query_one("#progress", ProgressBar).update(total=None, progress=0)
            self.query_one("#status", Static).update("Starting…")

    def _failed(self, asked: tuple[str, Path, str], error: NurtureError) -> None:
        self._set_busy(False)
        message = str(error)
        if isinstance(error, TargetExists):  # the next ctrl+s on this form, unchanged, replaces it
            self.confirmed = asked
            message = f"{error.path} exists. Press ctrl+s again to replace it, or change the name."
        self.query_one("#f-path", Field).set_error(screen_text(message))
