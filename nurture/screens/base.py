"""What every nurture screen is built on: ``NurtureScreen`` (full screens) and ``NurtureModal``
(dialogs and forms), generic over what the screen dismisses with.

A screen gets from its base:

* ``service`` (the services, typed), ``today`` (the injected date) and ``clock`` (meeting mode's
  seconds), through ``host``: the app seen as the ``NurtureHost`` it is;
* the header and the footer round what ``body()`` composes;
* esc to close (``BACK``: its keys and footer label, ``action_back``) and ``q`` to quit
  (``QUIT``), added after the screen's own bindings so the footer keeps their order;
* one way to read in the background, ``load_in_background(read, show)`` (and, for work whose
  errors a form shows in place, ``in_background(work, done, failed)``), and one to write,
  ``_save(write, done, failed)``, with the forms a save answers (``_ask``).

**The UI thread never waits on the disk.** Reads and writes run in worker threads. The service
and the app are taken on the UI thread before a worker starts: a worker that reached for
``self.app`` after its screen had closed would find none (``NoActiveAppError``). What a worker
brings back is shown on the UI thread, and only while the screen is still open: on the app's
screen stack, not merely attached (a screen being removed is still attached, with its children
already gone). A read that fails is said the same way everywhere, as a notice, never as markup;
a write is the app's worker, not the screen's, so closing the screen never cuts it short, and
its error is said even after the screen has closed.

**A form's answer is saved after the form has closed,** so a save that fails (a full disk, a
damaged file) must not take what was typed with it: a form opened with ``_ask`` comes back, filled
in as it was, with the error shown in it. Nothing typed is lost, and ctrl+s tries again."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast, runtime_checkable

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Header
from textual.widgets._toast import ToastRack
from textual.worker import Worker, get_current_worker

from nurture.domain.errors import NurtureError
from nurture.domain.undo import Step
from nurture.domain.wording import sentence
from nurture.services.undo import NotUndone
from nurture.widgets.screen_footer import ScreenFooter
from nurture.widgets.screen_text import screen_text

if TYPE_CHECKING:
    from nurture.services import Nurture

ResultT = TypeVar("ResultT")
T = TypeVar("T")

#: How long a worker waits for what it showed early (``early``) to be drawn, at most.
DRAWN_WITHIN = 0.5

#: Brings back the form an answer came from, filled in as it was, with this error shown.
Reopen = Callable[[NurtureError], None]


@runtime_checkable
class NurtureHost(Protocol):
    """What screens need of the app (``NurtureApp``). A protocol, not an import of
    ``nurture.app``: screens sit below the app and never import it."""

    service: Nurture
    #: Seconds, for meeting mode's countdown (tests pin it).
    clock: Callable[[], float]
    poll_interval: float

    def hold_keys(self, screen: Screen, until: Worker) -> None: ...

    def first_load_read(self) -> None: ...

    def keys_waiting(self) -> bool: ...

    def collector_paused(self) -> AbstractContextManager[None]: ...


class NurtureScreen(Screen[ResultT]):
    #: The keys that close the screen (``action_back``) and their label in the footer; None
    #: where the screen binds esc itself (the dashboard, forms, meeting mode).
    BACK: ClassVar[tuple[str, str] | None] = ("escape", "Back")
    #: Whether ``q`` quits (not where keys are typed into text: drafts, meeting notes, forms).
    QUIT: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        shared = [Binding(cls.BACK[0], "back", cls.BACK[1])] if cls.BACK else []
        if cls.QUIT:
            shared.append(Binding("q", "app.quit", "Quit", show=False))
        cls.BINDINGS = [*cls.__dict__.get("BINDINGS", []), *shared]
        super().__init_subclass__(**kwargs)  # Textual merges the bindings here

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._writes: deque = deque()
        self._writes_lock = threading.Lock()
        self._writing = False
        #: While a form's answer is being handled: how to bring that form back.
        self._reopen: Reopen | None = None
        self._host: NurtureHost | None = None
        self._today: date | None = None

    # --- what every screen reaches ----------------------------------------------------------------

    @property
    def host(self) -> NurtureHost:
        """The app, kept from the first time it is asked for (on the UI thread, as the screen
        mounts): a write queued behind others may run after the screen has closed, and from a
        worker thread a closed screen can no longer find its app."""
        if self._host is None:
            self._host = cast(NurtureHost, self.app)
        return self._host

    @property
    def service(self) -> Nurture:
        return self.host.service

    @property
    def today(self) -> date:
        """The injected date (nothing in the screens reads the system clock), or the day the
        screen was given: a form is built with the day it is about."""
        return self._today if self._today is not None else self.service.today()

    @today.setter
    def today(self, day: date) -> None:
        self._today = day

    @property
    def clock(self) -> Callable[[], float]:
        return self.host.clock

    @property
    def is_open(self) -> bool:
        """On the screen stack: neither closed nor being closed. UI thread only."""
        return self in self.app.screen_stack

    # --- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        yield from self.body()
        yield ScreenFooter()

    def body(self) -> ComposeResult:
        """What the screen shows between the header and the footer."""
        yield from ()

    def action_back(self) -> None:
        self.dismiss(None)

    # --- the footer under another screen ------------------------------------------------------------

    @on(events.ScreenResume)
    def _footer_catches_up(self) -> None:
        for footer in self.query(ScreenFooter):
            footer.caught_up()

    # --- notices across screens ---------------------------------------------------------------------

    @on(events.ScreenResume)
    def _old_notices_go(self) -> None:
        """A full screen shown (opened, or back to): the notices said on the screen before,
        shown for a while already, go rather than cover this one's content. What was said as the
        switch was made ("Logged a coffee with Maya", as meeting mode closes) stays."""
        if not isinstance(self, ModalScreen):
            stale_notices_go(self.app)

    @on(events.ScreenSuspend)
    def _covered(self) -> None:
        if not isinstance(self, ModalScreen) and not isinstance(self.app.screen, ModalScreen):
            stale_notices_go(self.app)  # a full screen opens over this one: its old notices go

    # --- reading ----------------------------------------------------------------------------------

    def in_background(
        self,
        work: Callable[[Nurture], T],
        done: Callable[[T], None],
        failed: Callable[[NurtureError], None],
        group: str = "load",
    ) -> Worker[None]:
        """Run ``work(service)`` in a worker thread, then, on the UI thread, ``done(its result)``
        or ``failed(the NurtureError it raised)``: only while the screen is open, and only for the
        newest worker of ``group`` (a newer one cancels this one). Call on the UI thread."""
        app, service = self.app, self.service  # not from the worker: see the module's notes

        def run() -> None:
            worker = get_current_worker()
            outcome: tuple[Callable[[Any], None], Any]
            try:
                outcome = done, work(service)
            except NurtureError as e:
                outcome = failed, e
            if not worker.is_cancelled:
                app.call_from_thread(self._came_back, worker, *outcome)

        return self.run_worker(run, name=f"{type(self).__name__} {group}", group=group, exclusive=True, thread=True)

    def early(self, show: Callable[[T], None]) -> Callable[[T], None]:
        """What a worker of this screen calls with what it has read so far (``in_background``'s
        ``work`` is handed it by its caller): ``show(it)`` runs on the UI thread, on the same
        terms as ``done`` (the screen open, the worker not cancelled), and the worker goes on
        once that is on screen (so the drawing does not share the interpreter with the worker's
        next read). The dashboard shows the names this way before the rest is read."""
        app = self.app  # on the UI thread: see the module's notes

        def deliver(value: T) -> None:
            worker = get_current_worker()
            if worker.is_cancelled:
                return
            drawn = threading.Event()

            def shown(it: T) -> None:
                show(it)
                self.call_after_refresh(drawn.set)

            def back() -> None:
                self._came_back(worker, shown, value)
                if not self.is_open:
                    drawn.set()

            app.call_from_thread(back)
            drawn.wait(DRAWN_WITHIN)

        return deliver

    def _came_back(self, worker: Worker, then: Callable[[Any], None], value: Any) -> None:
        if not worker.is_cancelled and self.is_open:
            then(value)

    def load_in_background(
        self,
        read: Callable[[Nurture], T],
        show: Callable[[T], None],
        failed: Callable[[NurtureError], None] | None = None,
        group: str = "load",
    ) -> Worker[None]:
        """Read with ``read(service)`` in a worker thread and ``show`` what it read (see
        ``in_background``). An error is said as a notice; then whatever shows "Loading…" stops,
        and ``failed(error)`` is called. The worker is returned: ``hold_keys`` takes it."""

        def unread(error: NurtureError) -> None:
            self.app.notify(
                screen_text(str(error)), title="Could not read your data", severity="error", markup=False, timeout=15
            )
            for widget in self.query("*"):
                if widget.loading:
                    widget.loading = False
            if failed is not None:
                failed(error)

        return self.in_background(read, show, unread, group)

    def hold_keys(self, until: Worker) -> None:
        """Keys typed for this screen wait until ``until`` (its first load) has finished."""
        self.host.hold_keys(self, until)

    # --- forms whose answer is saved ----------------------------------------------------------------

    def _ask(self, form: Callable[[], Screen], answered: Callable[[Any], None]) -> None:
        """Open ``form()`` (a ``FormScreen``); its answer (not a cancel) goes to ``answered``,
        which saves it with ``_save``. If that save fails, a new ``form()`` opens with what was
        typed and the error, and its answer goes to ``answered`` again."""
        self._open_form(form, answered)

    def _open_form(
        self,
        form: Callable[[], Any],
        answered: Callable[[Any], None],
        typed: dict[str, Any] | None = None,
        error: NurtureError | None = None,
    ) -> None:
        screen = form()
        if typed is not None and error is not None:
            screen.refill(typed, f"Not saved: {screen_text(str(error))}")

        def back(result: Any) -> None:
            if result is None:
                return
            with self._answering(lambda e: self._open_form(form, answered, screen.typed, e)):
                answered(result)

        self.app.push_screen(screen, back)

    @contextmanager
    def _answering(self, reopen: Reopen | None) -> Iterator[None]:
        """Saves started inside belong to the form ``reopen`` brings back."""
        previous, self._reopen = self._reopen, reopen
        try:
            yield
        finally:
            self._reopen = previous

    # --- writing ------------------------------------------------------------------------------------

    def _save(
        self,
        write: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[NurtureError], bool] | None = None,
        undo: str | Callable[[Any], str] | None = None,
    ) -> None:
        """Run ``write`` (a service call) in a worker thread, after any write still pending. With
        ``undo`` (its label, or the label made from the result), what it writes is one step
        ctrl+z can undo (``services/undo.py``). Then,
        on the UI thread: ``done(result)``, or ``failed(error)`` (which returns True if it takes
        the error over) or, for the answer of a form opened with ``_ask``, that form again with
        the error in it, else a "Not saved" notice; and always ``after_save()``, which screens
        use to reload. A screen closed before its write was done gets none of these: only an
        error is still said, as a notice."""
        if undo is not None:
            write = partial(self.service.undo.run, undo, write)
        with self._writes_lock:
            self._writes.append((write, done, failed, self._reopen))
            start = not self._writing
            self._writing = True
        if start:
            # The app's worker, not the screen's: closing the screen must not mark a write still
            # under way as finished (Textual cancels a screen's workers when it closes).
            app = self.app
            app.run_worker(
                partial(self._write_pending, app), name=f"{type(self).__name__} write", group="write", thread=True
            )

    def _write_pending(self, app: App) -> None:
        # ``app`` is passed in: a screen closed meanwhile can no longer find it from this thread
        while True:
            with self._writes_lock:
                if not self._writes:
                    self._writing = False
                    return
                write, done, failed, reopen = self._writes.popleft()
            try:
                result, error = write(), None
            except NurtureError as e:
                result, error = None, e
            app.call_from_thread(self._written, result, error, done, failed, reopen)

    def _written(self, result: Any, error: NurtureError | None, done, failed, reopen: Reopen | None) -> None:
        if not self.is_open:
            # the screen was closed while this was written: nothing to show it in or reload,
            # no form to bring back over it; an error is still said
            if error is not None:
                self._not_saved(error)
            return
        if error is not None and failed is not None:
            with self._answering(reopen):  # what the handler saves still belongs to the form
                if failed(error):
                    return  # the handler asks the user; whatever they choose saves and reloads
        try:
            if error is None:
                if done is not None:
                    done(result)
            elif reopen is not None:
                reopen(error)
            else:
                self._not_saved(error)
        finally:
            if self.is_open:  # not after ``done`` closed the screen
                self.after_save()

    def after_save(self) -> None:
        """Called on the UI thread after every write, whatever its outcome, while the screen is open."""

    def _not_saved(self, error: NurtureError) -> None:
        self.app.notify(screen_text(str(error)), title="Not saved", severity="error", markup=False, timeout=8)

    def _say(self, text: str) -> None:
        self.app.notify(screen_text(text), markup=False)

    # --- undo ---------------------------------------------------------------------------------------

    def action_undo(self) -> None:
        """ctrl+z, where a screen binds it: undo the newest change made in the dashboard (on
        any screen), as one save; its notification names what it undid."""
        undo = self.service.undo
        if undo.next_label() is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        self._save(undo.undo, self.undone, self._not_undone)

    def undone(self, step: Step) -> None:
        """Said once a step is undone; the dashboard also shows the person it was about. A
        change that cannot be undone (an import) is said, with what the next ctrl+z undoes."""
        if step.barrier:
            label = self.service.undo.next_label()
            then = f"; ctrl+z again undoes: {label}." if label is not None else ". There is nothing before it to undo."
            self.app.notify(screen_text(step.said + then), severity="warning", markup=False, timeout=12)
            return
        self._say(sentence(f"Undid: {step.label}"))

    def _not_undone(self, error: NurtureError) -> bool:
        said = str(error) if isinstance(error, NotUndone) else f"Not undone: {error}"
        self.app.notify(screen_text(said), severity="error", markup=False, timeout=10)
        self.after_save()  # (taken over: ``_written`` leaves the reload to this handler)
        return True


#: Without a key or click seen yet, a notice shown this long when the screen changes was about
#: the screen left.
STALE = 1.0


def stale_notices_go(app: App) -> None:
    """Dismiss the notices raised before the key or click that changed the screen (the app's
    ``input_at``): they were about the screen left. One said while that key was handled (a
    screen's farewell: "Logged …"; why `d` opened question prep) stays, however slow the
    machine. With no key or click seen yet, those raised more than ``STALE`` seconds ago go."""
    cutoff = getattr(app, "input_at", None)
    if cutoff is None:
        cutoff = time.time() - STALE
    old = [n for n in app._notifications if n.raised_at < cutoff]
    for notice in old:
        app._unnotify(notice, refresh=False)
    if old:
        app._refresh_notifications()


class NurtureModal(ModalScreen[ResultT], NurtureScreen[ResultT]):
    """The base for dialogs and forms: a ``ModalScreen`` first (its styles dim what is under it),
    and a ``NurtureScreen``. Modals compose their own frame: no header.

    **Notices never hide a dialog's keys.** Textual draws notices (toasts) bottom right, over
    whatever is there: at 80×24 an "Archived Maya. Undo (ctrl+z)" sat on the delete dialog's
    "y Delete for good  esc Keep them". So the notices shown when a dialog opens, about the
    screen it now covers, are dismissed; one said while it is open shows top right, away from
    the buttons and keys at a dialog's foot."""

    DEFAULT_CSS = """
    NurtureModal > ToastRack { dock: top; align: right top; margin-bottom: 0; }
    """
    BACK: ClassVar[tuple[str, str] | None] = None
    QUIT: ClassVar[bool] = False

    @on(events.ScreenResume)
    def _notices_make_way(self) -> None:
        app = self.app
        app.clear_notifications()  # redraws this screen's notices: none
        for screen in app.screen_stack[:-1]:  # and those still drawn on the screens under it
            with suppress(NoMatches):
                screen.get_child_by_type(ToastRack).show(app._notifications)
