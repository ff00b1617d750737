"""Pictures of every screen at 80×24 and 120×40, fixed data, pinned date. A diff here is a change
a user would see: review it on purpose (pytest --snapshot-update after checking the report)."""

from __future__ import annotations

import pytest

from nurture.widgets.queue_list import QueueList
from tests.tui.conftest import make_app, settle

SIZES = [(80, 24), (120, 40)]


async def _ready(pilot) -> None:
    await settle(pilot)


SCREENS = {
    "dashboard": [],
    "add_form": ["a"],
    "add_form_errors": ["a", "ctrl+s"],
    "edit_form": ["e"],
    "log_form": ["l"],
    "followup_form": ["f"],
    "snooze_form": ["s"],
    "done_form": ["d"],
    "help": ["question_mark"],
    "contacts_filtered": ["slash", "d", "e", "s", "i", "g", "n"],
    "review_this_week": ["w"],
    "review_last_week": ["w", "left"],
    "import_form": ["i"],
    "export_form": ["E"],
    "commitments": ["c"],
    "pipeline": ["p"],
    "chain": ["go:Ibrahim Diallo", "R"],
    "outreach": ["go:Sara Bianchi", "o"],
    "targets": ["T"],
    "target_form": ["T", "a"],
    "question_form": ["Q", "n"],
    "meeting_referral_form": ["go:Lucas Martin", "m", "ctrl+r"],
    "meeting_end_form": ["go:Lucas Martin", "m", "ctrl+s"],
    "template_form": ["go:Peter Novak", "o", "shift+tab", "e"],
    "goal_form": ["go:Sara Bianchi", "o", "ctrl+g"],
    "meeting": [
        "go:Lucas Martin",
        "m",
        "ctrl+n",
        "ctrl+n",
        "T",
        "w",
        "o",
        "enter",
        "ctrl+t",
        "Y",
        "e",
        "s",
        "enter",
        "ctrl+o",
        "S",
        "e",
        "n",
        "d",
        "enter",
        "ctrl+b",
        "I",
        "n",
        "t",
        "r",
        "o",
    ],
    "prep": ["Q", "space", "down", "space", "down", "down", "space"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen(snap_compare, tmp_path, name, size):
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        for key in SCREENS[name]:
            if key.startswith("go:"):  # select this person on the dashboard
                who = key.split(":", 1)[1]
                app.screen.go_to(next(c.id for c in app.service.network().contacts.values() if c.name == who))
            else:
                await pilot.press(key)
            await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("name", ["dashboard", "pipeline"])
def test_big_terminal(snap_compare, tmp_path, name):
    """At 160×50 the room is used: the queue's detail column, the list's role, wide pipeline columns."""
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        for key in SCREENS[name]:
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(app, terminal_size=(160, 50), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_run(snap_compare, tmp_path, size):
    app = make_app(tmp_path / "data")
    assert snap_compare(app, terminal_size=size, run_before=_ready)


def test_queue_item_detail(snap_compare, tmp_path):
    """The queue drives the contact pane: highlighting an item shows that person."""
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        queue = app.screen.query_one(QueueList)
        index = next(i for i, r in enumerate(queue.rows) if getattr(r, "name", "") == "Emily Chen")
        queue.move_to(index)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_edit_conflict(snap_compare, tmp_path, size):
    """Saving an edit that collides with a change made elsewhere: both versions, and a choice."""
    from textual.widgets import Input

    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        peter = next(c for c in app.service.network().contacts.values() if c.name == "Peter Novak")
        app.screen.go_to(peter.id)
        await pilot.press("e")
        await pilot.pause()
        app.service.update_contact(peter.id, role="Design Director")
        app.screen.query_one("#role", Input).value = "Head of Design"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # As in test_failed_save: the dashboard's footer, seen below the dialog, may recompose
        # while covered and be caught blank on a busy machine. Redraw what lies below.
        for screen in app.screen_stack[:-1]:
            screen.refresh(layout=True)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_import_preview(snap_compare, tmp_path, monkeypatch, size):
    """The preview of a LinkedIn import: what would change, what was skipped, nothing written."""
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).parent.parent.parent)  # a path that is the same everywhere
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("i")
        await settle(pilot)
        pilot.app.screen.query_one("#path").value = "tests/fixtures/exchange/linkedin_connections.csv"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_failed_save(snap_compare, tmp_path, monkeypatch, size):
    """The tallest form after its save failed (a full disk): back as it was typed, the reason in
    full above the keys, the fields scrolling in the room left."""
    from textual.widgets import Input, TextArea

    from nurture.services import Nurture
    from nurture.store.errors import DataFileError

    def disk_full(*args, **kwargs):
        raise DataFileError(
            "could not save /home/you/.local/share/nurture/interactions/3.json: the disk is "
            "full. Nothing was changed. Free some space and try again."
        )

    monkeypatch.setattr(Nurture, "log", disk_full)
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        app.screen.go_to(next(c.id for c in app.service.network().contacts.values() if c.name == "Peter Novak"))
        await pilot.press("l")
        await settle(pilot)
        app.screen.query_one("#summary", Input).value = "Portfolio review"
        app.screen.query_one("#notes", TextArea).load_text("Show process, not polish.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The dashboard under the form reloads after the failed save, and its footer recomposes
        # while the form covers it; now and then the two columns of it seen beside the dialog
        # are caught before they are drawn again. Redraw it so the picture is the same each run.
        app.screen_stack[-2].refresh(layout=True)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_every_picture_on_disk_belongs_to_a_test():
    """syrupy fails a run that leaves a picture unused (a screen renamed or dropped), but not
    when the suite runs in parallel (pytest-xdist: each worker sees only its share of the
    tests). The same check, made here from the tests' own parameters."""
    import inspect
    import itertools
    from pathlib import Path

    def ids(mark) -> list[str]:
        make = mark.kwargs.get("ids")
        return [make(v) if callable(make) else str(v) for v in mark.args[1]]

    wanted = set()
    for name, test in globals().items():
        if name.startswith("test_") and "snap_compare" in inspect.signature(test).parameters:
            marks = [m for m in getattr(test, "pytestmark", []) if m.name == "parametrize"]
            for combo in itertools.product(*(ids(m) for m in marks)):
                wanted.add(f"{name}[{'-'.join(combo)}].svg" if combo else f"{name}.svg")
    on_disk = {p.name for p in (Path(__file__).parent / "__snapshots__" / "test_snapshots").glob("*.svg")}
    assert on_disk == wanted, (sorted(on_disk - wanted), sorted(wanted - on_disk))
