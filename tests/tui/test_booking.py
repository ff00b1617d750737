"""Booking a conversation from the dashboard (b), the card's next meeting, the queue's meeting
items, and d on them: log-meeting logs the conversation, prepare opens question prep."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from textual.widgets import Input, Static

from nurture.demo import seed_demo
from nurture.domain.overview import overview
from nurture.domain.queue import QueueItem
from nurture.domain.requests import BookRequest
from nurture.screens.book_form import BookForm
from nurture.screens.dashboard import DashboardScreen
from nurture.screens.done_form import MeetingLogForm
from nurture.screens.key_question import KeyQuestion
from nurture.screens.prep import PrepScreen
from nurture.services import Nurture
from nurture.store import Repository
from nurture.widgets.contact_detail import ContactDetail
from nurture.widgets.queue_list import QueueList
from tests.conftest import TODAY, Clock
from tests.tui.conftest import all_rows_text, contact_named, open_on, rendered_text, settle, type_text

SIZES = [(80, 24), (120, 40)]
TOMORROW = TODAY + timedelta(days=1)


def hint(app, field_id: str) -> str:
    return rendered_text(app.screen.query_one(f"#{field_id} .field--hint"))


def error(app, field_id: str) -> str:
    return rendered_text(app.screen.query_one(f"#{field_id} .field--error"))


def card_text(app) -> str:
    return rendered_text(app.screen.query_one(ContactDetail).query_one("#card"))


def queue_rows(app) -> list[str]:
    return all_rows_text(app.screen.query_one(QueueList))


def row_of(app, name: str, reason: str, width: int = 200) -> str:
    """The queue row of ``name``'s ``reason`` item, as drawn (by default wide enough for every column)."""
    queue = app.screen.query_one(QueueList)
    row = next(r for r in queue.rows if isinstance(r, QueueItem) and (r.name, r.reason) == (name, reason))
    return queue.render_row(row, width).plain.rstrip()


def items_of(app, name: str) -> list[QueueItem]:
    return [r for r in app.screen.query_one(QueueList).rows if isinstance(r, QueueItem) and r.name == name]


async def to_item(pilot, app, name: str, reason: str) -> None:
    """Highlight ``name``'s ``reason`` item in the queue, the queue focused."""
    queue = app.screen.query_one(QueueList)
    index = next(
        i for i, r in enumerate(queue.rows) if isinstance(r, QueueItem) and (r.name, r.reason) == (name, reason)
    )
    queue.focus()
    queue.move_to(index)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_booking_says_the_time_back_refuses_bad_ones_and_saves_a_good_one(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        isabel = await open_on(pilot, demo_app, "Isabel Ortega", "b", BookForm)
        assert isabel.stage == "requested"
        await type_text(pilot, "tomorrow 3pm")
        await settle(pilot)
        assert "Tue 24 Nov 2026, 15:00 (tomorrow)" in hint(demo_app, "f-start")

        demo_app.screen.query_one("#start").value = "tomorrow"  # no time of day
        await settle(pilot)
        assert "has no time of day" in hint(demo_app, "f-start")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, BookForm)
        assert "has no time of day" in error(demo_app, "f-start")
        demo_app.screen.query_one("#start").value = "yesterday 3pm"  # over already
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is in the past" in error(demo_app, "f-start")
        assert not [a for a in demo_app.service.appointments() if a.contact_id == isabel.id]

        demo_app.screen.query_one("#start").value = "tomorrow 3pm"
        demo_app.screen.query_one("#where").value = "https://zoom.us/j/42 [b]x[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
        booked = [a for a in demo_app.service.appointments() if a.contact_id == isabel.id]
        assert [(a.start, a.minutes, a.where) for a in booked] == [
            (datetime.combine(TOMORROW, time(15), tzinfo=UTC), 20, "https://zoom.us/j/42 [b]x[/b]")
        ]
        assert contact_named(demo_app, "Isabel Ortega").stage == "scheduled"
        said = [str(n.message) for n in demo_app._notifications]
        assert any(m.startswith("Booked Isabel Ortega: tomorrow 15:00 · 20 min · Zoom") for m in said), said
        card = card_text(demo_app)
        assert "Next meeting tomorrow 15:00 · 20 min · Zoom (in 1 day)" in card
        reasons = {i.reason for i in items_of(demo_app, "Isabel Ortega")}
        assert {"prepare", "meeting"} <= reasons  # no questions prepared: prepare today


