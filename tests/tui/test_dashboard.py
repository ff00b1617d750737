"""Every dashboard flow, driven by keys as a user would, asserting on what is stored and shown."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest
from textual.widgets import Input

from nurture.screens.help import HelpScreen
from nurture.widgets.contact_list import ContactList
from nurture.widgets.queue_list import QueueList
from tests.guard import guarded_env
from tests.tui.conftest import all_rows_text, lines, make_app, rendered_text, settle, static_text, type_text

TODAY = date(2026, 11, 23)


def names(app) -> list[str]:
    return [r.contact.name for r in app.screen.query_one(ContactList).rows]


def stored(app):
    return app.service.network()


def by_name(app, name: str):
    return next(c for c in stored(app).contacts.values() if c.name == name)


async def open_edit_form(pilot, name: str):
    """Select ``name`` and open the edit form on them; returns the contact as it was."""
    await settle(pilot)
    contact = by_name(pilot.app, name)
    pilot.app.screen.go_to(contact.id)
    await pilot.press("e")
    await pilot.pause()
    return contact


async def select_queue_item(pilot, name: str, reason: str) -> None:
    queue = pilot.app.screen.query_one(QueueList)
    queue.focus()
    index = next(i for i, r in enumerate(queue.rows) if getattr(r, "name", None) == name and r.reason == reason)
    queue.move_to(index)
    await pilot.pause()


# --- first run ---------------------------------------------------------------------------------


async def test_a_dashboard_run_in_the_test_process_freezes_nothing(demo_app):
    """``gc.freeze()`` after the first load is for a process of nurture's own (``app.run``):
    here, in a process running hundreds of apps, it would pin each one's objects for good."""
    import gc

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert demo_app.screen.network is not None  # the first load is done
    assert gc.get_freeze_count() == 0 and gc.isenabled()


async def test_first_run_shows_a_welcome_naming_the_keys(empty_app):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        welcome = static_text(empty_app, "#card")
        assert "Welcome to nurture" in welcome
        assert "a  add your first contact" in welcome and "l  log" in welcome and "?  every key" in welcome
        assert lines(empty_app.screen.query_one(QueueList))[0].startswith("Nothing due")


# --- the new-user journey: add, log a coffee, see the thank-you -----------------------------------


async def test_add_contact_log_coffee_and_the_thank_you_appears(empty_app):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await type_text(pilot, "Ada Lovelace")
        await pilot.press("tab")
        await type_text(pilot, "Analytical Engines")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (ada,) = stored(empty_app).contacts.values()
        assert (ada.name, ada.company, ada.stage) == ("Ada Lovelace", "Analytical Engines", "prospect")
        assert names(empty_app) == ["Ada Lovelace"]
        assert "Ada Lovelace" in static_text(empty_app, "#card")

        await pilot.press("l")
        await pilot.pause()
        await pilot.press("tab", "tab")  # kind (coffee) → date (today) → summary
        await type_text(pilot, "Career switch chat")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (coffee,) = stored(empty_app).interactions
        assert (coffee.kind, coffee.on, coffee.summary) == ("coffee", TODAY, "Career switch chat")
        assert by_name(empty_app, "Ada Lovelace").stage == "met"
        queue_text = "\n".join(lines(empty_app.screen.query_one(QueueList)))
        assert "Coming up (1)" in queue_text
        assert "in 1d" in queue_text and "thank-you" in queue_text and "Ada Lovelace" in queue_text
        assert "Career switch chat" in static_text(empty_app, "#timeline")


