"""Appointments: the conversation a person said yes to, with its day, time and place.

An appointment's start is one instant (kept in UTC) plus the zone it was booked in, so it means
the same moment wherever the user is: shown in the zone the user is in now (``local``), with
the booked zone's time beside it when the two differ ("09:00 (15:00 Berlin)"). Nothing here
reads the clock: "now" is given, as an aware datetime in the user's zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nurture.domain.dates import FUTURE, parse_date, shift, spoken
from nurture.domain.errors import InputError
from nurture.domain.limits import MAX_LINE, MAX_MINUTES, MAX_TEXT, check_fields
from nurture.domain.models import STAGES, _opt_iso, new_id
from nurture.domain.stored import Fields, bad
from nurture.domain.wording import quoted

BOOKED, CANCELLED, HELD = "booked", "cancelled", "held"
STATUSES: tuple[str, ...] = (BOOKED, CANCELLED, HELD)
#: Minutes asked for unless the user says otherwise: the method's 20.
DEFAULT_MINUTES = 20
#: A calendar's reminder, this many minutes before the start.
ALARM_MINUTES = 30
TIME_FORMS = "15:00, 3pm, 3:30 pm, 15h30, 15.00, noon, midnight"
MOMENT_FORMS = "thu 15:00, tomorrow 3pm, 2026-12-03 15:00, 3 Dec 3:30 pm"
APPOINTMENT_TEXT = {"where": MAX_LINE, "note": MAX_TEXT}
#: The years an appointment may start in: one in year 9999 could not be shown in a zone ahead
#: of UTC, nor end a day later.
FIRST_YEAR, LAST_YEAR = 1900, 9998


@dataclass(frozen=True, slots=True)
class Appointment:
    """A booked conversation. ``start``: aware, in UTC; ``zone``: the IANA name of the zone it
    was booked in ("Europe/Berlin"). ``uid``: the invitation's UID when it came from one (what
    a later update or cancel of it is matched by; ``calendar_uid`` is the export's own).
    ``sequence``: iCalendar's SEQUENCE, raised on every change a calendar must follow (moved,
    cancelled). ``stage_before``: the stage booking moved the contact from (cancelling moves
    them back), or None if it moved nobody."""

    id: str
    contact_id: str
    start: datetime
    zone: str = "UTC"
    minutes: int = DEFAULT_MINUTES
    where: str = ""
    note: str = ""
    status: str = BOOKED
    uid: str = ""
    sequence: int = 0
    stage_before: str | None = None
    created: datetime | None = None
    updated: datetime | None = None

    @classmethod
    def new(cls, contact_id: str, start: datetime, now: datetime, **fields: Any) -> Appointment:
        """A booked appointment starting at ``start`` (aware), in ``start``'s zone."""
        return cls(new_id(), contact_id, start.astimezone(UTC), zone_name(start.tzinfo), created=now, updated=now,
                   **fields)  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "start": self.start.astimezone(UTC).isoformat(),
            "zone": self.zone,
            "minutes": self.minutes,
            "where": self.where,
            "note": self.note,
            "status": self.status,
            "uid": self.uid,
            "sequence": self.sequence,
            "stage_before": self.stage_before,
            "created": _opt_iso(self.created),
            "updated": _opt_iso(self.updated),
        }

    @classmethod
    def from_dict(cls, d: Any, at: str = "") -> Appointment:
        f = Fields(d, at)
        start = f.moment("start")
        if start is None or start.tzinfo is None:
            problem = "must be a date and time with its offset, as 2026-12-03T14:00:00+00:00"
            raise bad(at + "start", problem, d.get("start"))
        if not FIRST_YEAR <= start.year <= LAST_YEAR:
            raise bad(at + "start", f"must be in the years {FIRST_YEAR} to {LAST_YEAR}", d.get("start"))
        stage = f.text("stage_before") or None
        if stage is not None and stage not in STAGES:
            raise bad(at + "stage_before", f"must be one of {', '.join(STAGES)}", stage)
        return cls(
            f.ident("id"),
            f.ident("contact_id"),
            start.astimezone(UTC),
            f.text("zone") or "UTC",
            f.whole("minutes", 1, MAX_MINUTES, DEFAULT_MINUTES),
            f.text("where"),
            f.text("note"),
            f.choice("status", STATUSES, BOOKED),
            f.text("uid"),
            f.whole("sequence", 0, 2**31 - 1, 0),
            stage,
            f.moment("created"),
            f.moment("updated"),
        )

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @property
    def booked(self) -> bool:
        return self.status == BOOKED

    @property
    def calendar_uid(self) -> str:
        """The UID of nurture's own event for it (the export's): made from the id, never the
        invite's, so importing the export into the calendar that holds the organizer's
        invitation adds nurture's event beside it rather than overwriting theirs."""
        return f"{self.id}@nurture"

    @property
    def booked_zone(self) -> tzinfo:
        return zone_of(self.zone)

    def local(self, zone: tzinfo) -> datetime:
        """The start in ``zone`` (the zone the user is in now)."""
        return self.start.astimezone(zone)

    def day(self, zone: tzinfo) -> date:
        """The day it is on, where the user is now."""
        return self.start.astimezone(zone).date()

    def evolve(self, now: datetime, **changes: Any) -> Appointment:
        return replace(self, **changes, updated=now)

    def cancelled(self, now: datetime) -> Appointment:
        """Cancelled: a calendar that imported it removes it (a higher SEQUENCE)."""
        return self.evolve(now, status=CANCELLED, sequence=self.sequence + 1)

    def held(self, now: datetime) -> Appointment:
        return self.evolve(now, status=HELD)


