"""The repository: domain records in, domain records out, every write atomic and locked.

Files in the data directory (see the README's design notes):

    contacts.json          every contact
    followups.json         explicit follow-ups
    settings.json          settings
    reviews.json           weeks marked reviewed
    interactions/0.json …  interactions, in 16 shards by the first hex digit of the contact id,
    interactions/f.json    so logging a note rewrites ~1/16 of the notes, not all of them
    backups/               the last 5 snapshots, one per run that wrote
    .lock                  the cross-process lock

A read-modify-write holds ``locked()``; reads re-check each file's stat and re-parse only files
that another process replaced, so the shell and the dashboard never see stale data.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import filelock
from tinydb import TinyDB
from tinydb.table import Table

from nurture.domain.models import Contact, FollowUp, Interaction, Review, Settings
from nurture.domain.network import Network
from nurture.store.backups import list_backups, make_backup
from nurture.store.errors import DataFileError, LockTimeout
from nurture.store.files import FILE_MODE, atomic_write, private_dir, remove_stale_temps
from nurture.store.storage import AtomicJSONStorage, StatKey

T = TypeVar("T")
SHARDS = "0123456789abcdef"
LOCK_TIMEOUT = 15.0
SETTINGS_ID = "settings"


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


class _File:
    """One data file: its TinyDB, its table and a cache of the records parsed from it."""

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

    def records(self) -> dict[str, Any]:
        raw = self.table.raw()  # re-reads from disk only if the file changed
        key = self.storage._key
        if self._records is not None and self._records[0] == key and key is not None:
            return self._records[1]
        decoded: dict[str, Any] = {}
        for doc_id, doc in raw.items():
            try:
                decoded[doc_id] = self.decode(doc)
            except (KeyError, TypeError, ValueError) as e:
                raise DataFileError(
                    f"data file {self.path} has a damaged record {doc_id!r} ({e!r}). "
                    f"It was left untouched. {self.storage.restore_hint}"
                ) from None
        self._records = (key, decoded)
        return decoded

    def put(self, records: Iterable[Any]) -> None:
        docs = {r.id: r.to_dict() for r in records}
        if docs:
            self._guarded(lambda: self.table.put(docs))

    def delete(self, ids: Iterable[str]) -> None:
        self._guarded(lambda: self.table.delete(list(ids)))

    def _guarded(self, write: Callable[[], None]) -> None:
        try:
            write()
        except BaseException:
            self.storage.forget()
            self._records = None
            raise


class Repository:
    def __init__(self, data_dir: Path | str, now: Callable[[], datetime] = datetime.now):
        self.data_dir = Path(data_dir).expanduser()
        self.now = now
        self._thread_lock = threading.RLock()
        self._lock: filelock.FileLock | None = None
        self._backed_up = False
        self._opened = False
        hint = (
            "To recover, `nurture doctor` lists the backups and `nurture restore NAME` puts "
            "one back (the current files are kept as a backup first)."
        )
        self.contacts_file = _File(
            self.data_dir / "contacts.json", "contacts", "contacts", Contact.from_dict, hint
        )
        self.followups_file = _File(
            self.data_dir / "followups.json", "followups", "followups", FollowUp.from_dict, hint
        )
        self.settings_file = _File(
            self.data_dir / "settings.json", "settings", "settings", Settings.from_dict, hint
        )
        self.reviews_file = _File(
            self.data_dir / "reviews.json", "reviews", "reviews", Review.from_dict, hint
        )
        self.interaction_files = {
            shard: _File(
                self.data_dir / "interactions" / f"{shard}.json",
                "interactions",
                "interactions",
                Interaction.from_dict,
                hint,
            )
            for shard in SHARDS
        }

    # --- files and lock -------------------------------------------------------------------

    @property
    def files(self) -> list[_File]:
        return [
            self.contacts_file,
            self.followups_file,
            self.settings_file,
            self.reviews_file,
            *self.interaction_files.values(),
        ]

    def open(self) -> Repository:
        """Prepare the directory (0700), clear stale temp files, upgrade old schemas."""
        with self.locked():
            pass
        return self

    def _open_locked(self) -> None:
        private_dir(self.data_dir / "interactions")
        remove_stale_temps(self.data_dir)
        remove_stale_temps(self.data_dir / "interactions")
        migrated = []
        for f in self.files:
            try:
                f.table.raw()
            except DataFileError:
                continue  # reported, with its name, by whatever reads it; doctor can still run
            if f.storage.migrated_from is not None:
                migrated.append(f)
        if migrated:
            self._backup()
            for f in migrated:
                f.storage.write(f.storage.read() or {})
        self._opened = True

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the cross-process lock (re-entrant) for a consistent read-modify-write."""
        with self._thread_lock:
            if self._lock is None:
                private_dir(self.data_dir)
                lock_path = self.data_dir / ".lock"
                self._lock = filelock.FileLock(lock_path, mode=FILE_MODE, timeout=LOCK_TIMEOUT)
            try:
                self._lock.acquire()
            except filelock.Timeout:
                raise LockTimeout(
                    f"another nurture process has held the lock on {self.data_dir} for "
                    f"{LOCK_TIMEOUT:.0f} s. Wait for it to finish and try again."
                ) from None
            except OSError as e:
                raise DataFileError(
                    f"cannot lock {self.data_dir / '.lock'}: {e.strerror or e}. "
                    "Check that the data directory is writable by you."
                ) from None
            try:
                lock_file = Path(self._lock.lock_file)
                if lock_file.exists() and lock_file.stat().st_mode & 0o777 != FILE_MODE:
                    os.chmod(lock_file, FILE_MODE)
                if not self._opened:
                    self._open_locked()
                yield
            finally:
                self._lock.release()

    def version(self) -> tuple:
        """Cheap fingerprint of everything on disk: changes whenever any file is replaced."""
        return tuple(f.storage.version for f in self.files)

    # --- reads ----------------------------------------------------------------------------

    def load(self) -> Network:
        with self.locked():
            interactions: list[Interaction] = []
            for f in self.interaction_files.values():
                interactions.extend(f.records().values())
            return Network(
                contacts=dict(self.contacts_file.records()),
                interactions=tuple(interactions),
                followups=tuple(self.followups_file.records().values()),
                settings=self.settings_file.records().get(SETTINGS_ID) or Settings(),
                reviews=tuple(self.reviews_file.records().values()),
            )

    def contact(self, contact_id: str) -> Contact | None:
        with self.locked():
            return self.contacts_file.records().get(contact_id)

    def interaction(self, contact_id: str, interaction_id: str) -> Interaction | None:
        with self.locked():
            return self._shard(contact_id).records().get(interaction_id)

    def followup(self, followup_id: str) -> FollowUp | None:
        with self.locked():
            return self.followups_file.records().get(followup_id)

    def settings(self) -> Settings:
        with self.locked():
            return self.settings_file.records().get(SETTINGS_ID) or Settings()

    # --- writes ---------------------------------------------------------------------------

    def save(
        self,
        contacts: Iterable[Contact] = (),
        interactions: Iterable[Interaction] = (),
        followups: Iterable[FollowUp] = (),
        reviews: Iterable[Review] = (),
        settings: Settings | None = None,
    ) -> None:
        """Write records (insert or replace by id); each touched file is written once.
        Contacts are written first, so an interaction never refers to a missing contact.

        When several files are written and one fails (disk full, say), the files already
        written are put back as they were: the save happens as a whole or not at all."""
        contacts, interactions, followups = list(contacts), list(interactions), list(followups)
        reviews = list(reviews)
        with self.locked():
            self._before_write()
            by_shard: dict[str, list[Interaction]] = {}
            for i in interactions:
                by_shard.setdefault(shard_of(i.contact_id), []).append(i)
            writes: list[tuple[_File, Callable[[], None]]] = []
            if contacts:
                writes.append((self.contacts_file, lambda: self.contacts_file.put(contacts)))
            for shard, items in by_shard.items():
                f = self.interaction_files[shard]
                writes.append((f, lambda f=f, items=items: f.put(items)))
            if followups:
                writes.append((self.followups_file, lambda: self.followups_file.put(followups)))
            if reviews:
                writes.append((self.reviews_file, lambda: self.reviews_file.put(reviews)))
            if settings is not None:
                writes.append((self.settings_file, lambda: self._put_settings(settings)))
            if len(writes) == 1:
                writes[0][1]()
                return
            before = {f.path: _read_or_none(f.path) for f, _ in writes}
            done: list[_File] = []
            try:
                for f, write in writes:
                    write()
                    done.append(f)
            except BaseException:
                for f in done:
                    _put_back(f, before[f.path])
                raise

    def save_review(self, review: Review) -> None:
        with self.locked():
            self._before_write()
            self.reviews_file.put([review])

    def delete_interaction(self, interaction: Interaction) -> None:
        with self.locked():
            self._before_write()
            self._shard(interaction.contact_id).delete([interaction.id])

    def save_settings(self, settings: Settings) -> None:
        with self.locked():
            self._before_write()
            self._put_settings(settings)

    def _put_settings(self, settings: Settings) -> None:
        self.settings_file.table.put({SETTINGS_ID: {"id": SETTINGS_ID, **settings.to_dict()}})

    def _before_write(self) -> None:
        if not self._backed_up:
            self._backup()

    def _backup(self) -> None:
        make_backup(self.data_dir, [f.path for f in self.files], self.now())
        self._backed_up = True

    def backups(self) -> list[Path]:
        return list_backups(self.data_dir)

    def _shard(self, contact_id: str) -> _File:
        return self.interaction_files[shard_of(contact_id)]


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _put_back(f: _File, payload: bytes | None) -> None:
    """Undo a write of a multi-file save: the old bytes back, or no file if there was none."""
    try:
        if payload is None:
            f.path.unlink(missing_ok=True)
        else:
            atomic_write(f.path, payload)
    finally:
        f.storage.forget()
        f._records = None


def shard_of(contact_id: str) -> str:
    first = contact_id[:1].lower()
    return first if first and first in SHARDS else SHARDS[zlib.crc32(contact_id.encode()) % 16]
