"""Exporting to a file at the edges: what a killed export leaves behind, links where the file
should go, and a loose umask."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from nurture.domain.errors import InputError, TargetExists
from nurture.store.files import EXPORT_TAG, remove_stale_exports, temp_path_for
from tests.guard import guarded_env
from tests.unit.test_cli import CLI


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def stale_temp(folder, name: str, pid: int):
    """A temp file as a killed ``nurture export -o FOLDER/NAME`` of process ``pid`` leaves it."""
    p = folder / f".{name}.{EXPORT_TAG}.{pid}.0badc0de.tmp"
    p.write_bytes(b"half an export")
    return p


# --- what a killed export leaves ------------------------------------------------------------


def test_the_temp_file_of_an_export_says_it_is_one(tmp_path):
    p = temp_path_for(tmp_path / "net.json", EXPORT_TAG)
    assert p.name.startswith(f".net.json.{EXPORT_TAG}.{os.getpid()}.") and p.name.endswith(".tmp")


def test_an_export_clears_what_a_killed_export_left_in_that_folder(service, tmp_path):
    service.add_contact("Ada")
    out = tmp_path / "out"
    out.mkdir()
    stale = stale_temp(out, "net.json", dead_pid())
    other = stale_temp(out, "old.csv", dead_pid())
    service.export_to("json", out / "net.json")
    assert not stale.exists() and not other.exists()
    assert json.loads((out / "net.json").read_bytes())["contacts"][0]["name"] == "Ada"
    assert sorted(p.name for p in out.iterdir()) == ["net.json"]


def test_a_running_exports_temp_file_and_other_files_are_left_alone(tmp_path):
    live = stale_temp(tmp_path, "a.json", os.getppid())  # a process that is running
    mine = stale_temp(tmp_path, "b.json", os.getpid())
    untagged = tmp_path / f".c.json.{dead_pid()}.0badc0de.tmp"  # a temp file, not an export's
    untagged.write_bytes(b"")
    lookalike = tmp_path / f".d.json.{EXPORT_TAG}.notapid.0badc0de.tmp"
    lookalike.write_bytes(b"")
    ordinary = tmp_path / "notes.txt"
    ordinary.write_bytes(b"")
    dead = stale_temp(tmp_path, "e.json", dead_pid())
    assert remove_stale_exports(tmp_path) == [dead]
    assert all(p.exists() for p in (live, mine, untagged, lookalike, ordinary))


def test_clearing_a_folder_that_cannot_be_read_or_does_not_exist_is_no_error(tmp_path):
    assert remove_stale_exports(tmp_path / "missing") == []


def test_a_killed_shell_export_leaves_a_temp_file_the_next_export_removes(tmp_path):
    cli = CLI(tmp_path / "data")
    cli.ok("add", "Ada")
    out = tmp_path / "out"
    out.mkdir()
    stale = stale_temp(out, "net.vcf", dead_pid())
    r = cli("export", "--format", "vcard", "-o", str(out / "net.vcf"))
    assert r.returncode == 0, r.stderr
    assert not stale.exists() and sorted(p.name for p in out.iterdir()) == ["net.vcf"]


# --- links ------------------------------------------------------------------------------------


def test_a_dangling_link_is_an_existing_file(service, tmp_path):
    service.add_contact("Ada")
    link = tmp_path / "net.json"
    link.symlink_to(tmp_path / "nowhere.json")
    with pytest.raises(TargetExists):
        service.export_to("json", link)
    assert link.is_symlink() and not (tmp_path / "nowhere.json").exists()


def test_a_link_to_a_file_is_not_written_through(service, tmp_path):
    service.add_contact("Ada")
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "net.json"
    link.symlink_to(precious)
    with pytest.raises(TargetExists):
        service.export_to("json", link)
    assert link.is_symlink() and precious.read_text() == "keep me"
    service.export_to("json", link, replace=True)  # replaces the link itself, not its target
    assert not link.is_symlink() and json.loads(link.read_bytes())["contacts"][0]["name"] == "Ada"
    assert precious.read_text() == "keep me"
    assert link.stat().st_mode & 0o777 == 0o600


def test_the_shell_refuses_a_dangling_link_without_force_and_replaces_the_link_with_it(tmp_path):
    cli = CLI(tmp_path / "data")
    cli.ok("add", "Ada")
    link = tmp_path / "net.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    err = cli.fails("export", "--format", "csv", "-o", str(link))
    assert err.count("\n") == 1 and "net.csv exists; choose another name, or add --force to replace it" in err
    assert link.is_symlink() and not (tmp_path / "elsewhere.csv").exists()
    cli.ok("export", "--format", "csv", "-o", str(link), "--force")
    assert not link.is_symlink() and not (tmp_path / "elsewhere.csv").exists()
    assert "Ada" in link.read_text(encoding="utf-8-sig")


def test_a_link_to_a_folder_is_a_folder(service, tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "folder")
    with pytest.raises(InputError, match="is a directory"):
        service.export_to("json", tmp_path / "link", replace=True)


# --- permissions ------------------------------------------------------------------------------


def test_an_export_is_private_under_umask_000(service, tmp_path):
    service.add_contact("Ada")
    old = os.umask(0)
    try:
        service.export_to("json", tmp_path / "net.json")
    finally:
        os.umask(old)
    assert (tmp_path / "net.json").stat().st_mode & 0o777 == 0o600


def test_the_shell_export_is_private_under_umask_000(tmp_path):
    cli = CLI(tmp_path / "data")
    cli.ok("add", "Ada")
    target = tmp_path / "net.md"
    env = guarded_env()
    env.pop("NURTURE_DATA_DIR", None)
    r = subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(cli.data_dir), "export", "--format",
         "markdown", "-o", str(target)],
        capture_output=True, text=True, timeout=60, env=env, preexec_fn=lambda: os.umask(0),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert target.stat().st_mode & 0o777 == 0o600


def test_an_export_to_a_folder_that_cannot_be_written_says_so_in_its_own_words(service, tmp_path, monkeypatch):
    """Not the data directory's advice ("choose another with --data-dir"): the export's own."""
    import errno

    from nurture.store import files
    from nurture.store.errors import DataFileError

    real_open = os.open

    def refuse(path, flags, *args):
        if "nurture-export" in str(path):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(files.os, "open", refuse)
    with pytest.raises(DataFileError) as e:
        service.export_to("json", tmp_path / "out.json")
    message = str(e.value)
    assert f"could not export to {tmp_path / 'out.json'}: permission denied" in message
    assert "Choose a folder you can write to" in message and "--data-dir" not in message
    assert not (tmp_path / "out.json").exists()


def test_a_full_disk_while_backing_up_says_it_was_the_backup(service, data_dir, monkeypatch):
    import errno

    from nurture.domain.errors import NurtureError
    from nurture.store import files

    service.add_contact("Ada")
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    from tests.reliability.saves import service_for

    fresh = service_for(data_dir)  # a new run: backs up before its first write
    monkeypatch.setattr(files.os, "write", full)
    with pytest.raises(NurtureError) as e:
        fresh.add_contact("Bob")
    monkeypatch.setattr(files.os, "write", real_write)
    assert str(e.value).startswith(f"could not back up your data before saving (in {data_dir / 'backups'}): "
                                   "the disk is full. Nothing was changed. Free some space")  # fmt: skip
    assert [c.name for c in fresh.network().contacts.values()] == ["Ada"]
