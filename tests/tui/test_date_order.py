"""The dashboard's date fields read slashed dates in the user's order, and show the day they
understood; a follow-up in the past is refused as in the shell."""

from __future__ import annotations

from textual.widgets import Input

from nurture.screens.followup_form import FollowUpForm
from nurture.screens.log_form import LogForm
from tests.tui.conftest import open_on, settle, static_text


async def test_the_log_form_reads_slashed_dates_in_the_users_order(demo_app):
    demo_app.service.update_settings(date_order="dmy")
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Maya Okafor", "l", LogForm)
        demo_app.screen.query_one("#on", Input).value = "04/11/2026"
        await pilot.pause()
        assert "Wednesday 04 November 2026" in static_text(demo_app, "#f-on .field--hint")
        demo_app.screen.query_one("#on", Input).value = "20.11.2026"
        await pilot.pause()
        assert "Friday 20 November 2026" in static_text(demo_app, "#f-on .field--hint")


async def test_a_follow_up_in_the_past_is_refused_naming_the_day(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        maya = await open_on(pilot, demo_app, "Maya Okafor", "f", FollowUpForm)
        before = len(demo_app.service.network().followups)
        demo_app.screen.query_one("#due", Input).value = "yesterday"
        demo_app.screen.query_one("#text", Input).value = "send the deck"
        await pilot.pause()
        assert "Sun 22 Nov 2026 is in the past" in static_text(demo_app, "#f-due .field--hint")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, FollowUpForm)
        assert "Sun 22 Nov 2026 is in the past" in static_text(demo_app, "#f-due .field--error")
        assert len(demo_app.service.network().followups) == before and maya
