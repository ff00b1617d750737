"""Import contacts from a file: choose it, see what would change, then import.

Enter on the path shows a preview (a dry run: nothing written); ctrl+s imports. Reading and
merging run in a worker with a progress bar, so a big file never freezes the dashboard, and the
import is all or nothing: an error names the file, the line or record and the reason."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ProgressBar, Select, Static

from nurture.domain.dates import DMY, MDY
from nurture.exchange.formats import FORMAT_NAMES, IMPORT_HELP, READ_FORMATS
from nurture.screens.form import FormScreen
from nurture.widgets.field import Field
from nurture.widgets.path_input import PathInput
from nurture.widgets.screen_text import screen_text

#: How many skipped records and notes the preview lists before "… and N more".
SHOWN = 6
#: The date order field, shown once a file's dates cannot tell (``--date-order`` in the shell).
DATE_ORDER_CHOICES = [("As the file shows", ""), ("Day first (dmy)", DMY), ("Month first (mdy)", MDY)]


class ImportScreen(FormScreen[object]):
    """Dismisses with the import's result, or ``None`` when cancelled."""

    DEFAULT_CSS = """
    ImportScreen #work { height: auto; padding: 1 1 0 1; }
    ImportScreen #progress { display: none; }
    ImportScreen #work.-busy #progress { display: block; }
    ImportScreen #progress Bar { width: 1fr; }
    ImportScreen #preview { color: $text; }
    ImportScreen #preview.-empty { color: $text-muted; }
    ImportScreen #f-order { display: none; }
    ImportScreen.-dates #f-order { display: block; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Import", priority=True),
        Binding("ctrl+r", "preview", "Preview", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    TITLE = "Import contacts"

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.busy = False

    def fields(self) -> list[Field]:
        return [
            Field(
                "File",
                PathInput(self.initial_path, id="path", placeholder="~/Downloads/Connections.csv"),
                hint="→ completes · Enter previews · ctrl+s imports",
                id="f-path",
            ),
            Field(
                "Format",
                Select(
                    [(f"{FORMAT_NAMES[f]}", f) for f in ("auto", *READ_FORMATS)],
                    value="auto",
                    allow_blank=False,
                    id="format",
                ),
                hint=IMPORT_HELP["auto"],
                id="f-format",
            ),
            Field(
                "Date order",
                Select(DATE_ORDER_CHOICES, value="", allow_blank=False, id="order"),
                hint="how the file's slashed dates read: 05/03/2024 is 5 March day first, 3 May month first",
                id="f-order",
            ),
        ]

    def below_fields(self):
        with Vertical(id="work"):
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Static(
                "Re-importing is safe: people already here are matched by vCard UID, email, phone, "
                "LinkedIn URL, then name and company when no email, LinkedIn URL or UID says they "
                "are different people. Only empty fields are filled; emails, phones and tags are joined.",
                id="preview",
                classes="-empty",
                markup=False,
            )

    # --- events ---------------------------------------------------------------------------

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        self.query_one("#f-format", Field).set_hint(IMPORT_HELP[str(event.value)])

    def submitted(self, control) -> None:
        """Enter on the path previews (and stays there)."""
        if control.id == "path":
            self.action_preview()
        else:
            super().submitted(control)

    def action_preview(self) -> None:
        self._run(dry_run=True)

    def action_save(self) -> None:
        self._run(dry_run=False)

    def action_cancel(self) -> None:
        if not self.busy:  # an import that has started finishes; it is all or nothing
            self.dismiss(None)

    # --- the work -------------------------------------------------------------------------

    def _run(self, dry_run: bool) -> None:
        if self.busy:
            return
        path = self.query_one("#path", PathInput).value.strip()
        field = self.query_one("#f-path", Field)
        if not path:
            field.set_error("give the file to import")
            self.query_one("#path").focus()
            return
        field.set_error(None)
        self._set_busy(True, "Reading…")
        order = str(self.query_one("#order", Select).value)
        self._work(path, str(self.query_one("#format", Select).value), dry_run, order)

    def _work(self, path: str, fmt: str, dry_run: bool, order: str = "") -> None:
        """Read (and, unless ``dry_run``, import) in a worker thread; progress and the outcome
        come back to the UI thread. Errors go under the path, not into a notice."""
        app = self.app  # taken here: the worker thread cannot find it

        def work(service):
            def progress(done: int, total: int, what: str) -> None:
                app.call_from_thread(self._progress, done, total, what)

            return service.import_file(path, fmt, dry_run=dry_run, progress=progress, date_order=order)

        self.in_background(work, self._finished, lambda e: self._failed(str(e)), group="import")

    def _progress(self, done: int, total: int, what: str) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self._show_preview(f"{what}…")

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.query_one("#f-path", Field).set_error(screen_text(message))
        if "--date-order" in message:  # the file's dates cannot tell: offer the choice here
            self.add_class("-dates")
        self._show_preview("")
        self.query_one("#path").focus()

    def _finished(self, result) -> None:
        self._set_busy(False)
        if not result.dry_run:
            self.dismiss(result)
            return
        plan = result.plan
        lines = [f"{result.read_as}: {result.summary()}"]
        lines += [f"· {w}" for w in plan.warnings]
        lines += [f"· skipped {s}" for s in plan.skipped[:SHOWN]]
        if len(plan.skipped) > SHOWN:
            lines.append(f"· … and {len(plan.skipped) - SHOWN} more skipped")
        lines += [f"· {m}" for m in plan.merged[:SHOWN]]
        if len(plan.merged) > SHOWN:
            lines.append(f"· … and {len(plan.merged) - SHOWN:,} more merged into an earlier record")
        lines.append("Nothing written yet. ctrl+s imports." if plan.changes else "Nothing to import.")
        self._show_preview("\n".join(screen_text(line) for line in lines))

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.query_one("#work").set_class(busy, "-busy")
        if busy:
            self.query_one("#progress", ProgressBar).update(total=None, progress=0)
            self._show_preview(message)

    def _show_preview(self, text: str) -> None:
        preview = self.query_one("#preview", Static)
        preview.update(text)
        preview.set_class(False, "-empty")
