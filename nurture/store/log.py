"""The interaction log on disk: 16 shards of full records, each with a compact index of entries.

``interactions/3.json`` holds full records; ``interactions/3.idx`` holds, for each, its id,
contact, date, kind, when it was logged and how many of its action items are open, and where
its bytes lie in the shard: about a tenth of the bytes, which is all the queue and the contact
list need. Opening nurture reads the indexes. One contact's timeline reads that contact's
records only: each record's span is read (``os.pread``), parsed and decoded alone, so showing
someone costs their own notes, never their shard's, and nothing of a shard stays in memory.

The index is a cache, never the truth. It records the fingerprint of the shard it describes
(size, mtime and a hash of its first and last 4 KiB; the first block holds the envelope's
``rev``, which every write of different records changes) and is used only while the shard on
disk has exactly that fingerprint: a changed shard (ours, another process's, a restore of other
content) makes the old index stale, while a copy (``cp -a``, a sync, a restore of the same
content, which keeps the mtime) keeps it. A stale, missing or damaged index is rebuilt from its
shard. It is written after the shard and without fsync: a crash can lose it, never make it lie.
A span read is checked before it is used (the file is the version indexed; the record parsed
is the entry's), else the shard is read whole and indexed again. The index also says whether
every record of that version was decoded, so a write from the next process need not check the
shard again (``DataFile.checked``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any

import orjson

from nurture.domain.log import Entry
from nurture.domain.models import KINDS, Interaction
from nurture.store.errors import DataFileError
from nurture.store.records import INDEX_SCHEMA, DataFile, fingerprint_of, gc_paused, read_derived, write_derived
from nurture.store.spans import Layout, scan, spans_doc, spans_from
from nurture.store.storage import ENVELOPE, Fingerprint, StatKey, fingerprint_fd, stat_key

if TYPE_CHECKING:
    from nurture.store.repository import Repository

INDEX_SUFFIX = ".idx"
_KINDS = frozenset(KINDS)


@dataclass(eq=False)
class ShardIndex:
    """What a shard's index says of one version of the shard."""

    #: The shard's stat in this process (a cache in memory is keyed by it) and fingerprint.
    key: StatKey
    fingerprint: Fingerprint
    #: One per record, in the order the records are stored.
    entries: list[Entry]
    _layout: Layout | None
    #: Whether every record of this version was decoded (so a write may start from it).
    checked: bool = False
    #: The spans as the index file holds them, made a ``Layout`` when first needed (opening
    #: reads every index; most shards are never shown).
    _spans: tuple[dict[str, Any], str] | None = None

    @property
    def layout(self) -> Layout | None:
        """Where each record lies (its ids are the entries'), or None when that is not known."""
        if self._spans is not None:
            doc, table = self._spans
            self._layout, self._spans = spans_from(doc, table, [e.id for e in self.entries]), None
        return self._layout


