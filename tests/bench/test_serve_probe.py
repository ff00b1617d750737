"""bench/serve_probe.py still runs end to end (a smoke run at 300 contacts, not a timing
assertion; the figure at 10,000 contacts is in the README's "In a browser")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.browser import find_chromium

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,  # a benchmark run, in a subprocess
    pytest.mark.skipif(find_chromium() is None, reason="no Chromium: apt-get install chromium chromium-driver"),
]


def test_the_serve_benchmark_runs_and_tables_its_figure():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "serve_probe.py"), "--quick"],
                       capture_output=True, text=True, timeout=300, cwd=ROOT)  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    rows = [line for line in r.stdout.splitlines() if line.startswith("| names shown")]
    assert len(rows) == 1
    _, browser, terminal, ratio, target, met = [cell.strip() for cell in rows[0].split("|")[1:-1]]
    assert float(browser.split()[0]) > 0 and float(terminal.split()[0]) > 0
    assert ratio.endswith("×") and target == "≤ 2×" and met in ("yes", "NO")
