"""The weekly review screen, driven by keys."""

from __future__ import annotations

from datetime import date

from nurture.screens.review import ReviewScreen
from tests.tui.conftest import settle, static_text


async def test_review_opens_moves_between_weeks_and_marks_reviewed(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert demo_app.sub_title.endswith("review due")
        await pilot.press("w")
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, ReviewScreen)
        assert static_text(demo_app, "#week").startswith("Mon 23 Nov – Sun 29 Nov 2026 · this week")
        assert screen.check_action("week", (1,)) is None  # no reviewing the future
        await pilot.press("left")
        await settle(pilot)
        assert static_text(demo_app, "#week").startswith("Mon 16 Nov – Sun 22 Nov 2026 · last week")
        activity = static_text(demo_app, "#activity")
        assert "Conversations" in activity and "of 2" in activity
        assert "Chiara Romano" in static_text(demo_app, "#insights .lines")  # takeaways of that week
        assert "Mon 23" in static_text(demo_app, "#plan")
        assert "Streak" in static_text(demo_app, "#trend")
        await pilot.press("r")
        await settle(pilot)
        assert "reviewed 23 Nov" in static_text(demo_app, "#week")
        (review,) = demo_app.service.network().reviews
        assert (str(review.week_start), str(review.reviewed_on)) == ("2026-11-16", "2026-11-23")
        await pilot.press("right")
        await settle(pilot)
        assert "this week" in static_text(demo_app, "#week")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(demo_app.screen, ReviewScreen)
        assert demo_app.sub_title.endswith("reviewed today")


async def test_review_goes_single_column_when_narrow(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert demo_app.screen.has_class("-narrow")
        left = demo_app.screen.query_one("#left-col").region
        right = demo_app.screen.query_one("#right-col").region
        assert right.y >= left.bottom  # stacked, not side by side


async def test_weeks_stepped_through_while_one_is_worked_out_are_not_worked_out(demo_app):
    """← held down: the header follows each step at once; only the week it stops on is read."""
    import threading

    release, asked = threading.Event(), []
    real = demo_app.service.review

    def slow(day):
        asked.append(day)
        release.wait(10)
        return real(day)

    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        demo_app.service.review = slow
        await pilot.press("w")
        await pilot.pause()
        for _ in range(4):
            await pilot.press("left")
        assert static_text(demo_app, "#week").startswith("Mon 26 Oct – Sun 01 Nov 2026 · 4 weeks ago · …")
        release.set()
        await settle(pilot)
        assert static_text(demo_app, "#week").startswith("Mon 26 Oct – Sun 01 Nov 2026 · 4 weeks ago · not")
        assert [str(d) for d in asked] == ["2026-11-23", "2026-10-26"]  # the first, then the last
        assert demo_app.screen.review.week_start == date(2026, 10, 26)
