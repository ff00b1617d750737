"""Saves that touch several files, made one atomic commit.

A single file is replaced atomically by a rename (``files.atomic_write``). A save that touches
several files (an import: contacts and interaction shards; ending a meeting: contacts, a shard
and the meetings file; a restore: every file) needs more, or a crash between two renames leaves
half of it. So a ``Commit``:

1. writes every new file as a temp file beside its target and fsyncs it. If any write fails
   (disk full), the temp files are removed and nothing has been replaced: "nothing was
   changed" is then true;
2. records the commit: ``.journal`` lists the renames and deletions, written atomically and
   fsynced. From this moment the save has happened;
3. performs the renames and deletions, fsyncs the directories, and removes the journal.

``recover`` runs before anything reads the data (on every lock): a journal left by a crash is
rolled forward. Every step of it can be repeated, so a crash during recovery is recovered too.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import orjson

from nurture.store.errors import DataFileError
from nurture.store.files import TEMP_SUFFIX, atomic_write, fsync_dir, write_temp

JOURNAL = ".journal"
SCHEMA = 1


class Commit:
    """Stage new contents and deletions of files inside ``data_dir``; ``apply`` makes them
    all visible at once (or, after a crash, at the next open); ``abort`` drops them."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.staged: dict[Path, Path] = {}  # target -> its staged temp file
        self.deleted: set[Path] = set()
        #: Run once the commit is applied (derived files, such as a shard's index, that must
        #: describe only what is really on disk).
        self.after: list[Callable[[], None]] = []
        #: Set once the journal is written: the save has happened, and whatever stops its
        #: renames, ``recover`` completes them (so ``abort`` must then keep the temp files).
        self.recorded = False

    def __bool__(self) -> bool:
        return bool(self.staged or self.deleted)

    def stage(self, target: Path, payload: bytes, mtime_ns: int | None = None) -> os.stat_result:
        """Write ``payload`` to a temp file beside ``target`` (fsynced; with that mtime if
        given); the temp file's stat, which the file will have once renamed into place."""
        self.deleted.discard(target)
        tmp, st = write_temp(target, payload, mtime_ns=mtime_ns)
        old = self.staged.pop(target, None)
        if old is not None:
            _unlink(old)
        self.staged[target] = tmp
        return st

    def delete(self, target: Path) -> None:
        old = self.staged.pop(target, None)
        if old is not None:
            _unlink(old)
        self.deleted.add(target)

    def abort(self) -> None:
        """Drop what was staged, unless the commit was recorded: then it is completed, now or
        by the next process to open the directory, and its temp files must stay."""
        if self.recorded:
            return
        for tmp in self.staged.values():
            _unlink(tmp)
        self.staged.clear()
        self.deleted.clear()

    def apply(self) -> None:
        if not self:
            return
        journal = self.data_dir / JOURNAL
        doc = {
            "nurture": {"schema": SCHEMA, "file": "journal"},
            "rename": [[self._rel(tmp), self._rel(target)] for target, tmp in self.staged.items()],
            "delete": [self._rel(target) for target in sorted(self.deleted)],
        }
        try:
            atomic_write(journal, orjson.dumps(doc))
        except DataFileError:
            self.abort()
            raise
        self.recorded = True  # committed: what follows is repeated by ``recover`` if cut short
        _roll_forward(self.data_dir, doc)
        self.staged.clear()
        self.deleted.clear()
        for then in self.after:
            then()

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.data_dir).as_posix()


def recover(data_dir: Path) -> bool:
    """Complete a commit a crash interrupted. True if there was one. Call with the lock held."""
    journal = data_dir / JOURNAL
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        return False
    except OSError as e:
        raise DataFileError(
            f"an interrupted save in {data_dir} could not be completed: {journal} cannot be read "
            f"({e.strerror or e}). Check its permissions; nothing else was changed."
        ) from None
    doc = _parse(journal, raw)
    _roll_forward(data_dir, doc)
    return True


def pending(data_dir: Path) -> bool:
    return os.path.lexists(data_dir / JOURNAL)


def _parse(journal: Path, raw: bytes) -> dict:
    """The journal, checked: every path a plain name inside the data directory, every staged
    file one of our temp files. A journal that is not so was not written by nurture."""
    try:
        doc = orjson.loads(raw)
        renames = [(str(a), str(b)) for a, b in doc["rename"]]
        deletes = [str(p) for p in doc["delete"]]
        if doc["nurture"]["schema"] != SCHEMA:
            raise ValueError("unknown schema")
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise DataFileError(
            f"{journal} (the record of an interrupted save) is damaged, so the save cannot be "
            "completed. Run `nurture doctor`: it lists the backups, and `nurture restore NAME` "
            "puts one back."
        ) from None
    for rel in [p for pair in renames for p in pair] + deletes:
        parts = Path(rel).parts
        if not parts or Path(rel).is_absolute() or ".." in parts:
            raise DataFileError(f"{journal} names a path outside the data directory ({rel!r}); "
                                "it was not written by nurture. Move it away and try again.")  # fmt: skip
    for tmp, _ in renames:
        if not Path(tmp).name.endswith(TEMP_SUFFIX):
            raise DataFileError(f"{journal} names {tmp!r}, which is not a temp file of nurture's; "
                                "it was not written by nurture. Move it away and try again.")  # fmt: skip
    return {"rename": renames, "delete": deletes}


def _roll_forward(data_dir: Path, doc: dict) -> None:
    dirs = {data_dir}
    try:
        for tmp_rel, target_rel in doc["rename"]:
            tmp, target = data_dir / tmp_rel, data_dir / target_rel
            dirs.add(target.parent)
            if os.path.lexists(tmp):
                os.replace(tmp, target)
            # else: renamed before the crash
        for rel in doc["delete"]:
            target = data_dir / rel
            dirs.add(target.parent)
            if os.path.lexists(target):
                os.unlink(target)
        for d in dirs:
            fsync_dir(d)
        os.unlink(data_dir / JOURNAL)
        fsync_dir(data_dir)
    except OSError as e:
        raise DataFileError(
            f"a save in {data_dir} was recorded but could not be completed ({e.strerror or e}). "
            "It will be completed the next time nurture opens the directory; check the disk."
        ) from None


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
