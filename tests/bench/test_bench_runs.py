"""The benchmark still runs end to end (at small sizes: a smoke run, not a timing assertion;
the numbers are in docs/performance.md, from the full run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # a benchmark run, in a subprocess
FIGURES = [
    "startup: launch to first frame",
    "startup: launch to data shown",
    "memory: peak RSS, dashboard open",
    "memory: peak RSS, weekly review open",
    "filter: one keystroke to repaint",
    "write: log an interaction",
    "shell: nurture queue --json",
    "linear: queue, time per record",
    "linear: review, time per record",
]


def test_every_figure_is_measured_and_tabled():
    r = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    rows = [line for line in r.stdout.splitlines() if line.startswith("| ") and "figure" not in line]
    assert [row.split("|")[1].strip() for row in rows] == FIGURES
    for row in rows:
        measured, baseline, ratio = (cell.strip() for cell in row.split("|")[2:5])
        assert float(measured.split()[0]) > 0 and float(baseline.split()[0]) > 0
        assert ratio.endswith("×")


def test_the_load_figure_runs(tmp_path):
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(data), "seed", "--contacts", "20", "--interactions", "60"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    r = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), str(data), "1"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.startswith("load wall ") and " decode " in r.stdout
