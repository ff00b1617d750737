"""The pipeline: columns by stage, moving people along with keys, opening one."""

from __future__ import annotations

from nurture.screens.pipeline import PipelineScreen
from nurture.widgets.pipeline_column import PipelineColumn
from tests.tui.conftest import all_rows_text, contact_named, open_on, settle, static_text


async def open_pipeline_on(pilot, app, name: str):
    return await open_on(pilot, app, name, "p", PipelineScreen)


def column_names(app, stage: str) -> list[str]:
    return [card.name for card in app.screen.query_one(f"#col-{stage}", PipelineColumn).rows]


async def test_columns_show_everyone_by_stage_and_start_on_the_selected_contact(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_pipeline_on(pilot, demo_app, "Peter Novak")
        network = demo_app.service.network()
        requested = sorted(
            c.name
            for c in network.contacts.values()
            if not c.archived and network.stage(c, demo_app.service.today()) == "requested"
        )
        assert sorted(column_names(demo_app, "requested")) == requested
        assert static_text(demo_app, "#head-requested") == f"requested {len(requested)}"
        assert demo_app.screen.selected().name == "Peter Novak"
        assert "Peter Novak · requested since 14 Nov 2026 (9d ago)" in static_text(demo_app, "#pipeline-status")
        row = next(
            r
            for r in all_rows_text(demo_app.screen.query_one("#col-requested", PipelineColumn))
            if r.startswith("Peter Novak")
        )
        assert row.endswith("9d")


async def test_shift_right_and_number_keys_move_them_and_the_history_keeps_each_move(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_pipeline_on(pilot, demo_app, "Peter Novak")
        await pilot.press("shift+right")
        assert "Peter Novak" in column_names(demo_app, "scheduled")  # shown at once
        await settle(pilot)
        assert "Peter Novak" in column_names(demo_app, "scheduled")  # and after the reload
        assert "Peter Novak" not in column_names(demo_app, "requested")
        assert demo_app.screen.selected().name == "Peter Novak"  # the cursor went along
        await pilot.press("1")
        await settle(pilot)
        peter = contact_named(demo_app, "Peter Novak")
        assert peter.stage == "prospect"
        assert [(c.stage, c.manual) for c in peter.stage_history[-2:]] == [("scheduled", True), ("prospect", True)]
        assert "Peter Novak" in column_names(demo_app, "prospect")


async def test_moving_to_met_by_hand_says_to_log_the_conversation(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_pipeline_on(pilot, demo_app, "Peter Novak")
        await pilot.press("4")
        await settle(pilot)
        assert contact_named(demo_app, "Peter Novak").stage == "met"
        assert any("so the thank-you is queued" in str(n.message) for n in demo_app._notifications)


async def test_enter_opens_the_contact_on_the_dashboard_and_esc_goes_back(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_pipeline_on(pilot, demo_app, "Peter Novak")
        await pilot.press("left")  # prospects
        chosen = demo_app.screen.selected()
        assert chosen.stage == "prospect"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(demo_app.screen, PipelineScreen)
        assert demo_app.screen.selected_id == chosen.contact_id
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(demo_app.screen, PipelineScreen)


async def test_an_empty_network_shows_empty_columns_and_moving_is_greyed(empty_app):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert static_text(empty_app, "#head-prospect") == "prospect 0"
        assert empty_app.screen.check_action("move", (1,)) is None
        await pilot.press("shift+right")  # nothing to move: nothing happens
        await settle(pilot)


async def test_the_count_of_one_person_says_person(empty_app):
    empty_app.service.add_contact("Ada Park")
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("right")  # an empty column: the status counts everyone
        await settle(pilot)
        assert static_text(empty_app, "#pipeline-status") == "1 person in the pipeline."
