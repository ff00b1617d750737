"""The shell's archive, unarchive, list --archived and delete: messages, exit codes, --yes,
and the typed confirmation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from nurture.cli import main
from nurture.store import Repository

AS_OF = "2026-11-23"


class Typed(io.StringIO):
    """stdin as a terminal, with what the user types."""

    def isatty(self) -> bool:
        return True


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


@pytest.fixture
def people(data_dir: Path) -> Path:
    assert run(data_dir, "add", "Maya Chen", "--company", "Acme", "--as-of", AS_OF) == 0
    assert run(data_dir, "add", "Lee Park", "--referred-by", "Maya", "--as-of", AS_OF) == 0
    assert run(data_dir, "log", "Maya", "--kind", "coffee", "--on", AS_OF, "--summary", "chat", "--as-of", AS_OF) == 0
    return data_dir


def test_archive_unarchive_and_list_archived(people: Path, capsys: pytest.CaptureFixture) -> None:
    capsys.readouterr()
    assert run(people, "list", "--archived") == 0
    assert "No archived contacts." in capsys.readouterr().out
    assert run(people, "archive", "Maya") == 0
    assert "Archived Maya Chen" in capsys.readouterr().out
    assert run(people, "archive", "Maya") == 0
    assert "Maya Chen is already archived" in capsys.readouterr().out
    assert run(people, "list", "--archived") == 0
    out = capsys.readouterr().out
    assert "Maya Chen" in out and "Lee Park" not in out
    assert run(people, "list") == 0
    assert "Maya Chen" not in capsys.readouterr().out
    assert run(people, "unarchive", "Maya") == 0
    assert "Maya Chen is back." in capsys.readouterr().out
    assert run(people, "unarchive", "Maya") == 0
    assert "Maya Chen is not archived." in capsys.readouterr().out
    assert run(people, "archive", "Nobody") == 2


def _names(data_dir: Path) -> set[str]:
    return {c.name for c in Repository(data_dir).open().load().contacts.values()}


def test_delete_refuses_without_a_terminal_or_yes(
    people: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Maya Chen\n"))  # piped: not a terminal
    assert run(people, "delete", "Maya") == 2
    assert "add --yes; nothing was deleted" in capsys.readouterr().err
    assert "Maya Chen" in _names(people)


def test_delete_with_the_name_typed(
    people: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", Typed("Maya\n"))  # not the whole name
    assert run(people, "delete", "Maya") == 2
    captured = capsys.readouterr()
    assert "- 1 interaction" in captured.out and "Type the name (Maya Chen)" in captured.out
    assert "nothing was deleted" in captured.err
    assert "Maya Chen" in _names(people)

    monkeypatch.setattr("sys.stdin", Typed("Maya Chen\n"))
    assert run(people, "delete", "Maya") == 0
    out = capsys.readouterr().out
    assert "Deleted Maya Chen" in out and 'Lee Park keeps the link as text: "introduced by Maya Chen (deleted)"' in out
    assert _names(people) == {"Lee Park"}
    lee = next(iter(Repository(people).open().load().contacts.values()))
    assert lee.referred_by is None and lee.how_met == "introduced by Maya Chen (deleted)"


def test_delete_yes(people: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert run(people, "delete", "Lee", "--yes") == 0
    assert "Deleted Lee Park" in capsys.readouterr().out
    assert _names(people) == {"Maya Chen"}
    assert run(people, "delete", "Lee", "--yes") == 2  # gone: no contact matches


def test_delete_help_says_backups_rotate(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["delete", "--help"])
    assert "until they rotate out" in " ".join(capsys.readouterr().out.split())
