"""A quick probe of the dashboard at scale (the full benchmark is a separate issue).

    python bench/dashboard_probe.py

Builds a tiny and a stress database (10,000 contacts, 50,000 interactions with 500-character
notes), opens the dashboard headless on each, and prints load time and the cost of typing into
the contact filter, with the stress/tiny ratio measured in the same run.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nurture.app import create_app  # noqa: E402
from nurture.domain.models import Contact, Interaction  # noqa: E402
from nurture.services import Nurture  # noqa: E402
from nurture.store import Repository  # noqa: E402

TODAY = date(2026, 11, 23)


def build(data_dir: Path, contacts: int, interactions: int) -> None:
    rng = random.Random(1)
    people = [
        Contact(id=f"{i:08x}-0000-4000-8000-{i:012d}", name=f"Person {i:05d}", company=f"Co {i % 500}",
                stage=rng.choice(["prospect", "met", "nurturing", "requested"]), created=datetime(2025, 1, 1))
        for i in range(contacts)
    ]
    notes = [
        Interaction(id=f"i{k}", contact_id=people[rng.randrange(contacts)].id,
                    on=TODAY - timedelta(days=rng.randrange(700)),
                    kind=rng.choice(["coffee", "email", "thank-you", "update", "outreach"]), notes="x" * 500)
        for k in range(interactions)
    ]
    Repository(data_dir).save(contacts=people, interactions=notes)


async def measure(contacts: int, interactions: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "data", contacts, interactions)
        app = create_app(Nurture(Repository(Path(tmp) / "data").open(), today=lambda: TODAY))
        t0 = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            loaded = time.perf_counter() - t0
            await pilot.press("slash")
            t1 = time.perf_counter()
            for ch in "person 0":
                await pilot.press(ch if ch != " " else "space")
            await pilot.pause()
            typed = (time.perf_counter() - t1) / 8
    return loaded, typed


def main() -> None:
    tiny = asyncio.run(measure(20, 100))
    stress = asyncio.run(measure(10_000, 50_000))
    print(f"{'figure':<28}{'20 contacts':>14}{'10k / 50k':>14}{'ratio':>8}")
    for label, a, b in (("open to first full frame", tiny[0], stress[0]), ("filter keystroke", tiny[1], stress[1])):
        print(f"{label:<28}{a:>13.3f}s{b:>13.3f}s{b / a:>8.2f}")


if __name__ == "__main__":
    main()
