"""The appointment rules at pinned dates and times in a pinned zone: what the queue says the day
before (prepare), on the day (meeting), after the end (log-meeting), how booking holds back the
nudge and dormancy, how cancelling undoes it, and what follows the user's zone when they travel
or the clocks change; and every day-and-time form the shell and the forms read."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nurture.domain.appointments import HELD, parse_moment, until_text
from nurture.domain.errors import InputError
from nurture.domain.queue import LOG_MEETING, MEETING_DUE, NUDGE_DUE, PREPARE, THANK, QueueItem
from nurture.domain.requests import BookRequest
from nurture.services import Nurture
from nurture.store import Repository

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
ZOOM = "https://us02web.zoom.us/j/81234567890"
QUESTIONS = [
    "How did you get into design research?",
    "What does a normal week look like for you?",
    "Which skills matter most in your team?",
    "How has the field changed since you started?",
    "What do you wish you had known at the start?",
]


class Clock:
    """A clock the test moves: the wall time in ``zone`` (the zone the user is in, which the
    test can change as a traveller's does)."""

    def __init__(self, at: datetime, zone: tzinfo = BERLIN) -> None:
        self.zone = zone
        self.at = at.replace(tzinfo=zone) if at.tzinfo is None else at

    def set(self, at: datetime) -> None:
        """``at``: a wall time in the current zone, or an aware moment."""
        self.at = at.replace(tzinfo=self.zone) if at.tzinfo is None else at

    def today(self) -> date:
        return self.at.astimezone(self.zone).date()

    def now(self) -> datetime:
        return self.at.astimezone(self.zone).replace(tzinfo=None)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 30, 10, 0))  # Monday 30 November 2026, 10:00 in Berlin


@pytest.fixture
def service(tmp_path: Path, clock: Clock) -> Nurture:
    return Nurture(Repository(tmp_path / "data").open(), today=clock.today, now=clock.now, zone=lambda: clock.zone)


def book(service: Nurture, contact_id: str, when: str, **fields) -> str:
    start = service.read_moment(when)
    return service.book(BookRequest.typed(contact_id, start, **fields)).appointment.id


def items(service: Nurture, contact_id: str | None = None, within: int = 0) -> list[QueueItem]:
    return [i for i in service.queue(service.today(), within) if contact_id is None or i.contact_id == contact_id]


def reasons(service: Nurture, contact_id: str, within: int = 0) -> list[str]:
    return [i.reason for i in items(service, contact_id, within)]


def only(service: Nurture, contact_id: str, reason: str) -> QueueItem:
    (item,) = [i for i in items(service, contact_id, 30) if i.reason == reason]
    return item


@pytest.fixture
def maya(service: Nurture) -> str:
    """Maya said yes: asked on Monday 23 November, booked for Thursday 3 December 15:00 on Zoom."""
    cid = service.add_contact("Maya Chen", company="Figma").id
    service.log(cid, "outreach", date(2026, 11, 23))
    book(service, cid, "thu 15:00", where=ZOOM)
    return cid


# --- prepare -------------------------------------------------------------------------------------


def test_prepare_is_due_the_day_before_with_fewer_than_five_questions(service, clock, maya):
    assert PREPARE not in reasons(service, maya)  # Monday: not yet
    prepare = only(service, maya, PREPARE)
    assert prepare.due == date(2026, 12, 2)
    assert prepare.at == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    clock.set(datetime(2026, 12, 2, 9, 0))
    (item,) = [i for i in items(service, maya) if i.reason == PREPARE]
    assert item.detail == "meeting tomorrow 15:00: 0 of 5 questions prepared; prepare 5–7 (Q)"
    assert item.days_overdue == 0
    service.set_prep(maya, QUESTIONS[:4])
    assert only(service, maya, PREPARE).detail.startswith("meeting tomorrow 15:00: 4 of 5 questions prepared")
    service.set_prep(maya, QUESTIONS)
    assert PREPARE not in reasons(service, maya, 30)


