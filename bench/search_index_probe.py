"""The search index's figures for issue 19, as ratios measured within one run, at a given data directory.

    python bench/search_index_probe.py DIR [--runs N]

DIR is copied first (``cp -a`` into a scratch folder: it is never written to). Printed, each a
median of N runs on a busy machine:

* the build from nothing (``SearchIndex.refresh`` with no index, in an open repository) over
  parsing every data file once with orjson (the issue's target: at most 3×);
* ``refresh`` with nothing changed, and after another process's write it did not index;
* the incremental update a save makes (``apply``), in ms, and ``nurture log`` from the shell
  with an index over ``nurture log`` without one (the target: at most 1.10×);
* a few queries and ``recent`` at that size, in ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from search_probe import build_from_nothing, log_with_and_without, parse_every_file  # the same measures

from nurture.domain.models import Interaction
from nurture.store import Repository, search_index
from nurture.store.repository import shard_of
from nurture.store.search_index import FILE_NAME, SearchIndex


def _median(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def probe(source: Path, runs: int = 3) -> dict[str, float]:
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        subprocess.run(["cp", "-a", str(source), str(data)], check=True)
        (data / FILE_NAME).unlink(missing_ok=True)
        parse = statistics.median(parse_every_file(data) for _ in range(runs))
        out["build_s"] = statistics.median(build_from_nothing(data) for _ in range(runs))
        out["build_over_parse"] = out["build_s"] / parse
        repo = Repository(data).open()
        index = SearchIndex(repo)
        out["refresh_unchanged_ms"] = _median(runs, index.refresh) * 1000
        contact = next(iter(repo.stored_contacts()))
        shard = f"interactions/{shard_of(contact)}"
        n = 0

        def save() -> Interaction:
            nonlocal n
            n += 1
            note = Interaction(f"probe-{n}", contact, date(2026, 1, 1), "coffee", notes="zanzibar")
            repo.save(interactions=[note])
            return note

        def apply() -> float:
            """What ``save`` spends on the index (the update it makes, made again and timed)."""
            note = save()
            before = search_index.before_write(repo, [shard])
            t0 = time.perf_counter()
            search_index.after_write(repo, before, [(shard, [note], ())])
            return time.perf_counter() - t0

        out["save_apply_ms"] = statistics.median(apply() for _ in range(runs * 3)) * 1000
        aside = data.with_name("aside")
        shutil.move(data / FILE_NAME, aside)
        for _ in range(runs):
            save()
        shutil.move(aside, data / FILE_NAME)
        # the saves just made without an index left one shard behind: refresh re-indexes it
        out["refresh_one_shard_ms"] = _median(1, index.refresh) * 1000
        # after a sync (the builds above left ~100 MB to write back, which slows every fsync of
        # a save for a while), as search_probe.py measures it
        os.sync()
        with_index, without = log_with_and_without(data, Path(scratch), runs * 2)
        out["log_with_over_without"] = with_index / without
        index.refresh()
        for label, match in (("common_word", '"portfolio"'), ("rare_word", '"zanzibar"')):
            out[f"search_{label}_ms"] = _median(runs, lambda m=match: index.search(m)) * 1000  # type: ignore[misc]
        out["search_filtered_ms"] = _median(runs, lambda: index.search('"portfolio"', fields=["takeaway"])) * 1000
        out["search_dated_ms"] = _median(runs, lambda: index.search('"portfolio"', after=date(2026, 1, 1))) * 1000
        out["recent_ms"] = _median(runs, lambda: index.recent(["takeaway"], 200)) * 1000
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    for key, value in probe(args.data, args.runs).items():
        print(f"{key:28} {value:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
