"""Pictures of the weekly review of a big network (200 contacts, 1,000 interactions, seeded with a
fixed seed on a pinned date) at 80×24 and 120×40: long lists as their first rows, a count and
"and N more"; and a list being browsed. Review a diff on purpose (pytest --snapshot-update)."""

from __future__ import annotations

import pytest

from tests.tui.conftest import make_app, settle
from tests.tui.test_review_scale import seeded

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "keys",
    [["w"], ["w", "tab", "down", "down", "down"], ["w", "left", "tab", "tab", "tab", "tab"]],
    ids=["review", "browsing", "last_week_plan"],
)
def test_review_at_scale(snap_compare, tmp_path, keys, size):
    app = make_app(seeded(tmp_path / "data"))

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
