"""Regenerate the README's screenshots from the demo data at a pinned date.

    python scripts/screenshots.py            # writes screenshots/*.svg
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nurture.app import create_app  # noqa: E402
from nurture.demo import seed_demo  # noqa: E402
from nurture.services import Nurture  # noqa: E402
from nurture.store import Repository  # noqa: E402

PINNED = date(2026, 11, 23)
SHOTS = [
    ("dashboard", (120, 40), []),
    ("dashboard-80x24", (80, 24), []),
    ("add-contact", (120, 40), ["a"]),
    ("log-interaction", (120, 40), ["l"]),
    ("help", (120, 40), ["question_mark"]),
    ("weekly-review", (120, 40), ["w", "left"]),
    # ("#id", "text") puts text in a field; paths are relative to the repository
    ("import-preview", (120, 40), ["i", ("#path", "tests/fixtures/exchange/linkedin_connections.csv"), "enter"]),
]


async def shoot(name: str, size: tuple[int, int], keys: list[str], out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ticks = iter(range(1, 1_000_000))

        def now() -> datetime:
            return datetime.combine(PINNED, time(12)) + timedelta(seconds=next(ticks))

        repo = Repository(Path(tmp) / "data", now=now).open()
        seed_demo(repo, PINNED)
        app = create_app(Nurture(repo, today=lambda: PINNED, now=now), demo=True)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            for key in keys:
                if isinstance(key, tuple):
                    app.screen.query_one(key[0]).value = key[1]
                    continue
                await pilot.press(key)
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(out))


def main() -> None:
    import os

    os.chdir(ROOT)
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    for name, size, keys in SHOTS:
        asyncio.run(shoot(name, size, keys, out))
        print(f"screenshots/{name}.svg")


if __name__ == "__main__":
    main()
