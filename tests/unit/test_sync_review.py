"""What a reviewer found syncing two machines through a bare repository: a contact kept through
a delete-vs-edit keeps their notes, a note logged for a contact deleted elsewhere brings them
back, files nurture does not know reach both machines once, a damaged data file never leaves the
machine, and what sync says (git's errors, the counts, the conflicts' numbers, a remote's token)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from nurture.services.core import Context
from nurture.services.sync import Sync
from nurture.store import Repository, sync_git
from tests.conftest import TODAY
from tests.unit import test_sync
from tests.unit.test_sync import listed, notes, run, sync

remote, two = test_sync.remote, test_sync.two  # (its fixtures)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")


def git(data: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(data), *args], capture_output=True, text=True, check=True).stdout


def test_a_contact_kept_through_a_delete_vs_edit_keeps_their_notes(two, capsys) -> None:
    a, b = two
    for k in range(5):
        run(a, "log", "Carol Shaw", "--kind", "coffee", "--summary", f"coffee {k}")
    run(a, "followup", "Carol Shaw", "--on", "2026-12-01", "--what", "send the deck")
    for side in (a, b):
        assert run(side, "sync")[0] == 0
    run(a, "delete", "Carol Shaw", "--yes")
    run(b, "edit", "Carol Shaw", "--company", "Activision")
    capsys.readouterr()
    for side in (a, b, a):
        assert run(side, "sync")[0] == 0
    for side in (a, b):
        assert [c["company"] for c in listed(side, capsys) if c["name"] == "Carol Shaw"] == ["Activision"]
        assert notes(side) == [f"coffee {k}" for k in range(5)]
        assert [f.text for f in Repository(side).open().followups_file.records().values()] == ["send the deck"]
        assert [c.field for c in sync(side).conflicts()] == [""]


def test_a_note_logged_for_a_contact_deleted_elsewhere_brings_them_back(two, capsys) -> None:
    a, b = two
    run(a, "delete", "Carol Shaw", "--yes")
    run(b, "log", "Carol Shaw", "--kind", "call", "--summary", "called Carol")
    for side in (a, b, a):
        assert run(side, "sync")[0] == 0
    for side in (a, b):
        assert "Carol Shaw" in [c["name"] for c in listed(side, capsys)]
        assert notes(side) == ["called Carol"]
        _, out, _ = run(side, "doctor", capsys=capsys)
        assert "missing contact" not in out
    _, out, _ = run(a, "conflicts", capsys=capsys)
    assert "contact Carol Shaw: deleted on one machine and changed on the other, so kept" in out


def test_files_nurture_does_not_know_reach_both_machines_and_syncing_settles(two, capsys) -> None:
    a, b = two
    (a / "goals.json").write_text('{"goal": "a newer version wrote this"}')
    (b / "README").write_text("my network\n")
    run(a, "edit", "Ada Lovelace", "--role", "Engineer")  # and a change to merge with
    run(b, "edit", "Carol Shaw", "--role", "Designer")
    for side in (a, b, a, b):
        assert run(side, "sync")[0] == 0
    for side in (a, b):
        assert (side / "goals.json").read_text() == '{"goal": "a newer version wrote this"}'
        assert (side / "README").read_text() == "my network\n"
    # settled: nothing more to push either way
    for side in (a, b):
        code, out, _ = run(side, "sync", capsys=capsys)
        assert code == 0 and out.endswith("Synced: nothing to push.\n")
    assert git(a, "rev-parse", "HEAD") == git(b, "rev-parse", "HEAD")
    # one machine removes the file: it goes on the other too
    (b / "README").unlink()
    for side in (b, a):
        run(side, "sync")
    assert not (a / "README").exists()


def test_a_file_nurture_does_not_know_changed_on_both_keeps_each_machine_s_and_says_so(two, capsys) -> None:
    a, b = two
    (a / "notes.txt").write_text("from A\n")
    run(a, "sync")
    run(b, "sync")
    (a / "notes.txt").write_text("A again\n")
    (b / "notes.txt").write_text("B's\n")
    run(a, "sync")
    code, out, _ = run(b, "sync", capsys=capsys)
    assert code == 0 and "notes.txt changed on both machines: this machine's kept" in out
    run(a, "sync")
    assert (a / "notes.txt").read_text() == (b / "notes.txt").read_text() == "B's\n"


def damage(data: Path) -> None:
    path = data / "contacts.json"
    path.write_text(path.read_text().replace('"name":"Ada Lovelace"', '"name":5'))


def test_a_damaged_data_file_is_neither_committed_nor_pushed(two, capsys) -> None:
    a, _ = two
    head = git(a, "rev-parse", "HEAD")
    damage(a)
    code, _, err = run(a, "sync", capsys=capsys)
    assert code == 1
    assert "contacts.json has a damaged record" in err and "nurture restore" in err
    assert "Nothing was committed or pushed" in err
    assert git(a, "rev-parse", "HEAD") == head


def test_damaged_data_pushed_by_another_machine_is_refused_naming_the_commit_and_device(two, capsys) -> None:
    a, b = two
    run(a, "sync")  # (B's first sync pushed a merge)
    damage(a)  # pushed by hand, past nurture's check
    device = Repository(a).open().clock.device
    git(a, "commit", "-qam", f"nurture: changes on {device}")  # (as a nurture without the check did)
    pushed = subprocess.run(["git", "-C", str(a), "push", "-q", "origin", "HEAD:main"], capture_output=True, text=True)
    assert pushed.returncode == 0, pushed.stderr
    commit = git(a, "rev-parse", "--short", "HEAD").strip()
    before = (b / "contacts.json").read_bytes()
    code, _, err = run(b, "sync", capsys=capsys)
    assert code == 1
    assert f"the data another machine pushed (commit {commit} from device {device}) is damaged" in err
    assert "contacts.json" in err and "Your data here is untouched" in err and "nurture doctor" in err
    assert (b / "contacts.json").read_bytes() == before


def test_git_s_errors_read_on_one_line_and_a_mistyped_url_can_be_set_again(tmp_path: Path, remote, capsys) -> None:
    a = tmp_path / "a"
    run(a, "add", "Ada Lovelace")
    code, _, err = run(a, "sync", "--init", str(tmp_path / "no-such.git"), capsys=capsys)
    assert code == 1 and "\\x0a" not in err and "git fetch failed: " in err and "; " in err
    code, out, err = run(a, "sync", "--init", remote, capsys=capsys)
    assert code == 0, err
    assert "pushed to the remote" in out
    assert git(a, "remote", "get-url", "origin").strip() == remote
    # once synced, another URL is a choice made with git
    code, _, err = run(a, "sync", "--init", str(tmp_path / "other.git"), capsys=capsys)
    assert code == 2 and "already syncs with" in err


def test_a_fast_forward_says_the_conflicts_it_brings_and_counts_only_those(two, capsys) -> None:
    a, b = two
    run(a, "delete", "Carol Shaw", "--yes")
    run(b, "edit", "Carol Shaw", "--notes", "met at the meetup")
    run(a, "sync")
    run(b, "sync")  # B's merge records the conflict
    code, out, _ = run(a, "sync", capsys=capsys)  # A only takes B's head
    assert code == 0
    counted = sum(int(p.split()[0]) for line in out.splitlines() for p in line.split(", ") if p.endswith("conflict"))
    shown = [line for line in out.splitlines() if line.startswith("conflict:")]
    assert counted == len(shown) == 1
    assert shown == ["conflict: contact Carol Shaw: deleted on one machine and changed on the other, so kept"]


def test_a_conflict_copy_s_summary_counts_its_conflict_once(tmp_path: Path, capsys) -> None:
    folder, other = tmp_path / "synced", tmp_path / "laptop"
    run(folder, "add", "Ada Lovelace", "--role", "Analyst")
    shutil.copytree(folder, other)
    (other / "device.json").unlink()
    run(folder, "edit", "Ada Lovelace", "--role", "Engineer")
    run(other, "edit", "Ada Lovelace", "--role", "Mathematician")
    shutil.copy(other / "contacts.json", folder / "contacts.sync-conflict-20261129-101500-ABCDEFG.json")
    code, _, err = run(folder, "list", capsys=capsys)
    assert code == 0
    assert "(contacts: 0 added, 1 changed, 0 deleted, 1 conflict); the copy is now" in err
    assert err.count("conflict,") == 0 and err.count("1 conflict") == 1


def test_conflicts_keep_their_numbers_and_a_newer_one_on_the_same_field_is_said(two, capsys) -> None:
    a, b = two

    def sync_at(side: Path, hour: int):
        return Sync(Context(Repository(side).open(), lambda: TODAY, lambda: datetime(2026, 11, 20, hour))).sync()

    def sync_all(hour: int) -> None:
        for side in (a, b, a):
            sync_at(side, hour)

    run(a, "edit", "Carol Shaw", "--role", "Lead")
    run(b, "edit", "Carol Shaw", "--role", "Principal")
    sync_all(10)
    run(a, "edit", "Ada Lovelace", "--role", "Engineer")
    run(b, "edit", "Ada Lovelace", "--role", "Mathematician")
    sync_all(11)
    _, before, _ = run(a, "conflicts", capsys=capsys)
    assert before.splitlines()[1].startswith("  1. contact Carol Shaw: role")
    # Carol's role conflicts again: her conflict keeps number 1, and the value set aside before is said
    run(a, "edit", "Carol Shaw", "--role", "Director")
    run(b, "edit", "Carol Shaw", "--role", "VP")
    sync_at(a, 12)
    assert (
        "contact Carol Shaw: role changed on both machines again; 'Lead', set aside before, is no longer offered"
        in sync_at(b, 12).summary
    )
    run(a, "sync")
    _, after, _ = run(a, "conflicts", capsys=capsys)
    lines = after.splitlines()
    assert lines[1] == "  1. contact Carol Shaw: role changed on both machines: 'VP' kept, 'Director' set aside"
    assert lines[2].startswith("  2. contact Ada Lovelace: role")


def test_a_settings_conflict_reads_with_the_setting_s_name(two, capsys) -> None:
    a, b = two
    run(a, "config", "weekly-goal", "3")
    run(b, "config", "weekly-goal", "5")
    for side in (a, b, a):
        run(side, "sync")
    _, out, _ = run(a, "conflicts", capsys=capsys)
    assert "  1. Setting weekly-goal changed on two machines: 5 kept, 3 set aside" in out.splitlines()


def test_without_git_nothing_is_made(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sync_git.shutil, "which", lambda program: None)
    code, _, err = run(tmp_path / "new", "sync", "--init", str(tmp_path / "r.git"), capsys=capsys)
    assert code == 2 and "git program, which was not found" in err
    assert not (tmp_path / "new").exists()


def test_json_files_never_get_git_s_conflict_markers_and_a_token_in_the_url_is_not_shown(two, capsys) -> None:
    a, _ = two
    assert "*.json merge=binary" in (a / ".gitattributes").read_text()
    assert ".gitattributes" in git(a, "ls-files").split()
    git(a, "remote", "set-url", "origin", "https://alice:ghp_SECRET@example.org/net.git")
    _, out, _ = run(a, "sync", "--status", capsys=capsys)
    assert "Syncs with https://***@example.org/net.git" in out and "SECRET" not in out
