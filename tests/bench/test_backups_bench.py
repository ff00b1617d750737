"""bench/backups.py still runs end to end (a smoke run at small sizes, not a timing assertion;
the measured ratios are in docs/performance.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # a benchmark run, in a subprocess


def test_the_backup_benchmark_runs_and_reports_each_figure():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "backups.py"), "--quick"],
                       capture_output=True, text=True, timeout=120, cwd=ROOT)  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    for figure in ("first backup", "after one note and one contact", "nothing changed"):
        (line,) = [ln for ln in r.stdout.splitlines() if ln.strip().startswith(figure)]
        assert "×" in line and ("pass" in line or "FAIL" in line)
