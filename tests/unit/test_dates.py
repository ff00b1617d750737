from datetime import date

import pytest

from nurture.domain.dates import FUTURE, PAST, Cadence, ago, parse_date, shift, when
from nurture.domain.errors import InputError

MON = date(2026, 11, 23)  # a Monday
THU = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23", date(2026, 11, 23)),
        ("Nov 23 2026", date(2026, 11, 23)),
        ("23 November 2026", date(2026, 11, 23)),
        ("Nov 2", date(2026, 11, 2)),
        ("today", MON),
        ("Yesterday", date(2026, 11, 22)),
        ("tomorrow", date(2026, 11, 24)),
        ("3d ago", date(2026, 11, 20)),
        ("2 weeks ago", date(2026, 11, 9)),
        ("1 month ago", date(2026, 10, 23)),
        ("in 3 days", date(2026, 11, 26)),
        ("in 1 year", date(2027, 11, 23)),
        ("+2w", date(2026, 12, 7)),
        ("-3d", date(2026, 11, 20)),
        ("+1m", date(2026, 12, 23)),
        ("  next   fri ", date(2026, 11, 27)),
        ("last fri", date(2026, 11, 20)),
        ("next mon", date(2026, 11, 30)),
        ("last monday", date(2026, 11, 16)),
        ("last week", date(2026, 11, 16)),
        ("next month", date(2026, 12, 23)),
        ("this week", MON),
    ],
)
def test_date_forms(text, expected):
    assert parse_date(text, MON) == expected


def test_bare_weekday_is_most_recent_for_past_events_and_coming_for_plans():
    assert parse_date("fri", THU, PAST) == date(2026, 11, 20)
    assert parse_date("fri", THU, FUTURE) == date(2026, 11, 27)
    assert parse_date("thu", THU, PAST) == THU  # today counts as the most recent Thursday
    assert parse_date("thu", THU, FUTURE) == THU


def test_month_arithmetic_clamps_to_month_end():
    assert parse_date("+1m", date(2026, 1, 31)) == date(2026, 2, 28)
    assert Cadence.parse("quarterly").after(date(2026, 11, 30)) == date(2027, 2, 28)


@pytest.mark.parametrize("text", ["banana", "3", "2026-02-30", "2026-13-01", "", "   ", "5 parsecs ago"])
def test_unreadable_dates_name_the_input_and_the_forms(text):
    with pytest.raises(InputError) as e:
        parse_date(text, MON)
    message = str(e.value)
    if text.strip():
        assert repr(text) in message
    assert "2026-11-23" in message or "real date" in message or "unit" in message


def test_calendar_ends_do_not_crash():
    assert parse_date("0001-01-01", MON) == date(1, 1, 1)
    assert parse_date("9999-12-31", MON) == date(9999, 12, 31)
    assert shift(date(9999, 12, 30), 5, "d") == date.max
    assert shift(date(1, 1, 1), -1, "m") == date.min
    assert Cadence.parse("1y").after(date(9999, 6, 1)) == date.max
    assert parse_date("+5y", date(9998, 1, 1)) == date.max


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", Cadence(30, "d")),
        ("2w", Cadence(2, "w")),
        ("3m", Cadence(3, "m")),
        ("1y", Cadence(1, "y")),
        ("6 weeks", Cadence(6, "w")),
        ("every 2 months", Cadence(2, "m")),
        ("weekly", Cadence(1, "w")),
        ("Monthly", Cadence(1, "m")),
        ("quarterly", Cadence(3, "m")),
        ("yearly", Cadence(1, "y")),
    ],
)
def test_cadence_forms(text, expected):
    assert Cadence.parse(text) == expected
    assert Cadence.parse(str(expected)) == expected


@pytest.mark.parametrize("text", ["0d", "often", "11y", "3x", ""])
def test_bad_cadences(text):
    with pytest.raises(InputError, match="cadence"):
        Cadence.parse(text)


def test_cadence_arithmetic_uses_calendar_months():
    assert Cadence(3, "m").after(date(2026, 1, 15)) == date(2026, 4, 15)
    assert Cadence(2, "w").after(date(2026, 1, 15)) == date(2026, 1, 29)
    assert Cadence(3, "m").describe() == "every 3 months"
    assert Cadence(1, "w").describe() == "every week"


def test_relative_wording():
    assert ago(MON, MON) == "today"
    assert ago(date(2026, 11, 11), MON) == "12d ago"
    assert ago(date(2026, 10, 1), MON) == "7w ago"
    assert ago(date(2026, 11, 25), MON) == "in 2d"
    assert ago(None, MON) == "—"
    assert when(3) == "3d overdue" and when(0) == "today" and when(-2) == "in 2d"
