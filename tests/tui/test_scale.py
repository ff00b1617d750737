"""What a heavy networker notices: the dashboard answers keys while it loads and while it saves,
and a contact with a long history opens at once, older entries a key away."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

from textual.widgets import Input

from nurture.domain.models import Interaction, new_id
from nurture.widgets.contact_detail import TIMELINE_PAGE, ContactDetail
from nurture.widgets.contact_list import ContactList
from tests.tui.conftest import make_app, settle, static_text, type_text

TODAY = date(2026, 11, 23)


async def test_while_the_first_load_runs_the_panes_say_so_and_keys_still_work(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    release = threading.Event()
    real = app.service.network

    def slow_network():
        release.wait(10)
        return real()

    app.service.network = slow_network
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#contacts").loading and screen.query_one("#queue").loading
        assert screen.check_action("add", ()) is None  # greyed until everyone is known
        await pilot.press("slash")
        await type_text(pilot, "maya")
        assert screen.query_one("#filter", Input).value == "maya"  # typed while loading
        release.set()
        await settle(pilot)
        assert not screen.query_one("#contacts").loading
        assert [r.contact.name for r in screen.query_one(ContactList).rows] == ["Maya Okafor"]
        assert screen.check_action("add", ()) is True


async def test_keys_pressed_while_a_save_is_on_disk_act_at_once_and_the_save_lands(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    release, started = threading.Event(), threading.Event()
    real_log = app.service.log

    def slow_log(*args, **kwargs):  # a slow disk: the write takes as long as the test says
        started.set()
        release.wait(5)
        return real_log(*args, **kwargs)

    app.service.log = slow_log
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        maya = next(c for c in app.screen.network.contacts.values() if c.name == "Maya Okafor")
        before = len(app.screen.network.timeline(maya.id))
        app.screen.go_to(maya.id)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+s")  # a coffee today, the form's defaults
        await pilot.pause()
        assert started.wait(5)
        await pilot.press("slash")
        await type_text(pilot, "zoë")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "zoë"  # the UI did not wait
        assert [r.contact.name for r in app.screen.query_one(ContactList).rows] == ["Zoë Kowalski"]
        assert len(app.service.network().timeline(maya.id)) == before  # the save is still pending
        release.set()
        await settle(pilot)
        assert len(app.service.network().timeline(maya.id)) == before + 1
        assert "Logged coffee with Maya Okafor" in str([n.message for n in app._notifications])


async def test_a_long_history_shows_a_page_and_plus_shows_more(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    service = app.service
    mentor = service.add_contact("Long History", stage="nurturing")
    total = 2 * TIMELINE_PAGE + 10
    service.context.repo.save(interactions=[
        Interaction(new_id(), mentor.id, TODAY - timedelta(days=n), "email", summary=f"touch {n}",
                    notes="words " * 80, created=datetime(2026, 1, 1, 9))
        for n in range(total)
    ])  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.go_to(mentor.id)
        await pilot.pause()
        shown = static_text(app, "#timeline")
        assert "touch 0\n" in shown and f"touch {TIMELINE_PAGE - 1}\n" in shown
        assert f"touch {TIMELINE_PAGE}\n" not in shown
        assert f"{total - TIMELINE_PAGE} earlier, from {TODAY - timedelta(days=total - 1):%Y-%m-%d}" in shown
        await pilot.press("plus")
        await pilot.pause()
        assert f"touch {2 * TIMELINE_PAGE - 1}\n" in static_text(app, "#timeline")
        await pilot.press("plus")
        await pilot.pause()
        shown = static_text(app, "#timeline")
        assert f"touch {total - 1}" in shown and "earlier" not in shown
        await pilot.press("plus")
        await pilot.pause()
        assert "whole timeline is shown" in str([n.message for n in app._notifications])
        # another contact starts at one page again
        other = next(c for c in app.screen.network.contacts.values() if c.name == "Maya Okafor")
        app.screen.go_to(other.id)
        app.screen.go_to(mentor.id)
        await pilot.pause()
        assert "earlier" in static_text(app, "#timeline")
        assert app.screen.query_one(ContactDetail)


async def test_a_damaged_shard_at_start_is_explained_and_mended_from_the_shell(tmp_path):
    """Opening no longer reads every file up front, so a damaged one may surface in the
    dashboard: it says which file and what to do, never crashes, and recovers once it is fixed."""
    data = tmp_path / "data"
    app = make_app(data, demo=True, poll=0.05)
    shard = sorted((data / "interactions").glob("*.json"))[0]
    good = shard.read_bytes()
    shard.write_bytes(good[: len(good) // 2])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = static_text(app, "#card")
        assert "Your data could not be read" in card and shard.name in card and "nurture doctor" in card
        assert not app.screen.query_one("#contacts").loading
        shard.write_bytes(good)  # e.g. `nurture restore`
        for _ in range(100):
            await pilot.pause(0.05)
            if app.screen.network is not None:
                break
        await settle(pilot)
        assert "could not be read" not in static_text(app, "#card")
        assert app.screen.query_one(ContactList).rows
    assert app.return_code in (None, 0)


async def test_a_timeline_that_cannot_be_read_is_explained_in_its_place(tmp_path):
    from nurture.store.errors import DataFileError

    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        maya = next(c for c in app.screen.network.contacts.values() if c.name == "Maya Okafor")

        def damaged(contact_id):
            raise DataFileError("data file interactions/x.json is not valid JSON. It was left untouched.")

        app.service.context.repo.interactions_of = damaged
        app.screen.network._timelines.clear()
        app.screen.go_to(maya.id)
        await pilot.pause()
        assert "Maya Okafor" in static_text(app, "#card")  # the card still shows
        shown = static_text(app, "#timeline")
        assert "The timeline could not be read" in shown and "x.json" in shown
