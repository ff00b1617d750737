"""The touch-base queue as an iCalendar file: one all-day event per item, the reason in the
summary, and a UID that stays the same for the same item (contact, reason, what it is about), so
importing a newer export into a calendar updates the events instead of duplicating them."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from nurture import __version__
from nurture.domain.network import Network
from nurture.domain.queue import queue_of


def item_uid(contact_id: str, reason: str, ref: str) -> str:
    digest = hashlib.sha256(f"{contact_id}\x1f{reason}\x1f{ref}".encode()).hexdigest()[:32]
    return f"{digest}@nurture"


def utc_stamp(now: datetime) -> datetime:
    """``now`` as the UTC instant a DTSTAMP must be (RFC 5545 §3.8.7.2): an aware time is
    converted; a naive one is the machine's local time, converted from there."""
    return now.astimezone(UTC).replace(microsecond=0)


def write_ics(network: Network, today: date, now: datetime, days: int) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//nurture//nurture {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "nurture: touch-base queue")
    stamp = utc_stamp(now)
    for item in queue_of(network, today, days):
        event = Event()
        event.add("uid", item_uid(item.contact_id, item.reason, item.ref))
        event.add("dtstamp", stamp)
        day = max(item.due, today)  # overdue items land on today: that is when to act
        event.add("dtstart", day)
        if day < date.max:  # on the calendar's last day, no DTEND: an all-day event lasts one day
            event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{item.reason}: {item.name}")
        overdue = f" (due {item.due:%d %b %Y})" if item.due < today else ""
        event.add("description", f"{item.detail}{overdue}")
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["nurture", item.reason])
        cal.add_component(event)
    return cal.to_ical()
