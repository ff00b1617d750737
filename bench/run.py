"""nurture's performance targets, measured as ratios within one run (machine noise cancels).

    python bench/run.py            20 contacts, 10,000 / 50,000 and 30,000 / 150,000 (~10 min)
    python bench/run.py --big      the same figures at 100,000 / 1,000,000 instead (a user's
                                   run, not CI's: seeding alone takes minutes, and GBs of RAM)
    python bench/run.py --quick    small sizes, for CI to check that every figure still runs

Databases are built with ``nurture seed`` once per run, in a temporary directory; whatever
writes works on a copy. Each figure is the median of a few runs; the table says what was
measured, at which scale, against what, and whether it meets its target
(docs/performance.md). Most targets are ratios within this run; a few are absolute seconds
(the issue states them so), and the table marks them "s" rather than "×". The full run exits 1
if a target is missed; ``--quick`` only reports (its sizes are too small for the ratios to mean
anything).

The dashboard's figures come from ``bench/ui_child.py``: one real dashboard per run, headless,
driven by keys, which prints one JSON line (see ``ui``).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import orjson

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
#: "stress" is the 10,000-contact scale, "large" LinkedIn's limit (30,000 connections).
SIZES = {
    "full": {"empty": (0, 0), "small": (20, 100), "fifth": (2_000, 10_000), "stress": (10_000, 50_000),
             "large": (30_000, 150_000)},
    "big": {"empty": (0, 0), "small": (20, 100), "fifth": (20_000, 200_000), "stress": (100_000, 1_000_000)},
    "quick": {"empty": (0, 0), "small": (20, 100), "fifth": (120, 600), "stress": (600, 3_000),
              "large": (1_200, 6_000)},
}  # fmt: skip
#: How many times each measure runs (the median is reported).
RUNS = {"full": 5, "big": 3, "quick": 1}
#: A child that takes longer than this is stuck (a dashboard that never showed its data).
CHILD_TIMEOUT = 900
MB = 1 << 20
EXPORTS = ("json", "csv", "markdown")


@dataclass
class Row:
    figure: str
    scale: str
    measured: float
    baseline: float
    unit: str
    #: The ratio measured / baseline must be at most this (None: the figure has an absolute target).
    target: float | None
    note: str = ""
    #: Absolute: ``measured`` (in ``unit``) must be at most this; the ratio is shown for reference.
    limit: float | None = None

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    @property
    def passed(self) -> bool:
        if self.limit is not None:
            return self.measured <= self.limit
        return self.target is not None and self.ratio <= self.target


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def scale_name(size: tuple[int, int]) -> str:
    def short(n: int) -> str:
        if n >= 1_000_000 and n % 1_000_000 == 0:
            return f"{n // 1_000_000}M"
        return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else f"{n:,}"

    return f"{short(size[0])}/{short(size[1])}"


def seed(root: Path, name: str, size: tuple[int, int]) -> Path:
    data = root / name
    subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(data), "seed",
         "--contacts", str(size[0]), "--interactions", str(size[1]), "--as-of", TODAY.isoformat()],
        check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
    )  # fmt: skip
    # One read makes the derived indexes and warms the page cache: every figure below starts
    # from a directory as a user's is between two commands.
    subprocess.run(nurture(data, "queue", "--json", "--as-of", TODAY.isoformat()), check=True,
                   stdout=subprocess.DEVNULL, cwd=ROOT)  # fmt: skip
    return data


def data_bytes(data: Path) -> int:
    """The data files' size: what the user keeps (no backups, lock or derived index)."""
    files = [*data.glob("*.json"), *(data / "interactions").glob("*.json")]
    return sum(f.stat().st_size for f in files)


def nurture(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "nurture", "--data-dir", str(data), *args]