def test_prepare_is_for_the_soonest_booking_only(service, clock, maya):
    book(service, maya, "2026-12-10 11:00")
    assert [i.due for i in items(service, maya, 30) if i.reason == PREPARE] == [date(2026, 12, 2)]


# --- meeting -------------------------------------------------------------------------------------


def test_meeting_on_the_day_with_its_time_place_length_and_how_long_until(service, clock, maya):
    clock.set(datetime(2026, 12, 2, 18, 0))
    assert MEETING_DUE not in reasons(service, maya)  # the day before: not yet
    assert MEETING_DUE in reasons(service, maya, within=1)
    clock.set(datetime(2026, 12, 3, 12, 50))
    service.set_prep(maya, QUESTIONS)
    (item,) = items(service, maya)
    assert (item.reason, item.due, item.days_overdue) == (MEETING_DUE, date(2026, 12, 3), 0)
    assert item.detail == "today 15:00 · Zoom · 20 min"
    assert item.at == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    (appointment,) = service.appointments()
    assert until_text(appointment, service.moment()) == "in 2 h 10 min"
    clock.set(datetime(2026, 12, 3, 15, 19))
    assert reasons(service, maya) == [MEETING_DUE]  # under way until it ends
    assert until_text(appointment, service.moment()) == "started 19 min ago"


# --- log-meeting ---------------------------------------------------------------------------------


def test_log_meeting_from_the_end_until_a_conversation_is_logged_which_marks_it_held(service, clock, maya):
    service.set_prep(maya, QUESTIONS)
    clock.set(datetime(2026, 12, 3, 15, 20))  # it ends
    (item,) = items(service, maya)
    assert (item.reason, item.due) == (LOG_MEETING, date(2026, 12, 3))
    assert item.detail == "how did it go? today 15:00, 20 min: log the conversation"
    clock.set(datetime(2026, 12, 5, 9, 0))  # still asking, two days on
    (item,) = items(service, maya)
    assert (item.reason, item.days_overdue) == (LOG_MEETING, 2)
    assert item.detail == "how did it go? Thu 3 Dec 15:00, 20 min: log the conversation"
    assert service.network().stage(service.find("maya"), service.today()) == "scheduled"  # never dormant
    logged = service.log(maya, "video", date(2026, 12, 3), duration_minutes=20)
    assert [a.status for a in logged.held] == [HELD]
    assert [a.status for a in service.appointments(every=True)] == [HELD]
    assert service.appointments() == []
    assert reasons(service, maya) == [THANK]  # the thank-you follows
    assert logged.contact.stage == "met"


def test_a_conversation_logged_before_the_meeting_does_not_clear_it(service, clock, maya):
    service.set_prep(maya, QUESTIONS)
    service.log(maya, "call", date(2026, 11, 30))  # a quick call on Monday, before Thursday's
    clock.set(datetime(2026, 12, 4, 9, 0))
    assert LOG_MEETING in reasons(service, maya)
    assert [a.status for a in service.appointments(every=True)] == ["booked"]


# --- nudge, dormancy, cancelling -----------------------------------------------------------------


def test_no_nudge_while_booked_and_it_comes_back_when_cancelled(service, clock):
    cid = service.add_contact("Ada Park").id
    service.log(cid, "outreach", date(2026, 11, 20))
    assert NUDGE_DUE in reasons(service, cid)  # due 27 Nov: overdue on Monday the 30th
    book(service, cid, "fri 10:00")
    assert NUDGE_DUE not in reasons(service, cid, 30)
    service.cancel_appointment(cid)
    assert NUDGE_DUE in reasons(service, cid)


