"""Import contacts from a file: choose it, see what would change, then import.

Enter on the path shows a preview (a dry run: nothing written); ctrl+s imports. The preview says
first what would change and that nothing is written yet, then lists the notes, the skipped rows
and the merged ones, then the people it would add and update (an update with the fields it
changes), each ticked: space unticks someone, who is left out when ctrl+s imports the rest (the
summary says "2 left out by you"). A long preview scrolls (PageUp/PageDown from the form, or Tab to it and the
arrows). Reading and merging run in a worker with a progress bar, so a big file never freezes the
dashboard, and the import is all or nothing: an error names the file, the line or record and the
reason. While it runs the footer offers no keys (esc and ctrl+s wait for it).

A file whose slashed dates read both ways is refused with the shell's words for the choice
(``--date-order dmy``): here they are the Date order field's, which then shows, and choosing an
order in it previews again at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, ProgressBar, Select, Static

from nurture.domain.dates import DMY, MDY
from nurture.domain.errors import NurtureError
from nurture.domain.wording import clipped
from nurture.exchange.column_dates import AGAIN_ADVICE, DateOrderNeeded
from nurture.exchange.formats import FORMAT_NAMES, IMPORT_HELP, READ_FORMATS
from nurture.screens.form import FormScreen
from nurture.screens.mail_import import MailImportScreen
from nurture.services.transfer import MailboxGiven
from nurture.widgets.field import Field
from nurture.widgets.import_people import ImportPeople
from nurture.widgets.path_input import PathInput
from nurture.widgets.screen_text import screen_text

#: How many skipped records and notes the preview lists before "… and N more".
SHOWN = 6
#: The date order field, shown once a file's dates cannot tell (``--date-order`` in the shell).
DATE_ORDER_CHOICES = [("As the file shows", ""), ("Day first (dmy)", DMY), ("Month first (mdy)", MDY)]
_CHOICE = {DMY: "Day first", MDY: "Month first"}
#: This form's words for ``AGAIN_ADVICE``.
_AGAIN_IN_FORM = "If that is wrong, choose Day first or Month first under Date order below"


#: The share of the screen's height a long preview takes at most (the rest scrolls). Set on each
#: resize: a ``vh`` max-height is left out when Textual sizes the dialog, which then fills the
#: screen with a gap under the preview.
PREVIEW_SHARE = 0.4
#: The share of the screen's height the list of people takes at most (the rest scrolls).
PEOPLE_SHARE = 0.3
#: How many notes, skipped rows and merged rows the dashboard's notice after an import names.
NOTICE_SHOWN = {"notes": 2, "skipped": 2, "merged": 1}
#: A notice line longer than this is cut (a reason can run to hundreds of characters).
NOTICE_WIDTH = 100


def notice_lines(warnings: Sequence[str], skipped: Sequence[str], merged: Sequence[str]) -> list[str]:
    """What the notice after an import lists under its summary, short enough for 80x24: the first
    notes, skipped rows and merged rows (``NOTICE_SHOWN``), each cut to a line's worth, then one
    line for the rest: "… and 6 more skipped, 7 more merged"."""
    lists = {"notes": list(warnings), "skipped": [f"skipped {s}" for s in skipped], "merged": list(merged)}
    lines, rest = [], []
    for kind, items in lists.items():
        shown = NOTICE_SHOWN[kind]
        lines += [clipped(item, NOTICE_WIDTH) for item in items[:shown]]
        if len(items) > shown:
            more = len(items) - shown
            rest.append(f"{more:,} more {'note' if kind == 'notes' and more == 1 else kind}")
    if rest:
        lines.append(f"… and {', '.join(rest)}")
    return lines


def in_form_words(problem: NurtureError | str) -> tuple[str, bool]:
    """A refusal, or a note of the summary, with the shell's ``--date-order`` advice said as this
    form's Date order field, and whether it gave any (then the field is shown)."""
    if isinstance(problem, DateOrderNeeded):
        if problem.decided:
            advice = f"choose As the file shows or {_CHOICE[problem.decided]} under Date order below"
        else:
            advice = "say which: choose Day first or Month first under Date order below"
        return problem.advising(advice), True
    message = str(problem)
    return message.replace(AGAIN_ADVICE, _AGAIN_IN_FORM), AGAIN_ADVICE in message


