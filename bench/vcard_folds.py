"""Importing a vCard costs time in proportion to its lines, however they are folded.

    python bench/vcard_folds.py             100,000 against 400,000 lines (~10 s)
    python bench/vcard_folds.py --quick     small sizes: checks that it runs, measures nothing

Two cards are timed through the same call the shell makes (``import_file``, a dry run into an
empty database): one whose NOTE is folded over N lines (vCard 3.0/4.0 folding), and one whose
quoted-printable NOTE is soft-broken over N lines (vCard 2.1). Each figure is the time at 4 × N
against the time at N, the fastest of a few runs; linear time gives about 4×, and the target
is ≤ 5×. (vobject alone joins folded lines in time that grows with their square: 3,000,000
folded lines took 176 s before nurture unfolded them itself.) Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nurture.domain.errors import InputError  # noqa: E402
from nurture.services import Nurture  # noqa: E402
from nurture.store import Repository  # noqa: E402

TODAY = date(2026, 11, 23)
TARGET = 5.0


def folded(lines: int) -> str:
    body = "\r\n".join(f" word{i % 10} " for i in range(lines))
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nNOTE:start\r\n{body}\r\nEND:VCARD\r\n"


def soft_broken(lines: int) -> str:
    body = "\r\n".join(f"word{i % 10}=20=" for i in range(lines))
    return (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ada Lovelace\r\n"
        f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:start=\r\n{body}\r\nend\r\nEND:VCARD\r\n"
    )


def seconds(root: Path, text: str, runs: int) -> float:
    f = root / "card.vcf"
    f.write_text(text, newline="")
    service = Nurture(Repository(root / "data").open(), today=lambda: TODAY)
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        try:
            result = service.import_file(f, dry_run=True)
            assert len(result.plan.created) == 1
        except InputError as e:  # a note over 100 KB is refused once read: the reading is timed
            assert "the limit is" in str(e), e
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not a measure")
    ap.add_argument("--lines", type=int, default=100_000, help="N, the smaller size (default 100,000)")
    args = ap.parse_args(argv)
    small = 2_000 if args.quick else args.lines
    runs = 1 if args.quick else 3
    rows = []
    with tempfile.TemporaryDirectory(prefix="nurture-bench-") as tmp:
        for name, make in (("folded NOTE (3.0)", folded), ("quoted-printable NOTE (2.1)", soft_broken)):
            a = seconds(Path(tmp), make(small), runs)
            b = seconds(Path(tmp), make(4 * small), runs)
            rows.append((name, a, b, b / a))
    print(f"vCard import, {small:,} against {4 * small:,} lines (python {sys.version.split()[0]})\n")
    print(f"| {'card':<28} | {f'{small:,} lines':>13} | {f'{4 * small:,} lines':>13} | ratio | target |")
    print(f"|{'-' * 30}|{'-' * 15}|{'-' * 15}|-------|--------|")
    for name, a, b, ratio in rows:
        print(f"| {name:<28} | {a:>11.3f} s | {b:>11.3f} s | {ratio:4.2f}× | ≤ {TARGET:g}×  |")
    if args.quick:
        return 0
    return 1 if any(ratio > TARGET for *_, ratio in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
