"""Backups of the data files, kept in ``backups/`` inside the data directory.

Files are never modified in place (every write renames a new file over the old one), so a hard
link to a data file is a true snapshot that costs no copying. Where links are not supported the
file is copied. The newest ``KEEP`` backups are kept.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from nurture.store.files import FILE_MODE, private_dir

KEEP = 5


def make_backup(data_dir: Path, files: list[Path], now: datetime) -> Path | None:
    """Snapshot ``files`` (paths inside ``data_dir``) into a new backup folder; rotate."""
    existing = [f for f in files if f.exists()]
    if not existing:
        return None
    root = private_dir(data_dir / "backups")
    stamp = now.strftime("%Y%m%d-%H%M%S")
    n = 1
    while (root / f"{stamp}-{n:02d}").exists():
        n += 1
    target = root / f"{stamp}-{n:02d}"
    partial = root / f".{target.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    private_dir(partial)
    for f in existing:
        dest = partial / f.relative_to(data_dir)
        private_dir(dest.parent)
        try:
            os.link(f, dest)
        except OSError:
            shutil.copyfile(f, dest)
            os.chmod(dest, FILE_MODE)
    os.replace(partial, target)
    rotate(root)
    return target


def list_backups(data_dir: Path) -> list[Path]:
    root = data_dir / "backups"
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def rotate(root: Path, keep: int = KEEP) -> None:
    backups = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in backups[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob(".*.partial"):
        shutil.rmtree(stale, ignore_errors=True)
