"""Regenerate the README's screenshots from the demo data at a pinned date.

python scripts/screenshots.py            # writes screenshots/*.svg, and browser.png when Chromium is here
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
    ("pipeline", (120, 40), [("go", "Lucas Martin"), "p"]),
    # ("go", name) selects a contact; ("type", text) types; ("minutes", n) moves the meeting clock on
    (
        "meeting-mode",
        (120, 40),
        [
            ("go", "Lucas Martin"),
            "m",
            "ctrl+n",
            "ctrl+n",
            ("type", "Moved from agency work to Mirakl three years ago; misses the variety, not the deadlines."),
            "enter",
            "ctrl+t",
            ("type", "Show the process behind the work, not only the polish"),
            "enter",
            ("type", "Their design ops team is four people; they run a monthly critique with engineering."),
            "enter",
            "ctrl+o",
            ("type", "Send my case study on the onboarding redesign by Friday"),
            "enter",
            "ctrl+b",
            ("type", "Will introduce me to their head of research"),
            "ctrl+n",
            ("minutes", 18.2),
        ],
    ),
    ("outreach-draft", (120, 40), [("go", "Peter Novak"), "o"]),
    (
        "booking",
        (120, 40),
        [("go", "Isabel Ortega"), "b", ("type", "thu 3pm"), "tab", "tab", ("type", "https://zoom.us/j/81234567890")],
    ),
    ("question-prep", (120, 40), [("go", "Grace Liu"), "Q", "down", "down", "space"]),
    ("target-companies", (120, 40), ["T"]),
    ("search", (120, 40), ["ctrl+f", ("type", "portfolio*"), "down", "down"]),
]


async def shoot(name: str, size: tuple[int, int], keys: list[str], out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ticks = iter(range(1, 1_000_000))

        def now() -> datetime:
            return datetime.combine(PINNED, time(12)) + timedelta(seconds=next(ticks))

        repo = Repository(Path(tmp) / "data", now=now).open()
        seed_demo(repo, PINNED)
        seconds = [datetime.combine(PINNED, time(10)).timestamp()]
        app = create_app(Nurture(repo, today=lambda: PINNED, now=now), demo=True, clock=lambda: seconds[0])
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            for key in keys:
                if isinstance(key, tuple):
                    what, value = key
                    if what == "go":
                        people = app.service.network().contacts.values()
                        app.screen.go_to(next(c.id for c in people if c.name == value))
                    elif what == "type":
                        await pilot.press(*[ch if ch != " " else "space" for ch in value])
                    elif what == "minutes":
                        seconds[0] += value * 60
                        app.screen._tick()
                    else:
                        app.screen.query_one(what).value = value
                    await pilot.pause()
                    continue
                await pilot.press(key)
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(out))


def shoot_browser(out: Path) -> bool:
    """``nurture serve`` on the demo data, opened in headless Chromium: screenshots/browser.png.
    False (nothing written) without Chromium and its driver."""
    import socket

    from bench.browser import chromium, find_chromium, open_dashboard, screen_text, serving, wait_until

    if find_chromium() is None:
        return False
    with tempfile.TemporaryDirectory(prefix="nurture-shots-") as tmp:
        data = Path(tmp) / "data"
        seed_demo(Repository(data).open(), PINNED)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with serving(data, port, "--as-of", PINNED.isoformat()) as served, chromium(1280, 760) as page:
            open_dashboard(page, served.url)
            wait_until(lambda: "Noah Petersen" in screen_text(page), 60)
            import time as clock

            clock.sleep(1.5)  # the rest of the first frames, and the fade-in
            page.save_screenshot(str(out / "browser.png"))
    return True


def main() -> None:
    import os

    os.chdir(ROOT)
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    for name, size, keys in SHOTS:
        asyncio.run(shoot(name, size, keys, out))
        print(f"screenshots/{name}.svg")
    if shoot_browser(out):
        print("screenshots/browser.png")
    else:
        print("screenshots/browser.png: skipped (no chromium and chromium-driver)")


if __name__ == "__main__":
    main()
