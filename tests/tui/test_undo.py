"""ctrl+z on the dashboard and the screens it opens: each kind of change is done, undone, and
what is stored and what is shown are as before; the notification names what was undone."""

from __future__ import annotations

from textual.widgets import Input

from nurture.domain.queue import QueueItem
from nurture.screens.commitments import CommitmentsScreen
from nurture.screens.help import HelpScreen
from nurture.screens.pipeline import PipelineScreen
from nurture.screens.targets import TargetsScreen
from nurture.services import Nurture
from nurture.store import Repository
from nurture.widgets.commitment_list import CommitmentList
from nurture.widgets.contact_list import ContactList
from nurture.widgets.pipeline_column import PipelineColumn
from nurture.widgets.queue_list import QueueList
from nurture.widgets.target_list import TargetList
from tests.conftest import TODAY, Clock
from tests.tui.conftest import lines, open_on, rendered_text, settle, static_text, type_text


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def by_name(app, name: str):
    return next(c for c in app.service.network().contacts.values() if c.name == name)


def queue_has(app, name: str, reason: str) -> bool:
    rows = app.screen.query_one(QueueList).rows
    return any(isinstance(r, QueueItem) and r.name == name and r.reason == reason for r in rows)


async def select(pilot, name: str):
    await settle(pilot)
    contact = by_name(pilot.app, name)
    pilot.app.screen.go_to(contact.id)
    await pilot.pause()
    return contact


async def undo(pilot) -> None:
    await pilot.press("ctrl+z")
    await settle(pilot)


async def select_queue_item(pilot, name: str, reason: str) -> None:
    queue = pilot.app.screen.query_one(QueueList)
    queue.focus()
    queue.move_to(next(i for i, r in enumerate(queue.rows) if getattr(r, "name", None) == name and r.reason == reason))
    await pilot.pause()


