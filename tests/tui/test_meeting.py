"""Meeting mode from the dashboard: the checklist, the countdown's notices, marked notes,
a referral, autosave and resume, and ending it into the log and the queue."""

from __future__ import annotations

from datetime import date

from nurture.domain.questions import CLOSING
from nurture.screens.meeting import MeetingScreen
from nurture.widgets.checklist import Checklist
from tests.tui.conftest import Seconds, contact_named, lines, make_app, open_on, settle, static_text, type_text


async def start_meeting(pilot, app, name: str = "Peter Novak"):
    return await open_on(pilot, app, name, "m", MeetingScreen)


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_whole_meeting_from_questions_to_the_logged_conversation(tmp_path):
    seconds = Seconds()
    app = make_app(tmp_path / "data", demo=True, seconds=seconds)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        peter = contact_named(app, "Peter Novak")
        app.service.set_prep(peter.id, ["How did you get into design?", "What does a week look like?"])
        await start_meeting(pilot, app)
        assert [r.text for r in app.screen.query_one(Checklist).rows] == [
            "How did you get into design?",
            "What does a week look like?",
            CLOSING,
        ]
        assert "20:00 left of 20 min" in static_text(app, "#meeting-bar")

        await type_text(pilot, "Started in print")
        await pilot.press("enter", "ctrl+t")
        await type_text(pilot, "Show process not polish")
        await pilot.press("enter", "ctrl+o")
        await type_text(pilot, "Send my case study")
        await pilot.press("enter", "ctrl+b")
        await type_text(pilot, "Intro to Jane")
        await pilot.press("ctrl+n")
        assert "1 of 3 asked" in app.screen.query_one("#questions-pane").border_title
        assert lines(app.screen.query_one(Checklist))[0].startswith(" ☑ How did you get into design?")

        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, "Jane Doe")
        await pilot.press("tab")
        await type_text(pilot, "Acme")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Referrals: Jane Doe (Acme)" in static_text(app, "#referrals")

        seconds.advance(18 * 60)  # two minutes left
        app.screen._tick()
        await pilot.pause()
        assert any("Two minutes left" in n for n in notices(app))
        assert app.screen.query_one("#meeting-bar").has_class("-wrap-up")
        seconds.advance(5 * 60)
        app.screen._tick()
        await pilot.pause()
        assert any("Time's up" in n for n in notices(app))
        assert "3:00 over" in static_text(app, "#meeting-bar")

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one("#end-minutes").value == "23"
        assert "Logs 1 takeaway, 1 for you to do, 1 they offered, and adds 1 referral as a prospect." in static_text(
            app, "#end-what"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("Added Jane Doe as a prospect." in n for n in notices(app))

        assert not isinstance(app.screen, MeetingScreen)
        assert app.screen.selected_id == peter.id
        logged = app.service.network().timeline(peter.id)[-1]
        assert (logged.kind, logged.duration_minutes, logged.notes) == ("video", 23, "Started in print")
        assert logged.takeaways == ("Show process not polish",)
        assert [(a.text, a.owner) for a in logged.action_items] == [
            ("Send my case study", "me"),
            ("Intro to Jane", "them"),
        ]
        jane = contact_named(app, "Jane Doe")
        assert jane.referred_by == peter.id and jane.company == "Acme"
        due = [(i.reason, i.due) for i in app.service.queue(within=3) if i.contact_id == peter.id]
        assert ("thank-you", date(2026, 11, 24)) in due
        assert app.service.meeting(peter.id) is None


async def test_notes_autosave_and_a_crash_resumes_the_meeting_where_it_was(tmp_path):
    seconds = Seconds()
    app = make_app(tmp_path / "data", demo=True, seconds=seconds)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        peter = await start_meeting(pilot, app)
        await type_text(pilot, "They hire twice a year")
        seconds.advance(7 * 60)
        app.screen.autosave()  # what the 3-second timer does
        await settle(pilot)
        assert app.service.meeting(peter.id).notes == "They hire twice a year"
        assert "saved at 7:00 into the meeting" in app.screen.query_one("#notes-pane").border_subtitle
    # the process dies here: no leave, no end

    again = make_app(tmp_path / "data", seconds=seconds)
    async with again.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await start_meeting(pilot, again)
        assert again.screen.query_one("#notes").text == "They hire twice a year"
        assert "13:00 left of 20 min" in static_text(again, "#meeting-bar")
        assert any("Resumed the meeting with Peter Novak, 7 minutes in" in n for n in notices(again))


async def test_leaving_keeps_the_meeting_for_later_and_logs_nothing(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        peter = await start_meeting(pilot, demo_app)
        before = len(demo_app.service.network().timeline(peter.id))
        await pilot.press("ctrl+up")  # they offered half an hour
        assert "of 25 min" in static_text(demo_app, "#meeting-bar")
        await type_text(pilot, "half-way")
        await pilot.press("escape")  # asks: keep it for later, or discard it
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert not isinstance(demo_app.screen, MeetingScreen)
        kept = demo_app.service.meeting(peter.id)
        assert (kept.notes, kept.minutes) == ("half-way", 25)
        assert len(demo_app.service.network().timeline(peter.id)) == before
        assert any("m resumes it" in n for n in notices(demo_app))


async def test_cancelling_the_end_form_keeps_the_meeting_going(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        peter = await start_meeting(pilot, demo_app)
        await type_text(pilot, "notes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, MeetingScreen)
        await type_text(pilot, " more")
        demo_app.screen.autosave()
        await settle(pilot)
        assert demo_app.service.meeting(peter.id).notes == "notes more"