async def test_on_a_busy_dashboard_the_new_contact_is_the_one_you_log_with(demo_app):
    """The issue's done criterion on real data: the queue has focus and someone highlighted."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert demo_app.screen.query_one(QueueList).has_focus
        await pilot.press("a")
        await type_text(pilot, "Jane Doe")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert static_text(demo_app, "#card").startswith("Jane Doe")
        await pilot.press("l")
        await pilot.pause()
        assert demo_app.screen.form_title == "Log an interaction with Jane Doe"
        await pilot.press("ctrl+s")
        await settle(pilot)
        jane = by_name(demo_app, "Jane Doe")
        assert [i.kind for i in stored(demo_app).timeline(jane.id)] == ["coffee"]
        queue = demo_app.screen.query_one(QueueList)
        assert any(getattr(r, "name", "") == "Jane Doe" and r.reason == "thank-you" for r in queue.rows)


async def test_invalid_form_shows_errors_inline_and_saves_nothing(empty_app):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.press("ctrl+s")  # blank name
        await pilot.pause()
        form = empty_app.screen
        assert "needs a name" in str(form.query_one("#f-name .field--error").render())
        await type_text(pilot, "Bob")
        for _ in range(3):
            await pilot.press("tab")
        await type_text(pilot, "not-an-email")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert empty_app.screen is form
        assert "does not look like an email" in str(form.query_one("#f-email .field--error").render())
        assert str(form.query_one("#f-name .field--error").render()) == ""
        assert stored(empty_app).contacts == {}
        await pilot.press("escape")  # something typed: asks first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stored(empty_app).contacts == {}
        assert names(empty_app) == []


async def test_log_form_rejects_a_bad_date_inline(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(stored(demo_app).interactions)
        await pilot.press("l")
        await pilot.press("tab")
        demo_app.screen.query_one("#on", Input).value = "someday"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(demo_app.screen.query_one("#f-on .field--error").render())
        assert "cannot read date 'someday'" in error
        shown = [str(w.render()) for w in demo_app.screen.query("#f-on Static") if w.display]
        assert sum("cannot read date 'someday'" in text for text in shown) == 1, shown  # not hint and error both
        await pilot.press("end", "x")  # typing on: the live hint says what is wrong now, once
        await pilot.pause()
        shown = [str(w.render()) for w in demo_app.screen.query("#f-on Static") if w.display]
        assert sum("cannot read date" in text for text in shown) == 1 and "'somedayx'" in "".join(shown), shown
        await pilot.press("escape")
        await settle(pilot)
        assert len(stored(demo_app).interactions) == before


# --- queue actions --------------------------------------------------------------------------------


async def test_done_on_a_queue_item_logs_the_touch_it_asks_for(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_queue_item(pilot, "Emily Chen", "thank-you")
        await pilot.press("d")
        await pilot.pause()
        await type_text(pilot, "Thanked her for the portfolio tips")
        await pilot.press("enter")
        await settle(pilot)
        emily = by_name(demo_app, "Emily Chen")
        last = stored(demo_app).timeline(emily.id)[-1]
        assert (last.kind, last.on, last.notes) == ("thank-you", TODAY, "Thanked her for the portfolio tips")
        queue = demo_app.screen.query_one(QueueList)
        assert not any(getattr(r, "name", "") == "Emily Chen" and r.reason == "thank-you" for r in queue.rows)
        assert emily.stage == "nurturing"


async def test_done_on_a_follow_up_marks_it_done(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_queue_item(pilot, "Daniel Brooks", "follow-up")
        await pilot.press("d", "enter")
        await settle(pilot)
        f = next(f for f in stored(demo_app).followups if f.id == "f-0001")
        assert f.done_on == TODAY
        assert "Daniel Brooks" not in [
            getattr(r, "name", "")
            for r in demo_app.screen.query_one(QueueList).rows
            if getattr(r, "reason", "") == "follow-up"
        ]


async def test_enter_on_a_queue_item_selects_that_contact(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_queue_item(pilot, "Peter Novak", "nudge")
        await pilot.press("enter")
        await pilot.pause()
        contacts = demo_app.screen.query_one(ContactList)
        assert contacts.has_focus and contacts.current.contact.name == "Peter Novak"
        assert static_text(demo_app, "#card").startswith("Peter Novak")


async def test_follow_up_and_snooze(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        demo_app.screen.go_to(by_name(demo_app, "Zoë Kowalski").id)
        await pilot.press("f")
        await type_text(pilot, "next fri")
        await pilot.press("enter")
        await type_text(pilot, "Send the critique article")
        await pilot.press("ctrl+s")
        await settle(pilot)
        zoe = by_name(demo_app, "Zoë Kowalski")
        (f,) = [f for f in stored(demo_app).followups if f.contact_id == zoe.id]
        assert (f.due, f.text) == (date(2026, 11, 27), "Send the critique article")
        assert any(getattr(r, "name", "") == "Zoë Kowalski" for r in demo_app.screen.query_one(QueueList).rows)

        await pilot.press("s")
        await type_text(pilot, "in 2 weeks")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert by_name(demo_app, "Zoë Kowalski").snoozed_until == TODAY + timedelta(days=14)
        assert not any(getattr(r, "name", "") == "Zoë Kowalski" for r in demo_app.screen.query_one(QueueList).rows)
        assert "Snoozed until" in static_text(demo_app, "#card")


async def test_archive_and_undo(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        maya = by_name(demo_app, "Maya Okafor")
        demo_app.screen.go_to(maya.id)
        await pilot.press("x")
        await settle(pilot)
        assert by_name(demo_app, "Maya Okafor").archived
        assert "Maya Okafor" not in names(demo_app)
        assert any("Archived Maya Okafor" in str(n.message) for n in demo_app._notifications)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not by_name(demo_app, "Maya Okafor").archived
        assert "Maya Okafor" in names(demo_app)


async def test_edit_contact_changes_stage_and_keeps_history(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        peter = await open_edit_form(pilot, "Peter Novak")
        form = demo_app.screen
        form.query_one("#role", Input).value = "Principal Designer"
        form.query_one("#stage").value = "scheduled"
        await pilot.press("ctrl+s")
        await settle(pilot)
        peter = by_name(demo_app, "Peter Novak")
        assert (peter.role, peter.stage) == ("Principal Designer", "scheduled")
        assert peter.stage_history[-1].stage == "scheduled"


# --- finding people ---------------------------------------------------------------------------------


async def test_filter_and_sort(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "fintech")  # an industry, not a name/company/role/tag
        assert names(demo_app) == []
        demo_app.screen.query_one("#filter", Input).value = ""
        await type_text(pilot, "figma")
        await pilot.pause()
        assert names(demo_app) == ["Maya Okafor"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(names(demo_app)) == 39 and demo_app.screen.query_one(ContactList).has_focus
        await pilot.press("slash")
        await type_text(pilot, "mya okfr")  # fuzzy: MaYA OKaFoR
        await pilot.pause()
        assert names(demo_app) == ["Maya Okafor"]
        await pilot.press("escape")
        await pilot.press("S")  # by last contact: most recent first
        await pilot.pause()
        rows = demo_app.screen.query_one(ContactList).rows
        lasts = [r.last_contact for r in rows if r.last_contact]
        assert lasts == sorted(lasts, reverse=True)
        await pilot.press("S")  # by due
        await pilot.pause()
        assert demo_app.screen.query_one(ContactList).rows[0].contact.name == "Noah Petersen"


async def test_palette_go_to_contact(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Go to contact: Priya")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert demo_app.screen.query_one(ContactList).current.contact.name == "Priya Raman"


async def palette_commands(pilot) -> list[str]:
    """What the command palette lists before anything is typed, once the list has settled."""
    from textual.command import CommandList

    shown: list[str] = []
    for _ in range(50):
        await pilot.pause(0.1)
        options = pilot.app.screen.query_one(CommandList)
        now = [options.get_option_at_index(i).hit.text for i in range(options.option_count)]
        if now and now == shown:
            break
        shown = now
    return shown


async def test_the_palette_lists_each_action_of_the_table_once(demo_app):
    """What the palette really shows: every titled action of the table, each once (the app once
    added its own "Help: every key" beside the table's), and nothing it does not hold."""
    from nurture.screens.actions import in_palette

    async with demo_app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        shown = await palette_commands(pilot)
        titles = [a.title for a in in_palette()]
        assert titles and len(titles) == len(set(titles))
        for title in titles:
            assert shown.count(title) == 1, (title, shown)
        assert shown.count("Help: every key") == 1
        assert [t for t in shown if t in titles] == titles  # in the table's order
        assert not any(t.startswith("Go to contact") for t in shown)  # those come when typing
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await type_text(pilot, "Add contact")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert demo_app.screen.form_title == "Add a contact"


async def test_the_dashboard_keys_and_the_help_come_from_the_table(demo_app):
    """Every key the dashboard binds is a row of the table, and every row shows in the help with
    its keys, name and explanation."""
    from textual.screen import Screen

    from nurture.screens.actions import DASHBOARD, NEEDS_CONTACT
    from nurture.screens.help import _key_name

    async with demo_app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        inherited = set(Screen._merged_bindings.key_to_bindings)
        bound = {
            key: [b.action for b in bs] for key, bs in screen._bindings.key_to_bindings.items() if key not in inherited
        }
        table = {key: [a.action] for a in DASHBOARD for key in a.all_keys}
        assert bound == table
        # the rows that need a contact are offered only while one is selected
        assert screen.selected() is not None
        assert all(screen.check_action(a, ()) for a in NEEDS_CONTACT)
        screen.selected_id = None
        await pilot.pause()
        assert screen.selected() is None
        assert not any(screen.check_action(a, ()) for a in NEEDS_CONTACT)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        lines = "\n".join(rendered_text(w) for w in demo_app.screen.query("Static")).splitlines()
        for a in DASHBOARD:
            keys = " / ".join(_key_name(k) for k in a.all_keys)
            row = next((line for line in lines if line.lstrip().startswith(keys + " ")), None)
            assert row is not None, (keys, lines)
            assert a.label in row and a.explain.split()[0] in row, (a, row)


async def test_help_lists_every_key(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        text = "\n".join(rendered_text(w) for w in demo_app.screen.query("Static"))
        for key, what in [
            ("a", "Add"),
            ("l", "Log"),
            ("d", "Done"),
            ("f", "Follow-up"),
            ("s", "Snooze"),
            ("e", "Edit"),
            ("x", "Archive"),
            ("ctrl+z", "Undo"),
            ("/", "Filter"),
            ("S", "Sort"),
            ("q", "Quit"),
            ("ctrl+p", "command palette"),
            ("tab", "next"),
        ]:
            assert key in text and what in text, (key, what)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(demo_app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)


async def test_unavailable_actions_are_disabled(empty_app):
    empty_app.service.archive(empty_app.service.add_contact("Maya Chen").id)  # someone, but not listed
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = empty_app.screen
        for action in ("log", "followup", "snooze", "edit", "archive", "done"):
            assert screen.check_action(action, ()) is None, action
        assert screen.check_action("add", ()) is True
        await pilot.press("l")  # nothing happens: no form without a contact
        await pilot.pause()
        assert screen is empty_app.screen


async def test_with_nobody_yet_the_contact_keys_say_to_add_someone_first(empty_app):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = empty_app.screen
        assert screen.check_action("log", ()) is True and screen.check_action("done", ()) is None
        await pilot.press("l")  # no form: there is no one to log with
        await pilot.pause()
        assert screen is empty_app.screen
        assert [str(n.message) for n in empty_app._notifications][-1] == "Add someone first (a)."


# --- the shell and the app together -------------------------------------------------------------------


async def test_changes_from_the_shell_appear_without_a_restart(tmp_path):
    app = make_app(tmp_path / "data", demo=True, poll=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "nurture",
                "--data-dir",
                str(tmp_path / "data"),
                "add",
                "Shell Person",
                "--company",
                "Terminal Inc",
            ],
            capture_output=True,
            text=True,
            env=guarded_env(),
        )
        assert r.returncode == 0, r.stderr
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "nurture",
                "--data-dir",
                str(tmp_path / "data"),
                "log",
                "Shell Person",
                "--kind",
                "coffee",
                "--on",
                "2026-11-22",
                "--as-of",
                "2026-11-23",
            ],
            capture_output=True,
            text=True,
            env=guarded_env(),
        )
        assert r.returncode == 0, r.stderr
        for _ in range(20):
            await pilot.pause(0.2)
            await app.workers.wait_for_complete()
            if "Shell Person" in names(app):
                break
        assert "Shell Person" in names(app)
        queue = app.screen.query_one(QueueList)
        assert any(getattr(r, "name", "") == "Shell Person" and r.reason == "thank-you" for r in queue.rows)
        # and the app's own write afterwards keeps the shell's records
        app.screen.go_to(by_name(app, "Shell Person").id)
        await pilot.press("x")
        await settle(pilot)
        assert by_name(app, "Shell Person").archived
        assert len(stored(app).timeline(by_name(app, "Shell Person").id)) == 1


