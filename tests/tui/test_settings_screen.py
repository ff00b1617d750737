"""The Settings screen (palette: Settings, or ","): change a value, ctrl+s, and it is stored;
a bad value keeps the form open, naming the problem under its field, and saves nothing. Its
pictures at 80x24 and 120x40."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from nurture.domain.dates import Cadence
from nurture.screens.settings import SettingsForm
from tests.tui.conftest import settle, type_text

SIZES = [(80, 24), (120, 40)]


async def _open_from_palette(pilot) -> SettingsForm:
    await settle(pilot)
    await pilot.press("ctrl+p")
    await type_text(pilot, "Settings")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsForm), pilot.app.screen
    return pilot.app.screen


async def _set(pilot, form: SettingsForm, control_id: str, text: str) -> None:
    control = form.query_one(f"#{control_id}", Input)
    control.value = text
    control.focus()
    await pilot.pause()


async def test_a_changed_setting_is_stored_on_ctrl_s(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        form = await _open_from_palette(pilot)
        assert form.query_one("#weekly_goal", Input).value == str(demo_app.service.settings().weekly_goal)
        await _set(pilot, form, "weekly_goal", "5")
        await _set(pilot, form, "week_starts", "sunday")
        await _set(pilot, form, "default_cadence", "6w")
        await _set(pilot, form, "my_name", "Sam Lee")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(demo_app.screen, SettingsForm)
        stored = demo_app.service.settings()
        assert (stored.weekly_goal, stored.first_weekday, stored.default_cadence, stored.my_name) == (
            5, 6, Cadence(6, "w"), "Sam Lee",
        )  # fmt: skip
        assert demo_app.service.review().week_start.weekday() == 6  # the review's week follows


async def test_a_bad_value_keeps_the_form_open_and_saves_nothing(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        before = demo_app.service.settings()
        form = await _open_from_palette(pilot)
        await _set(pilot, form, "weekly_goal", "0")
        await _set(pilot, form, "nudge_after", "999")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is form
        error = str(form.query_one("#f-nudge-after .field--error").render())
        assert "nudge-after: '999' is not a number of days from 1 to 365" in error
        error = str(form.query_one("#f-weekly-goal .field--error").render())
        assert "weekly-goal: '0' is not a number of conversations from 1 to 1000" in error
        assert demo_app.service.settings() == before
        await pilot.press("escape")
        await settle(pilot)
        assert demo_app.service.settings() == before


async def test_the_comma_key_opens_it_and_nothing_changed_saves_nothing(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        assert isinstance(demo_app.screen, SettingsForm)
        before = demo_app.service.settings()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(demo_app.screen, SettingsForm)
        assert demo_app.service.settings() == before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_settings_screen_snapshot(snap_compare, demo_app, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=run_before)


async def test_the_review_screen_names_the_week_as_the_settings_start_it(demo_app):
    demo_app.service.update_settings(first_weekday=6)  # Sunday: Mon 23 Nov is in the week of Sun 22
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        header = str(demo_app.screen.query_one("#week").render())
        assert header.startswith("Sun 22 Nov – Sat 28 Nov 2026 · this week"), header
