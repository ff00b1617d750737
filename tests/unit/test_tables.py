"""The shell's tables fitted to the terminal's width: long cells cut with an ellipsis, the widest
columns first, headers whole, wide characters counted as two cells; TSV with every cell whole."""

from __future__ import annotations

from nurture.tables import MIN_COLUMN, cell_width, render, tsv

HEADERS = ["NAME", "COMPANY", "NOTES"]
ROWS = [
    ["Ada Lovelace", "Analytical Engines Limited", "Wants an intro to the Difference Engine team " * 3],
    ["Bo", "Acme", "short"],
]


def column_starts(line: str, headers: list[str]) -> list[int]:
    return [cell_width(line[: line.index(h)]) for h in headers]


def test_a_table_narrower_than_the_terminal_is_printed_whole():
    assert render(HEADERS, [["Bo", "Acme", "short"]], width=200) == render(HEADERS, [["Bo", "Acme", "short"]])
    assert "…" not in render(HEADERS, ROWS, width=200)


def test_at_80_cells_only_the_widest_column_gives_way():
    lines = render(HEADERS, ROWS, width=80).splitlines()
    assert all(cell_width(line) <= 80 for line in lines)
    assert max(cell_width(line) for line in lines) == 80  # the room is used, not wasted
    assert lines[1].startswith("Ada Lovelace  Analytical Engines Limited  Wants an intro")
    assert lines[1].endswith("…")
    assert lines[2].split() == ["Bo", "Acme", "short"]


def test_at_40_cells_the_wide_columns_shrink_to_a_common_level_the_narrow_one_is_kept():
    lines = render(HEADERS, ROWS, width=40).splitlines()
    assert all(cell_width(line) <= 40 for line in lines)
    assert lines[0].split() == HEADERS  # headers whole
    assert lines[1].startswith("Ada Lovelace  ")  # 12 cells: narrower than the level, whole
    company, notes = lines[1][len("Ada Lovelace  ") :].split("  ", 1)
    assert company.endswith("…") and notes.endswith("…")
    assert abs(cell_width(company) - cell_width(notes)) <= 1  # the widest cut first, to one level
    assert lines[2].split() == ["Bo", "Acme", "short"]


def test_a_very_long_cell_is_cut_to_the_room_left():
    rows = [["Ada", "x" * 100_000]]
    lines = render(["NAME", "WHAT"], rows, width=80).splitlines()
    assert lines[1] == "Ada   " + "x" * 73 + "…"
    assert render(["NAME", "WHAT"], rows).splitlines()[1] == "Ada   " + "x" * 100_000  # no width: whole


def test_wide_characters_count_two_cells_and_columns_stay_aligned():
    rows = [["山田太郎", "株式会社トヨタ自動車の東京本社営業部第二課", "note"], ["Ada", "Analytical Engines", "note"]]
    for width in (40, 80):
        lines = render(HEADERS, rows, width=width).splitlines()
        assert all(cell_width(line) <= width for line in lines)
        starts = {cell_width(line[: line.rindex("  ") + 2]) for line in lines[1:]}
        assert len(starts) == 1, lines  # NOTES starts at the same cell on every row
    cut = render(HEADERS, rows, width=40).splitlines()[1]
    assert "…" in cut and cut.startswith("山田太郎  株式会社")


def test_headers_are_never_cut_and_no_column_goes_below_the_minimum():
    headers = ["NAME", "LAST CONTACT", "TAGS"]
    rows = [["Alexandra Longname", "three weeks ago, on a Tuesday", "mentor, hiring, ai, london"]]
    lines = render(headers, rows, width=20).splitlines()  # too narrow for anything: the floors
    assert lines[0] == "NAME    LAST CONTACT  TAGS"
    assert lines[1] == "Alexa…  three weeks…  mento…"
    assert MIN_COLUMN == 6


def test_a_short_column_is_never_padded_out_to_the_minimum():
    lines = render(["N", "WHAT"], [["a", "y" * 200]], width=40).splitlines()
    assert lines[1].startswith("a  y") and cell_width(lines[1]) == 40


def test_cells_stay_on_one_line_and_control_characters_cannot_act():
    out = render(["NAME", "WHAT"], [["Ada", "two\nlines \x1b[31mred"]], width=80)
    assert out.splitlines()[1] == "Ada   two lines \\x1b[31mred"


def test_tsv_has_a_header_row_and_every_cell_whole_with_tabs_and_newlines_escaped():
    out = tsv(["NAME", "NOTES"], [["Ada", "a\tb\nc\\n" + "z" * 500], ["Bo", "\x1b"]])
    assert out.splitlines() == ["NAME\tNOTES", "Ada\ta\\tb\\nc\\\\n" + "z" * 500, "Bo\t\\x1b"]
