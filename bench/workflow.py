"""The method's screens at scale, as ratios measured in one run (no pass/fail: a look, not a gate).

    nurture --data-dir /tmp/stress seed --contacts 10000 --interactions 50000
    python bench/workflow.py /tmp/stress

Prints: the pipeline's columns and the target coverage against the dashboard's own overview
(queue and rows) on the same data; meeting mode's autosave against a bare atomic write of the
same bytes; and how long ending a meeting takes. All of them run in worker threads.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nurture.domain.library import MeetingDraft, Referral  # noqa: E402
from nurture.domain.overview import overview  # noqa: E402
from nurture.domain.pipeline import columns  # noqa: E402
from nurture.services import Nurture  # noqa: E402
from nurture.store import Repository  # noqa: E402
from nurture.store.files import atomic_write  # noqa: E402

TODAY = date(2026, 11, 23)


def median_ms(f: Callable[[], object], n: int = 10) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(source: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(source, data)  # never touch the seeded copy
        svc = Nurture(Repository(data).open(), today=lambda: TODAY)
        contact = next(iter(svc.network().contacts))
        for name in ("Stripe", "Figma", "Monzo", "Spotify", "Nobody Inc"):
            if name not in {t.name for t in svc.targets()}:
                svc.add_target(name)
        people = len(svc.network().contacts)
        notes = "x" * 3000
        view = median_ms(lambda: overview(svc.network(), TODAY, 7, "name"), 5)
        pipeline = median_ms(lambda: columns(svc.network(), TODAY), 5)
        cover = median_ms(svc.coverage, 5)
        autosave = median_ms(lambda: svc.save_meeting(MeetingDraft(contact, 0.0, notes=notes)), 20)
        bare = median_ms(lambda: atomic_write(Path(tmp) / "bare.json", notes.encode()), 20)
        start = time.perf_counter()
        svc.end_meeting(MeetingDraft(contact, 0.0, notes=notes, referrals=(Referral("Zed New"),)), "video", 20)
        end = (time.perf_counter() - start) * 1000
    print(f"{people:,} contacts")
    print(f"pipeline columns / dashboard overview  {pipeline / view:5.2f}x  ({pipeline:.0f} / {view:.0f} ms)")
    print(f"target coverage / dashboard overview   {cover / view:5.2f}x  ({cover:.0f} ms)")
    print(f"meeting autosave / bare atomic write   {autosave / bare:5.2f}x  ({autosave:.1f} / {bare:.1f} ms)")
    print(f"ending a meeting (log, referral, draft closed in one save): {end:.0f} ms")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
