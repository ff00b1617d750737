"""One data file: its TinyDB table and the domain records decoded from it, cached.

The decoded records are cached under the file's stat key, so a file is decoded again only when
another process replaced it; our own writes update the cache in place instead of decoding the
whole file again. Parsing and decoding run with the garbage collector paused: they allocate
hundreds of thousands of objects that all survive, and every collection in between would scan
them for nothing (it halves the time at ten thousand contacts).

TinyDB is used through its public ``Storage`` interface only (``storage.AtomicJSONStorage``):
a table here is read and written whole with the storage's ``read()`` and ``write()``. TinyDB's
``Table`` offers no one-write way to put many records under ids of our own (``upsert`` writes
the file once per record; ``update`` and ``insert_multiple`` together write it twice, so a
crash between them would keep half a save), and subclassing it meant overriding its private
``_update_table``/``_read_table``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nurture.store.errors import DataFileError
from nurture.store.storage import AtomicJSONStorage, StatKey


@contextmanager
def gc_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class RecordTable:
    """One table of a data file, keyed by our own string ids, with one-write bulk put and
    delete: read and written whole through the file's storage (TinyDB's ``Storage`` interface)."""

    def __init__(self, storage: AtomicJSONStorage, name: str) -> None:
        self.storage = storage
        self.name = name

    def put(self, docs: dict[str, dict[str, Any]]) -> None:
        self._update(lambda table: table.update(docs))

    def delete(self, ids: Iterable[str]) -> None:
        def drop(table: dict[str, dict[str, Any]]) -> None:
            for doc_id in ids:
                table.pop(doc_id, None)

        self._update(drop)

    def raw(self) -> dict[str, dict[str, Any]]:
        """The table's records as stored (parsed, not decoded); the storage's cached copy."""
        tables = self.storage.read()
        return (tables or {}).get(self.name, {})

    def _update(self, change: Callable[[dict[str, dict[str, Any]]], None]) -> None:
        """One write of the whole file with this table changed. The storage's cached tables
        are not touched: if the write fails, they still describe the file on disk."""
        tables = self.storage.read() or {}
        table = dict(tables.get(self.name, {}))
        change(table)
        self.storage.write({**tables, self.name: table})


class DataFile:
    """One data file: its storage, its table and a cache of the records decoded from it."""

    def __init__(self, path: Path, table: str, kind: str, decode: Callable, hint: str):
        self.storage = AtomicJSONStorage(path, kind, restore_hint=hint)
        self.table = RecordTable(self.storage, table)
        self.decode = decode
        self._records: tuple[StatKey | None, dict[str, Any]] | None = None

    @property
    def path(self) -> Path:
        return self.storage.path

    #: Whether to keep the parsed JSON once every record is decoded. A write starts from it,
    #: so without it a write parses the file again (70 ms for 10,000 contacts), but it would
    #: double the memory the records take.
    keep_raw = False

    def records(self) -> dict[str, Any]:
        cached = self._decoded()
        if cached is not None:
            return cached
        with gc_paused():
            raw = self.table.raw()
            key = self.storage._key
            decoded = {doc_id: self.decode_one(doc_id, doc) for doc_id, doc in raw.items()}
            self._records = (key, decoded)
            if not self.keep_raw:
                self.storage.forget()
            return decoded

    def _decoded(self) -> dict[str, Any] | None:
        """The decoded records, if they still describe the file on disk (one stat)."""
        cached = self._records
        if cached is not None and cached[0] is not None and cached[0] == self.storage.version:
            return cached[1]
        return None

    def decode_one(self, doc_id: str, doc: dict[str, Any]) -> Any:
        try:
            return self.decode(doc)
        except (KeyError, TypeError, ValueError) as e:
            raise DataFileError(
                f"data file {self.path} has a damaged record {doc_id!r} ({e!r}). "
                f"It was left untouched. {self.storage.restore_hint}"
            ) from None

    def put(self, records: Iterable[Any]) -> None:
        by_id = {r.id: r for r in records}
        if by_id:
            docs = {rid: r.to_dict() for rid, r in by_id.items()}
            self._write(lambda: self.table.put(docs), lambda cached: cached.update(by_id))

    def delete(self, ids: Iterable[str]) -> None:
        gone = list(ids)

        def drop(cached: dict[str, Any]) -> None:
            for rid in gone:
                cached.pop(rid, None)

        self._write(lambda: self.table.delete(gone), drop)

    def forget(self) -> None:
        self.storage.forget()
        self._records = None

    def checked(self) -> tuple[StatKey | None, dict[str, Any]]:
        """The file as a write will start from it, checked exactly as loading checks it (every
        record decoded): a damaged file is refused with its name, never rewritten with the
        damage in it. Decoded once; cached while the file is unchanged."""
        with gc_paused():
            raw = self.table.raw()  # from disk only if it changed
            key = self.storage._key
            cached = self._records
            if cached is None or cached[0] is None or cached[0] != key:
                cached = (key, {doc_id: self.decode_one(doc_id, doc) for doc_id, doc in raw.items()})
                self._records = cached
            return cached

    def _write(self, write: Callable[[], None], patch: Callable[[dict[str, Any]], None]) -> None:
        """Write (from the checked file), then patch the decoded cache."""
        _, decoded = self.checked()
        try:
            write()
        except BaseException:
            self.forget()
            raise
        records = dict(decoded)
        patch(records)
        self._records = (self.storage._key, records)
        self.written()

    def written(self) -> None:
        """Called after every successful write (a hook for derived files)."""
