"""nurture's performance targets, measured as ratios within one run (machine noise cancels).

    python bench/run.py            typical 2,000 / 20,000 and stress 10,000 / 50,000 (~3 min)
    python bench/run.py --quick    small sizes, for CI to check that every figure still runs

Databases are built with ``nurture seed``. Each figure is the median of a few runs; the table
says what was measured, against what, and whether it meets its target (docs/performance.md).
The full run exits 1 if a target is missed; ``--quick`` only reports (its sizes are too small
for the ratios to mean anything).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nurture.app import create_app  # noqa: E402
from nurture.domain.queue import queue_of  # noqa: E402
from nurture.domain.review import review_week  # noqa: E402
from nurture.services import Nurture  # noqa: E402
from nurture.store import Repository  # noqa: E402

TODAY = date(2026, 11, 23)
#: "fifth" is the stress shape at a fifth of the size: the baseline for the linear figures
#: (the queue costs more per contact than per interaction, so only the same shape compares).
SIZES = {
    "full": {"empty": (0, 0), "small": (20, 100), "fifth": (2_000, 10_000), "typical": (2_000, 20_000),
             "stress": (10_000, 50_000)},
    "quick": {"empty": (0, 0), "small": (20, 100), "fifth": (120, 600), "typical": (200, 1_000),
              "stress": (600, 3_000)},
}  # fmt: skip


@dataclass
class Row:
    figure: str
    measured: float
    baseline: float
    unit: str
    target: float  # the ratio measured / baseline must be at most this
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    @property
    def passed(self) -> bool:
        return self.ratio <= self.target


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def seed(root: Path, name: str, size: tuple[int, int]) -> Path:
    data = root / name
    subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(data), "seed",
         "--contacts", str(size[0]), "--interactions", str(size[1]), "--as-of", TODAY.isoformat()],
        check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
    )  # fmt: skip
    return data


def data_bytes(data: Path) -> int:
    """The data files' size: what the user keeps (no backups, lock or derived index)."""
    files = [*data.glob("*.json"), *(data / "interactions").glob("*.json")]
    return sum(f.stat().st_size for f in files)


# --- 1 and 5: startup and memory, in a fresh process each time ------------------------------


