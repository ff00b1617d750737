"""The dashboard in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``, which .ci/run installs) opens the address ``nurture serve`` printed, the
dashboard draws, keys typed in the page add a contact, and the shell sees it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench.browser import (
    chromium,
    find_chromium,
    free_port,
    open_dashboard,
    screen_text,
    send_keys,
    serving,
    wait_until,
)
from nurture.demo import seed_demo
from nurture.store import Repository
from tests.guard import allow_loopback, guarded_env

TODAY = date(2026, 11, 23)

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="no Chromium: apt-get install chromium chromium-driver (.ci/run does) to run the browser test",
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """The test talks to the server it started and to chromedriver, on loopback only."""
    allow_loopback(monkeypatch)


def names(data: Path) -> list[str]:
    r = subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(data), "list", "--json", "--as-of", TODAY.isoformat()],
        capture_output=True, text=True, env=guarded_env(), check=True,
    )  # fmt: skip
    return [c["name"] for c in json.loads(r.stdout)]


def test_a_contact_added_in_the_browser_is_in_the_shells_list(tmp_path):
    shot = tmp_path / "browser.png"  # what the page showed, kept with the test's files
    data = tmp_path / "data"
    seed_demo(Repository(data).open(), TODAY)
    with serving(data, free_port(), "--as-of", TODAY.isoformat(), env=guarded_env()) as served, chromium() as page:
        open_dashboard(page, served.url)
        assert wait_until(lambda: page.current_url == served.base + "/", 10), page.current_url  # token gone
        assert wait_until(lambda: "Noah Petersen" in screen_text(page), 60), "the dashboard never drew"
        assert "Contacts (39)" in screen_text(page)
        send_keys(page, "a")
        assert wait_until(lambda: "Add a contact" in screen_text(page), 30)
        send_keys(page, "Browser Visitor")
        assert wait_until(lambda: "Browser Visitor" in screen_text(page), 30)  # echoed in the form
        send_keys(page, "ctrl+s")
        assert wait_until(lambda: "Browser Visitor" in names(data), 30, every=0.5)
        page.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    assert len(names(data)) == 40
