"""Reading calendar invitations as Google Calendar, Outlook/Exchange and Zoom write them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nurture.domain.errors import InputError
from nurture.exchange.invites import REPEATS, looks_like_ics, read_invites

INVITES = Path(__file__).parent.parent / "fixtures" / "exchange" / "invites"
BERLIN = ZoneInfo("Europe/Berlin")


def read(name: str, zone=BERLIN):
    path = INVITES / name
    return read_invites(path, path.read_bytes(), zone)


def test_google_utc_start_meet_link_and_folded_attendees():
    [invite] = read("google_request.ics")
    assert invite.start == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    assert invite.start.tzinfo == BERLIN  # a UTC time is shown where the user is
    assert invite.minutes == 20
    assert invite.where == "https://meet.google.com/abc-defg-hij"
    assert invite.emails == ("maya.chen@example.com", "sam.rivera@example.org")
    assert invite.method == "REQUEST" and not invite.cancelled and invite.sequence == 0
    assert invite.uid == "3kq9v2m8d1f0s7h6j5g4b3n2c1@google.com"


def test_outlook_windows_zone_is_its_iana_zone_and_mailto_case_is_ignored():
    [invite] = read("outlook_request.ics", ZoneInfo("America/New_York"))
    assert invite.start == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)  # 10:00 W. Europe (CET)
    assert getattr(invite.start.tzinfo, "key", None) == "Europe/Berlin"
    assert invite.minutes == 30
    assert invite.where.startswith("Microsoft Teams Meeting https://teams.microsoft.com/l/meetup-join/")
    assert invite.organizer == "jonas.weber@example.de"
    assert invite.attendees == ("sam.rivera@example.org",)


def test_outlook_cancel():
    [invite] = read("outlook_cancel.ics")
    assert invite.method == "CANCEL" and invite.cancelled and invite.sequence == 1
    assert invite.uid == read("outlook_request.ics")[0].uid


def test_zoom_publish_is_a_request_with_its_zone_and_the_link_as_location():
    [invite] = read("zoom.ics")
    assert invite.method == "REQUEST"
    assert invite.start == datetime(2026, 12, 7, 17, 0, tzinfo=UTC)  # 09:00 PST
    assert getattr(invite.start.tzinfo, "key", None) == "America/Los_Angeles"
    assert invite.minutes == 45
    assert invite.where == "https://us02web.zoom.us/j/85512345678?pwd=bWZxT0pXRk1QZz09"
    assert invite.emails == ("priya@natarajan.dev", "sam.rivera@example.org")


def test_floating_time_is_the_users_and_a_repeat_is_noted_with_duration():
    [invite] = read("recurring.ics")
    assert invite.start == datetime(2026, 12, 8, 11, 0, tzinfo=BERLIN)
    assert invite.minutes == 30
    assert invite.where == "Café Lindner, Schönhauser Allee 12, Berlin"
    assert invite.notes == (REPEATS,)


def test_a_damaged_file_is_refused_naming_it():
    with pytest.raises(InputError, match=r"damaged\.ics: is not a whole iCalendar file"):
        read("damaged.ics")


def test_an_event_with_a_bad_start_is_named():
    raw = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x@y\r\nDTSTART:20261\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    with pytest.raises(InputError, match=r"x\.ics: event 1 \(x@y\): cannot be read \(DTSTART"):
        read_invites(Path("x.ics"), raw, UTC)


def test_detection():
    assert looks_like_ics(Path("invite.ics"), "")
    assert looks_like_ics(Path("-"), "\ufeffBEGIN:VCALENDAR\r\n")
    assert not looks_like_ics(Path("contacts.csv"), "Name,Email")
