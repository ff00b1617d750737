"""Which backups to keep, by age rather than by count, and how a backup's time reads.

At ``now`` a backup is kept when it is any of:

- one of the last ``LAST_RUNS`` (5) backups, however old;
- the newest backup of its day, for the last ``DAYS`` (14) days, today included;
- the newest backup of its week (Monday to Sunday), for the last ``WEEKS`` (8) weeks, this
  week included;
- dated after ``now`` (a clock set back never costs a backup);
- made before a restore (``pinned``), for ``DAYS`` days: several restores in one day never
  rotate out the state the first one replaced.

Every other backup goes. The rule is stable: a backup it drops would never be kept again later
(a past day's or week's newest backup stays the newest), so whichever run rotates, the same
backups survive. The oldest a backup can be and still be kept by age is 8 weeks (the Monday of
the week 7 weeks before this one): what a backup holds (a contact deleted since) is gone from
the backups at the first rotation 8 weeks after it was made, once ``LAST_RUNS`` later backups
exist.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta

LAST_RUNS = 5
DAYS = 14
WEEKS = 8

#: The rule in a user's words (``nurture doctor``, the README).
KEPT_TEXT = f"the last {LAST_RUNS} runs, one a day for {DAYS} days, one a week for {WEEKS} weeks"


def kept(times: Sequence[datetime], now: datetime, pinned: Collection[int] = ()) -> set[int]:
    """The positions in ``times`` (when each backup was made, any order) of the backups to keep
    at ``now`` (the rule above); ``pinned``: the positions of those made before a restore."""
    order = sorted(range(len(times)), key=lambda i: times[i])
    keep = set(order[-LAST_RUNS:])
    today = now.date()
    first_day = today - timedelta(days=DAYS - 1)
    keep.update(i for i in pinned if times[i].date() >= first_day)
    first_week = _monday(today) - timedelta(weeks=WEEKS - 1)
    newest: dict[tuple[str, date], int] = {}
    for i in order:  # oldest first: a later backup of the same day or week takes its place
        made = times[i]
        if made > now:
            keep.add(i)
            continue
        day = made.date()
        if day >= first_day:
            newest["day", day] = i
        if _monday(day) >= first_week:
            newest["week", _monday(day)] = i
    keep.update(newest.values())
    return keep


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def when_made(made: datetime, now: datetime) -> str:
    """When a backup was made, as a user reads it next to ``now``: "today 10:30", "yesterday
    17:05", "Sat 28 Nov 09:12" (this fortnight), "week of 16 Nov (Fri 20 Nov 18:00)" (older);
    the year when it is not this year's."""
    day, today = made.date(), now.date()
    at = f"{made:%H:%M}"
    if day == today:
        return f"today {at}"
    if day == today - timedelta(days=1):
        return f"yesterday {at}"
    year = "" if day.year == today.year else f" {day.year}"
    if today - timedelta(days=DAYS) < day <= today:
        return f"{made:%a} {day.day} {made:%b}{year} {at}"
    monday = _monday(day)
    return f"week of {monday.day} {monday:%b}{year} ({made:%a} {day.day} {made:%b} {at})"
