"""``nurture list``, ``queue`` and ``appointments`` fit the terminal: cut with … on a terminal,
whole with --wide or on a pipe, tab-separated with --tsv; --json as it was."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from nurture.tables import cell_width
from tests.unit.test_cli import CLI
from tests.unit.test_cli_book import Shell

LONG_ROLE = "Principal Staff Engineer for Developer Experience and Internal Platforms, EMEA"
LONG_WHAT = "send her the write-up on the migration, the benchmark numbers and the list of open questions"
HEADERS = ["NAME", "COMPANY", "ROLE", "STAGE", "LAST CONTACT", "TAGS"]


@pytest.fixture
def sh(tmp_path: Path, capsys) -> Shell:
    shell = Shell(tmp_path / "data", capsys)
    shell.ok("add", "Alexandra Konstantinopoulou", "--company", "Analytical Engines Limited", "--role", LONG_ROLE,
             "--tags", "mentor,hiring,platform")  # fmt: skip
    shell.ok("add", "山田太郎", "--company", "株式会社トヨタ自動車")
    shell.ok("followup", "alexandra", "--on", "2026-12-01", "--what", LONG_WHAT)
    return shell


@pytest.fixture
def terminal(monkeypatch):
    """stdout taken for a terminal COLUMNS wide (the tests' own stdout is a pipe)."""

    def columns(n: int) -> None:
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        monkeypatch.setenv("COLUMNS", str(n))

    return columns


@pytest.mark.parametrize("width", [80, 120])
def test_list_on_a_terminal_fits_its_width_with_headers_whole(sh, terminal, width):
    terminal(width)
    lines = sh.ok("list").splitlines()
    assert lines[0].split("  ")[0] == "NAME" and "LAST CONTACT" in lines[0]
    assert all(cell_width(line) <= width for line in lines), lines
    assert any("…" in line for line in lines)
    assert LONG_ROLE not in "\n".join(lines)


def test_list_on_a_terminal_too_narrow_for_it_keeps_the_names_readable(sh, terminal):
    terminal(40)  # six columns cannot fit in 40 cells: the last ones are left out, names kept
    assert sh.ok("list").splitlines()[:2] == [
        "NAME                     COMPANY  ROLE",
        "Alexandra Konstantinop…  Analyt…  Princ…",
    ]


def test_list_at_60_cells_cuts_the_other_columns_before_the_names(sh, terminal):
    terminal(60)
    lines = sh.ok("list").splitlines()
    assert all(cell_width(line) <= 60 for line in lines)
    assert lines[1].startswith("Alexandra Konstantin") and "Analyt…" in lines[1]
    assert any(line.startswith("山田太郎  ") for line in lines)


def test_list_on_a_wide_terminal_is_whole(sh, terminal):
    terminal(200)
    out = sh.ok("list")
    assert "…" not in out and LONG_ROLE in out and "株式会社トヨタ自動車" in out


def test_queue_cuts_the_widest_column_first_on_a_terminal(sh, terminal):
    terminal(100)
    lines = sh.ok("queue", "--within", "7").splitlines()
    assert lines[0].split() == ["DUE", "WHEN", "REASON", "CONTACT", "WHAT"]
    row = next(line for line in lines if "send her" in line)
    assert cell_width(row) == 100 and row.endswith("…")
    assert "2026-12-01" in row and "Alexandra Konstantinopoulou" in row  # the narrow columns whole


def test_wide_prints_every_cell_whole_on_a_terminal(sh, terminal):
    terminal(40)
    assert LONG_ROLE in sh.ok("list", "--wide")
    assert LONG_WHAT in sh.ok("queue", "--within", "7", "--wide")


def test_piped_output_is_whole(sh):
    out = sh.ok("list")  # the tests' stdout is no terminal: as a pipe
    assert LONG_ROLE in out and "…" not in out
    assert LONG_WHAT in sh.ok("queue", "--within", "7")


def test_a_real_pipe_prints_whole_whatever_columns_says(tmp_path):
    cli = CLI(tmp_path / "data")
    cli.ok("add", "Alexandra Konstantinopoulou", "--role", LONG_ROLE)
    assert LONG_ROLE in cli.ok("list")


def test_tsv_prints_a_header_row_and_whole_cells_separated_by_tabs(sh, terminal):
    terminal(40)
    lines = sh.ok("list", "--tsv").splitlines()
    assert lines[0] == "\t".join(HEADERS)
    alexandra = lines[1].split("\t")
    assert alexandra[:3] == ["Alexandra Konstantinopoulou", "Analytical Engines Limited", LONG_ROLE]
    assert alexandra[5] == "mentor, hiring, platform"
    queue = sh.ok("queue", "--within", "7", "--tsv").splitlines()
    assert queue[0] == "DUE\tDAYS OVERDUE\tREASON\tCONTACT\tWHAT"  # a number, for programs
    assert all(line.split("\t")[1].lstrip("-").isdigit() for line in queue[1:])
    assert any(line.endswith(f"\tAlexandra Konstantinopoulou\t{LONG_WHAT}") for line in queue)


def test_tsv_escapes_tabs_and_line_breaks_in_a_cell(sh):
    sh.ok("add", "Tab Person", "--company", "A\tB", "--role", "first\nsecond")
    row = next(line for line in sh.ok("list", "--tsv").splitlines() if line.startswith("Tab Person"))
    assert row.split("\t")[1:3] == ["A\\tB", "first\\nsecond"]


def test_appointments_fit_the_terminal_too(sh, terminal):
    sh.ok("book", "alexandra", "--at", "thu 15:00", "--where", "https://example.com/" + "x" * 80)
    terminal(60)
    lines = sh.ok("appointments").splitlines()
    assert all(cell_width(line) <= 60 for line in lines) and "Alexandra Konstantinopoulou" in lines[1]
    assert sh.ok("appointments", "--tsv").splitlines()[0] == "WHEN\tCONTACT\tLENGTH\tWHERE"


def test_json_is_unchanged_by_the_terminal_and_wide(sh, terminal):
    piped = sh.ok("list", "--json")
    terminal(40)
    assert sh.ok("list", "--json") == sh.ok("list", "--json", "--wide") == piped
    assert {c["role"] for c in json.loads(piped)} >= {LONG_ROLE}
    queue = json.loads(sh.ok("queue", "--within", "7", "--json"))
    assert LONG_WHAT in json.dumps(queue)


def test_json_and_tsv_together_are_refused(sh):
    code, out, err = sh("list", "--json", "--tsv")
    assert code == 2 and out == "" and "not allowed with argument" in err


def test_tsv_with_nothing_to_show_is_the_header_row_alone(tmp_path, capsys):
    shell = Shell(tmp_path / "data", capsys)
    assert shell.ok("list", "--tsv") == "\t".join(HEADERS) + "\n"
    assert shell.ok("queue", "--tsv") == "DUE\tDAYS OVERDUE\tREASON\tCONTACT\tWHAT\n"
    assert shell.ok("appointments", "--tsv") == "WHEN\tCONTACT\tLENGTH\tWHERE\n"
    assert shell.ok("list").startswith("No contacts yet.")


def test_tsv_gives_the_last_contact_as_a_date_or_nothing(sh):
    sh.ok("add", "Never Met")
    rows = {r.split("\t")[0]: r.split("\t") for r in sh.ok("list", "--tsv").splitlines()[1:]}
    assert rows["Never Met"][4] == ""
    assert all(r[4] == "" or (len(r[4]) == 10 and r[4][4] == "-") for r in rows.values())
