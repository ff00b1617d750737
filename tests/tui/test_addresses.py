"""Several emails and phones in the dashboard: the contact form edits all of them in one line
each, showing as you type which one is preferred, and saves nothing until each is valid; the card
shows every one, the preferred first and marked."""

from __future__ import annotations

from textual.widgets import Input

from nurture.screens.contact_form import ContactForm
from tests.tui.conftest import contact_named, settle, static_text


def _hint(app, field_id: str) -> str:
    return str(app.screen.query_one(f"#{field_id} .field--hint").render())


def _error(app, field_id: str) -> str:
    return str(app.screen.query_one(f"#{field_id} .field--error").render())


async def test_the_form_edits_two_emails_and_the_card_shows_them(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        peter = contact_named(demo_app, "Peter Novak")
        demo_app.screen.go_to(peter.id)
        await pilot.press("e")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#email", Input).value == ", ".join(peter.emails)
        form.query_one("#email", Input).value = "peter@studio.example,  peter@home.example; PETER@studio.example"
        form.query_one("#phone", Input).value = "+420 601 123 456, +44 20 7946 0000"
        await pilot.pause()
        # what will be stored, shown as typed: the repeat gone, the first preferred
        assert _hint(demo_app, "f-email") == "→ peter@studio.example (preferred), peter@home.example"
        assert _hint(demo_app, "f-phone") == "→ +420 601 123 456 (preferred), +44 20 7946 0000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(demo_app.screen, ContactForm)
        saved = contact_named(demo_app, "Peter Novak")
        assert (saved.email, saved.other_emails) == ("peter@studio.example", ("peter@home.example",))
        assert (saved.phone, saved.other_phones) == ("+420 601 123 456", ("+44 20 7946 0000",))
        card = static_text(demo_app, "#card").replace("\u00a0", " ")  # "(preferred)" never wraps alone
        assert "Emails peter@studio.example (preferred) · peter@home.example" in card
        assert "Phones +420 601 123 456 (preferred) · +44 20 7946 0000" in card
        # the form opened again shows all of them, the preferred first
        await pilot.press("e")
        await pilot.pause()
        assert demo_app.screen.query_one("#email", Input).value == "peter@studio.example, peter@home.example"


async def test_one_bad_address_keeps_the_form_and_saves_nothing(demo_app):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        peter = contact_named(demo_app, "Peter Novak")
        demo_app.screen.go_to(peter.id)
        await pilot.press("e")
        await pilot.pause()
        demo_app.screen.query_one("#email", Input).value = "peter@studio.example, peter at home"
        await pilot.pause()
        assert _hint(demo_app, "f-email") == "'peter' does not look like an email address (name@example.com)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, ContactForm)
        assert "'peter' does not look like an email address" in _error(demo_app, "f-email")
        assert contact_named(demo_app, "Peter Novak").emails == peter.emails  # nothing saved


async def test_one_email_shows_as_before(demo_app):
    ada = demo_app.service.add_contact("Ada Park", emails="ada@work.example")
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        demo_app.screen.go_to(ada.id)
        await settle(pilot)
        card = static_text(demo_app, "#card")
        assert "Email ada@work.example" in card and "preferred" not in card and "Phone" not in card
