"""One data file: its TinyDB table and the domain records decoded from it, cached.

The decoded records are cached under the file's stat key, so a file is decoded again only when
another process replaced it, and then, when the old bytes are at hand, only the records whose
bytes changed (``storage.read_delta``); our own writes update the cache in place instead of
decoding the whole file again, and copy the unchanged records' bytes instead of parsing the
file again. Parsing and decoding run with the garbage collector paused: they allocate hundreds
of thousands of objects that all survive, and every collection in between would scan them for
nothing (it halves the time at ten thousand contacts). What needs a few records (one contact,
the namesakes of a new one) decodes only those.

A write starts from a file known to be intact: every record of the version it changes was
decoded once (``checked``), so a damaged file is refused, never written to with the damage in
it. A file with an index (``contacts.idx``; a shard's ``.idx``, ``store/log.py``) keeps that
knowledge, and where each record lies, for the next process: it says so for one fingerprint
(size, mtime, first and last blocks) of the file, and is believed only while the file has it.

TinyDB is used through its public ``Storage`` interface only (``storage.AtomicJSONStorage``):
a table here is read with the storage's ``read()`` and written with ``write()`` (whole) or
``update()`` (a few records). TinyDB's ``Table`` offers no one-write way to put many records
under ids of our own (``upsert`` writes the file once per record; ``update`` and
``insert_multiple`` together write it twice, so a crash between them would keep half a save),
and subclassing it meant overriding its private ``_update_table``/``_read_table``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

import orjson

from nurture.domain.collector import collector_paused as gc_paused
from nurture.store.errors import DataFileError
from nurture.store.files import atomic_write
from nurture.store.spans import spans_doc, spans_from
from nurture.store.storage import ENVELOPE, AtomicJSONStorage, Fingerprint, StatKey, fingerprint_fd, stat_key

#: The schema of index files (a data file's, a shard's).
INDEX_SCHEMA = 3


class RecordTable:
    """One table of a data file, keyed by our own string ids, with one-write bulk put and
    delete, through the file's storage (TinyDB's ``Storage`` interface)."""

    def __init__(self, storage: AtomicJSONStorage, name: str) -> None:
        self.storage = storage
        self.name = name

    def put(self, docs: dict[str, dict[str, Any]]) -> None:
        self.storage.update(self.name, docs)

    def delete(self, ids: Iterable[str]) -> None:
        self.storage.update(self.name, {}, list(ids))

    def raw(self) -> dict[str, dict[str, Any]]:
        """The table's records as stored (parsed, not decoded); the storage's cached copy."""
        tables = self.storage.read()
        return (tables or {}).get(self.name, {})


class DataFile:
    """One data file: its storage, its table and a cache of the records decoded from it."""

    #: Whether the decoded records are kept (with the file's bytes, to compare a new version
    #: with). A shard's are not: its index answers what is asked of every record, and one
    #: contact's records are read by their spans (``store/log.py``).
    keep_records = True

    #: Set by the repository on its data files: given the stored form of the records a write
    #: puts (id → ``to_dict``) and the ids it deletes, returns them as stored, each stamped
    #: with its revisions (``store/stamps.py``); told of the deleted ids, it keeps their
    #: tombstones. Called under the lock, from the checked version the write starts from.
    reviser: Callable[[DataFile, dict[str, dict[str, Any]], list[str]], dict[str, dict[str, Any]]] | None = None

    def __init__(self, path: Path, table: str, kind: str, decode: Callable, hint: str, index: bool = False):
        """``index``: keep ``NAME.idx`` beside the file (worth it for a large file)."""
        self.storage = AtomicJSONStorage(path, kind, restore_hint=hint, table=table, keep_bytes=self.keep_records)
        self.table = RecordTable(self.storage, table)
        self.decode = decode
        self._records: tuple[StatKey | None, dict[str, Any]] | None = None
        #: The stat key of the last version of the file whose every record decoded.
        self._checked: StatKey | None = None
        self._index_file = path.with_suffix(".idx") if index else None

    @property
    def path(self) -> Path:
        return self.storage.path

    # --- reading ----------------------------------------------------------------------------

    def records(self) -> dict[str, Any]:
        cached = self._decoded()
        if cached is not None:
            return cached
        with gc_paused():
            patched = self._patched()
            if patched is not None:
                return patched
            raw = self._raw_table()
            key = self.storage._key
            decoded = {doc_id: self.decode_one(doc_id, doc) for doc_id, doc in raw.items()}
            if self.keep_records:
                self._records = (key, decoded)
            self.storage.drop_parsed()  # the decoded records are what is kept, not the JSON too
            self._now_checked(key)
            return decoded

    def _decoded(self) -> dict[str, Any] | None:
        """The decoded records, if they still describe the file on disk (one stat)."""
        cached = self._records
        if cached is not None and cached[0] is not None and cached[0] == self.storage.version:
            return cached[1]
        return None

    def _patched(self) -> dict[str, Any] | None:
        """The records of a new version another process wrote, decoding only those whose
        bytes changed; None when that cannot be told (then the file is read whole)."""
        cached = self._records
        storage = self.storage
        if cached is None or cached[0] is None or cached[0] != storage._key or storage.layout is None:
            return None
        old, ids = cached[1], storage.layout.ids
        if len(old) != len(ids):
            return None
        found = storage.read_delta()
        if found is None:
            return None
        try:
            changed = {doc_id: self.decode_one(doc_id, doc) for doc_id, doc in found.docs.items()}
        except DataFileError:
            self.forget()
            raise
        try:
            records = {rid: old[rid] for rid in ids[: found.first]}
            records.update(changed)
            records.update({rid: old[rid] for rid in ids[found.last :]})
        except KeyError:  # the cache and the layout did not describe the same records: read it whole
            return None
        key = storage._key
        self._records = (key, records)
        self._now_checked(key)
        return records

    def select(self, test: Callable[[str, Callable[[str], Any]], bool]) -> list[Any]:
        """The records for which ``test(id, field)`` holds, where ``field(name)`` is the
        record's field of that name (None when it has none; as stored, so of any type): only
        those are decoded when the file is not decoded already."""
        if self._records is not None:  # decoded once already: kept current, as cheaply as can be
            return [r for rid, r in self.records().items() if test(rid, _fields(r))]
        with gc_paused():
            raw = self._raw_table()  # kept parsed: a write, or ``records``, may follow
            return [self.decode_one(rid, doc) for rid, doc in raw.items() if test(rid, doc.get)]

    def one(self, rid: str) -> Any | None:
        """One record (decoding only it, when the file is not decoded already)."""
        if self._records is not None:
            return self.records().get(rid)
        doc = self._raw_table().get(rid)
        return None if doc is None else self.decode_one(rid, doc)

    def stored(self) -> dict[str, dict[str, Any]]:
        """The table as stored (parsed, not decoded), read through the index when it has one."""
        return self._raw_table()

    def _raw_table(self) -> dict[str, dict[str, Any]]:
        """The table as stored (parsed). Before the file is parsed, its index is asked where
        its records lie, so the parse need not find out."""
        storage = self.storage
        if self._index_file is not None and (storage.layout is None or storage._key != storage.version):
            self._index_says_checked()
        return self.table.raw()

    def decode_one(self, doc_id: str, doc: dict[str, Any]) -> Any:
        try:
            return self.decode(doc)
        except (KeyError, TypeError, ValueError) as e:
            raise DataFileError(
                f"data file {self.path} has a damaged record {doc_id!r} ({e!r}). "
                f"It was left untouched. {self.storage.restore_hint}"
            ) from None

    # --- writing ------------------------------------------------------------------------------

    def put(self, records: Iterable[Any]) -> None:
        by_id = {r.id: r for r in records}
        if by_id:
            docs = {rid: r.to_dict() for rid, r in by_id.items()}
            self._write(docs, (), lambda cached: cached.update(by_id))

    def put_docs(self, docs: dict[str, dict[str, Any]]) -> None:
        """Records given in their stored form (as ``to_dict`` writes them): the cache takes
        them decoded as loading decodes them."""

        def patch(cached: dict[str, Any]) -> None:
            cached.update({rid: self.decode_one(rid, doc) for rid, doc in docs.items()})

        if docs:
            self._write(dict(docs), (), patch)

    def delete(self, ids: Iterable[str]) -> None:
        gone = list(ids)

        def drop(cached: dict[str, Any]) -> None:
            for rid in gone:
                cached.pop(rid, None)

        self._write({}, gone, drop)

    def forget(self) -> None:
        self.storage.forget()
        self._records = None
        self._checked = None

    def checked(self) -> None:
        """Make sure the file as a write will start from it is intact: every record of this
        version decoded, exactly as loading decodes them — here, or by the process whose index
        of the file says so (``_index_says_checked``). Decoded once per version."""
        key = self.storage.version
        if key is not None and (key == self._checked or self._index_says_checked()):
            return
        self.records()

    def _write(
        self, put: dict[str, dict[str, Any]], delete: Collection[str], patch: Callable[[dict[str, Any]], None]
    ) -> None:
        """Write (from the checked file), then patch the decoded cache if it is of the very
        version the write started from (an index may have vouched for a newer one another
        process wrote: then the cache is dropped, and decoded again when next read)."""
        self.checked()
        if self.reviser is not None:
            put = self.reviser(self, put, list(delete))
        start = self._checked
        cached = self._records
        if cached is not None and (cached[0] is None or cached[0] != start):
            cached = self._records = None
        try:
            self.storage.update(self.table.name, put, delete)
        except BaseException:
            self.forget()
            raise
        key = self.storage._key
        self._checked = key
        if cached is not None and cached[0] is not None and self.keep_records:
            records = dict(cached[1])
            patch(records)
            self._records = (key, records)
        else:
            self._records = None
        self.written(put, list(delete))

    def written(self, put: dict[str, dict[str, Any]], deleted: list[str]) -> None:
        """Called after every successful write (a hook for derived files)."""
        self._after_commit(self._write_index)

    def _after_commit(self, then: Callable[[], None]) -> None:
        """Now, or once the commit this file's write is staged in is applied (a derived file
        must describe only what is really on disk)."""
        commit = self.storage.commit
        if commit is not None:
            commit.after.append(then)
        else:
            then()

    # --- the index: which version was checked, and where its records lie ------------------------

    def _now_checked(self, key: StatKey | None) -> None:
        """Every record of the version with stat ``key`` decoded. (Only a write writes the
        index: reading changes nothing on disk.)"""
        self._checked = key

    def _write_index(self) -> None:
        storage = self.storage
        if self._index_file is None or storage.fingerprint is None or storage._key != self._checked:
            return
        layout = storage.layout
        doc = {
            ENVELOPE: {"schema": INDEX_SCHEMA, "file": "index", "of": list(storage.fingerprint)},
            "checked": True,
            "ids": layout.ids if layout is not None else None,
            **spans_doc(layout),
        }
        write_derived(self._index_file, doc)

    def _index_says_checked(self) -> bool:
        """Whether the index file says the file now on disk was checked; if so, the storage
        is told where its records lie."""
        if self._index_file is None:
            return False
        found = fingerprint_of(self.path)
        if found is None:
            return False
        key, fingerprint = found
        doc = read_derived(self._index_file, fingerprint)
        if doc is None or doc.get("checked") is not True:
            return False
        ids = doc.get("ids")
        layout = None
        if type(ids) is list and all(type(i) is str for i in ids):
            with contextlib.suppress(TypeError, ValueError, OverflowError):
                layout = spans_from(doc, self.table.name, ids)
        self.storage.know(key, fingerprint, layout)
        self._checked = key
        return True


def _fields(record: Any) -> Callable[[str], Any]:
    return lambda name: getattr(record, name, None)


def fingerprint_of(path: Path) -> tuple[StatKey, Fingerprint] | None:
    """The stat key and fingerprint of the file at ``path`` (two blocks of it read)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        return stat_key(st), fingerprint_fd(fd, st)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_derived(path: Path, of: Fingerprint) -> dict[str, Any] | None:
    """The index file at ``path``, parsed, if it is of this schema and describes the file
    with fingerprint ``of``."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    with gc_paused():
        try:
            doc = orjson.loads(raw)
            meta = doc[ENVELOPE]
            if meta["schema"] != INDEX_SCHEMA or meta["of"] != list(of):
                return None
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return None
    return doc if type(doc) is dict else None


def write_derived(path: Path, doc: dict[str, Any]) -> None:
    """Best effort: a read-only directory only means the file is read in full next time."""
    with contextlib.suppress(DataFileError):
        atomic_write(path, orjson.dumps(doc), durable=False)
