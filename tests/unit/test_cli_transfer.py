"""`nurture import` and `nurture export` as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_cli import AS_OF, CLI
from tests.unit.test_import import FIXTURES


@pytest.fixture
def cli(tmp_path) -> CLI:
    return CLI(tmp_path / "data")


def test_import_reports_what_it_did_and_a_second_run_changes_nothing(cli):
    out = cli.ok("import", str(FIXTURES / "linkedin_connections.csv"), "--as-of", AS_OF)
    assert "(LinkedIn connections): Added 4 contacts, updated 0; 0 already up to date, 1 skipped." in out
    assert "skipped line 8: no name" in out
    names = [c["name"] for c in json.loads(cli.ok("list", "--json"))]
    assert names == ["Ada Lovelace", "José Núñez", "Mallory Formula", "Zoë Müller 🌱"]
    out = cli.ok("import", str(FIXTURES / "linkedin_connections.csv"))
    assert "Added 0 contacts, updated 0; 4 already up to date, 1 skipped." in out


def test_dry_run_says_so_and_writes_nothing(cli):
    cli.ok("add", "Someone")
    out = cli.ok("import", str(FIXTURES / "contacts.csv"), "--dry-run")
    assert "Would add 3 contacts and update 0" in out
    assert "note: columns nurture has no field for, not imported: Birthday, Favourite colour" in out
    assert "Nothing was written (--dry-run)" in out
    assert [c["name"] for c in json.loads(cli.ok("list", "--json"))] == ["Someone"]


def test_a_bad_file_exits_2_naming_line_and_reason_with_nothing_written(cli):
    cli.ok("add", "Someone")
    err = cli.fails("import", str(FIXTURES / "bad_last.csv"))
    assert "bad_last.csv: line 4: email: 'not-an-email' does not look like an email address" in err
    assert "Nothing was imported." in err


def test_format_can_be_forced(cli, tmp_path):
    f = tmp_path / "people.txt"
    f.write_text("Name,Company\nAda,Acme\n")
    out = cli.ok("import", str(f), "--format", "csv")
    assert "(CSV): Added 1 contact" in out
    err = cli.fails("import", str(f), "--format", "vcard")
    assert "line 1: text outside a card" in err


def test_export_to_stdout_and_to_a_private_file(cli, tmp_path):
    cli.ok("add", "Ada Lovelace", "--company", "=cmd")
    out = cli.ok("export", "--format", "csv")
    assert out.startswith('\ufeff"Name"')
    assert '"\'=cmd"' in out
    target = tmp_path / "net.vcf"
    r = cli("export", "--format", "vcard", "-o", str(target))
    assert r.returncode == 0 and "readable only by you" in r.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    assert "FN:Ada Lovelace" in target.read_text()


def test_export_refuses_to_overwrite_without_force(cli, tmp_path):
    cli.ok("add", "Ada")
    target = tmp_path / "net.json"
    target.write_text("keep me")
    err = cli.fails("export", "--format", "json", "-o", str(target))
    assert "exists; choose another name, or add --force to replace it" in err
    assert target.read_text() == "keep me"
    cli.ok("export", "--format", "json", "-o", str(target), "--force")
    assert json.loads(target.read_text())["contacts"][0]["name"] == "Ada"
    err = cli.fails("export", "--format", "json", "-o", str(tmp_path / "no" / "x.json"))
    assert "directory" in err and "does not exist" in err


def test_ics_export_of_the_next_days(cli):
    cli.ok("add", "Ada", "--as-of", "2026-11-01")
    cli.ok("log", "Ada", "--kind", "coffee", "--on", "2026-11-20", "--as-of", AS_OF)
    out = cli.ok("export", "--format", "ics", "--days", "7", "--as-of", AS_OF)
    assert "BEGIN:VCALENDAR" in out and "SUMMARY:thank-you: Ada" in out
    assert cli.fails("export", "--format", "ics", "--days", "-1")


def test_the_import_help_says_how_people_are_matched_and_what_a_match_adds(cli):
    out = " ".join(cli.ok("import", "--help").split())
    assert (
        "matched by vCard UID, then email, then phone, then LinkedIn URL, then name and company when no email, "
        "LinkedIn URL or UID says they are different people" in out
    )
    assert "empty fields are filled, and emails, phones and tags are joined; nothing is overwritten" in out
