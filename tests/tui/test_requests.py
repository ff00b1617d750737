"""The dashboard's forms hold what they build to the domain's rules, in the shell's words."""

from __future__ import annotations

from textual.widgets import Input

from nurture.screens.contact_form import ContactForm
from nurture.screens.snooze_form import SnoozeForm
from tests.tui.conftest import open_on, settle, static_text


async def test_adding_a_namesake_is_refused_in_the_words_the_shell_uses(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        before = len(demo_app.service.network().contacts)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(demo_app.screen, ContactForm)
        demo_app.screen.query_one("#name", Input).value = "maya okafor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, ContactForm)
        error = " ".join(static_text(demo_app, "#f-name .field--error").split())
        assert "a contact named 'maya okafor' already exists at Figma; add something to tell them apart" in error
        assert len(demo_app.service.network().contacts) == before


async def test_editing_keeps_ones_own_name(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        maya = await open_on(pilot, demo_app, "Maya Okafor", "e", ContactForm)
        demo_app.screen.query_one("#role", Input).value = "Design Director"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.service.network().contacts[maya.id].role == "Design Director"


async def test_a_snooze_ending_today_is_refused_and_a_later_one_saved(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        maya = await open_on(pilot, demo_app, "Maya Okafor", "s", SnoozeForm)
        demo_app.screen.query_one("#until", Input).value = "today"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, SnoozeForm)
        assert "Mon 23 Nov 2026 is not in the future" in static_text(demo_app, "#f-until .field--error")
        demo_app.screen.query_one("#until", Input).value = "in 2 weeks"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.service.network().contacts[maya.id].snoozed_until.isoformat() == "2026-12-07"
