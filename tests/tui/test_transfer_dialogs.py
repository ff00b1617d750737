"""The import and export dialogs as a new user meets them at 80x24: an export never replaces a
file with what was not confirmed, Enter exports, the footer offers no key that would do nothing,
a long preview scrolls, the date order is chosen in the form, the notice after an import names
the skipped rows, and an empty network offers the import first."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Footer, Input, Select

from nurture.domain.dates import DMY, MDY
from nurture.exchange.column_dates import DateOrderNeeded, column_order
from nurture.screens.export_form import ExportScreen, with_suffix
from nurture.screens.import_form import ImportScreen, in_form_words
from nurture.widgets.field import Field
from tests.tui.conftest import make_app, rendered_text, settle, static_text, type_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exchange"
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def footer_keys(screen) -> str:
    return " ".join(str(key.render()) for key in screen.query_one(Footer).children)


def path_error(screen) -> str:
    field = screen.query_one("#f-path", Field)
    return rendered_text(field.query_one(".field--error")) if field.has_class("-invalid") else ""


def long_linkedin(tmp_path: Path, nameless: int = 9, twice: int = 8) -> Path:
    """A LinkedIn connections export with rows that have no name and people listed twice."""
    rows = [LINKEDIN_HEADER]
    rows += [",,,,Acme,Engineer,15 Mar 2024"] * nameless
    people = [f"Ann{i},Lee,https://www.linkedin.com/in/ann-lee-{i},ann{i}@example.org,Acme" for i in range(12)]
    rows += [f"{p},Engineer,15 Mar 2024" for p in people]
    rows += [f"{p},Lead,16 Mar 2024" for p in people[:twice]]
    f = tmp_path / "Connections.csv"
    f.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return f


async def open_export(pilot) -> ExportScreen:
    await pilot.press("E")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def open_import(pilot, path: Path) -> ImportScreen:
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#path", Input).value = str(path)
    return screen


# --- export ---------------------------------------------------------------------------------------


async def test_changing_the_format_after_a_replace_warning_asks_again(tmp_path):
    """The data loss a trial found: net.json exists, ctrl+s warns, the format changes, one ctrl+s
    replaced the file with CSV text. A change to the form now asks again."""
    app = make_app(tmp_path / "data", demo=True)
    target = tmp_path / "net.backup"  # no export suffix: the name stays as typed
    target.write_text("mine")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_export(pilot)
        screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Press ctrl+s again to replace it" in path_error(screen)
        screen.query_one("#format", Select).value = "csv"
        await settle(pilot)
        assert path_error(screen) == ""  # the warning was for the JSON export
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert target.read_text() == "mine"
        assert "Press ctrl+s again to replace it" in path_error(screen)
        await pilot.press("ctrl+s")  # asked again about the CSV, confirmed
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert target.read_bytes().startswith(b'\xef\xbb\xbf"Name"')


async def test_editing_the_name_after_a_replace_warning_asks_again(tmp_path):
    """Typed keys, not a value set: even a name typed back as it was asks again."""
    app = make_app(tmp_path / "data", demo=True)
    target = tmp_path / "net.json"
    target.write_text("mine")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_export(pilot)
        path = screen.query_one("#path", Input)
        path.value = str(target)
        path.focus()
        await pilot.press("end", "ctrl+s")
        await settle(pilot)
        assert "Press ctrl+s again to replace it" in path_error(screen)
        await pilot.press("x", "backspace", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert target.read_text() == "mine"
        assert "Press ctrl+s again to replace it" in path_error(screen)


async def test_a_typed_name_takes_the_new_formats_suffix(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_export(pilot)
        path, fmt = screen.query_one("#path", Input), screen.query_one("#format", Select)
        path.value = "~/backups/net.json"
        for value, shown in [("csv", "net.csv"), ("vcard", "net.vcf"), ("markdown", "net.md"), ("json", "net.json")]:
            fmt.value = value
            await settle(pilot)
            assert path.value == f"~/backups/{shown}"
        path.value = "~/backups/net.txt"
        fmt.value = "csv"
        await settle(pilot)
        assert path.value == "~/backups/net.txt"  # not an export's suffix: as typed


def test_the_shells_date_order_advice_is_said_as_the_forms_field(tmp_path):
    """The messages column_dates really gives, each turned into the Date order field's words."""
    where = tmp_path / "Connections.csv"
    messages: list[str | DateOrderNeeded] = [
        column_order(where, "Last contact", [("line 2", "05/03/2024")], usual=DMY, usual_why="your setting")[1]
    ]
    for cells, given in [([("line 2", "05/03/2024")], ""), ([("line 2", "15/03/2024")], MDY)]:
        with pytest.raises(DateOrderNeeded) as refused:
            column_order(where, "Connected On", cells, given=given)
        assert "--date-order" in str(refused.value)  # the shell's advice
        messages.append(refused.value)
    said = [in_form_words(m) for m in messages]
    assert all(about_dates and "--date-order" not in text for text, about_dates in said), said
    assert "If that is wrong, choose Day first or Month first under Date order below" in said[0][0]
    assert "say which: choose Day first or Month first under Date order below" in said[1][0]
    assert "cannot be read month first; the column is day first; choose As the file shows or Day first" in said[2][0]
    assert in_form_words("line 4: no name") == ("line 4: no name", False)


def test_the_suffix_rule():
    assert with_suffix("NET.JSON", "csv") == "NET.csv"
    assert with_suffix("a.ics", "ics") == "a.ics"
    assert with_suffix("/tmp/.csv", "json") == "/tmp/.json"
    assert with_suffix("archive", "vcard") == "archive"


