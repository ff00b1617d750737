"""Backups of the data files, kept in ``backups/`` inside the data directory.

A backup never shares storage with the live files: anything that edits a data file in place
(an editor, a shell ``>``, a sync tool, a bad sector) must not reach the backups. Copies are
content-addressed, so unchanged files cost nothing:

    backups/objects/<sha256>            one copy of each distinct file content (0600)
    backups/20261129-103000-01/         one backup: its files are hard links to objects,
        contacts.json, interactions/…   so it reads like the data directory it copies
        manifest.json                   what each file's content must hash to

Nothing outside ``backups/`` ever links to an object. Rotation keeps backups by age
(``nurture.domain.retention``: the last 5 runs, one a day for 14 days, one a week for 8 weeks,
timed by the folder's name against the injected clock), removes the other whole backups (only
folders named as nurture names them) and then every object no backup links to any more (its
link count is back to one). ``verify`` checks a backup against its manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from nurture.domain.retention import kept
from nurture.store.errors import DataFileError, WriteError
from nurture.store.files import atomic_write, private_dir

MANIFEST = "manifest.json"
#: A backup made before a restore: the state the restore replaced, kept ``DAYS`` days whatever
#: else rotates (several restores in a day must not rotate out the state before the first).
RESTORE = "restore"
OBJECTS = "objects"
_NAME = re.compile(r"\d{8}-\d{6}-\d{2,}")
_OBJECT = re.compile(r"[0-9a-f]{64}")


def make_backup(
    data_dir: Path, files: list[Path], now: datetime, spare: Path | None = None, before: str = ""
) -> Path | None:
    """Snapshot ``files`` (paths inside ``data_dir``) into a new backup folder; rotate, never
    removing ``spare`` (the backup a restore is about to put back). ``before``: what it was made
    before when that is not an ordinary run (``RESTORE``: kept longer, see ``rotate``)."""
    try:
        return _make_backup(data_dir, files, now, spare, before)
    except WriteError as e:
        why, todo = e.why, e.todo
    except OSError as e:
        why, todo = e.strerror or str(e), "Check the disk and try again."
    raise DataFileError(
        f"could not back up your data before saving (in {data_dir / 'backups'}): {why}. Nothing was changed. {todo}"
    )


def _make_backup(data_dir: Path, files: list[Path], now: datetime, spare: Path | None, before: str) -> Path | None:
    existing = [f for f in files if f.is_file()]
    if not existing:
        return None
    root = private_dir(data_dir / "backups")
    objects = private_dir(root / OBJECTS)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    n = 1
    while os.path.lexists(root / f"{stamp}-{n:02d}"):
        n += 1
    target = root / f"{stamp}-{n:02d}"
    partial = root / f".{target.name}.partial"
    _remove_tree(partial)
    private_dir(partial)
    manifest: dict[str, dict] = {}
    previous = _last_manifest(root)
    for f in existing:
        rel = f.relative_to(data_dir).as_posix()
        try:
            st = os.stat(f)
            live = [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
            known = previous.get(rel)
            if known and known.get("live") == live and _intact(objects / str(known.get("sha256")), st.st_size):
                digest, payload = str(known["sha256"]), None  # the very file the last backup read
            else:
                payload = f.read_bytes()
                digest = hashlib.sha256(payload).hexdigest()
        except OSError as e:
            raise DataFileError(f"cannot back up {f}: {e.strerror or e}. Check the disk.") from None
        obj = objects / digest
        if payload is not None and not _intact(obj, len(payload)):
            atomic_write(obj, payload)
        dest = partial / rel
        private_dir(dest.parent)
        try:
            os.link(obj, dest)
        except OSError:  # a file system without hard links: a copy of its own
            atomic_write(dest, obj.read_bytes() if payload is None else payload)
        manifest[rel] = {"sha256": digest, "size": st.st_size, "live": live}
    newest = list_backups(data_dir)[-1:]
    if newest and _contents(manifest) == _contents(previous):  # (each object checked intact above)
        # the state is the newest backup's, file for file: another copy would only crowd it out
        _remove_tree(partial)
        if before:
            _mark(newest[0], before)
        return newest[0]
    doc: dict = {"nurture": {"schema": 1, "file": "backup"}, "created": now.isoformat(), "files": manifest}
    if before:
        doc["before"] = before
    atomic_write(partial / MANIFEST, orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    os.replace(partial, target)
    rotate(root, now, spare=spare)
    return target


def _contents(manifest: dict[str, dict]) -> dict[str, object]:
    return {rel: entry.get("sha256") for rel, entry in manifest.items()}


def _mark(backup: Path, before: str) -> None:
    """Note in ``backup``'s manifest what it was made before (``RESTORE``: kept longer)."""
    try:
        doc = orjson.loads((backup / MANIFEST).read_bytes())
        doc["before"] = before
        atomic_write(backup / MANIFEST, orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    except (OSError, orjson.JSONDecodeError, TypeError):
        pass  # an unreadable manifest is doctor's to report; the backup itself is there


def _last_manifest(root: Path) -> dict[str, dict]:
    """The newest backup's manifest entries: a file whose inode, size, mtime and ctime are
    unchanged since (ctime moves on any change, and no tool can set it back) needs no hashing."""
    backups = list_backups(root.parent)
    if not backups:
        return {}
    try:
        files = orjson.loads((backups[-1] / MANIFEST).read_bytes())["files"]
        return {str(k): v for k, v in files.items() if isinstance(v, dict)}
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        return {}


def _intact(obj: Path, size: int) -> bool:
    try:
        st = os.lstat(obj)
    except FileNotFoundError:
        return False
    return os.path.isfile(obj) and not os.path.islink(obj) and st.st_size == size


def list_backups(data_dir: Path) -> list[Path]:
    """Backups, oldest first: folders named as nurture names them (never links)."""
    root = data_dir / "backups"
    if not root.is_dir() or root.is_symlink():
        return []
    return sorted(p for p in root.iterdir() if _NAME.fullmatch(p.name) and p.is_dir() and not p.is_symlink())


def made_at(backup: Path) -> datetime | None:
    """When a backup was made, read from its name (``20261129-103000-01``: local wall time);
    None for a name that is no real moment."""
    try:
        return datetime.strptime(backup.name[:15], "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def rotate(root: Path, now: datetime, spare: Path | None = None) -> None:
    """Remove the backups the retention rule no longer keeps at ``now`` (never ``spare``, nor
    one whose name is no real moment), then every object no backup links to."""
    dated = [(b, t) for b in list_backups(root.parent) if (t := made_at(b)) is not None]
    keep = kept([t for _, t in dated], now, {i for i, (b, _) in enumerate(dated) if _made_before(b) == RESTORE})
    for i, (old, _) in enumerate(dated):
        if i not in keep and old != spare:
            _remove_tree(old)
    remove_partial(root)
    objects = root / OBJECTS
    if objects.is_dir() and not objects.is_symlink():
        for obj in objects.iterdir():
            try:
                if _OBJECT.fullmatch(obj.name) and obj.lstat().st_nlink == 1 and obj.is_file():
                    obj.unlink()  # no backup links to it any more
            except OSError:
                pass


def _made_before(backup: Path) -> str:
    """What ``backup`` was made before (its manifest's ``before``), or "" (an ordinary run)."""
    try:
        before = orjson.loads((backup / MANIFEST).read_bytes()).get("before", "")
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return ""
    return before if isinstance(before, str) else ""


def remove_partial(root: Path) -> list[Path]:
    """Remove backups a writer that died left half made (``.NAME.partial``). With the lock held."""
    if not root.is_dir() or root.is_symlink():
        return []
    stale = list(root.glob(".*.partial"))
    for partial in stale:
        _remove_tree(partial)
    return stale


def _remove_tree(path: Path) -> None:
    """Remove a folder nurture made; a link is removed itself, never what it points at."""
    if path.is_symlink():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


@dataclass
class BackupCheck:
    path: Path
    files: int
    problem: str = ""

    @property
    def created(self) -> str:
        stamp = self.path.name
        return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}"

    @property
    def made(self) -> datetime | None:
        return made_at(self.path)


def stored_bytes(data_dir: Path) -> int:
    """What the backups take on disk: each distinct file content once (the objects)."""
    objects = data_dir / "backups" / OBJECTS
    if not objects.is_dir() or objects.is_symlink():
        return 0
    total = 0
    for obj in objects.iterdir():
        with contextlib.suppress(OSError):
            total += obj.lstat().st_size
    return total


def verify(backup: Path, verified: set[tuple[int, int]] | None = None) -> BackupCheck:
    """Whether each file in ``backup`` is there and has the content its manifest records.
    (Backups made before manifests existed are checked by reading their files only.)
    ``verified``: files (device, inode) already found intact, shared by backups through
    their objects, so each distinct content is hashed once."""
    verified = set() if verified is None else verified
    manifest = backup / MANIFEST
    if not manifest.exists():
        files = [p for p in backup.rglob("*.json") if p.is_file()]
        return BackupCheck(backup, len(files))
    try:
        listed = orjson.loads(manifest.read_bytes())["files"]
        entries = {str(rel): (str(v["sha256"]), int(v["size"])) for rel, v in listed.items()}
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return BackupCheck(backup, 0, f"{manifest} is damaged")
    for rel, (digest, size) in entries.items():
        copy = backup / rel
        try:
            st = os.stat(copy)
            if (st.st_dev, st.st_ino) in verified:
                continue
            payload = copy.read_bytes()
        except OSError as e:
            return BackupCheck(backup, len(entries), f"{copy} cannot be read ({e.strerror or e})")
        if len(payload) != size or hashlib.sha256(payload).hexdigest() != digest:
            return BackupCheck(backup, len(entries), f"{copy} was changed after the backup was made")
        verified.add((st.st_dev, st.st_ino))
    return BackupCheck(backup, len(entries))