#: Runs a command as its grandchild and reports its own time and peak RSS. A child started
#: from this process by ``subprocess`` (vfork, then exec) starts with this process's peak RSS as
#: its own (Linux carries the high-water mark over exec), and this process holds hundreds of MB
#: by the end of a run; forked from this small launcher instead, the command starts from a few MB.
LAUNCH = """
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - t
with open(report, "w") as f:
    f.write(f"{elapsed!r} {usage.ru_maxrss * 1024}")
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def child(args: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run a process to its end: seconds, its own peak RSS in bytes, what it printed."""
    with tempfile.TemporaryDirectory() as tmp:
        report, out, err = Path(tmp) / "report", Path(tmp) / "out", Path(tmp) / "err"
        with out.open("wb") as o, err.open("wb") as e:
            launch = [sys.executable, "-S", "-c", LAUNCH, str(report), *args]
            try:
                r = subprocess.run(launch, stdout=o, stderr=e, cwd=ROOT, env=env, timeout=CHILD_TIMEOUT)
            except subprocess.TimeoutExpired:
                raise RuntimeError(f"{' '.join(args[:8])}… did not finish in {CHILD_TIMEOUT} s") from None
        if r.returncode or not report.exists():
            why = err.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(args[:8])}… exited {r.returncode}:\n{why}")
        elapsed, rss = report.read_text().split()
        return float(elapsed), int(rss), out.read_text(errors="replace")


def _run(args: list[str]) -> float:
    return child(args)[0]


BARE = """
import sys, pathlib, orjson
d = pathlib.Path(sys.argv[1])
for f in [*d.glob("*.json"), *(d / "interactions").glob("*.json")]:
    orjson.loads(f.read_bytes())
"""


def bare_parse(data: Path, runs: int) -> float:
    """A bare Python process that reads and parses (orjson) every data file once."""
    bare = [sys.executable, "-c", BARE, str(data)]
    _run(bare)  # warm
    return median_of(runs, lambda: _run(bare))


# --- 1 and 5: startup and memory, in a fresh process each time ------------------------------


def start(data: Path, review: bool = False) -> dict[str, float]:
    env = {**os.environ, "BENCH_T0": repr(time.monotonic()), "PYTHONPATH": str(ROOT)}
    args = [sys.executable, str(ROOT / "bench" / "startup_child.py"), str(data)]
    _, _, out = child(args + (["--review"] if review else []), env)
    return json.loads(out.strip().splitlines()[-1])


def startup_and_memory(empty: Path, stress: Path, runs: int, scale: str) -> list[Row]:
    start(empty), start(stress)  # warm the file cache and .pyc files
    e = [start(empty) for _ in range(runs)]
    s = [start(stress) for _ in range(runs)]
    r = start(stress, review=True)
    e_first, s_first = (statistics.median(x["first"] for x in runs_) for runs_ in (e, s))
    e_frame, s_frame = (statistics.median(x["frame"] for x in runs_) for runs_ in (e, s))
    e_rss = statistics.median(x["peak_rss"] for x in e)
    s_rss = statistics.median(x["peak_rss"] for x in s)
    allowance = 3 * data_bytes(stress) + e_rss
    return [
        Row("startup: launch to first frame", scale, s_first, e_first, "s", 1.5,
            "vs an empty directory; interactive, data loading in a worker"),
        Row("startup: launch to data shown", scale, s_frame, e_frame, "s", 1.5,
            "vs an empty directory; queue, list and first contact on screen"),
        Row("memory: peak RSS, dashboard open", scale, s_rss / MB, allowance / MB, "MB", 1.0,
            "baseline: 3 × data files + empty RSS"),
        Row("memory: peak RSS, weekly review open", scale, r["peak_rss"] / MB, allowance / MB, "MB", 1.0,
            "reads every note; same allowance"),
    ]  # fmt: skip


# --- 2: a keystroke in the contact filter ----------------------------------------------------


async def _filter_keystroke(data: Path) -> float:
    app = create_app(Nurture(Repository(data).open(), today=lambda: TODAY))
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + CHILD_TIMEOUT
        while getattr(app.screen, "network", None) is None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the dashboard on {data} did not show its data in {CHILD_TIMEOUT} s")
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


def filter_keystroke(small: Path, stress: Path, runs: int, scale: str) -> Row:
    a = median_of(runs, lambda: asyncio.run(_filter_keystroke(small)))
    b = median_of(runs, lambda: asyncio.run(_filter_keystroke(stress)))
    return Row("filter: one keystroke to repaint", scale, b, a, "s", 1.2, "vs 20 contacts; median of 3 keys")


# --- 3: logging an interaction ----------------------------------------------------------------


def log_write(stress: Path, scratch: Path, runs: int, scale: str) -> Row:
    from tinydb import TinyDB

    work = scratch / "log-write"
    shutil.copytree(stress, work, symlinks=True)
    service = Nurture(Repository(work).open(), today=lambda: TODAY)
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
    db_path.unlink()
    shutil.rmtree(work)
    return Row("write: log an interaction", scale, mine, base, "s", 0.25, "vs TinyDB's default JSONStorage")


