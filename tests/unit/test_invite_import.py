"""Importing calendar invitations: booked with the contact whose email they name, moved, cancelled."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from nurture.domain.errors import InputError
from nurture.services import Nurture
from nurture.store import Repository
from tests.conftest import Clock
from tests.unit.test_cli import CLI
from tests.unit.test_invites import INVITES

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def nurture(data_dir, clock: Clock) -> Nurture:
    return Nurture(Repository(data_dir, now=clock.now).open(), today=clock.today, now=clock.now,
                   zone=lambda: BERLIN)  # fmt: skip


@pytest.fixture
def maya(nurture):
    return nurture.add_contact("Maya Chen", email="Maya.Chen@Example.com", stage="requested")


def google(tmp_path, start="20261203T140000Z", end="20261203T142000Z", sequence=0, name="invite.ics"):
    text = (INVITES / "google_request.ics").read_bytes()
    text = text.replace(b"DTSTART:20261203T140000Z", f"DTSTART:{start}".encode())
    text = text.replace(b"DTEND:20261203T142000Z", f"DTEND:{end}".encode())
    text = text.replace(b"SEQUENCE:0", f"SEQUENCE:{sequence}".encode())
    path = tmp_path / name
    path.write_bytes(text)
    return path


def test_an_invite_books_the_contact_it_names(nurture, maya, tmp_path):
    result = nurture.import_file(google(tmp_path))
    assert result.summary() == (
        "Booked 1 appointment (Maya Chen, Thu 3 Dec 15:00), moved 0, cancelled 0; 0 already up to date."
    )
    [a] = nurture.appointments()
    assert a.contact_id == maya.id and a.start == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    assert (a.minutes, a.where, a.uid) == (
        20,
        "https://meet.google.com/abc-defg-hij",
        "3kq9v2m8d1f0s7h6j5g4b3n2c1@google.com",
    )
    assert nurture.find("Maya").stage == "scheduled"


def test_reimport_is_up_to_date_and_a_moved_time_moves_the_same_appointment(nurture, maya, tmp_path):
    nurture.import_file(google(tmp_path))
    again = nurture.import_file(google(tmp_path))
    assert again.summary() == "Booked 0 appointments, moved 0, cancelled 0; 1 already up to date."
    moved = nurture.import_file(google(tmp_path, "20261204T090000Z", "20261204T093000Z", sequence=2))
    assert "moved 1 (Maya Chen, Thu 3 Dec 15:00 → Fri 4 Dec 10:00)" in moved.summary()
    [a] = nurture.appointments(every=True)
    assert (a.start, a.minutes, a.sequence) == (datetime(2026, 12, 4, 9, 0, tzinfo=UTC), 30, 2)


def test_cancel_cancels_and_moves_the_stage_back(nurture, tmp_path):
    jonas = nurture.add_contact("Jonas Weber", email="jonas.weber@example.de", stage="requested")
    booked = nurture.import_file(INVITES / "outlook_request.ics")
    assert "Jonas Weber, Fri 4 Dec 10:00" in booked.summary()
    assert nurture.find("Jonas").stage == "scheduled"
    [a] = nurture.appointments()
    assert a.zone == "Europe/Berlin"
    cancelled = nurture.import_file(INVITES / "outlook_cancel.ics")
    assert "cancelled 1 (Jonas Weber, Fri 4 Dec 10:00)" in cancelled.summary()
    [a] = nurture.appointments(every=True)
    assert a.status == "cancelled" and a.sequence >= 1
    assert nurture.find("Jonas").stage == jonas.stage == "requested"


def test_unmatched_and_ambiguous_are_reported_not_guessed(nurture, tmp_path):
    result = nurture.import_file(INVITES / "unmatched.ics")
    assert result.plan.skipped == [
        "event 1 (Intro call, Thu 10 Dec 17:00): no contact has any of: a@x.example, b@y.example. "
        "Add the person (`nurture add NAME --email ADDRESS`) and import the file again"
    ]
    assert "1 not booked" in result.summary() and not nurture.appointments(every=True)
    nurture.add_contact("Ann", email="a@x.example")
    nurture.add_contact("Bob", email="B@y.example")
    result = nurture.import_file(INVITES / "unmatched.ics")
    assert "ambiguous, its addresses belong to Ann, Bob" in result.plan.skipped[0]
    assert not nurture.appointments(every=True)


def test_a_past_event_is_left_out_and_dry_run_saves_nothing(nurture, maya, data_dir, tmp_path):
    past = nurture.import_file(google(tmp_path, "20261120T140000Z", "20261120T142000Z"))
    assert "already over: not booked; log it with `nurture log`" in past.plan.skipped[0]
    dry = nurture.import_file(google(tmp_path), dry_run=True)
    assert dry.summary().startswith("Would book 1 appointment (Maya Chen, Thu 3 Dec 15:00)")
    assert not nurture.appointments(every=True) and nurture.find("Maya").stage == "requested"


def test_a_repeat_is_booked_once_with_a_note(nurture, maya):
    result = nurture.import_file(INVITES / "recurring.ics")
    assert result.plan.warnings == ["event 1 (Weekly mentoring, Tue 8 Dec 11:00): repeats: only the first is booked"]
    assert len(nurture.appointments()) == 1


def test_a_damaged_file_names_it_and_saves_nothing(nurture, maya):
    with pytest.raises(InputError, match=r"damaged\.ics: is not a whole iCalendar file"):
        nurture.import_file(INVITES / "damaged.ics")
    assert not nurture.appointments(every=True)


def test_the_shell_prints_the_summary_and_exits_2_on_a_damaged_file(tmp_path):
    cli = CLI(tmp_path / "data")
    cli.ok("add", "Priya Natarajan", "--email", "priya@natarajan.dev")
    out = cli.ok("import", str(INVITES / "zoom.ics"), "--as-of", "2026-11-23")
    assert "zoom.ics (iCalendar invitation): Booked 1 appointment (Priya Natarajan," in out
    err = cli.fails("import", str(INVITES / "damaged.ics"))
    assert "damaged.ics: is not a whole iCalendar file" in err


def test_held_stays_held_and_an_older_invite_is_left_as_it_is(nurture, maya, clock, tmp_path):
    nurture.import_file(google(tmp_path, sequence=3))
    older = nurture.import_file(google(tmp_path, "20261204T090000Z", "20261204T093000Z", sequence=2))
    assert "an older version of the invitation (SEQUENCE 2; nurture has 3): left as it is" in older.plan.skipped[0]
    clock.day = date(2026, 12, 4)
    nurture.log(maya.id, "video", date(2026, 12, 3))  # the conversation took place: held
    again = nurture.import_file(google(tmp_path, "20261204T090000Z", "20261204T093000Z", sequence=4))
    assert again.summary().endswith("; 1 already up to date.")
    [a] = nurture.appointments(every=True)
    assert a.status == "held" and a.start == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)


async def test_the_dashboards_import_previews_an_invite_then_books_it(tmp_path):
    from textual.widgets import Input

    from nurture.screens.import_form import ImportScreen
    from tests.tui.conftest import make_app, rendered_text, settle

    app = make_app(tmp_path / "data")
    app.service.add_contact("Maya Chen", email="maya.chen@example.com")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#path", Input).value = str(INVITES / "google_request.ics")
        await pilot.press("enter")
        await settle(pilot)
        preview = rendered_text(screen.query_one("#preview"))
        assert "iCalendar invitation: Would book 1 appointment (Maya Chen, Thu 3 Dec 14:00)" in preview
        assert not app.service.appointments()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert len(app.service.appointments()) == 1
        assert any("Booked 1 appointment (Maya Chen" in str(n.message) for n in app._notifications)


def test_an_all_day_event_is_left_out_with_a_word_and_the_rest_is_booked(nurture, maya, tmp_path):
    text = (
        google(tmp_path)
        .read_bytes()
        .replace(
            b"END:VCALENDAR",
            b"BEGIN:VEVENT\r\nUID:allday-1@google.com\r\nDTSTAMP:20261120T090000Z\r\nDTSTART;VALUE=DATE:20261215\r\n"
            b"DTEND;VALUE=DATE:20261216\r\nSUMMARY:Team offsite\r\nEND:VEVENT\r\nEND:VCALENDAR",
        )
    )
    path = tmp_path / "mixed.ics"
    path.write_bytes(text)
    result = nurture.import_file(path)
    assert len(nurture.appointments()) == 1
    assert [s for s in result.plan.skipped if "Team offsite" in s] == [
        "event 2 (Team offsite, Tue 15 Dec 00:00): an all-day event, not a conversation: left out"
    ]


def test_an_invitation_keeps_its_message_with_the_appointment(nurture, maya, tmp_path):
    nurture.import_file(google(tmp_path))
    [a] = nurture.appointments()
    # the title, then the organizer's message; Google's join details are left out (the link is kept)
    assert a.note == "Sam / Maya: product careers chat\n\nHappy to chat about the product team - 20 minutes is perfect."


def test_a_conversation_booked_by_hand_takes_the_invitation_that_comes_for_it(nurture, maya, tmp_path):
    from nurture.domain.requests import BookRequest

    nurture.book(BookRequest.typed(maya.id, datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN), where="Zoom"))
    result = nurture.import_file(google(tmp_path))
    [a] = nurture.appointments()
    assert a.uid == "3kq9v2m8d1f0s7h6j5g4b3n2c1@google.com"
    assert any("the conversation you booked by hand" in w for w in result.plan.warnings)
    cancel = google(tmp_path, sequence=1).read_bytes().replace(b"METHOD:REQUEST", b"METHOD:CANCEL")
    (tmp_path / "cancel.ics").write_bytes(cancel)
    nurture.import_file(tmp_path / "cancel.ics")
    assert nurture.appointments() == []  # the invitation's cancel reached the one booked by hand


def test_an_unknown_time_zone_is_booked_in_the_users_zone_and_said(nurture, maya, tmp_path):
    text = (
        google(tmp_path)
        .read_bytes()
        .replace(b"DTSTART:20261203T140000Z", b"DTSTART;TZID=Mars/Olympus:20261203T150000")
        .replace(b"DTEND:20261203T142000Z", b"DTEND;TZID=Mars/Olympus:20261203T152000")
    )
    path = tmp_path / "mars.ics"
    path.write_bytes(text)
    result = nurture.import_file(path)
    [a] = nurture.appointments()
    assert (a.zone, a.start) == ("Europe/Berlin", datetime(2026, 12, 3, 14, 0, tzinfo=UTC))
    assert any("'Mars/Olympus' is not one nurture knows" in w for w in result.plan.warnings)
