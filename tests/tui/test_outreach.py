"""Outreach drafts from the dashboard: the fitting template filled in, live checks, copy (or a
file), mark sent, your goal, editing a template."""

from __future__ import annotations

from nurture.screens.outreach import OutreachScreen, clipboard_reachable
from nurture.widgets.template_list import TemplateList
from tests.tui.conftest import open_on, settle, static_text, type_text


async def open_outreach(pilot, app, name: str):
    return await open_on(pilot, app, name, "o", OutreachScreen)


def draft(app) -> str:
    return app.screen.query_one("#draft").text


async def test_a_requested_contact_gets_the_nudge_filled_in_and_marking_it_sent_logs_it(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        peter = await open_outreach(pilot, demo_app, "Peter Novak")
        assert demo_app.screen.key == "nudge"
        assert draft(demo_app).startswith("Hi Peter, I'm bumping my note")
        assert demo_app.screen.query_one("#draft-pane").border_subtitle.endswith(" words")
        assert "Nothing to flag" in static_text(demo_app, "#checks")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(demo_app.screen, OutreachScreen)
        last = demo_app.service.network().timeline(peter.id)[-1]
        assert (last.kind, last.summary) == ("nudge", "The one nudge")
        assert last.notes.startswith("Hi Peter, I'm bumping")
        assert not any(i.reason == "nudge" for i in demo_app.service.queue(within=7) if i.contact_id == peter.id)

        await open_outreach(pilot, demo_app, "Peter Novak")  # nudged: o opens what fits next
        assert demo_app.screen.key == "congratulations"
        demo_app.screen._choose("nudge")  # a second nudge chosen anyway: refused, nothing logged
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, OutreachScreen)
        assert any("already nudged" in str(n.message) for n in demo_app._notifications)
        assert sum(i.kind == "nudge" for i in demo_app.service.network().timeline(peter.id)) == 1


async def test_live_checks_flag_a_job_ask_and_a_long_message(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_outreach(pilot, demo_app, "Peter Novak")
        await type_text(pilot, "Any openings? ")
        assert "Reads as asking for a job (“openings”)" in static_text(demo_app, "#checks")
        assert demo_app.screen.query_one("#checks").has_class("-warning")
        demo_app.screen.query_one("#draft").load_text("word " * 120)
        await pilot.pause()
        assert "120 words: over 100" in static_text(demo_app, "#checks")
        assert demo_app.screen.query_one("#draft-pane").border_subtitle == "120 words"
        demo_app.screen.query_one("#draft").load_text("Hello")
        await pilot.pause()
        assert demo_app.screen.query_one("#draft-pane").border_subtitle == "1 word"


async def test_a_missing_goal_is_flagged_refused_when_sending_and_filled_once_set(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        sara = await open_outreach(pilot, demo_app, "Sara Bianchi")  # a prospect: the cold note
        before = len(demo_app.service.network().timeline(sara.id))
        assert demo_app.screen.key == "cold-linkedin"
        assert "{my_goal}" in draft(demo_app)
        assert "{my_goal}: ctrl+g sets your goal" in static_text(demo_app, "#checks")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, OutreachScreen)
        assert any("Fill in {my_goal}" in str(n.message) for n in demo_app._notifications)
        assert len(demo_app.service.network().timeline(sara.id)) == before

        await pilot.press("ctrl+g")
        await settle(pilot)
        await type_text(pilot, "I teach and am moving into design.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.service.settings().my_goal == "I teach and am moving into design."
        assert "{my_goal}" not in draft(demo_app) and "I teach and am moving into design." in draft(demo_app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(demo_app.service.network().timeline(sara.id)) == before + 1


async def test_copy_where_the_clipboard_is_out_of_reach_saves_a_private_file_and_says_where(demo_app, tmp_path):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_outreach(pilot, demo_app, "Peter Novak")
        await pilot.press("ctrl+t")  # a test app is headless: no terminal clipboard
        await settle(pilot)
        saved = tmp_path / "data" / "drafts" / "peter-novak-nudge.txt"
        assert saved.read_text().startswith("Hi Peter, I'm bumping")
        assert any(str(saved) in str(n.message) for n in demo_app._notifications)
        assert demo_app.clipboard.startswith("Hi Peter")


def test_which_terminals_can_take_a_clipboard_copy():
    assert clipboard_reachable({"TERM": "xterm-256color"}, headless=False)
    assert not clipboard_reachable({"TERM": "xterm-256color", "TMUX": "/tmp/tmux-1/default,1,0"}, False)
    assert not clipboard_reachable({"TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"}, False)
    assert not clipboard_reachable({"TERM": "linux"}, False)
    assert not clipboard_reachable({"TERM": "xterm"}, headless=True)


async def test_editing_a_template_stores_it_and_the_draft_follows_and_reset_brings_it_back(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_outreach(pilot, demo_app, "Peter Novak")
        await pilot.press("shift+tab")
        assert isinstance(demo_app.screen.focused, TemplateList)
        await pilot.press("e")
        await settle(pilot)
        demo_app.screen.query_one("#body").load_text("Hey {first_name}, any news? {oops}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "unknown placeholder {oops}" in static_text(demo_app, "#f-body .field--error")
        demo_app.screen.query_one("#body").load_text("Hey {first_name}, any news?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert next(t for t in demo_app.service.templates() if t.key == "nudge").body == "Hey {first_name}, any news?"
        assert draft(demo_app) == "Hey Peter, any news?"
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not next(t for t in demo_app.service.templates() if t.key == "nudge").edited
        assert draft(demo_app).startswith("Hi Peter, I'm bumping")