def test_a_booked_person_never_turns_dormant(service, clock):
    cid = service.add_contact("Ada Park").id
    service.log(cid, "outreach", date(2026, 11, 1))
    service.log(cid, "nudge", date(2026, 11, 8))
    ada = service.find("ada")
    assert service.network().stage(ada, service.today()) == "dormant"
    book(service, cid, "tomorrow 9am")
    ada = service.find("ada")
    assert service.network().stage(ada, service.today()) == "scheduled"
    assert reasons(service, cid, 1) == [PREPARE, MEETING_DUE]
    clock.set(datetime(2026, 12, 9, 9, 0))  # long after, not yet logged
    assert service.network().stage(ada, service.today()) == "scheduled"
    assert reasons(service, cid) == [LOG_MEETING]


def test_cancelling_moves_the_stage_back_and_removes_the_items(service, clock, maya):
    contact = service.find("maya")
    assert contact.stage == "scheduled"
    assert [c.stage for c in contact.stage_history][-2:] == ["requested", "scheduled"]
    cancelled = service.cancel_appointment(maya)
    assert cancelled.stage_changed and cancelled.contact.stage == "requested"
    assert cancelled.appointment.status == "cancelled" and cancelled.appointment.sequence == 1
    assert service.find("maya").stage == "requested"
    assert not {PREPARE, MEETING_DUE, LOG_MEETING} & set(reasons(service, maya, 30))
    clock.set(datetime(2026, 12, 4, 9, 0))
    assert LOG_MEETING not in reasons(service, maya)
    with pytest.raises(InputError, match="nothing is booked with Maya Chen"):
        service.cancel_appointment(maya)


def test_cancelling_one_of_two_keeps_them_scheduled(service, clock, maya):
    book(service, maya, "2026-12-10 11:00")
    assert not service.cancel_appointment(maya).stage_changed
    assert service.find("maya").stage == "scheduled"
    assert [i.due for i in items(service, maya, 30) if i.reason == MEETING_DUE] == [date(2026, 12, 10)]


# --- the user's zone ----------------------------------------------------------------------------


def test_after_travel_times_show_where_the_user_is_and_today_is_the_local_date(service, clock, maya):
    service.set_prep(maya, QUESTIONS[:2])
    # 04:00 on Thursday in Berlin is 22:00 on Wednesday in New York.
    moment = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
    clock.set(moment)
    assert service.today() == date(2026, 12, 3)
    assert [(i.reason, i.days_overdue, i.detail) for i in items(service, maya)] == [
        (PREPARE, 1, "meeting today 15:00: 2 of 5 questions prepared; prepare 5–7 (Q)"),  # until it starts
        (MEETING_DUE, 0, "today 15:00 · Zoom · 20 min"),
    ]
    clock.zone = NEW_YORK
    clock.set(moment)
    assert service.today() == date(2026, 12, 2)
    assert [(i.reason, i.due, i.detail) for i in items(service, maya)] == [
        (
            PREPARE,
            date(2026, 12, 2),
            "meeting tomorrow 09:00 (15:00 Berlin): 2 of 5 questions prepared; prepare 5–7 (Q)",
        )
    ]
    clock.set(datetime(2026, 12, 3, 8, 0))  # Thursday morning in New York
    service.set_prep(maya, QUESTIONS)
    (item,) = items(service, maya)
    assert (item.reason, item.due, item.detail) == (
        MEETING_DUE,
        date(2026, 12, 3),
        "today 09:00 (15:00 Berlin) · Zoom · 20 min",
    )
    assert item.at == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)  # the same instant


def test_the_due_day_follows_the_users_zone(service, clock):
    cid = service.add_contact("Kenji Sato").id
    book(service, cid, "fri 02:00")  # Friday 4 Dec 02:00 in Berlin: Thursday 20:00 in New York
    assert [i.due for i in items(service, cid, 30) if i.reason == MEETING_DUE] == [date(2026, 12, 4)]
    clock.zone = NEW_YORK
    clock.set(datetime(2026, 12, 3, 10, 0))
    (item,) = [i for i in items(service, cid) if i.reason == MEETING_DUE]
    assert (item.due, item.detail) == (date(2026, 12, 3), "today 20:00 (02:00 Berlin) · 20 min")
    clock.set(datetime(2026, 12, 3, 20, 30))  # ended in New York's evening: to log that day
    (item,) = items(service, cid)
    assert (item.reason, item.due) == (LOG_MEETING, date(2026, 12, 3))


