"""What every screen gets from its base (``nurture/screens/base.py``): reads and writes off the UI
thread, one way of saying a read failed, and nothing shown on a screen that has closed."""

from __future__ import annotations

import threading

import pytest

from nurture.screens.base import NurtureHost, NurtureScreen
from nurture.screens.dashboard import DashboardScreen
from nurture.screens.review import ReviewScreen
from nurture.store.errors import DataFileError
from tests.tui.conftest import contact_named, settle, static_text

DAMAGED = "data file interactions/3.json is not valid JSON [b]here[/b]. It was left untouched."


def errors(app) -> list[tuple[str, str]]:
    return [(n.title, str(n.message)) for n in app._notifications if n.severity == "error"]


async def test_the_app_is_what_screens_take_it_for(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(demo_app, NurtureHost)
        screen = demo_app.screen
        assert isinstance(screen, NurtureScreen)
        assert screen.service is demo_app.service and screen.clock is demo_app.clock
        assert screen.today == demo_app.service.today()


@pytest.mark.parametrize("when", ["opening", "moving"])
async def test_a_review_that_cannot_be_read_says_so_and_the_app_goes_on(demo_app, monkeypatch, when):
    """The review's loader once had no error handling: a damaged file killed its worker, and the
    app with it. Now the error is said (as text, never markup) and the screen stays usable."""

    def damaged(day=None):
        raise DataFileError(DAMAGED)

    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if when == "opening":
            monkeypatch.setattr(demo_app.service, "review", damaged)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(demo_app.screen, ReviewScreen)
        if when == "moving":
            week = static_text(demo_app, "#week")
            assert week.startswith("Mon 23 Nov – Sun 29 Nov 2026")
            monkeypatch.setattr(demo_app.service, "review", damaged)
            await pilot.press("left")
            await settle(pilot)
            assert static_text(demo_app, "#week") == week  # what was shown stays
        assert errors(demo_app) == [("Could not read your data", DAMAGED)]
        assert demo_app.is_running and isinstance(demo_app.screen, ReviewScreen)
        monkeypatch.undo()  # the file is mended: the next move reads it
        await pilot.press("left")
        await settle(pilot)
        assert "weeks ago" in static_text(demo_app, "#week") or "last week" in static_text(demo_app, "#week")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
    assert demo_app.return_code in (None, 0)


async def test_marking_a_week_reviewed_writes_in_the_background(demo_app, monkeypatch):
    """r no longer writes on the UI thread: the write runs in a worker, a failure is a "Not
    saved" notice, and the screen reloads after it either way."""
    ui = threading.get_ident()
    seen: list[int] = []
    real = demo_app.service.mark_reviewed

    def mark(day=None):
        seen.append(threading.get_ident())
        return real(day)

    monkeypatch.setattr(demo_app.service, "mark_reviewed", mark)
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert seen and seen[0] != ui
        assert "reviewed 23 Nov" in static_text(demo_app, "#week")

        def full(day=None):
            raise DataFileError("could not write reviews.json: the disk is full. Nothing was changed.")

        monkeypatch.setattr(demo_app.service, "mark_reviewed", full)
        await pilot.press("left", "r")
        await settle(pilot)
        assert ("Not saved", "could not write reviews.json: the disk is full. Nothing was changed.") in errors(demo_app)
        assert isinstance(demo_app.screen, ReviewScreen) and demo_app.is_running


@pytest.mark.parametrize(
    ("opens", "acts", "write", "who"),
    [
        ("c", "space", "set_action_done", None),  # commitments: mark the first one done
        ("p", "shift+right", "move_stage", "Peter Novak"),  # the pipeline: move someone on
    ],
)
async def test_a_write_and_its_reload_that_land_after_the_screen_closed_are_dropped(
    demo_app, monkeypatch, opens, acts, write, who
):
    """A screen closed (esc) while its write was on its way: the write still lands, and what
    would follow it (the reload, a notice) is dropped, not run on a screen whose widgets are gone
    (it was NoMatches, or NoActiveAppError from the worker thread, and the app stopped)."""
    gate, started = threading.Event(), threading.Event()
    real = getattr(demo_app.service, write)

    def slow(*args, **kwargs):
        started.set()
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(demo_app.service, write, slow)
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if who:
            demo_app.screen.go_to(contact_named(demo_app, who).id)
        done_before = sum(a.done for i in demo_app.service.network().interactions for a in i.action_items)
        await pilot.press(opens)
        await settle(pilot)
        await pilot.press(acts)
        for _ in range(500):
            if started.is_set():
                break
            await pilot.pause(0.01)
        assert started.is_set()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(demo_app.screen, DashboardScreen)
        gate.set()
        await settle(pilot)
        await pilot.pause(0.1)
        assert demo_app.is_running and isinstance(demo_app.screen, DashboardScreen)
        after = demo_app.service.network()
        if who:
            assert contact_named(demo_app, who).stage == "scheduled"
        else:
            assert sum(a.done for i in after.interactions for a in i.action_items) == done_before + 1
    assert demo_app.return_code in (None, 0)


async def test_a_load_that_lands_after_the_screen_closed_is_dropped(demo_app, monkeypatch):
    """The commitments screen reads every note in a worker; closed before that read is done,
    what it read is not shown (the screen's widgets are gone) and the app goes on."""
    gate, started = threading.Event(), threading.Event()
    real = demo_app.service.commitments

    def slow():
        started.set()
        assert gate.wait(10)
        return real()

    monkeypatch.setattr(demo_app.service, "commitments", slow)
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        for _ in range(500):
            if started.is_set():
                break
            await pilot.pause(0.01)
        assert started.is_set()
        demo_app.screen.dismiss(None)  # keys wait while it loads (esc would act after it): close it now
        await pilot.pause()
        assert isinstance(demo_app.screen, DashboardScreen)
        gate.set()
        await pilot.pause(0.2)
        await settle(pilot)
        assert demo_app.is_running and isinstance(demo_app.screen, DashboardScreen)
        assert not errors(demo_app)
    assert demo_app.return_code in (None, 0)
