"""The pipeline's scheduled column: each person's next appointment, soonest first."""

from __future__ import annotations

from nurture.screens.pipeline import PipelineScreen
from nurture.widgets.pipeline_column import PipelineColumn
from tests.tui.conftest import lines, open_on, settle, static_text


async def test_the_scheduled_column_shows_when_each_is_booked_soonest_first(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Grace Liu", "p", PipelineScreen)
        column = demo_app.screen.query_one("#col-scheduled", PipelineColumn)
        # Samuel's was yesterday (waiting to be logged), Grace's is tomorrow, Lucas's on Thursday
        assert [card.name for card in column.rows] == ["Samuel Adeyemi", "Grace Liu", "Lucas Martin"]
        shown = lines(column)
        assert shown[1].startswith("Grace L") and shown[1].endswith("Tue 16:00")
        assert shown[2].startswith("Lucas Martin") and "Thu" in shown[2]  # the time where it fits
        assert "Grace Liu · scheduled since" in static_text(demo_app, "#pipeline-status")
        assert "booked tomorrow 16:00 · Google Meet" in static_text(demo_app, "#pipeline-status")


async def test_a_narrow_column_keeps_names_whole_and_shows_the_day_where_it_fits(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Grace Liu", "p", PipelineScreen)
        shown = lines(demo_app.screen.query_one("#col-scheduled", PipelineColumn))
        assert " ".join(shown[1].split()) == "Grace Liu Tue"  # the day beside the name where both fit
        assert " ".join(shown[2].split()) in ("Lucas Martin", "Lucas Martin Thu")  # the name first, never cut
        await pilot.press("escape")
        await settle(pilot)
        await open_on(pilot, demo_app, "Lucas Martin", "p", PipelineScreen)
        assert "booked Thu" in static_text(demo_app, "#pipeline-status")  # the day, whole, below