def test_a_zone_this_machine_does_not_know_keeps_the_instant(service, clock, maya):
    from nurture.domain.appointments import Appointment

    (a,) = service.appointments()
    stranger = Appointment.from_dict({**a.to_dict(), "zone": "Mars/Olympus_Mons"})
    assert stranger.start == a.start and stranger.local(BERLIN).hour == 15


# --- the clocks change -------------------------------------------------------------------------


def test_a_meeting_after_the_october_change_keeps_its_wall_time(service, clock):
    clock.set(datetime(2026, 10, 20, 10, 0))  # Tuesday, summer time (UTC+2)
    cid = service.add_contact("Lena Vogel").id
    book(service, cid, "thu 15:00")  # Thursday 22 October, still summer time
    book(service, cid, "29 Oct 15:00")  # a week on: winter time (UTC+1) since Sunday 25
    before, a = service.appointments()
    assert before.start == datetime(2026, 10, 22, 13, 0, tzinfo=UTC)
    assert a.start == datetime(2026, 10, 29, 14, 0, tzinfo=UTC)
    assert a.zone == "Europe/Berlin"
    service.cancel_appointment(cid, before.id)
    clock.set(datetime(2026, 10, 29, 9, 0))
    (item,) = [i for i in items(service, cid) if i.reason == MEETING_DUE]
    assert item.detail == "today 15:00 · 20 min"
    assert until_text(a, service.moment()) == "in 6 h"
    clock.set(datetime(2026, 10, 29, 15, 20))  # ends at 15:20 wall time, not an hour off
    assert reasons(service, cid) == [LOG_MEETING]


def test_a_time_the_clocks_skip_is_refused_and_a_repeated_one_is_the_first():
    today = date(2026, 3, 20)
    with pytest.raises(InputError, match=r"02:30 on Sun 29 Mar 2026 does not exist in Europe/Berlin.*03:30"):
        parse_moment("2026-03-29 02:30", today, BERLIN)
    assert parse_moment("sun 3:30", today, BERLIN) == datetime(2026, 3, 22, 3, 30, tzinfo=BERLIN)
    assert parse_moment("2026-03-29 03:00", today, BERLIN).utcoffset().total_seconds() == 7200
    repeated = parse_moment("2026-10-25 02:30", today, BERLIN)
    assert repeated.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first (summer time)


# --- what the user types --------------------------------------------------------------------------

MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("15:00", "", datetime(2026, 11, 30, 15, 0)),
        ("3pm", "", datetime(2026, 11, 30, 15, 0)),
        ("3 PM", "", datetime(2026, 11, 30, 15, 0)),
        ("3:30 pm", "", datetime(2026, 11, 30, 15, 30)),
        ("12am", "", datetime(2026, 11, 30, 0, 0)),
        ("12pm", "", datetime(2026, 11, 30, 12, 0)),
        ("15h30", "", datetime(2026, 11, 30, 15, 30)),
        ("9h", "", datetime(2026, 11, 30, 9, 0)),
        ("noon", "", datetime(2026, 11, 30, 12, 0)),
        ("thu 15:00", "", datetime(2026, 12, 3, 15, 0)),
        ("Thu at 3pm", "", datetime(2026, 12, 3, 15, 0)),
        ("thu, 15:00", "", datetime(2026, 12, 3, 15, 0)),
        ("tomorrow 3pm", "", datetime(2026, 12, 1, 15, 0)),
        ("in 2 weeks 10:00", "", datetime(2026, 12, 14, 10, 0)),
        ("2026-12-03T15:00", "", datetime(2026, 12, 3, 15, 0)),
        ("2026-12-03 15:00", "", datetime(2026, 12, 3, 15, 0)),
        ("3 Dec 3:30 pm", "", datetime(2026, 12, 3, 15, 30)),
        ("Dec 3, 2026 at 15:00", "", datetime(2026, 12, 3, 15, 0)),
        ("04.12.2026 15:00", "mdy", datetime(2026, 12, 4, 15, 0)),  # dotted: day first always
        ("04/12/2026 15:00", "dmy", datetime(2026, 12, 4, 15, 0)),
        ("12/04/2026 15:00", "mdy", datetime(2026, 12, 4, 15, 0)),
    ],
)
def test_parse_moment_reads_the_forms_people_type(text, order, expected):
    assert parse_moment(text, MONDAY, BERLIN, order) == expected.replace(tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no day and time given"),
        ("thu", "'thu' has no time of day"),
        ("thu 25:00", "is not a time of day"),
        ("13pm", "with am or pm the hour runs from 1 to 12"),
        ("someday 15:00", "someday"),
    ],
)
def test_parse_moment_refuses_what_it_cannot_read(text, message):
    with pytest.raises(InputError, match=message):
        parse_moment(text, MONDAY, BERLIN)


def test_the_time_is_read_in_the_users_zone(service, clock):
    assert service.read_moment("thu 15:00") == datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)
    clock.zone = NEW_YORK
    assert service.read_moment("thu 15:00") == datetime(2026, 12, 3, 15, 0, tzinfo=NEW_YORK)
    cid = service.add_contact("Ada Park").id
    book(service, cid, "thu 15:00")
    (a,) = service.appointments()
    assert (a.zone, a.start) == ("America/New_York", datetime(2026, 12, 3, 20, 0, tzinfo=UTC))


def test_a_booking_that_has_ended_is_refused_unless_held(service, clock):
    cid = service.add_contact("Ada Park").id
    with pytest.raises(InputError, match=r"Mon 30 Nov 2026, 09:00 \(today\) is in the past"):
        book(service, cid, "9:00")
    book(service, cid, "9:50")  # under way: it has not ended
    with pytest.raises(InputError, match="has not happened yet"):
        book(service, cid, "tomorrow 9am", held=True)
    assert [a.start.astimezone(BERLIN).time() for a in service.appointments(every=True)] == [time(9, 50)]


def test_a_day_and_month_already_past_is_next_years_when_booking_and_this_years_when_held():
    today = date(2026, 12, 10)
    assert parse_moment("3 jan 10:00", today, BERLIN).date() == date(2027, 1, 3)
    assert parse_moment("dec 3 15:00", today, BERLIN).date() == date(2027, 12, 3)
    assert parse_moment("dec 3 15:00", today, BERLIN, prefer="past").date() == date(2026, 12, 3)
    assert parse_moment("2026-12-03 15:00", today, BERLIN).date() == date(2026, 12, 3)  # a year given is kept
    assert parse_moment("yesterday 15:00", today, BERLIN).date() == date(2026, 12, 9)


@pytest.fixture
def ravi(service: Nurture) -> str:
    """Asked on Monday 23 November, nothing booked yet."""
    cid = service.add_contact("Ravi Patel").id
    service.log(cid, "outreach", date(2026, 11, 23))
    return cid


def test_cancelling_both_of_two_bookings_moves_the_contact_back_whichever_order(service, ravi):
    first = book(service, ravi, "thu 15:00")
    book(service, ravi, "fri 15:00")
    service.cancel_appointment(ravi, first)  # the one that moved them: the way back goes to the other
    assert service.find("Ravi Patel").stage == "scheduled"
    assert service.cancel_appointment(ravi).contact.stage == "requested"


