"""Checking a data directory, and restoring a backup.

``check`` reads every data file without changing anything and reports: files that cannot be
read (and why), loose permissions, things in the way of nurture's own folders, records whose
references point nowhere, ids used twice, interactions stored in the wrong shard, a shard that
is gone while its index remains, stray temp files, and whether each backup is intact. A damaged
search index is a note, not a problem: it is derived, and the next search rebuilds it.
``restore`` puts a backup back, after backing up the current state, and only if every file in
the backup reads cleanly: in one atomic commit. Each file gets back the mtime it had when it was
backed up (the manifest recorded it), so it is, to the caches keyed by a file's fingerprint
(size, mtime, first and last blocks: the shards' indexes), the very file it was: a shard the
restore puts back unchanged keeps its index.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import orjson

from nurture.domain.errors import InputError
from nurture.domain.wording import count
from nurture.store.backups import (
    MANIFEST,
    OBJECTS,
    RESTORE,
    BackupCheck,
    list_backups,
    made_at,
    make_backup,
    stored_bytes,
    verify,
)
from nurture.store.errors import DataFileError
from nurture.store.files import DIR_MODE, FILE_MODE, SEARCH_INDEX, TEMP_SUFFIX
from nurture.store.log import INDEX_SUFFIX
from nurture.store.records import DataFile
from nurture.store.repository import Repository, shard_of
from nurture.store.stamps import DEVICE_FILE
from nurture.store.sync_copies import find as find_copies

#: Record kinds whose ids are their own (a uuid); the rest are keyed by what they belong to.
OWN_IDS = ("contacts", "interactions", "followups", "questions", "targets", "appointments")
#: Files keyed by the contact they belong to.
BY_CONTACT = ("prep lists", "meetings in progress")


@dataclass
class FileReport:
    path: Path
    records: int = 0
    problem: str = ""


@dataclass
class Report:
    data_dir: Path
    files: list[FileReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    backups: list[BackupCheck] = field(default_factory=list)
    #: What the backups take on disk (each distinct file content once).
    backup_bytes: int = 0
    #: When the check was made (the repository's clock, which names the backups).
    checked_at: datetime | None = None

    @property
    def healthy(self) -> bool:
        return not self.problems and not any(f.problem for f in self.files)


def check(repo: Repository) -> Report:
    report = Report(repo.data_dir, checked_at=repo.now())
    try:
        repo.open()  # completes an interrupted save, clears temp files a crash left
    except DataFileError as e:
        report.problems.append(str(e))
    if repo.recovered:
        report.notes.append("a save that a crash had interrupted was completed")
    if repo.cleaned:
        report.notes.append(f"removed {count(len(repo.cleaned), 'temp file')} left by an interrupted write")
    _check_layout(repo, report)
    damage = _search_damage(repo.data_dir)
    if damage:
        report.notes.append(
            f"the search index {repo.data_dir / SEARCH_INDEX} cannot be used ({damage}); it holds no data "
            "of its own and will be rebuilt by the next search"
        )
    _check_records(repo, report)
    for copy in find_copies(repo.data_dir):
        report.notes.append(
            f"{copy.path.relative_to(repo.data_dir)} is a conflict copy {copy.vendor} left beside {copy.original}: "
            "the next nurture command (or the dashboard) merges it in and moves it to backups/conflict-copies/"
        )
    verified: set[tuple[int, int]] = set()
    report.backups = [verify(b, verified) for b in reversed(list_backups(repo.data_dir))]
    report.backup_bytes = stored_bytes(repo.data_dir)
    for b in report.backups:
        if b.problem:
            report.problems.append(f"backup {b.path.name} is damaged and cannot be restored: {b.problem}")
    return report


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _check_layout(repo: Repository, report: Report) -> None:
    data_dir = repo.data_dir
    if not data_dir.exists():
        return
    if _mode(data_dir) != DIR_MODE and not data_dir.is_symlink():
        report.problems.append(f"{data_dir} is not private (mode {_mode(data_dir):o}; should be 700)")
    for name in ("backups", "drafts", "interactions", f"backups/{OBJECTS}"):
        folder = data_dir / name
        if folder.is_symlink():
            report.problems.append(f"{folder} is a symbolic link; nurture will not write there. "
                                   "Move it away.")  # fmt: skip
        elif folder.exists() and not folder.is_dir():
            report.problems.append(f"{folder} is a file where nurture keeps a folder, so every "
                                   "save fails. Move it away.")  # fmt: skip
        elif folder.is_dir() and _mode(folder) != DIR_MODE:
            report.problems.append(f"{folder} is not private (mode {_mode(folder):o}; should be 700)")
    lock = data_dir / ".lock"
    if lock.is_symlink() or (lock.exists() and not lock.is_file()):
        report.problems.append(f"{lock} is not a plain file; every save fails. Move it away.")
    private_files = [*data_dir.glob(f"*{INDEX_SUFFIX}"), *data_dir.glob(f"interactions/*{INDEX_SUFFIX}"),
                     *data_dir.glob("drafts/*"), *data_dir.glob(f"backups/{OBJECTS}/*"),
                     *data_dir.glob("backups/*/manifest.json"), data_dir / SEARCH_INDEX,
                     data_dir / DEVICE_FILE]  # fmt: skip
    for p in private_files:
        if p.is_file() and not p.is_symlink() and _mode(p) != FILE_MODE:
            report.problems.append(f"{p} is readable by others (mode {_mode(p):o}; should be 600)")
    for folder in (data_dir, data_dir / "interactions", data_dir / "drafts", data_dir / "backups",
                   data_dir / "backups" / OBJECTS):  # fmt: skip
        if folder.is_dir() and not folder.is_symlink():
            for tmp in folder.glob(f".*{TEMP_SUFFIX}"):
                report.problems.append(f"{tmp} is a temp file left by an interrupted write; "
                                       "it holds nothing you need: delete it.")  # fmt: skip
    for shard in repo.interaction_files.values():
        index = shard.index_path
        if index.exists() and not shard.path.exists():
            report.problems.append(
                f"{shard.path} is missing, but its index says it held {_index_rows(index)}: they "
                "were deleted outside nurture. Restore a backup to get them back, or delete "
                f"{index.name} to accept the loss."
            )


def _index_rows(index: Path) -> str:
    try:
        return count(len(orjson.loads(index.read_bytes())["rows"]), "interaction")
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return "some interactions"


def _check_records(repo: Repository, report: Report) -> None:
    records: dict[str, dict] = {}
    seen: dict[str, Path] = {}
    for f in repo.files:
        if not f.path.exists():
            continue
        entry = FileReport(f.path)
        report.files.append(entry)
        mode = _mode(f.path)
        if mode != FILE_MODE:
            report.problems.append(f"{f.path} is readable by others (mode {mode:o}; should be 600)")
        try:
            decoded = f.records()
        except DataFileError as e:
            entry.problem = str(e)
            continue
        entry.records = len(decoded)
        kind = f.storage.kind
        for rid, record in decoded.items():
            if kind in OWN_IDS:
                if rid in seen:
                    report.problems.append(f"id {rid} is used twice: in {seen[rid]} and {f.path}")
                seen[rid] = f.path
            records.setdefault(kind, {})[rid] = record
            if kind == "interactions" and f.path.stem != shard_of(record.contact_id):
                report.problems.append(f"interaction {rid} is stored in the wrong shard ({f.path.name})")
    contacts = records.get("contacts", {})
    for kind in ("interactions", "followups", "appointments", *BY_CONTACT):
        for rid, record in records.get(kind, {}).items():
            if record.contact_id not in contacts:
                what = {"interactions": "interaction", "followups": "follow-up", "appointments": "appointment"}.get(
                    kind, kind
                )
                report.problems.append(f"{what} {rid} refers to a missing contact {record.contact_id}")
    for cid, c in contacts.items():
        if c.referred_by and c.referred_by not in contacts:
            report.problems.append(f"contact {cid} was introduced by a missing contact {c.referred_by}")


def find_backup(repo: Repository, name: str) -> Path:
    backups = list_backups(repo.data_dir)
    candidates = [b for b in backups if b.name == name or str(b) == name or b.name.startswith(name)]
    if len(candidates) != 1:
        listed = ", ".join(b.name for b in reversed(backups)) or "none yet"
        what = "matches several backups" if candidates else "is not a backup"
        raise InputError(f"{name!r} {what}. Backups in {repo.data_dir / 'backups'}: {listed}")
    return candidates[0]


def backup_before(repo: Repository, when: datetime) -> Path | None:
    """The newest backup made before ``when`` (local wall time, as backups are named), or None."""
    older = [b for b in list_backups(repo.data_dir) if (t := made_at(b)) is not None and t < when]
    return max(older, key=lambda b: (made_at(b), b.name), default=None)


def restore(repo: Repository, backup: Path) -> Path | None:
    """Make ``backup`` the current data, after saving the current state as a new backup.
    Returns that new backup. Refuses, changing nothing, if any file in the backup is damaged.
    The files are replaced in one atomic commit: a crash leaves the old state or the new."""
    with repo.locked():
        payloads: dict[Path, bytes] = {}
        try:
            for f in repo.files:
                source = backup / f.path.relative_to(repo.data_dir)
                if source.is_file():
                    _readable_copy(f, source).records()  # raises, naming the file, if damaged
                    payloads[f.path] = source.read_bytes()
        except DataFileError as e:
            raise _damaged(backup, str(e).replace(" It was left untouched.", "")) from None
        if not payloads:
            raise DataFileError(f"backup {backup} holds no data files; nothing was changed")
        intact = verify(backup)
        if intact.problem:
            raise _damaged(backup, f"{intact.problem}.")
        mtimes = _mtimes(backup, repo.data_dir, payloads)
        saved = make_backup(repo.data_dir, [f.path for f in repo.files], repo.now(), spare=backup, before=RESTORE)
        with repo.commit(repo.files) as commit:  # all of it or, on any failure, none
            for f in repo.files:
                if f.path in payloads:
                    commit.stage(f.path, payloads[f.path], mtimes.get(f.path))
                elif f.path.exists():
                    commit.delete(f.path)  # the backup predates this file; it is kept in ``saved``
            for f in repo.files:  # an index of a file the backup does not hold describes nothing
                index = f.path.with_suffix(INDEX_SUFFIX)
                if f.path not in payloads and index.exists():
                    commit.delete(index)
        return saved


def _mtimes(backup: Path, data_dir: Path, payloads: dict[Path, bytes]) -> dict[Path, int]:
    """The mtime each file had when it was backed up, from the backup's manifest (where it
    recorded the very size it holds now; older backups recorded none)."""
    try:
        files = orjson.loads((backup / MANIFEST).read_bytes())["files"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return {}
    out: dict[Path, int] = {}
    for path, payload in payloads.items():
        entry = files.get(path.relative_to(data_dir).as_posix()) if isinstance(files, dict) else None
        live = entry.get("live") if isinstance(entry, dict) else None
        if (isinstance(live, list) and len(live) == 4 and all(type(x) is int for x in live)
                and live[1] == len(payload) and live[2] > 0):  # fmt: skip
            out[path] = live[2]
    return out


def _damaged(backup: Path, why: str) -> DataFileError:
    return DataFileError(f"backup {backup.name} is damaged: {why} Nothing was changed. "
                         "`nurture doctor` says which backups are intact.")  # fmt: skip


def _readable_copy(f: DataFile, source: Path) -> DataFile:
    """A reader for ``source`` that checks it exactly as ``f`` checks its own file."""
    return DataFile(source, f.table.name, f.storage.kind, f.decode, "")


def _search_damage(data_dir: Path) -> str:
    """Why the search index cannot be used ("" when it can, or is not there): imported only
    when there is one to look at (sqlite3 costs every command's start)."""
    if not (data_dir / SEARCH_INDEX).exists():
        return ""
    from nurture.store.search_index import damage

    return damage(data_dir)
