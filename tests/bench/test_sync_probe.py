"""bench/sync_probe.py still runs end to end (a smoke run at 200 contacts and 1,000 notes, not
a timing assertion; the figures at 10,000 contacts and 50,000 notes are in issue 23's note)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,  # a benchmark run, in a subprocess
    pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program"),
]


def test_the_sync_benchmark_runs_and_tables_its_three_figures():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "sync_probe.py"), "--quick"],
                       capture_output=True, text=True, timeout=180, cwd=ROOT)  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    rows = [line for line in r.stdout.splitlines() if line.startswith("| ") and "figure" not in line]
    cells = [[cell.strip() for cell in row.split("|")[1:-1]] for row in rows]
    assert [c[0] for c in cells] == ["no-op sync", "merge 100+100", "note: pushed", "note: remote grows"]
    for name, measured, baseline, ratio, target, met in cells:
        assert float(measured.split()[0]) > 0, name
        assert met in ("yes", "NO")
        if ratio.endswith("×"):
            assert float(baseline.split()[0]) > 0 and target in ("≤ 2×", "≤ 3×")
        else:
            assert ratio.endswith(" KB") and target == "≤ 100 KB"
