"""The repository: domain records in, domain records out, every write atomic and locked.

Files in the data directory (see the README's design notes):

    contacts.json          every contact
    contacts.idx           where each contact lies in contacts.json, and whether that version
                           was checked whole: a cache, like a shard's index (``store/records.py``)
    followups.json         explicit follow-ups
    settings.json          settings
    reviews.json           weeks marked reviewed
    prep.json              per contact, the questions prepared for the conversation
    questions.json         questions the user added to the bank
    meetings.json          meetings in progress (meeting mode's autosave)
    templates.json         outreach templates in the user's own words
    targets.json           target companies
    appointments.json      booked conversations (booked, cancelled, held)
    drafts/                outreach drafts saved as text files (where the clipboard is out of reach)
    interactions/0.json …  interactions, in 16 shards by the first hex digit of the contact id,
    interactions/f.json    so logging a note rewrites ~1/16 of the notes, not all of them
    interactions/0.idx …   each shard's entries (date and kind, no words) and where each record
                           lies: opening reads these, and one contact's records are read alone
                           when shown (see ``store/log.py``)
    conflicts.json         what merging with another copy found changed on both (``services/sync.py``)
    tombstones.json        the records deleted here: file, id and revision only (``store/stamps.py``)
    device.json            this copy's device id, for the revisions (local: not backed up)
    backups/               the last 5 snapshots, one per run that wrote
    .lock                  the cross-process lock

Every record written is stored with its revisions (``_rev``, ``_revs``: ``domain/versions.py``),
stamped in one place, ``_revise``, from the device's hybrid logical clock read off the injected
``now``; every record deleted leaves a tombstone, written in the same atomic commit.

A read-modify-write holds ``locked()``; reads re-check each file's stat and re-read only files
that another process replaced (and of those, when the old bytes are at hand, parse only the
records whose bytes changed), so the shell and the dashboard never see stale data. A write of a
few records copies the others' bytes (``store/spans.py``); what a shell command needs of the
contacts (a name to find, namesakes to refuse) decodes only those contacts.
"""

from __future__ import annotations

import errno
import os
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import filelock

from nurture.domain.appointments import Appointment
from nurture.domain.conflicts import SyncConflict
from nurture.domain.erasure import Erasure, draft_names, draft_slug
from nurture.domain.library import MeetingDraft, OwnQuestion, Prep, Target, TemplateText
from nurture.domain.log import Entry
from nurture.domain.models import Contact, FollowUp, Interaction, Review, Settings, email_key
from nurture.domain.network import Network
from nurture.domain.revisions import parse_rev
from nurture.domain.versions import REV, stamp
from nurture.store import migrations
from nurture.store.backups import list_backups, make_backup, remove_partial
from nurture.store.errors import DataFileError, LockTimeout
from nurture.store.files import FILE_MODE, SEARCH_INDEX, atomic_write, fsync_dir, private_dir, remove_stale_temps
from nurture.store.journal import Commit, pending, recover
from nurture.store.log import ShardFile, ShardIndex, ShardLog, read_spans
from nurture.store.records import DataFile, gc_paused
from nurture.store.stamps import DeviceClock, TombstoneFile, wall_ms
from nurture.store.storage import fingerprint_fd, peek_schema, stat_key

SHARDS = "0123456789abcdef"
LOCK_TIMEOUT = 15.0
SETTINGS_ID = "settings"


