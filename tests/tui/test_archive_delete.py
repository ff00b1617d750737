"""The dashboard's archived contacts (A shows them greyed, x on one brings them back) and delete
for good (D: a confirmation that names what goes; y deletes, esc keeps), at 80×24."""

from __future__ import annotations

from nurture.screens.delete_form import DeleteScreen
from nurture.widgets.contact_list import ContactList
from tests.tui.conftest import rendered_text, settle


def names(app) -> list[str]:
    return [r.contact.name for r in app.screen.query_one(ContactList).rows]


def by_name(app, name: str):
    return next((c for c in app.service.network().contacts.values() if c.name == name), None)


async def test_show_archived_greyed_and_x_brings_one_back(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Ben Carter" not in names(demo_app)  # archived in the demo
        await pilot.press("A")
        await settle(pilot)
        assert "Ben Carter" in names(demo_app)
        assert "+archived" in str(demo_app.screen.query_one("#contacts-pane").border_title)
        contacts = demo_app.screen.query_one(ContactList)
        row = next(r for r in contacts.rows if r.contact.name == "Ben Carter")
        greyed = contacts.get_component_rich_style("contact-list--archived")
        assert greyed.italic
        assert any(span.style == greyed for span in contacts.render_row(row, 76).spans)
        demo_app.screen.go_to(row.contact.id)
        await pilot.press("x")
        await settle(pilot)
        assert not by_name(demo_app, "Ben Carter").archived
        assert any("Ben Carter is back." in str(n.message) for n in demo_app._notifications)
        await pilot.press("A")  # hidden again: Ben is no longer archived, so still listed
        await settle(pilot)
        assert "Ben Carter" in names(demo_app)
        assert "+archived" not in str(demo_app.screen.query_one("#contacts-pane").border_title)


async def test_delete_names_what_goes_and_esc_keeps_them(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        maya = by_name(demo_app, "Maya Okafor")
        demo_app.screen.go_to(maya.id)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(demo_app.screen, DeleteScreen)
        text = rendered_text(demo_app.screen.query_one("#delete-text"))
        interactions = len(demo_app.service.network().timeline(maya.id))
        assert "Delete Maya Okafor for good?" in text
        assert f"{interactions} interactions" in text
        for what in ("follow-up", "prep list", "meeting in progress", "saved draft", "appointment"):
            assert what in text
        assert "keep the link as text" in text  # she introduced Rafael and Ibrahim
        assert "rotate out" in text
        await pilot.press("escape")
        await settle(pilot)
        assert by_name(demo_app, "Maya Okafor") is not None


async def test_delete_for_good(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        maya = by_name(demo_app, "Maya Okafor")
        demo_app.screen.go_to(maya.id)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert by_name(demo_app, "Maya Okafor") is None
        assert "Maya Okafor" not in names(demo_app)
        rafael = by_name(demo_app, "Rafael Souza")
        assert rafael.referred_by is None and "introduced by maya okafor (deleted)" in rafael.how_met.casefold()
        assert any("Deleted Maya Okafor for good" in str(n.message) for n in demo_app._notifications)
