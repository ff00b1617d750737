"""The interaction log on disk: 16 shards of full records, each with a compact index of entries.

``interactions/3.json`` holds full records; ``interactions/3.idx`` holds, for each, its id,
contact, date, kind and when it was logged: about a tenth of the bytes, which is all the queue
and the contact list need. Opening nurture reads the indexes; a shard's full records are read
when a screen first shows them (one contact's timeline reads one shard).

The index is a cache, never the truth. It records the inode, size and mtime of the shard it
describes and is used only while the shard on disk has exactly those. Every write
renames a new shard into place, so any change (ours, another process's, a restore) makes the
old index stale, and a stale, missing or damaged index is rebuilt from its shard. It is written
after the shard and without fsync: a crash can lose it, never make it lie.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING

import orjson

from nurture.domain.log import Entry
from nurture.domain.models import KINDS, Interaction
from nurture.store.errors import DataFileError
from nurture.store.files import atomic_write
from nurture.store.records import DataFile, gc_paused
from nurture.store.storage import ENVELOPE, StatKey

if TYPE_CHECKING:
    from nurture.store.repository import Repository

INDEX_SUFFIX = ".idx"
_KINDS = frozenset(KINDS)
INDEX_SCHEMA = 2


class ShardFile(DataFile):
    """A shard of interactions, and its index of entries."""

    _entries: tuple[StatKey, list[Entry]] | None = None

    @property
    def index_path(self) -> Path:
        return self.path.with_suffix(INDEX_SUFFIX)

    def entries(self) -> list[Entry]:
        """The shard's entries: from the index if it describes the shard as it is on disk,
        else from the shard itself (and the index is rebuilt)."""
        key = self.storage.version
        if key is None:
            return []
        if self._entries is not None and self._entries[0] == key:
            return self._entries[1]
        entries = read_index(self.index_path, key)
        if entries is None:
            key, entries = self._entries_from_shard()
            write_index(self.index_path, key, entries)
        self._entries = (key, entries)
        return entries

    def _entries_from_shard(self) -> tuple[StatKey, list[Entry]]:
        """The entries, and the stat of the very file they were read from (so an index can
        never be labelled with a newer shard than it describes). Read from the raw records,
        without decoding them; a damaged record is reported as the full decode reports it."""
        with gc_paused():
            raw = self.table.raw()
            key = self.storage._key
            if key is None:  # the read found no file: it was removed since ``version`` saw it
                raise DataFileError(f"data file {self.path} disappeared while it was being read. Try again.")
            try:
                return key, entries_from(raw)
            except (KeyError, TypeError, ValueError, AttributeError):
                return key, [Entry.of(i) for i in self.records().values()]

    def of_contact(self, contact_id: str) -> list[Interaction]:
        """One contact's records. The whole shard is decoded on first use and its parsed JSON
        dropped: the next contact from the same shard costs a filter, not a parse, and memory
        stays bounded by the decoded records however many contacts one browses."""
        return [i for i in self.records().values() if i.contact_id == contact_id]

    def written(self) -> None:
        key, entries = self._entries_from_shard()  # the tables just written: no parse
        self._entries = (key, entries)
        commit = self.storage.commit
        if commit is not None:  # staged: the index follows once the shard is really there
            commit.after.append(lambda: write_index(self.index_path, key, entries))
        else:
            write_index(self.index_path, key, entries)

    def forget(self) -> None:
        super().forget()
        self._entries = None


def entries_from(raw: dict[str, dict]) -> list[Entry]:
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


def _identity(key: StatKey) -> list[int]:
    """The shard's inode, size and mtime: a replaced shard is a new inode."""
    return list(key)


def read_index(path: Path, key: StatKey) -> list[Entry] | None:
    """The entries in the index at ``path`` if it describes the shard with stat ``key``."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    with gc_paused():
        try:
            doc = orjson.loads(raw)
            meta = doc[ENVELOPE]
            if meta["schema"] != INDEX_SCHEMA or meta["of"] != _identity(key):
                return None
            fromiso, make = date.fromisoformat, tuple.__new__
            return [
                make(Entry, (i, intern(c), fromiso(d), intern(k), t, o)) for i, c, d, k, t, o in doc["rows"]
            ]  # contact ids and kinds interned: one string each, not one per interaction
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            return None


def write_index(path: Path, key: StatKey, entries: Sequence[Entry]) -> None:
    """Best effort: a read-only directory only means the shard is read in full next time."""
    doc = {
        ENVELOPE: {"schema": INDEX_SCHEMA, "file": "index", "of": _identity(key)},
        "rows": [(e.id, e.contact_id, e.on.isoformat(), e.kind, e.created, e.open_items) for e in entries],
    }
    with contextlib.suppress(DataFileError):
        atomic_write(path, orjson.dumps(doc), durable=False)


class ShardLog:
    """The repository's log: every entry at once, full records one shard at a time."""

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
