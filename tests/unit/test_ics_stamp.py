"""The calendar export's DTSTAMP is the real UTC instant of the export (RFC 5545 §3.8.7.2),
whatever the machine's time zone, for an aware time and for a naive (local) one."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from nurture.domain.models import Contact, Interaction
from nurture.domain.network import Network
from nurture.exchange.calendar import write_ics

TODAY = date(2026, 11, 23)


def stamps(ics: bytes) -> set[datetime]:
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert events, "the queue should have an item to put on the calendar"
    return {e.decoded("dtstamp") for e in events}


@pytest.fixture
def network() -> Network:
    ann = Contact("c-1", "Ann Lee", stage="met")
    return Network.of([ann], [Interaction("i-1", "c-1", TODAY - timedelta(days=200), "coffee")])


@pytest.fixture
def new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_aware_time_is_stamped_as_its_utc_instant(network, new_york):
    now = datetime(2026, 11, 23, 9, 15, 30, 123456, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    ics = write_ics(network, TODAY, now, 30)
    assert stamps(ics) == {datetime(2026, 11, 23, 3, 45, 30, tzinfo=UTC)}
    assert b"DTSTAMP:20261123T034530Z" in ics


def test_a_naive_time_is_local_time_converted_to_utc(network, new_york):
    now = datetime(2026, 11, 23, 9, 15, 30)  # 09:15:30 in New York (EST, UTC-5)
    ics = write_ics(network, TODAY, now, 30)
    assert b"DTSTAMP:20261123T141530Z" in ics
    assert stamps(ics) == {datetime(2026, 11, 23, 14, 15, 30, tzinfo=UTC)}
