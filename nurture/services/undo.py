"""Undo: the dashboard's changes, step by step, recorded where the writes happen.

``run(label, write)`` runs a service call while the recorder listens to the repository
(``Repository.watch``): every record the call writes is noted with how it was stored before
(read under the same lock, just before the write) and how the call left it. That is one step,
pushed on the history with its label. ``undo()`` takes the newest step and writes every
before-image back through the repository's own write path (backup, lock, search index, one
atomic commit), after checking, under the lock, that each record is still as the step left it;
one that was changed since is not clobbered: the undo is refused and the step dropped.

The recorder listens only to the thread that runs the step: a meeting autosave or another
screen's write meanwhile is not part of it. The history belongs to this ``Nurture`` (one per
dashboard session); the shell never records.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from nurture.domain.errors import InputError, NurtureError
from nurture.domain.undo import KEEP, History, Recording, Step, changed_since, nothing_to_undo, refusal, stopped
from nurture.services.core import Context
from nurture.store.doctor import backup_before

T = TypeVar("T")

#: A step's label: text, or made from what the call returned.
Label = str | Callable[[Any], str]


class NotUndone(InputError):
    """An undo refused: a record of the step was changed since. The step is dropped."""


class Undo:
    def __init__(self, context: Context, keep: int = KEEP) -> None:
        self.context = context
        self._history = History(keep)
        self._lock = threading.Lock()
        self._local = threading.local()
        context.repo.watch = self._saw

    # --- recording ---------------------------------------------------------------------------

    def run(self, label: Label, write: Callable[[], T]) -> T:
        """``write()``, recorded as one step labelled ``label`` (or ``label(its result)``). A call
        that fails saved nothing (each save is atomic) and records nothing; a step inside a step
        is part of the outer one."""
        if getattr(self._local, "recording", None) is not None:
            return write()
        recording = self._local.recording = Recording()
        try:
            result = write()
        finally:
            self._local.recording = None
        step = recording.step(label(result) if callable(label) else label)
        who = step.contact_id
        if who is not None:  # kept, to name them should they be deleted for good before the undo
            with suppress(NurtureError):  # (a damaged file: the refusal says "someone" then)
                step = replace(step, who=self._name_of(who) or "")
        with self._lock:
            self._history.push(step)
        return result

    def _saw(self, writes: list[tuple[str, str, Any]]) -> None:
        """Told by the repository, under its lock, of the records about to be written."""
        recording: Recording | None = getattr(self._local, "recording", None)
        if recording is None:
            return
        repo = self.context.repo
        for source, rid, after in writes:
            recording.saw((source, rid), after, partial(repo.stored_one, source, rid))

    def mark(self, what: str, label: str) -> None:
        """A change that cannot be undone was made (``what``: "The import of contacts.csv";
        ``label``, as help says it: "import of contacts.csv"): kept as a step of its own, so the
        next ctrl+z says so and how to go back, and only the one after undoes the step before."""
        at = self.context.now()
        with self._lock:
            earlier = len(self._history) > 0
            self._history.push(Step(f"{label} (can't be undone: ctrl+z steps past it)", (), what, at, earlier))

    # --- undoing ------------------------------------------------------------------------------

    def nothing(self) -> str:
        """ "nothing to undo yet", or "nothing to undo" once a step was kept (and undone or dropped)."""
        with self._lock:
            return nothing_to_undo(self._history.ever)

    def next_label(self) -> str | None:
        """What ``undo`` would undo, or None: nothing to undo."""
        step = self.newest()
        return step.label if step is not None else None

    def newest(self) -> Step | None:
        """The step ``undo`` would undo, or None (a link to undo one step checks it is still it)."""
        with self._lock:
            return self._history.last()

    def __len__(self) -> int:
        with self._lock:
            return len(self._history)

    def undo(self) -> Step:
        """Undo the newest step: its records put back as they were, in one atomic save (a
        barrier, ``mark``: nothing written, the step is only taken off). Raises
        ``NotUndone`` (the step is dropped) if one of them was changed since; a failed write (a
        full disk) keeps the step, to try again; ``InputError`` when there is nothing to undo."""
        with self._lock:
            step = self._history.pop()
        if step is None:
            raise InputError("nothing to undo")
        if step.barrier:  # nothing to write: said, with the backup from before it, and stepped past
            at = step.at or self.context.now()
            backup = backup_before(self.context.repo, at + timedelta(seconds=1))
            return replace(step, said=stopped(step, backup.name if backup is not None else None))
        repo = self.context.repo
        try:
            with repo.locked():
                now = {c.key: repo.stored_one(c.source, c.id) for c in step.changes}
                changed = changed_since(step, now)
                if changed:
                    raise NotUndone(refusal(step, changed, now, self._name_of))
                repo.write_back([(c.source, c.id, c.before) for c in step.changes])
        except NotUndone:
            raise
        except BaseException:
            with self._lock:
                self._history.push(step)  # not written: it can be tried again
            raise
        return step

    def _name_of(self, contact_id: str) -> str | None:
        contact = self.context.repo.contact(contact_id)
        return contact.name if contact is not None else None
