"""The ends of the calendar (0001-01-01 and 9999-12-31): every command answers, a due date past
the end is the last day, and what cannot fit (sample data years before 0001) is refused with a
message saying which dates work. Never an OverflowError."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nurture.demo import seed_demo
from nurture.domain.errors import InputError
from nurture.domain.models import Contact, Interaction
from nurture.domain.network import Network
from nurture.domain.review import review_week
from nurture.store import Repository
from tests.unit.test_validation import run

END = "9999-12-31"


def shell(data: Path, *argv: str) -> str:
    code, out, err = run("--data-dir", str(data), *argv)
    assert code == 0, (argv, out, err)
    assert "Traceback" not in err
    return out


@pytest.fixture
def at_the_end(tmp_path: Path) -> Path:
    """Ann met on the last day of the calendar, with a follow-up that day."""
    data = tmp_path / "data"
    shell(data, "add", "Ann Lee", "--every", "10y")
    shell(data, "log", "ann", "--kind", "coffee", "--on", END, "--as-of", END)
    shell(data, "followup", "ann", "--on", END, "--what", "x", "--as-of", "9999-12-20")
    return data


def test_the_queue_and_the_review_at_the_end_of_the_calendar(at_the_end):
    out = shell(at_the_end, "queue", "--as-of", END)
    assert "thank-you" in out and "follow-up" in out
    shell(at_the_end, "queue", "--as-of", END, "--within", "3650", "--json")
    shell(at_the_end, "queue")
    shell(at_the_end, "review", "--as-of", END)
    shell(at_the_end, "list", "--as-of", END)


@pytest.mark.parametrize("as_of", [END, "9999-12-20", "9999-12-01"])
def test_the_calendar_export_of_items_due_on_the_last_day(at_the_end, tmp_path, as_of):
    target = tmp_path / f"queue-{as_of}.ics"
    code, _, err = run(
        "--data-dir", str(at_the_end), "export", "--format", "ics", "--days", "30", "--as-of", as_of, "-o", str(target)
    )
    assert code == 0, err
    text = target.read_text()
    assert "DTSTART;VALUE=DATE:99991231" in text
    assert "follow-up: Ann Lee" in text


def test_the_weekly_plan_at_the_end_of_the_calendar_lists_each_day_once():
    ann = Contact("c-1", "Ann Lee", stage="met")
    network = Network.of([ann], [Interaction("i-1", "c-1", date(9999, 12, 30), "coffee")])
    review = review_week(network, date.max, date.max)
    days = [day for day, _ in review.plan]
    assert len(days) == len(set(days)) and days[0] == date.max
    planned = [item.reason for _, items in review.plan for item in items]
    assert sorted(planned) == ["thank-you", "touch-base"]  # each once


@pytest.mark.parametrize("today", [date(1, 1, 1), date(1, 3, 1), date(9999, 12, 31), date(9999, 12, 25)])
def test_the_demo_too_near_an_end_is_refused_saying_which_dates_work(tmp_path, today):
    repo = Repository(tmp_path / "data").open()
    with pytest.raises(InputError) as e:
        seed_demo(repo, today)
    assert "--as-of" in str(e.value) and "0002-01-01" in str(e.value) and "9999-11-30" in str(e.value)
    assert not (tmp_path / "data" / "contacts.json").exists()


@pytest.mark.parametrize("today", [date(2, 1, 1), date(9999, 11, 30)])
def test_the_demo_works_up_to_those_dates(tmp_path, today):
    repo = Repository(tmp_path / "data").open()
    seed_demo(repo, today)
    assert len(Repository(tmp_path / "data").load().contacts) == 40


@pytest.mark.parametrize("as_of", ["0001-01-01", END])
def test_seed_too_near_an_end_is_refused(tmp_path, as_of):
    data = tmp_path / "data"
    code, _, err = run("--data-dir", str(data), "seed", "--contacts", "5", "--interactions", "10", "--as-of", as_of)
    assert code == 2 and "Traceback" not in err
    assert "--as-of" in err and "0005-01-01" in err and "9999-10-31" in err
    assert not data.exists()


def test_logging_and_snoozing_at_the_first_day(tmp_path):
    data = tmp_path / "data"
    shell(data, "add", "Bo")
    out = shell(data, "log", "bo", "--kind", "outreach", "--on", "0001-01-01", "--as-of", "0001-01-01")
    assert "on Mon 1 Jan 0001" in out and "due 0001-01-08" in out  # years before 1000 in four digits
    assert "0001-01-08" in shell(data, "queue", "--as-of", "0001-01-01", "--within", "30")
    shell(data, "snooze", "bo", "--until", END, "--as-of", "0001-01-01")
    shell(data, "review", "--as-of", "0001-01-01")
    shell(data, "review", "--as-of", "0001-01-01", "--week", "last week")
