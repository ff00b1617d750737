"""Appointments in the calendar export: timed events read back by icalendar and by ics-py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import ics
from icalendar import Calendar

from nurture.domain.appointments import Appointment
from nurture.domain.models import Contact
from nurture.domain.network import Network
from nurture.exchange.calendar import write_ics

TODAY = date(2026, 11, 23)
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN)
START = datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)
ZOOM = "https://us02web.zoom.us/j/85512345678"


def maya_network(*appointments: Appointment) -> Network:
    maya = Contact("c-1", "Maya Chen", stage="scheduled", role="PM", company="Acme")
    return Network.of([maya], appointments=appointments)


def booked() -> Appointment:
    return Appointment.new("c-1", START, NOW, where=f"Zoom {ZOOM}", note="ask about the team")


def event_of(data: bytes):
    """The one timed event (the queue's items are all-day ones)."""
    [event] = [e for e in Calendar.from_ical(data).events if isinstance(e.start, datetime)]
    return event


def test_a_booked_appointment_round_trips_through_icalendar():
    a = booked()
    data = write_ics(maya_network(a), TODAY, NOW, 30)
    event = event_of(data)
    assert event.start == START and event.start.tzinfo.key == "Europe/Berlin"
    assert event.duration == timedelta(minutes=20)
    assert str(event["summary"]) == "Informational interview: Maya Chen (PM @ Acme)"
    assert str(event["location"]) == "Zoom" and str(event["url"]) == ZOOM
    assert ZOOM in str(event["description"]) and "ask about the team" in str(event["description"])
    assert str(event["uid"]) == a.calendar_uid and str(event["status"]) == "CONFIRMED"
    [alarm] = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY" and alarm["trigger"].dt == timedelta(minutes=-30)
    assert b"DTSTART;TZID=Europe/Berlin:20261203T150000" in data
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Europe/Berlin" in data
    assert b"Maya Chen: meeting" not in data.replace(b"\r\n ", b"")  # the timed event is the meeting


def test_a_second_parser_reads_the_same_event():
    a = booked()
    cal = ics.Calendar(write_ics(maya_network(a), TODAY, NOW, 30).decode())
    [event] = [e for e in cal.events if e.uid == a.calendar_uid]
    assert event.begin.datetime == START.astimezone(UTC)
    assert event.duration == timedelta(minutes=20)
    assert event.location == "Zoom" and event.url == ZOOM
    assert event.status == "CONFIRMED"
    [alarm] = event.alarms
    assert alarm.trigger == timedelta(minutes=-30)


def test_the_uid_is_stable_and_a_cancel_raises_the_sequence():
    a = booked()
    first = event_of(write_ics(maya_network(a), TODAY, NOW, 30))
    again = event_of(write_ics(maya_network(a), TODAY, NOW + timedelta(hours=1), 30))
    assert str(first["uid"]) == str(again["uid"])
    cancelled = a.cancelled(NOW)
    data = write_ics(maya_network(cancelled), TODAY, NOW, 30)
    gone = event_of(data)
    assert str(gone["uid"]) == str(first["uid"]) and str(gone["status"]) == "CANCELLED"
    assert int(gone["sequence"]) > int(first["sequence"])
    [event] = [e for e in ics.Calendar(data.decode()).events if e.uid == a.calendar_uid]
    assert event.status == "CANCELLED"


def test_a_utc_appointment_is_written_in_utc_and_old_cancelled_ones_are_left_out():
    utc = Appointment.new("c-1", datetime(2026, 12, 3, 9, 0, tzinfo=UTC), NOW, where="Café Lindner")
    old = Appointment.new("c-1", datetime(2026, 9, 1, 9, 0, tzinfo=UTC), NOW).cancelled(NOW)
    data = write_ics(maya_network(utc, old), TODAY, NOW, 30)
    assert b"DTSTART:20261203T090000Z" in data and b"BEGIN:VTIMEZONE" not in data
    event = event_of(data)
    assert str(event["location"]) == "Café Lindner" and "url" not in event