class Repository:
    def __init__(self, data_dir: Path | str, now: Callable[[], datetime] = datetime.now, device: str = ""):
        """``now``: the clock (backups are named by it, revisions read it). ``device``: the
        device id revisions name, instead of this directory's own (``store/stamps.py``)."""
        self.data_dir = Path(data_dir).expanduser()
        self.now = now
        self._thread_lock = threading.RLock()
        self._lock: filelock.FileLock | None = None
        self._backed_up = False
        self._opened = False
        #: Set when a crash had interrupted a save and opening completed it.
        self.recovered = False
        #: Temp files a writer that died left behind, removed on opening.
        self.cleaned: list[Path] = []
        #: Why the directory can only be read (a read-only mount), or "".
        self.read_only = ""
        #: Told of every record a save, ``_write_one`` or ``save_settings`` writes, before it is
        #: written, under the lock: ``watch([(source, id, record or None if deleted), …])``
        #: (the services' undo recorder, ``services/undo.py``). ``erase`` and ``write_back`` are
        #: not told: deleting for good is not undone, nor is an undo.
        self.watch: Callable[[list[tuple[str, str, Any]]], None] | None = None
        hint = (
            "To recover, `nurture doctor` lists the backups and `nurture restore NAME` puts "
            "one back (the current files are kept as a backup first)."
        )
        self.contacts_file = DataFile(
            self.data_dir / "contacts.json", "contacts", "contacts", Contact.from_dict, hint, index=True
        )
        self.followups_file = DataFile(
            self.data_dir / "followups.json", "followups", "followups", FollowUp.from_dict, hint
        )
        self.settings_file = DataFile(self.data_dir / "settings.json", "settings", "settings", Settings.from_dict, hint)
        self.reviews_file = DataFile(self.data_dir / "reviews.json", "reviews", "reviews", Review.from_dict, hint)
        self.prep_file = DataFile(self.data_dir / "prep.json", "prep", "prep lists", Prep.from_dict, hint)
        self.questions_file = DataFile(
            self.data_dir / "questions.json", "questions", "questions", OwnQuestion.from_dict, hint
        )
        self.meetings_file = DataFile(
            self.data_dir / "meetings.json", "meetings", "meetings in progress", MeetingDraft.from_dict, hint
        )
        self.templates_file = DataFile(
            self.data_dir / "templates.json", "templates", "templates", TemplateText.from_dict, hint
        )
        self.targets_file = DataFile(self.data_dir / "targets.json", "targets", "targets", Target.from_dict, hint)
        self.appointments_file = DataFile(
            self.data_dir / "appointments.json", "appointments", "appointments", Appointment.from_dict, hint
        )
        self.interaction_files = {
            shard: ShardFile(
                self.data_dir / "interactions" / f"{shard}.json",
                "interactions",
                "interactions",
                Interaction.from_dict,
                hint,
            )
            for shard in SHARDS
        }
        #: What merging with another copy found both sides changed (``services/sync.py``).
        self.conflicts_file = DataFile(
            self.data_dir / "conflicts.json", "conflicts", "sync conflicts", SyncConflict.from_dict, hint
        )
        #: The records deleted here (by file and id), for merging with another copy.
        self.tombstones_file = TombstoneFile(self.data_dir, hint)
        #: This copy's device id and clock: every record written is stamped with a revision.
        self.clock = DeviceClock(self.data_dir, lambda: self.now(), device)
        #: Each data file's source name ("contacts", "interactions/3", …) by the file.
        self._source_names = {id(f): source for source, f in self._sources().items()}
        for f in self._sources().values():
            f.reviser = self._revise
        #: The tombstones of what the write under way deleted (``_revise``), for ``_bury``.
        self._dead: dict[str, dict[str, str]] = {}

    # --- files and lock -------------------------------------------------------------------

    @property
    def files(self) -> list[DataFile]:
        return [
            self.contacts_file,
            self.followups_file,
            self.settings_file,
            self.reviews_file,
            self.prep_file,
            self.questions_file,
            self.meetings_file,
            self.templates_file,
            self.targets_file,
            self.appointments_file,
            *self.interaction_files.values(),
            self.conflicts_file,
            self.tombstones_file,
        ]

    def open(self) -> Repository:
        """Prepare the directory (0700), complete a save a crash interrupted, clear stale temp
        files, upgrade old schemas. On a read-only file system it opens for reading only."""
        with self.locked(write=False):
            pass
        return self

    def _open_locked(self) -> None:
        private_dir(self.data_dir / "interactions")
        self.cleaned = [
            tmp
            for folder in ("", "interactions", "drafts", "backups", "backups/objects")
            if not (self.data_dir / folder).is_symlink()
            for tmp in remove_stale_temps(self.data_dir / folder)
        ] + remove_partial(self.data_dir / "backups")
        migrated = []
        for f in self.files:
            if peek_schema(f.path) == migrations.CURRENT_SCHEMA:
                continue  # nothing to upgrade; read in full only when needed
            try:
                upgraded = f.table.raw()
                if f.storage.migrated_from is not None:
                    # every record, as upgraded, must decode (no index is asked: one of the old
                    # version does not vouch for this one): a damaged file is never rewritten
                    for rid, doc in upgraded.items():
                        f.decode_one(rid, doc)
            except DataFileError:
                continue  # reported, with its name, by whatever reads it; doctor can still run
            if f.storage.migrated_from is not None:
                migrated.append(f)
        if migrated:
            self._backup()
            with self.commit(migrated):
                for f in migrated:
                    f.storage.write(f.storage.read() or {})
        self._opened = True

    @contextmanager
    def locked(self, write: bool = True) -> Iterator[None]:
        """Hold the cross-process lock (re-entrant) for a consistent read-modify-write.
        ``write=False``: for reading only, which needs no lock (every file is replaced by a
        rename) but takes it where it can, so an interrupted save is completed first. Where
        the lock cannot be made (a read-only mount), reading goes on without it."""
        with self._thread_lock:
            try:
                lock = self._acquire()
            except _ReadOnly as e:
                if write:
                    raise DataFileError(
                        f"cannot save: {self.data_dir} is {e.why}, so nothing can be changed "
                        "(reading works). Make it writable, or choose another with --data-dir."
                    ) from None
                if pending(self.data_dir):
                    raise DataFileError(
                        f"{self.data_dir} holds a save that was interrupted and must be completed "
                        f"before it can be read, but it is {e.why}. Make it writable and try again."
                    ) from None
                self.read_only = e.why
                yield
                return
            try:
                if recover(self.data_dir):  # a crash interrupted a save: complete it first
                    self.recovered = True
                    for f in self.files:
                        f.forget()
                if not self._opened:
                    self._open_locked()
                yield
            finally:
                lock.release()

    def _acquire(self) -> filelock.FileLock:
        if self._lock is None:
            if self.data_dir.is_dir():
                try:
                    private_dir(self.data_dir, allow_link=True)
                except DataFileError:
                    if not os.access(self.data_dir, os.W_OK) or _read_only_fs(self.data_dir):
                        raise _ReadOnly(_why_read_only(self.data_dir)) from None
                    raise
            else:
                private_dir(self.data_dir, allow_link=True)
            lock_path = self.data_dir / ".lock"
            if lock_path.is_symlink() or (lock_path.exists() and not lock_path.is_file()):
                raise DataFileError(
                    f"{lock_path} is not a plain file (a link, or a folder). nurture follows no "
                    "links in its data directory. Move it away and try again."
                )
            self._lock = filelock.FileLock(lock_path, mode=FILE_MODE, timeout=LOCK_TIMEOUT)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise LockTimeout(
                f"another nurture process has held the lock on {self.data_dir} for "
                f"{LOCK_TIMEOUT:.0f} s. Wait for it to finish and try again."
            ) from None
        except OSError as e:
            if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise _ReadOnly(_why_read_only(self.data_dir)) from None
            raise DataFileError(
                f"cannot lock {self.data_dir / '.lock'}: {e.strerror or e}. "
                "Check that the data directory is writable by you."
            ) from None
        lock_file = Path(self._lock.lock_file)
        try:
            if lock_file.stat().st_mode & 0o777 != FILE_MODE:
                os.chmod(lock_file, FILE_MODE)
        except OSError:
            pass
        return self._lock

    def version(self) -> tuple:
        """Cheap fingerprint of what ``load`` reads: changes whenever one of its files is
        replaced. (Meeting drafts are not part of it: meeting mode's autosave must not make
        every open dashboard reload.)"""
        network = (
            self.contacts_file,
            self.followups_file,
            self.settings_file,
            self.reviews_file,
            self.prep_file,
            self.appointments_file,
        )
        return tuple(f.storage.version for f in (*network, *self.interaction_files.values()))

    # --- reads ----------------------------------------------------------------------------

    def load(self) -> Network:
        """Everything, with the interactions as entries; full records are read on demand."""
        return self._load(self.interaction_files.values())

    def load_around(self, contact_ids: Iterable[str]) -> Network:
        """What ``load`` gives about these contacts, reading only what that needs: them and
        the contacts they introduced (their queue items depend on those), their interactions'
        entries, the follow-ups, settings and reviews. Every other contact is left out, and
        so are most shards' entries: answer only about these."""
        wanted = set(contact_ids)
        with self.locked(write=False), gc_paused():
            contacts = self.contacts_file.select(lambda cid, field: cid in wanted or field("referred_by") in wanted)
            shards = sorted({shard_of(c.id) for c in contacts} | {shard_of(cid) for cid in wanted})
            entries: list[Entry] = []
            for shard in shards:
                entries.extend(self.interaction_files[shard].entries())
            return Network(
                contacts={c.id: c for c in contacts},
                log=ShardLog(self, entries),
                followups=tuple(self.followups_file.records().values()),
                settings=self.settings_file.records().get(SETTINGS_ID) or Settings(),
                reviews=tuple(self.reviews_file.records().values()),
                appointments=tuple(self.appointments_file.records().values()),
                prepared={p.contact_id: len(p.questions) for p in self.prep_file.records().values()},
            )

    def _load(self, shards: Iterable[ShardFile]) -> Network:
        with self.locked(write=False), gc_paused():
            entries: list[Entry] = []
            for f in shards:
                entries.extend(f.entries())
            return Network(
                contacts=dict(self.contacts_file.records()),
                log=ShardLog(self, entries),
                followups=tuple(self.followups_file.records().values()),
                settings=self.settings_file.records().get(SETTINGS_ID) or Settings(),
                reviews=tuple(self.reviews_file.records().values()),
                appointments=tuple(self.appointments_file.records().values()),
                prepared={p.contact_id: len(p.questions) for p in self.prep_file.records().values()},
            )

    def stored_contacts(self) -> dict[str, dict[str, Any]]:
        """Every contact as stored (parsed JSON, not decoded; do not change it): what the
        contact list can show before the rest is read. Where contacts.idx vouches for the file
        on disk, the parse is all it costs (where each record lies is the index's to say); the
        parsed copy is kept, so ``load`` decodes from it without parsing again."""
        with self.locked(write=False):
            return self.contacts_file.stored()

    def contacts_where(self, test: Callable[[str, object], bool]) -> list[Contact]:
        """The contacts for which ``test(id, name)`` holds, decoding only those (``name`` as
        stored: text, unless the record is damaged, which decoding it then reports)."""
        with self.locked(write=False):
            return self.contacts_file.select(lambda cid, field: test(cid, field("name")))

    def contacts_with(self, emails: Iterable[str], ids: Iterable[str] = ()) -> list[Contact]:
        """The contacts with one of these email addresses (case ignored) among theirs, and those
        of these ids, decoding only them (a record whose addresses are not text as stored is
        decoded too, which reports it)."""
        wanted, chosen = {email_key(e) for e in emails}, set(ids)

        def test(cid: str, field: Callable[[str], Any]) -> bool:
            if cid in chosen:
                return True
            first, others = field("email"), field("other_emails") or ()
            if type(first) is not str or type(others) is not list:
                return True
            return email_key(first) in wanted or any(type(o) is not str or email_key(o) in wanted for o in others)

        with self.locked(write=False):
            return self.contacts_file.select(test)

    def contact(self, contact_id: str) -> Contact | None:
        with self.locked(write=False):
            return self.contacts_file.one(contact_id)

    def interactions_of(self, contact_id: str) -> list[Interaction]:
        """One contact's full records, as on disk now: only theirs are read (their spans in
        the shard, ``store/log.py``). Takes only the in-process lock: files are replaced
        atomically, so a read needs no cross-process lock, and the UI never waits on another
        process's write."""
        with self._thread_lock:
            return self._shard(contact_id).of_contact(contact_id)

    def interactions_for(self, entries: Iterable[Entry]) -> list[Interaction]:
        """The full records of these entries that are still stored, each read alone."""
        wanted: dict[str, set[str]] = {}
        for e in entries:
            wanted.setdefault(shard_of(e.contact_id), set()).add(e.id)
        out: list[Interaction] = []
        for shard, ids in wanted.items():
            with self._thread_lock:
                out.extend(self.interaction_files[shard].these(ids))
        return out

    def stored_interactions(self, entries: Iterable[Entry]) -> Iterator[dict[str, Any]]:
        """The stored record (parsed JSON, as on disk; not decoded) of each of these entries
        that is still stored, in the order given, reading only its bytes: for streaming an
        export. Each shard is read as it was when the first of its entries was reached: by
        the records' spans, checked, or where one fails the check, that version parsed whole.
        Each record yielded is a parse of its own: the caller may change it."""
        readers: dict[str, _ShardReader] = {}
        try:
            for e in entries:
                shard = shard_of(e.contact_id)
                reader = readers.get(shard)
                if reader is None:
                    with self._thread_lock:
                        reader = readers[shard] = _ShardReader(self.interaction_files[shard], self._thread_lock)
                doc = reader.get(e.id)
                if doc is not None:
                    yield doc
        finally:
            for reader in readers.values():
                reader.close()

    def decode_interaction(self, record: dict[str, Any]) -> Interaction:
        """A record from ``stored_interactions`` decoded as loading decodes it: a damaged one
        is refused with the message that names its file and record."""
        contact = record.get("contact_id")
        return self._shard(contact if type(contact) is str else "").decode_one(str(record.get("id")), record)

    def all_interactions(self) -> list[Interaction]:
        out: list[Interaction] = []
        for f in self.interaction_files.values():
            with self._thread_lock:
                out.extend(f.records().values())
        return out

    def interaction(self, contact_id: str, interaction_id: str) -> Interaction | None:
        with self.locked(write=False):
            found = self._shard(contact_id).these([interaction_id])
            return found[0] if found else None

    def followup(self, followup_id: str) -> FollowUp | None:
        with self.locked(write=False):
            return self.followups_file.records().get(followup_id)

    def prep(self, contact_id: str) -> Prep | None:
        with self.locked(write=False):
            return self.prep_file.records().get(contact_id)

    def preps(self) -> list[Prep]:
        """Every contact's prepared questions."""
        with self.locked(write=False):
            return list(self.prep_file.records().values())

    def own_questions(self) -> list[OwnQuestion]:
        with self.locked(write=False):
            return list(self.questions_file.records().values())

    def meeting(self, contact_id: str) -> MeetingDraft | None:
        with self.locked(write=False):
            return self.meetings_file.records().get(contact_id)

    def meetings(self) -> list[MeetingDraft]:
        """Every meeting in progress."""
        with self.locked(write=False):
            return list(self.meetings_file.records().values())

    def templates(self) -> dict[str, TemplateText]:
        with self.locked(write=False):
            return dict(self.templates_file.records())

    def save_template(self, text: TemplateText) -> None:
        self._write_one(self.templates_file, put=[text])

    def reset_template(self, key: str) -> None:
        self._write_one(self.templates_file, delete=[key])

    def targets(self) -> list[Target]:
        with self.locked(write=False):
            return list(self.targets_file.records().values())

    def save_target(self, target: Target) -> None:
        self._write_one(self.targets_file, put=[target])

    def delete_target(self, target_id: str) -> None:
        self._write_one(self.targets_file, delete=[target_id])

    def appointments(self) -> list[Appointment]:
        """Every appointment, booked, cancelled and held."""
        with self.locked(write=False):
            return list(self.appointments_file.records().values())

    def write_private(self, relative: str, text: str) -> Path:
        """A text file inside the data directory (private: 0600 in a 0700 folder). Under the
        lock: opening clears temp files a killed writer left, and must not take this one's."""
        target = self.data_dir / relative
        with self.locked():
            private_dir(target.parent)
            atomic_write(target, text.encode("utf-8"))
        return target

    def settings(self) -> Settings:
        with self.locked(write=False):
            return self.settings_file.records().get(SETTINGS_ID) or Settings()

    # --- writes ---------------------------------------------------------------------------

    def save(
        self,
        contacts: Iterable[Contact] = (),
        interactions: Iterable[Interaction] = (),
        followups: Iterable[FollowUp] = (),
        reviews: Iterable[Review] = (),
        settings: Settings | None = None,
        preps: Iterable[Prep] = (),
        questions: Iterable[OwnQuestion] = (),
        meetings: Iterable[MeetingDraft] = (),
        meetings_ended: Iterable[str] = (),
        templates: Iterable[TemplateText] = (),
        targets: Iterable[Target] = (),
        appointments: Iterable[Appointment] = (),
    ) -> None:
        """Write records (insert or replace by id); each touched file is written once.
        When several files are written, they are one atomic commit (``commit``): the save
        happens as a whole or not at all, even if the process is killed in the middle."""
        contacts, interactions, followups = list(contacts), list(interactions), list(followups)
        reviews, preps, questions = list(reviews), list(preps), list(questions)
        meetings, ended = list(meetings), list(meetings_ended)
        templates, targets, appointments = list(templates), list(targets), list(appointments)
        with self.locked():
            by_shard: dict[str, list[Interaction]] = {}
            for i in interactions:
                by_shard.setdefault(shard_of(i.contact_id), []).append(i)
            if self.watch is not None:
                told: list[tuple[str, Sequence[Any]]] = [(f"interactions/{s}", i) for s, i in by_shard.items()]
                told += [("contacts", contacts), ("followups", followups), ("reviews", reviews), ("prep", preps),
                         ("questions", questions), ("meetings", meetings), ("templates", templates),
                         ("targets", targets), ("appointments", appointments)]  # fmt: skip
                self.watch(
                    [(source, r.id, r) for source, records in told for r in records]
                    + [("meetings", cid, None) for cid in ended]
                    + ([("settings", SETTINGS_ID, settings)] if settings is not None else [])
                )
            writes: list[tuple[DataFile, Callable[[], None]]] = []
            if contacts:
                writes.append((self.contacts_file, lambda: self.contacts_file.put(contacts)))
            for shard, items in by_shard.items():
                shard_file = self.interaction_files[shard]
                writes.append((shard_file, partial(shard_file.put, items)))
            if followups:
                writes.append((self.followups_file, lambda: self.followups_file.put(followups)))
            if reviews:
                writes.append((self.reviews_file, lambda: self.reviews_file.put(reviews)))
            if preps:
                writes.append((self.prep_file, lambda: self.prep_file.put(preps)))
            if questions:
                writes.append((self.questions_file, lambda: self.questions_file.put(questions)))
            if meetings or ended:

                def meeting_writes() -> None:
                    if meetings:
                        self.meetings_file.put(meetings)
                    if ended:
                        self.meetings_file.delete(ended)

                writes.append((self.meetings_file, meeting_writes))
            if templates:
                writes.append((self.templates_file, lambda: self.templates_file.put(templates)))
            if targets:
                writes.append((self.targets_file, lambda: self.targets_file.put(targets)))
            if appointments:
                writes.append((self.appointments_file, lambda: self.appointments_file.put(appointments)))
            if settings is not None:
                writes.append((self.settings_file, lambda: self._put_settings(settings)))
            writes = self._with_tombstones(writes, deleting=bool(ended))
            for f, _ in writes:
                f.checked()  # a damaged file is refused before anything, the backup too, is written
            self._before_write()
            searched: list[tuple[str, Iterable, Iterable[str]]] = [
                (f"interactions/{shard}", items, ()) for shard, items in by_shard.items()
            ]
            for source, put, gone in (
                ("contacts", contacts, ()),
                ("prep", preps, ()),
                ("questions", questions, ()),
                ("meetings", meetings, ended),
                ("appointments", appointments, ()),
            ):
                if put or gone:
                    searched.append((source, put, gone))
            search = self._search_hooks()
            before = search.before_write(self, [source for source, _, _ in searched]) if search else None
            self._apply(writes)
            if search:
                search.after_write(self, before, searched)

    @contextmanager
    def commit(self, files: Sequence[DataFile]) -> Iterator[Commit]:
        """Writes to ``files`` inside the block become one atomic commit: all of them or, if
        anything fails or the process dies before the commit is recorded, none of them (see
        ``store/journal.py``). Call with the lock held."""
        commit = Commit(self.data_dir)
        for f in files:
            f.storage.commit = commit
        try:
            yield commit
            commit.apply()
        except BaseException:
            commit.abort()
            for f in files:
                f.forget()
            raise
        for f in files:
            f.storage.settle()

    def erasure_of(self, contact_id: str) -> Erasure | None:
        """Everything keyed to this contact, in every data file (and their saved drafts): what
        ``erase`` removes. None: no such contact."""
        with self.locked(write=False):
            contact = self.contacts_file.one(contact_id)
            if contact is None:
                return None
            prep = self.prep_file.records().get(contact_id)
            drafts = self.data_dir / "drafts"
            return Erasure(
                contact,
                interactions=tuple(e.id for e in self._shard(contact_id).entries() if e.contact_id == contact_id),
                followups=tuple(f.id for f in self.followups_file.records().values() if f.contact_id == contact_id),
                prep_questions=None if prep is None else len(prep.questions),
                meeting=contact_id in self.meetings_file.records(),
                appointments=tuple(
                    a.id for a in self.appointments_file.records().values() if a.contact_id == contact_id
                ),
                # drafts are named by name: a file another contact's name also leads to is kept
                drafts=tuple(n for n in draft_names(contact.name) if (drafts / n).is_file())
                if not self._shares_draft_slug(contact)
                else (),
                introduced=tuple(  # (one recorded as introducing themselves is deleted, not kept)
                    self.contacts_file.select(
                        lambda cid, field: field("referred_by") == contact_id and cid != contact_id
                    )
                ),
            )

    def move_drafts(self, old_name: str, contact: Contact) -> None:
        """After ``contact`` was renamed from ``old_name`` (saved, under the same lock): their
        saved drafts (``drafts/SLUG-KEY.txt``) take the new name's file names, so they stay
        theirs. Left where they are when another contact's name leads to the old files too
        (whose they are cannot be told); a file the new name already has is never replaced."""
        folder = self.data_dir / "drafts"
        if draft_slug(old_name) == draft_slug(contact.name) or folder.is_symlink() or not folder.is_dir():
            return
        with self.locked():
            if self._shares_draft_slug(contact, draft_slug(old_name)):
                return
            moved = False
            for old, new in zip(draft_names(old_name), draft_names(contact.name), strict=True):
                source, target = folder / old, folder / new
                if source.is_file() and not source.is_symlink() and not os.path.lexists(target):
                    try:
                        os.rename(source, target)
                    except OSError:  # the rename is saved; a draft is a copy of a message, not a record
                        continue
                    moved = True
            if moved:
                fsync_dir(folder)

    def _shares_draft_slug(self, contact: Contact, slug: str | None = None) -> bool:
        """Whether another contact's name gives the same draft file names as ``contact``'s
        (or as ``slug``)."""
        slug = draft_slug(contact.name) if slug is None else slug
        return bool(
            self.contacts_file.select(
                lambda cid, field: cid != contact.id and isinstance(n := field("name"), str) and draft_slug(n) == slug
            )
        )

    def erase(self, erasure: Erasure, unlinked: Sequence[Contact] = ()) -> None:
        """Delete the contact and every record keyed to them (``erasure``, read under the same
        lock) in one atomic commit, with ``unlinked`` (the people they introduced, the link kept
        as text) written in it; then their saved drafts. The search index is kept current."""
        cid = erasure.contact.id
        shard = self._shard(cid)
        source = f"interactions/{shard_of(cid)}"
        unlinked = list(unlinked)
        with self.locked():

            def contacts() -> None:
                self.contacts_file.delete([cid])
                if unlinked:
                    self.contacts_file.put(unlinked)

            writes: list[tuple[DataFile, Callable[[], None]]] = [(self.contacts_file, contacts)]
            searched: list[tuple[str, Iterable, Iterable[str]]] = [("contacts", unlinked, [cid])]
            for f, ids, name in (
                (shard, erasure.interactions, source),
                (self.followups_file, erasure.followups, ""),
                (self.prep_file, [cid] if erasure.prep_questions is not None else [], "prep"),
                (self.meetings_file, [cid] if erasure.meeting else [], "meetings"),
                (self.appointments_file, erasure.appointments, "appointments"),
                (
                    self.conflicts_file,
                    [c.id for c in self.conflicts_file.records().values() if c.contact_id == cid],
                    "",
                ),
            ):
                if ids:
                    writes.append((f, partial(f.delete, list(ids))))
                    if name:
                        searched.append((name, (), list(ids)))
            if erasure.drafts:
                searched.append(("drafts", (), list(erasure.drafts)))
            writes = self._with_tombstones(writes, deleting=True)  # ids only: nothing of them
            for f, _ in writes:
                f.checked()  # a damaged file is refused before anything is written
            self._before_write()
            search = self._search_hooks()
            before = search.before_write(self, [s for s, _, _ in searched]) if search else None
            self._apply(writes)
            folder = self.data_dir / "drafts"
            for name in erasure.drafts:
                path = folder / name
                if not folder.is_symlink() and not path.is_symlink():
                    path.unlink(missing_ok=True)
            if search:
                search.after_write(self, before, searched)
                search.scrub(self)  # their words leave the index file's bytes, not only its results

    # --- records by source: what the undo recorder reads and writes back -------------------

    def _sources(self) -> dict[str, DataFile]:
        """Each data file by its source name: "contacts", "followups", …, "interactions/3"."""
        named = {f.table.name: f for f in self.files if not isinstance(f, ShardFile) and f is not self.tombstones_file}
        named.update({f"interactions/{shard}": f for shard, f in self.interaction_files.items()})
        return named

    def _source_of(self, f: DataFile) -> str:
        return next(source for source, g in self._sources().items() if g is f)

    def stored_one(self, source: str, record_id: str) -> Any | None:
        """The record ``record_id`` of ``source`` (as ``watch`` names them) as stored now, or None."""
        with self.locked(write=False):
            f = self._sources()[source]
            if isinstance(f, ShardFile):
                found = f.these([record_id])
                return found[0] if found else None
            if f is self.settings_file:
                return f.records().get(record_id)
            return f.one(record_id)

    def write_back(self, records: Sequence[tuple[str, str, Any]]) -> None:
        """Put records back as they were: each ``(source, id, record)`` stored as ``record``, or
        deleted where it is None, all in one atomic commit, after the run's backup, the search
        index kept current (as ``save``). What an undo writes; nobody is told (``watch``)."""
        plan: dict[str, tuple[list[Any], list[str]]] = {}
        for source, rid, record in records:
            puts, gone = plan.setdefault(source, ([], []))
            if record is None:
                gone.append(rid)
            else:
                puts.append(record)
        with self.locked():
            files = self._sources()
            writes: list[tuple[DataFile, Callable[[], None]]] = []
            for source, (puts, gone) in plan.items():
                f = files[source]

                def write(f: DataFile = f, puts: list[Any] = puts, gone: list[str] = gone) -> None:
                    if f is self.settings_file and puts:
                        self._put_settings(puts[-1])
                    elif puts:
                        f.put(puts)
                    if gone:
                        f.delete(gone)

                writes.append((f, write))
            if not writes:
                return
            writes = self._with_tombstones(writes, deleting=any(gone for _, gone in plan.values()))
            for f, _ in writes:
                f.checked()  # a damaged file is refused before anything is written
            self._before_write()
            searched = [(source, puts, gone) for source, (puts, gone) in plan.items() if is_searched(source)]
            search = self._search_hooks() if searched else None
            before = search.before_write(self, [s for s, _, _ in searched]) if search else None
            renamed = self._renamed(plan.get("contacts", ([], []))[0])
            self._apply(writes)
            if search:
                search.after_write(self, before, searched)
            for old_name, contact in renamed:  # their saved drafts follow the name back
                self.move_drafts(old_name, contact)

    def _renamed(self, records: Sequence[Any]) -> list[tuple[str, Contact]]:
        """The contacts among ``records`` (about to be written) whose stored name differs: (the
        stored name, the contact as it will be)."""
        stored = self.stored_contacts()
        out = []
        for record in records:
            contact = Contact.from_dict(record) if isinstance(record, dict) else record
            name = stored.get(contact.id, {}).get("name")
            if isinstance(name, str) and name != contact.name:
                out.append((name, contact))
        return out

    def save_review(self, review: Review) -> None:
        self._write_one(self.reviews_file, put=[review])

    def delete_interaction(self, interaction: Interaction) -> None:
        source = f"interactions/{shard_of(interaction.contact_id)}"
        self._write_one(self._shard(interaction.contact_id), delete=[interaction.id], searched=source)

    def delete_question(self, question_id: str) -> None:
        self._write_one(self.questions_file, delete=[question_id], searched="questions")

    def _write_one(self, f: DataFile, put: Sequence = (), delete: Sequence[str] = (), searched: str = "") -> None:
        """Records into, or ids out of, one file: locked, after the run's backup. ``searched``:
        the file's source in the search index, which is kept current (best effort)."""
        with self.locked():
            if self.watch is not None:
                source = self._source_of(f)
                self.watch([(source, r.id, r) for r in put] + [(source, rid, None) for rid in delete])

            def write() -> None:
                if put:
                    f.put(put)
                if delete:
                    f.delete(delete)

            writes = self._with_tombstones([(f, write)], deleting=bool(delete))
            for g, _ in writes:
                g.checked()
            self._before_write()
            search = self._search_hooks() if searched else None
            before = search.before_write(self, [searched]) if search else None
            self._apply(writes)
            if search:
                search.after_write(self, before, [(searched, put, delete)])

    def _search_hooks(self) -> ModuleType | None:
        """The search index's write hooks, when there is an index to keep current: importing them
        (sqlite3, the query's patterns) costs every shell command ~40 ms, so only then."""
        if not (self.data_dir / SEARCH_INDEX).is_file():
            return None
        from nurture.store import search_index

        return search_index

    def save_settings(self, settings: Settings) -> None:
        with self.locked():
            if self.watch is not None:
                self.watch([("settings", SETTINGS_ID, settings)])
            self.settings_file.checked()
            self._before_write()
            self._put_settings(settings)

    def _put_settings(self, settings: Settings) -> None:
        doc = {"id": SETTINGS_ID, **settings.to_dict()}
        self.settings_file.put_docs({SETTINGS_ID: doc})

    # --- revisions and tombstones ---------------------------------------------------------

    def _revise(self, f: DataFile, put: dict[str, dict[str, Any]], delete: list[str]) -> dict[str, dict[str, Any]]:
        """What ``f`` stores for a write (``DataFile.reviser``): the records put, each stamped
        (``stamp``: a field that changed gets a fresh revision, every other keeps its own),
        and a tombstone noted for each record deleted. One revision for the write, later than
        every revision of the records it replaces or deletes."""
        old = f.storage.stored(f.table.name, [*put, *delete])
        rev = self.clock.tick(parse_rev(doc.get(REV)) for doc in old.values())
        kind = f.table.name
        stamped = {rid: stamp(old.get(rid), doc, rev, kind) for rid, doc in put.items()}
        gone = [rid for rid in delete if rid in old and rid not in put]
        if gone:
            graves = self._dead.setdefault(self._source_names[id(f)], {})
            graves.update(dict.fromkeys(gone, str(rev)))
        return stamped

    def _with_tombstones(
        self, writes: list[tuple[DataFile, Callable[[], None]]], deleting: bool
    ) -> list[tuple[DataFile, Callable[[], None]]]:
        """``writes``, and when they may delete records, the tombstones file written after
        them (in the same commit) with theirs."""
        self._dead = {}
        return [*writes, (self.tombstones_file, self._bury)] if deleting else writes

    def _bury(self) -> None:
        dead, self._dead = self._dead, {}
        if dead:
            self.tombstones_file.bury(dead, wall_ms(self.now()))

    def _apply(self, writes: Sequence[tuple[DataFile, Callable[[], None]]]) -> None:
        """Run the writes: one atomic commit when they are to several files."""
        if len(writes) == 1:
            writes[0][1]()
            return
        with self.commit([f for f, _ in writes]):
            for _, write in writes:
                write()

    def tombstones(self) -> dict[str, dict[str, str]]:
        """The records deleted here in the last 180 days: file → id → revision of the deletion."""
        with self.locked(write=False):
            return self.tombstones_file.graves()

    def _before_write(self) -> None:
        if not self._backed_up:
            self._backup()

    def _backup(self) -> None:
        make_backup(self.data_dir, [f.path for f in self.files], self.now())
        self._backed_up = True

    def backups(self) -> list[Path]:
        return list_backups(self.data_dir)

    def _shard(self, contact_id: str) -> ShardFile:
        return self.interaction_files[shard_of(contact_id)]


