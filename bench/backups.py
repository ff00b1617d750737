"""What a backup costs, now that backups are copies (content-addressed) rather than links.

    python bench/backups.py            stress: 10,000 contacts / 50,000 interactions
    python bench/backups.py --quick    small, to check that it runs

Each run's first write backs the data up. Figures, as ratios to parsing every data file once
(orjson) in the same run, medians of a few:

* the first backup of a directory (every file copied once);
* a backup after a run that logged one note and added one contact (the usual case: only the
  files that changed since the last backup are read and copied; the rest are known by their
  inode, size, mtime and ctime from the last backup's manifest);
* a backup with nothing changed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nurture.services import Nurture  # noqa: E402
from nurture.store import Repository  # noqa: E402
from nurture.store.backups import make_backup  # noqa: E402

TODAY = date(2026, 11, 23)
TARGETS = {"first backup": 1.5, "after one note and one contact": 0.5, "nothing changed": 0.15}


def data_files(data: Path) -> list[Path]:
    return [*data.glob("*.json"), *(data / "interactions").glob("*.json")]


def parse_all(data: Path) -> float:
    t = time.perf_counter()
    for f in data_files(data):
        orjson.loads(f.read_bytes())
    return time.perf_counter() - t


def timed_backup(data: Path, at: datetime) -> float:
    t = time.perf_counter()
    make_backup(data, data_files(data), at)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="what a backup costs")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    contacts, notes = (300, 1_500) if args.quick else (10_000, 50_000)
    runs = 3 if args.quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        seeded = Path(tmp) / "seeded"
        subprocess.run([sys.executable, "-m", "nurture", "--data-dir", str(seeded), "seed", "--contacts",
                        str(contacts), "--interactions", str(notes), "--as-of", TODAY.isoformat()],
                       check=True, capture_output=True)  # fmt: skip
        base = statistics.median(parse_all(seeded) for _ in range(runs))
        at = datetime(2026, 11, 23, 9)
        figures: dict[str, list[float]] = {k: [] for k in TARGETS}
        for n in range(runs):
            data = Path(tmp) / f"run-{n}"
            shutil.copytree(seeded, data)
            figures["first backup"].append(timed_backup(data, at))
            service = Nurture(Repository(data).open(), today=lambda: TODAY)
            someone = next(iter(service.network().contacts))
            service.log(someone, "email", TODAY, notes="n" * 500)
            service.add_contact(f"New Person {n}")
            figures["after one note and one contact"].append(timed_backup(data, at + timedelta(minutes=1)))
            figures["nothing changed"].append(timed_backup(data, at + timedelta(minutes=2)))
            shutil.rmtree(data)
    print(f"{contacts:,} contacts / {notes:,} interactions; baseline: parsing every data file once "
          f"{base * 1000:.0f} ms")  # fmt: skip
    failed = False
    for name, target in TARGETS.items():
        ratio = statistics.median(figures[name]) / base
        ok = ratio <= target
        failed |= not ok
        print(f"  {name:<32} {statistics.median(figures[name]) * 1000:7.0f} ms  {ratio:5.2f}× "
              f"(target ≤ {target}×) {'pass' if ok else 'FAIL'}")  # fmt: skip
    return 1 if failed and not args.quick else 0


if __name__ == "__main__":
    raise SystemExit(main())
