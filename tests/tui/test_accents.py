"""Names typed without their accents find the person on the dashboard: the filter, the palette's
Go to contact, and the referrer field's completion."""

from __future__ import annotations

from textual.widgets import Input

from nurture.widgets.contact_list import ContactList
from tests.tui.conftest import contact_named, settle, type_text


async def test_the_filter_finds_names_without_their_accents(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zoe")
        await pilot.pause()
        assert [r.contact.name for r in demo_app.screen.query_one(ContactList).rows] == ["Zoë Kowalski"]


async def test_the_palette_goes_to_a_contact_typed_without_accents(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "tomas herrera")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert demo_app.screen.query_one(ContactList).current.contact.name == "Tomás Herrera"


async def test_the_referrer_field_completes_a_name_typed_without_accents(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Ines Park")
        box = demo_app.screen.query_one("#referred_by", Input)
        box.focus()
        await type_text(pilot, "tomas h")
        await settle(pilot)  # the completion is looked up in a worker
        await pilot.press("right")  # at the end of the text: accepts the completion
        await pilot.pause()
        assert box.value == "Tomás Herrera"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert contact_named(demo_app, "Ines Park").referred_by == contact_named(demo_app, "Tomás Herrera").id
