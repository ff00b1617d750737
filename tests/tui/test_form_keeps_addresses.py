"""Editing one field of a contact leaves its emails and phones as they were: the email and phone
lines are read only when the user changed them, and a phone number keeps the commas and
semicolons within it (a dial pause "+1 555 0100,,1234", a vCard's ";ext=5555")."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Input

from nurture.screens.contact_form import ContactForm
from tests.tui.conftest import contact_named, settle


def _hint(app, field_id: str) -> str:
    return str(app.screen.query_one(f"#{field_id} .field--hint").render())


async def _open_form(app, pilot, contact_id: str) -> ContactForm:
    app.screen.go_to(contact_id)
    await settle(pilot)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ContactForm)
    return app.screen


async def _save(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_editing_the_role_keeps_phones_with_pauses_and_extensions(demo_app):
    phones = ("+1 555 0100,,1234", "+1-555-555-5555;ext=5555")
    pat = demo_app.service.add_contact("Pat Dial")
    demo_app.service.update_contact(pat.id, phones=list(phones))
    assert contact_named(demo_app, "Pat Dial").phones == phones  # as an import keeps them
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await _open_form(demo_app, pilot, pat.id)
        assert _hint(demo_app, "f-phone") == "→ +1 555 0100,,1234 (preferred), +1-555-555-5555;ext=5555"
        form.query_one("#role", Input).value = "Engineer"
        await pilot.pause()
        await _save(pilot)
        saved = contact_named(demo_app, "Pat Dial")
        assert not isinstance(demo_app.screen, ContactForm)
        assert saved.role == "Engineer"
        assert saved.phones == phones


async def test_typing_phones_splits_only_at_a_comma_or_semicolon_with_a_space(demo_app):
    pat = demo_app.service.add_contact("Pat Dial")
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await _open_form(demo_app, pilot, pat.id)
        assert _hint(demo_app, "f-phone") == 'several: split at ", " or "; ", first preferred'
        form.query_one("#phone", Input).value = "+1 555 0100,,1234, +44 20 7946 0000; 030 1234;ext=9"
        await pilot.pause()
        assert _hint(demo_app, "f-phone") == "→ +1 555 0100,,1234 (preferred), +44 20 7946 0000, 030 1234;ext=9"
        await _save(pilot)
        assert contact_named(demo_app, "Pat Dial").phones == ("+1 555 0100,,1234", "+44 20 7946 0000", "030 1234;ext=9")


async def test_editing_the_role_of_a_contact_with_more_emails_than_one_may_type(demo_app):
    ann = demo_app.service.add_contact("Ann Many")
    emails = tuple(f"a{i}@x.example" for i in range(25))
    # as an import of several rows with one LinkedIn URL makes it (an import does not cap them)
    demo_app.service.context.repo.save(contacts=[replace(ann, email=emails[0], other_emails=emails[1:])])
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await _open_form(demo_app, pilot, ann.id)
        form.query_one("#role", Input).value = "Engineer"
        await pilot.pause()
        await _save(pilot)
        assert not isinstance(demo_app.screen, ContactForm), "the form refused to save"
        saved = contact_named(demo_app, "Ann Many")
        assert saved.role == "Engineer" and saved.emails == emails


async def test_phones_typed_back_as_they_opened_are_kept(demo_app):
    pat = demo_app.service.add_contact("Pat Dial")
    demo_app.service.update_contact(pat.id, phones=["+1 555 0100,,1234"])
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await _open_form(demo_app, pilot, pat.id)
        phone = form.query_one("#phone", Input)
        phone.value = "+1 555 0199"
        await pilot.pause()
        assert _hint(demo_app, "f-phone") == "→ +1 555 0199"
        phone.value = "+1 555 0100,,1234"  # typed back as it opened
        await pilot.pause()
        assert _hint(demo_app, "f-phone") == "→ +1 555 0100,,1234"
        await _save(pilot)
        assert contact_named(demo_app, "Pat Dial").phones == ("+1 555 0100,,1234",)


async def test_markup_typed_into_a_phone_shows_as_typed_in_its_hint(demo_app):
    mark = demo_app.service.add_contact("Mark Up")
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await _open_form(demo_app, pilot, mark.id)
        form.query_one("#phone", Input).value = "[bold red]x[/], [link=http://e]y"
        await pilot.pause()
        assert _hint(demo_app, "f-phone") == "→ [bold red]x[/] (preferred), [link=http://e]y"


async def test_editing_the_role_leaves_a_tag_stored_with_a_comma_whole(demo_app):
    # a tag from before tags were kept comma-free: only editing the tags splits it
    lin = demo_app.service.add_contact("Lin Old")
    demo_app.service.context.repo.save(contacts=[replace(lin, tags=("Design, UX", "Mentors"))])
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await _open_form(demo_app, pilot, lin.id)
        form.query_one("#role", Input).value = "Engineer"
        await pilot.pause()
        await _save(pilot)
        assert contact_named(demo_app, "Lin Old").tags == ("Design, UX", "Mentors")
        form = await _open_form(demo_app, pilot, lin.id)
        form.query_one("#tags", Input).value = "Design, UX, Mentors, Alumni"
        await pilot.pause()
        await _save(pilot)
        assert contact_named(demo_app, "Lin Old").tags == ("Design", "UX", "Mentors", "Alumni")
