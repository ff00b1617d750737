"""Calendar invitations (.ics) as Google Calendar, Outlook/Exchange and Zoom send them, read
with ``icalendar`` into plain values: when, how long, where, who, and whether it is cancelled.

What each producer writes, and how it is read:
- Google Calendar: ``METHOD:REQUEST``, a UTC start (``...Z``), ``DTEND``, the Meet link in
  ``X-GOOGLE-CONFERENCE`` (and in the folded ``DESCRIPTION``), attendees with CN/ROLE/PARTSTAT.
- Outlook/Exchange: a ``VTIMEZONE`` named the Windows way ("W. Europe Standard Time": its IANA
  zone, Europe/Berlin, is found by ``icalendar``), ``MAILTO:`` in capitals, the Teams link in
  ``X-MICROSOFT-SKYPETEAMSMEETINGURL``; a cancel is ``METHOD:CANCEL`` with ``STATUS:CANCELLED``
  and a higher ``SEQUENCE``.
- Zoom: ``METHOD:PUBLISH`` (read as a request), a ``TZID=America/Los_Angeles`` start with its
  ``VTIMEZONE``, the meeting's URL as the ``LOCATION``.
A time with no zone (floating) is the user's; a repeating event books only its first time; an
all-day event is left out, and said to be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nurture.domain.appointments import DEFAULT_MINUTES, FIRST_YEAR, LAST_YEAR, link_in, where_label, zone_of
from nurture.domain.limits import MAX_MINUTES
from nurture.exchange.source import ImportFileError

if TYPE_CHECKING:
    from icalendar import Event

REQUEST, CANCEL = "REQUEST", "CANCEL"
#: Where producers put the meeting's link, most specific first.
_LINK_PROPERTIES = ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGCONFLINK",
                    "URL")  # fmt: skip
_RE_LINKS = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
#: The properties an event cannot be booked without reading.
_NEEDED = frozenset({"DTSTART", "DTEND", "DURATION", "SEQUENCE", "ORGANIZER", "ATTENDEE"})
REPEATS = "repeats: only the first is booked"
#: Where a producer's own block of join details starts in an invitation's message.
_RE_JOIN_BLOCK = re.compile(r"-::~:~|_{10,}|[─━=-]{10,}|join zoom meeting", re.IGNORECASE)
ALL_DAY = "an all-day event, not a conversation: left out"
#: How much of an invitation's message is kept with the appointment.
DESCRIPTION_KEPT = 1000


@dataclass(frozen=True)
class Invite:
    """One event of an invitation. ``start``: aware (in the invite's zone when it has one
    nurture knows, else in the user's zone: UTC and floating times); ``emails``: the organizer's
    and the attendees' addresses, lower case, the organizer first; ``notes``: what the user should
    know about it ("repeats: only the first is booked")."""

    uid: str
    method: str
    start: datetime
    minutes: int
    where: str
    summary: str
    organizer: str
    attendees: tuple[str, ...]
    sequence: int
    cancelled: bool
    notes: tuple[str, ...] = ()
    #: The organizer's message (DESCRIPTION), its first ``DESCRIPTION_KEPT`` characters.
    description: str = ""
    #: Why the event cannot be booked (an all-day event), or "".
    skip: str = ""

    @property
    def emails(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e for e in (self.organizer, *self.attendees) if e))

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def looks_like_ics(path: Path, text: str) -> bool:
    """Whether a file is a calendar: its ``.ics`` name or its ``BEGIN:VCALENDAR``."""
    return (
        path.suffix.lower() in (".ics", ".ical", ".ifb")
        or text.lstrip("\ufeff\xef\xbb\xbf \t\r\n")[:15].upper() == "BEGIN:VCALENDAR"
    )


def read_invites(path: Path, raw: bytes, zone: tzinfo) -> list[Invite]:
    """Every event in the .ics file ``raw`` (``zone``: the user's, for floating times); a file
    that is not a calendar, or an event without a UID or a start time, is refused, naming it."""
    from icalendar import Calendar  # not at start: only an invitation's import loads it

    try:
        calendars = Calendar.from_ical(raw, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as e:
        raise ImportFileError(path, "", f"is not an iCalendar file nurture can read ({_reason(e)})") from None
    if not calendars:
        raise ImportFileError(
            path,
            "",
            "is not a whole iCalendar file (BEGIN:VCALENDAR … END:VCALENDAR); save the invitation's .ics again",
        )
    invites: list[Invite] = []
    for cal in calendars:
        method = str(cal.get("METHOD", "") or REQUEST).upper()
        for n, event in enumerate(cal.events, len(invites) + 1):
            invites.append(_invite(path, n, event, method, zone))
    if not invites:
        raise ImportFileError(path, "", "holds no event (VEVENT) to book")
    return invites


def _invite(path: Path, n: int, event: Event, method: str, zone: tzinfo) -> Invite:
    uid = str(event.get("UID", "")).strip()
    where = f"event {n}" + (f" ({uid})" if uid else "")
    if not uid:
        raise ImportFileError(path, where, "has no UID, so a later change or cancel could not find it")
    broken = [f"{name}: {why}" for name, why in event.errors if name in _NEEDED]
    if broken:
        raise ImportFileError(path, where, f"cannot be read ({_reason(ValueError(broken[0]))})")
    day = getattr(event.get("DTSTART"), "dt", None)
    if isinstance(day, date) and not isinstance(day, datetime):  # an all-day event: not booked, said
        start = datetime.combine(day, time(0), tzinfo=zone)
        return Invite(uid, REQUEST, start, 0, "", _text(event, "SUMMARY"), "", (), 0, False, skip=ALL_DAY)
    notes: list[str] = []
    try:
        start = _start(event, zone, notes)
        minutes = _minutes(event)
        sequence = int(event.get("SEQUENCE", 0) or 0)
        organizer = _email(event.get("ORGANIZER"))
        attendees = tuple(e for e in map(_email, _many(event.get("ATTENDEE"))) if e)
        status = str(event.get("STATUS", "")).upper()
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise ImportFileError(path, where, f"cannot be read ({_reason(e)})") from None
    if event.get("RRULE") or event.get("RDATE"):
        notes.append(REPEATS)
    if minutes > MAX_MINUTES:
        notes.append(f"lasts {minutes:,} minutes: booked as {MAX_MINUTES:,}")
        minutes = MAX_MINUTES
    return Invite(
        uid=uid,
        method=CANCEL if method == CANCEL else REQUEST,  # PUBLISH (Zoom's download) is an invitation too
        start=start,
        minutes=minutes,
        where=_where(event),
        summary=_text(event, "SUMMARY"),
        organizer=organizer,
        attendees=attendees,
        sequence=max(sequence, 0),
        cancelled=method == CANCEL or status == "CANCELLED",
        notes=tuple(notes),
        description=_message(event),
    )


def _text(event: Event, name: str) -> str:
    return " ".join(str(event.get(name, "")).split())


def _message(event: Event) -> str:
    """The organizer's message: the DESCRIPTION's lines (blank runs closed up) up to where the
    producer's own block of join details starts (Google's ``-::~:~::`` rule, Teams' line of
    underscores, Zoom's "Join Zoom Meeting"), its first ``DESCRIPTION_KEPT`` characters."""
    lines = []
    for line in str(event.get("DESCRIPTION", "")).splitlines():
        if _RE_JOIN_BLOCK.match(line.strip()):
            break
        lines.append(" ".join(line.split()))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text if len(text) <= DESCRIPTION_KEPT else text[: DESCRIPTION_KEPT - 1].rstrip() + "…"


def _start(event: Event, zone: tzinfo, notes: list[str]) -> datetime:
    """The start, aware: in the zone the invite names when nurture knows it (Windows names
    too), in the user's zone for UTC and floating times and for a zone it does not know (the
    instant is right; ``notes`` says so)."""
    prop = event.get("DTSTART")
    if prop is None:
        raise ValueError("no start time (DTSTART)")
    value = prop.dt
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"starts in the year {value.year}: an appointment is in the years {FIRST_YEAR} to {LAST_YEAR}")
    named = str(prop.params.get("TZID", "")).strip()
    if value.tzinfo is None:
        if named:
            notes.append(f"its time zone {named!r} is not one nurture knows, nor described in the file: "
                         "read as your zone's time")  # fmt: skip
        return value.replace(tzinfo=zone)  # floating: the same wall time wherever one is
    key = getattr(value.tzinfo, "key", None)
    if value.tzinfo is UTC or key in ("UTC", "Etc/UTC"):
        return value.astimezone(zone)  # Google writes every time in UTC: shown in the user's zone
    if not key:  # a VTIMEZONE of its own (Outlook's Windows names): the IANA zone it names
        from icalendar.timezone import tzp
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

        name = tzp.clean_timezone_id(named)
        known = zone_of(WINDOWS_TO_OLSON.get(name, name))
        if known is not UTC:
            return value.astimezone(known)  # the instant the file gives, in that zone
        notes.append(f"its time zone {named!r} is not one nurture knows: booked in your zone (the time is right)")
        return value.astimezone(zone)
    return value


def _minutes(event: Event) -> int:
    """The length: DTEND - DTSTART, or DURATION; none given is the method's default."""
    start = event.get("DTSTART").dt
    if event.get("DTEND") is not None:
        length = event.get("DTEND").dt - start
    elif event.get("DURATION") is not None:
        length = event.get("DURATION").dt
    else:
        return DEFAULT_MINUTES
    if not isinstance(length, timedelta) or length <= timedelta(0):
        raise ValueError("it ends before it starts")
    return max(1, round(length.total_seconds() / 60))


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _email(address: Any) -> str:
    """The address of a ``mailto:`` (any case), lower case; "" for anything else."""
    text = str(address or "").strip()
    if text[:7].casefold() != "mailto:":
        return ""
    return text[7:].strip().casefold()


def _where(event: Event) -> str:
    """The place and the meeting's link: the LOCATION, then the first link the producer gives
    (its own property, URL, or a video link in the description) if the location lacks it."""
    location = " ".join(str(event.get("LOCATION", "")).split())
    if link_in(location):
        return location
    link = next((str(event.get(p)).strip() for p in _LINK_PROPERTIES if str(event.get(p, "")).strip()), "")
    if not link:
        link = next((u for u in _RE_LINKS.findall(str(event.get("DESCRIPTION", ""))) if _is_video(u)), "")
    return f"{location} {link}".strip() if link else location


def _is_video(url: str) -> bool:
    """A link to a video call (Zoom, Meet, Teams…), not any page the description links to."""
    label = where_label(url)
    return bool(label) and "." not in label


def _reason(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text[:200] or type(e).__name__
