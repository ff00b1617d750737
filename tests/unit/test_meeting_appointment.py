"""services/meetings.py: which appointment a meeting is, and ending it on that appointment's
day with its agreed length, the appointment then held."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from nurture.domain.appointments import HELD, Appointment
from nurture.domain.library import MeetingDraft
from nurture.domain.requests import BookRequest
from nurture.services.meetings import appointment_today
from tests.conftest import TODAY

BERLIN = ZoneInfo("Europe/Berlin")
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def at(hour: int, days: int = 0, minutes: int = 20, contact: str = "c1") -> Appointment:
    start = datetime(2026, 11, 23, hour, 0, tzinfo=UTC) + timedelta(days=days)
    return Appointment.new(contact, start, NOON.replace(tzinfo=None), minutes=minutes)


def test_the_appointment_today_is_booked_today_in_the_users_zone_and_not_long_over():
    later, tomorrow, other = at(15), at(16, days=1), at(15, contact="c2")
    assert appointment_today([later, tomorrow, other], "c1", NOON, UTC) == later
    assert appointment_today([tomorrow], "c1", NOON, UTC) is None
    assert appointment_today([at(11, minutes=30)], "c1", NOON, UTC) is not None  # ended 30 min ago
    assert appointment_today([at(10, minutes=30)], "c1", NOON, UTC) is None  # 90 min ago: long over
    assert appointment_today([later.cancelled(NOON)], "c1", NOON, UTC) is None
    # 23:00 UTC is tomorrow in Berlin
    assert appointment_today([at(23)], "c1", NOON, BERLIN) is None
    assert appointment_today([at(23)], "c1", NOON, UTC) is not None


def test_the_nearest_of_two_today_is_the_one():
    morning, evening = at(11), at(18)
    assert appointment_today([evening, morning], "c1", NOON, UTC) == morning


def test_ending_a_meeting_for_an_appointment_logs_it_on_its_day_with_the_agreed_length(service):
    maya = service.add_contact("Maya Chen", stage="requested")
    booked = service.book(BookRequest.typed(maya.id, datetime(2026, 11, 23, 15, 0, tzinfo=UTC), minutes=30))
    assert appointment_today(service.appointments(), maya.id, service.moment(), service.zone()) == booked.appointment
    draft = MeetingDraft(maya.id, 0.0, 30, "Started in print", appointment_id=booked.appointment.id)
    service.save_meeting(draft)
    assert service.meeting(maya.id) == draft  # the id is kept with the draft

    ended = service.end_meeting(draft, "video", None)
    assert ended.logged.interaction.on == TODAY
    assert ended.logged.interaction.duration_minutes == 30
    (appointment,) = service.appointments(every=True)
    assert appointment.status == HELD
    assert service.network().contacts[maya.id].stage == "met"


def test_a_resumed_meeting_of_yesterday_logs_on_yesterday(service):
    maya = service.add_contact("Maya Chen")
    yesterday = Appointment.new(maya.id, datetime(2026, 11, 22, 15, 0, tzinfo=UTC), service.now(), minutes=45)
    service.context.repo.save(appointments=[yesterday])
    draft = MeetingDraft(maya.id, 0.0, 45, appointment_id=yesterday.id)
    ended = service.end_meeting(draft, "call", "")
    assert ended.logged.interaction.on == TODAY - timedelta(days=1)
    assert ended.logged.interaction.duration_minutes == 45
    assert service.appointments(every=True)[0].status == HELD


def test_a_draft_without_an_appointment_stores_no_such_field_and_old_drafts_load():
    draft = MeetingDraft("c1", 5.0)
    assert "appointment_id" not in draft.to_dict()
    assert MeetingDraft.from_dict(draft.to_dict()) == draft
    linked = MeetingDraft("c1", 5.0, appointment_id="a1")
    assert MeetingDraft.from_dict(linked.to_dict()).appointment_id == "a1"


def test_an_appointment_moved_to_a_later_day_is_not_marked_held_by_todays_meeting(service):
    maya = service.add_contact("Maya Chen")
    later = Appointment.new(maya.id, datetime(2026, 11, 30, 15, 0, tzinfo=UTC), service.now())
    service.context.repo.save(appointments=[later])
    ended = service.end_meeting(MeetingDraft(maya.id, 0.0, 20, appointment_id=later.id), "video", 18)
    assert ended.logged.interaction.on == TODAY
    assert service.appointments()[0].booked


def test_ending_a_meeting_without_an_appointment_logs_today(service):
    peter = service.add_contact("Peter Novak")
    ended = service.end_meeting(MeetingDraft(peter.id, 0.0), "video", 12)
    assert ended.logged.interaction.on == TODAY
    assert ended.logged.interaction.duration_minutes == 12
