"""A TinyDB storage for personal data.

TinyDB's JSONStorage rewrites the file in place (a kill mid-write leaves it unreadable), treats
an empty file as a new database and re-parses the whole file on every query. This one:

* writes atomically (``files.atomic_write``), 0600, serialised with orjson;
* refuses, byte-for-byte untouched, a file that is empty, not JSON, the wrong shape or from a
  newer schema, with a message that names the file and what to do;
* caches the parsed file and re-reads it only when the file on disk changed (new inode, size or
  mtime; every write is a rename, so another process's write always shows) — never stale;
* upgrades an older schema in memory and reports it, so the caller can back up before saving;
* knows where each record lies in the file (``store/spans.py``), so a write of a few records
  copies the others' bytes instead of parsing the file again, and a new version written by
  another process can be compared with the old one (``delta``) to parse only what changed.

On disk: ``{"nurture": {"schema": 1, "file": "<kind>", "rev": "<hash>"}, "<table>": {"<id>": {...}}}``.
``rev`` names the version: a hash of the tables when the file is written whole, else of the
previous ``rev`` and the records changed. So two versions with different records differ in
their first bytes, and a cache keyed by a file's size, mtime and first and last blocks
(``Fingerprint``) tells them apart wherever the file was copied to; and the same writes give
the same bytes (``nurture seed`` is reproducible).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import orjson
from tinydb import Storage

from nurture.store import migrations
from nurture.store.errors import DataFileError
from nurture.store.files import atomic_write
from nurture.store.journal import Commit
from nurture.store.spans import HEAD, Delta, Layout, delta, is_canonical, locate, splice

ENVELOPE = "nurture"
StatKey = tuple[int, int, int]
#: A file's size, mtime and a hash of its first and last blocks: what a derived file on disk
#: (a shard's index) is keyed by. It survives a copy (``cp -a``, a sync, a restore), which
#: keeps the mtime, where an inode does not.
Fingerprint = tuple[int, int, str]
BLOCK = 4096


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
    (A staged file keeps all three through its rename; its ctime does not.) For caches in
    memory only: a copy of the file is a new inode with the same content."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _digest(head: bytes, tail: bytes) -> str:
    h = hashlib.blake2b(head, digest_size=16)
    h.update(tail)
    return h.hexdigest()


def _next_rev(meta: bytes, put: Mapping[str, bytes], delete: Collection[str]) -> str:
    """The ``rev`` of the version that makes these changes to the one whose meta is ``meta``:
    a hash of the old ``rev`` and the changes (a version is named by its history, and the
    same changes to the same file give the same bytes, as ``nurture seed`` promises)."""
    try:
        old = orjson.loads(meta).get("rev", "")
    except (orjson.JSONDecodeError, AttributeError):
        old = ""
    h = hashlib.blake2b(str(old).encode(), digest_size=8)
    for rid, value in put.items():
        h.update(b"\0put\0" + rid.encode() + b"\0" + value)
    for rid in delete:
        h.update(b"\0delete\0" + rid.encode())
    return h.hexdigest()


def _changed(
    tables: dict[str, dict[str, Any]], name: str, put: Mapping[str, dict[str, Any]], delete: Collection[str]
) -> dict[str, dict[str, Any]]:
    """``tables`` with these records put into table ``name`` and those ids dropped (a copy)."""
    table = dict(tables.get(name, {}))
    table.update(put)
    for rid in delete:
        table.pop(rid, None)
    return {**tables, name: table}


def _spans(raw: bytes, layout: Layout, ids: Collection[str]) -> dict[str, dict[str, Any]] | None:
    """The records with these ids, parsed from their spans in ``raw``; None if a span is not
    a record of that id (then the file is read whole)."""
    positions, starts, ends, loads = layout.positions(), layout.starts, layout.ends, orjson.loads
    view = memoryview(raw)
    out = {}
    try:
        for rid in ids:
            k = positions.get(rid)
            if k is not None:
                doc = loads(view[starts[k] : ends[k]])
                if type(doc) is not dict or doc.get("id", rid) != rid:
                    return None
                out[rid] = doc
    except orjson.JSONDecodeError:
        return None
    return out


def fingerprint(raw: bytes, st: os.stat_result) -> Fingerprint:
    """The fingerprint of the file whose bytes are ``raw`` and whose stat is ``st``."""
    return (st.st_size, st.st_mtime_ns, _digest(raw[:BLOCK], raw[-BLOCK:]))


def fingerprint_fd(fd: int, st: os.stat_result) -> Fingerprint:
    """The fingerprint of the open file ``fd`` (``st``: its fstat), reading two blocks."""
    size = st.st_size
    head = os.pread(fd, BLOCK, 0)
    tail = os.pread(fd, BLOCK, max(0, size - BLOCK)) if size > BLOCK else head
    return (size, st.st_mtime_ns, _digest(head, tail))


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, kind: str, restore_hint: str = "", table: str = "",
                 keep_bytes: bool = False) -> None:  # fmt: skip
        """``table``: the table whose records' spans are kept (``layout``); ``keep_bytes``:
        keep the file's bytes in memory, so a new version can be compared with them."""
        super().__init__()
        self.path = Path(path)
        self.kind = kind
        self.restore_hint = restore_hint
        self.table = table
        self.keep_bytes = keep_bytes
        self._key: StatKey | None = None
        self._tables: dict[str, dict[str, Any]] | None = None
        self._raw: bytes | None = None
        #: Where ``table``'s records lie in the file at ``_key`` (None: not known, or the file
        #: is not as nurture writes it), and that file's fingerprint.
        self.layout: Layout | None = None
        self.fingerprint: Fingerprint | None = None
        #: Set when the file on disk is at an older schema and ``read`` upgraded it in memory.
        self.migrated_from: int | None = None
        #: While set, writes are staged in this commit (see ``store/journal.py``) and reads see
        #: what was staged; ``settle`` or ``forget`` ends it.
        self.commit: Commit | None = None
        self._staged = False
        #: How many times the whole file was parsed (tests count them).
        self.parses = 0

    # --- TinyDB's Storage interface -----------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._staged:
            if self._tables is None and self._raw is not None:
                self._tables = self._decode(self._raw)[1]
            return self._tables
        opened = self._open()
        if opened is None:
            return None
        fd, st = opened
        try:
            key = stat_key(st)
            if key == self._key and self._tables is not None:
                return self._tables
            raw = self._raw if key == self._key and self._raw is not None else self._read_fd(fd)
        finally:
            os.close(fd)
        self._adopt(raw, st)
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """The whole file: ``data``'s tables in a new envelope (``orjson.dumps`` of it)."""
        body = orjson.dumps(data)
        meta = self._meta(hashlib.blake2b(body, digest_size=8).hexdigest())
        envelope: dict[str, Any] = {ENVELOPE: meta}
        envelope.update(data)
        payload = b"".join((HEAD, orjson.dumps(meta), b"," + body[1:] if data else b"}"))
        layout = locate(payload, envelope, self.table) if self.table else None
        self._put(payload, layout, data)

    def settle(self) -> None:
        """The commit this file's write was staged in was applied: the file on disk is now
        what was staged (same inode, size and mtime), so the cache stays."""
        self.commit, self._staged = None, False
        if not self.keep_bytes:
            self._raw = None

    def close(self) -> None:
        pass

    # --- writing a few records ------------------------------------------------------------

    def update(self, name: str, put: Mapping[str, dict[str, Any]], delete: Collection[str] = ()) -> None:
        """Put records (id → stored form) into table ``name`` and drop the ids in ``delete``:
        in one write. When the layout of the file as it is describes it, the other records'
        bytes are copied as they are (no parse); else the file is read, changed and written."""
        layout = self.layout
        raw = self.current_bytes() if layout is not None and layout.table == name else None
        if raw is not None and layout is not None:
            dumps = orjson.dumps
            docs = {rid: dumps(doc) for rid, doc in put.items()}
            done = splice(
                raw, layout, self._meta(_next_rev(raw[len(HEAD) : layout.meta_end], docs, delete)), docs, delete
            )
            if done is not None:
                parsed = self._tables  # (of the version spliced, if at hand: kept up to date, not parsed again)
                self._put(done[0], done[1], None if parsed is None else _changed(parsed, name, put, delete))
                return
        self.write(_changed(self.read() or {}, name, put, delete))

    def stored(self, name: str, ids: Collection[str]) -> dict[str, dict[str, Any]]:
        """The records of table ``name`` with these ids as stored in the version a write starts
        from (an id not stored is left out). When the file is not parsed already and its layout
        is known, only those records are parsed, from their spans (the bytes are kept for the
        write that follows, which copies the others from them); else the file is read whole."""
        if not ids:
            return {}
        layout = self.layout
        if self._tables is None and layout is not None and layout.table == name:
            raw = self.current_bytes()
            if raw is not None and len(raw) == layout.size:
                self._raw = raw
                found = _spans(raw, layout, ids)
                if found is not None:
                    return found
        table = (self.read() or {}).get(name, {})
        return {rid: table[rid] for rid in ids if rid in table}

    def current_bytes(self) -> bytes | None:
        """The bytes of the version last read or written here (the one ``layout`` describes),
        if that is still the file on disk."""
        if self._staged:
            return self._raw
        if self._key is None:
            return None
        opened = self._open()
        if opened is None:
            return None
        fd, st = opened
        try:
            if stat_key(st) != self._key:
                return None
            return self._raw if self._raw is not None else self._read_fd(fd)
        finally:
            os.close(fd)

    def _put(self, payload: bytes, layout: Layout | None, tables: dict[str, dict[str, Any]] | None) -> None:
        self.forget_cache()  # if anything below fails, the next read goes to disk
        if self.commit is not None:
            st = self.commit.stage(self.path, payload)  # the stat it will have once renamed
            self._staged = True
        else:
            st = atomic_write(self.path, payload)
        self._key, self.fingerprint, self.layout = stat_key(st), fingerprint(payload, st), layout
        self._tables = tables
        self._raw = payload if self.keep_bytes or self._staged else None
        self.migrated_from = None

    def _meta(self, rev: str) -> dict[str, Any]:
        return {"schema": migrations.CURRENT_SCHEMA, "file": self.kind, "rev": rev}

    # --- reading what changed -------------------------------------------------------------

    def read_delta(self) -> Delta | None:
        """If the file was replaced since it was last read or written here, and its bytes and
        layout were kept: what changed, parsing only that (``spans.delta``). None when there
        is nothing to compare with, or it cannot be told that way (then ``read`` it whole)."""
        if self._staged or self._raw is None or self.layout is None:
            return None
        opened = self._open()
        if opened is None:
            return None
        fd, st = opened
        try:
            if stat_key(st) == self._key:
                return None
            raw = self._read_fd(fd)
        finally:
            os.close(fd)
        found = delta(self._raw, self.layout, raw)
        if found is None or found.meta.get("schema") != migrations.CURRENT_SCHEMA:
            return None
        self._key, self.fingerprint, self.layout = stat_key(st), fingerprint(raw, st), found.layout
        self._raw, self._tables, self.migrated_from = raw, None, None
        return found

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
        self.forget_cache()
        self.commit, self._staged = None, False

    def forget_cache(self) -> None:
        self._key, self._tables, self._raw, self.layout, self.fingerprint = None, None, None, None, None

    def drop_parsed(self) -> None:
        """Drop the parsed tables (their decoded records are kept elsewhere); the layout stays,
        so a write still needs no parse."""
        if not self._staged:
            self._tables = None

    def _open(self) -> tuple[int, os.stat_result] | None:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            self.forget_cache()
            return None
        except OSError as e:
            raise self._error(f"cannot be read ({e.strerror or e})", "Check its permissions.") from None
        try:
            return fd, os.fstat(fd)
        except OSError as e:
            os.close(fd)
            raise self._error(f"cannot be read ({e.strerror or e})", "Check the disk.") from None

    def _read_fd(self, fd: int) -> bytes:
        try:
            with os.fdopen(fd, "rb", closefd=False) as fh:
                return fh.read()
        except OSError as e:
            raise self._error(f"cannot be read ({e.strerror or e})", "Check the disk.") from None

    def know(self, key: StatKey, found: Fingerprint, layout: Layout | None) -> None:
        """The file on disk (stat ``key``, fingerprint ``found``) is laid out as ``layout``
        (an index said so, for that fingerprint): a write can copy its records' bytes, and a
        parse of it need not look for them again."""
        if self._staged:
            return
        if self._key != key or self.fingerprint != found:
            self.forget_cache()
            self._key, self.fingerprint = key, found
        if self.layout is None and self.migrated_from is None:  # (a file upgraded in memory is
            self.layout = layout  # written whole: no spans of its old bytes are spliced into it)

    def _adopt(self, raw: bytes, st: os.stat_result) -> None:
        """``raw`` (read from the file with stat ``st``) becomes what this storage describes."""
        known = self.layout if self._key == stat_key(st) else None
        self.forget_cache()
        doc, tables = self._decode(raw)
        layout = None
        if known is not None and known.size == len(raw) and self.migrated_from is None:
            layout = known  # said by an index for this very version: no need to look again
        elif self.table and self.migrated_from is None and is_canonical(raw, doc):
            layout = locate(raw, doc, self.table)
        self._key, self.fingerprint, self.layout, self._tables = stat_key(st), fingerprint(raw, st), layout, tables
        self._raw = raw if self.keep_bytes else None

    def tables_of(self, raw: bytes) -> dict[str, dict[str, Any]]:
        """The tables of ``raw`` (the bytes of some version of this file), refused and upgraded
        as ``read`` does, without caching anything or changing what this storage describes."""
        was = self.migrated_from
        try:
            return self._decode(raw)[1]
        finally:
            self.migrated_from = was

    def _decode(self, raw: bytes) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """The parsed file and its tables (upgraded to the current schema)."""
        self.parses += 1
        self.migrated_from = None
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
        return doc, tables

    def _error(self, what: str, why: str, restore: bool = True) -> DataFileError:
        todo = f" {self.restore_hint}" if restore and self.restore_hint else ""
        return DataFileError(f"data file {self.path} {what}. {why} It was left untouched.{todo}")