class ShardFile(DataFile):
    """A shard of interactions, and its index of entries."""

    keep_records = False
    _index: ShardIndex | None = None

    @property
    def index_path(self) -> Path:
        return self.path.with_suffix(INDEX_SUFFIX)

    def entries(self) -> list[Entry]:
        """The shard's entries: from the index if it describes the shard as it is on disk,
        else from the shard itself (and the index is rebuilt)."""
        index = self.index()
        return index.entries if index is not None else []

    def index(self) -> ShardIndex | None:
        """The index of the shard as it is on disk (None when there is no shard)."""
        key = self.storage.version
        if key is None:
            self._index = None
            return None
        if self._index is not None and self._index.key == key:
            return self._index
        index = self._index_on_disk()
        if index is None:
            with gc_paused():
                index = self._index_from(self.table.raw(), decoded=None)
                self.storage.drop_parsed()
            write_index(self.index_path, index)
        self._index = index
        return index

    def _index_on_disk(self) -> ShardIndex | None:
        """The index file, if it describes the shard now on disk (two blocks of it read)."""
        found = fingerprint_of(self.path)
        return None if found is None else read_index(self.index_path, found[1], found[0], self.table.name)

    def _index_from(self, raw: dict[str, dict], decoded: dict[str, Interaction] | None) -> ShardIndex:
        """The index of the version the storage just parsed (``raw``; ``decoded``: its records,
        if they were decoded): the entries from the raw records, without decoding them (a
        damaged record is reported as the full decode reports it), the spans from the layout."""
        storage = self.storage
        key, found = storage._key, storage.fingerprint
        if key is None or found is None:  # the read found no file: it was removed since ``version`` saw it
            raise DataFileError(f"data file {self.path} disappeared while it was being read. Try again.")
        if decoded is not None:
            entries = [Entry.of(i) for i in decoded.values()]
        else:
            try:
                entries = entries_from(raw)
            except (KeyError, TypeError, ValueError, AttributeError):
                decoded = self.records()
                entries = [Entry.of(i) for i in decoded.values()]
        layout = storage.layout
        if layout is None and raw:  # not written as nurture writes: find the spans the slow way
            current = storage.current_bytes()
            layout = scan(current, self.table.name) if current is not None else None
        if layout is not None and layout.ids != list(raw):
            layout = None
        return ShardIndex(key, found, entries, layout, checked=decoded is not None)

    def checked(self) -> None:
        """As ``DataFile.checked``; the index, made current from the same parse, says so."""
        key = self.storage.version
        if key is None:
            self._checked = self._index = None
            return
        index = self._index if self._index is not None and self._index.key == key else self._index_on_disk()
        if index is not None and index.key == key and (key == self._checked or index.checked):
            self._index, self._checked = index, key
            self.storage.know(index.key, index.fingerprint, index.layout)
            return
        self._reindexed()

    def _now_checked(self, key: StatKey | None) -> None:
        self._checked = key
        index = self._index
        if key is not None and index is not None and index.key == key:
            index.checked = True  # (in memory: only a write, or a stale index, writes the index)

    def written(self, put: dict[str, dict[str, Any]], deleted: list[str]) -> None:
        """The index of the version just written, from the old one and what changed: no parse."""
        storage = self.storage
        old = self._index
        by_id = {e.id: e for e in old.entries} if old is not None else {}
        for rid in deleted:
            by_id.pop(rid, None)
        try:
            new = entries_from(put)
        except (KeyError, TypeError, ValueError, AttributeError):
            new = [Entry.of(self.decode_one(rid, doc)) for rid, doc in put.items()]
        by_id.update((e.id, e) for e in new)
        layout = storage.layout
        if layout is not None and len(layout.ids) == len(by_id) and all(rid in by_id for rid in layout.ids):
            entries = [by_id[rid] for rid in layout.ids]
        else:
            entries, layout = list(by_id.values()), None
        key, found = storage._key, storage.fingerprint
        if key is None or found is None:
            self._index = None
            return
        index = ShardIndex(key, found, entries, layout, checked=True)
        self._index = index
        self._after_commit(lambda: write_index(self.index_path, index))

    def forget(self) -> None:
        super().forget()
        self._index = None

    # --- full records, by their spans -------------------------------------------------------

    def of_contact(self, contact_id: str) -> list[Interaction]:
        """One contact's records: only theirs are read, parsed and decoded."""
        return self._read(
            lambda index: [k for k, e in enumerate(index.entries) if e.contact_id == contact_id],
            lambda i: i.contact_id == contact_id,
        )

    def these(self, ids: Iterable[str]) -> list[Interaction]:
        """The records with these ids that are stored here, each read alone."""
        wanted = set(ids)
        return self._read(
            lambda index: [k for k, e in enumerate(index.entries) if e.id in wanted],
            lambda i: i.id in wanted,
        )

    def _read(
        self, select: Callable[[ShardIndex], list[int]], keep: Callable[[Interaction], bool]
    ) -> list[Interaction]:
        """The records the index's entries at ``select(index)`` are, read by their spans. If
        a span is not what the index says (the index is wrong, or the record damaged), the
        shard is read whole: it names a damaged record as loading does, else is indexed
        again; and ``keep`` chooses among its records."""
        for _ in range(2):
            index = self.index()
            if index is None:
                return []
            wanted = select(index)
            if not wanted:
                return []
            found = self._by_spans(index, wanted)
            if found is not None:
                return found
            if index.layout is None:
                return [i for i in self.records().values() if keep(i)]  # no spans known: whole
            self._index = None
            if self.storage.version == index.key:
                break
            # else the shard was replaced since its index was read: try the new version's
        return [i for i in self._reindexed().values() if keep(i)]

    def _reindexed(self) -> dict[str, Interaction]:
        """Every record, decoded (a damaged one raises, named), and the index rebuilt."""
        with gc_paused():
            raw = self.table.raw()
            decoded = {doc_id: self.decode_one(doc_id, doc) for doc_id, doc in raw.items()}
            self._checked = self.storage._key
            if self.storage._key is not None:
                self._index = self._index_from(raw, decoded)
                write_index(self.index_path, self._index)
            self.storage.drop_parsed()
        return decoded

    def _by_spans(self, index: ShardIndex, wanted: list[int]) -> list[Interaction] | None:
        docs = read_spans(self.path, index, wanted)
        if docs is None:
            return None
        entries = index.entries
        try:
            return [self.decode_one(entries[k].id, doc) for k, doc in zip(wanted, docs, strict=True)]
        except DataFileError:
            return None  # damaged: the whole shard will name it


