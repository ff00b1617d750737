"""Checking a data directory, and restoring a backup.

``check`` reads every data file without changing anything and reports: files that cannot be
read (and why), loose permissions, records whose references point nowhere, ids used twice, and
interactions stored in the wrong shard. ``restore`` puts a backup back, after backing up the
current state, and only if every file in the backup reads cleanly.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

from nurture.domain.errors import InputError
from nurture.store.backups import list_backups, make_backup
from nurture.store.errors import DataFileError
from nurture.store.files import DIR_MODE, FILE_MODE, atomic_write
from nurture.store.repository import Repository, shard_of
from nurture.store.storage import AtomicJSONStorage


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
    backups: list[Path] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems and not any(f.problem for f in self.files)


def check(repo: Repository) -> Report:
    report = Report(repo.data_dir, backups=list(reversed(list_backups(repo.data_dir))))
    if repo.data_dir.exists() and stat.S_IMODE(repo.data_dir.stat().st_mode) != DIR_MODE:
        report.problems.append(f"{repo.data_dir} is not private (should be 0700)")
    records: dict[str, dict] = {}
    seen: dict[str, Path] = {}
    for f in repo.files:
        if not f.path.exists():
            continue
        entry = FileReport(f.path)
        report.files.append(entry)
        mode = stat.S_IMODE(f.path.stat().st_mode)
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
            if rid in seen and kind != "settings":
                report.problems.append(f"id {rid} is used twice: in {seen[rid]} and {f.path}")
            seen[rid] = f.path
            records.setdefault(kind, {})[rid] = record
            if kind == "interactions" and f.path.stem != shard_of(record.contact_id):
                report.problems.append(f"interaction {rid} is stored in the wrong shard ({f.path.name})")
    contacts = records.get("contacts", {})
    for kind in ("interactions", "followups"):
        for rid, record in records.get(kind, {}).items():
            if record.contact_id not in contacts:
                report.problems.append(f"{kind[:-1]} {rid} refers to a missing contact {record.contact_id}")
    for cid, c in contacts.items():
        if c.referred_by and c.referred_by not in contacts:
            report.problems.append(f"contact {cid} was introduced by a missing contact {c.referred_by}")
    return report


def find_backup(repo: Repository, name: str) -> Path:
    backups = list_backups(repo.data_dir)
    candidates = [b for b in backups if b.name == name or str(b) == name or b.name.startswith(name)]
    if len(candidates) != 1:
        listed = ", ".join(b.name for b in reversed(backups)) or "none yet"
        what = "matches several backups" if candidates else "is not a backup"
        raise InputError(f"{name!r} {what}. Backups in {repo.data_dir / 'backups'}: {listed}")
    return candidates[0]


def restore(repo: Repository, backup: Path) -> Path | None:
    """Make ``backup`` the current data, after saving the current state as a new backup.
    Returns that new backup. Refuses, changing nothing, if any file in the backup is damaged."""
    with repo.locked():
        payloads: dict[Path, bytes] = {}
        for f in repo.files:
            source = backup / f.path.relative_to(repo.data_dir)
            if source.exists():
                AtomicJSONStorage(source, f.storage.kind).read()  # raises if damaged
                payloads[f.path] = source.read_bytes()
        if not payloads:
            raise DataFileError(f"backup {backup} holds no data files; nothing was changed")
        saved = make_backup(repo.data_dir, [f.path for f in repo.files], repo.now())
        for f in repo.files:
            if f.path in payloads:
                atomic_write(f.path, payloads[f.path])
            elif f.path.exists():
                f.path.unlink()  # the backup predates this file; it is kept in ``saved``
        return saved
