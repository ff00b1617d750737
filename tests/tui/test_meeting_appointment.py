"""Meeting mode for someone booked today: the appointment's length counts down, the screen
says which appointment it is and shows its video link, and ending it logs the conversation on
that day and marks the appointment held."""

from __future__ import annotations

from datetime import UTC, datetime

from nurture.domain.appointments import HELD
from nurture.domain.requests import BookRequest
from nurture.screens.meeting import MeetingScreen
from tests.tui.conftest import contact_named, make_app, open_on, settle, static_text, today

MEET = "https://meet.google.com/abc-defg-hij"


def booked_app(tmp_path, hour: int = 15):
    """Maya, booked today at ``hour``:00 UTC (after the pinned now, 12:00) for 30 minutes on
    Google Meet; Peter, booked nothing."""
    app = make_app(tmp_path / "data")
    maya = app.service.add_contact("Maya Chen", stage="requested")
    app.service.add_contact("Peter Novak")
    start = datetime(today().year, today().month, today().day, hour, 0, tzinfo=UTC)
    app.service.book(BookRequest.typed(maya.id, start, minutes=30, where=MEET))
    return app


async def test_a_meeting_with_someone_booked_today_is_that_appointment(tmp_path):
    app = booked_app(tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        maya = await open_on(pilot, app, "Maya Chen", "m", MeetingScreen)
        # opened at 12:00 for 15:00: the 30 minutes count down from its start, not from now
        assert "◷ starts in 2:59:" in static_text(app, "#meeting-bar")
        assert "·  30 min  ·  Maya Chen" in static_text(app, "#meeting-bar")
        line = static_text(app, "#meeting-appointment")
        assert "Mon 23 Nov 15:00 · 30 min · Google Meet" in line
        assert MEET in line
        assert app.screen.query_one("#meeting-appointment").display

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Logged on Mon 23 Nov, the appointment's day" in static_text(app, "#end-what")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MeetingScreen)

        logged = app.service.network().timeline(maya.id)[-1]
        assert logged.on == today()
        assert logged.kind == "video"
        (appointment,) = app.service.appointments(every=True)
        assert appointment.status == HELD
        assert app.service.meeting(maya.id) is None


async def test_a_meeting_with_no_appointment_today_keeps_the_default_length(tmp_path):
    app = booked_app(tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await open_on(pilot, app, "Peter Novak", "m", MeetingScreen)
        assert "20:00 left of 20 min" in static_text(app, "#meeting-bar")
        assert not app.screen.query_one("#meeting-appointment").display
        assert contact_named(app, "Maya Chen").stage == "scheduled"
