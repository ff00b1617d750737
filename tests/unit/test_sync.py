"""Several machines, one network: ``nurture sync`` through a local bare git repository, conflict
copies of file-sync folders, ``nurture merge DIR``. Each side is a data directory of its own,
driven through the shell command as a user would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import orjson
import pytest

from nurture.cli import main
from nurture.services.core import Context
from nurture.services.sync import Sync
from nurture.store import Repository, sync_git
from tests.conftest import TODAY

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")


def run(data: Path, *argv: str, capsys=None) -> tuple[int, str, str]:
    if capsys is not None:
        capsys.readouterr()  # what earlier commands printed is theirs
    code = main(["--data-dir", str(data), *argv])
    if capsys is None:
        return code, "", ""
    out = capsys.readouterr()
    return code, out.out, out.err


def listed(data: Path, capsys) -> list[dict]:
    code, out, _ = run(data, "list", "--all", "--json", capsys=capsys)
    assert code == 0
    return orjson.loads(out)


def notes(data: Path) -> list[str]:
    return sorted(i.summary for i in Repository(data).open().all_interactions())


def sync(data: Path) -> Sync:
    return Sync(Context(Repository(data).open(), lambda: TODAY))


@pytest.fixture
def remote(tmp_path: Path) -> str:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    return str(bare)


@pytest.fixture
def two(tmp_path: Path, remote: str, capsys) -> tuple[Path, Path]:
    """Two machines syncing through ``remote``: A made Ada and Carol, B took them."""
    a, b = tmp_path / "a", tmp_path / "b"
    run(a, "add", "Ada Lovelace", "--company", "Babbage", "--role", "Analyst")
    run(a, "add", "Carol Shaw", "--company", "Atari")
    assert run(a, "sync", "--init", remote)[0] == 0
    assert run(b, "sync", "--init", remote)[0] == 0
    capsys.readouterr()
    return a, b


def test_interleaved_edits_on_two_machines_end_identical_with_the_conflicts_recorded(two, capsys) -> None:
    a, b = two
    assert [c["name"] for c in listed(b, capsys)] == ["Ada Lovelace", "Carol Shaw"]
    # same contact, different fields; and the same field to different values
    run(a, "edit", "Ada Lovelace", "--role", "Staff Designer", "--tags", "design")
    run(b, "edit", "Ada Lovelace", "--role", "Design Manager", "--company", "Analytical Engines")
    # delete on A, edit on B: kept, and reported
    run(a, "delete", "Carol Shaw", "--yes")
    run(b, "edit", "Carol Shaw", "--notes", "met at the meetup")
    # new interactions on both
    run(a, "log", "Ada Lovelace", "--kind", "coffee", "--summary", "coffee on A")
    run(b, "log", "Ada Lovelace", "--kind", "email", "--summary", "mail on B")
    capsys.readouterr()

    assert run(a, "sync", capsys=capsys)[0] == 0
    code, out, _ = run(b, "sync", capsys=capsys)
    assert code == 0
    assert (
        "conflict: contact Ada Lovelace: role changed on both machines: 'Design Manager' kept, "
        "'Staff Designer' set aside" in out.splitlines()
    )
    assert "conflict: contact Carol Shaw: deleted on one machine and changed on the other, so kept" in out.splitlines()
    assert run(a, "sync", capsys=capsys)[0] == 0

    on_a, on_b = listed(a, capsys), listed(b, capsys)
    assert on_a == on_b
    ada = next(c for c in on_a if c["name"] == "Ada Lovelace")
    assert ada["role"] == "Design Manager"  # B's change was the later one
    assert ada["company"] == "Analytical Engines" and ada["tags"] == ["design"]
    assert any(c["name"] == "Carol Shaw" and c["notes"] == "met at the meetup" for c in on_a)
    assert notes(a) == notes(b) == ["coffee on A", "mail on B"]

    for side in (a, b):
        found = {(c.field, str(c.kept), str(c.other)) for c in sync(side).conflicts()}
        assert ("role", "Design Manager", "Staff Designer") in found
        assert any(field == "" for field, _, _ in found)
        code, out, _ = run(side, "sync", "--status", capsys=capsys)
        assert "2 unresolved conflicts" in out and "0 commits to push, 0 commits to take" in out
    # nothing left to do: the histories are the same, and git holds every data file
    head = subprocess.run(["git", "-C", str(a), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert head == subprocess.run(["git", "-C", str(b), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert subprocess.run(["git", "-C", str(a), "status", "--porcelain"], capture_output=True, text=True).stdout == ""


def test_resolving_a_conflict_takes_the_other_value_everywhere(two, capsys) -> None:
    a, b = two
    run(a, "edit", "Ada Lovelace", "--role", "Staff Designer")
    run(b, "edit", "Ada Lovelace", "--role", "Design Manager")
    for side in (a, b, a):
        run(side, "sync")
    conflict = next(c for c in sync(b).conflicts() if c.field == "role")
    sync(b).resolve(conflict.id, take="other")
    for side in (b, a):
        run(side, "sync")
    assert [c["role"] for c in listed(a, capsys) if c["name"] == "Ada Lovelace"] == ["Staff Designer"]
    assert sync(a).conflicts() == [] and sync(b).conflicts() == []


def test_a_push_race_fetches_merges_and_pushes_again(two, monkeypatch, capsys) -> None:
    a, b = two
    run(a, "edit", "Ada Lovelace", "--role", "Staff Designer")
    run(b, "log", "Ada Lovelace", "--kind", "email", "--summary", "pushed meanwhile")
    real_push = Sync._push
    raced = []

    def push(self, git):  # B pushes between A's fetch and A's push, once
        if not raced:
            raced.append(True)
            assert run(b, "sync") == (0, "", "")
        return real_push(self, git)

    monkeypatch.setattr(Sync, "_push", push)
    code, out, _ = run(a, "sync", capsys=capsys)
    assert code == 0 and "after 1 retry" in out and "pushed to the remote" in out
    monkeypatch.undo()
    run(b, "sync")
    assert listed(a, capsys) == listed(b, capsys)
    assert notes(a) == notes(b) == ["pushed meanwhile"]


def test_without_git_sync_says_what_to_install(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sync_git.shutil, "which", lambda program: None)
    code, _, err = run(tmp_path / "a", "sync", "--init", str(tmp_path / "r.git"), capsys=capsys)
    assert code == 2 and "git program, which was not found" in err and "apt install git" in err
    assert not (tmp_path / "a" / ".git").exists()


def test_gitignore_keeps_the_machine_s_own_files_out(two) -> None:
    a, _ = two
    tracked = subprocess.run(["git", "-C", str(a), "ls-files"], capture_output=True, text=True).stdout.split()
    assert "contacts.json" in tracked and ".gitignore" in tracked
    assert not [t for t in tracked if t in ("device.json", ".lock") or t.startswith("backups/") or t.endswith(".idx")]


COPIES = {
    "Syncthing": "contacts.sync-conflict-20261129-101500-ABCDEFG.json",
    "Dropbox": "contacts (Alice's conflicted copy 2026-11-29).json",
    "Nextcloud": "contacts (conflicted copy 2026-11-29 101500).json",
    "OneDrive": "contacts-LAPTOP.json",
}


@pytest.mark.parametrize("vendor", sorted(COPIES))
def test_a_conflict_copy_in_a_synced_folder_is_merged_and_set_aside(tmp_path: Path, vendor: str, capsys) -> None:
    """Two machines wrote the same synced folder before either saw the other's file: the sync
    tool kept one contacts.json and put the other beside it."""
    folder, other = tmp_path / "synced", tmp_path / "laptop"
    run(folder, "add", "Ada Lovelace", "--role", "Analyst")
    shutil.copytree(folder, other)
    (other / "device.json").unlink()  # the other machine has its own
    run(folder, "edit", "Ada Lovelace", "--company", "Babbage")
    run(other, "edit", "Ada Lovelace", "--tags", "math")
    run(other, "add", "Grace Hopper")
    shutil.copy(other / "contacts.json", folder / COPIES[vendor])
    (other / "interactions").mkdir(exist_ok=True)
    capsys.readouterr()

    code, out, err = run(folder, "list", "--json", capsys=capsys)
    assert code == 0
    assert f"conflict copy {COPIES[vendor]} into contacts.json" in err
    people = {c["name"]: c for c in orjson.loads(out)}
    assert set(people) == {"Ada Lovelace", "Grace Hopper"}
    assert people["Ada Lovelace"]["company"] == "Babbage" and people["Ada Lovelace"]["tags"] == ["math"]
    assert not (folder / COPIES[vendor]).exists()
    assert (folder / "backups" / "conflict-copies" / COPIES[vendor]).is_file()


def test_a_conflict_copy_of_a_shard_and_doctor_lists_it(tmp_path: Path, capsys) -> None:
    folder, other = tmp_path / "synced", tmp_path / "laptop"
    run(folder, "add", "Ada Lovelace")
    shutil.copytree(folder, other)
    (other / "device.json").unlink()
    run(folder, "log", "Ada Lovelace", "--kind", "email", "--summary", "from the desktop")
    run(other, "log", "Ada Lovelace", "--kind", "coffee", "--summary", "from the laptop")
    shard = next(p.name for p in (other / "interactions").glob("*.json"))
    copy = f"{shard[:-5]}.sync-conflict-20261129-101500-ABCDEFG.json"
    shutil.copy(other / "interactions" / shard, folder / "interactions" / copy)
    capsys.readouterr()
    _, out, _ = run(folder, "doctor", capsys=capsys)
    assert f"interactions/{copy} is a conflict copy Syncthing left" in out
    run(folder, "list", capsys=capsys)
    assert notes(folder) == ["from the desktop", "from the laptop"]


def test_merge_dir_dry_run_says_what_would_change_and_writes_nothing(tmp_path: Path, capsys) -> None:
    here, old = tmp_path / "here", tmp_path / "old"
    run(here, "add", "Ada Lovelace", "--role", "Analyst")
    shutil.copytree(here, old)
    (old / "device.json").unlink()
    run(here, "edit", "Ada Lovelace", "--role", "Engineer")
    run(old, "edit", "Ada Lovelace", "--role", "Mathematician")
    run(old, "add", "Grace Hopper")
    before = (here / "contacts.json").read_bytes()
    capsys.readouterr()

    code, out, _ = run(here, "merge", str(old), "--dry-run", capsys=capsys)
    assert code == 0
    assert out.splitlines() == [
        f"Dry run: nothing was written. Merging {old} would change:",
        "contacts: 1 added, 1 changed, 0 deleted, 1 conflict",  # (the hidden "updated" one is not counted)
        next(line for line in out.splitlines() if line.startswith("conflict:")),
    ]
    assert "role changed on both machines: 'Mathematician' kept, 'Engineer' set aside" in out
    assert (here / "contacts.json").read_bytes() == before

    assert run(here, "merge", str(old), capsys=capsys)[0] == 0
    people = {c["name"]: c for c in listed(here, capsys)}
    assert set(people) == {"Ada Lovelace", "Grace Hopper"} and people["Ada Lovelace"]["role"] == "Mathematician"
    assert [c.field for c in sync(here).conflicts()] == ["role"]
