"""vCard against CSV, out and in, at 20,000 contacts: the ratios issue 18 (item 16) sets.

    python bench/exchange_probe.py                 20,000 contacts (~1 min)
    python bench/exchange_probe.py --contacts N    another size
    python bench/exchange_probe.py --quick         300 contacts, one run: checks that it runs

A data directory is seeded once (``nurture seed``: N contacts, 2N interactions). Each figure is
a ``nurture`` command in a process of its own, as a user runs it, the median of a few runs:
``nurture export --format json|csv|vcard`` of that directory, and ``nurture import`` of the CSV
and vCard exports into an empty data directory (a new one each run). vCard is set against CSV;
the target is at most 3× for both (JSON's export is shown for reference). Exits 1 if a target
is missed (never with ``--quick``: its sizes are too small for the ratios to mean anything).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NURTURE = [sys.executable, "-m", "nurture"]
AS_OF = "2026-11-23"
TARGET = 3.0
SUFFIX = {"json": ".json", "csv": ".csv", "vcard": ".vcf"}


def run(*args: str) -> float:
    """Seconds ``nurture ARGS`` takes, in a process of its own."""
    start = time.perf_counter()
    r = subprocess.run([*NURTURE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    if r.returncode:
        raise RuntimeError(f"nurture {' '.join(args[:6])}… exited {r.returncode}: {r.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def probe(root: Path, contacts: int, runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds to export ``contacts`` as JSON, CSV and vCard, and to import the CSV and the
    vCard into an empty data directory."""
    data = root / "data"
    run("--data-dir", str(data), "seed", "--contacts", str(contacts), "--interactions", str(2 * contacts),
        "--as-of", AS_OF)  # fmt: skip
    out: dict[str, float] = {}
    for fmt, suffix in SUFFIX.items():
        args = ("--data-dir", str(data), "export", "--format", fmt, "-o", str(root / f"all{suffix}"), "--force")
        run(*args)  # warm, and the file the import reads
        out[fmt] = median_of(runs, partial(run, *args))
    into = {
        fmt: median_of(runs, partial(import_into_empty, root, root / f"all{SUFFIX[fmt]}")) for fmt in ("csv", "vcard")
    }
    return out, into


def import_into_empty(root: Path, file: Path) -> float:
    """Seconds ``nurture import FILE`` takes into a data directory of its own."""
    return run("--data-dir", str(Path(tempfile.mkdtemp(dir=root)) / "data"), "import", str(file))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="300 contacts, one run: a smoke run, not a measure")
    ap.add_argument("--contacts", type=int, default=20_000, help="how many contacts (default 20,000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per figure; the median is shown (default 3)")
    args = ap.parse_args(argv)
    contacts, runs = (300, 1) if args.quick else (args.contacts, args.runs)
    with tempfile.TemporaryDirectory(prefix="nurture-bench-") as tmp:
        out, into = probe(Path(tmp), contacts, runs)
    rows = [
        ("export vCard", out["vcard"], out["csv"]),
        ("import vCard", into["vcard"], into["csv"]),
    ]
    print(f"vCard against CSV at {contacts:,} contacts (python {sys.version.split()[0]}, median of {runs})\n")
    print(f"export: json {out['json']:.2f} s, csv {out['csv']:.2f} s, vcard {out['vcard']:.2f} s")
    print(f"import into an empty data directory: csv {into['csv']:.2f} s, vcard {into['vcard']:.2f} s\n")
    print("| figure       |    vCard |      CSV | ratio | target | met |")
    print("|--------------|----------|----------|-------|--------|-----|")
    for name, measured, baseline in rows:
        ratio = measured / baseline
        met = "yes" if ratio <= TARGET else "NO"
        print(f"| {name:<12} | {measured:6.2f} s | {baseline:6.2f} s | {ratio:4.2f}× | ≤ {TARGET:g}×   | {met:<3} |")
    if args.quick:
        return 0
    return 1 if any(measured / baseline > TARGET for _, measured, baseline in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
