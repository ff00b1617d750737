"""What a new user's trial at 80x24 and 120x40 tripped on: after ctrl+z the card and the
highlighted row show the same person; the filter shows its best matches; ctrl+z always answers;
an import is a marker ctrl+z stops at; notices stay on the screen they were raised on."""

from __future__ import annotations

from nurture.domain.queue import QueueItem
from nurture.screens.pipeline import PipelineScreen
from nurture.widgets.contact_list import ContactList
from nurture.widgets.pipeline_column import PipelineColumn
from nurture.widgets.queue_list import QueueList
from tests.tui.conftest import open_on, settle, static_text, type_text
from tests.tui.test_undo import by_name, notices, select_queue_item, undo


def queue_current(app) -> QueueItem | None:
    current = app.screen.query_one(QueueList).current
    return current if isinstance(current, QueueItem) else None


async def test_after_undoing_a_snooze_the_queue_highlights_whom_the_card_shows(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hannah = by_name(demo_app, "Hannah Cohen")
        await select_queue_item(pilot, "Hannah Cohen", "touch-base")
        await pilot.press("s")
        await type_text(pilot, "next mon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert queue_current(demo_app).name != "Hannah Cohen"

        await undo(pilot)

        assert demo_app.screen.query_one(QueueList).has_focus
        assert queue_current(demo_app).contact_id == hannah.id
        assert demo_app.screen.selected_id == hannah.id
        assert static_text(demo_app, "#card").startswith("Hannah Cohen")


async def test_after_undoing_an_archive_from_the_queue_the_person_is_highlighted(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hannah = by_name(demo_app, "Hannah Cohen")
        await select_queue_item(pilot, "Hannah Cohen", "touch-base")
        await pilot.press("x")
        await settle(pilot)
        assert queue_current(demo_app).contact_id != hannah.id

        await undo(pilot)

        assert queue_current(demo_app).contact_id == hannah.id
        assert demo_app.screen.selected_id == hannah.id
        assert static_text(demo_app, "#card").startswith("Hannah Cohen")


async def test_after_an_undo_about_someone_not_in_the_queue_the_list_selects_them(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        laura = by_name(demo_app, "Laura Meyer")  # nothing of hers is in the queue
        demo_app.screen.go_to(laura.id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        demo_app.screen.query_one("#role").value = "Principal Designer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await select_queue_item(pilot, "Aisha Khan", "touch-base")
        assert demo_app.screen.selected_id != laura.id

        await undo(pilot)

        contacts = demo_app.screen.query_one(ContactList)
        assert contacts.has_focus
        assert contacts.current.contact.id == laura.id
        assert demo_app.screen.selected_id == laura.id
        assert static_text(demo_app, "#card").startswith("Laura Meyer")


async def test_after_undoing_a_pipeline_move_the_highlight_follows_the_person_back(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Peter Novak", "p", PipelineScreen)
        await pilot.press("shift+right")
        await settle(pilot)

        await undo(pilot)

        focused = demo_app.screen.focused
        assert isinstance(focused, PipelineColumn) and focused.stage == "requested"
        assert focused.current.name == "Peter Novak"
        assert any("Peter Novak" in n for n in notices(demo_app) if n.startswith("Undid"))


async def test_typing_a_filter_selects_its_best_match_and_shows_the_top(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "mar")
        await pilot.pause()
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        await type_text(pilot, "la")
        await settle(pilot)
        contacts = demo_app.screen.query_one(ContactList)
        names = [r.contact.name for r in contacts.rows]
        assert names[:2] == ["Laura Meyer", "Sophie Laurent"] or names[0] == "Laura Meyer", names
        assert contacts.cursor == 0 and contacts.scroll_offset.y == 0
        assert demo_app.screen.selected_id == contacts.rows[0].contact.id
        assert static_text(demo_app, "#card").startswith(names[0])


async def test_ctrl_z_with_nothing_to_undo_says_so(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert demo_app.screen.check_action("undo", ()) is True  # never greyed out: it answers
        await undo(pilot)
        assert "Nothing to undo." in notices(demo_app)


async def test_help_says_nothing_to_undo_without_yet_once_something_was_undone(demo_app):
    from nurture.screens.help import HelpScreen
    from tests.tui.conftest import rendered_text

    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        demo_app.screen.go_to(by_name(demo_app, "Maya Okafor").id)
        await pilot.press("x")
        await settle(pilot)
        await undo(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        text = " ".join(" ".join(rendered_text(w) for w in demo_app.screen.query("Static")).split())
        assert "nothing to undo" in text and "nothing to undo yet" not in text


async def test_ctrl_z_stops_at_an_import_and_says_so_before_reaching_past_it(tmp_path):
    from tests.tui.conftest import make_app
    from tests.tui.test_transfer import FIXTURES, open_import

    make_app(tmp_path / "data", demo=True)  # the demo's data, made before this session
    demo_app = make_app(tmp_path / "data")
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sara = by_name(demo_app, "Sara Bianchi")
        demo_app.screen.go_to(sara.id)
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        logged = list(demo_app.service.network().log.of(sara.id))
        await open_import(pilot, FIXTURES / "contacts.csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Dana Scully" in {c.name for c in demo_app.service.network().contacts.values()}

        await undo(pilot)

        said = notices(demo_app)[-1]
        backup = demo_app.service.context.repo.backups()[-1].name  # the session's, before its first save
        assert said.startswith(
            f"The import of contacts.csv can't be undone (nurture restore {backup} puts back the state this "
            "session started from, before it and the changes made here before it)"
        ), said
        assert said.endswith("; ctrl+z again undoes: logged coffee with Sara Bianchi."), said
        assert list(demo_app.service.network().log.of(sara.id)) == logged  # not undone yet

        await undo(pilot)

        assert "Undid: logged coffee with Sara Bianchi." in notices(demo_app)
        assert len(list(demo_app.service.network().log.of(sara.id))) == len(logged) - 1
        assert "Dana Scully" in {c.name for c in demo_app.service.network().contacts.values()}


async def test_ctrl_z_stops_at_a_deletion_for_good(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        maya = by_name(demo_app, "Maya Okafor")
        demo_app.screen.go_to(maya.id)
        await pilot.press("x")
        await settle(pilot)
        zoe = by_name(demo_app, "Zoë Kowalski")
        demo_app.screen.go_to(zoe.id)
        await pilot.pause()
        await pilot.press("D")
        await settle(pilot)
        await type_text(pilot, "Zoë Kowalski")
        await pilot.press("enter")
        await settle(pilot)
        if zoe.id in demo_app.service.network().contacts:  # the dialog's key, whatever it is
            await pilot.press("y")
            await settle(pilot)
        assert zoe.id not in demo_app.service.network().contacts

        await undo(pilot)

        assert notices(demo_app)[-1].startswith("Deleting Zoë Kowalski for good can't be undone")
        assert notices(demo_app)[-1].endswith("ctrl+z again undoes: archive of Maya Okafor.")
        assert by_name(demo_app, "Maya Okafor").archived


async def test_deleting_an_archived_person_does_not_offer_to_archive_them(demo_app):
    from nurture.screens.delete_form import DeleteScreen
    from tests.tui.conftest import rendered_text

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        maya = by_name(demo_app, "Maya Okafor")
        demo_app.screen.go_to(maya.id)
        await pilot.press("D")
        await settle(pilot)
        assert "archive them (x)" in rendered_text(demo_app.screen.query_one("#delete-text"))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("A")  # Ben Carter is archived in the demo
        await settle(pilot)
        demo_app.screen.go_to(by_name(demo_app, "Ben Carter").id)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(demo_app.screen, DeleteScreen)
        text = rendered_text(demo_app.screen.query_one("#delete-text"))
        assert "Delete Ben Carter for good?" in text and "rotate out" in text
        assert "archive them" not in text


async def test_the_contacts_title_fits_at_80x24(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await pilot.press("slash")
        await type_text(pilot, "m")
        await settle(pilot)
        pane = demo_app.screen.query_one("#contacts-pane")
        title = str(pane.border_title)
        assert title.startswith("Contacts ") and "+archived" in title and title.endswith(" · name"), title
        assert len(title) <= pane.size.width - 6


def age_notices(app, seconds: float = 5.0) -> None:
    """As if the notices shown had been on screen for ``seconds``."""
    for notice in app._notifications:
        notice.raised_at -= seconds


async def test_a_pipeline_notice_does_not_follow_onto_the_next_screens(demo_app):
    from nurture.screens.commitments import CommitmentsScreen

    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Ola Nordmann", "p", PipelineScreen)
        await pilot.press("shift+right")  # prospect → requested: "Log the request too…"
        await settle(pilot)
        assert any("Log the request too" in n for n in notices(demo_app))
        age_notices(demo_app)  # read, for a while

        await pilot.press("escape")
        await settle(pilot)
        assert not any("Log the request too" in n for n in notices(demo_app))

        demo_app.screen.notify("Contacts sorted by due")
        await pilot.pause()
        age_notices(demo_app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(demo_app.screen, CommitmentsScreen)
        assert notices(demo_app) == []


async def test_notices_on_the_commitments_screen_leave_its_detail_line_readable(demo_app):
    from nurture.screens.commitments import CommitmentsScreen
    from tests.tui.conftest import drawn_lines

    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(demo_app.screen, CommitmentsScreen)
        detail = str(demo_app.screen.query_one("#commitment-detail").render())
        await pilot.press("space")  # done: a notice
        await settle(pilot)
        await pilot.pause(0.5)
        detail = demo_app.screen.query_one("#commitment-detail")
        region = detail.region
        drawn = drawn_lines(demo_app)
        shown = "".join(drawn[y] for y in range(region.y, region.bottom))
        said = " ".join(str(detail.render()).split())
        assert said in " ".join(shown.split()), (said, shown)


async def test_settings_saved_says_what_changed_and_a_bad_value_shows_as_typed(demo_app):
    from textual.widgets import Input

    from nurture.screens.settings import SettingsForm
    from nurture.widgets.field import Field

    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        goal = demo_app.service.settings().weekly_goal
        await pilot.press("comma")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, SettingsForm)
        nudge = form.query_one("#nudge_after", Input)
        nudge.focus()
        nudge.value = "0"
        await pilot.pause()
        field = form.query_one("#f-nudge-after", Field)
        assert field.has_class("-invalid"), "the range error shows while typing"
        assert str(field.query_one(".field--error").render()).strip()
        nudge.value = ""
        await type_text(pilot, str(demo_app.service.settings().nudge_after_days))
        await pilot.pause()
        assert not field.has_class("-invalid")
        form.query_one("#weekly_goal", Input).value = str(goal + 1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"Weekly goal {goal} → {goal + 1}." in notices(demo_app), notices(demo_app)


async def test_a_brand_new_network_says_what_to_do_first(empty_app):
    from tests.tui.conftest import lines

    async with empty_app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert "review due" not in empty_app.sub_title  # nothing to review yet
        contacts = empty_app.screen.query_one(ContactList)
        assert "No contacts yet — a to add, i to import." in lines(contacts)[0]
        for key in ("l", "s"):
            await pilot.press(key)
            await settle(pilot)
            assert notices(empty_app)[-1] == "Add someone first (a).", key
        assert contacts.rows == []
        await pilot.press("slash")
        await type_text(pilot, "zz")
        await settle(pilot)
        assert "No contacts yet" in lines(contacts)[0]  # still nobody at all


async def test_the_review_is_due_once_someone_is_there(empty_app):
    empty_app.service.add_contact("Maya Chen")
    async with empty_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "review due" in empty_app.sub_title


async def test_back_from_a_mailbox_esc_closes_the_import_form_without_asking(demo_app):
    from nurture.screens.import_form import ImportScreen
    from nurture.screens.mail_import import MailImportScreen
    from tests.tui.test_mail_import import MAIL, open_mail

    demo_app.service.update_settings(my_emails=("me@example.org",))
    async with demo_app.run_test(size=(120, 40)) as pilot:
        screen = await open_mail(pilot, MAIL / "thunderbird.mbox")
        assert isinstance(screen, MailImportScreen)
        await settle(pilot)
        await pilot.press("escape")  # the mailbox seen: back on the import form
        await settle(pilot)
        assert isinstance(demo_app.screen, ImportScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(demo_app.screen, ImportScreen)  # no "Discard what you typed?"
        assert demo_app.screen is pilot.app.screen_stack[0] or len(pilot.app.screen_stack) <= 2
