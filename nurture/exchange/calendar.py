"""The touch-base queue and the appointments as an iCalendar file.

Each queue item is an all-day event, the reason in the summary, with a UID that stays the same
for the same item (contact, reason, what it is about), so importing a newer export into a
calendar updates the events instead of duplicating them. Each appointment is a timed event
(``appointment_event``); the queue's ``meeting`` items are left out, the timed event is the
meeting (``prepare`` and ``log-meeting`` stay all-day items)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from nurture import __version__
from nurture.domain.appointments import ALARM_MINUTES, BOOKED, HELD, Appointment, link_in, where_label
from nurture.domain.models import Contact, role_at
from nurture.domain.network import Network
from nurture.domain.queue import MEETING_DUE, queue_of

#: Held and cancelled appointments this many days back stay in the export: the calendar keeps
#: the conversations that took place, and one that imported a cancelled one removes it.
HISTORY_DAYS = 30


def item_uid(contact_id: str, reason: str, ref: str) -> str:
    digest = hashlib.sha256(f"{contact_id}\x1f{reason}\x1f{ref}".encode()).hexdigest()[:32]
    return f"{digest}@nurture"


def utc_stamp(now: datetime) -> datetime:
    """``now`` as the UTC instant a DTSTAMP must be (RFC 5545 §3.8.7.2): an aware time is
    converted; a naive one is the machine's local time, converted from there."""
    return now.astimezone(UTC).replace(microsecond=0)


def write_ics(network: Network, today: date, now: datetime, days: int) -> bytes:
    """The queue of the next ``days`` and the appointments. ``now``: aware, in the user's zone
    (a naive one is the machine's local time). Exported appointments: every booked one, and the
    held and cancelled ones that started in the last ``HISTORY_DAYS`` days (a cancelled one as
    STATUS:CANCELLED with its raised SEQUENCE, so a calendar that imported it removes it)."""
    now = now if now.tzinfo is not None else now.astimezone()
    cal = Calendar()
    cal.add("prodid", f"-//nurture//nurture {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "nurture: touch-base queue")
    stamp = utc_stamp(now)
    for item in queue_of(network, today, days, now):
        if item.reason == MEETING_DUE:
            continue  # the appointment's own timed event is the meeting
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
    since = now - timedelta(days=HISTORY_DAYS)
    shown = [a for a in sorted(network.appointments, key=lambda a: (a.start, a.id)) if a.booked or a.start >= since]
    for appointment in shown:
        contact = network.contacts.get(appointment.contact_id)
        cal.add_component(appointment_event(appointment, contact.name if contact else "", _role(contact), stamp))
    if shown:  # each zone's rules for the years of the events (not 1970 to 2038: a tenth of the size)
        first, last = shown[0].start.date(), shown[-1].end.date()
        cal.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(min(last.year + 2, 9999), 1, 1))
    return cal.to_ical()


def _role(contact: Contact | None) -> str:
    """'PM @ Acme', the role or the company alone, or ""."""
    return role_at(contact.role, contact.company) if contact is not None else ""


def appointment_event(appointment: Appointment, name: str, role: str, stamp: datetime) -> Event:
    """A timed event: DTSTART in the zone it was booked in (TZID; UTC when that is UTC),
    DURATION, the place and link, the appointment's stable UID and SEQUENCE, CONFIRMED (held
    too: it took place) or CANCELLED; a reminder ``ALARM_MINUTES`` before a booked one."""
    a = appointment
    event = Event()
    event.add("uid", a.calendar_uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", a.start.astimezone(a.booked_zone))
    event.add("duration", timedelta(minutes=a.minutes))
    who = f"{name} ({role})" if name and role else name or role or "someone"
    event.add("summary", f"Informational interview: {who}")
    link = link_in(a.where)
    place = a.where.replace(link, "").strip() if link else a.where.strip()
    location = place or (where_label(a.where) if link else "")
    if location:
        event.add("location", location)
    if link:
        event.add("url", link)
    description = "\n\n".join(part for part in (a.note.strip(), link) if part)
    if description:
        event.add("description", description)
    event.add("sequence", a.sequence)
    event.add("status", "CONFIRMED" if a.status in (BOOKED, HELD) else "CANCELLED")
    event.add("categories", ["nurture", "appointment"])
    if a.booked:  # a reminder for what is ahead only
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(minutes=-ALARM_MINUTES))
        alarm.add("description", f"In {ALARM_MINUTES} minutes: {who}")
        event.add_component(alarm)
    return event