class _ReadOnly(Exception):
    def __init__(self, why: str) -> None:
        self.why = why


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _why_read_only(path: Path) -> str:
    return "on a read-only file system" if _read_only_fs(path) else "not writable by you"


#: The sources whose records the search index holds (besides the interaction shards).
SEARCHED = ("contacts", "prep", "questions", "meetings", "appointments")


def is_searched(source: str) -> bool:
    """Whether the search index holds ``source``'s records: a write to it keeps the index current."""
    return source in SEARCHED or source.startswith("interactions/")


def shard_of(contact_id: str) -> str:
    first = contact_id[:1].lower()
    return first if first and first in SHARDS else SHARDS[zlib.crc32(contact_id.encode()) % 16]


class _ShardReader:
    """Reads stored records of one shard from the version that was on disk when it was made
    (its file kept open, so another process's save since changes nothing read here): by their
    spans, checked as every span read is (``log.read_spans``), while the shard's index
    describes that version; else, from the first record whose span fails the check on, from
    that same version parsed whole, once."""

    def __init__(self, shard: ShardFile, lock: threading.RLock) -> None:
        self.shard = shard
        self._lock = lock
        self._table: dict[str, dict[str, Any]] | None = None
        self._index: ShardIndex | None = None
        self._positions: dict[str, int] = {}
        self._fd: int | None = None
        index = shard.index()
        try:
            self._fd = os.open(shard.path, os.O_RDONLY)
        except FileNotFoundError:
            self._table = {}  # no shard: nothing of it is stored
            return
        except OSError as e:
            why = e.strerror or e
            raise DataFileError(f"data file {shard.path} cannot be read ({why}). Check its permissions.") from None
        if index is not None and index.layout is not None and self._describes(index):
            self._index = index
            self._positions = {e.id: k for k, e in enumerate(index.entries)}

    def _describes(self, index: ShardIndex) -> bool:
        """Whether ``index`` is of the version held open (else its entries are not that
        version's either: it was replaced since the index was read)."""
        assert self._fd is not None
        try:
            st = os.fstat(self._fd)
            return stat_key(st) == index.key or fingerprint_fd(self._fd, st) == index.fingerprint
        except OSError:
            return False

    def get(self, interaction_id: str) -> dict[str, Any] | None:
        if self._table is None and self._index is not None:
            k = self._positions.get(interaction_id)
            if k is None:
                return None
            assert self._fd is not None
            found = read_spans(self._fd, self._index, [k], checked=True)  # ``_describes`` checked it
            if found is not None:
                return found[0]
        if self._table is None:
            self._table = self._whole()
        return self._table.get(interaction_id)

    def _whole(self) -> dict[str, dict[str, Any]]:
        """The version held open, parsed whole (a damaged file is named as loading names it)."""
        fd = self._fd
        assert fd is not None
        try:
            size = os.fstat(fd).st_size
            chunks, at = [], 0
            while at < size:
                chunk = os.pread(fd, size - at, at)
                if not chunk:
                    break
                chunks.append(chunk)
                at += len(chunk)
        except OSError as e:
            why = e.strerror or e
            raise DataFileError(f"data file {self.shard.path} cannot be read ({why}). Check the disk.") from None
        with self._lock, gc_paused():
            tables = self.shard.storage.tables_of(b"".join(chunks))
        return tables.get(self.shard.table.name, {})

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
