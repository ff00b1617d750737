"""bench/vcard_folds.py still runs end to end (a smoke run at small sizes, not a timing
assertion; the measured ratios are in docs/performance.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # a benchmark run, in a subprocess


def test_the_folded_vcard_benchmark_runs_and_tables_both_cards():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "vcard_folds.py"), "--quick"],
                       capture_output=True, text=True, timeout=120, cwd=ROOT)  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    rows = [line for line in r.stdout.splitlines() if line.startswith("| ") and "card" not in line]
    assert [row.split("|")[1].strip() for row in rows] == ["folded NOTE (3.0)", "quoted-printable NOTE (2.1)"]
    assert all(row.split("|")[4].strip().endswith("×") for row in rows)
