"""Question prep: picking from the bank, ordering, rewording, writing your own, closed flags."""

from __future__ import annotations

from nurture.domain.questions import BANK, CLOSING
from nurture.screens.prep import PrepScreen
from nurture.widgets.question_lists import BankList, PrepList
from tests.tui.conftest import lines, open_on, settle, type_text


async def open_prep(pilot, app, name: str = "Peter Novak"):
    return await open_on(pilot, app, name, "Q", PrepScreen)


def title(app) -> str:
    return str(app.screen.query_one("#prep-pane").border_title)


async def test_picking_from_the_bank_builds_the_list_and_the_counter_follows(demo_app):
    async with demo_app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        peter = await open_prep(pilot, demo_app)
        assert "0 of 5–7: add 5 more" in title(demo_app)
        for _ in range(5):  # the first five of the bank, one after another
            await pilot.press("space", "down")
        await settle(pilot)
        assert demo_app.service.prep(peter.id) == [q.text for q in BANK[:5]]
        assert "5 questions, within 5–7" in title(demo_app)
        shown = lines(demo_app.screen.query_one(PrepList))
        assert shown[0].startswith(" 1. " + BANK[0].text)
        assert shown[5].startswith(" ★  " + CLOSING) and shown[5].endswith("always last")
        assert lines(demo_app.screen.query_one(BankList))[1].startswith(" ✓ " + BANK[0].text)

        await pilot.press("up", "enter")  # enter on a picked question takes it out again
        await settle(pilot)
        assert demo_app.service.prep(peter.id) == [q.text for q in BANK[:4]]


async def test_order_reword_and_remove_in_the_list(demo_app):
    async with demo_app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        peter = await open_prep(pilot, demo_app)
        demo_app.service.set_prep(peter.id, ["How?", "What?", "Why?"])
        await pilot.press("escape")
        await settle(pilot)
        await open_prep(pilot, demo_app)
        await pilot.press("shift+tab")  # to the list
        await pilot.press("down", "shift+up")  # What? first
        await settle(pilot)
        assert demo_app.service.prep(peter.id) == ["What?", "How?", "Why?"]
        await pilot.press("e")
        await settle(pilot)
        demo_app.screen.query_one("#question").value = "How did you start out?"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.service.prep(peter.id) == ["How did you start out?", "How?", "Why?"]
        await pilot.press("x")
        await settle(pilot)
        assert demo_app.service.prep(peter.id) == ["How?", "Why?"]
        await pilot.press("end")  # the closing question: it cannot be removed or moved
        assert demo_app.screen.check_action("remove", ()) is None
        assert demo_app.screen.check_action("shift", (-1,)) is None


async def test_your_own_question_joins_the_bank_and_the_list_and_a_closed_one_is_flagged(demo_app):
    async with demo_app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        peter = await open_prep(pilot, demo_app)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Do you travel much?")
        assert "Closed question: it starts with “Do”" in str(
            demo_app.screen.query_one("#f-question .field--hint").render()
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.service.prep(peter.id) == ["Do you travel much?"]
        assert any(q.own and q.text == "Do you travel much?" for q in demo_app.service.question_bank())
        row = lines(demo_app.screen.query_one(PrepList))[0]
        assert row.startswith(" 1. Do you travel much?") and row.endswith("closed?")
        await pilot.press("shift+tab")
        await settle(pilot)
        assert "Closed question" in str(demo_app.screen.query_one("#prep-note").render())


async def test_a_blank_question_is_refused_inline_and_nothing_is_saved(demo_app):
    async with demo_app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        peter = await open_prep(pilot, demo_app)
        await pilot.press("n", "ctrl+s")
        await settle(pilot)
        assert "cannot be blank" in str(demo_app.screen.query_one("#f-question .field--error").render())
        await pilot.press("escape")
        await settle(pilot)
        assert demo_app.service.prep(peter.id) == []


async def test_a_pick_shows_its_tick_at_once_on_the_row_under_the_cursor(demo_app, monkeypatch):
    """The tick is drawn from what is picked, not only from the rows: the cursor's own row must
    show it straight away, before (or without) the reload that follows the save."""
    monkeypatch.setattr(PrepScreen, "after_save", lambda self: None)
    async with demo_app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await open_prep(pilot, demo_app)
        assert lines(demo_app.screen.query_one(BankList))[1] == "   " + BANK[0].text
        await pilot.press("space")
        await settle(pilot)
        assert lines(demo_app.screen.query_one(BankList))[1] == " ✓ " + BANK[0].text
