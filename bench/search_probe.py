"""Full-text search at 10,000 contacts / 50,000 interactions: the figures issue 19 sets.

    python bench/search_probe.py            stress 10,000 / 50,000 against small 20 / 100 (~5 min)
    python bench/search_probe.py --quick    stress 600 / 3,000, one run: checks that it runs

Two data directories are seeded once (``nurture seed``, as ``bench/run.py`` does), and each is
read once by ``nurture queue --json`` (the derived indexes made, the page cache warm). Every
figure is the median of a few runs, set against a baseline measured in the same run:

- a search keystroke: ``Nurture.search`` of a one-word query in-process, the index already
  brought up to date (what the search screen's worker does on each key), at stress against
  small (≤ 1.5×), and at most 30 ms at stress. The word is in one note (logged into each
  directory by the probe): what a user types to find what one person said. The worst case, a
  word of nearly half the seeded notes, is shown against the 30 ms too (its ratio to small is
  shown for reference: its matches grow with the data, so its cost does);
- ``nurture search portfolio`` (the common word, 200 rows printed) against ``nurture queue
  --json``, each a process of its own, at stress (≤ 1.5×: starting the process dominates both);
- building the index from nothing at stress (a fresh repository, no ``search.sqlite``) against
  reading and parsing every data file with orjson once (≤ 3×);
- ``nurture log`` at stress with the index present (it is updated by the write) against the same
  command with no index (≤ 1.1×), each a process of its own on a copy of the data.

Exits 1 if a target is missed (never with ``--quick``: its sizes are too small for the ratios
to mean anything).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nurture.services import Nurture  # noqa: E402
from nurture.store import Repository  # noqa: E402
from nurture.store.search_index import SearchIndex  # noqa: E402

TODAY = date(2026, 11, 23)
SIZES = {"full": {"small": (20, 100), "stress": (10_000, 50_000)},
         "quick": {"small": (20, 100), "stress": (600, 3_000)}}  # fmt: skip
RUNS = {"full": 7, "quick": 1}
#: The one-word query a user types to find what one person said: one note holds it, at every
#: size (the probe logs it into each seeded directory).
WORD = "quokka"
#: The worst case: a word of the seeded notes ("They offered to look at my portfolio…") in
#: nearly half of them and in an action item ("Send portfolio link"), at every size.
COMMON = "portfolio"
INDEX_FILE = "search.sqlite"


@dataclass
class Row:
    figure: str
    measured: float
    baseline: float | None
    unit: str
    #: measured / baseline must be at most this; or, with ``limit``, measured must be at most that.
    target: float | None = None
    limit: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.measured / self.baseline if self.baseline else None

    @property
    def passed(self) -> bool:
        if self.limit is not None:
            return self.measured <= self.limit
        return self.ratio is not None and self.target is not None and self.ratio <= self.target


def nurture(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "nurture", "--data-dir", str(data), *args]


def run(args: list[str]) -> float:
    """Seconds a command takes, in a process of its own."""
    start = time.perf_counter()
    r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    if r.returncode:
        raise RuntimeError(f"{' '.join(args[3:9])}… exited {r.returncode}: {r.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def seed(root: Path, name: str, size: tuple[int, int]) -> Path:
    data = root / name
    run(nurture(data, "seed", "--contacts", str(size[0]), "--interactions", str(size[1]),
                "--as-of", TODAY.isoformat()))  # fmt: skip
    service = service_on(data)
    someone = min(service.context.repo.stored_contacts())
    service.log(someone, "coffee", TODAY, notes=f"She keeps a {WORD} on her desk; ask her why.")
    run(nurture(data, "queue", "--json", "--as-of", TODAY.isoformat()))  # the derived indexes, the page cache
    return data


def service_on(data: Path) -> Nurture:
    return Nurture(Repository(data).open(), today=lambda: TODAY)


def keystroke(data: Path, word: str, runs: int) -> tuple[float, int]:
    """Seconds of ``Nurture.search(word)`` in-process, the index warm and up to date (what the
    search screen's worker does on each key), and how many texts match."""
    service = service_on(data)
    found = service.search(word)  # builds or refreshes the index, reads the contacts
    if not found.hits:
        raise RuntimeError(f"{word!r} finds nothing in {data}: the probe would measure nothing")
    service.search(word)

    def once() -> float:
        t = time.perf_counter()
        service.search(word)
        return time.perf_counter() - t

    return median_of(max(runs, 5) * 3, once), found.total


def parse_every_file(data: Path) -> float:
    """Seconds to read and parse (orjson) every data file once."""
    t = time.perf_counter()
    for f in [*data.glob("*.json"), *(data / "interactions").glob("*.json")]:
        orjson.loads(f.read_bytes())
    return time.perf_counter() - t


def build_from_nothing(data: Path) -> float:
    """Seconds to build the index with no index file, on a repository just opened."""
    (data / INDEX_FILE).unlink(missing_ok=True)
    t = time.perf_counter()
    SearchIndex(Repository(data).open()).refresh()
    return time.perf_counter() - t


def log_with_and_without(stress: Path, scratch: Path, runs: int) -> tuple[float, float]:
    """Seconds of ``nurture log`` with the index present and with none, alternating, each on
    a contact of its own, on a copy of the stress data."""
    work = scratch / "log"
    shutil.copytree(stress, work, symlinks=True)
    ids = sorted(Repository(work).open().stored_contacts())[: 2 * runs + 1]
    as_of = ("--as-of", TODAY.isoformat())

    def log(contact_id: str) -> float:
        return run(nurture(work, "log", contact_id, "--kind", "call", "--note", "bench note about portfolios", *as_of))

    log(ids[-1])  # the run's one backup of this copy
    with_index, without = [], []
    for n in range(runs):
        SearchIndex(Repository(work).open()).refresh()
        with_index.append(log(ids[2 * n]))
        (work / INDEX_FILE).unlink(missing_ok=True)
        without.append(log(ids[2 * n + 1]))
    shutil.rmtree(work)
    return statistics.median(with_index), statistics.median(without)


def probe(root: Path, sizes: dict[str, tuple[int, int]], runs: int) -> list[Row]:
    small, stress = seed(root, "small", sizes["small"]), seed(root, "stress", sizes["stress"])
    (key_small, _), (key_stress, _) = keystroke(small, WORD, runs), keystroke(stress, WORD, runs)
    (common_small, _), (common_stress, many) = keystroke(small, COMMON, runs), keystroke(stress, COMMON, runs)
    as_of = ("--as-of", TODAY.isoformat())
    search_cmd, queue_cmd = nurture(stress, "search", COMMON, *as_of), nurture(stress, "queue", "--json", *as_of)
    run(search_cmd), run(queue_cmd)  # warm
    shell_search, shell_queue = median_of(runs, lambda: run(search_cmd)), median_of(runs, lambda: run(queue_cmd))
    parse_every_file(stress)
    parsed = median_of(runs, lambda: parse_every_file(stress))
    built = median_of(runs, lambda: build_from_nothing(stress))
    with_index, without = log_with_and_without(stress, root, runs)
    return [
        Row(f"keystroke: {WORD!r} (1 match)", key_stress, key_small, "ms", target=1.5),
        Row(f"keystroke: {WORD!r} (1 match), stress", key_stress, None, "ms", limit=0.030),
        Row(f"keystroke: {COMMON!r} ({many:,} matches)", common_stress, common_small, "ms", limit=0.030),
        Row(f"shell: nurture search {COMMON} vs queue", shell_search, shell_queue, "s", target=1.5),
        Row("index: build from nothing vs orjson", built, parsed, "s", target=3.0),
        Row("write: nurture log, index vs none", with_index, without, "s", target=1.1),
    ]


def table(rows: list[Row]) -> str:
    head = f"| {'figure':<42} | {'measured':>11} | {'baseline':>11} | {'ratio':>6} | {'target':>8} | pass |"
    lines = [head, "|" + "|".join("-" * len(c) for c in head.split("|")[1:-1]) + "|"]
    for r in rows:
        scale = 1000 if r.unit == "ms" else 1
        measured = f"{r.measured * scale:8.3f} {r.unit}"
        baseline = f"{r.baseline * scale:8.3f} {r.unit}" if r.baseline is not None else "—"
        ratio = f"{r.ratio:5.2f}×" if r.ratio is not None else "—"
        target = f"≤ {r.limit * scale:g} {r.unit}" if r.limit is not None else f"≤ {r.target:g}×"
        lines.append(
            f"| {r.figure:<42} | {measured:>11} | {baseline:>11} | {ratio:>6} | {target:>8} | "
            f"{'yes' if r.passed else 'NO':<4} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="stress at 600 / 3,000, one run: a smoke run, not a measure")
    args = ap.parse_args(argv)
    mode = "quick" if args.quick else "full"
    sizes, runs = SIZES[mode], RUNS[mode]
    with tempfile.TemporaryDirectory(prefix="nurture-bench-") as tmp:
        rows = probe(Path(tmp), sizes, runs)
    (sc, si), (tc, ti) = sizes["stress"], sizes["small"]
    print(f"search at stress {sc:,} contacts / {si:,} interactions against small {tc:,} / {ti:,} "
          f"(python {sys.version.split()[0]}, median of {runs}; query {WORD!r})\n")  # fmt: skip
    print(table(rows))
    if args.quick:
        return 0
    return 0 if all(r.passed for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