def read_spans(
    source: Path | int, index: ShardIndex, wanted: Sequence[int], *, checked: bool = False
) -> list[dict[str, Any]] | None:
    """The stored records at positions ``wanted`` of ``index`` (parsed, not decoded), read by
    their spans from the shard at ``source`` (a path, or a file open on it) if it is the version
    the index describes, and each checked to be the entry the index says (id, contact, date,
    kind, when logged, open items: ``entries_from`` of it is that entry). None if the shard is
    another version, or a span does not parse or is not its entry: then read the shard whole.
    The one way records are read by their spans. ``checked``: ``source`` is a file the caller
    opened and found to be that version already (each record is still checked)."""
    layout = index.layout
    if layout is None:
        return None
    if isinstance(source, int):
        fd, own = source, False
    else:
        try:
            fd, own = os.open(source, os.O_RDONLY), True
        except OSError:
            return None
    try:
        if not checked:
            st = os.fstat(fd)
            if stat_key(st) != index.key and fingerprint_fd(fd, st) != index.fingerprint:
                return None
        starts, ends, pread, loads = layout.starts, layout.ends, os.pread, orjson.loads
        out = []
        for k in wanted:
            start = starts[k]
            doc = loads(pread(fd, ends[k] - start, start))
            if type(doc) is not dict:
                return None
            out.append(doc)
    except (OSError, orjson.JSONDecodeError):
        return None
    finally:
        if own:
            os.close(fd)
    entries = index.entries
    if not all(_is_entry(d, entries[k]) for k, d in zip(wanted, out, strict=True)):
        return None
    return out


def _is_entry(d: dict[str, Any], e: Entry) -> bool:
    """Whether stored record ``d`` is entry ``e``: what ``entries_from`` makes of it, compared
    field by field on the stored text (a few times cheaper than making the entry; a record
    streamed out by an export is checked this way, 150,000 of them at 30k)."""
    try:
        if d["id"] != e.id or d["contact_id"] != e.contact_id or d["kind"] != e.kind:
            return False
        if d["date"] != e.on.isoformat() or type(d["id"]) is not str:
            return False
        c = d.get("created")
        if (c or "") != e.created and (not c or datetime.fromisoformat(c).isoformat() != e.created):
            return False  # (stored as nurture writes it, or the same instant written otherwise)
        items = d.get("action_items")
        return (sum(not a.get("done", False) for a in items) if items else 0) == e.open_items
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def entries_from(raw: Mapping[Any, dict]) -> list[Entry]:
    """Entries straight from stored records; ``created`` normalised as the record decodes.
    A value an entry holds that the record's own check would refuse (an unknown kind, an id
    that is not text) raises ``ValueError``, so the caller decodes the records in full and
    names the record and field."""
    fromiso, stamp, make = date.fromisoformat, datetime.fromisoformat, tuple.__new__
    entries = [
        make(Entry, (d["id"], intern(d["contact_id"]), fromiso(d["date"]), intern(d["kind"]),
                     stamp(c).isoformat() if (c := d.get("created")) else "",
                     sum(not a.get("done", False) for a in items) if (items := d.get("action_items")) else 0))
        for d in raw.values()
    ]  # fmt: skip
    if not {e.kind for e in entries} <= _KINDS or not all(type(e.id) is str for e in entries):
        raise ValueError("an entry the full record would refuse")
    return entries


def read_index(path: Path, of: Fingerprint, key: StatKey, table: str) -> ShardIndex | None:
    """The index at ``path`` if it describes the shard whose fingerprint is ``of`` (and stat,
    in this process, ``key``)."""
    doc = read_derived(path, of)
    if doc is None:
        return None
    with gc_paused():
        try:
            fromiso, make = date.fromisoformat, tuple.__new__
            entries = [
                make(Entry, (i, intern(c), fromiso(d), intern(k), t, o)) for i, c, d, k, t, o in doc["rows"]
            ]  # contact ids and kinds interned: one string each, not one per interaction
        except (KeyError, TypeError, ValueError):
            return None
    spans = {"spans": doc.get("spans"), "at": doc.get("at")}
    return ShardIndex(key, of, entries, None, checked=doc.get("checked") is True, _spans=(spans, table))


def write_index(path: Path, index: ShardIndex) -> None:
    """Best effort: a read-only directory only means the shard is read in full next time."""
    doc = {
        ENVELOPE: {"schema": INDEX_SCHEMA, "file": "index", "of": list(index.fingerprint)},
        "checked": index.checked,
        "rows": [(e.id, e.contact_id, e.on.isoformat(), e.kind, e.created, e.open_items) for e in index.entries],
        **spans_doc(index.layout),
    }
    write_derived(path, doc)


class ShardLog:
    """The repository's log: every entry at once, full records read by their spans."""

    def __init__(self, repo: Repository, entries: list[Entry]) -> None:
        self._repo = repo
        self._entries = entries

    def entries(self) -> Sequence[Entry]:
        return self._entries

    def of(self, contact_id: str) -> Sequence[Interaction]:
        return self._repo.interactions_of(contact_id)

    def all(self) -> Sequence[Interaction]:
        return self._repo.all_interactions()

    def these(self, entries: Iterable[Entry]) -> Sequence[Interaction]:
        return self._repo.interactions_for(entries)
