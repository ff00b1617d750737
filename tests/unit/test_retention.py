"""Which backups are kept: the last 5 runs, one a day for 14 days, one a week for 8 weeks; and
how doctor says when one was made."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from nurture.domain.retention import kept, when_made

NOW = datetime(2026, 11, 30, 10, 30)  # a Monday


def hourly(days: int, now: datetime = NOW) -> list[datetime]:
    """A backup every hour for ``days`` days up to ``now``, oldest first."""
    return [now - timedelta(hours=h) for h in range(days * 24)][::-1]


def survivors(times: list[datetime], now: datetime = NOW) -> list[datetime]:
    return sorted(times[i] for i in kept(times, now))


def test_seventy_days_of_hourly_backups_keep_runs_days_and_weeks() -> None:
    left = survivors(hourly(70))
    # the last five runs
    assert left[-5:] == [NOW - timedelta(hours=h) for h in (4, 3, 2, 1, 0)]
    # the newest of each of the last 14 days: 23:30 on each past day
    for back in range(1, 14):
        day = NOW.date() - timedelta(days=back)
        assert [t for t in left if t.date() == day] == [datetime(day.year, day.month, day.day, 23, 30)]
    # then one a week: the Sunday 23:30 of each of the 7 weeks before this one (the weeks of
    # 16 and 23 Nov have theirs among the 14 days)
    older = [t for t in left if t.date() < NOW.date() - timedelta(days=13)]
    assert [t.date() for t in older] == [date(2026, 10, 18), date(2026, 10, 25), date(2026, 11, 1),
                                         date(2026, 11, 8), date(2026, 11, 15)]  # fmt: skip
    assert all(t.weekday() == 6 and (t.hour, t.minute) == (23, 30) for t in older)
    assert min(left) == datetime(2026, 10, 18, 23, 30)  # the week of 12 Oct: 8 weeks back, this one included
    assert len(left) == 5 + 13 + 5


def test_the_rule_is_stable_what_it_drops_it_never_wanted_later() -> None:
    """Rotating every hour over 70 days keeps exactly what one rotation at the end keeps."""
    times: list[datetime] = []
    alive: list[datetime] = []
    for t in hourly(70):
        alive.append(t)
        alive = survivors(alive, t)
        times.append(t)
    assert alive == survivors(times)


def test_the_last_five_are_kept_however_old() -> None:
    old = [datetime(2026, 1, 1, 9) + timedelta(minutes=m) for m in range(8)]
    assert survivors(old) == old[-5:]


def test_backups_dated_after_now_are_kept() -> None:
    """A clock set back (or a run --as-of an earlier day) never costs a backup."""
    future = [NOW + timedelta(days=d) for d in range(1, 4)]
    past = hourly(3)
    left = survivors(past + future)
    assert set(future) <= set(left)


def test_a_day_with_many_runs_keeps_its_newest_once_past_the_last_five() -> None:
    yesterday = [datetime(2026, 11, 29, 8) + timedelta(minutes=10 * m) for m in range(12)]
    today = [datetime(2026, 11, 30, 9) + timedelta(minutes=m) for m in range(6)]
    left = survivors(yesterday + today)
    assert left == [yesterday[-1], *today[-5:]]


def test_when_made_reads_relative_to_now() -> None:
    assert when_made(datetime(2026, 11, 30, 9, 5), NOW) == "today 09:05"
    assert when_made(datetime(2026, 11, 29, 17, 5), NOW) == "yesterday 17:05"
    assert when_made(datetime(2026, 11, 28, 8, 0), NOW) == "Sat 28 Nov 08:00"
    assert when_made(datetime(2026, 11, 17, 8, 0), NOW) == "Tue 17 Nov 08:00"
    assert when_made(datetime(2026, 11, 16, 8, 0), NOW) == "week of 16 Nov (Mon 16 Nov 08:00)"
    assert when_made(datetime(2026, 10, 23, 18, 0), NOW) == "week of 19 Oct (Fri 23 Oct 18:00)"
    assert when_made(datetime(2025, 12, 31, 18, 0), datetime(2026, 1, 5, 9)) == "Wed 31 Dec 2025 18:00"
