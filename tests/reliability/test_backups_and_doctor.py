"""Backups independent of the live files; nothing followed through a link; a damaged file never
rewritten; a read-only directory still readable; and `doctor` finding each kind of damage
(and no false alarm after question prep, meeting mode or booking)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import orjson
import pytest

from nurture.store.backups import list_backups
from tests.unit.test_cli import CLI, snapshot


@pytest.fixture
def cli(tmp_path: Path) -> CLI:
    return CLI(tmp_path / "data")


def _two_runs(cli: CLI) -> None:
    cli.ok("add", "Ada Lovelace", "--company", "Analytical")
    cli.ok("log", "ada", "--kind", "coffee", "--note", "engines")
    cli.ok("add", "Bob Byte")  # this run backs up Ada and her note


# --- backups ----------------------------------------------------------------------------------


def test_truncating_a_live_file_leaves_every_backup_restorable(cli):
    _two_runs(cli)
    live = cli.data_dir / "contacts.json"
    live.write_bytes(b"")  # `: > contacts.json`: an in-place edit of the live file
    for backup in list_backups(cli.data_dir):
        copy = backup / "contacts.json"
        assert copy.stat().st_size > 0 and copy.stat().st_ino != live.stat().st_ino
    r = cli("doctor")
    assert r.returncode == 1 and "contacts.json         damaged" in r.stdout  # the live file
    listed = r.stdout.split("Backups, newest first:\n")[1].splitlines()[:2]
    assert len(listed) == 2 and all(line.endswith("intact") for line in listed), listed  # not the backups
    cli.ok("restore", list_backups(cli.data_dir)[-1].name)
    names = [c["name"] for c in json.loads(cli.ok("list", "--json"))]
    assert names == ["Ada Lovelace"]


def test_backups_share_one_copy_per_distinct_content(cli):
    cli.ok("add", "Ada")
    cli.ok("log", "ada", "--kind", "email")
    for _ in range(3):
        cli.ok("add", "--allow-duplicate", "Someone")  # each run backs up; the shard is unchanged
    objects = list((cli.data_dir / "backups" / "objects").iterdir())
    backups = list_backups(cli.data_dir)
    assert len(backups) == 4
    files_in_backups = sum(1 for b in backups for p in b.rglob("*.json") if p.name != "manifest.json")
    assert len(objects) < files_in_backups  # unchanged files are stored once
    assert all(stat.S_IMODE(o.stat().st_mode) == 0o600 for o in objects)


def test_a_damaged_backup_is_named_by_doctor_and_refused_by_restore(cli):
    _two_runs(cli)
    (backup,) = list_backups(cli.data_dir)[-1:]
    copy = backup / "contacts.json"
    with open(copy, "r+b") as fh:  # an in-place edit of the backup (a bad sector, an editor)
        fh.seek(5)
        fh.write(b"X")
    r = cli("doctor")
    assert r.returncode == 1
    assert f"backup {backup.name} is damaged" in r.stdout and "changed after the backup was made" in r.stdout
    err = cli.fails("restore", backup.name, code=1)
    assert "damaged" in err and "Nothing was changed" in err


def test_rotation_deletes_only_what_nurture_made(cli):
    cli.ok("add", "Ada")
    cli.ok("add", "--allow-duplicate", "Ada")
    keep = cli.data_dir / "backups" / "0 my notes"  # sorts before every backup
    keep.mkdir()
    (keep / "important.txt").write_text("mine")
    for _ in range(7):
        cli.ok("add", "--allow-duplicate", "Ada")
    assert len(list_backups(cli.data_dir)) == 5
    assert (keep / "important.txt").read_text() == "mine"


# --- links ------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["backups", "drafts", "interactions"])
def test_a_folder_that_is_a_link_is_refused_and_what_it_points_at_is_untouched(cli, tmp_path, folder):
    cli.ok("add", "Ada")
    cli.ok("log", "ada", "--kind", "email")
    mine = tmp_path / "my-folder"
    for sub in ("a", "b", "c", "20261101-101010-01"):
        (mine / sub).mkdir(parents=True)
        (mine / sub / "keep.txt").write_text(sub)
    os.chmod(mine, 0o755)
    target = cli.data_dir / folder
    if target.exists():
        import shutil

        shutil.rmtree(target)
    target.symlink_to(mine)
    if folder == "drafts":
        r = cli("add", "Bob")  # a draft write needs the dashboard; the check is shared: doctor
        r = cli("doctor")
        assert r.returncode == 1 and "symbolic link" in r.stdout
    else:
        r = cli("add", "Bob")
        assert r.returncode == 1, r.stdout
        assert "symbolic link" in r.stderr and str(target) in r.stderr
    assert stat.S_IMODE(mine.stat().st_mode) == 0o755
    assert sorted(p.name for p in mine.iterdir()) == ["20261101-101010-01", "a", "b", "c"]
    assert all((mine / s / "keep.txt").exists() for s in ("a", "b", "c", "20261101-101010-01"))


def test_a_lock_that_is_a_link_is_refused(cli, tmp_path):
    cli.ok("add", "Ada")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock = cli.data_dir / ".lock"
    lock.unlink()
    lock.symlink_to(victim)
    r = cli("add", "Bob")
    assert r.returncode == 1 and "not a plain file" in r.stderr
    assert victim.read_text() == "precious"


def test_a_write_through_a_draft_link_is_refused(tmp_path):
    from nurture.store import DataFileError, Repository

    repo = Repository(tmp_path / "data").open()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "data" / "drafts").symlink_to(elsewhere)
    with pytest.raises(DataFileError, match="symbolic link"):
        repo.write_private("drafts/ada-thank-you.txt", "hello")
    assert list(elsewhere.iterdir()) == []


# --- damaged files are refused on every write path ----------------------------------------------


def test_mark_reviewed_never_rewrites_a_damaged_reviews_file(cli):
    cli.ok("add", "Ada")
    cli.ok("review", "--mark-reviewed", "--week", "2026-11-09")
    reviews = cli.data_dir / "reviews.json"
    doc = orjson.loads(reviews.read_bytes())
    (rid,) = doc["reviews"]
    doc["reviews"][rid]["reviewed_on"] = "not a date"
    reviews.write_bytes(orjson.dumps(doc))
    before = reviews.read_bytes()
    err = cli.fails("review", "--mark-reviewed", code=1)
    assert str(reviews) in err and "left untouched" in err
    assert reviews.read_bytes() == before


# --- doctor -----------------------------------------------------------------------------------


def test_doctor_finds_a_file_where_the_backups_folder_belongs(cli):
    cli.ok("add", "Ada")
    cli.ok("add", "Bob")
    import shutil

    shutil.rmtree(cli.data_dir / "backups")
    (cli.data_dir / "backups").write_text("oops")
    r = cli("doctor")
    assert r.returncode == 1 and "is a file where nurture keeps a folder" in r.stdout
    err = cli.fails("add", "Cy", code=1)
    assert "is a file, where nurture keeps a folder" in err


def test_doctor_finds_a_deleted_shard_whose_index_remains(cli):
    cli.ok("add", "Ada")
    cli.ok("log", "ada", "--kind", "email")
    cli.ok("list")  # the index exists
    (shard,) = (cli.data_dir / "interactions").glob("*.json")
    assert shard.with_suffix(".idx").exists()
    shard.unlink()
    r = cli("doctor")
    assert r.returncode == 1 and f"{shard} is missing" in r.stdout and "held 1 interaction:" in r.stdout


def test_doctor_finds_loose_permissions_on_folders_indexes_and_drafts(cli):
    cli.ok("add", "Ada")
    cli.ok("log", "ada", "--kind", "email")
    cli.ok("list")
    (cli.data_dir / "drafts").mkdir(mode=0o700)
    (cli.data_dir / "drafts" / "ada-thank-you.txt").write_text("x")
    loose = [cli.data_dir / "backups", cli.data_dir / "drafts", *(cli.data_dir / "interactions").glob("*.idx"),
             cli.data_dir / "drafts" / "ada-thank-you.txt"]  # fmt: skip
    for p in loose:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    r = cli("doctor")
    assert r.returncode == 1
    for p in loose:
        assert str(p) in r.stdout, p


def test_doctor_finds_stray_temp_files(cli):
    cli.ok("add", "Ada")
    cli.ok("add", "Bob")
    stray = cli.data_dir / "backups" / "objects" / ".abc.123.deadbeef.tmp"
    stray.write_bytes(b"half")
    r = cli("doctor")  # opening cleans it, and says so
    assert "removed 1 temp file left" in r.stdout and not stray.exists()


def test_doctor_completes_an_interrupted_save_and_says_so(cli):
    cli.ok("add", "Ada")
    contacts = cli.data_dir / "contacts.json"
    doc = orjson.loads(contacts.read_bytes())
    (ada,) = doc["contacts"].values()
    ada["company"] = "Analytical Engines"
    staged = cli.data_dir / ".contacts.json.1.abcd.tmp"  # written and fsynced, not yet renamed
    staged.write_bytes(orjson.dumps(doc))
    staged.chmod(0o600)
    (cli.data_dir / ".journal").write_bytes(orjson.dumps(
        {"nurture": {"schema": 1, "file": "journal"}, "rename": [[staged.name, "contacts.json"]],
         "delete": []}))  # fmt: skip
    r = cli("doctor")
    assert r.returncode == 0 and "was completed" in r.stdout
    assert not (cli.data_dir / ".journal").exists() and not staged.exists()
    assert json.loads(cli.ok("list", "--json"))[0]["company"] == "Analytical Engines"


def test_doctor_reports_a_damaged_journal_instead_of_failing(cli):
    cli.ok("add", "Ada")
    (cli.data_dir / ".journal").write_bytes(b"{garbage")
    r = cli("doctor")
    assert r.returncode == 1 and ".journal" in r.stdout and "damaged" in r.stdout
    err = cli.fails("list", code=1)
    assert ".journal" in err


def test_doctor_is_clean_after_question_prep_meeting_mode_and_booking(tmp_path):
    from nurture.domain.library import MeetingDraft
    from tests.reliability.saves import service_for

    data_dir = tmp_path / "data"
    service = service_for(data_dir)
    ada = service.add_contact("Ada")
    service.set_prep(ada.id, ["What surprised you most?"])
    service.save_meeting(MeetingDraft(ada.id, 1_795_435_200.0, 20, "notes"))
    _book(service, ada.id)
    _book(service, ada.id, days=5)
    service.cancel_appointment(ada.id)
    r = CLI(data_dir)("doctor")
    assert r.returncode == 0 and "used twice" not in r.stdout, r.stdout


def test_doctor_finds_prep_for_a_missing_contact(tmp_path):
    from tests.reliability.saves import service_for

    data_dir = tmp_path / "data"
    service = service_for(data_dir)
    ada = service.add_contact("Ada")
    service.set_prep(ada.id, ["What surprised you most?"])
    contacts = data_dir / "contacts.json"
    doc = orjson.loads(contacts.read_bytes())
    doc["contacts"] = {}
    contacts.write_bytes(orjson.dumps(doc))
    r = CLI(data_dir)("doctor")
    assert r.returncode == 1 and f"prep lists {ada.id} refers to a missing contact" in r.stdout


def _book(service, contact_id: str, days: int = 3) -> str:
    from datetime import UTC, datetime, timedelta

    from nurture.domain.requests import BookRequest

    start = datetime(2026, 11, 23, 15, tzinfo=UTC) + timedelta(days=days)
    return service.book(BookRequest.typed(contact_id, start, where="https://zoom.us/j/1")).appointment.id


def test_doctor_finds_an_appointment_with_a_missing_contact(tmp_path):
    from tests.reliability.saves import service_for

    data_dir = tmp_path / "data"
    service = service_for(data_dir)
    ada = service.add_contact("Ada")
    booked = _book(service, ada.id)
    contacts = data_dir / "contacts.json"
    doc = orjson.loads(contacts.read_bytes())
    doc["contacts"] = {}
    contacts.write_bytes(orjson.dumps(doc))
    r = CLI(data_dir)("doctor")
    assert r.returncode == 1 and f"appointment {booked} refers to a missing contact {ada.id}" in r.stdout, r.stdout


def test_a_damaged_appointments_file_is_named_and_doctor_reports_it(tmp_path):
    from tests.reliability.saves import service_for

    data_dir = tmp_path / "data"
    service = service_for(data_dir)
    _book(service, service.add_contact("Ada").id)
    appointments = data_dir / "appointments.json"
    doc = orjson.loads(appointments.read_bytes())
    (rid,) = doc["appointments"]
    doc["appointments"][rid]["start"] = "thursday at three"
    appointments.write_bytes(orjson.dumps(doc))
    before = appointments.read_bytes()
    cli = CLI(data_dir)
    for command in (["queue"], ["list"], ["log", "ada", "--kind", "call"]):
        err = cli.fails(*command, code=1)
        assert str(appointments) in err and "start" in err and "Traceback" not in err, err
    r = cli("doctor")
    assert r.returncode == 1 and str(appointments) in r.stdout and "damaged" in r.stdout, r.stdout
    assert appointments.read_bytes() == before  # never rewritten
    appointments.write_bytes(b"\x00garbage")
    r = cli("doctor")
    assert r.returncode == 1 and "appointments.json" in r.stdout and "not valid JSON" in r.stdout, r.stdout


# --- where the data directory lives -------------------------------------------------------------


def test_folders_created_above_the_data_directory_are_private_under_umask_000(tmp_path):
    cli = CLI(tmp_path / "a" / "b" / "data")
    r = subprocess.run(["sh", "-c", f"umask 000 && {_argv(cli)} add Ada"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for p in (tmp_path / "a", tmp_path / "a" / "b", cli.data_dir):
        assert stat.S_IMODE(p.stat().st_mode) == 0o700, p


def _argv(cli: CLI) -> str:
    import shlex
    import sys

    return " ".join(shlex.quote(a) for a in [sys.executable, "-m", "nurture", "--data-dir", str(cli.data_dir)])


@pytest.fixture
def read_only_mount(tmp_path):
    mount = tmp_path / "ro"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to make read-only (needs root): {r.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_directory_can_be_read_and_says_writes_are_impossible(read_only_mount):
    cli = CLI(read_only_mount / "data")
    cli.ok("add", "Ada", "--company", "Analytical")
    cli.ok("log", "ada", "--kind", "coffee")
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_mount)], check=True)
    before = snapshot(cli.data_dir)
    assert "Ada" in cli.ok("list")
    assert "Ada" in cli.ok("queue", "--within", "30")
    assert "All good." in cli.ok("doctor")
    err = cli.fails("add", "Bob", code=1)
    assert "read-only file system" in err and "reading works" in err
    assert snapshot(cli.data_dir) == before


def test_a_restore_that_fails_keeps_the_backup_it_was_restoring(cli, monkeypatch):
    """Backing up the current state first rotates the backups: the one being restored must
    survive that, or a failed restore ("Nothing was changed") would have lost it."""
    import errno

    from nurture.store import Repository
    from nurture.store.doctor import restore
    from nurture.store.errors import DataFileError
    from nurture.store.files import write_failure
    from nurture.store.journal import Commit

    for n in range(6):
        cli.ok("add", "--allow-duplicate", f"Person {n}")
    oldest = list_backups(cli.data_dir)[0]
    assert len(list_backups(cli.data_dir)) == 5
    before = snapshot(cli.data_dir)

    def full(self, target, payload, mtime_ns=None):
        raise write_failure(target, OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(Commit, "stage", full)
    with pytest.raises(DataFileError, match="Nothing was changed"):
        restore(Repository(cli.data_dir).open(), oldest)
    monkeypatch.undo()
    assert oldest.is_dir()
    after = snapshot(cli.data_dir)
    assert {k: v for k, v in after.items() if not k.startswith("backups")} == {
        k: v for k, v in before.items() if not k.startswith("backups")}  # fmt: skip
    cli.ok("restore", oldest.name)
    assert [c["name"] for c in json.loads(cli.ok("list", "--json"))] == ["Person 0"]
