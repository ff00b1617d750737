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
    headers = ["ROLE", "LAST CONTACT", "TAGS"]  # no name among them (that one is kept: below)
    rows = [["Alexandra Longname", "three weeks ago, on a Tuesday", "mentor, hiring, ai, london"]]
    lines = render(headers, rows, width=20).splitlines()  # too narrow for anything: the floors
    assert lines[0] == "ROLE    LAST CONTACT  TAGS"
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


LIST_HEADERS = ["NAME", "COMPANY", "ROLE", "STAGE", "LAST CONTACT", "TAGS"]
LIST_ROWS = [
    ["Sofía Martínez", "Analytical Engines Limited", "Principal Staff Engineer, Internal Platforms", "nurturing",
     "3w ago", "mentor, hiring, platform"],
    ["Alexandra Konstantinopoulou", "株式会社トヨタ自動車", "Designer", "prospect", "—", "ux"],
]  # fmt: skip


def test_the_name_is_the_last_column_to_shrink():
    lines = render(LIST_HEADERS, LIST_ROWS, width=80).splitlines()
    assert all(cell_width(line) <= 80 for line in lines)
    assert lines[0].split("  ")[0] == "NAME" and "TAGS" in lines[0]  # every column still there
    assert lines[1].startswith("Sofía Martínez  ") and lines[2].startswith("Alexandra Konstantinopoulou  ")
    assert "Analytical Engines Limited" not in lines[1]  # the company and role were cut instead


def test_at_60_cells_names_stay_readable_and_the_others_are_cut_to_their_floors():
    lines = render(LIST_HEADERS, LIST_ROWS, width=60).splitlines()
    assert all(cell_width(line) <= 60 for line in lines)
    assert lines[1].startswith("Sofía Martínez  ")  # a name of typical length: whole
    name = lines[2][: lines[2].index("  ")]
    assert name.startswith("Alexandra Konst") and name.endswith("…")  # a long one: readable
    assert cell_width(name) >= 16
    assert "Analyt…" in lines[1] and "Princ…" in lines[1]  # the wide cells gave way first


def test_at_40_cells_the_last_columns_are_left_out_before_the_name_becomes_unreadable():
    lines = render(LIST_HEADERS, LIST_ROWS, width=40).splitlines()
    assert all(cell_width(line) <= 40 for line in lines)
    assert lines[0].split() == ["NAME", "COMPANY", "ROLE"]  # STAGE, LAST CONTACT and TAGS left out
    assert lines[1].startswith("Sofía Martínez  ")
    assert lines[2].startswith("Alexandra Konstantin") and "…" in lines[2]
    company = cell_width(lines[0][: lines[0].index("COMPANY")])
    assert company >= 16 + 2  # the name's column: readable
    assert cell_width(lines[1][: lines[1].index("Analyt")]) == company  # and aligned
    assert cell_width(lines[2][: lines[2].index("株式")]) == company


def test_the_contact_column_of_the_queue_is_kept_too_and_keep_chooses_another():
    headers = ["DUE", "WHEN", "REASON", "CONTACT", "WHAT"]
    rows = [["2026-12-01", "in 1d", "follow-up", "Sofía Martínez", "send the write-up " * 5]]
    lines = render(headers, rows, width=40).splitlines()
    assert "Sofía Martínez" in lines[1] and cell_width(lines[1]) <= 40
    assert "WHAT" not in lines[0]  # left out: the name keeps its cells
    kept_what = render(headers, rows, width=40, keep=4).splitlines()
    assert "WHAT" in kept_what[0] and "CONTACT" not in kept_what[0]


def test_a_name_alone_is_as_wide_as_the_terminal():
    lines = render(["NAME", "TAGS"], [["Alexandra Konstantinopoulou", "x"]], width=12).splitlines()
    assert lines == ["NAME", "Alexandra K…"]
