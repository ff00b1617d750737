"""Writes in the background, one after another, so a screen never waits on the disk and keys
pressed meanwhile act at once. Any screen that saves mixes this in.

A form's answer is saved after the form has closed, so a save that fails (a full disk, a damaged
file) must not take what was typed with it: a form opened with ``_ask`` comes back, filled in as
it was, with the error shown in it. Nothing typed is lost, and ctrl+s tries again."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from textual import work

from nurture.domain.errors import NurtureError
from nurture.screens.form import FormScreen, Typed
from nurture.widgets.screen_text import screen_text

#: Brings back the form an answer came from, filled in as it was, with this error shown.
Reopen = Callable[[NurtureError], None]


class BackgroundSaves:
    """``_save(write, done, failed)`` runs ``write`` (a service call) in a worker thread, after
    any write still pending. Then, on the UI thread: ``done(result)``, or ``failed(error)``
    (which returns True if it takes the error over) or, for the answer of a form opened with
    ``_ask``, that form again with the error in it, else a "Not saved" notice; and always
    ``after_save()``, which screens use to reload. A screen closed before its write was done
    gets none of these: only an error is still said, as a notice."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._writes: deque = deque()
        self._writes_lock = threading.Lock()
        self._writing = False
        #: While a form's answer is being handled: how to bring that form back.
        self._reopen: Reopen | None = None

    # --- forms ----------------------------------------------------------------------------------

    def _ask(self, form: Callable[[], FormScreen], answered: Callable[[Any], None]) -> None:
        """Open ``form()``; its answer (not a cancel) goes to ``answered``, which saves it with
        ``_save``. If that save fails, a new ``form()`` opens with what was typed and the error,
        and its answer goes to ``answered`` again."""
        self._open_form(form, answered)

    def _open_form(self, form, answered, typed: Typed | None = None, error: NurtureError | None = None) -> None:
        screen = form()
        if typed is not None and error is not None:
            screen.refill(typed, f"Not saved: {screen_text(str(error))}")

        def back(result) -> None:
            if result is None:
                return
            with self._answering(lambda e: self._open_form(form, answered, screen.typed, e)):
                answered(result)

        self.app.push_screen(screen, back)  # type: ignore[attr-defined]

    @contextmanager
    def _answering(self, reopen: Reopen | None) -> Iterator[None]:
        """Saves started inside belong to the form ``reopen`` brings back."""
        previous, self._reopen = self._reopen, reopen
        try:
            yield
        finally:
            self._reopen = previous

    # --- writing --------------------------------------------------------------------------------

    def _save(self, write, done=None, failed=None) -> None:
        with self._writes_lock:
            self._writes.append((write, done, failed, self._reopen))
            start = not self._writing
            self._writing = True
        if start:
            self._write_pending(self.app)  # type: ignore[attr-defined]

    @work(thread=True, group="write")
    def _write_pending(self, app) -> None:
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

    def _written(self, result, error: NurtureError | None, done, failed, reopen: Reopen | None) -> None:
        if not self.is_attached:  # type: ignore[attr-defined]
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
            self.after_save()

    def after_save(self) -> None:
        """Called on the UI thread after every write, whatever its outcome."""

    def _not_saved(self, error: NurtureError) -> None:
        self.notify(screen_text(str(error)), title="Not saved", severity="error", markup=False, timeout=8)  # type: ignore[attr-defined]

    def _say(self, text: str) -> None:
        self.notify(screen_text(text), markup=False)  # type: ignore[attr-defined]
