"""Whether nurture is the whole process, and the cyclic garbage collector paused, only then,
while work that makes many objects holding no cycles runs.

Reading tens of thousands of records, or working out the weekly review, makes hundreds of
thousands of objects that live on and are never in a cycle; every full pass of the collector
they set off scans every object the process holds, for nothing (a fifth of a second at thirty
thousand contacts, with every thread waiting). In a process of nurture's own (the console
script, which says so with ``own_process``) the collector is held off meanwhile. In any other
(the tests, a program embedding nurture) what holds for the whole process is not nurture's to
change: there it is left alone.

Pure in the sense the domain asks: no disk, no clock, no third-party package. It only reads and
sets the standard library's process-wide collector switch, under a count, so that pauses
overlapping in several threads switch it back on once, when the last one ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_owned = False
_lock = threading.Lock()
_depth = 0  # pauses under way
_resume = False  # whether the first of them found the collector on


def own_process(owned: bool = True) -> None:
    """Say whether nurture is the whole process (the entry point, once, before any work)."""
    global _owned
    _owned = owned


def owns_process() -> bool:
    return _owned


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector held off for the block, when nurture owns the process (else nothing)."""
    global _depth, _resume
    if not _owned:
        yield
        return
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
