"""``nurture sync`` at stress (10,000 contacts, 50,000 notes): the three figures issue 23 sets.

    python bench/sync_probe.py                    10,000 contacts, 50,000 notes (~2 min)
    python bench/sync_probe.py --contacts N --notes M --runs R
    python bench/sync_probe.py --quick            200 contacts, 1,000 notes, one run: checks that it runs

A data directory is seeded (``nurture seed``) and set up with ``nurture sync --init`` against a
local bare repository; a second, empty data directory joins it the same way. Then, each figure
as a ratio in one run:

1. **no-op sync**: ``Sync.sync()`` on a repository opened anew (what ``nurture sync`` does
   once Python has started) when neither side changed anything, against ``git fetch`` +
   ``git status`` (two processes) on the same work tree: best of ``--runs``. Target ≤ 2×.
   The whole ``nurture sync`` process is shown too, for reference (Python's start included).
2. **merge**: each side changes 100 records (40 contacts edited — 5 of them on both sides,
   other fields — and 60 notes logged for contacts spread over the shards); the first pushes,
   the second's ``sync`` then merges three-way. Timed: the merge of that sync (under the lock:
   the versions read from git and the data directory, merged, written, the merge committed),
   best of ``--runs`` from copies of the same state; against parsing every data file once
   (read + ``orjson.loads`` of each). Target ≤ 3×. The whole sync (git's fetch and push of the
   changed files too) is shown for reference.
3. **one note**: a note logged, then ``sync``: the bytes of the pack the push sends (``git
   pack-objects --revs --thin`` of the pushed range, as ``git push`` makes it), and how much the
   remote grows per such sync once ``git gc`` has packed it (``--notes-synced`` of them).
   Target ≤ 100 KB each.

Exits 1 if a target is missed (never with ``--quick``: at its sizes the ratios mean nothing).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from nurture.services.core import Context
from nurture.services.facade import Nurture
from nurture.services.sync import Sync
from nurture.store import Repository, replica
from nurture.store.sync_git import THERE

ROOT = Path(__file__).resolve().parents[1]
NURTURE = [sys.executable, "-m", "nurture"]
AS_OF = "2026-11-23"
TODAY = date(2026, 11, 23)
NOOP_TARGET, MERGE_TARGET, KB_TARGET = 2.0, 3.0, 100.0


def nurture(data: Path, *args: str) -> float:
    """Seconds ``nurture --data-dir DATA ARGS`` takes, in a process of its own."""
    start = time.perf_counter()
    r = subprocess.run([*NURTURE, "--data-dir", str(data), *args], capture_output=True, cwd=ROOT)
    if r.returncode:
        raise RuntimeError(f"nurture {' '.join(args[:6])} exited {r.returncode}: {r.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def git(work: Path, *args: str, input: bytes | None = None) -> bytes:
    r = subprocess.run(["git", "-C", str(work), *args], input=input, capture_output=True, check=False)
    if r.returncode:
        raise RuntimeError(f"git {' '.join(args)} exited {r.returncode}: {r.stderr.decode()[-2000:]}")
    return r.stdout


def best(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


class Clock:
    """A wall clock for the services that moves a second on at each reading (revisions differ)."""

    def __init__(self) -> None:
        self.at = datetime(2026, 11, 23, 9, 0)

    def __call__(self) -> datetime:
        self.at = datetime.fromtimestamp(self.at.timestamp() + 1)
        return self.at


def service(data: Path, clock: Clock) -> Nurture:
    return Nurture(Repository(data).open(), lambda: TODAY, clock)


class TimedSync(Sync):
    """A sync that keeps how long its merge took (``_merge_from``: under the lock, the three
    versions read, merged, written, and the merge committed; the fetch and push aside)."""

    merging = 0.0

    def _merge_from(self, git: Any, ref: str) -> Any:
        start = time.perf_counter()
        try:
            return super()._merge_from(git, ref)
        finally:
            self.merging += time.perf_counter() - start


def timed_sync(data: Path, clock: Clock) -> float:
    """Seconds a sync takes in this process, the repository opened anew (cold caches)."""
    return synced(data, clock)[0]


def synced(data: Path, clock: Clock) -> tuple[float, float]:
    """Seconds a sync takes in this process, the repository opened anew (cold caches), and
    how long of it its merge took."""
    start = time.perf_counter()
    sync = TimedSync(Context(Repository(data).open(), lambda: TODAY, clock))
    sync.sync()
    return time.perf_counter() - start, sync.merging


# --- 1. no-op sync ----------------------------------------------------------------------------


def noop(a: Path, runs: int, clock: Clock) -> dict[str, float]:
    timed_sync(a, clock)  # in step with the remote, and warm
    ours = best(runs, lambda: timed_sync(a, clock))

    def fetch_status() -> float:
        start = time.perf_counter()
        git(a, "fetch", "-q", "origin")
        git(a, "status", "--porcelain")
        return time.perf_counter() - start

    baseline = best(runs, fetch_status)
    process = best(runs, lambda: nurture(a, "sync"))
    return {"sync": ours, "git": baseline, "process": process}


# --- 2. merge of two replicas that each changed 100 records -----------------------------------


def change_100(data: Path, clock: Clock, edited: list[str], noted: list[str], side: str) -> None:
    """40 contacts edited and 60 notes logged on this side (in one process, as a day's work)."""
    n = service(data, clock)
    for k, cid in enumerate(edited):
        if side == "a":
            n.update_contact(cid, role=f"Role {side} {k}")
        else:
            n.update_contact(cid, company=f"Company {side} {k}")
    for k, cid in enumerate(noted):
        n.log(cid, "call", summary=f"call {k} on {side}", notes=f"talked about plan {k} ({side})")


def pick(a: Path) -> tuple[list[str], list[str], list[str], list[str]]:
    """The contacts each side edits (5 on both) and those each side logs a note for (spread
    over every shard: ids are sorted, then taken at even steps)."""
    ids = sorted(Repository(a).open().stored_contacts())
    step = max(1, len(ids) // 200)
    spread = ids[::step][:200]
    edit_a, edit_b = spread[:40], spread[35:75]
    note_a, note_b = spread[75:135], spread[135:195]
    return edit_a, edit_b, note_a, note_b


def parse_all(data: Path, sources: list[str]) -> float:
    start = time.perf_counter()
    for rel in sources:
        p = data / rel
        if p.exists():
            orjson.loads(p.read_bytes())
    return time.perf_counter() - start


def merge_figure(root: Path, a: Path, b: Path, remote: Path, runs: int, clock: Clock) -> dict[str, float]:
    edit_a, edit_b, note_a, note_b = pick(a)
    change_100(a, clock, edit_a, note_a, "a")
    change_100(b, clock, edit_b, note_b, "b")
    timed_sync(a, clock)  # A's changes reach the remote: B's sync merges them with its own
    saved = root / "saved"
    shutil.copytree(b, saved / "b", symlinks=True)
    shutil.copytree(remote, saved / "remote", symlinks=True)
    times = []
    for k in range(runs):
        if k:
            for live, copy in ((b, saved / "b"), (remote, saved / "remote")):
                shutil.rmtree(live)
                shutil.copytree(copy, live, symlinks=True)
        times.append(synced(b, clock))
    merged = git(b, "log", "-1", "--format=%P").split()
    if len(merged) != 2:
        raise RuntimeError(f"the merge sync made no merge commit (parents: {merged})")
    sources = list(replica.relative(Repository(b).open()).values())
    baseline = best(runs, lambda: parse_all(b, sources))
    size = sum((b / s).stat().st_size for s in sources if (b / s).exists())
    timed_sync(a, clock)  # A takes the merge: both sides in step again
    return {"merge": min(m for _, m in times), "sync": min(t for t, _ in times), "parse": baseline, "mb": size / 1e6}


# --- 3. one note, then sync: what is pushed, how the remote grows -----------------------------


def pack_bytes(work: Path, old: str, new: str) -> int:
    """The size of the pack ``git push`` sends for ``old..new`` (thin: deltas against what the
    remote has)."""
    pack = git(work, "pack-objects", "--revs", "--thin", "--stdout", "--delta-base-offset", "-q",
               input=f"{new}\n^{old}\n".encode())  # fmt: skip
    return len(pack)


def remote_size(remote: Path) -> int:
    """Bytes of the remote's objects once ``git gc`` has packed them."""
    git(remote, "gc", "-q", "--prune=now")
    return sum(p.stat().st_size for p in (remote / "objects").rglob("*") if p.is_file())


def note_figure(a: Path, remote: Path, syncs: int, clock: Clock) -> dict[str, float]:
    contacts = sorted(Repository(a).open().stored_contacts())
    before = remote_size(remote)
    pushed = []
    for k in range(syncs):
        old = git(a, "rev-parse", THERE).decode().strip()
        service(a, clock).log(contacts[(k * 7919) % len(contacts)], "coffee", summary=f"coffee {k}")
        timed_sync(a, clock)
        new = git(a, "rev-parse", "HEAD").decode().strip()
        if git(remote, "rev-parse", "main").decode().strip() != new:
            raise RuntimeError("the sync after a note did not push it")
        pushed.append(pack_bytes(a, old, new))
    grown = (remote_size(remote) - before) / syncs
    return {"pushed": max(pushed) / 1000, "grown": grown / 1000}


# --- the run ------------------------------------------------------------------------------------


def setup(root: Path, contacts: int, notes: int) -> tuple[Path, Path, Path, dict[str, float]]:
    a, b, remote = root / "a", root / "b", root / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    nurture(a, "seed", "--contacts", str(contacts), "--interactions", str(notes), "--as-of", AS_OF)
    init_a = nurture(a, "sync", "--init", str(remote))
    init_b = nurture(b, "sync", "--init", str(remote))
    return a, b, remote, {"init_a": init_a, "init_b": init_b}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="200 contacts, 1,000 notes, one run: a smoke run")
    ap.add_argument("--contacts", type=int, default=10_000, help="how many contacts (default 10,000)")
    ap.add_argument("--notes", type=int, default=50_000, help="how many notes (default 50,000)")
    ap.add_argument("--runs", type=int, default=5, help="runs per timing; the best is shown (default 5)")
    ap.add_argument("--notes-synced", type=int, default=5, help="note-then-sync rounds for figure 3 (default 5)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR (kept afterwards) instead of a temp folder")
    args = ap.parse_args(argv)
    if args.quick:
        args.contacts, args.notes, args.runs, args.notes_synced = 200, 1_000, 1, 2
    if shutil.which("git") is None:
        print("needs the git program", file=sys.stderr)
        return 2
    clock = Clock()
    with tempfile.TemporaryDirectory(prefix="nurture-sync-bench-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        a, b, remote, init = setup(root, args.contacts, args.notes)
        one = noop(a, args.runs, clock)
        two = merge_figure(root, a, b, remote, args.runs, clock)
        three = note_figure(a, remote, args.notes_synced, clock)
    print(f"nurture sync at {args.contacts:,} contacts, {args.notes:,} notes (python {sys.version.split()[0]}, "
          f"best of {args.runs}; data files {two['mb']:.1f} MB)\n")  # fmt: skip
    print(f"set-up: sync --init of the seeded side {init['init_a']:.2f} s, of an empty side joining it "
          f"{init['init_b']:.2f} s (whole processes)")  # fmt: skip
    print(f"no-op `nurture sync`, whole process (Python's start included): {one['process'] * 1000:.0f} ms")
    print(f"the sync that merges 100+100, whole (commit, fetch, merge, push): {two['sync'] * 1000:.0f} ms\n")
    rows = [
        ("no-op sync", f"{one['sync'] * 1000:.0f} ms", f"{one['git'] * 1000:.0f} ms", one["sync"] / one["git"],
         NOOP_TARGET, "×"),
        ("merge 100+100", f"{two['merge'] * 1000:.0f} ms", f"{two['parse'] * 1000:.0f} ms",
         two["merge"] / two["parse"], MERGE_TARGET, "×"),
        ("note: pushed", f"{three['pushed']:.1f} KB", "", three["pushed"], KB_TARGET, " KB"),
        ("note: remote grows", f"{three['grown']:.1f} KB", "", three["grown"], KB_TARGET, " KB"),
    ]  # fmt: skip
    print("| figure             | measured  | baseline  | ratio     | target    | met |")
    print("|--------------------|-----------|-----------|-----------|-----------|-----|")
    missed = False
    for name, measured, baseline, value, target, unit in rows:
        met = value <= target
        missed |= not met
        shown = f"{value:.2f}×" if unit == "×" else f"{value:.1f} KB"
        print(f"| {name:<18} | {measured:>9} | {baseline:>9} | {shown:>9} | {'≤ ' + f'{target:g}' + unit:<9} "
              f"| {'yes' if met else 'NO':<3} |")  # fmt: skip
    print(
        "\nbaselines: no-op sync against `git fetch` + `git status` (two processes) on the same work tree; "
        "merge against reading and orjson.loads of every data file once"
    )
    if args.quick:
        return 0
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
