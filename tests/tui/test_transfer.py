"""Import and export from the dashboard: keys, palette, preview, progress, errors inline."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from textual.widgets import Input, ProgressBar, Select

from nurture.screens.export_form import ExportScreen
from nurture.screens.import_form import ImportScreen
from nurture.widgets.contact_list import ContactList
from nurture.widgets.field import Field
from tests.tui.conftest import all_rows_text, make_app, rendered_text, settle, type_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exchange"


def names(app) -> list[str]:
    return sorted(c.name for c in app.service.network().contacts.values())


async def open_import(pilot, path: Path | str) -> ImportScreen:
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#path", Input).value = str(path)
    return screen


async def test_preview_then_import_a_linkedin_export(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        screen = await open_import(pilot, FIXTURES / "linkedin_connections.csv")
        await pilot.press("enter")  # Enter on the path previews
        await settle(pilot)
        preview = rendered_text(screen.query_one("#preview"))
        assert "LinkedIn connections: Would add 4 contacts and update 0" in preview
        assert "skipped line 8: no name" in preview
        assert "ctrl+s imports" in preview
        assert names(app) == []  # a preview writes nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert names(app) == ["Ada Lovelace", "José Núñez", "Mallory Formula", "Zoë Müller 🌱"]
        shown = all_rows_text(app.screen.query_one("#contacts", ContactList))
        assert "Ada Lovelace" in shown[0] and len(shown) == 4
        assert app.screen.selected().name == "Ada Lovelace"  # the first new person is shown
        assert any("Added 4 contacts" in str(n.message) for n in app._notifications)


async def test_a_bad_file_is_explained_under_the_path_and_nothing_is_written(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = names(app)
        screen = await open_import(pilot, FIXTURES / "bad_last.csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)  # still open, to fix the path or file
        field = screen.query_one("#f-path", Field)
        assert field.has_class("-invalid")
        error = rendered_text(field.query_one(".field--error"))
        assert "line 4: email: 'not-an-email' does not look like an email address" in error
        assert "Nothing was imported." in error
        assert names(app) == before
        await pilot.press("escape")
        assert not isinstance(app.screen, ImportScreen)


async def test_a_file_whose_dates_cannot_tell_offers_the_date_order_here(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = await open_import(pilot, FIXTURES / "linkedin_ambiguous.csv")
        order = screen.query_one("#f-order", Field)
        assert not order.display  # no question before a file needs it
        await pilot.press("enter")
        await settle(pilot)
        error = rendered_text(screen.query_one("#f-path", Field).query_one(".field--error"))
        assert "every date reads both day first and month first" in error
        assert order.display
        screen.query_one("#order", Select).value = "dmy"
        await settle(pilot)  # the choice previews at once
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        zoe = next(c for c in app.service.network().contacts.values() if c.name == "Zoë Müller")
        assert zoe.how_met == "LinkedIn connection since 05 Mar 2024"


async def test_import_needs_a_path(tmp_path):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_import(pilot, "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "give the file to import" in rendered_text(screen.query_one("#f-path .field--error"))


async def test_hostile_names_from_a_file_are_shown_as_text(tmp_path):
    f = tmp_path / "evil.csv"
    f.write_text('Name,Company\n"[@click=app.quit]Eve[/]",[/]\n"[bold]Zed",x\n')
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await open_import(pilot, f)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = all_rows_text(app.screen.query_one("#contacts", ContactList))
        assert any("[@click=app.quit]Eve[/]" in r for r in rows)
        assert any("[bold]Zed" in r for r in rows)
        assert app.is_running


async def test_export_writes_a_private_file_and_asks_before_replacing(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    target = tmp_path / "out" / "network.csv"
    target.parent.mkdir()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.query_one("#path", Input).value == "~/nurture-network-2026-11-23.json"
        screen.query_one("#format", Select).value = "csv"
        await settle(pilot)
        # the suggested name follows the format until you type your own
        assert screen.query_one("#path", Input).value == "~/nurture-network-2026-11-23.csv"
        screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert target.stat().st_mode & 0o777 == 0o600
        assert target.read_bytes().startswith(b'\xef\xbb\xbf"Name"')
        assert any("written to" in str(n.message) and "network.csv" in str(n.message) for n in app._notifications)

        target.write_text("mine")
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "Press ctrl+s again to replace it" in rendered_text(screen.query_one("#f-path .field--error"))
        assert target.read_text() == "mine"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert '"nurture_export"' in target.read_text()  # this time the default format, JSON


async def test_ics_asks_for_days_and_other_formats_do_not(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert not screen.query_one("#f-days").display
        screen.query_one("#format", Select).value = "ics"
        await settle(pilot)
        assert screen.query_one("#f-days").display
        assert screen.query_one("#path", Input).value == "~/nurture-queue-2026-11-23.ics"


@pytest.mark.parametrize("typed, screen", [("import contacts", ImportScreen), ("export", ExportScreen)])
async def test_palette_offers_import_and_export(tmp_path, typed, screen):
    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, typed)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, screen)


async def test_user_text_in_a_preview_or_an_error_is_not_markup(tmp_path):
    warn = tmp_path / "warn.csv"
    warn.write_text('Name,Introduced by\nAda,"[@click=app.quit]Eve[/]"\n')
    bad = tmp_path / "bad[b]x[/b].csv".replace("/", "")
    bad.write_text('Name,Email\nAda,"[/]"\n')
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_import(pilot, warn)
        await pilot.press("enter")
        await settle(pilot)
        assert "introduced by '[@click=app.quit]Eve[/]' left blank" in rendered_text(screen.query_one("#preview"))
        screen.query_one("#path", Input).value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        error = rendered_text(screen.query_one("#f-path .field--error"))
        assert "bad[b]x[b].csv: line 2: email: '[/]' does not look like an email address" in error
        assert app.is_running


async def test_a_big_export_shows_its_progress_then_the_result(tmp_path):
    """The export runs in a worker: while it writes, the form shows a progress bar and
    "Writing N of M records…" (held here half-way, as a big network would be); at the end the
    dashboard says what was written."""
    app = make_app(tmp_path / "data", demo=True)
    target = tmp_path / "network.json"
    halfway, go_on = threading.Event(), threading.Event()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        real = app.service.export_to

        def held(*args, progress, **kwargs):
            def report(done: int, total: int, what: str) -> None:
                progress(done, total, what)  # shown first: the UI thread has drawn it when this returns
                if 0 < done < total and not halfway.is_set():
                    halfway.set()
                    go_on.wait(10)

            return real(*args, progress=report, **kwargs)

        app.service.export_to = held
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert not screen.query_one("#work").display  # no bar before the export starts
        screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        for _ in range(200):
            if halfway.is_set():
                break
            await pilot.pause(0.05)
        assert halfway.is_set()
        await pilot.pause()
        bar = screen.query_one("#progress", ProgressBar)
        status = rendered_text(screen.query_one("#status"))
        total = len(json_records(app))
        assert screen.query_one("#work").display
        assert re.fullmatch(rf"Writing \d[\d,]* of {total:,} records…", status.strip()), status
        assert bar.total == total and 0 < bar.progress < total
        await pilot.press("escape")  # an export under way finishes
        assert app.screen is screen
        go_on.set()
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert json.loads(target.read_bytes())["contacts"]
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith(f"nurture JSON written to {target}") for m in messages), messages


def json_records(app) -> list[object]:
    """Every record the JSON export holds (what its progress counts)."""
    doc = json.loads(b"".join(app.service.export_chunks("json")))
    return [r for key, value in doc.items() if isinstance(value, list) for r in value]
