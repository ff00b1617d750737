"""`nurture edit` and `nurture config` as a user runs them: a real subprocess, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.test_cli import CLI


@pytest.fixture
def cli(tmp_path: Path) -> CLI:
    cli = CLI(tmp_path / "data")
    cli.ok("add", "Maya Chen", "--role", "Designer", "--company", "Figma", "--email", "maya@figma.com")
    return cli


def maya(cli: CLI) -> dict:
    return next(c for c in json.loads(cli.ok("list", "--json")) if c["name"] == "Maya Chen")


def test_edit_changes_the_fields_given_and_says_what_changed(cli):
    out = cli.ok("edit", "maya", "--role", "Staff Designer", "--every", "6w", "--tags", "design, mentor")
    assert out.strip() == (
        "Maya Chen: role 'Designer' → 'Staff Designer'; tags (none) → 'design, mentor'; cadence (none) → '6w'"
    )
    m = maya(cli)
    assert (m["role"], m["company"], m["tags"]) == ("Staff Designer", "Figma", ["design", "mentor"])
    assert m["cadence_days"] == 42
    assert m["email"] == "maya@figma.com"  # left alone


def test_edit_every_other_field(cli):
    cli.ok(
        "edit", "maya", "--name", "Maya Chen-Li", "--email", "m@x.io", "--email", "maya@figma.com",
        "--phone", "+1 555 0100", "--linkedin", "https://www.linkedin.com/in/mayachen", "--stage", "met",
        "--notes", "likes tea", "--how-met", "a meetup", "--location", "Berlin", "--industry", "Software",
    )  # fmt: skip
    m = next(c for c in json.loads(cli.ok("list", "--json")) if c["name"] == "Maya Chen-Li")
    assert m["emails"] == ["m@x.io", "maya@figma.com"] and m["phones"] == ["+1 555 0100"]
    assert (m["stored_stage"], m["notes"], m["how_met"], m["location"], m["industry"]) == (
        "met", "likes tea", "a meetup", "Berlin", "Software",
    )  # fmt: skip
    assert "linkedin.com/in/mayachen" in m["linkedin"]


def test_edit_with_nothing_given_says_so(cli):
    out = cli.ok("edit", "maya")
    assert "Nothing to change for Maya Chen" in out
    assert "nothing changed" in cli.ok("edit", "maya", "--role", "Designer")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--email", "not-an-address"], "does not look like an email address"),
        (["--every", "sometimes"], "cannot read cadence 'sometimes'"),
        (["--name", "  "], "name"),
    ],
)
def test_edit_refuses_bad_input_and_saves_nothing(cli, args, said):
    assert said in cli.fails("edit", "maya", "--role", "Lead", *args)
    assert maya(cli)["role"] == "Designer"


def test_edit_who_introduced_them(cli):
    cli.ok("add", "Bo Lind")
    assert cli.ok("edit", "maya", "--referred-by", "bo").strip() == "Maya Chen: introduced by (none) → 'Bo Lind'"
    assert "a contact cannot have introduced themselves" in cli.fails("edit", "maya", "--referred-by", "maya")
    assert cli.ok("edit", "maya", "--referred-by", "").strip() == "Maya Chen: introduced by 'Bo Lind' → (none)"


def test_edit_of_nobody_is_refused(cli):
    cli.fails("edit", "nobody at all", "--role", "x")


def test_config_lists_every_setting_with_its_value_and_default(cli):
    out = cli.ok("config")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["KEY", "VALUE", "DEFAULT"]
    keys = [line.split()[0] for line in lines[1:11]]
    assert keys == [
        "weekly-goal", "outreach-cap", "default-cadence", "nudge-after", "thank-you-within",
        "report-back-within", "week-starts", "date-order", "my-name", "my-goal",
    ]  # fmt: skip
    assert lines[7].split()[:3] == ["week-starts", "monday", "monday"]


def test_config_sets_a_value_and_resets_it(cli):
    assert cli.ok("config", "week-starts", "sunday").strip() == "week-starts: 'monday' → 'sunday'"
    assert cli.ok("config", "nudge-after", "3").strip() == "nudge-after: '7' → '3'"
    cli.ok("config", "my-name", "Sam Lee")
    listed = {line.split()[0]: line.split()[1:3] for line in cli.ok("config").splitlines()[1:11]}
    assert listed["week-starts"] == ["sunday", "monday"] and listed["nudge-after"] == ["3", "7"]
    assert listed["my-name"] == ["Sam", "Lee"]
    assert cli.ok("config", "week-starts", "--reset").strip() == "week-starts: 'sunday' → 'monday'"
    review = json.loads(cli.ok("review", "--format", "json", "--as-of", "2026-11-25"))
    assert review["week_start"] == "2026-11-23"


def test_the_week_setting_moves_the_review_week(cli):
    cli.ok("config", "week-starts", "sun")
    review = json.loads(cli.ok("review", "--format", "json", "--as-of", "2026-11-25"))
    assert review["week_start"] == "2026-11-22"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["nudge-after", "999"], "nudge-after: '999' is not a number of days from 1 to 365"),
        (["weekly-goal", "0"], "weekly-goal: '0' is not a number of conversations from 1 to 1000"),
        (["outreach-cap", "0"], "outreach-cap: '0' is not a number of reach-outs from 1 to 1000"),
        (["weekly-goal", "lots"], "weekly-goal: 'lots' is not a number"),
        (["week-starts", "someday"], "not a day of the week"),
        (["date-order", "ymd"], "not a date order"),
        (["default-cadence", "sometimes"], "cannot read cadence"),
        (["colour", "blue"], "no setting 'colour'"),
        (["weekly-goal", "3", "--reset"], "give weekly-goal a value"),
        (["weekly-goal", "3", "--reset"], "not both"),
        (["--reset"], "give the setting to change"),
    ],
)
def test_config_refuses_bad_input_and_saves_nothing(cli, args, said):
    assert said in cli.fails("config", *args)


def test_edit_refuses_a_name_another_contact_has_and_config_refuses_odd_digits(cli):
    cli.ok("add", "Omar Haddad")
    assert "maya chen" in cli.fails("edit", "omar", "--name", "maya chen").casefold()
    assert "is not a number" in cli.fails("config", "weekly-goal", "²")


def test_edit_stage_sets_it_by_hand_even_where_the_rules_show_dormant(cli):
    cli.ok("add", "Peter Novak")
    cli.ok("log", "peter", "--kind", "outreach", "--on", "30 days ago")
    cli.ok("log", "peter", "--kind", "nudge", "--on", "20 days ago")
    assert next(c for c in json.loads(cli.ok("list", "--json")) if c["name"] == "Peter Novak")["stage"] == "dormant"
    assert "stage 'dormant' → 'requested'" in cli.ok("edit", "peter", "--stage", "requested")
    assert next(c for c in json.loads(cli.ok("list", "--json")) if c["name"] == "Peter Novak")["stage"] == "requested"


def test_config_with_a_key_alone_says_its_value_and_default(cli):
    said = cli.ok("config", "weekly-goal").strip()
    assert said == "weekly-goal is 2 (default 2): conversations a week, the review's aim"
