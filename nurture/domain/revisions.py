"""Revisions: when a record (or one of its fields) last changed, and on which device.

A revision is a hybrid logical clock reading: the wall clock in milliseconds, a counter that
orders changes made within one millisecond (or while the wall clock stands behind a revision
already seen), and the id of the device that made it. Revisions compare as
``(ms, counter, device)``, so two devices break a tie the same way and every replica orders
every change alike. Stored as text, ``"<ms>-<counter>-<device>"``; the revision of data
written before revisions existed is :data:`ZERO` (``"0-0-"``: revision 0, unknown device).

Pure: the wall clock is given to :meth:`HybridClock.tick` by the caller, never read here.
"""

from __future__ import annotations

import uuid
from typing import NamedTuple


class Rev(NamedTuple):
    ms: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.ms}-{self.counter}-{self.device}"


ZERO = Rev(0, 0, "")


def parse_rev(text: object) -> Rev:
    """The revision ``text`` names; :data:`ZERO` for anything that is not one (a record from
    before revisions, or a damaged stamp: it then loses every tie, and nothing is refused)."""
    if type(text) is not str:
        return ZERO
    ms, _, rest = text.partition("-")
    counter, _, device = rest.partition("-")
    if not (ms.isdigit() and counter.isdigit()):
        return ZERO
    return Rev(int(ms), int(counter), device)


def new_device_id() -> str:
    """A device id: 8 hex digits, made once per data directory on its first run."""
    return uuid.uuid4().hex[:8]


class HybridClock:
    """Hands out revisions for one device, each later than every revision it made or saw."""

    def __init__(self, device: str, last: Rev = ZERO) -> None:
        if not device or "-" in device:
            raise ValueError(f"a device id is text without '-', got {device!r}")
        self.device = device
        self.last = last

    def tick(self, wall_ms: int) -> Rev:
        """A fresh revision at wall time ``wall_ms`` (never earlier than the last one)."""
        if wall_ms > self.last.ms:
            rev = Rev(wall_ms, 0, self.device)
        else:
            rev = Rev(self.last.ms, self.last.counter + 1, self.device)
        self.last = rev
        return rev

    def observe(self, rev: Rev) -> None:
        """Take note of a revision made elsewhere (merged in), so the next tick is later."""
        if (rev.ms, rev.counter) > (self.last.ms, self.last.counter):
            self.last = Rev(rev.ms, rev.counter, self.device)