async def test_theme_choice_is_remembered(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert app.service.settings().theme == "nord"
    again = make_app(tmp_path / "data")
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


# --- user text is never markup --------------------------------------------------------------------------

HOSTILE = ["[/]", "[bold]Zed", "[@click=app.quit]Eve[/]"]


async def test_user_text_is_shown_literally_and_never_runs_actions(tmp_path):
    app = make_app(tmp_path / "data")
    service = app.service
    ids = []
    for name in HOSTILE:
        c = service.add_contact(name, company=f"{name} Corp", tags=[name])
        service.log(c.id, "coffee", TODAY - timedelta(days=3), summary=name, notes=name, takeaways=[name], todos=[name])
        ids.append(c.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_lines = "\n".join(all_rows_text(app.screen.query_one(ContactList)))
        queue_lines = "\n".join(all_rows_text(app.screen.query_one(QueueList)))
        for name in HOSTILE:
            assert name in contact_lines
            assert name in queue_lines
        for cid, name in zip(ids, HOSTILE, strict=False):
            app.screen.go_to(cid)
            await pilot.pause()
            card = static_text(app, "#card")
            assert card.startswith(name) and f"{name} Corp" in card
            await settle(pilot)  # the timeline is read in the background
            assert static_text(app, "#timeline").count(name) >= 3
        # click every row of the list: nothing quits
        contact_list = app.screen.query_one(ContactList)
        for y in range(3):
            await pilot.click(ContactList, offset=(4, y))
            await pilot.click("#card", offset=(2, 0))
        assert app.is_running
        # forms and notifications
        app.screen.go_to(ids[2])
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.form_title == f"Edit {HOSTILE[2]}"
        assert app.screen.query_one("#name", Input).value == HOSTILE[2]
        await pilot.press("escape")
        await pilot.press("x")
        await settle(pilot)
        assert any(HOSTILE[2] in str(n.message) for n in app._notifications)
        assert app.is_running
    assert contact_list is not None


# --- the mouse ----------------------------------------------------------------------------------------


async def test_clicking_a_queue_row_shows_that_contact(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        queue = demo_app.screen.query_one(QueueList)
        row = next(i for i, r in enumerate(queue.rows) if getattr(r, "name", "") == "Aisha Khan")
        await pilot.click(QueueList, offset=(20, row - queue.scroll_offset.y))
        await pilot.pause()
        assert queue.has_focus and queue.current.name == "Aisha Khan"
        assert static_text(demo_app, "#card").startswith("Aisha Khan")
        contacts = demo_app.screen.query_one(ContactList)
        assert contacts.current.contact.name == "Aisha Khan"  # the list follows the queue
        top = contacts.scroll_offset.y
        y = next(y for y in range(contacts.size.height) if contacts.rows[top + y].contact.name != "Aisha Khan")
        await pilot.click(ContactList, offset=(5, y))
        await pilot.pause()
        clicked = contacts.rows[top + y].contact.name
        assert contacts.has_focus and contacts.current.contact.name == clicked
        assert static_text(demo_app, "#card").startswith(clicked)


async def test_clicking_undo_in_the_notification_restores_the_contact(demo_app):
    async with demo_app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        demo_app.screen.go_to(by_name(demo_app, "Kenji Watanabe").id)
        await pilot.press("x")
        await settle(pilot)
        assert by_name(demo_app, "Kenji Watanabe").archived
        await pilot.pause(0.2)
        toast = demo_app.screen.query_one("Toast")
        text = str(toast.render())
        assert "Archived Kenji Watanabe" in text
        await pilot.click(toast, offset=(text.index("Undo") + 2, 1))
        await settle(pilot)
        assert not by_name(demo_app, "Kenji Watanabe").archived


async def test_the_undo_link_of_an_older_notice_undoes_nothing_after_newer_changes(demo_app):
    async with demo_app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        demo_app.screen.go_to(by_name(demo_app, "Kenji Watanabe").id)
        await pilot.press("x")
        await settle(pilot)
        demo_app.screen.go_to(by_name(demo_app, "Laura Meyer").id)
        await pilot.press("x")
        await settle(pilot)
        await pilot.pause(0.2)
        toast = next(t for t in demo_app.screen.query("Toast") if "Kenji" in str(t.render()))
        text = str(toast.render())
        await pilot.click(toast, offset=(text.index("Undo") + 2, 1))
        await settle(pilot)
        assert by_name(demo_app, "Kenji Watanabe").archived and by_name(demo_app, "Laura Meyer").archived
        said = [str(n.message) for n in demo_app._notifications]
        assert any("Newer changes were made since" in m for m in said)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not by_name(demo_app, "Laura Meyer").archived and by_name(demo_app, "Kenji Watanabe").archived


def _mouse(cls, x: int, y: int):
    return cls(
        widget=None,
        x=x,
        y=y,
        delta_x=0,
        delta_y=0,
        button=1,
        shift=False,
        meta=False,
        ctrl=False,
        screen_x=x,
        screen_y=y,
    )


async def test_a_fast_double_click_on_a_notification_dismisses_it_and_nothing_crashes(demo_app):
    """A terminal sends a double click as two presses and releases a few ms apart; the first
    click dismisses the toast before the screen is redrawn, so the second lands on a toast that
    is gone. Pilot's clicks wait for the screen between events, so the events are posted the
    way the terminal driver posts them, at several speeds (the window is a frame or so)."""
    import asyncio

    from textual import events

    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        for gap in (0.0, 0.002, 0.005, 0.01, 0.02, 0.03):
            demo_app.notify("Saved Peter Novak.", timeout=10)
            await pilot.pause(0.1)
            toast = demo_app.screen.query_one("Toast")
            x, y = toast.region.offset + (3, 1)  # noqa: RUF005 (Offset + tuple adds the vectors)
            for _ in range(2):
                demo_app.post_message(_mouse(events.MouseDown, x, y))
                demo_app.post_message(_mouse(events.MouseUp, x, y))
                await asyncio.sleep(gap)
            await settle(pilot)
            assert demo_app.is_running, gap
            assert not demo_app.screen.query("Toast"), gap
        await pilot.press("a")  # the dashboard still answers
        await settle(pilot)
        assert demo_app.screen.form_title == "Add a contact"


async def test_saving_an_edit_keeps_what_the_shell_changed_meanwhile(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        peter = await open_edit_form(pilot, "Peter Novak")
        # meanwhile, in a shell: a new company and email for Peter
        demo_app.service.update_contact(peter.id, company="Skyscanner", email="peter@sky.example")
        demo_app.screen.query_one("#role", Input).value = "Head of Design"
        await pilot.press("ctrl+s")
        await settle(pilot)
        peter = by_name(demo_app, "Peter Novak")
        assert (peter.role, peter.company, peter.email) == ("Head of Design", "Skyscanner", "peter@sky.example")
        told = [str(n.message) for n in demo_app._notifications]
        assert any("Kept what was changed elsewhere meanwhile: company, email" in m for m in told), told


@pytest.mark.parametrize(("choice", "role"), [("m", "Head of Design"), ("t", "Design Director"), ("escape", None)])
async def test_an_edit_that_collides_with_a_change_elsewhere_asks_which_to_keep(demo_app, choice, role):
    from nurture.screens.conflict import ConflictScreen

    async with demo_app.run_test(size=(80, 24)) as pilot:
        peter = await open_edit_form(pilot, "Peter Novak")
        demo_app.service.update_contact(peter.id, role="Design Director", company="Skyscanner")  # the shell
        demo_app.screen.query_one("#role", Input).value = "Head of Design"
        demo_app.screen.query_one("#tags", Input).value = "design, mentor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, ConflictScreen)
        text = static_text(demo_app, "Static")
        assert "Design Director" in text and "Head of Design" in text
        assert by_name(demo_app, "Peter Novak").role == "Design Director"  # nothing saved yet
        await pilot.press(choice)
        await settle(pilot)
        peter = by_name(demo_app, "Peter Novak")
        if role is None:  # back out: nothing of the edit is saved
            assert (peter.role, peter.tags) == ("Design Director", ("design",))
        else:
            assert peter.role == role
            assert peter.tags == ("design", "mentor")  # your other edit is kept either way
        assert peter.company == "Skyscanner"  # their other change is kept either way


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_an_emoji_with_a_skin_tone_in_a_name_leaves_every_border_in_place(tmp_path, size):
    """Textual measures a line with Rich, the terminal draws it: where they disagree on an
    emoji's width (a skin tone, U+FE0F) the line comes out wider or narrower and moves the
    borders after it. Drawn as tmux draws it, every border stays where it is on a plain line."""
    from tests.tui.conftest import drawn_lines, tmux_columns

    app = make_app(tmp_path / "data")
    ada = app.service.add_contact("Dr 👩🏽‍🔬 Ada Lovelace", company="Lab ❤️ Inc", role="Scientist 👍🏽")
    app.service.add_contact("Bob Plain", company="Acme")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.screen.go_to(ada.id)
        await settle(pilot)
        shown = drawn_lines(app)
        plain = next(line for line in shown if "Bob Plain" in line)
        emoji = [line for line in shown if "Ada Lov" in line or "Lab " in line]
        assert len(emoji) >= 3  # the list's row, the card's name and its role @ company
        for line in emoji:
            assert tmux_columns(line, "│") == tmux_columns(plain, "│"), line


async def test_a_name_that_ends_in_a_full_stop_ends_each_message_once(empty_app):
    """ "Added google inc.", never "Added google inc..": adding, logging, editing, archiving."""
    seen: list[str] = []

    async def step(pilot, *keys: str) -> None:
        await pilot.press(*keys)
        await settle(pilot)
        seen.extend(str(n.message) for n in empty_app._notifications)

    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await type_text(pilot, "google inc.")
        await step(pilot, "ctrl+s")
        await step(pilot, "l")
        await step(pilot, "ctrl+s")
        await pilot.press("e", "tab")
        await type_text(pilot, "Acme")
        await step(pilot, "ctrl+s")
        await step(pilot, "x")
    assert any(m.startswith("Added google inc. ") or m == "Added google inc." for m in seen), seen
    assert any(m.startswith("Logged coffee with google inc. google inc. is now met.") for m in seen), seen
    assert any(m.startswith("Saved google inc.") for m in seen), seen
    assert any(m.startswith("Archived google inc. Undo") for m in seen), seen
    assert not any(".." in m for m in seen), seen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_key_in_help_is_shown_whole(demo_app, size):
    from nurture.screens.help import NAVIGATION, key_rows

    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(rendered_text(w) for w in demo_app.screen.query("Static"))
        labels = [k for k, _ in key_rows(demo_app.screen.actions)] + [k for k, _ in NAVIGATION]
        for label in labels:
            assert any(line.lstrip().startswith(label) for line in text.splitlines()), (label, text)
