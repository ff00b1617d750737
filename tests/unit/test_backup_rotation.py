"""Backups kept by age: rotation keeps the folders the retention rule names and removes the
objects no kept backup links to; `nurture doctor` lists them by date; `nurture restore
--before WHEN` puts back the newest one made before WHEN."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from nurture.cli import main
from nurture.domain.retention import when_made
from nurture.store.backups import list_backups, make_backup

NOW = datetime(2026, 11, 30, 10, 30)  # a Monday


def _write(data: Path, text: str) -> Path:
    data.mkdir(parents=True, exist_ok=True)
    f = data / "contacts.json"
    f.write_text(text)
    return f


def _objects(data: Path) -> set[str]:
    return {p.name for p in (data / "backups" / "objects").iterdir()}


def test_rotation_keeps_runs_days_and_weeks_and_removes_unlinked_objects(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made: dict[str, str] = {}  # backup name → the content it holds
    for back in range(60, -1, -1):  # one backup a day at 09:00 for 60 days, each a new content
        at = NOW.replace(hour=9, minute=0) - timedelta(days=back)
        text = f"content of {at:%d %b}"
        f = _write(data, text)
        backup = make_backup(data, [f], at)
        assert backup is not None
        made[backup.name] = text
    names = [b.name for b in list_backups(data)]
    # the 14 days (the last five runs among them), and one a week (Sunday) for the 5 weeks before
    days = [(NOW - timedelta(days=d)).strftime("%Y%m%d-090000-01") for d in range(13, -1, -1)]
    weeks = [datetime(2026, 10, d).strftime("%Y%m%d-090000-01") for d in (18, 25)] + [
        datetime(2026, 11, d).strftime("%Y%m%d-090000-01") for d in (1, 8, 15)
    ]
    assert names == weeks + days
    # every object left is one a kept backup holds; the dropped backups' contents are gone
    assert _objects(data) == {hashlib.sha256(made[n].encode()).hexdigest() for n in names}


def test_a_restore_keeps_the_backup_it_restores_even_when_the_rule_drops_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    f = _write(data, "old")
    old = make_backup(data, [f], NOW - timedelta(days=100))
    for m in range(5):
        _write(data, f"new {m}")
        make_backup(data, [f], NOW + timedelta(minutes=m), spare=old)
    assert old in list_backups(data)
    _write(data, "newer")
    make_backup(data, [f], NOW + timedelta(minutes=10))
    assert old not in list_backups(data)


def test_the_state_before_a_restore_outlives_a_day_of_runs_and_restores(tmp_path: Path) -> None:
    """Several restores (and runs) in one day: the backup each restore made of the state it
    replaced stays for 14 days, though the newest of the day and the last 5 runs are others."""
    data = tmp_path / "data"
    f = _write(data, "the real state, before any restore")
    first = make_backup(data, [f], NOW, before="restore")
    for m in range(1, 9):
        _write(data, f"run {m}")
        make_backup(data, [f], NOW + timedelta(minutes=m), before="restore" if m % 3 == 0 else "")
    kept = list_backups(data)
    assert first in kept
    assert (first / "contacts.json").read_text() == "the real state, before any restore"
    later = NOW + timedelta(days=14)
    for m in range(6):
        _write(data, f"two weeks on {m}")
        make_backup(data, [f], later + timedelta(minutes=m))
    assert first not in list_backups(data)  # 14 days on, the rule alone decides


def test_a_folder_named_like_a_backup_but_no_real_moment_is_left_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    f = _write(data, "x")
    odd = data / "backups" / "20261399-250000-01"  # looks like one; is no date
    odd.mkdir(parents=True)
    for m in range(7):
        _write(data, f"x{m}")
        make_backup(data, [f], NOW + timedelta(minutes=m))
    assert odd.is_dir()


# --- the shell ------------------------------------------------------------------------------


def run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


def _names_in(data: Path) -> list[str]:
    return sorted(c["name"] for c in json.loads((data / "contacts.json").read_text())["contacts"].values())


@pytest.fixture
def history(tmp_path: Path, capsys: pytest.CaptureFixture) -> tuple[Path, dict[int, Path]]:
    """A data directory with backups made 40, 20 and 3 days ago (each holding one more person),
    and the runs of today that made the current state."""
    data = tmp_path / "data"
    now = datetime.now()
    by_age: dict[int, Path] = {}
    for n, days in enumerate((40, 20, 3)):
        assert run(data, "add", f"Person {n}") == 0
        backup = make_backup(data, [data / "contacts.json"], now - timedelta(days=days))
        assert backup is not None
        by_age[days] = backup
    assert run(data, "add", "Person 3") == 0  # this run's backup holds persons 0 to 2
    capsys.readouterr()
    return data, by_age


def test_doctor_lists_backups_by_date(history, capsys: pytest.CaptureFixture) -> None:
    data, by_age = history
    now = datetime.now()
    assert run(data, "doctor") == 0
    out = capsys.readouterr().out
    assert "Backups, newest first:\n" in out
    assert "kept: the last 5 runs, one a day for 14 days, one a week for 8 weeks" in out
    assert " on disk" in out
    lines = [line.split() for line in out.splitlines()]
    for days, backup in by_age.items():
        made = datetime.strptime(backup.name[:15], "%Y%m%d-%H%M%S")
        label = when_made(made, now)
        row = next(line for line in out.splitlines() if backup.name in line)
        assert row.strip().startswith(label), row
        if days > 14:
            assert label.startswith("week of ")
    # the run that added Person 3 found the state the 3-day-old backup holds: no second copy
    assert not any(line[:1] == ["today"] for line in lines)
    assert run(data, "add", "Person 4") == 0  # this run's backup holds persons 0 to 3: new
    assert run(data, "doctor") == 0
    assert any(line.split()[:1] == ["today"] for line in capsys.readouterr().out.splitlines())


def test_a_run_that_finds_the_newest_backups_state_makes_no_copy_of_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    f = _write(data, "state A")
    first = make_backup(data, [f], NOW)
    again = make_backup(data, [f], NOW + timedelta(minutes=1))
    assert again == first and list_backups(data) == [first]
    assert make_backup(data, [f], NOW + timedelta(minutes=2), before="restore") == first
    assert json.loads((first / "manifest.json").read_text())["before"] == "restore"  # kept 14 days
    _write(data, "state B")
    assert make_backup(data, [f], NOW + timedelta(minutes=3)) != first
    assert len(list_backups(data)) == 2


def test_restore_before_puts_back_the_newest_backup_made_before_then(history, capsys) -> None:
    data, by_age = history
    assert run(data, "restore", "--before", "2 days ago") == 0
    out = capsys.readouterr().out
    assert f"Restored {by_age[3].name}" in out
    assert _names_in(data) == ["Person 0", "Person 1", "Person 2"]
    assert run(data, "restore", "--before", "4 weeks ago") == 0
    assert f"Restored {by_age[40].name}" in capsys.readouterr().out
    assert _names_in(data) == ["Person 0"]
    # the states restored over are backups of their own: nothing is lost
    assert run(data, "restore", "--before", "now") == 0
    assert _names_in(data) == ["Person 0", "Person 1", "Person 2"]


def test_restore_before_reads_hours_and_minutes_ago(history, capsys) -> None:
    data, by_age = history  # the runs of today made their backups moments ago
    assert run(data, "restore", "--before", "1 hour ago") == 0
    assert f"Restored {by_age[3].name}" in capsys.readouterr().out
    for when in ("90 min ago", "1h ago", "5 minutes ago", "2 HOURS AGO"):
        assert run(data, "restore", "--before", when) == 0, when


def test_clock_ago_reads_hours_and_minutes_and_leaves_days_to_dates() -> None:
    from nurture.domain.appointments import clock_ago

    at = datetime(2026, 11, 30, 10, 30)
    assert clock_ago("1 hour ago", at) == datetime(2026, 11, 30, 9, 30)
    assert clock_ago("90 min ago", at) == datetime(2026, 11, 30, 9, 0)
    assert clock_ago("1h ago", at) == datetime(2026, 11, 30, 9, 30)
    assert clock_ago("2 days ago", at) is None and clock_ago("yesterday", at) is None


def test_restore_before_refuses_when_no_backup_is_that_old(history, capsys) -> None:
    data, by_age = history
    before, kept = (data / "contacts.json").read_bytes(), list_backups(data)
    assert run(data, "restore", "--before", "60 days ago") == 2
    err = capsys.readouterr().err
    assert "no backup was made before" in err and "the oldest is from week of" in err
    assert (data / "contacts.json").read_bytes() == before
    assert run(data, "restore", "--before", "in 3 days") == 2
    assert "is in the future" in capsys.readouterr().err
    assert run(data, "restore") == 2
    assert "--before WHEN" in capsys.readouterr().err
    assert run(data, "restore", by_age[3].name, "--before", "yesterday") == 2
    assert "not both" in capsys.readouterr().err
    assert run(data, "restore", "--before", "the day I broke it") == 2
    assert (data / "contacts.json").read_bytes() == before
    assert list_backups(data) == kept


def test_restore_before_with_no_backups_at_all(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert run(data, "restore", "--before", "yesterday") == 2
    assert "there are no backups yet" in capsys.readouterr().err
