"""A mailbox imported from the dashboard (``i`` on an mbox file, a Maildir folder, .eml files):
read, previewed, then logged.

The mailbox is read in a worker, never on the UI thread (a Gmail Takeout is gigabytes), with a
progress bar of the bytes read of the total; esc stops the reading and nothing is written. With
no ``my-emails`` set, the user is asked for their addresses first (the ones Gmail labels Sent
are offered), and they are saved to the settings. The preview lists, per person, what would be
logged (date and time, kind, subject); space leaves a person or a single message out, and the
counts follow the ticks. It also says what the rules left out and why, the messages that could
not be read, and the people written to who are not contacts. ctrl+s logs what is ticked, all or
nothing, from what was read for the preview (the mailbox is not read again): set against the
store as it is then, under its lock. Like every import, it is not undone with ctrl+z."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, ProgressBar, Static

from nurture.domain.errors import NurtureError
from nurture.domain.wording import count
from nurture.exchange.mail import MailCancelled
from nurture.screens.base import NurtureModal
from nurture.screens.mail_addresses import MailAddressesScreen
from nurture.services.mail import MailAddressesNeeded, MailRead, MailResult
from nurture.widgets.mail_preview import MailPreview
from nurture.widgets.screen_text import screen_text

#: How many messages that could not be read, and invitations not booked, the preview names.
SHOWN = 5
#: The share of the screen's height the preview's summary takes at most (the rest scrolls).
SUMMARY_SHARE = 0.35
#: How many people, and touches each, the notice after an import names.
NOTICE_PEOPLE, NOTICE_TOUCHES = 4, 4
#: Progress is said this many times over a mailbox at most (each says it on the UI thread).
PROGRESS_STEPS = 200


def size_text(n: int) -> str:
    """A mailbox's bytes as the progress says them: "512 bytes", "37 KB", "1,024.5 MB"."""
    if n < 1000:
        return count(n, "byte")
    if n < 1_000_000:
        return f"{n / 1e3:,.0f} KB"
    return f"{n / 1e6:,.1f} MB"


def preview_lines(result: MailResult, ticked: MailResult, unticked: int) -> list[str]:
    """What the preview says over its list: what would be logged (as ticked), what to do, who was
    written to who is not a contact, what was left out and why, what could not be read."""
    plan = result.plan
    lines = [f"{result.read_as}: {ticked.summary()}"]
    anything = bool(ticked.plan.touches) or (ticked.invites is not None and bool(ticked.invites.changes))
    if unticked:
        lines.append(f"{count(unticked, 'touch', 'touches')} unticked by you (space ticks again).")
    lines.append("Nothing written yet. ctrl+s logs what is ticked." if anything else "Nothing to log.")
    if plan.strangers:
        lines.append(plan.strangers_line())
    if plan.ignored:
        lines.append("Left out: " + ", ".join(plan.ignored_lines()) + ".")
    if plan.skipped:
        lines.append(f"Could not read {count(len(plan.skipped), 'message')}:")
        lines += [f"· {s}" for s in plan.skipped[:SHOWN]]
        if len(plan.skipped) > SHOWN:
            lines.append(f"· … and {len(plan.skipped) - SHOWN:,} more")
    invites = result.invites
    if invites is not None and invites.skipped:
        lines += [f"· invitation not booked: {s}" for s in invites.skipped[:SHOWN]]
    return lines


def mail_notice(result: MailResult) -> str:
    """The notice after a mailbox import: its summary, then whom it logged what with."""
    lines = [f"{result.path.name}: {result.summary()}"]
    by_contact = result.plan.by_contact()
    people = sorted(by_contact, key=lambda cid: result.contacts[cid].name.casefold() if cid in result.contacts else "")
    for cid in people[:NOTICE_PEOPLE]:
        touches = by_contact[cid]
        said = ", ".join(f"{t.kind} {t.at.day} {t.at:%b}" for t in touches[:NOTICE_TOUCHES])
        if len(touches) > NOTICE_TOUCHES:
            said += f" and {len(touches) - NOTICE_TOUCHES:,} more"
        name = result.contacts[cid].name if cid in result.contacts else "?"
        lines.append(f"{name}: {said}")
    if len(people) > NOTICE_PEOPLE:
        lines.append(f"… and {count(len(people) - NOTICE_PEOPLE, 'more person', 'more people')}")
    return "\n".join(lines)