# --- 4: the shell ---------------------------------------------------------------------------


def shell_queue(stress: Path, runs: int, bare: float, scale: str) -> Row:
    ours = nurture(stress, "queue", "--json", "--as-of", TODAY.isoformat())
    _run(ours)  # warm
    return Row("shell: nurture queue --json", scale, median_of(runs, lambda: _run(ours)), bare, "s", 2.0,
               "vs python reading + parsing the data files")  # fmt: skip


def shell_writes(large: Path, scratch: Path, runs: int, scale: str) -> list[Row]:
    """``add`` and ``log`` as a user types them, each a fresh process on a copy of the data,
    against ``nurture --version`` plus parsing contacts.json once (what a write must at least
    do: start, and know who is there)."""
    work = scratch / "shell-writes"
    shutil.copytree(large, work, symlinks=True)
    version = [sys.executable, "-m", "nurture", "--version"]
    _run(version)
    start_cost = median_of(runs, lambda: _run(version))
    contacts = work / "contacts.json"

    def parse() -> float:
        t = time.perf_counter()
        orjson.loads(contacts.read_bytes())
        return time.perf_counter() - t

    parse()
    base = start_cost + median_of(runs, parse)
    as_of = ("--as-of", TODAY.isoformat())
    _run(nurture(work, "add", "Bench Warmup", *as_of))  # the run's first backup of this copy
    adds = [_run(nurture(work, "add", f"Bench Person {n}", *as_of)) for n in range(runs)]
    logs = [_run(nurture(work, "log", f"Bench Person {n}", "--kind", "call", *as_of)) for n in range(runs)]
    shutil.rmtree(work)
    note = "vs `nurture --version` + parsing contacts.json once"
    return [
        Row("shell: nurture add", scale, statistics.median(adds), base, "s", 3.0, note),
        Row("shell: nurture log", scale, statistics.median(logs), base, "s", 3.0, note),
    ]


def exports(large: Path, scratch: Path, runs: int, bare: float, scale: str) -> list[Row]:
    """``nurture export --format F -o FILE`` as a fresh process: its time against parsing
    every data file once, its peak memory against the data files' size."""
    size = data_bytes(large)
    out = scratch / "export.out"
    rows_time, rows_memory = [], []
    for fmt in EXPORTS:
        args = nurture(large, "export", "--format", fmt, "-o", str(out), "--force", "--as-of", TODAY.isoformat())
        child(args)  # warm
        measured = [child(args) for _ in range(runs)]
        out.unlink()
        t = statistics.median(m[0] for m in measured)
        rss = statistics.median(m[1] for m in measured)
        rows_time.append(Row(f"export {fmt}: time", scale, t, bare, "s", 2.0, "vs parsing every data file once"))
        rows_memory.append(Row(f"export {fmt}: peak memory", scale, rss / MB, size / MB, "MB", 1.5,
                               "vs the data files' size"))  # fmt: skip
    return rows_time + rows_memory


def queue_after_copy(large: Path, scratch: Path, runs: int, scale: str) -> list[Row]:
    """The first ``nurture queue`` in a copy made with ``cp -a`` (new inodes, same contents and
    times: caches keyed by inode alone would all be rebuilt), against a warm one."""
    args = lambda data: nurture(data, "queue", "--json", "--as-of", TODAY.isoformat())  # noqa: E731
    child(args(large))
    warm = [child(args(large)) for _ in range(runs)]
    cold = []
    for n in range(runs):
        copy = scratch / f"copied-{n}"
        subprocess.run(["cp", "-a", str(large), str(copy)], check=True)
        cold.append(child(args(copy)))
        shutil.rmtree(copy)
    t_warm, t_cold = (statistics.median(m[0] for m in ms) for ms in (warm, cold))
    m_warm, m_cold = (statistics.median(m[1] for m in ms) for ms in (warm, cold))
    return [
        Row("copy: first queue after cp -a, time", scale, t_cold, t_warm, "s", 1.2, "vs a warm queue"),
        Row("copy: first queue after cp -a, memory", scale, m_cold / MB, m_warm / MB, "MB", 1.2,
            "peak RSS vs a warm queue"),
    ]  # fmt: skip


# --- the dashboard, driven by keys -------------------------------------------------------------