async def test_enter_in_the_file_field_exports(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    target = tmp_path / "network.json"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_export(pilot)
        path = screen.query_one("#path", Input)
        path.value = str(target)
        path.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert '"nurture_export"' in target.read_text()


class Held:
    """``app.service.NAME`` held in its worker thread until ``release``: what the dialog shows
    while the work runs."""

    def __init__(self, app, name: str) -> None:
        self.started, self.go_on = threading.Event(), threading.Event()
        real = getattr(app.service, name)

        def held(*args, **kwargs):
            self.started.set()
            self.go_on.wait(10)
            return real(*args, **kwargs)

        setattr(app.service, name, held)

    async def running(self, pilot) -> None:
        for _ in range(200):
            if self.started.is_set():
                break
            await pilot.pause(0.05)
        await pilot.pause()
        await pilot.pause()

    def release(self) -> None:
        self.go_on.set()


async def test_while_an_export_runs_the_footer_offers_no_cancel(tmp_path):
    """esc is ignored while the export writes: the footer says nothing of it then, and offers it
    again once the export has stopped (here: the file exists, and the form asks)."""
    app = make_app(tmp_path / "data", demo=True)
    target = tmp_path / "network.json"
    target.write_text("mine")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        held = Held(app, "export_to")
        screen = await open_export(pilot)
        assert "esc Cancel" in footer_keys(screen) and "^s Export" in footer_keys(screen)
        screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await held.running(pilot)
        assert "Cancel" not in footer_keys(screen) and "Export" not in footer_keys(screen)
        held.release()
        await settle(pilot)
        assert "Press ctrl+s again to replace it" in path_error(screen)
        assert "esc Cancel" in footer_keys(screen) and "^s Export" in footer_keys(screen)


# --- import ---------------------------------------------------------------------------------------


async def test_while_an_import_reads_the_footer_offers_no_cancel(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        held = Held(app, "import_file")
        screen = await open_import(pilot, FIXTURES / "linkedin_connections.csv")
        assert "esc Cancel" in footer_keys(screen)
        await pilot.press("enter")
        await held.running(pilot)
        assert "Cancel" not in footer_keys(screen) and "Import" not in footer_keys(screen)
        held.release()
        await settle(pilot)
        assert "Would add 4 contacts" in rendered_text(screen.query_one("#preview"))
        assert "esc Cancel" in footer_keys(screen) and "^s Import" in footer_keys(screen)


async def test_a_long_preview_says_what_matters_first_and_scrolls_at_80x24(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_import(pilot, long_linkedin(tmp_path))
        await pilot.press("enter")
        await settle(pilot)
        lines = rendered_text(screen.query_one("#preview")).splitlines()
        assert lines[0].startswith("LinkedIn connections: Would add 12 contacts")
        assert "8 merged into an earlier record of the file, 9 skipped" in lines[0]
        assert lines[1] == "Nothing written yet. ctrl+s imports."
        assert "· … and 2 more merged into an earlier record" in lines[-1]
        scroll = screen.query_one("#preview-scroll")
        dialog = screen.query_one("#dialog")
        assert dialog.region.bottom <= 24 and scroll.region.bottom <= screen.query_one(Footer).region.y
        assert scroll.region.height >= 3
        assert scroll.max_scroll_y > 0  # more than fits: it scrolls
        assert "pgdn More" in footer_keys(screen)
        assert screen.focused is screen.query_one("#path")
        for _ in range(5):
            await pilot.press("pagedown")  # from the File field
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert scroll.scroll_y < scroll.max_scroll_y
        await pilot.press("tab", "tab")  # past Format, to the preview: the arrows scroll it
        assert screen.focused is scroll
        await pilot.press("end")
        assert scroll.scroll_y == scroll.max_scroll_y
        assert names(app) == []


async def test_the_date_order_is_chosen_in_the_form_and_previews_at_once(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_import(pilot, FIXTURES / "linkedin_ambiguous.csv")
        await pilot.press("enter")
        await settle(pilot)
        error = path_error(screen)
        assert "every date reads both day first and month first" in error
        assert "say which: choose Day first or Month first under Date order below" in error
        assert "--date-order" not in error and "nurture import" not in error
        assert screen.query_one("#f-order", Field).display
        assert screen.focused is screen.query_one("#order")  # the choice asked for, ready
        await pilot.press("enter", "down", "enter")  # Day first
        await settle(pilot)
        assert screen.query_one("#order", Select).value == DMY
        assert path_error(screen) == ""
        preview = rendered_text(screen.query_one("#preview"))
        assert "LinkedIn connections: Would add 3 contacts" in preview
        assert "Nothing written yet. ctrl+s imports." in preview
        assert names(app) == []  # a preview, nothing written


async def test_the_notice_after_an_import_names_the_skipped_rows_briefly(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await open_import(pilot, long_linkedin(tmp_path))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        notice = next(str(n.message) for n in app._notifications if "Added 12 contacts" in str(n.message))
        lines = notice.splitlines()
        assert "skipped line 2: no name" in lines and "skipped line 3: no name" in lines
        assert any(line.startswith("line 23 (Ann0 Lee) merged into line 11") for line in lines)
        assert lines[-1] == "… and 7 more skipped, 7 more merged"
        assert len(lines) <= 6, lines  # short enough not to bury the screen at 80x24


async def test_an_empty_network_offers_the_import_first(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        welcome = static_text(app, "#card")
        assert "i  import your contacts (LinkedIn, Google, Outlook, vCard…)" in welcome
        assert welcome.index("i  import") < welcome.index("a  add your first contact")
        await type_text(pilot, "i")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)


def names(app) -> list[str]:
    return sorted(c.name for c in app.service.network().contacts.values())
