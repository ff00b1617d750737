"""Pictures of the delete confirmation at 80×24 and 120×40, fixed data, pinned date: it names
what goes (the contact, interactions, follow-ups, prep, meeting, drafts, appointments) and
whom she introduced, who keep the link as text."""

from __future__ import annotations

import pytest

from tests.tui.conftest import make_app, settle

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_delete_confirmation(snap_compare, tmp_path, size):
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await settle(pilot)
        app.screen.go_to(next(c.id for c in app.service.network().contacts.values() if c.name == "Maya Okafor"))
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
