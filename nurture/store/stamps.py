"""Revisions in the store: this device's id and clock, and the tombstones of deleted records.

Every record the repository writes is stored with its revisions (``nurture.domain.versions``:
``_rev``, and ``_revs`` once a field changed after the record was made), so that two copies of
the data directory can be merged record by record, field by field (``nurture.domain.merge``).
A revision is a hybrid logical clock reading (``nurture.domain.revisions``): the repository's
injected clock in milliseconds, a counter, and this device's id.

Files in the data directory:

    device.json       {"device": "3f9a0c1e", "host": "laptop"}: this copy's device id, made on
                      the first write (0600), and the machine it was made on. Local to this
                      machine: never backed up, never committed (``.gitignore``); when a
                      file-sync folder carries it to another machine anyway, the host tells
                      the copy, and that machine makes an id of its own.
    tombstones.json   the records deleted here, by file and id, with the revision of the
                      deletion: {"nurture": {…}, "tombstones": {"contacts": {"<id>": "<rev>"},
                      "interactions/3": {…}, …}}. Ids and revisions only: no name, no words,
                      so deleting a person for good leaves nothing of them. Written in the same
                      atomic commit as the deletion, backed up with the data files, kept
                      ``TOMBSTONE_DAYS`` (180) days by the injected clock.

Data written before revisions existed has none: it reads as revision 0 of an unknown device
(``ZERO``), and gets its revisions field by field as it is next saved. That needs no schema
change (``store/migrations.py``): a record without revisions is a valid record, and an older
nurture reads the new files (it ignores the two keys).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from nurture.domain.merge import TOMBSTONE_DAYS, Tombstones, prune
from nurture.domain.revisions import HybridClock, Rev, new_device_id
from nurture.store.errors import DataFileError, WriteError
from nurture.store.files import atomic_write
from nurture.store.records import DataFile

DEVICE_FILE = "device.json"
TOMBSTONES_FILE = "tombstones.json"

__all__ = ["DEVICE_FILE", "TOMBSTONES_FILE", "TOMBSTONE_DAYS", "DeviceClock", "TombstoneFile", "wall_ms"]


def host_name() -> str:
    """This machine's name, as device.json records it (to tell a copy carried from elsewhere)."""
    return socket.gethostname()


def wall_ms(moment: datetime) -> int:
    """``moment`` (the repository's injected clock) in milliseconds since the epoch."""
    return int(moment.timestamp() * 1000)


class DeviceClock:
    """This data directory's device id (``device.json``, made on first use) and its hybrid
    logical clock, reading the wall time from ``now`` (the repository's injected clock)."""

    def __init__(self, data_dir: Path, now: Callable[[], datetime], device: str = "") -> None:
        """``device``: stamp as this device, whatever ``device.json`` says (and make none):
        for ``nurture seed``, whose output must be the same bytes every time."""
        self.path = data_dir / DEVICE_FILE
        self.now = now
        self._clock: HybridClock | None = HybridClock(device) if device else None

    @property
    def device(self) -> str:
        return self._hlc().device

    def observe(self, rev: Rev) -> None:
        """Take note of a revision merged in from elsewhere: the next tick is later."""
        self._hlc().observe(rev)

    def tick(self, seen: Iterable[Rev] = ()) -> Rev:
        """A fresh revision: later than every one this clock made, and than every one in
        ``seen`` (the revisions of the records being replaced or deleted: a change is always
        later than what it changes, whatever the wall clock says)."""
        clock = self._hlc()
        for rev in seen:
            clock.observe(rev)
        return clock.tick(wall_ms(self.now()))

    def _hlc(self) -> HybridClock:
        if self._clock is None:
            self._clock = HybridClock(self._read() or self._make())
        return self._clock

    def _read(self) -> str:
        """The device id on file, or "" (none yet, or not one: then a new one is made)."""
        try:
            doc = orjson.loads(self.path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return ""
        device = doc.get("device") if type(doc) is dict else None
        host = doc.get("host") if type(doc) is dict else None
        if type(host) is str and host != host_name():
            return ""  # carried here from another machine (a synced folder): not this one's
        if type(device) is str and device and "-" not in device and device.isascii() and device.isalnum():
            return device
        return ""

    def _make(self) -> str:
        device = new_device_id()
        try:
            atomic_write(self.path, orjson.dumps({"device": device, "host": host_name()}))
        except WriteError as e:
            raise DataFileError(f"cannot save: could not write {self.path}: {e.why}. Nothing was changed.") from None
        return device


def _graves(doc: dict[str, Any]) -> dict[str, str]:
    """One file's tombstones as stored (id → revision), checked."""
    if not all(type(rid) is str and type(rev) is str for rid, rev in doc.items()):
        raise ValueError("a tombstone is an id and the revision of its deletion, as text")
    return dict(doc)


class TombstoneFile(DataFile):
    """``tombstones.json``: one record per data file ("contacts", "interactions/3", …), each
    mapping the ids deleted from it to the revision of their deletion."""

    def __init__(self, data_dir: Path, hint: str) -> None:
        super().__init__(data_dir / TOMBSTONES_FILE, "tombstones", "tombstones", _graves, hint)

    def graves(self) -> Tombstones:
        """Every tombstone, by file and id (a copy)."""
        return {source: dict(graves) for source, graves in self.records().items()}

    def bury(self, dead: Tombstones, now_ms: int) -> None:
        """Add the tombstones ``dead`` and drop those older than ``TOMBSTONE_DAYS`` before
        ``now_ms``: one write (staged in the commit of the deletion, when there is one)."""
        current = self.records()
        every = {source: dict(graves) for source, graves in current.items()}
        for source, graves in dead.items():
            every.setdefault(source, {}).update(graves)
        kept = prune(every, now_ms, TOMBSTONE_DAYS)
        put = {source: graves for source, graves in kept.items() if current.get(source) != graves}
        gone = [source for source in current if source not in kept]
        if not put and not gone:
            return

        def patch(cached: dict[str, Any]) -> None:
            cached.update(put)
            for source in gone:
                cached.pop(source, None)

        self._write(put, gone, patch)
