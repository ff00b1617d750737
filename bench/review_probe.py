"""The weekly review and the commitments screen at scale, as ratios against 20 contacts in one run.

    python bench/review_probe.py DIR_10K DIR_30K        copies of seeded data directories (read only)
    python bench/review_probe.py --seed 10000 30000     seeds them first (as `nurture seed`)

For each size, in a fresh process each: the dashboard at 120×40 with its data shown, then `w`
→ the review painted and `esc` → the dashboard shown again, ``RUNS`` times; then `c` → the
commitments painted and back. Reported: the first opening and the median of the others, the
first as a ratio to the same at 20 contacts, the longest gap between ticks of a 10 ms timer on
the UI thread while it opened (a stall the user would feel), and the full records decoded
(``Interaction.from_dict`` calls) against those the review asked for (``Log.these``).

Each size is measured twice. "as is": the store as it is (``Log.these`` decodes whole shards).
"ideal": ``Log.these`` decodes only the records it is given, from the shards parsed before the
timing (what reading those records' bytes only will cost, to separate the review's own cost
from the store's). ``nurture review`` in the shell is timed as a subprocess, store as is.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
RUNS = 4
#: The issue's targets, key to review painted: 0.5 s at 10k and 1 s at 30k where 20 contacts took
#: 0.14 s; as ratios to 20 contacts, so that a busy machine does not move them.
BASE_SECONDS = 0.14
TARGETS = {10_000: 0.5 / BASE_SECONDS, 30_000: 1.0 / BASE_SECONDS}


def seed(root: Path, contacts: int) -> Path:
    data = root / f"s{contacts}"
    subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(data), "seed", "--contacts", str(contacts),
         "--interactions", str(contacts * 5), "--as-of", TODAY.isoformat()],
        check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
    )  # fmt: skip
    return data


# --- one size, in a child process -------------------------------------------------------------


def _ideal_store(data: Path) -> None:
    """``Log.these`` decoding only the records asked for, from every shard parsed now."""
    import orjson

    from nurture.domain.models import Interaction
    from nurture.store import log as store_log

    raw: dict[str, dict[str, Any]] = {}
    for shard in sorted((data / "interactions").glob("*.json")):
        raw.update(orjson.loads(shard.read_bytes()).get("interactions", {}))

    def these(self: Any, entries: Any) -> list[Interaction]:
        return [Interaction.from_dict(raw[e.id]) for e in entries if e.id in raw]

    setattr(store_log.ShardLog, "these", these)  # noqa: B010 (a method replaced for this run)


def _wrap(owner: type, name: str, after: Any) -> None:
    """``owner.name`` still runs, then ``after(self, *args)``."""
    real = getattr(owner, name)

    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        out = real(self, *args, **kwargs)
        after(self, *args)
        return out

    setattr(owner, name, wrapped)


async def _child(data: Path, what: str, ideal: bool) -> dict[str, Any]:
    from nurture.app import create_app
    from nurture.domain.models import Interaction
    from nurture.screens.commitments import CommitmentsScreen
    from nurture.screens.dashboard import DashboardScreen
    from nurture.screens.review import ReviewScreen
    from nurture.services import Nurture
    from nurture.store import Repository
    from nurture.store import log as store_log

    if ideal:
        _ideal_store(data)
    decoded, asked = [0], [0]
    from_dict = Interaction.from_dict.__func__  # type: ignore[attr-defined]

    def counting(cls: type, d: dict) -> Interaction:
        decoded[0] += 1
        return from_dict(cls, d)

    setattr(Interaction, "from_dict", classmethod(counting))  # noqa: B010
    these = store_log.ShardLog.these

    def counted_these(self: Any, entries: Any) -> Any:
        entries = list(entries)
        asked[0] += len(entries)
        return these(self, entries)

    setattr(store_log.ShardLog, "these", counted_these)  # noqa: B010

    painted = {"review": asyncio.Event(), "dash": asyncio.Event(), "commitments": asyncio.Event()}
    _wrap(ReviewScreen, "show", lambda screen, *_: screen.call_after_refresh(painted["review"].set))
    _wrap(DashboardScreen, "apply", lambda screen, *_: screen.call_after_refresh(painted["dash"].set))
    _wrap(CommitmentsScreen, "show", lambda screen, *_: screen.call_after_refresh(painted["commitments"].set))

    app = create_app(Nurture(Repository(data).open(), today=lambda: TODAY))
    app.owns_process = True  # as the console script runs it: the collector set as it sets it
    out: dict[str, Any] = {"open": [], "back": [], "stall": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(painted["dash"].wait(), 300)
        await pilot.pause(0.5)
        last, gaps = [time.perf_counter()], [0.0]

        def tick() -> None:
            now = time.perf_counter()
            gaps[0] = max(gaps[0], now - last[0])
            last[0] = now

        app.set_interval(0.01, tick)
        key = "w" if what == "review" else "c"
        for run in range(RUNS):
            for event in painted.values():
                event.clear()
            before = decoded[0], asked[0]
            gaps[0], last[0] = 0.0, time.perf_counter()
            t = time.perf_counter()
            await pilot.press(key)
            await asyncio.wait_for(painted[what].wait(), 300)
            out["open"].append(time.perf_counter() - t)
            if run == 0:
                out["decoded"], out["asked"] = decoded[0] - before[0], asked[0] - before[1]
            await pilot.pause(0.5)  # a stall just after the paint counts too
            out["stall"].append(gaps[0])
            t = time.perf_counter()
            await pilot.press("escape")
            await asyncio.wait_for(painted["dash"].wait(), 300)
            out["back"].append(time.perf_counter() - t)
            await pilot.pause(0.3)
    return out


def shell_review(data: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nurture", "--data-dir", str(data), "review", "--week",
                    TODAY.isoformat(), "--as-of", TODAY.isoformat()],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT)  # fmt: skip
    return time.perf_counter() - t


def measure(data: Path, what: str, ideal: bool) -> dict[str, Any]:
    args = [sys.executable, __file__, "--child", str(data), what] + (["--ideal"] if ideal else [])
    out = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def _later(xs: list[float]) -> float:
    return statistics.median(xs[1:] or xs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, help="data directories to measure (only read)")
    ap.add_argument("--seed", nargs="*", type=int, default=[], metavar="CONTACTS", help="seed these sizes first")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--ideal", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(asyncio.run(_child(Path(args.child[0]), args.child[1], args.ideal))))
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="nurture-review-") as tmp:
        root = Path(tmp)
        for d in [seed(root, 20), *args.dirs, *(seed(root, n) for n in args.seed)]:
            contacts = len(json.loads((d / "contacts.json").read_bytes()).get("contacts", {}))
            shell_review(d)  # the file cache warm, .pyc written
            shell = statistics.median(shell_review(d) for _ in range(3))
            for ideal in (False, True):
                rows.append((contacts, ideal, measure(d, "review", ideal), measure(d, "commitments", ideal), shell))
    base = {ideal: (r, c, shell) for contacts, ideal, r, c, shell in rows if contacts <= 20}
    print(f"{'contacts':>9} {'store':>6} | {'w first':>8} {'later':>7} {'ratio':>6} {'target':>10} "
          f"{'stall':>6} {'decoded':>8} {'asked':>7} | {'esc':>7} | {'c first':>8} {'later':>7} "
          f"{'ratio':>6} {'stall':>6} {'decoded':>8} | {'shell':>6} {'ratio':>6}")  # fmt: skip
    for contacts, ideal, r, c, shell in rows:
        br, bc, bshell = base[ideal]
        first = r["open"][0]
        target = next((t for n, t in sorted(TARGETS.items()) if contacts <= n), TARGETS[max(TARGETS)])
        ratio = first / br["open"][0]
        ok = "" if contacts <= 20 else f"≤ {target:.1f}× {'ok' if ratio <= target else 'NO'}"
        print(f"{contacts:>9,} {'ideal' if ideal else 'as is':>6} | {first:>7.3f}s {_later(r['open']):>6.3f}s "
              f"{ratio:>5.1f}× {ok:>10} {max(r['stall']):>5.3f}s {r['decoded']:>8,} "
              f"{r['asked']:>7,} | {_later(r['back']):>6.3f}s | {c['open'][0]:>7.3f}s "
              f"{_later(c['open']):>6.3f}s {c['open'][0] / bc['open'][0]:>5.1f}× {max(c['stall']):>5.3f}s "
              f"{c['decoded']:>8,} | {shell:>5.2f}s {shell / bshell:>5.1f}×")  # fmt: skip
    print("target: the issue's 0.5 s at 10k and 1 s at 30k over its 0.14 s at 20 contacts, as ratios")
    return 0


if __name__ == "__main__":
    sys.exit(main())
