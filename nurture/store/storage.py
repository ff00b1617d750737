"""A TinyDB storage for personal data.

TinyDB's JSONStorage rewrites the file in place (a kill mid-write leaves it unreadable), treats
an empty file as a new database and re-parses the whole file on every query. This one:

* writes atomically (``files.atomic_write``), 0600, serialised with orjson;
* refuses, byte-for-byte untouched, a file that is empty, not JSON, the wrong shape or from a
  newer schema, with a message that names the file and what to do;
* caches the parsed file and re-reads it only when the file on disk changed (new inode, size or
  mtime; every write is a rename, so another process's write always shows) — never stale;
* upgrades an older schema in memory and reports it, so the caller can back up before saving.

On disk: ``{"nurture": {"schema": 1, "file": "<kind>"}, "<table>": {"<id>": {...}}}``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import orjson
from tinydb import Storage

from nurture.store import migrations
from nurture.store.errors import DataFileError
from nurture.store.files import atomic_write
from nurture.store.journal import Commit

ENVELOPE = "nurture"
StatKey = tuple[int, int, int]


_HEAD = re.compile(rb'\s*\{\s*"nurture"\s*:\s*\{\s*"schema"\s*:\s*(\d{1,9})\s*[,}]')


def peek_schema(path: Path) -> int | None:
    """The schema a data file declares in its first bytes (nurture writes the envelope first),
    or None when that cannot be told without reading it all (missing, unusual or damaged)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(128)
    except OSError:
        return None
    m = _HEAD.match(head)
    return int(m.group(1)) if m else None


def stat_key(st: os.stat_result) -> StatKey:
    """Inode, size, mtime: every write of ours is a rename, so a new content is a new inode.
    (A staged file keeps all three through its rename; its ctime does not.)"""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, kind: str, restore_hint: str = "") -> None:
        super().__init__()
        self.path = Path(path)
        self.kind = kind
        self.restore_hint = restore_hint
        self._key: StatKey | None = None
        self._tables: dict[str, dict[str, Any]] | None = None
        #: Set when the file on disk is at an older schema and ``read`` upgraded it in memory.
        self.migrated_from: int | None = None
        #: While set, writes are staged in this commit (see ``store/journal.py``) and reads see
        #: what was staged; ``settle`` or ``forget`` ends it.
        self.commit: Commit | None = None
        self._staged = False

    # --- TinyDB's Storage interface -----------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._staged:
            return self._tables
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            self._key, self._tables = None, None
            return None
        except OSError as e:
            raise self._error(f"cannot be read ({e.strerror or e})", "Check its permissions.") from None
        try:
            key = stat_key(os.fstat(fd))
            if key == self._key and self._tables is not None:
                return self._tables
            with os.fdopen(fd, "rb", closefd=False) as fh:
                raw = fh.read()
        except OSError as e:
            raise self._error(f"cannot be read ({e.strerror or e})", "Check the disk.") from None
        finally:
            os.close(fd)
        self._tables = self._decode(raw)
        self._key = key
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._tables = None  # if anything below fails, the next read goes to disk
        envelope = {ENVELOPE: {"schema": migrations.CURRENT_SCHEMA, "file": self.kind}}
        envelope.update(data)
        payload = orjson.dumps(envelope)
        if self.commit is not None:
            st = self.commit.stage(self.path, payload)  # the stat it will have once renamed
            self._staged = True
        else:
            st = atomic_write(self.path, payload)
        self._tables, self._key = data, stat_key(st)
        self.migrated_from = None

    def settle(self) -> None:
        """The commit this file's write was staged in was applied: the file on disk is now
        what was staged (same inode, size and mtime), so the cache stays."""
        self.commit, self._staged = None, False

    def close(self) -> None:
        pass

    # --- helpers ------------------------------------------------------------------------

    @property
    def version(self) -> StatKey | None:
        """Identifies the file's current content; ``None`` when it does not exist."""
        if self._staged:
            return self._key
        try:
            return stat_key(os.stat(self.path))
        except FileNotFoundError:
            return None
        except OSError as e:
            raise self._error(f"cannot be read ({e.strerror or e})", "Check its permissions.") from None

    def forget(self) -> None:
        """Drop the cache (after a failed update may have touched the cached tables)."""
        self._key, self._tables = None, None
        self.commit, self._staged = None, False

    def _decode(self, raw: bytes) -> dict[str, dict[str, Any]]:
        if not raw.strip():
            raise self._error(
                "is empty",
                "nurture never writes an empty file, so something else truncated it.",
            )
        try:
            doc = orjson.loads(raw)
        except orjson.JSONDecodeError as e:
            raise self._error(f"is not valid JSON ({e})", "It may be truncated or damaged.") from None
        meta = doc.get(ENVELOPE) if isinstance(doc, dict) else None
        schema = meta.get("schema") if isinstance(meta, dict) else None
        if not isinstance(schema, int) or isinstance(schema, bool):
            raise self._error(
                "is not a nurture data file (valid JSON, but not the shape nurture writes)",
                "Was another file saved under this name?",
            )
        if schema > migrations.CURRENT_SCHEMA:
            raise self._error(
                f"was written by a newer version of nurture (schema {schema}; this version "
                f"reads up to {migrations.CURRENT_SCHEMA})",
                "Upgrade nurture to open it.",
                restore=False,
            )
        tables = {name: value for name, value in doc.items() if name != ENVELOPE}
        for name, table in tables.items():
            if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
                raise self._error(
                    f"has a table {name!r} that is not a set of records",
                    "It was edited or damaged outside nurture.",
                )
        if schema < migrations.CURRENT_SCHEMA:
            try:
                tables = migrations.migrate(tables, schema)
            except Exception as e:  # a migration that fails must not lose the file
                raise self._error(
                    f"could not be upgraded from schema {schema} ({e})", "Please report this."
                ) from e  # the migration's own traceback is what a report needs
            self.migrated_from = schema
        return tables

    def _error(self, what: str, why: str, restore: bool = True) -> DataFileError:
        todo = f" {self.restore_hint}" if restore and self.restore_hint else ""
        return DataFileError(f"data file {self.path} {what}. {why} It was left untouched.{todo}")
