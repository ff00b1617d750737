"""Writes in the background, one after another, so a screen never waits on the disk and keys
pressed meanwhile act at once. Any screen that saves mixes this in."""

from __future__ import annotations

import threading
from collections import deque

from textual import work

from nurture.domain.errors import NurtureError
from nurture.tables import printable


class BackgroundSaves:
    """``_save(write, done, failed)`` runs ``write`` (a service call) in a worker thread, after
    any write still pending. Then, on the UI thread: ``done(result)``, or ``failed(error)``
    (which returns True if it takes the error over) or a "Not saved" notice; and always
    ``after_save()``, which screens use to reload."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._writes: deque = deque()
        self._writes_lock = threading.Lock()
        self._writing = False

    def _save(self, write, done=None, failed=None) -> None:
        with self._writes_lock:
            self._writes.append((write, done, failed))
            start = not self._writing
            self._writing = True
        if start:
            self._write_pending()

    @work(thread=True, group="write")
    def _write_pending(self) -> None:
        while True:
            with self._writes_lock:
                if not self._writes:
                    self._writing = False
                    return
                write, done, failed = self._writes.popleft()
            try:
                result, error = write(), None
            except NurtureError as e:
                result, error = None, e
            self.app.call_from_thread(self._written, result, error, done, failed)  # type: ignore[attr-defined]

    def _written(self, result, error: NurtureError | None, done, failed) -> None:
        if error is not None and failed is not None and failed(error):
            return  # the handler asks the user; whatever they choose saves and reloads
        try:
            if error is None:
                if done is not None:
                    done(result)
            else:
                self._not_saved(error)
        finally:
            self.after_save()

    def after_save(self) -> None:
        """Called on the UI thread after every write, whatever its outcome."""

    def _not_saved(self, error: NurtureError) -> None:
        self.notify(printable(str(error)), title="Not saved", severity="error", markup=False, timeout=8)  # type: ignore[attr-defined]

    def _say(self, text: str) -> None:
        self.notify(printable(text), markup=False)  # type: ignore[attr-defined]
