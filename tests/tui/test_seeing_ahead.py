"""Seeing what will happen, from the dashboard: the import preview's people (space leaves one
out), the contact list sorted by due or last contact, the queue driving the card, and drafts."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from nurture.domain.queue import QueueItem
from nurture.screens.import_form import ImportScreen
from nurture.screens.outreach import OutreachScreen
from nurture.widgets.contact_list import ContactList
from nurture.widgets.import_people import ImportPeople, Person
from nurture.widgets.queue_list import QueueList
from tests.tui.conftest import all_rows_text, contact_named, make_app, open_on, rendered_text, settle

SIZES = [(80, 24), (120, 40)]
FIXTURES = Path(__file__).parent.parent / "fixtures" / "exchange"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_unticking_someone_in_the_preview_leaves_them_out_of_the_import(tmp_path, size):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#path", Input).value = str(FIXTURES / "linkedin_connections.csv")
        await pilot.press("enter")
        await settle(pilot)
        people = screen.query_one("#people", ImportPeople)
        assert people.display and people.region.height > 0  # the list shows, in the dialog
        shown = all_rows_text(people)
        assert shown[0] == "Would add (4)"
        assert any("Ada Lovelace · Analytical Engines (line 5)" in line for line in shown)
        await pilot.press("tab", "tab")  # past the format, to the people
        assert app.focused is people
        while not (isinstance(people.current, Person) and people.current.name == "José Núñez"):
            await pilot.press("down")
        await pilot.press("space")
        await pilot.pause()
        assert "☐ José Núñez" in all_rows_text(people)[people.cursor]
        assert "1 left out by you" in rendered_text(screen.query_one("#preview"))
        assert app.service.network().contacts == {}  # still nothing written
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        got = sorted(c.name for c in app.service.network().contacts.values())
        assert got == ["Ada Lovelace", "Mallory Formula", "Zoë Müller 🌱"]
        assert any("1 left out by you" in str(n.message) for n in app._notifications)


async def test_space_again_ticks_them_back_in(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(FIXTURES / "linkedin_connections.csv")
        await pilot.press("enter")
        await settle(pilot)
        people = app.screen.query_one("#people", ImportPeople)
        people.focus()
        await pilot.press("space", "space")
        assert people.left_out == set()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(app.service.network().contacts) == 4


async def test_sorted_by_due_and_by_last_contact_the_rows_say_so(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contacts = demo_app.screen.query_one("#contacts", ContactList)
        await pilot.press("S")  # by last contact
        await settle(pilot)
        first = contacts.rows[0]
        assert f"{first.last_contact:%b %d %Y}" in all_rows_text(contacts)[0]
        await pilot.press("S")  # by due
        await settle(pilot)
        first = contacts.rows[0]
        assert f"{first.next_item.due:%b %d} {first.next_item.reason}" in all_rows_text(contacts)[0]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_back_on_the_queue_the_card_shows_its_highlighted_person(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        queue = screen.query_one("#queue", QueueList)
        item = queue.current
        assert isinstance(item, QueueItem)
        other = next(c for c in demo_app.service.network().contacts.values() if c.id != item.contact_id)
        screen.go_to(other.id)  # the contact list has focus, on someone else
        await settle(pilot)
        assert screen.selected_id == other.id
        queue.focus()
        await settle(pilot)
        assert screen.selected_id == item.contact_id
        assert item.name in rendered_text(screen.query_one("#card"))


async def test_ctrl_end_goes_to_the_end_of_the_draft(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Peter Novak", "o", OutreachScreen)
        draft = demo_app.screen.query_one("#draft", TextArea)
        draft.move_cursor((0, 0))
        await pilot.press("ctrl+end")
        assert draft.cursor_location == draft.document.end
        await pilot.press("x")
        assert draft.text.endswith("x")


async def test_after_the_nudge_o_opens_the_next_template_not_the_nudge(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        peter = contact_named(demo_app, "Peter Novak")
        demo_app.service.mark_sent(peter.id, "nudge", "bump")
        await pilot.pause()
        await settle(pilot)
        await open_on(pilot, demo_app, "Peter Novak", "o", OutreachScreen)
        assert demo_app.screen.key == "congratulations"


@pytest.mark.parametrize("sort", ["last", "due"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_contacts_sorted_snapshot(snap_compare, tmp_path, size, sort):
    """The contact list sorted by last contact (its date) and by due (the date and reason)."""
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await settle(pilot)
        for _ in range(1 if sort == "last" else 2):
            await pilot.press("S")
            await settle(pilot)
        app.screen.query_one("#contacts", ContactList).focus()
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_whom_you_left_out_of_one_file_is_not_left_out_of_another(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        path = app.screen.query_one("#path", Input)
        path.value = str(FIXTURES / "linkedin_connections.csv")
        await pilot.press("enter")
        await settle(pilot)
        people = app.screen.query_one("#people", ImportPeople)
        people.focus()
        await pilot.press("space")  # Ada (line 5) left out of this file
        assert people.left_out == {"line 5"}
        path.value = str(FIXTURES / "linkedin_old.csv")  # another file, imported without a preview
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        said = [str(n.message) for n in app._notifications if "Added" in str(n.message)]
        assert said and "left out" not in said[-1]
        fresh = make_app(tmp_path / "fresh").service.import_file(FIXTURES / "linkedin_old.csv")
        assert "line 5" in fresh.plan.origins.values()  # someone there is read at line 5 too
        assert len(app.service.network().contacts) == len(fresh.plan.created)
