"""What a review and a new user's trial of daily use tripped on, as the user meets it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from textual.widgets._toast import Toast, ToastRack

from nurture.domain.library import MeetingDraft
from nurture.screens.delete_form import DeleteScreen
from nurture.screens.key_question import KeyQuestion
from nurture.screens.meeting import MeetingScreen
from nurture.screens.outreach import OutreachScreen
from nurture.widgets.contact_list import ContactList
from nurture.widgets.import_people import ImportPeople
from tests.tui.conftest import (
    Seconds,
    all_rows_text,
    contact_named,
    drawn_lines,
    make_app,
    open_on,
    rendered_text,
    settle,
    type_text,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exchange"


def listed(app) -> list[str]:
    return [row.contact.name for row in app.screen.query_one(ContactList).rows]


async def test_the_filter_puts_the_name_typed_before_loose_matches(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "lena")
        await pilot.pause()
        # Lena's name starts with what was typed; Elena (sorted before her by name) only holds it
        assert listed(demo_app)[:2] == ["Lena Fischer", "Elena Petrova"]
        await pilot.press("backspace", "backspace")  # "le": a word start in Lena, inside Elena
        await pilot.pause()
        assert demo_app.screen.query_one("#filter", Input).value == "le"
        assert listed(demo_app).index("Lena Fischer") < listed(demo_app).index("Elena Petrova")
        await type_text(pilot, "na")
        await pilot.pause()
        assert listed(demo_app)[:2] == ["Lena Fischer", "Elena Petrova"]  # typed on: ranked again


async def test_o_opens_the_report_back_the_queue_says_is_due(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        maya = contact_named(demo_app, "Maya Okafor")
        due = [i.reason for i in demo_app.service.queue() if i.contact_id == maya.id]
        assert due == ["report-back"]
        await open_on(pilot, demo_app, "Maya Okafor", "o", OutreachScreen)
        assert demo_app.screen.key == "report-back"
        assert demo_app.screen.query_one("#draft").text.startswith("Hi Maya, a quick update: I took your advice")
        await pilot.press("escape")
        await settle(pilot)
        await open_on(pilot, demo_app, "Chiara Romano", "o", OutreachScreen)  # a thank-you is due
        assert demo_app.screen.key == "thank-you"


async def test_the_import_preview_counts_follow_the_ticks(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#path", Input).value = str(FIXTURES / "linkedin_connections.csv")
        await pilot.press("enter")
        await settle(pilot)
        people = screen.query_one("#people", ImportPeople)

        def preview() -> str:
            return rendered_text(screen.query_one("#preview"))

        assert "Would add 4 contacts and update 0" in preview()
        people.focus()
        await pilot.press("space", "down", "space")  # Ada and Zoë left out
        await pilot.pause()
        assert "Would add 2 contacts and update 0" in preview() and "2 left out by you" in preview()
        assert all_rows_text(people)[0] == "Would add (2 of 4)"
        assert any(b.binding.action == "save" for b in screen.active_bindings.values() if b.enabled)
        await pilot.press("down", "space", "down", "space")  # everyone unticked
        await pilot.pause()
        assert "Would add 0 contacts and update 0" in preview() and "Nothing to import." in preview()
        assert "ctrl+s imports" not in preview()
        assert not any(b.binding.action == "save" for b in screen.active_bindings.values() if b.enabled)
        await pilot.press("space")  # one ticked again: it can be imported
        await pilot.pause()
        assert "Would add 1 contact and update 0" in preview() and "ctrl+s imports" in preview()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [c.name for c in app.service.network().contacts.values()] == ["Mallory Formula"]


async def test_a_notice_never_covers_a_dialogs_keys(demo_app):
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("x")  # archive: "Archived …. Undo (ctrl+z)", bottom right
        await settle(pilot)
        assert any("Archived" in str(n.message) for n in demo_app._notifications)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(demo_app.screen, DeleteScreen)
        assert not demo_app._notifications  # about the screen the dialog covers: dismissed
        assert any("y Delete for good  esc Keep them" in line for line in drawn_lines(demo_app))
        demo_app.notify("A notice said while the dialog is open")
        await pilot.pause()
        rack = demo_app.screen.query_one(ToastRack)
        dialog = demo_app.screen.query_one("#delete")
        toast = rack.query_one(Toast)
        assert toast.region.bottom <= dialog.region.y + 2  # above the dialog's text, at its top edge
        assert any("y Delete for good  esc Keep them" in line for line in drawn_lines(demo_app))


def card_text(app) -> str:
    return rendered_text(app.screen.query_one("#card"))


async def test_the_card_says_a_meeting_with_them_is_in_progress(tmp_path):
    seconds = Seconds()
    app = make_app(tmp_path / "data", demo=True, seconds=seconds)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        peter = await open_on(pilot, app, "Peter Novak", "m", MeetingScreen)
        await type_text(pilot, "notes")
        for key in ("escape", "k"):  # keep it for later
            await pilot.press(key)
            await settle(pilot)
        assert app.screen.selected_id == peter.id
        assert "Meeting in progress, 0 min — m to resume" in card_text(app)
        seconds.advance(12 * 60)
        app.screen.minute_passed()  # what the minute timer does
        await settle(pilot)
        assert "Meeting in progress, 12 min — m to resume" in card_text(app)
        app.screen.go_to(contact_named(app, "Maya Okafor").id)
        await settle(pilot)
        assert "Maya Okafor" in card_text(app) and "in progress" not in card_text(app)


async def test_m_reads_the_meetings_in_progress_now_not_as_last_read(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        peter, maya = contact_named(demo_app, "Peter Novak"), contact_named(demo_app, "Maya Okafor")
        assert demo_app.screen.meetings == []
        # another window keeps a meeting with Peter; this dashboard has not read it again
        demo_app.service.save_meeting(MeetingDraft(peter.id, demo_app.clock() - 300, notes="from the other window"))
        demo_app.screen.go_to(maya.id)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(demo_app.screen, KeyQuestion)  # resume Peter's, or start with Maya
        asked = rendered_text(demo_app.screen.query_one("#question-text"))
        assert "meeting with Peter Novak in progress, 5 min" in asked
        await pilot.press("escape")
        await settle(pilot)
        # the shell discards it meanwhile: m on Maya starts hers, with nothing to ask
        assert demo_app.screen.meetings and demo_app.service.meeting(peter.id) is not None
        demo_app.service.discard_meeting(peter.id)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(demo_app.screen, MeetingScreen) and demo_app.screen.contact.id == maya.id
