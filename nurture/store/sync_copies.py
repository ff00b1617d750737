"""Conflict copies a file-sync tool left beside the data files.

Syncthing, Dropbox, Nextcloud, OneDrive and iCloud Drive replace a file whole, as nurture
writes it; when two machines changed the same file before either saw the other's, they keep
one version under the file's name and the other beside it, under a name of their own:

    Syncthing   contacts.sync-conflict-20261129-101500-ABCDEFG.json
    Dropbox     contacts (Alice's conflicted copy 2026-11-29).json
    Nextcloud   contacts (conflicted copy 2026-11-29 101500).json
    OneDrive    contacts-LAPTOP.json
    iCloud      contacts 2.json

(and so for ``interactions/3.json``, ``tombstones.json`` …). ``find`` lists them;
``services/sync.py`` merges each into the data two-way and moves it to
``backups/conflict-copies/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: Where a merged conflict copy is kept (inside ``backups/``: never synced, never committed).
KEPT = Path("backups") / "conflict-copies"
#: The data files by name (without .json), top level; the shards are under interactions/.
TOP = ("contacts", "followups", "settings", "reviews", "prep", "questions", "meetings", "templates",
       "targets", "appointments", "conflicts", "tombstones", "device")  # fmt: skip
SHARDS = "0123456789abcdef"

_VENDORS = (
    ("Syncthing", r"\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]+"),
    ("Dropbox or Nextcloud", r" \([^()/]*conflicted copy[^()/]*\)"),
    ("OneDrive", r"-[A-Za-z0-9_][A-Za-z0-9_.-]*"),
    ("iCloud Drive", r" \d{1,3}"),
)


@dataclass(frozen=True)
class Copy:
    path: Path
    #: The data file it is a copy of, as the merge names it ("contacts", "interactions/3",
    #: "tombstones"; "device" for device.json, which is not merged but set aside).
    source: str
    vendor: str

    @property
    def original(self) -> str:
        """The data file's path inside the data directory."""
        return f"{self.source}.json"


def find(data_dir: Path) -> list[Copy]:
    """Every conflict copy of a data file in ``data_dir``, in a stable order."""
    found: list[Copy] = []
    for folder, stems, prefix in ((data_dir, TOP, ""), (data_dir / "interactions", tuple(SHARDS), "interactions/")):
        if not folder.is_dir() or folder.is_symlink():
            continue
        try:
            names = sorted(p.name for p in folder.iterdir())
        except OSError:
            continue
        for name in names:
            copy = _match(name, stems)
            if copy is not None and (folder / name).is_file() and not (folder / name).is_symlink():
                found.append(Copy(folder / name, prefix + copy[0], copy[1]))
    return found


def _match(name: str, stems: tuple[str, ...]) -> tuple[str, str] | None:
    if not name.endswith(".json") or name.startswith("."):
        return None
    for stem in stems:
        for vendor, tail in _VENDORS:
            if re.fullmatch(re.escape(stem) + tail + r"\.json", name):
                return stem, vendor
    return None