class MailImportScreen(NurtureModal[MailResult]):
    """Dismisses with the import's result once logged, or ``None`` (``closing_note`` says why)."""

    DEFAULT_CSS = """
    MailImportScreen { align: center middle; }
    MailImportScreen > #dialog {
        width: 100%; max-width: 132; height: 100%;  /* a long list: all the room up to 132 columns */
        background: $panel; border: thick $primary; padding: 0 1;
    }
    MailImportScreen #mail-title { text-style: bold; color: $accent; padding: 0 1; }
    MailImportScreen #mail-path { color: $text-muted; padding: 0 1 1 1; }
    MailImportScreen #progress { display: none; padding: 0 1; }
    MailImportScreen.-reading #progress { display: block; }
    MailImportScreen #progress Bar { width: 1fr; }
    MailImportScreen #summary-scroll { height: auto; max-height: 9; padding: 0 1; }
    MailImportScreen #summary-scroll:focus { background: $boost; }
    MailImportScreen #summary.-problem { color: $error; }
    MailImportScreen #touches { display: none; margin-top: 1; }
    MailImportScreen.-previewed #touches { display: block; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Log them", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, path: Path, fmt: str = "auto") -> None:
        super().__init__()
        self.path = path
        self.format = fmt
        #: What the reading found, and the preview of it (``None``: not read yet).
        self.read: MailRead | None = None
        self.result: MailResult | None = None
        #: What the ticks would log, told again without what is unticked (None: being told).
        self.planned: MailResult | None = None
        #: Why the screen closed without logging, for the form under it to say.
        self.closing_note = ""
        self._stop = threading.Event()
        self._state = ""  # "reading", "asking", "saving" or "" (a preview, or a problem, shown)

    def compose(self):
        with Vertical(id="dialog"):
            yield Static("Import mail", id="mail-title")
            yield Static(screen_text(str(self.path)), id="mail-path", markup=False)
            yield ProgressBar(total=None, show_eta=False, id="progress")
            with VerticalScroll(id="summary-scroll", can_focus=False):
                yield Static("", id="summary", markup=False)
            yield MailPreview(id="touches")
            yield Footer()

    def on_mount(self) -> None:
        self._start_reading()

    def on_resize(self) -> None:
        self.query_one("#summary-scroll").styles.max_height = max(int(self.size.height * SUMMARY_SHARE), 3)

    # --- reading ---------------------------------------------------------------------------

    def _start_reading(self) -> None:
        self._set_state("reading")
        self._say(f"Reading {self.path.name}… esc stops (nothing is written).")
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        path, fmt, stop, app = self.path, self.format, self._stop, self.app
        said = [-1]

        def progress(done: int, total: int) -> None:
            step = done * PROGRESS_STEPS // total if total else 0
            if step != said[0]:  # not once per message: each waits for the UI thread
                said[0] = step
                app.call_from_thread(self._progress, done, total)

        def work(service) -> tuple[MailRead, MailResult] | None:
            try:
                read = service.read_mailbox(path, fmt, progress=progress, stop=stop.is_set)
            except MailCancelled:
                return None
            return read, service.log_read(read, dry_run=True)

        self.in_background(work, self._previewed, self._failed, group="mail")

    def _progress(self, done: int, total: int) -> None:
        if not self.is_open or self._state != "reading":
            return
        self.query_one("#progress", ProgressBar).update(total=max(total, 1), progress=done)
        if total and done >= total:
            self._say(f"Read {size_text(total)}: matching the messages with your contacts…")
            return
        self._say(f"Reading {self.path.name}: {size_text(done)} of {size_text(total)}… esc stops (nothing is written).")

    def _previewed(self, outcome: tuple[MailRead, MailResult] | None) -> None:
        if outcome is None:
            return
        self.read, self.result = outcome
        self.planned = self.result
        names = {cid: c.name for cid, c in self.result.contacts.items()}
        touches = self.query_one("#touches", MailPreview)
        touches.show_touches(self.result.plan.touches, names, self.result.invitations)
        self._set_state("")
        self.add_class("-previewed")
        self._show_preview()
        touches.focus()

    def _failed(self, problem: NurtureError) -> None:
        if isinstance(problem, MailAddressesNeeded):
            self._ask_addresses(problem.offered)
            return
        self._set_state("")
        self._say(str(problem), problem=True)

    # --- my-emails --------------------------------------------------------------------------

    def _ask_addresses(self, offered: tuple[str, ...]) -> None:
        self._set_state("asking")
        self._say("Which addresses are yours?")

        def answered(mine: tuple[str, ...] | None) -> None:
            if mine is None:
                self.closing_note = "Nothing was logged: nurture needs your addresses to tell what you sent."
                self.dismiss(None)
                return

            def failed(error: NurtureError) -> bool:
                self._set_state("")
                self._say(f"Your addresses were not saved: {error}", problem=True)
                return True

            self._say("Saving your addresses…")
            self._save(lambda: self.service.update_settings(my_emails=mine), lambda _: self._start_reading(), failed)

        self.app.push_screen(MailAddressesScreen(offered), answered)

    # --- the preview ------------------------------------------------------------------------

    @on(MailPreview.Toggled)
    def _toggled(self) -> None:
        """The ticks changed: the counts follow at once; the kinds are told again without what is
        unticked (in a worker: it reads the store), then shown."""
        self.planned = None
        self._show_preview(home=False)
        self.refresh_bindings()
        read, preview = self.read, self.query_one("#touches", MailPreview)
        if read is None:
            return
        leave_out, leave_invites = preview.leave_out(), preview.leave_invites()

        def work(service) -> MailResult:
            return service.log_read(read, dry_run=True, leave_out=leave_out, leave_invites=leave_invites)

        self.in_background(work, self._replanned, self._failed, group="mail-plan")

    def _replanned(self, result: MailResult) -> None:
        if self._state:
            return
        self.planned = result
        self.query_one("#touches", MailPreview).set_kinds(result.plan.touches, result.invitations)
        self._show_preview(home=False)
        self.refresh_bindings()

    def _ticked(self) -> MailResult | None:
        """What would be logged as ticked: told again without what is unticked once that is
        done, else (just after a tick) the first preview's touches less those unticked."""
        if self.planned is not None:
            return self.planned
        if self.result is None:
            return None
        touches = self.query_one("#touches", MailPreview).ticked(self.result.plan.touches)
        return replace(self.result, plan=replace(self.result.plan, touches=touches))

    def _show_preview(self, home: bool = True) -> None:
        result, ticked = self.result, self._ticked()
        if result is None or ticked is None:
            return
        unticked = len(result.plan.touches) - len(ticked.plan.touches)
        self._say("\n".join(preview_lines(result, ticked, unticked)), home=home)

    def _anything_ticked(self) -> bool:
        ticked = self._ticked()
        if ticked is None:
            return False
        return bool(ticked.plan.touches) or (ticked.invites is not None and bool(ticked.invites.changes))

    # --- logging ----------------------------------------------------------------------------

    def action_save(self) -> None:
        read = self.read
        if self._state or read is None or not self._anything_ticked():
            return
        preview = self.query_one("#touches", MailPreview)
        leave_out, leave_invites = preview.leave_out(), preview.leave_invites()
        touches = len(preview.ticked(self.result.plan.touches)) if self.result else 0
        self._set_state("saving")
        self._say(f"Logging {count(touches, 'touch', 'touches')}… (all or nothing)")

        def work(service) -> MailResult:
            return service.log_read(read, dry_run=False, leave_out=leave_out, leave_invites=leave_invites)

        def failed(problem: NurtureError) -> None:
            self._set_state("")
            self._say(f"Nothing was logged: {problem}", problem=True)

        self.in_background(work, self._logged, failed, group="mail")

    def _logged(self, result: MailResult) -> None:
        self.dismiss(result)

    def action_cancel(self) -> None:
        if self._state == "saving":  # all or nothing: an import that has started finishes
            return
        if self._state == "reading":
            self._stop.set()  # the reader stops at its next message; nothing was written
            self.closing_note = "Reading stopped: nothing was logged."
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers what works now: no ctrl+s before a preview, or with nothing ticked;
        no esc while logging."""
        if action == "save":
            return not self._state and self._anything_ticked()
        if action == "cancel":
            return self._state != "saving"
        return super().check_action(action, parameters)

    # --- drawing ----------------------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        self._state = state
        self.set_class(state == "reading", "-reading")
        self.query_one("#touches", MailPreview).disabled = state == "saving"  # the ticks are taken
        self.refresh_bindings()

    def _say(self, text: str, problem: bool = False, home: bool = True) -> None:
        summary = self.query_one("#summary", Static)
        summary.update(screen_text(text, keep_newlines=True))
        summary.set_class(problem, "-problem")
        scroll = self.query_one("#summary-scroll", VerticalScroll)
        if home:
            scroll.scroll_home(animate=False)
        self.call_after_refresh(self._after_layout)

    def _after_layout(self) -> None:
        """A summary longer than its room is a Tab stop (the arrows scroll it)."""
        scroll = self.query_one("#summary-scroll", VerticalScroll)
        scroll.can_focus = scroll.max_scroll_y > 0
