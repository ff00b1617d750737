"""How long importing takes as files grow: a LinkedIn export of N connections into an empty
database, then the same file again (all matches, nothing written), and a vCard of the result.

    python bench/import_probe.py [N ...]      # default: 1000 10000

Prints seconds and, per size, the ratio to the smallest size (machines here are noisy: compare
ratios within one run)."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nurture.services import Nurture  # noqa: E402
from nurture.store import Repository  # noqa: E402

TODAY = date(2026, 11, 23)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def linkedin_csv(n: int) -> str:
    rows = [
        f"Person{i},Surname{i % 997},https://www.linkedin.com/in/p{i},"
        f"{f'p{i}@example.com' if i % 5 == 0 else ''},Company {i % 300},Role {i % 40},"
        f"{1 + i % 28:02d} Mar 2024\n"
        for i in range(n)
    ]
    return 'Notes:\n"export notes"\n\n' + HEADER + "".join(rows)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def probe(n: int) -> tuple[int, float, float, float, float]:
    """Seconds to import ``n`` LinkedIn contacts, to import them again, to export them as vCards
    and to read that file back (dry run)."""
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "Connections.csv"
        f.write_text(linkedin_csv(n))
        service = Nurture(Repository(Path(tmp) / "data").open(), today=lambda: TODAY)
        first = timed(lambda: service.import_file(f))
        again = timed(lambda: service.import_file(f))
        vcf = Path(tmp) / "all.vcf"
        export = timed(lambda: vcf.write_bytes(b"".join(service.export_chunks("vcard"))))
        reimport = timed(lambda: service.import_file(vcf, dry_run=True))
        return n, first, again, export, reimport


def main(sizes: list[int]) -> None:
    results = [probe(n) for n in sizes]
    base = results[0]
    print(f"{'contacts':>9} {'import':>8} {'again':>8} {'vcf out':>8} {'vcf in':>8}   per-contact vs {base[0]:,}")
    for n, *times in results:
        per = [(t / n) / (b / base[0]) for t, b in zip(times, base[1:], strict=True)]
        print(f"{n:>9,} " + " ".join(f"{t:>7.2f}s" for t in times) + "   " + " ".join(f"{p:.2f}×" for p in per))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