#: What ``bench/ui_child.py`` prints (seconds, except ``stall_step`` and ``rss`` in bytes).
UI_KEYS = (
    "names",
    "data",
    "down100",
    "filter_worst",
    "review_open",
    "review_back",
    "shell_seen",
    "shell_picked",
    "stall_max",
)


def ui(data: Path) -> dict:
    """One dashboard, as a user starts it, timed from the moment this process launched it:
    ``BENCH_T0=<time.monotonic() here> python bench/ui_child.py DATA_DIR`` (it works on a copy
    of DATA_DIR) prints one JSON line: seconds to the contact names on screen (``names``) and
    to everything shown (``data``), for 100 × Down sent at once to settle (``down100``), the
    worst filter keystroke (``filter_worst``), ``w`` to the review shown (``review_open``) and
    ``esc`` back (``review_back``), a contact added by the shell to appear (``shell_seen``; from
    the end of that command, ``shell_picked``), the longest gap between ticks of a timer on the
    UI thread once the data landed
    (``stall_max``) and what was being done then (``stall_step``), and the peak RSS in bytes
    after opening, browsing 100 people and the review (``rss``)."""
    env = {**os.environ, "BENCH_T0": repr(time.monotonic()), "PYTHONPATH": str(ROOT)}
    _, _, out = child([sys.executable, str(ROOT / "bench" / "ui_child.py"), str(data)], env)
    return json.loads(out.strip().splitlines()[-1])


