"""Numeric dates read the way the user writes them: dotted dates are day first everywhere,
slashed ones follow the date-order setting (else the locale's territory, else month first), and
the shell says the day it understood."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from nurture.domain.dates import DMY, FUTURE, MDY, PAST, locale_date_order, order_of_locale, parse_date, spoken
from nurture.domain.errors import InputError
from nurture.domain.models import Settings
from nurture.domain.stored import FieldError
from nurture.services import Nurture
from tests.guard import guarded_env

TODAY = date(2026, 12, 10)


@pytest.mark.parametrize("order", [DMY, MDY, ""])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04.12.2026", date(2026, 12, 4)),
        ("4.12.2026", date(2026, 12, 4)),
        ("04.12.26", date(2026, 12, 4)),
        ("04.12.", date(2026, 12, 4)),
        ("04.12", date(2026, 12, 4)),
        ("2026/12/04", date(2026, 12, 4)),
        ("2026.12.04", date(2026, 12, 4)),
    ],
)
def test_dotted_and_year_first_dates_mean_the_same_in_every_order(text, expected, order):
    assert parse_date(text, TODAY, PAST, order) == expected


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("04/12/2026", DMY, date(2026, 12, 4)),
        ("04/12/2026", MDY, date(2026, 4, 12)),
        ("04/12/2026", "", date(2026, 4, 12)),  # no setting and no locale: month first
        ("4/12/26", DMY, date(2026, 12, 4)),
        ("04-12-2026", DMY, date(2026, 12, 4)),
        ("04-12-2026", MDY, date(2026, 4, 12)),
        ("12/4", MDY, date(2026, 12, 4)),
        ("13/12/2026", MDY, date(2026, 12, 13)),  # only one reading is a real date
        ("12/13/2026", DMY, date(2026, 12, 13)),
    ],
)
def test_slashed_dates_follow_the_order(text, order, expected):
    assert parse_date(text, TODAY, PAST, order) == expected


@pytest.mark.parametrize("text", ["31.02.2026", "31/02/2026", "13/13/2026", "00.12.2026", "04.12.20266"])
def test_numeric_dates_that_are_no_day_are_refused(text):
    with pytest.raises(InputError, match=r"not a real date|cannot read date"):
        parse_date(text, TODAY, PAST, DMY)


def test_a_two_digit_year_is_the_nearest_century():
    assert parse_date("01.01.99", TODAY) == date(1999, 1, 1)
    assert parse_date("01.01.30", TODAY) == date(2030, 1, 1)


def test_spoken_names_the_day_without_ambiguity():
    assert spoken(date(2026, 12, 4)) == "Fri 4 Dec 2026"


@pytest.mark.parametrize(
    ("name", "order"),
    [
        ("en_GB.UTF-8", DMY),
        ("de_DE", DMY),
        ("fr_FR.ISO-8859-1@euro", DMY),
        ("pt_BR.utf8", DMY),
        ("en_US.UTF-8", MDY),
        ("en_PH", MDY),
        ("C.UTF-8", ""),
        ("POSIX", ""),
        ("", ""),
        ("C", ""),
    ],
)
def test_the_locale_territory_gives_the_default(name, order):
    assert order_of_locale(name) == order


def test_the_locale_is_read_as_posix_says():
    assert locale_date_order({"LANG": "en_US.UTF-8"}) == MDY
    assert locale_date_order({"LANG": "en_US.UTF-8", "LC_TIME": "en_GB.UTF-8"}) == DMY
    assert locale_date_order({"LC_ALL": "en_US.UTF-8", "LC_TIME": "en_GB.UTF-8"}) == MDY
    assert locale_date_order({}) == ""


def test_the_setting_is_kept_and_checked(service):
    assert Settings().date_order == ""
    assert Settings.from_dict({"date_order": "dmy"}).date_order == DMY
    with pytest.raises(FieldError):
        Settings.from_dict({"date_order": "ymd"})
    with pytest.raises(InputError, match="date_order"):
        service.update_settings(date_order="ymd")


def test_the_service_reads_with_the_setting_else_the_locale(data_dir, clock):
    from nurture.store import Repository

    service = Nurture(Repository(data_dir, now=clock.now).open(), today=lambda: TODAY, now=clock.now, date_order=DMY)
    assert service.date_order() == DMY
    assert service.read_date("04/12/2026") == date(2026, 12, 4)
    service.update_settings(date_order=MDY)
    assert service.date_order() == MDY
    assert service.read_date("04/12/2026", FUTURE) == date(2026, 4, 12)


def shell(data_dir, *args: str, locale: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = guarded_env(PYTHONIOENCODING="utf-8", LC_ALL=locale, LANG=locale)
    env.pop("LC_TIME", None)
    env.pop("NURTURE_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_the_shell_reads_dates_in_the_locales_order_and_says_the_day(tmp_path):
    d = tmp_path / "data"
    assert shell(d, "add", "Ada Park").returncode == 0
    r = shell(d, "log", "ada", "--kind", "coffee", "--on", "04.12.2026", "--as-of", "2026-12-10")
    assert "Logged coffee with Ada Park on Fri 4 Dec 2026." in r.stdout, r.stderr
    r = shell(d, "log", "ada", "--kind", "email", "--on", "04/12/2026", "--as-of", "2026-12-10", locale="en_GB.UTF-8")
    assert "Logged email with Ada Park on Fri 4 Dec 2026." in r.stdout, r.stderr
    r = shell(d, "log", "ada", "--kind", "email", "--on", "04/12/2026", "--as-of", "2026-12-10", locale="en_US.UTF-8")
    assert "Logged email with Ada Park on Sun 12 Apr 2026." in r.stdout, r.stderr
    r = shell(d, "followup", "ada", "--on", "12/20/2026", "--what", "send the deck", "--as-of", "2026-12-10")
    assert "Follow-up with Ada Park on Sun 20 Dec 2026: send the deck" in r.stdout, r.stderr
    r = shell(d, "snooze", "ada", "--until", "05.01.2027", "--as-of", "2026-12-10")
    assert "Ada Park is snoozed until Tue 5 Jan 2027." in r.stdout, r.stderr


def test_the_date_order_setting_beats_the_locale(tmp_path):
    d = tmp_path / "data"
    shell(d, "add", "Ada Park")
    r = shell(d, "settings", "--date-order", "dmy", locale="en_US.UTF-8")
    assert r.returncode == 0 and "day first" in r.stdout, r.stderr
    r = shell(d, "log", "ada", "--kind", "email", "--on", "04/12/2026", "--as-of", "2026-12-10", locale="en_US.UTF-8")
    assert "on Fri 4 Dec 2026." in r.stdout, r.stderr
    r = shell(d, "--as-of", "10/12/2026", "queue", "--json", locale="en_US.UTF-8")  # --as-of too
    assert r.returncode == 0 and json.loads(r.stdout) == [], r.stderr
    r = shell(d, "settings", "--date-order", "auto", locale="en_US.UTF-8")
    assert "month first" in r.stdout and "from your locale" in r.stdout, r.stderr
    r = shell(d, "settings", "--date-order", "ymd")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_a_follow_up_in_the_past_is_refused_naming_the_day_understood(tmp_path):
    d = tmp_path / "data"
    shell(d, "add", "Ada Park")
    r = shell(d, "followup", "ada", "--on", "01/12/2026", "--what", "x", "--as-of", "2026-12-10")
    assert r.returncode == 2
    assert "Mon 12 Jan 2026 is in the past" in r.stderr, r.stderr  # month first: 12 January
    r = shell(d, "followup", "ada", "--on", "yesterday", "--what", "x", "--as-of", "2026-12-10")
    assert r.returncode == 2 and "Wed 9 Dec 2026 is in the past" in r.stderr
    assert shell(d, "followup", "ada", "--on", "today", "--what", "x", "--as-of", "2026-12-10").returncode == 0


def test_the_service_refuses_a_follow_up_in_the_past(service, clock):
    ada = service.add_contact("Ada Park")
    with pytest.raises(InputError, match=r"Sun 22 Nov 2026 is in the past"):
        service.add_followup(ada.id, date(2026, 11, 22), "too late")
    service.add_followup(ada.id, clock.today(), "today is fine")


def test_an_imported_last_contact_reads_in_the_users_order(service, tmp_path):
    service.update_settings(date_order=DMY)
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Last contact\nAda Park,04/11/2026\nBo Lind,20.11.2026\n")
    service.import_file(csv)
    network = service.network()
    last = {c.name: network.last_contact(c.id) for c in network.contacts.values()}
    assert last == {"Ada Park": date(2026, 11, 4), "Bo Lind": date(2026, 11, 20)}
