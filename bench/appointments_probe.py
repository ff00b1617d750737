"""Appointments at 10,000 contacts / 50,000 interactions: what booking adds to what the user
waits for (issue 20 sets no figure of its own; these say that it adds little).

    python bench/appointments_probe.py            stress 10,000 / 50,000 (~3 min)
    python bench/appointments_probe.py --quick    stress 600 / 3,000, one run: checks that it runs

One data directory is seeded (``nurture seed``, which books a few dozen appointments among the
scheduled and met people), then each figure is the median of a few runs, set against a baseline
measured in the same run:

- the dashboard's queue and rows (``overview``, in-process) on the network with its
  appointments against the same network with none (≤ 1.05×);
- ``nurture book ID --at …`` against ``nurture log ID --kind note`` (≤ 1.2×: both one save);
- ``nurture import invite.ics`` (one Google Calendar invitation for a seeded contact's email)
  against ``nurture log`` (≤ 1.5×: the invitation is matched against every contact's emails);
- ``nurture export --format ics`` with the appointments against the same directory without
  them (≤ 1.2×).

Exits 1 if a target is missed (never with ``--quick``).
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_probe import TODAY, Row, median_of, nurture, run, service_on  # noqa: E402

from nurture.domain.overview import overview  # noqa: E402

SIZES = {"full": (10_000, 50_000), "quick": (600, 3_000)}
RUNS = {"full": 7, "quick": 1}
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
INVITE = """BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
METHOD:REQUEST\r
BEGIN:VEVENT\r
DTSTART:{start}\r
DTEND:{end}\r
DTSTAMP:20261120T090000Z\r
ORGANIZER;CN=Them:mailto:{email}\r
UID:{uid}@google.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:me@example.org\r
SUMMARY:Coffee chat\r
SEQUENCE:0\r
STATUS:CONFIRMED\r
END:VEVENT\r
END:VCALENDAR\r
"""


def seed(root: Path, size: tuple[int, int]) -> Path:
    data = root / "stress"
    run(nurture(data, "seed", "--contacts", str(size[0]), "--interactions", str(size[1]),
                "--as-of", TODAY.isoformat()))  # fmt: skip
    run(nurture(data, "queue", "--json", "--as-of", TODAY.isoformat()))  # the derived indexes, the page cache
    return data


def overview_seconds(data: Path, runs: int) -> tuple[float, float, int]:
    """Seconds of ``overview`` with the network's appointments and with none, and how many."""
    network = service_on(data).network()
    bare = dataclasses.replace(network, appointments=())

    def once(of) -> float:
        fresh = dataclasses.replace(of)  # its cached indices made again, as after a reload
        t = time.perf_counter()
        overview(fresh, TODAY, 7, now=NOW)
        return time.perf_counter() - t

    with_them = median_of(max(runs, 3), lambda: once(network))
    without = median_of(max(runs, 3), lambda: once(bare))
    return with_them, without, len(network.appointments)


def shell_figures(data: Path, runs: int, work: Path) -> list[Row]:
    service = service_on(data)
    contacts = [c for c in service.network().contacts.values() if not c.archived]
    people = [c for c in contacts if not c.email][: runs * 2 + 2]
    emailed = [c for c in contacts if c.email][: runs + 1]
    as_of = ("--as-of", TODAY.isoformat())
    counter = iter(range(10_000))

    def book() -> float:
        n = next(counter)
        at = f"{(TODAY + timedelta(days=3 + n)).isoformat()} 15:00"
        return run(nurture(data, "book", people[n % len(people)].id, "--at", at, *as_of))

    def log() -> float:
        return run(nurture(data, "log", people[next(counter) % len(people)].id, "--kind", "note", *as_of))

    def invite() -> float:
        n = next(counter)
        start = datetime(2026, 12, 1, 14, 0, tzinfo=UTC) + timedelta(days=n)
        path = work / f"invite-{n}.ics"
        end = start + timedelta(minutes=20)
        path.write_text(INVITE.format(start=f"{start:%Y%m%dT%H%M%SZ}", end=f"{end:%Y%m%dT%H%M%SZ}",
                                      email=emailed[n % len(emailed)].email, uid=f"bench-{n}"))  # fmt: skip
        return run(nurture(data, "import", str(path), *as_of))

    booked, logged = median_of(runs, book), median_of(runs, log)
    imported, logged_again = median_of(runs, invite), median_of(runs, log)
    bare = work / "no-appointments"
    shutil.copytree(data, bare)
    (bare / "appointments.json").unlink()
    ics = median_of(runs, lambda: run(nurture(data, "export", "--format", "ics", *as_of)))
    ics_bare = median_of(runs, lambda: run(nurture(bare, "export", "--format", "ics", *as_of)))
    return [
        Row("shell: nurture book vs nurture log", booked, logged, "s", target=1.2),
        Row("shell: import one invitation vs nurture log", imported, logged_again, "s", target=1.5),
        Row("export: ics with appointments vs without", ics, ics_bare, "s", target=1.2),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: checks that it runs")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    size, runs = SIZES[mode], RUNS[mode]
    with tempfile.TemporaryDirectory(prefix="nurture-appointments-bench-") as tmp:
        root = Path(tmp)
        data = seed(root, size)
        with_them, without, count = overview_seconds(data, runs)
        rows = [Row(f"dashboard: overview with {count} appointments vs none", with_them, without, "s", target=1.05)]
        rows += shell_figures(data, runs, root)
    print(f"\nAppointments at {size[0]:,} contacts / {size[1]:,} interactions ({runs} runs each, median)\n")
    print("| figure | measured | baseline | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        print(f"| {r.figure} | {r.measured:.3f} {r.unit} | {r.baseline:.3f} {r.unit} | {ratio} | "
              f"≤ {r.target:g}× | {'yes' if r.passed else 'NO'} |")  # fmt: skip
    return 0 if args.quick or all(r.passed for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