def ui_runs(data: Path, runs: int) -> dict:
    """The median of each figure over ``runs`` runs; ``stall_step`` from the run whose stall is
    the median one."""
    results = [ui(data) for _ in range(runs)]
    out: dict = {}
    for key in (*UI_KEYS, "rss"):
        values = [r[key] for r in results if isinstance(r.get(key), int | float)]
        out[key] = statistics.median(values) if values else float("nan")
    by_stall = sorted(results, key=lambda r: r.get("stall_max") or 0.0)
    out["stall_step"] = str(by_stall[len(by_stall) // 2].get("stall_step", ""))
    return out


def dashboard(dbs: dict[str, Path], sizes: dict, runs: int) -> list[Row]:
    names = ("empty", "small", "stress", "large")
    dirs = {dbs[name] for name in names}  # with --big, one directory serves both scales
    for data in dirs if runs > 1 else ():
        ui(data)  # warm the page cache and .pyc files
    measured = {data: ui_runs(data, runs) for data in dirs}
    u = {name: measured[dbs[name]] for name in names}
    mid, large = scale_name(sizes["stress"]), scale_name(sizes["large"])
    size = data_bytes(dbs["large"])
    return [
        Row("dashboard: launch to names on screen", mid, u["stress"]["names"], u["empty"]["names"], "s", 1.5,
            "vs an empty directory"),
        Row("dashboard: launch to names on screen", large, u["large"]["names"], u["empty"]["names"], "s", 2.0,
            "vs an empty directory"),
        Row("dashboard: 100 × Down sent at once", large, u["large"]["down100"], u["small"]["down100"], "s", 1.5,
            "vs the same at 20 contacts"),
        Row("dashboard: filter keystroke, worst", large, u["large"]["filter_worst"], u["small"]["filter_worst"],
            "s", None, "absolute: ≤ 100 ms; ratio vs 20 contacts", limit=0.1),
        Row("dashboard: longest UI-thread stall", large, u["large"]["stall_max"], u["small"]["stall_max"], "s",
            None, f"absolute: ≤ 100 ms, from a timer on the UI thread once the data landed (during: "
            f"{u['large']['stall_step'] or '?'}); ratio vs 20 contacts", limit=0.1),
        Row("dashboard: w to weekly review shown", mid, u["stress"]["review_open"], u["small"]["review_open"], "s",
            None, "absolute: ≤ 0.5 s; ratio vs 20 contacts", limit=0.5),
        Row("dashboard: w to weekly review shown", large, u["large"]["review_open"], u["small"]["review_open"],
            "s", None, "absolute: ≤ 1 s; ratio vs 20 contacts", limit=1.0),
        Row("dashboard: esc back from the review", large, u["large"]["review_back"], u["small"]["review_back"],
            "s", 1.5, "vs the same at 20 contacts"),
        Row("dashboard: shell change picked up", large, u["large"]["shell_picked"], u["small"]["shell_picked"], "s",
            None, "absolute: ≤ 1 s, from the end of `nurture add` (its change on disk) to the name shown; "
            f"from its start, its own time included: {u['large']['shell_seen']:.3f} s", limit=1.0),
        Row("dashboard: memory after browsing", large, u["large"]["rss"] / MB, size / MB, "MB", 2.5,
            "peak RSS after opening, 100 people and the review, vs the data files' size"),
    ]  # fmt: skip


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
        rows.append(Row(f"linear: {what}, time per record", scale_name(sizes["stress"]), b, a, "µs", 1.5,
                        f"vs the same shape at {scale_name(sizes['fifth'])}, per contact + interaction"))  # fmt: skip
    return rows


# --- the table ----------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = (
        f"| {'figure':<38} | {'scale':<9} | {'measured':>10} | {'baseline':>10} | {'ratio':>6} | {'target':>8} | pass |"
    )
    lines = [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]
    for r in rows:
        fmt = ".3f" if r.unit == "s" else ".1f"
        target = f"≤ {r.limit:g} {r.unit}" if r.limit is not None else f"≤ {r.target:g}×"
        lines.append(
            f"| {r.figure:<38} | {r.scale:<9} | {format(r.measured, fmt):>8} {r.unit:<1} | "
            f"{format(r.baseline, fmt):>8} {r.unit:<1} | {r.ratio:>5.2f}× | {target:>8} | "
            f"{'yes' if r.passed else 'NO':<4} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    how = ap.add_mutually_exclusive_group()
    how.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not a measure")
    how.add_argument("--big", action="store_true", help="100,000 contacts / 1,000,000 interactions (slow)")
    args = ap.parse_args(argv)
    if not (ROOT / "bench" / "ui_child.py").is_file():
        ap.error("bench/ui_child.py is missing: the dashboard's figures come from it")
    mode = "quick" if args.quick else "big" if args.big else "full"
    seeds, runs = SIZES[mode], RUNS[mode]
    sizes = {"large": seeds["stress"], **seeds}  # --big: one scale, 100k / 1M, for every figure
    ui_runs_n = 1 if args.quick else 3
    mid, large = scale_name(sizes["stress"]), scale_name(sizes["large"])
    with tempfile.TemporaryDirectory(prefix="nurture-bench-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        dbs = {name: seed(root, name, size) for name, size in seeds.items()}
        dbs.setdefault("large", dbs["stress"])
        sizes_mb = {scale_name(sizes[n]): data_bytes(dbs[n]) / MB for n in ("stress", "large")}
        print(f"seeded {', '.join(f'{n} {scale_name(s)}' for n, s in seeds.items())} in "
              f"{time.perf_counter() - t0:.0f} s; data files: "
              f"{', '.join(f'{k} {v:.1f} MB' for k, v in sizes_mb.items())}", file=sys.stderr)  # fmt: skip
        scratch = root / "scratch"
        scratch.mkdir()
        bare_mid = bare_parse(dbs["stress"], runs)
        bare_large = bare_parse(dbs["large"], runs)
        rows = startup_and_memory(dbs["empty"], dbs["stress"], 1 if args.quick else 7, mid)
        rows.append(filter_keystroke(dbs["small"], dbs["stress"], max(1, runs // 2), mid))
        rows.append(log_write(dbs["stress"], scratch, runs, mid))
        rows.append(shell_queue(dbs["stress"], runs, bare_mid, mid))
        rows.extend(linear(dbs["fifth"], dbs["stress"], sizes))
        rows.extend(dashboard(dbs, sizes, ui_runs_n))
        rows.extend(shell_writes(dbs["large"], scratch, runs, large))
        rows.extend(exports(dbs["large"], scratch, max(1, runs // 2 + 1) if not args.quick else 1, bare_large, large))
        rows.extend(queue_after_copy(dbs["large"], scratch, max(1, runs // 2 + 1), large))
        took = time.perf_counter() - t0
    # With --big the two scales are one: a figure taken at both keeps the larger scale's target.
    rows = list({(r.figure, r.scale): r for r in reversed(rows)}.values())[::-1] if mid == large else rows
    scales = mid if mid == large else f"{mid} and {large}"
    print(f"nurture bench ({mode}: {scales} contacts/interactions, python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores, {took / 60:.1f} min)\n")  # fmt: skip
    print(table(rows))
    for r in rows:
        if r.note:
            print(f"  {r.figure} ({r.scale}): {r.note}")
    if args.quick:
        return 0
    return 1 if any(not r.passed for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
