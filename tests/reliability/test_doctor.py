"""`nurture doctor` and `nurture restore`, through the command line."""

from __future__ import annotations

import json

import orjson

from nurture.store.backups import list_backups
from tests.unit.test_cli import CLI, snapshot


def _cli(tmp_path) -> CLI:
    return CLI(tmp_path / "data")


def test_doctor_reports_a_healthy_directory_and_its_backups(tmp_path):
    cli = _cli(tmp_path)
    cli.ok("add", "Ada")
    cli.ok("add", "Bob")
    out = cli.ok("doctor")
    assert "contacts.json" in out and "ok, 2 records" in out and "All good." in out
    assert "Backups, newest first:" in out


def test_doctor_finds_damage_and_broken_references_without_changing_anything(tmp_path):
    cli = _cli(tmp_path)
    cli.ok("add", "Ada")
    cli.ok("log", "ada", "--kind", "email")
    contacts = cli.data_dir / "contacts.json"
    doc = orjson.loads(contacts.read_bytes())
    doc["contacts"] = {}
    contacts.write_bytes(orjson.dumps(doc))  # the interaction now points at nobody
    out = cli.fails("doctor", code=1)
    r = cli("doctor")
    assert "refers to a missing contact" in r.stdout and "Problems found" in r.stdout
    contacts.write_bytes(b"\x00garbage")
    r = cli("doctor")
    assert r.returncode == 1 and "damaged" in r.stdout and "not valid JSON" in r.stdout
    assert out == ""


def test_restore_puts_a_backup_back_and_keeps_the_current_state(tmp_path):
    cli = _cli(tmp_path)
    cli.ok("add", "Ada")
    cli.ok("add", "Bob")  # this run backs up the state with Ada only
    before = snapshot(cli.data_dir)
    (cli.data_dir / "contacts.json").write_bytes(b"")  # damage
    backups = [p.name for p in list_backups(cli.data_dir)]
    out = cli.ok("restore", backups[-1])
    assert f"Restored {backups[-1]}: 1 contact, 0 interactions. Before: unreadable; that state is kept as backup" in out
    names = [c["name"] for c in json.loads(cli.ok("list", "--json"))]
    assert names == ["Ada"]
    kept = list_backups(cli.data_dir)[-1]
    assert (kept / "contacts.json").read_bytes() == b""  # the damaged state is kept, not lost
    assert before  # sanity


def test_restore_refuses_an_unknown_or_damaged_backup(tmp_path):
    cli = _cli(tmp_path)
    cli.ok("add", "Ada")
    cli.ok("add", "Bob")
    err = cli.fails("restore", "nonsense")
    assert "'nonsense' is not a backup" in err
    (backup,) = list_backups(cli.data_dir)
    (backup / "contacts.json").unlink()
    (backup / "contacts.json").write_bytes(b"{")
    err = cli.fails("restore", backup.name, code=1)
    assert "not valid JSON" in err