# --- zones -------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def zone_of(name: str) -> tzinfo:
    """The zone of an IANA name; UTC for a name this machine does not know (the instant is
    still right: only the booked zone's own time cannot be shown)."""
    if not name or name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def zone_name(zone: tzinfo | None) -> str:
    """The IANA name of ``zone`` ("Europe/Berlin"), "UTC" for UTC or a zone with no name."""
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) and key else "UTC"


def short_zone(name: str) -> str:
    """What a person calls a zone: its city ("Europe/Berlin" → "Berlin", "America/New_York" →
    "New York")."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


# --- reading what the user typed ---------------------------------------------------------------

_RE_TIME = re.compile(
    r"(?:^|\s)(?:at\s+)?(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>am|pm|a\.m\.|p\.m\.)"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})|(?P<hh>\d{1,2})h(?P<mh>\d{2})?|(?P<word>noon|midday|midnight)"
    r"|(?P<hd>\d{1,2})\.(?P<md>\d{2}))$"  # 15.00 ("3.12" alone is a date: ``split_time``)
)
_RE_ISO_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})t(\d{1,2}:\d{2})$")
#: A day and month with no year: "3 dec", "dec 3rd", "3.12.", "12/3".
_RE_YEARLESS = re.compile(
    r"^(?:\d{1,2}[./]\d{1,2}\.?|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\.?|[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?)$"
)


_RE_CLOCK_AGO = re.compile(r"^(\d{1,5})\s*(h|hr|hrs|hour|hours|min|mins|minute|minutes)\s+ago$")


def clock_ago(text: str, now: datetime) -> datetime | None:
    """``now`` less the hours or minutes ``text`` gives ("1 hour ago", "90 min ago", "1h ago"),
    or None when it gives none (a day form is ``parse_date``'s)."""
    m = _RE_CLOCK_AGO.match(" ".join(str(text).strip().lower().split()))
    if m is None:
        return None
    amount = int(m.group(1))
    return now - (timedelta(hours=amount) if m.group(2).startswith("h") else timedelta(minutes=amount))


def yearless(day_text: str) -> bool:
    """Whether ``day_text`` (as ``split_time`` gives it) names a day and month with no year."""
    return _RE_YEARLESS.match(day_text) is not None


def parse_time(text: str) -> time:
    """A time of day as people type it: 15:00, 3pm, 3:30 pm, 15h30, noon."""
    m = _RE_TIME.fullmatch(" ".join(text.strip().lower().split()))
    if m is None:
        raise InputError(f"cannot read time {quoted(text)}; use a form like {TIME_FORMS}")
    return _time_of(m, text)


def _time_of(m: re.Match[str], raw: str) -> time:
    if m.group("word"):
        return time(0, 0) if m.group("word") == "midnight" else time(12, 0)
    if m.group("ap"):
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        if not 1 <= hour <= 12:
            raise InputError(f"{quoted(raw)}: with am or pm the hour runs from 1 to 12")
        hour = hour % 12 + (12 if m.group("ap").startswith("p") else 0)
    elif m.group("h24"):
        hour, minute = int(m.group("h24")), int(m.group("m24"))
    elif m.group("hd"):
        hour, minute = int(m.group("hd")), int(m.group("md"))
    else:
        hour, minute = int(m.group("hh")), int(m.group("mh") or 0)
    if hour > 23 or minute > 59:
        raise InputError(f"{quoted(raw)} is not a time of day (hours 0–23, minutes 0–59)")
    return time(hour, minute)


def parse_moment(text: str, today: date, zone: tzinfo, order: str = "", prefer: str = FUTURE) -> datetime:
    """A day and a time as the user types them ("thu 15:00", "tomorrow 3pm", "3 Dec 3:30 pm",
    "2026-12-03 15:00"; a time alone is today), in ``zone``: every date form ``parse_date``
    reads, and a time (``TIME_FORMS``). ``prefer`` FUTURE (booking): a weekday is the coming
    one, and a day and month with no year that has passed this year is next year's; PAST
    (recording one that took place): the last one. A time that does not exist there (the hour
    the clocks skip) is refused; one that comes twice (the hour they repeat) is the first."""
    raw = str(text)
    if not raw.strip():
        raise InputError(f"no day and time given; use a form like {MOMENT_FORMS}")
    day_text, at = split_time(raw)
    if at is None:
        raise InputError(f"{quoted(raw)} has no time of day; add one, as in {MOMENT_FORMS}")
    day = parse_date(day_text, today, prefer, order) if day_text else today
    if prefer == FUTURE and day < today and yearless(day_text):
        day = shift(day, 1, "y")
    return at_time(day, at, zone)


def split_time(text: str) -> tuple[str, time | None]:
    """The day part of ``text`` and the time of day it ends with ("thu 15:00" → ("thu",
    15:00)), or (the text, None) when it gives no time."""
    s = " ".join(str(text).strip().lower().split())
    iso = _RE_ISO_MOMENT.match(s)
    if iso:
        s = f"{iso.group(1)} {iso.group(2)}"
    m = _RE_TIME.search(s)
    day_text = s[: m.start()].strip().removesuffix(" at").strip().rstrip(",").strip() if m else s
    if m is None or (m.group("hd") and not day_text and 1 <= int(m.group("md")) <= 12):
        return s, None  # "3.12" alone is a date (3 December); "15.00" or "9.30" can only be a time
    return day_text, _time_of(m, str(text))


def check_year(moment: datetime) -> datetime:
    """``moment``, if it is in the years an appointment may be in (``FIRST_YEAR``–``LAST_YEAR``)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InputError(
            f"{moment:%Y-%m-%d} is out of range: an appointment is in the years {FIRST_YEAR} to {LAST_YEAR}"
        )
    return moment


def at_time(day: date, at: time, zone: tzinfo) -> datetime:
    """``day`` at ``at`` in ``zone``, refused if the clocks skip that time there."""
    moment = check_year(datetime.combine(day, at, tzinfo=zone))
    back = moment.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise InputError(
            f"{at:%H:%M} on {spoken(day)} does not exist in {zone_name(zone)}: the clocks go forward "
            f"then. Choose another time (such as {back:%H:%M})."
        )
    return moment


def check_minutes(value: int | str | None) -> int:
    """A length in minutes: the default when not given; a whole number from 1 to a day."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_MINUTES
    try:
        minutes = int(str(value).strip().removesuffix("min").strip())
    except ValueError:
        raise InputError(f"length {quoted(str(value))} is not a number of minutes (such as 20)") from None
    if not 1 <= minutes <= MAX_MINUTES:
        raise InputError(f"length {minutes} is out of range; give 1 to {MAX_MINUTES} minutes")
    return minutes


def check_appointment(appointment: Appointment) -> None:
    """The text limits every entry point holds an appointment to."""
    check_fields(appointment, APPOINTMENT_TEXT)


# --- saying it back ------------------------------------------------------------------------------


def day_word(day: date, today: date) -> str:
    """'today', 'tomorrow', 'yesterday', 'Thu 3 Dec', or 'Thu 3 Dec 2027' in another year."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def when_text(appointment: Appointment, zone: tzinfo, today: date) -> str:
    """When it is, where the user is: 'today 15:00', 'Thu 3 Dec 09:00 (15:00 Berlin)'."""
    local = appointment.local(zone)
    text = f"{day_word(local.date(), today)} {local:%H:%M}"
    booked = appointment.start.astimezone(appointment.booked_zone)
    if booked.utcoffset() != local.utcoffset():
        text += f" ({booked:%H:%M} {short_zone(appointment.zone)})"
    return text


def moment_text(moment: datetime, today: date) -> str:
    """A moment as a form says it back while typing: 'Thu 3 Dec 2026, 15:00 (in 4 days)'."""
    delta = (moment.date() - today).days
    if delta == 0:
        rel = "today"
    elif delta == 1:
        rel = "tomorrow"
    elif delta > 0:
        rel = f"in {delta} days"
    elif delta == -1:
        rel = "yesterday"
    else:
        rel = f"{-delta} days ago"
    return f"{spoken(moment.date())}, {moment:%H:%M} ({rel})"


def until_text(appointment: Appointment, now: datetime) -> str:
    """How long until it starts, as the queue row says it: 'in 2 h 10 min', 'in 5 min',
    'started 3 min ago', 'ended 10 min ago'; a day or more away, in days of the calendar (as the
    day it is on is said): 'in 1 day', 'in 3 days', 'ended yesterday'. ``now``: aware, in the
    user's zone."""
    if now < appointment.start:
        delta = appointment.start - now
        if delta < _DAY:
            return f"in {_span(delta)}"
        days = (appointment.start.astimezone(now.tzinfo).date() - now.date()).days
        return "in 1 day" if days == 1 else f"in {days} days"
    if now < appointment.end:
        return f"started {_span(now - appointment.start)} ago" if now > appointment.start else "starting now"
    delta = now - appointment.end
    if delta < _DAY:
        return f"ended {_span(delta)} ago"
    days = (now.date() - appointment.end.astimezone(now.tzinfo).date()).days
    return "ended yesterday" if days == 1 else f"ended {days} days ago"


_DAY = timedelta(days=1)


def _span(delta: timedelta) -> str:
    """Under a day: '5 min', '2 h', '2 h 10 min'."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


_LINKS = {
    "zoom.us": "Zoom",
    "meet.google.com": "Google Meet",
    "teams.microsoft.com": "Teams",
    "teams.live.com": "Teams",
    "webex.com": "Webex",
    "whereby.com": "Whereby",
    "meet.jit.si": "Jitsi",
    "facetime.apple.com": "FaceTime",
}
_RE_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def link_in(where: str) -> str:
    """The first web address in ``where`` (a video link), or ""."""
    m = _RE_URL.search(where)
    return m.group(0).rstrip(".,;)") if m else ""


def where_label(where: str) -> str:
    """'Zoom' for a Zoom link, 'Google Meet', 'Teams'…; a web address's host; else the place."""
    url = link_in(where)
    if not url:
        return " ".join(where.split())
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    for suffix, label in _LINKS.items():
        if host == suffix or host.endswith("." + suffix):
            return label
    return host or url


# --- over several ------------------------------------------------------------------------------


def booked_of(appointments: Iterable[Appointment], contact_id: str) -> list[Appointment]:
    """A contact's booked appointments, soonest first."""
    return sorted((a for a in appointments if a.contact_id == contact_id and a.booked), key=lambda a: a.start)


def next_booked(appointments: Iterable[Appointment], now: datetime) -> Appointment | None:
    """The booked appointment that has not ended yet and starts first (``appointments`` of one
    contact), else the latest booked one that has ended (it waits to be logged)."""
    booked = sorted((a for a in appointments if a.booked), key=lambda a: a.start)
    ahead = [a for a in booked if a.end > now]
    if ahead:
        return ahead[0]
    return booked[-1] if booked else None


def overlapping(appointments: Iterable[Appointment], new: Appointment) -> list[Appointment]:
    """The booked appointments (other than ``new``) whose time overlaps ``new``'s."""
    return sorted(
        (a for a in appointments if a.booked and a.id != new.id and a.start < new.end and new.start < a.end),
        key=lambda a: a.start,
    )