def test_a_call_that_morning_does_not_hold_the_meeting_later_that_day(service, clock, ravi):
    book(service, ravi, "thu 15:00", where=ZOOM)
    clock.set(datetime(2026, 12, 3, 9, 0))
    service.log(ravi, "call", summary="confirmed the time")
    assert service.appointments()[0].booked
    assert reasons(service, ravi) == ["prepare", "meeting"]
    clock.set(datetime(2026, 12, 3, 16, 0))  # the morning's call is not the meeting: "how did it go?"
    assert reasons(service, ravi) == ["log-meeting"]
    service.log(ravi, "video")
    assert reasons(service, ravi, within=1) == ["thank-you"]
    assert service.appointments(every=True)[0].status == HELD


def test_booking_a_snoozed_or_archived_contact_brings_them_back(service, ravi):
    from nurture.domain.requests import SnoozeRequest

    service.snooze(SnoozeRequest(ravi, date(2026, 12, 20)))
    booked = service.book(BookRequest.typed(ravi, service.read_moment("thu 15:00")))
    assert booked.woke == "snoozed until Sun 20 Dec 2026"
    assert booked.contact.snoozed_until is None
    assert "meeting" in reasons(service, ravi, within=7)
    service.cancel_appointment(ravi)
    service.archive(ravi)
    assert service.book(BookRequest.typed(ravi, service.read_moment("fri 15:00"))).woke == "archived"
    assert not service.find("Ravi Patel").archived


def test_the_same_conversation_booked_twice_is_refused(service, ravi):
    book(service, ravi, "thu 15:00")
    with pytest.raises(InputError, match="already has this conversation booked"):
        book(service, ravi, "3 dec 15:00")
    assert len(service.appointments()) == 1


def test_booked_for_later_today_the_prepare_item_is_due_today_not_overdue(service, ravi):
    book(service, ravi, "today 17:00")
    item = only(service, ravi, "prepare")
    assert (item.due, item.days_overdue) == (date(2026, 11, 30), 0)


def test_a_days_meetings_are_in_the_order_of_their_times(service, clock):
    people = {name: service.add_contact(name).id for name in ("Anna Berg", "Zoe Adler", "Maya Roth")}
    book(service, people["Anna Berg"], "thu 17:00")
    book(service, people["Zoe Adler"], "thu 09:00")
    book(service, people["Maya Roth"], "thu 11:00")
    clock.set(datetime(2026, 12, 3, 8, 0))
    assert [i.name for i in items(service) if i.reason == "meeting"] == ["Zoe Adler", "Maya Roth", "Anna Berg"]


def test_a_start_in_the_last_year_of_the_calendar_is_refused_not_a_crash(service, ravi):
    with pytest.raises(InputError, match="out of range"):
        service.read_moment("9999-12-31 23:50")
    far = datetime(9999, 12, 31, 23, 50, tzinfo=UTC)
    with pytest.raises(InputError, match="out of range"):
        BookRequest.check_start(far, 20, datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN))
    from nurture.domain.appointments import Appointment
    from nurture.domain.stored import FieldError

    stored = Appointment.new(ravi, datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN), datetime(2026, 11, 30)).to_dict()
    with pytest.raises(FieldError, match="'start' must be in the years 1900 to 9998"):
        Appointment.from_dict({**stored, "start": "9999-12-31T23:50:00+00:00"})


def test_a_dotted_time_alone_is_a_time_when_it_cannot_be_a_date():
    today = date(2026, 11, 30)
    assert parse_moment("15.00", today, BERLIN) == datetime(2026, 11, 30, 15, 0, tzinfo=BERLIN)
    assert parse_moment("thu 9.30", today, BERLIN) == datetime(2026, 12, 3, 9, 30, tzinfo=BERLIN)
    with pytest.raises(InputError, match="has no time of day"):
        parse_moment("3.12", today, BERLIN)  # 3 December, with no time
