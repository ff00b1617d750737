"""One data file: its TinyDB table and the domain records decoded from it, cached.

The decoded records are cached under the file's stat key, so a file is decoded again only when
another process replaced it; our own writes update the cache in place instead of decoding the
whole file again. Parsing and decoding run with the garbage collector paused: they allocate
hundreds of thousands of objects that all survive, and every collection in between would scan
them for nothing (it halves the time at ten thousand contacts).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

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


class RecordTable(Table):
    """A TinyDB table keyed by our own string ids, with one-write bulk put and delete."""

    document_id_class = str

    def put(self, docs: dict[str, dict[str, Any]]) -> None:
        self._update_table(lambda table: table.update(docs))

    def delete(self, ids: Iterable[str]) -> None:
        def drop(table: dict) -> None:
            for doc_id in ids:
                table.pop(doc_id, None)

        self._update_table(drop)

    def raw(self) -> dict[str, dict[str, Any]]:
        return self._read_table()


class DataFile:
    """One data file: its TinyDB, its table and a cache of the records decoded from it."""

    def __init__(self, path: Path, table: str, kind: str, decode: Callable, hint: str):
        self.storage = AtomicJSONStorage(path, kind, restore_hint=hint)
        self.db = TinyDB(storage=lambda: self.storage)
        self.db.table_class = RecordTable
        self.table: RecordTable = self.db.table(table, cache_size=0)  # type: ignore[assignment]
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