async def test_the_card_links_the_video_address_and_shows_no_markup(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lucas = contact_named(demo_app, "Lucas Martin")
        demo_app.screen.go_to(lucas.id)
        await settle(pilot)
        content = demo_app.screen.query_one(ContactDetail).query_one("#card").content
        assert "Next meeting Thu 26 Nov 15:00 · 20 min · Zoom (in 3 days)" in str(content)
        links = [s.style.link for s in content.spans if hasattr(s.style, "link") and s.style.link]
        assert links == ["https://us02web.zoom.us/j/81234567890"] * 2  # "Zoom", and the address itself
        assert "  Join https://us02web.zoom.us/j/81234567890" in str(content)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_cancelling_the_booked_appointment_from_the_form_moves_them_back(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        isabel = contact_named(demo_app, "Isabel Ortega")
        start = datetime.combine(TOMORROW, time(15), tzinfo=UTC)
        demo_app.service.book(BookRequest.typed(isabel.id, start, where="Café Central"))
        demo_app.screen.load()  # as the dashboard's poll does
        await settle(pilot)
        await open_on(pilot, demo_app, "Isabel Ortega", "b", BookForm)
        notice = rendered_text(demo_app.screen.query_one("#booked"))
        assert "Booked: tomorrow 15:00 · 20 min · Café Central" in notice
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(demo_app.screen, KeyQuestion)
        assert "The conversation with Isabel Ortega, tomorrow 15:00" in rendered_text(
            demo_app.screen.query_one("#question-text")
        )
        await pilot.press("n")  # kept
        await settle(pilot)
        assert isinstance(demo_app.screen, BookForm)
        await pilot.press("ctrl+d", "y")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
        assert not [a for a in demo_app.service.appointments() if a.contact_id == isabel.id]
        assert contact_named(demo_app, "Isabel Ortega").stage == "requested"
        assert "Next meeting" not in card_text(demo_app)
        assert not items_of(demo_app, "Isabel Ortega") or all(
            i.reason not in {"meeting", "prepare"} for i in items_of(demo_app, "Isabel Ortega")
        )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_b_on_someone_booked_is_that_appointment_filled_in_and_saving_moves_it(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Lucas Martin", "b", BookForm)  # booked in 3 days, 15:00, Zoom
        form = demo_app.screen
        assert form.query_one("#form-title", Static).content == "Change the conversation with Lucas Martin"
        assert form.query_one("#where", Input).value == "https://us02web.zoom.us/j/81234567890"
        form.query_one("#start", Input).value = ""
        await pilot.click("#start")
        await pilot.press(*"thu 16:30", "ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
        lucas = contact_named(demo_app, "Lucas Martin")
        (moved,) = [a for a in demo_app.service.appointments() if a.contact_id == lucas.id]
        assert (moved.id, moved.start, moved.sequence) == ("a-0001", datetime(2026, 11, 26, 16, 30, tzinfo=UTC), 1)
        assert any("Thu 26 Nov 15:00 → Thu 26 Nov 16:30" in str(n.message) for n in demo_app._notifications)


async def test_b_on_a_meeting_that_did_not_take_place_offers_to_cancel_it(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Samuel Adeyemi", "b", BookForm)  # yesterday 11:00, not logged
        assert demo_app.screen.query_one("#form-title", Static).content == "Book a conversation with Samuel Adeyemi"
        assert "Not logged yet: yesterday 11:00" in rendered_text(demo_app.screen.query_one("#booked"))
        await pilot.press("ctrl+d", "y")
        await settle(pilot)
        samuel = contact_named(demo_app, "Samuel Adeyemi")
        assert [a.status for a in demo_app.service.appointments(every=True) if a.contact_id == samuel.id] == [
            "cancelled"
        ]
        assert "log-meeting" not in [i.reason for i in items_of(demo_app, "Samuel Adeyemi")]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_done_on_log_meeting_logs_the_conversation_and_the_thank_you_follows(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        assert [i.reason for i in items_of(demo_app, "Samuel Adeyemi")] == ["log-meeting"]
        await to_item(pilot, demo_app, "Samuel Adeyemi", "log-meeting")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(demo_app.screen, MeetingLogForm)
        yesterday = TODAY - timedelta(days=1)
        assert demo_app.screen.query_one("#on").value == yesterday.isoformat()
        assert demo_app.screen.query_one("#minutes").value == "20"
        assert demo_app.screen.query_one("#kind").value == "video"
        demo_app.screen.query_one("#summary").value = "Payments teams in Lagos"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
        samuel = contact_named(demo_app, "Samuel Adeyemi")
        latest = demo_app.service.network().touches(samuel.id)[-1]
        assert (latest.kind, latest.on) == ("video", yesterday)
        interaction = next(i for i in demo_app.service.network().timeline(samuel.id) if i.id == latest.id)
        assert interaction.duration_minutes == 20
        assert not [a for a in demo_app.service.appointments() if a.contact_id == samuel.id]  # held
        assert [i.reason for i in items_of(demo_app, "Samuel Adeyemi")] == ["thank-you"]
        assert any("thank-you" in row and "Samuel" in row for row in queue_rows(demo_app))


async def test_done_on_prepare_opens_question_prep_for_them(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await to_item(pilot, demo_app, "Grace Liu", "prepare")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(demo_app.screen, PrepScreen)
        assert demo_app.screen.contact.name == "Grace Liu"
        # her conversation is booked for 30 minutes: the questions are for that
        note = str(demo_app.screen.query_one("#prep-note").render())
        assert "for a 30-minute conversation" in note


async def test_done_on_todays_meeting_opens_meeting_mode_and_on_a_later_one_question_prep(demo_app):
    from nurture.screens.meeting import MeetingScreen

    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await to_item(pilot, demo_app, "Lucas Martin", "meeting")  # in three days: not yet
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(demo_app.screen, PrepScreen) and demo_app.screen.contact.name == "Lucas Martin"
        assert demo_app.service.meeting(contact_named(demo_app, "Lucas Martin").id) is None  # no meeting started
        assert any("meeting mode is for the day itself" in str(n.message) for n in demo_app._notifications)
        await pilot.press("escape")
        await settle(pilot)
        isabel = contact_named(demo_app, "Isabel Ortega")
        demo_app.service.book(BookRequest.typed(isabel.id, datetime.combine(TODAY, time(15), tzinfo=UTC)))
        demo_app.screen.load()
        await settle(pilot)
        await to_item(pilot, demo_app, "Isabel Ortega", "meeting")  # today
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(demo_app.screen, MeetingScreen) and demo_app.screen.contact.name == "Isabel Ortega"


async def test_the_meeting_row_says_how_long_until_it_starts_and_the_time_moves_on(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        isabel = contact_named(demo_app, "Isabel Ortega")
        start = datetime.combine(TODAY, time(15), tzinfo=UTC)
        demo_app.service.book(BookRequest.typed(isabel.id, start, where="https://meet.google.com/x"))
        demo_app.screen.load()
        await settle(pilot)
        row = row_of(demo_app, "Isabel Ortega", "meeting")
        assert row.startswith(" 15:00 ◷ meeting") and "in 2 h 59 min · today 15:00 · Google Meet · 20 min" in row
        # the queue's pane at 120 columns has no room for the detail: the time until it starts still fits
        assert row_of(demo_app, "Isabel Ortega", "meeting", 53) == " 15:00 ◷ meeting    Isabel Ortega  in 2 h 59 min"
        queue = demo_app.screen.query_one(QueueList)
        queue.tick(demo_app.service.moment() + timedelta(hours=2))
        assert "in 59 min · today 15:00" in row_of(demo_app, "Isabel Ortega", "meeting")


async def test_a_meeting_turns_into_log_meeting_when_it_ends_with_no_key_pressed(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        isabel = contact_named(demo_app, "Isabel Ortega")
        start = datetime.combine(TODAY, time(12, 10), tzinfo=UTC)
        demo_app.service.book(BookRequest.typed(isabel.id, start, minutes=20))
        demo_app.screen.load()
        await settle(pilot)
        assert [i.reason for i in items_of(demo_app, "Isabel Ortega")] == ["meeting", "prepare"]  # both today
        dashboard = demo_app.screen
        assert dashboard._next_change == start  # the timer is set for its start, then its end
        demo_app.service.context.now = lambda: datetime.combine(TODAY, time(12, 31))
        dashboard._appointments_changed()  # what the timer calls
        await settle(pilot)
        assert [i.reason for i in items_of(demo_app, "Isabel Ortega")] == ["log-meeting"]
        assert dashboard._next_change is None or dashboard._next_change > start + timedelta(minutes=20)


def test_a_reload_works_out_again_the_items_of_anyone_booked(tmp_path):
    """The dashboard's reload keeps the items of contacts whose records did not change, but not
    of anyone with something booked: theirs depend on the time."""

    clock = Clock(TODAY)
    service = Nurture(Repository(tmp_path / "data", now=clock.now).open(), today=clock.today, now=clock.now)
    seed_demo(service.context.repo, TODAY)
    network = service.network()
    lucas = next(c.id for c in network.contacts.values() if c.name == "Lucas Martin")
    before = overview(network, TODAY, 7, now=datetime.combine(TODAY, time(12), tzinfo=UTC))
    assert "meeting" in {i.reason for i in before.items[lucas]}
    after = overview(network, TODAY, 7, previous=before, now=datetime(2026, 11, 26, 15, 30, tzinfo=UTC))
    assert "log-meeting" in {i.reason for i in after.items[lucas]}


async def test_the_length_decides_whether_a_start_just_gone_is_still_under_way(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Isabel Ortega", "b", BookForm)
        await type_text(pilot, "today 11:50")  # it is 12:00: 20 minutes from 11:50 are under way
        await settle(pilot)
        assert "Mon 23 Nov 2026, 11:50 (today)" in hint(demo_app, "f-start")
        demo_app.screen.query_one("#minutes").value = "5"
        await settle(pilot)
        assert "is in the past" in hint(demo_app, "f-start")


async def test_in_berlin_a_booking_means_berlin_time_and_the_card_says_both_zones(tmp_path):
    from zoneinfo import ZoneInfo

    from nurture.app import create_app
    from tests.tui.conftest import Seconds

    clock = Clock(TODAY)
    repo = Repository(tmp_path / "data", now=clock.now).open()
    seed_demo(repo, TODAY)  # booked in UTC
    berlin = ZoneInfo("Europe/Berlin")
    app = create_app(Nurture(repo, today=clock.today, now=clock.now, zone=lambda: berlin), clock=Seconds())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_on(pilot, app, "Isabel Ortega", "b", BookForm)
        await type_text(pilot, "tomorrow 3pm")
        await pilot.press("ctrl+s")
        await settle(pilot)
        isabel = contact_named(app, "Isabel Ortega")
        (booked,) = [a for a in app.service.appointments() if a.contact_id == isabel.id]
        assert (booked.start, booked.zone) == (datetime.combine(TOMORROW, time(14), tzinfo=UTC), "Europe/Berlin")
        assert "Next meeting tomorrow 15:00 · 20 min (in 1 day)" in card_text(app)
        app.screen.go_to(contact_named(app, "Lucas Martin").id)
        await settle(pilot)
        assert "Next meeting Thu 26 Nov 16:00 (15:00 UTC) · 20 min · Zoom" in card_text(app)
