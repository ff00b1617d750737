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
        assert shown[2].endswith("Thu 15:00")
        assert "Grace Liu · scheduled since" in static_text(demo_app, "#pipeline-status")
        assert "booked tomorrow 16:00 · Google Meet" in static_text(demo_app, "#pipeline-status")


async def test_a_narrow_column_shows_the_day(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_on(pilot, demo_app, "Grace Liu", "p", PipelineScreen)
        shown = lines(demo_app.screen.query_one("#col-scheduled", PipelineColumn))
        assert shown[1].endswith("Tue") and shown[2].endswith("Thu")
