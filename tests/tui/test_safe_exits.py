"""Leaving without losing anything by mistake: esc in meeting mode asks to keep the meeting for
later or discard it (an empty one goes without asking); the dashboard says a meeting is in
progress and m offers to resume it; esc on a form with something typed asks first."""

from __future__ import annotations

import pytest

from nurture.screens.dashboard import DashboardScreen
from nurture.screens.form import FormScreen
from nurture.screens.key_question import KeyQuestion
from nurture.screens.meeting import MeetingScreen
from tests.tui.conftest import Seconds, contact_named, make_app, open_on, settle, type_text

SIZES = [(80, 24), (120, 40)]


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def start_meeting(pilot, app, name: str = "Peter Novak"):
    return await open_on(pilot, app, name, "m", MeetingScreen)


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


# --- meeting mode's esc ---------------------------------------------------------------------------


async def test_an_empty_meeting_is_discarded_without_asking(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        peter = await start_meeting(pilot, demo_app)
        assert demo_app.service.meeting(peter.id) is not None  # the start is kept at once
        await press(pilot, "ctrl+up")  # a longer length is not something to keep
        await press(pilot, "escape")
        assert isinstance(demo_app.screen, DashboardScreen)
        assert demo_app.service.meeting(peter.id) is None
        assert demo_app.service.meetings_in_progress() == []


async def test_esc_with_notes_asks_and_keep_keeps_it_for_later(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        peter = await start_meeting(pilot, demo_app)
        await type_text(pilot, "they hire in March")
        await press(pilot, "escape")
        assert isinstance(demo_app.screen, KeyQuestion)
        await press(pilot, "escape")  # back to the meeting, notes as they were
        assert isinstance(demo_app.screen, MeetingScreen)
        assert demo_app.screen.query_one("#notes").text == "they hire in March"
        await press(pilot, "escape", "k")
        assert isinstance(demo_app.screen, DashboardScreen)
        assert demo_app.service.meeting(peter.id).notes == "they hire in March"
        assert any("m resumes it" in n for n in notices(demo_app))


async def test_discard_throws_the_meeting_away_and_logs_nothing(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        peter = await start_meeting(pilot, demo_app)
        before = len(demo_app.service.network().timeline(peter.id))
        await press(pilot, "ctrl+n")  # a question ticked: something to ask about
        await press(pilot, "escape", "d")
        assert isinstance(demo_app.screen, DashboardScreen)
        assert demo_app.service.meeting(peter.id) is None
        assert len(demo_app.service.network().timeline(peter.id)) == before
        assert any("discarded: nothing was logged" in n for n in notices(demo_app))


# --- the dashboard ----------------------------------------------------------------------------------


async def test_the_header_says_a_meeting_is_in_progress_and_counts_its_minutes(tmp_path):
    seconds = Seconds()
    app = make_app(tmp_path / "data", demo=True, seconds=seconds)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_meeting(pilot, app)
        await type_text(pilot, "notes")
        await press(pilot, "escape", "k")
        assert app.sub_title.startswith("meeting with Peter Novak in progress, 0 min")
        seconds.advance(12 * 60)
        app.screen.minute_passed()  # what the minute timer does
        await settle(pilot)
        assert app.sub_title.startswith("meeting with Peter Novak in progress, 12 min")


async def test_m_on_someone_else_offers_to_resume_the_meeting_in_progress(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        peter = await start_meeting(pilot, demo_app)
        await type_text(pilot, "half-way")
        await press(pilot, "escape", "k")
        maya = contact_named(demo_app, "Maya Okafor")
        demo_app.screen.go_to(maya.id)
        await press(pilot, "m")
        assert isinstance(demo_app.screen, KeyQuestion)
        await press(pilot, "escape")  # neither: nothing started
        assert isinstance(demo_app.screen, DashboardScreen)
        assert demo_app.service.meeting(maya.id) is None
        await press(pilot, "m", "r")  # resume Peter's
        assert isinstance(demo_app.screen, MeetingScreen)
        assert demo_app.screen.contact.id == peter.id
        assert demo_app.screen.query_one("#notes").text == "half-way"


async def test_m_can_still_start_another_meeting_and_m_on_the_same_person_resumes(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        peter = await start_meeting(pilot, demo_app)
        await type_text(pilot, "half-way")
        await press(pilot, "escape", "k")
        await start_meeting(pilot, demo_app)  # the same person: resumed, no question
        assert demo_app.screen.query_one("#notes").text == "half-way"
        await press(pilot, "escape", "k")
        maya = contact_named(demo_app, "Maya Okafor")
        demo_app.screen.go_to(maya.id)
        await press(pilot, "m", "s")
        assert isinstance(demo_app.screen, MeetingScreen)
        assert demo_app.screen.contact.id == maya.id
        assert demo_app.service.meeting(peter.id) is not None


# --- forms --------------------------------------------------------------------------------------------


async def test_an_untouched_form_closes_at_once(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Maya Okafor", "e", FormScreen)  # filled with her card
        await press(pilot, "escape")
        assert isinstance(demo_app.screen, DashboardScreen)


async def test_esc_on_a_form_with_typed_content_asks_before_throwing_it_away(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        maya = await open_on(pilot, demo_app, "Maya Okafor", "l", FormScreen)
        form = demo_app.screen
        before = len(demo_app.service.network().timeline(maya.id))
        await press(pilot, "tab")  # from the kind to the date
        await type_text(pilot, "yesterday")
        await press(pilot, "escape")
        assert isinstance(demo_app.screen, KeyQuestion)
        await press(pilot, "n")  # keep editing: the form as it was
        assert demo_app.screen is form
        await press(pilot, "escape", "escape")  # esc on the question keeps editing too
        assert demo_app.screen is form
        await press(pilot, "escape", "y")
        assert isinstance(demo_app.screen, DashboardScreen)
        assert len(demo_app.service.network().timeline(maya.id)) == before


async def test_a_field_changed_back_counts_as_untouched(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Maya Okafor", "e", FormScreen)
        await press(pilot, "end")
        await type_text(pilot, "x")
        await press(pilot, "backspace", "escape")
        assert isinstance(demo_app.screen, DashboardScreen)


# --- pictures ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_keep_or_discard_question(snap_compare, tmp_path, size):
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await start_meeting(pilot, app)
        await type_text(pilot, "they hire in March")
        await press(pilot, "escape")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_discard_typed_question(snap_compare, tmp_path, size):
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await open_on(pilot, app, "Maya Okafor", "l", FormScreen)
        await press(pilot, "tab")
        await type_text(pilot, "yesterday")
        await press(pilot, "escape")

    assert snap_compare(app, terminal_size=size, run_before=run_before)