async def test_a_logged_conversation_is_undone(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        peter = await select(pilot, "Peter Novak")
        before = demo_app.service.network().timeline(peter.id)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("tab", "tab")
        await type_text(pilot, "Talked portfolios")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert by_name(demo_app, "Peter Novak").stage == "met"
        assert "Talked portfolios" in static_text(demo_app, "#timeline")

        await undo(pilot)

        assert by_name(demo_app, "Peter Novak") == peter
        assert demo_app.service.network().timeline(peter.id) == before
        assert "Talked portfolios" not in static_text(demo_app, "#timeline")
        assert "Undid: logged coffee with Peter Novak." in notices(demo_app)


async def test_done_on_a_queue_item_is_undone_and_the_item_is_back(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        emily = by_name(demo_app, "Emily Chen")
        await select_queue_item(pilot, "Emily Chen", "thank-you")
        await pilot.press("d")
        await pilot.pause()
        await type_text(pilot, "Thanked her")
        await pilot.press("enter")
        await settle(pilot)
        assert not queue_has(demo_app, "Emily Chen", "thank-you")

        await undo(pilot)

        assert by_name(demo_app, "Emily Chen") == emily
        assert "Thanked her" not in [i.notes for i in demo_app.service.network().timeline(emily.id)]
        assert queue_has(demo_app, "Emily Chen", "thank-you")
        assert "Undid: thank-you with Emily Chen marked done." in notices(demo_app)


async def test_a_follow_up_marked_done_is_open_again(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_queue_item(pilot, "Daniel Brooks", "follow-up")
        await pilot.press("d", "enter")
        await settle(pilot)
        assert next(f for f in demo_app.service.network().followups if f.id == "f-0001").done_on == TODAY

        await undo(pilot)

        assert next(f for f in demo_app.service.network().followups if f.id == "f-0001").done_on is None
        assert queue_has(demo_app, "Daniel Brooks", "follow-up")
        assert "Undid: follow-up with Daniel Brooks marked done." in notices(demo_app)


async def test_a_follow_up_scheduled_and_a_snooze_are_undone_newest_first(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        zoe = await select(pilot, "Zoë Kowalski")
        await pilot.press("f")
        await type_text(pilot, "next fri")
        await pilot.press("enter")
        await type_text(pilot, "Send the article")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("s")
        await type_text(pilot, "in 2 weeks")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not queue_has(demo_app, "Zoë Kowalski", "follow-up")  # snoozed

        await undo(pilot)
        assert by_name(demo_app, "Zoë Kowalski").snoozed_until == zoe.snoozed_until
        assert "Undid: snooze of Zoë Kowalski." in notices(demo_app)
        assert "Snoozed until" not in static_text(demo_app, "#card")

        await undo(pilot)
        assert [f for f in demo_app.service.network().followups if f.contact_id == zoe.id] == []
        assert "Undid: scheduling a follow-up with Zoë Kowalski on Fri 27 Nov." in notices(demo_app)
        assert not queue_has(demo_app, "Zoë Kowalski", "follow-up")


async def test_an_archive_is_undone_and_the_person_shown_again(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        maya = await select(pilot, "Maya Okafor")
        await pilot.press("x")
        await settle(pilot)
        assert "Maya Okafor" not in [r.contact.name for r in demo_app.screen.query_one(ContactList).rows]

        await undo(pilot)

        assert by_name(demo_app, "Maya Okafor") == maya
        assert demo_app.screen.selected_id == maya.id
        assert static_text(demo_app, "#card").startswith("Maya Okafor")
        assert "Undid: archive of Maya Okafor." in notices(demo_app)


async def test_an_edit_is_undone(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        peter = await select(pilot, "Peter Novak")
        await pilot.press("e")
        await pilot.pause()
        demo_app.screen.query_one("#role", Input).value = "Principal Designer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Principal Designer" in static_text(demo_app, "#card")

        await undo(pilot)

        assert by_name(demo_app, "Peter Novak") == peter
        assert "Principal Designer" not in static_text(demo_app, "#card")
        assert "Undid: edit of Peter Novak." in notices(demo_app)


async def test_a_commitment_done_is_undone_on_the_commitments_screen(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        mine = [(c.name, c.text) for c in demo_app.service.commitments()["mine"]]
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(demo_app.screen, CommitmentsScreen)
        await pilot.press("space")
        await settle(pilot)
        assert [(c.name, c.text) for c in demo_app.service.commitments()["mine"]] == mine[1:]

        await undo(pilot)

        assert isinstance(demo_app.screen, CommitmentsScreen)
        assert [(c.name, c.text) for c in demo_app.service.commitments()["mine"]] == mine
        shown = "\n".join(lines(demo_app.screen.query_one(CommitmentList)))
        assert f"You promised ({len(mine)})" in shown
        assert f"Undid: marked done: your promise to {mine[0][0]}, '{mine[0][1]}'." in notices(demo_app)


async def test_a_removed_target_is_back_on_the_targets_screen(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        targets = demo_app.service.targets()
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(demo_app.screen, TargetsScreen)
        first = demo_app.screen.selected().target
        await pilot.press("x")
        await settle(pilot)
        assert first not in demo_app.service.targets()

        await undo(pilot)

        assert demo_app.service.targets() == targets
        assert first.name in [r.target.name for r in demo_app.screen.query_one(TargetList).rows]
        assert f"Undid: target {first.name} removed." in notices(demo_app)


async def test_a_stage_moved_on_the_pipeline_is_undone_there(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        peter = by_name(demo_app, "Peter Novak")
        await open_on(pilot, demo_app, "Peter Novak", "p", PipelineScreen)
        await pilot.press("shift+right")
        await settle(pilot)
        assert by_name(demo_app, "Peter Novak").stage == "scheduled"

        await undo(pilot)

        assert by_name(demo_app, "Peter Novak") == peter  # the stage and its history
        requested = [c.name for c in demo_app.screen.query_one("#col-requested", PipelineColumn).rows]
        scheduled = [c.name for c in demo_app.screen.query_one("#col-scheduled", PipelineColumn).rows]
        assert "Peter Novak" in requested and "Peter Novak" not in scheduled
        assert "Undid: Peter Novak moved to scheduled." in notices(demo_app)


async def test_a_booking_is_undone(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        peter = await select(pilot, "Peter Novak")
        appointments = demo_app.service.appointments(every=True)
        await pilot.press("b")
        await pilot.pause()
        await type_text(pilot, "fri 10:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(demo_app.service.appointments(every=True)) == len(appointments) + 1

        await undo(pilot)

        assert demo_app.service.appointments(every=True) == appointments
        assert by_name(demo_app, "Peter Novak") == peter
        assert "Undid: booking with Peter Novak." in notices(demo_app)


async def test_a_change_made_elsewhere_since_is_not_undone(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await select(pilot, "Maya Okafor")
        await pilot.press("x")
        await settle(pilot)
        maya = by_name(demo_app, "Maya Okafor")
        clock = Clock(TODAY)  # the shell, meanwhile
        shell = Nurture(
            Repository(demo_app.service.context.repo.data_dir, now=clock.now).open(), clock.today, clock.now
        )
        shell.update_contact(maya.id, role="Head of Design")

        await undo(pilot)

        stored = by_name(demo_app, "Maya Okafor")
        assert stored.archived and stored.role == "Head of Design"
        assert any(
            n.startswith("Not undone (archive of Maya Okafor): Maya Okafor was changed since")
            for n in notices(demo_app)
        )
        assert demo_app.service.undo.next_label() is None  # the step is dropped: nothing else to undo


async def test_names_in_the_undo_notification_are_never_markup(empty_app):
    empty_app.service.add_contact("[/] Bob [b]")
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await select(pilot, "[/] Bob [b]")
        await pilot.press("x")
        await settle(pilot)
        await undo(pilot)
        assert "Undid: archive of [/] Bob [b]." in notices(empty_app)
        assert not by_name(empty_app, "[/] Bob [b]").archived


async def test_help_and_palette_say_what_ctrl_z_would_undo(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert demo_app.service.undo.next_label() is None  # nothing yet (ctrl+z says so)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        assert "nothing to undo yet" in " ".join(
            " ".join(rendered_text(w) for w in demo_app.screen.query("Static")).split()
        )
        await pilot.press("escape")
        await select(pilot, "Maya Okafor")
        await pilot.press("x")
        await settle(pilot)
        assert demo_app.screen.check_action("undo", ()) is True
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join("\n".join(rendered_text(w) for w in demo_app.screen.query("Static")).split())
        assert "undoes: archive of Maya Okafor (then the one before, up to 50 back)" in text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "undo")
        await pilot.pause(0.3)
        options = demo_app.screen.query_one("CommandList")
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Undo: archive of Maya Okafor" in s for s in shown), shown


async def test_twenty_five_changes_are_undone_one_by_one(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        peter = await select(pilot, "Peter Novak")
        for n in range(25):
            # as the edit form's save does it (typing 25 forms would only make the test slow)
            pilot.app.screen._save(
                lambda n=n: demo_app.service.update_contact(peter.id, role=f"role {n}"), undo=f"edit {n}"
            )
        await settle(pilot)
        assert by_name(demo_app, "Peter Novak").role == "role 24"
        for n in range(24, -1, -1):
            await undo(pilot)
            assert f"Undid: edit {n}." in notices(demo_app)
        assert by_name(demo_app, "Peter Novak") == peter
