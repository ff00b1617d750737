"""Commitments both ways: the list across everyone, marking done from it, opening the person."""

from __future__ import annotations

from nurture.domain.review import Commitment
from nurture.screens.commitments import CommitmentsScreen
from nurture.widgets.commitment_list import CommitmentList
from tests.tui.conftest import lines, settle


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def open_items(app, owner: str) -> list[tuple[str, str]]:
    return [(c.name, c.text) for c in app.service.commitments()[owner]]


async def test_the_list_shows_both_ways_and_marks_done_where_you_see_it(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        mine_before, theirs_before = open_items(demo_app, "mine"), open_items(demo_app, "theirs")
        assert mine_before and theirs_before
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(demo_app.screen, CommitmentsScreen)
        shown = "\n".join(lines(demo_app.screen.query_one(CommitmentList)))
        assert f"You promised ({len(mine_before)})" in shown and f"They offered ({len(theirs_before)})" in shown
        assert mine_before[0][1] in shown and theirs_before[0][1] in shown

        await pilot.press("space")  # the first of mine: the cursor starts on it
        await settle(pilot)
        assert open_items(demo_app, "mine") == mine_before[1:]
        shown = "\n".join(lines(demo_app.screen.query_one(CommitmentList)))
        assert f"You promised ({len(mine_before) - 1})" in shown and mine_before[0][1] not in shown
        name, text = mine_before[0]
        assert f"What you promised {name} is done: {text}" in notices(demo_app)

        box = demo_app.screen.query_one(CommitmentList)
        box.move_to(next(i for i, r in enumerate(box.rows) if isinstance(r, Commitment) and r.owner == "them"))
        await pilot.press("x")
        await settle(pilot)
        assert open_items(demo_app, "theirs") == theirs_before[1:]
        name, text = theirs_before[0]  # it was their offer to you, not yours to them
        assert f"What {name} offered is done: {text}" in notices(demo_app)


async def test_enter_opens_the_person_on_the_dashboard(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        first = demo_app.screen.selected()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(demo_app.screen, CommitmentsScreen)
        assert demo_app.screen.selected_id == first.contact_id
        assert first.name in str(demo_app.screen.query_one("#card").render())


async def test_with_nothing_open_it_says_so_and_done_is_greyed(empty_app):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "No open commitments" in "\n".join(lines(empty_app.screen.query_one(CommitmentList)))
        assert empty_app.screen.check_action("done", ()) is None
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(empty_app.screen, CommitmentsScreen)