class ImportScreen(FormScreen[object]):
    """Dismisses with the import's result, or ``None`` when cancelled."""

    DEFAULT_CSS = """
    ImportScreen #work { height: auto; padding: 1 1 0 1; }
    ImportScreen #preview-scroll { height: auto; max-height: 9; }
    ImportScreen #preview-scroll:focus { background: $boost; }
    ImportScreen #progress { display: none; }
    ImportScreen #work.-busy #progress { display: block; }
    ImportScreen #progress Bar { width: 1fr; }
    ImportScreen #preview { color: $text; }
    ImportScreen #preview.-empty { color: $text-muted; }
    ImportScreen #people { display: none; }
    ImportScreen #people.-shown { display: block; }
    ImportScreen #f-order { display: none; }
    ImportScreen.-dates #f-order { display: block; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Import", priority=True),
        Binding("ctrl+r", "preview", "Preview", priority=True),
        Binding("escape", "cancel", "Cancel"),
        # before the fields' own (they scroll by the focus): the preview is what runs long
        Binding("pagedown", "scroll_preview(1)", "More", key_display="pgdn", priority=True),
        Binding("pageup", "scroll_preview(-1)", "Back up", show=False, priority=True),
    ]
    TITLE = "Import contacts"

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.busy = False
        #: The last preview's lines, before what the user unticked is said.
        self._plan_lines: list[str] = []
        #: The file, format and date order the people shown were read with.
        self._previewed: tuple[str, str, str] | None = None
        #: The last preview (``None``: none shown).
        self._result: Any = None

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
            with VerticalScroll(id="preview-scroll", can_focus=False):  # a long preview scrolls
                yield Static(
                    "Re-importing is safe: people already here are matched by vCard UID, email, phone, "
                    "LinkedIn URL, then name and company when no email, LinkedIn URL or UID says they "
                    "are different people. Only empty fields are filled; emails, phones and tags are joined. "
                    "A mailbox (an mbox file, a Maildir folder, .eml files) logs the touches its messages were.",
                    id="preview",
                    classes="-empty",
                    markup=False,
                )
            yield ImportPeople(id="people")

    # --- events ---------------------------------------------------------------------------

    def on_resize(self) -> None:
        """Before ``FormScreen.on_resize`` (Textual calls both, this class's first) fits the fields."""
        self.query_one("#preview-scroll").styles.max_height = max(int(self.size.height * PREVIEW_SHARE), 3)
        self.query_one("#people").styles.max_height = max(int(self.size.height * PEOPLE_SHARE), 3)
        self.call_after_refresh(self._after_layout)

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        self.query_one("#f-format", Field).set_hint(IMPORT_HELP[str(event.value)])

    @on(Select.Changed, "#order")
    def _order_changed(self, event: Select.Changed) -> None:
        """Once the field shows (a file's dates could not tell), a new choice previews again."""
        if self.has_class("-dates") and self.query_one("#path", PathInput).value.strip():
            self.action_preview()

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

    @on(ImportPeople.Toggled)
    def _toggled(self, event: ImportPeople.Toggled) -> None:
        """Someone unticked (or ticked again): the preview's counts follow, and ctrl+s leaves
        the footer once nothing is left to import."""
        if self._result is not None:
            self._show_preview(self._preview_text(), home=False)
        self.refresh_bindings()

    def action_cancel(self) -> None:
        if not self.busy:  # an import that has started finishes; it is all or nothing
            super().action_cancel()  # a path typed: asks before throwing it away, as every form

    def action_scroll_preview(self, pages: int) -> None:
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        scroll.scroll_to(y=scroll.scroll_y + pages * max(scroll.size.height - 1, 1), animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the import runs, its keys leave the footer (they would do nothing); "pgdn More"
        shows while the preview has more than its room."""
        if self.busy and action in ("save", "preview", "cancel"):
            return False
        if action == "save" and self._nothing_ticked():
            return False
        if action == "scroll_preview":
            if any(select.expanded for select in self.query(Select)):
                return False  # an open list of choices pages through its choices
            return parameters != (1,) or self.query_one("#preview-scroll", VerticalScroll).max_scroll_y > 0
        return super().check_action(action, parameters)

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
        people = self.query_one("#people", ImportPeople)
        read = self._read_as()
        if read != self._previewed:  # another file (or read another way): whom to leave out starts afresh
            people.left_out.clear()
        if dry_run:
            self._previewed = read
        leave_out = () if dry_run or read != self._previewed else tuple(people.left_out)
        self._work(path, str(self.query_one("#format", Select).value), dry_run, order, leave_out)

    def _work(self, path: str, fmt: str, dry_run: bool, order: str = "", leave_out: tuple[str, ...] = ()) -> None:
        """Read (and, unless ``dry_run``, import) in a worker thread; progress and the outcome
        come back to the UI thread. Errors go under the path, not into a notice."""
        app = self.app  # taken here: the worker thread cannot find it

        def work(service):
            def progress(done: int, total: int, what: str) -> None:
                app.call_from_thread(self._progress, done, total, what)

            return service.import_file(
                path, fmt, dry_run=dry_run, progress=progress, date_order=order, leave_out=leave_out
            )

        self.in_background(work, self._finished, self._failed, group="import")

    def _progress(self, done: int, total: int, what: str) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self._show_preview(f"{what}…")

    def _failed(self, problem: NurtureError) -> None:
        self._set_busy(False)
        self._result = None
        if isinstance(problem, MailboxGiven):  # its messages log touches: read and previewed on their own
            self._show_people(None)
            self._open_mail(problem)
            return
        message, about_dates = in_form_words(problem)
        self.query_one("#f-path", Field).set_error(screen_text(message))
        if about_dates:  # the file's dates cannot tell: offer the choice here, focused
            self.add_class("-dates")
        self._show_people(None)
        self._show_preview("")
        self.query_one("#order" if about_dates else "#path").focus()

    def _open_mail(self, mailbox: MailboxGiven) -> None:
        """The mailbox's own preview; its import is this form's answer, a cancel comes back here."""
        screen = MailImportScreen(mailbox.path, mailbox.format)

        def back(result) -> None:
            if result is not None:
                self.dismiss(result)
                return
            self.opened_with = self._take_typed()  # the path was used: esc has nothing to discard
            self._show_preview(screen.closing_note or "Nothing was logged from the mailbox.")
            self.query_one("#path").focus()

        self.app.push_screen(screen, back)

    def _finished(self, result) -> None:
        self._set_busy(False)
        if not result.dry_run:
            self.dismiss(result)
            return
        plan = result.plan
        self._result = result
        lines = []  # after what would change (``_preview_text``: it follows the ticks)
        notes = [in_form_words(w) for w in plan.warnings]
        if any(about_dates for _, about_dates in notes):
            self.add_class("-dates")
        lines += [f"· {w}" for w, _ in notes]
        lines += [f"· skipped {s}" for s in plan.skipped[:SHOWN]]
        if len(plan.skipped) > SHOWN:
            lines.append(f"· … and {len(plan.skipped) - SHOWN} more skipped")
        lines += [f"· {m}" for m in plan.merged[:SHOWN]]
        if len(plan.merged) > SHOWN:
            lines.append(f"· … and {len(plan.merged) - SHOWN:,} more merged into an earlier record")
        self._plan_lines = lines
        self._show_people(plan if getattr(plan, "origins", None) else None)  # an invitation adds no one
        self._show_preview(self._preview_text())

    def _show_people(self, plan) -> None:
        """The people a plan would add and update, ticked (``None``: no list)."""
        people = self.query_one("#people", ImportPeople)
        people.set_class(plan is not None, "-shown")
        if plan is not None:
            people.show_plan(plan)

    def _read_as(self) -> tuple[str, str, str]:
        """The file, format and date order the fields say now."""
        return (
            self.query_one("#path", PathInput).value.strip(),
            str(self.query_one("#format", Select).value),
            str(self.query_one("#order", Select).value),
        )

    def _nothing_ticked(self) -> bool:
        """The preview shown is of the file the fields name, and with the people unticked left
        out it would import nothing (ctrl+s would have nothing to do)."""
        plan = self._ticked_plan()
        return (
            plan is not None
            and plan is not self._result.plan
            and not plan.changes
            and self._read_as() == self._previewed
        )

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        self.refresh_bindings()  # another file: ctrl+s imports it, whatever was unticked in the last

    def _ticked_plan(self):
        """The previewed plan as the import would carry it out: without the people unticked."""
        if self._result is None:
            return None
        people = self.query_one("#people", ImportPeople)
        plan = self._result.plan
        if people.has_class("-shown") and people.left_out:
            return plan.leaving_out(people.left_out)
        return plan

    def _preview_text(self) -> str:
        """The preview's lines: what would change (without the people unticked), whether there is
        anything to import, how many the user unticked, then the notes."""
        result, plan = self._result, self._ticked_plan()
        lines = []
        if result is not None and plan is not None:
            said = result.summary() if plan is result.plan else plan.summary(result.dry_run)
            lines.append(f"{result.read_as}: {said}")  # what would change, first
            lines.append("Nothing written yet. ctrl+s imports." if plan.changes else "Nothing to import.")
        people = self.query_one("#people", ImportPeople)
        if people.has_class("-shown"):
            # the first line counts those left out ("2 left out by you")
            lines.append(
                "Space on someone left out ticks them again."
                if people.left_out
                else "Space on someone below leaves them out."
            )
        lines += self._plan_lines
        return "\n".join(screen_text(line) for line in lines)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.query_one("#work").set_class(busy, "-busy")
        self.refresh_bindings()
        if busy:
            self.query_one("#progress", ProgressBar).update(total=None, progress=0)
            self._show_preview(message)

    def _show_preview(self, text: str, home: bool = True) -> None:
        preview = self.query_one("#preview", Static)
        preview.update(text)
        preview.set_class(False, "-empty")
        if home:
            self.query_one("#preview-scroll", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self._fit)
        self.call_after_refresh(self._after_layout)

    def _after_layout(self) -> None:
        """A preview longer than its room is a Tab stop (the arrows scroll it) and offers pgdn."""
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        scroll.can_focus = scroll.max_scroll_y > 0
        self.refresh_bindings()