def start(data: Path, review: bool = False) -> dict[str, float]:
    env = {**os.environ, "BENCH_T0": repr(time.monotonic()), "PYTHONPATH": str(ROOT)}
    args = [sys.executable, str(ROOT / "bench" / "startup_child.py"), str(data)]
    out = subprocess.run(args + (["--review"] if review else []), env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def startup_and_memory(empty: Path, stress: Path, runs: int) -> list[Row]:
    start(empty), start(stress)  # warm the file cache and .pyc files
    e = [start(empty) for _ in range(runs)]
    s = [start(stress) for _ in range(runs)]
    r = start(stress, review=True)
    e_first, s_first = (statistics.median(x["first"] for x in runs_) for runs_ in (e, s))
    e_frame, s_frame = (statistics.median(x["frame"] for x in runs_) for runs_ in (e, s))
    e_rss = statistics.median(x["peak_rss"] for x in e)
    s_rss = statistics.median(x["peak_rss"] for x in s)
    allowance = 3 * data_bytes(stress) + e_rss
    mb = 1 << 20
    return [
        Row("startup: launch to first frame", s_first, e_first, "s", 1.5,
            "stress vs empty; interactive, data loading in a worker"),
        Row("startup: launch to data shown", s_frame, e_frame, "s", 1.5,
            "stress vs empty; queue, list and first contact on screen"),
        Row("memory: peak RSS, dashboard open", s_rss / mb, allowance / mb, "MB", 1.0,
            "baseline: 3 × data files + empty RSS"),
        Row("memory: peak RSS, weekly review open", r["peak_rss"] / mb, allowance / mb, "MB", 1.0,
            "reads every note; same allowance"),
    ]  # fmt: skip


# --- 2: a keystroke in the contact filter ----------------------------------------------------


async def _filter_keystroke(data: Path) -> float:
    app = create_app(Nurture(Repository(data).open(), today=lambda: TODAY))
    async with app.run_test(size=(120, 40)) as pilot:
        while getattr(app.screen, "network", None) is None:
            await pilot.pause(0.01)
        await pilot.pause()
        await pilot.press("slash")
        times = []
        for ch in "ada":
            t = time.perf_counter()
            await pilot.press(ch)
            await pilot.pause()
            times.append(time.perf_counter() - t)
        for _ in "ada":
            await pilot.press("backspace")
    return statistics.median(times)


def filter_keystroke(small: Path, stress: Path, runs: int) -> Row:
    a = median_of(runs, lambda: asyncio.run(_filter_keystroke(small)))
    b = median_of(runs, lambda: asyncio.run(_filter_keystroke(stress)))
    return Row("filter: one keystroke to repaint", b, a, "s", 1.2, "stress vs 20 contacts")


# --- 3: logging an interaction ----------------------------------------------------------------


def log_write(stress: Path, scratch: Path, runs: int) -> Row:
    from tinydb import TinyDB

    service = Nurture(Repository(stress).open(), today=lambda: TODAY)
    network = service.network()
    ids = sorted(network.contacts)[:runs]

    def ours(contact_id: str) -> float:
        t = time.perf_counter()
        service.log(contact_id, "email", TODAY, summary="bench", notes="n" * 500)
        return time.perf_counter() - t

    mine = statistics.median(ours(cid) for cid in ids)

    # The same data in one TinyDB file with its default JSONStorage, and the same insert.
    db_path = scratch / "tinydb-default.json"
    db = TinyDB(db_path)
    db.table("contacts").insert_multiple(c.to_dict() for c in network.contacts.values())
    db.table("interactions").insert_multiple(i.to_dict() for i in network.interactions)
    db.table("followups").insert_multiple(f.to_dict() for f in network.followups)
    doc = next(iter(network.interactions)).to_dict()

    def theirs() -> float:
        t = time.perf_counter()
        db.table("interactions").insert(doc)
        return time.perf_counter() - t

    base = median_of(max(3, runs // 2), theirs)
    db.close()
    return Row("write: log an interaction", mine, base, "s", 0.25,
               "stress; vs TinyDB's default JSONStorage")  # fmt: skip


# --- 4: the shell ---------------------------------------------------------------------------

BARE = """
import sys, pathlib, orjson
d = pathlib.Path(sys.argv[1])
for f in [*d.glob("*.json"), *(d / "interactions").glob("*.json")]:
    orjson.loads(f.read_bytes())
"""


def _run(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def shell_queue(stress: Path, runs: int) -> Row:
    ours = [sys.executable, "-m", "nurture", "--data-dir", str(stress), "queue", "--json",
            "--as-of", TODAY.isoformat()]  # fmt: skip
    bare = [sys.executable, "-c", BARE, str(stress)]
    _run(ours), _run(bare)  # warm
    return Row("shell: nurture queue --json", median_of(runs, lambda: _run(ours)),
               median_of(runs, lambda: _run(bare)), "s", 2.0,
               "stress; vs python reading + parsing the data files")  # fmt: skip


# --- 6: linear time ---------------------------------------------------------------------------


def _compute(data: Path, what: str) -> float:
    repo = Repository(data).open()
    repo.load()  # files parsed and cached; what is timed is the computation

    def once() -> float:
        network = repo.load()  # a fresh Network: its indexes are built inside the timing
        if what == "review":
            _ = network.interactions  # the review reads every note: that is I/O, not the algorithm
        gc.collect()
        gc.disable()  # the algorithm, not the collector's passes over a bigger heap
        try:
            t = time.perf_counter()
            if what == "queue":
                queue_of(network, TODAY, within=36_500)
            else:
                review_week(network, TODAY, TODAY)
            return time.perf_counter() - t
        finally:
            gc.enable()

    return min(once() for _ in range(5))  # CPU-bound and short: the fastest run is the signal


def linear(fifth: Path, stress: Path, sizes: dict) -> list[Row]:
    f_units, s_units = sum(sizes["fifth"]), sum(sizes["stress"])
    rows = []
    for what in ("queue", "review"):
        a = _compute(fifth, what) / f_units * 1e6
        b = _compute(stress, what) / s_units * 1e6
        rows.append(Row(f"linear: {what}, time per record", b, a, "µs", 1.5,
                        "stress vs the same shape at a fifth, per contact + interaction"))  # fmt: skip
    return rows


# --- the table ----------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = f"| {'figure':<38} | {'measured':>10} | {'baseline':>10} | {'ratio':>6} | {'target':>7} | pass |"
    lines = [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]
    for r in rows:
        fmt = ".3f" if r.unit == "s" else ".1f"
        lines.append(
            f"| {r.figure:<38} | {format(r.measured, fmt):>8} {r.unit:<1} | "
            f"{format(r.baseline, fmt):>8} {r.unit:<1} | {r.ratio:>5.2f}× | ≤ {r.target:<4g}× | "
            f"{'yes' if r.passed else 'NO':<4} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not a measure")
    args = ap.parse_args(argv)
    mode = "quick" if args.quick else "full"
    sizes, runs = SIZES[mode], (1 if args.quick else 5)
    with tempfile.TemporaryDirectory(prefix="nurture-bench-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        dbs = {name: seed(root, name, size) for name, size in sizes.items()}
        print(f"seeded {', '.join(f'{n} {c:,}/{i:,}' for n, (c, i) in sizes.items())} "
              f"in {time.perf_counter() - t0:.0f} s; data files at stress: "
              f"{data_bytes(dbs['stress']) / (1 << 20):.1f} MB", file=sys.stderr)  # fmt: skip
        rows = startup_and_memory(dbs["empty"], dbs["stress"], 1 if args.quick else 7)
        rows.append(filter_keystroke(dbs["small"], dbs["stress"], max(1, runs // 2)))
        rows.append(log_write(dbs["stress"], root, runs))
        rows.append(shell_queue(dbs["stress"], runs))
        rows.extend(linear(dbs["fifth"], dbs["stress"], sizes))
    print(f"nurture bench ({mode}: stress {sizes['stress'][0]:,} contacts / "
          f"{sizes['stress'][1]:,} interactions, python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores)\n")  # fmt: skip
    print(table(rows))
    for r in rows:
        if r.note:
            print(f"  {r.figure}: {r.note}")
    failed = [r.figure for r in rows if not r.passed]
    if args.quick:
        return 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
