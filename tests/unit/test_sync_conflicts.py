"""Settling sync conflicts from the shell (``nurture conflicts``), and what a merge leaves behind:
the summary's counts, the search index, the drafts of a contact deleted elsewhere."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from nurture.store import Repository
from nurture.store.search_index import SearchIndex
from tests.unit import test_sync
from tests.unit.test_sync import listed, run, sync

remote, two = test_sync.remote, test_sync.two  # (its fixtures)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")


def role_conflict(two) -> tuple[Path, Path]:
    """Ada's role changed on both machines; B's (Design Manager) is the later, so kept."""
    a, b = two
    run(a, "edit", "Ada Lovelace", "--role", "Staff Designer")
    run(b, "edit", "Ada Lovelace", "--role", "Design Manager")
    for side in (a, b, a):
        assert run(side, "sync")[0] == 0
    return a, b


def role_of(data: Path, capsys, name: str = "Ada Lovelace") -> str:
    return next(c["role"] for c in listed(data, capsys) if c["name"] == name)


def test_conflicts_lists_them_numbered_with_whose_they_are(two, capsys) -> None:
    a, _ = role_conflict(two)
    run(a, "delete", "Carol Shaw", "--yes")
    code, out, _ = run(a, "conflicts", capsys=capsys)
    assert code == 0
    assert out.splitlines() == [
        "1 unresolved conflict:",
        "  1. contact Ada Lovelace: role changed on both machines: 'Design Manager' kept, 'Staff Designer' set aside",
        "Settle one: nurture conflicts --take kept N (keep the value kept) or --take other N (the other one).",
    ]


def test_take_other_by_number_puts_the_other_value_back_everywhere(two, capsys) -> None:
    a, b = role_conflict(two)
    code, out, _ = run(a, "conflicts", "--take", "other", "1", capsys=capsys)
    assert code == 0
    assert out.startswith("Took the other value ('Staff Designer'): contact Ada Lovelace: role changed")
    assert role_of(a, capsys) == "Staff Designer"
    assert run(a, "conflicts", capsys=capsys)[1] == "No unresolved conflicts.\n"
    for side in (a, b):
        run(side, "sync")
    assert role_of(b, capsys) == "Staff Designer"
    assert sync(b).conflicts() == []  # settled on the other machine too


def test_take_kept_by_id_keeps_the_value_and_settles_it(two, capsys) -> None:
    a, _ = role_conflict(two)
    conflict = sync(a).conflicts()[0]
    code, out, _ = run(a, "conflicts", "--take", "kept", conflict.id, capsys=capsys)
    assert code == 0 and out.startswith("Kept: contact Ada Lovelace: role changed")
    assert role_of(a, capsys) == "Design Manager"
    assert sync(a).conflicts() == []


def test_a_conflict_not_there_or_no_value_chosen_is_refused_saying_what_to_give(two, capsys) -> None:
    a, _ = role_conflict(two)
    code, _, err = run(a, "conflicts", "--take", "other", "7", capsys=capsys)
    assert code != 0 and "no conflict '7': give its number as `nurture conflicts` lists them (1 to 1)" in err
    code, _, err = run(a, "conflicts", "1", capsys=capsys)
    assert code != 0 and "nurture conflicts --take kept N, or --take other N" in err
    assert role_of(a, capsys) == "Design Manager" and len(sync(a).conflicts()) == 1


def test_taking_the_other_side_of_a_deleted_contact_deletes_everything_of_theirs(two, capsys) -> None:
    a, b = two
    run(a, "log", "Carol Shaw", "--kind", "coffee", "--summary", "coffee with Carol")
    for side in (a, b):
        run(side, "sync")
    run(a, "delete", "Carol Shaw", "--yes")
    run(b, "edit", "Carol Shaw", "--notes", "met at the meetup")
    for side in (a, b):
        run(side, "sync")
    capsys.readouterr()
    _, out, _ = run(b, "conflicts", capsys=capsys)
    assert "  1. contact Carol Shaw: deleted on one machine and changed on the other, so kept" in out
    code, out, _ = run(b, "conflicts", "--take", "other", "1", capsys=capsys)
    assert code == 0 and out.startswith("Deleted, as the other machine did: contact Carol Shaw")
    assert [c["name"] for c in listed(b, capsys)] == ["Ada Lovelace"]
    assert Repository(b).open().all_interactions() == []  # their coffee went with them
    assert sync(b).conflicts() == []


def test_the_summary_counts_only_the_conflicts_it_shows(tmp_path: Path, capsys) -> None:
    here, old = tmp_path / "here", tmp_path / "old"
    run(here, "add", "Ada Lovelace", "--role", "Analyst")
    shutil.copytree(here, old)
    (old / "device.json").unlink()
    run(here, "edit", "Ada Lovelace", "--role", "Engineer")
    run(old, "edit", "Ada Lovelace", "--role", "Mathematician")
    code, out, _ = run(here, "merge", str(old), capsys=capsys)
    assert code == 0
    shown = [line for line in out.splitlines() if line.startswith("conflict:")]
    assert len(shown) == 1
    assert "contacts: 0 added, 1 changed, 0 deleted, 1 conflict" in out.splitlines()


def test_the_search_index_holds_what_a_sync_brought_at_once(two, capsys) -> None:
    a, b = two
    assert run(a, "search", "anything")[0] == 0  # the index is built
    run(b, "log", "Ada Lovelace", "--kind", "call", "--summary", "talked about zeppelins")
    run(b, "edit", "Ada Lovelace", "--company", "Xylophonics")
    run(b, "sync")
    run(a, "sync")
    index = SearchIndex(Repository(a).open())
    assert index.search('"zeppelins"')[1] == 1
    assert index.search('"xylophonics"')[1] == 1
    before = index.path.stat().st_mtime_ns
    index.refresh()  # the merge moved the fingerprints on: nothing left to re-index
    assert index.path.stat().st_mtime_ns == before


def test_a_contact_deleted_on_another_machine_takes_their_drafts_here_too(two, capsys) -> None:
    a, b = two
    drafts = b / "drafts"
    drafts.mkdir(mode=0o700, exist_ok=True)
    (drafts / "carol-shaw-thank-you.txt").write_text("Thanks, Carol!")
    (drafts / "ada-lovelace-thank-you.txt").write_text("Thanks, Ada!")
    run(a, "delete", "Carol Shaw", "--yes")
    run(a, "sync")
    run(b, "sync")
    assert [c["name"] for c in listed(b, capsys)] == ["Ada Lovelace"]
    assert sorted(p.name for p in drafts.iterdir()) == ["ada-lovelace-thank-you.txt"]


def test_the_dashboard_s_git_never_asks_and_keeps_the_user_s_own_ssh_command(tmp_path: Path) -> None:
    from nurture.store.sync_git import Git, batch_env

    env = batch_env({"SSH_ASKPASS": "/usr/bin/ksshaskpass", "PATH": "/usr/bin"}, ssh_configured=False)
    assert env["GIT_TERMINAL_PROMPT"] == "0" and env["GIT_ASKPASS"] == "" and "SSH_ASKPASS" not in env
    assert env["GIT_SSH_COMMAND"].startswith("ssh -o BatchMode=yes")
    assert "GIT_SSH_COMMAND" not in batch_env({"PATH": "/usr/bin"}, ssh_configured=True)
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    subprocess.run(["git", "-C", str(work), "config", "core.sshCommand", "ssh -i ~/.ssh/work"], check=True)
    assert "GIT_SSH_COMMAND" not in Git(work, batch=True).env()  # theirs stands
    assert Git(work).env().get("GIT_TERMINAL_PROMPT") != "0"  # the shell's sync may ask


def test_the_header_says_the_last_error_in_a_few_words() -> None:
    from nurture.services.sync import SyncStatus, short_error

    said = "git fetch failed: git@example.org: Permission denied (publickey).\nfatal: Could not read from remote"
    assert short_error(said) == "git@example.org: Permission denied (pub…"
    assert SyncStatus(True, last_error="fatal: unable to access").header(datetime(2026, 11, 23)) == (
        "sync failed: unable to access"
    )
    assert SyncStatus(False).header(datetime(2026, 11, 23)) == ""
