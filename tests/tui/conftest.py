from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from nurture.app import NurtureApp, create_app
from nurture.demo import seed_demo
from nurture.services import Nurture
from nurture.store import Repository
from nurture.widgets.virtual_list import VirtualList
from tests.conftest import TODAY, Clock


class Seconds:
    """Meeting mode's clock, pinned: it moves only when a test moves it."""

    def __init__(self, at: float = 1_795_435_200.0) -> None:  # 2026-11-23 10:00 UTC
        self.at = at

    def __call__(self) -> float:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += seconds


#: Data directories the current test's apps used: `nurture doctor` must be clean on each after
#: the test (see ``doctor_after_every_flow``).
_DATA_DIRS: list[Path] = []


@pytest.fixture(autouse=True)
def doctor_after_every_flow(request):
    """Every dashboard flow ends with `nurture doctor` clean on the data it used (a test that
    damages the data on purpose is marked ``damages_data``)."""
    _DATA_DIRS.clear()
    yield
    if request.node.get_closest_marker("damages_data"):
        return
    from nurture.store.doctor import check

    for data_dir in _DATA_DIRS:
        if data_dir.exists():
            report = check(Repository(data_dir))
            assert report.healthy, (data_dir, report.problems, [f.problem for f in report.files if f.problem])


def make_app(data_dir: Path, demo: bool = False, poll: float = 60.0, seconds: Seconds | None = None) -> NurtureApp:
    _DATA_DIRS.append(data_dir)
    clock = Clock(TODAY)
    repo = Repository(data_dir, now=clock.now).open()
    if demo:
        seed_demo(repo, TODAY)
    return create_app(Nurture(repo, today=clock.today, now=clock.now), poll_interval=poll, clock=seconds or Seconds())


@pytest.fixture
def demo_app(tmp_path: Path) -> NurtureApp:
    return make_app(tmp_path / "data", demo=True)


@pytest.fixture
def empty_app(tmp_path: Path) -> NurtureApp:
    return make_app(tmp_path / "data")


def _quiet(app) -> bool:
    """No worker running, and no contact pane waiting to read a timeline."""
    from nurture.widgets.contact_detail import ContactDetail

    if not all(w.is_finished for w in app.workers):
        return False
    return not any(d.busy for screen in app.screen_stack for d in screen.query(ContactDetail))


async def settle(pilot) -> None:
    """Let workers finish (a write's worker starts a load when it is done; the contact pane
    reads a timeline) and the screen catch up."""
    await pilot.pause()
    for _ in range(1000):
        if _quiet(pilot.app):
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError("workers still running after 10 s")
    await pilot.pause()
    await pilot.pause()  # a screen pushed by a save's callback recomposes its footer a beat later


def lines(widget: VirtualList) -> list[str]:
    """What a virtual list shows right now, one string per visible line."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


def all_rows_text(widget: VirtualList, width: int = 200) -> list[str]:
    """Every row as it renders at ``width`` columns (wide enough that nothing is clipped)."""
    return [widget.render_row(row, width).plain.rstrip() for row in widget.rows]


def rendered_text(widget) -> str:
    """The text a Static shows, whether it holds Content or a Rich renderable."""
    from rich.console import Console
    from textual.content import Content

    renderable = widget.content
    if isinstance(renderable, (Content, str)):
        return str(renderable)
    with open(os.devnull, "w") as nowhere:
        console = Console(width=max(widget.size.width, 40), record=True, file=nowhere)
        console.print(renderable)
    return console.export_text()


def static_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def contact_named(app, name: str):
    """The stored contact with this name (as the user would pick them)."""
    return next(c for c in app.service.network().contacts.values() if c.name == name)


async def open_on(pilot, app, name: str, key: str, screen_type):
    """Select ``name`` on the dashboard, press ``key``; the screen that opens must be ``screen_type``."""
    person = contact_named(app, name)
    app.screen.go_to(person.id)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, screen_type), app.screen
    return person


def today() -> date:
    return TODAY


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    """Text cursors blink on a timer; on a busy machine a snapshot could catch either phase.
    Keep them steadily visible so pictures only change when the screen really does."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


def drawn_lines(app) -> list[str]:
    """The screen as text, one string per line, as the compositor hands it to the terminal."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False).splitlines()


def tmux_columns(line: str, char: str) -> list[int]:
    """Where ``char`` lands in ``line`` as tmux 3.3 draws it (each width below was read from
    tmux's cursor after printing the character): a skin tone is a glyph of its own, two cells
    wide; U+FE0F takes no room and widens nothing; what follows U+200D joins the glyph before it;
    anything else is as wide as Rich says."""
    from rich.cells import get_character_cell_size

    columns, x, joined = [], 0, False
    for c in line:
        if c == char:
            columns.append(x)
        if joined or c in "\u200d\ufe0f":
            width = 0
        elif "\U0001f3fb" <= c <= "\U0001f3ff":
            width = 2
        else:
            width = get_character_cell_size(c)
        joined = c == "\u200d"
        x += width
    return columns
