"""The store's figures for issue 17, as ratios measured within one run, at a given data directory.

    python bench/store_probe.py DIR [--runs N]

DIR is copied first (``cp -a`` into a scratch folder: it is never written to). Printed, each a
median of N runs on a busy machine:

* ``cp -a`` first ``queue`` vs a warm one: the first ``nurture queue`` in a fresh ``cp -a`` of
  a directory whose indexes are current, over a ``queue`` in the directory itself, and how many
  shard indexes the copy rebuilt (the indexes are keyed by fingerprint, not inode: none);
* ``interactions_of`` vs a whole-shard decode: one contact's records read by their spans, over
  decoding their whole shard and keeping theirs (what showing a contact cost before);
* ``add`` and ``log`` from the shell vs ``nurture --version`` + parsing ``contacts.json`` once
  with orjson (the target: at most 3×);
* ``network()`` in an open process (what the dashboard reloads) with nothing changed, right
  after another process added a contact, and right after it logged an interaction, in ms and
  over a cold ``network()`` (a new process's first).

bench/run.py calls ``probe(DIR)`` for the figures as a dict.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson

import nurture
from nurture.services import Nurture
from nurture.store import Repository
from nurture.store.repository import shard_of

NURTURE = [sys.executable, "-m", "nurture"]
#: Where the ``nurture`` this script imported lives: the shell commands it times run the same
#: code (``-m`` looks in the working directory first).
ROOT = Path(nurture.__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)


def _median(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    return time.perf_counter() - start


def _shell(data: Path, *args: str) -> float:
    return _timed([*NURTURE, "--data-dir", str(data), *args])


def _indexes(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data / "interactions").glob("*.idx"))}


def copy_and_queue(warm: Path, scratch: Path, runs: int) -> dict[str, float]:
    """First ``queue`` in fresh ``cp -a`` copies over a warm ``queue``; rebuilt indexes."""
    _shell(warm, "queue")  # the indexes current
    warm_s = _median(runs, lambda: _shell(warm, "queue"))
    rebuilt: list[int] = []

    def first() -> float:
        copy = scratch / f"copy{len(rebuilt)}"
        subprocess.run(["cp", "-a", str(warm), str(copy)], check=True)
        before = _indexes(copy)
        spent = _shell(copy, "queue")
        after = _indexes(copy)
        rebuilt.append(sum(before.get(name) != raw for name, raw in after.items()))
        shutil.rmtree(copy)
        return spent

    first_s = _median(runs, first)
    return {"queue_warm_s": warm_s, "queue_after_cp_s": first_s, "cp_ratio": first_s / warm_s,
            "indexes_rebuilt_after_cp": max(rebuilt)}  # fmt: skip


def timeline_reads(data: Path, runs: int, people: int = 40) -> dict[str, float]:
    """``interactions_of`` by spans over the whole-shard decode it replaced, for the contacts
    with the most interactions, spread over the shards."""
    repo = Repository(data).open()
    network = repo.load()
    counts: dict[str, int] = {}
    for e in network.log.entries():
        counts[e.contact_id] = counts.get(e.contact_id, 0) + 1
    chosen = sorted(counts, key=counts.__getitem__, reverse=True)[:people]

    def spans() -> float:
        start = time.perf_counter()
        for cid in chosen:
            repo.interactions_of(cid)
        return (time.perf_counter() - start) / len(chosen)

    def whole() -> float:
        start = time.perf_counter()
        for cid in chosen:
            [i for i in repo.interaction_files[shard_of(cid)].records().values() if i.contact_id == cid]
        return (time.perf_counter() - start) / len(chosen)

    for cid in chosen[:5]:  # the same records either way
        theirs = [i for i in repo.interaction_files[shard_of(cid)].records().values() if i.contact_id == cid]
        assert {i.id: i for i in repo.interactions_of(cid)} == {i.id: i for i in theirs}
    spans_s, whole_s = _median(runs, spans), _median(runs, whole)
    return {"timeline_spans_ms": spans_s * 1000, "timeline_whole_shard_ms": whole_s * 1000,
            "timeline_speedup": whole_s / spans_s}  # fmt: skip


def shell_writes(data: Path, runs: int) -> dict[str, float]:
    """``add`` and ``log`` over ``--version`` + parsing contacts.json once."""
    version_s = _median(runs, lambda: _timed([*NURTURE, "--version"]))

    def parse() -> float:
        gc.disable()
        start = time.perf_counter()
        orjson.loads((data / "contacts.json").read_bytes())
        spent = time.perf_counter() - start
        gc.enable()
        return spent

    parse_s = _median(runs, parse)
    n = [0]

    def add() -> float:
        n[0] += 1
        return _shell(data, "add", f"Probe Person{n[0]}", "--allow-duplicate")

    def log() -> float:
        return _shell(data, "log", f"Probe Person{n[0]}", "--kind", "email", "--summary", "hi")

    first_add = add()  # (after a copy: writes the contacts index the next commands use)
    first_log = log()
    add_s = _median(runs, add)
    log_s = _median(runs, log)
    base = version_s + parse_s
    return {"version_s": version_s, "parse_contacts_s": parse_s, "first_add_s": first_add, "first_log_s": first_log,
            "add_s": add_s, "log_s": log_s, "add_ratio": add_s / base, "log_ratio": log_s / base}  # fmt: skip


def reloads(data: Path, runs: int) -> dict[str, float]:
    """``network()`` in an open process, after nothing, a contact added and a note logged by
    another process; and a cold one (a new process's first)."""

    def cold() -> float:
        service = Nurture(Repository(data).open(), today=lambda: TODAY)
        start = time.perf_counter()
        service.network()
        return time.perf_counter() - start

    cold_s = _median(runs, cold)
    service = Nurture(Repository(data).open(), today=lambda: TODAY)
    service.network()

    def timed_network(change: Callable[[], Any] | None) -> float:
        if change is not None:
            change()
        start = time.perf_counter()
        service.network()
        return time.perf_counter() - start

    n = [0]

    def add() -> None:
        n[0] += 1
        _shell(data, "add", f"Reload Person{n[0]}", "--allow-duplicate")

    def log() -> None:
        _shell(data, "log", f"Reload Person{n[0]}", "--kind", "call", "--summary", "hi")

    unchanged = _median(runs, lambda: timed_network(None))
    after_add = _median(runs, lambda: timed_network(add))
    after_log = _median(runs, lambda: timed_network(log))
    return {
        "network_cold_ms": cold_s * 1000,
        "network_unchanged_ms": unchanged * 1000,
        "network_after_add_ms": after_add * 1000,
        "network_after_log_ms": after_log * 1000,
        "network_after_add_vs_cold": after_add / cold_s,
        "network_after_log_vs_cold": after_log / cold_s,
    }


def probe(source: Path, runs: int = 3) -> dict[str, float]:
    scratch = Path(tempfile.mkdtemp(prefix="store-probe-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    try:
        data = scratch / "data"
        subprocess.run(["cp", "-a", str(source), str(data)], check=True)
        figures: dict[str, float] = {}
        figures.update(copy_and_queue(data, scratch, runs))
        figures.update(timeline_reads(data, runs))
        figures.update(shell_writes(data, runs))
        figures.update(reloads(data, runs))
        return figures
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    figures = probe(args.data_dir, args.runs)
    f = figures
    print(
        f"cp -a first queue / warm queue   {f['cp_ratio']:.2f}×  ({f['queue_after_cp_s']:.2f} s / "
        f"{f['queue_warm_s']:.2f} s; indexes rebuilt after cp -a: {f['indexes_rebuilt_after_cp']:.0f})"
    )
    print(
        f"timeline: whole shard / spans    {f['timeline_speedup']:.1f}×  ({f['timeline_whole_shard_ms']:.1f} ms / "
        f"{f['timeline_spans_ms']:.2f} ms a contact)"
    )
    base = f"(--version {f['version_s']:.2f} s + parse {f['parse_contacts_s']:.2f} s)"
    print(f"add / {base}  {f['add_ratio']:.2f}×  ({f['add_s']:.2f} s; first after the copy {f['first_add_s']:.2f} s)")
    print(f"log / {base}  {f['log_ratio']:.2f}×  ({f['log_s']:.2f} s; first after the copy {f['first_log_s']:.2f} s)")
    print(
        f"network(): cold {f['network_cold_ms']:.0f} ms, unchanged {f['network_unchanged_ms']:.1f} ms, "
        f"after an add {f['network_after_add_ms']:.0f} ms ({f['network_after_add_vs_cold']:.2f}× cold), "
        f"after a log {f['network_after_log_ms']:.0f} ms ({f['network_after_log_vs_cold']:.2f}× cold)"
    )
    print(orjson.dumps(figures).decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
