"""The weekly review's appointments at a pinned date and time: "Next week" lists the booked
ones by day (in the user's zone), and "Activity" counts the conversations booked during the
week (by the day each was booked, whatever became of it)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from nurture.domain.appointments import BOOKED, CANCELLED, HELD, Appointment
from nurture.domain.models import Contact, Settings
from nurture.domain.network import Network
from nurture.domain.review import review_week
from nurture.domain.review_rows import review_rows
from nurture.review_report import to_json, to_markdown, to_text

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 25)  # Wednesday; the week runs Mon 23 – Sun 29 Nov 2026
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
MEET = "https://meet.google.com/abc-defg-hij"


def person(cid: str, name: str, **kw) -> Contact:
    return Contact(id=cid, name=name, created=datetime(2026, 11, 1, 8, 0), stage="scheduled", **kw)


def booking(aid, cid, start, made, status=BOOKED, minutes=20, where=""):
    return Appointment(aid, cid, start.astimezone(UTC), "Europe/Berlin", minutes, where, "", status,
                       created=datetime.fromisoformat(made), updated=datetime.fromisoformat(made))  # fmt: skip


def network() -> Network:
    contacts = [person("a", "Ada"), person("b", "Bob"), person("c", "Cy"), person("d", "Dee"), person("e", "Eve"),
                person("z", "Zed", archived=True)]  # fmt: skip
    appointments = [
        booking("1", "a", datetime(2026, 11, 25, 15, 0, tzinfo=BERLIN), "2026-11-20T09:00"),  # booked last week
        booking("2", "b", datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN), "2026-11-24T18:00", minutes=30, where=MEET),
        # 1 Dec 23:30 UTC is 2 Dec 00:30 in Berlin: past the seven days from today there
        booking("3", "c", datetime(2026, 12, 1, 23, 30, tzinfo=UTC), "2026-11-30T09:00"),
        booking("4", "d", datetime(2026, 11, 26, 11, 0, tzinfo=BERLIN), "2026-11-23T10:00", CANCELLED),
        booking("5", "e", datetime(2026, 11, 24, 16, 0, tzinfo=BERLIN), "2026-11-23T11:00", HELD),
        booking("6", "z", datetime(2026, 11, 26, 14, 0, tzinfo=BERLIN), "2026-11-10T09:00"),  # archived
        booking("7", "a", datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN), "2026-11-25T08:00", where="Café Luna"),
    ]
    return Network.of(contacts, settings=Settings(weekly_goal=2), appointments=appointments)


def test_next_week_lists_the_booked_appointments_of_the_seven_days_from_today_by_day():
    r = review_week(network(), TODAY, TODAY, NOW, BERLIN)
    assert [(b.name, b.day, b.at, b.minutes, b.where) for b in r.booked_ahead] == [
        ("Ada", date(2026, 11, 25), "09:00", 20, "Café Luna"),  # started already: still today's
        ("Ada", date(2026, 11, 25), "15:00", 20, ""),
        ("Bob", date(2026, 11, 27), "09:00", 30, "Google Meet"),
    ]
    rows = review_rows(r)
    assert [(d, [b.appointment_id for b in items]) for d, items in rows.booked] == [
        (date(2026, 11, 25), ["7", "1"]),
        (date(2026, 11, 27), ["2"]),
    ]


def test_the_days_are_the_users_own():
    r = review_week(network(), TODAY, TODAY, NOW.astimezone(UTC), UTC)
    assert "Cy" in [b.name for b in r.booked_ahead]  # 1 Dec 23:30 in UTC: the seventh day


def test_conversations_booked_counts_what_was_booked_during_the_week_and_not_cancelled():
    r = review_week(network(), TODAY, TODAY, NOW, BERLIN)
    # Bob (24th), Eve (23rd, held), Ada's second (25th); not Dee's (23rd, cancelled since: no
    # conversation booked), nor Ada's first (20th), nor Cy's (30th: next week), nor Zed's (10th)
    assert r.conversations_booked == 3
    figures = {f.label: f.value for f in review_rows(r).activity}
    assert figures["Conversations booked"] == "3"
    last = review_week(network(), date(2026, 11, 18), TODAY, NOW, BERLIN)
    assert last.conversations_booked == 1  # Ada's first, on Fri 20 Nov


def test_a_past_weeks_next_week_is_the_week_after_it_held_ones_included():
    r = review_week(network(), date(2026, 11, 18), TODAY, NOW, BERLIN)
    assert [(b.name, b.day) for b in r.booked_ahead] == [
        ("Eve", date(2026, 11, 24)),
        ("Ada", date(2026, 11, 25)),
        ("Ada", date(2026, 11, 25)),
        ("Bob", date(2026, 11, 27)),
    ]


def test_the_text_markdown_and_json_say_it():
    r = review_week(network(), TODAY, TODAY, NOW, BERLIN)
    text = to_text(r, TODAY)
    assert "  Conversations booked    3" in text
    assert "BOOKED\n  Wed 25 Nov  09:00 Ada · 20 min · Café Luna\n" in text
    assert "            15:00 Ada · 20 min\n  Fri 27 Nov  09:00 Bob · 30 min · Google Meet" in text
    md = to_markdown(r)
    assert "- **Conversations booked:** 3" in md
    assert "- **Fri 27 Nov, booked:** 09:00 Bob · 30 min · Google Meet" in md
    data = to_json(r)
    assert data["conversations_booked"] == 3
    assert data["booked"][2] == {"contact_id": "b", "name": "Bob", "date": "2026-11-27", "time": "09:00",
                                 "minutes": 30, "where": "Google Meet", "appointment_id": "2"}  # fmt: skip


def test_without_appointments_nothing_is_listed():
    r = review_week(Network.of([person("a", "Ada")]), TODAY, TODAY, NOW, BERLIN)
    assert r.booked_ahead == [] and r.conversations_booked == 0
    assert "BOOKED" not in to_text(r, TODAY)


def test_the_plan_puts_an_appointments_items_on_their_days_outside_the_outreach_cap():
    from nurture.domain.queue import QueueItem
    from nurture.domain.review import make_plan

    monday = date(2026, 11, 30)
    meeting = QueueItem("g", "Grace", "meeting", monday, 0, "today 16:00", "a1")
    prepare = QueueItem("g", "Grace", "prepare", date(2026, 11, 29), 1, "meeting Mon 16:00", "a1")
    nudges = [QueueItem(f"p{n}", f"P{n}", "nudge", date(2026, 11, 27), 3, "nudge", f"o{n}") for n in range(3)]
    plan, deferred = make_plan([meeting, prepare, *nudges], monday, cap=1)
    days = dict(plan)
    assert [i.reason for i in days[monday]] == ["meeting", "prepare", "nudge"]  # preparing is not after the meeting
    assert len(deferred) == 2  # the cap of 1 held the nudges only
