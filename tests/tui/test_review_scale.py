"""The weekly review of a big network: long lists show their first rows and how many more, all of
them a key away, and drawing the review touches only the rows on screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from nurture.domain.review import Unthanked
from nurture.screens.review import ReviewScreen, review_view
from nurture.seed import synthetic_network
from nurture.store import Repository
from nurture.widgets.review_list import SHOWN, ReviewList, ReviewSection
from tests.tui.conftest import TODAY, lines, make_app, settle, static_text


def seeded(data_dir: Path, contacts: int = 200, interactions: int = 1000) -> Path:
    people, notes, followups = synthetic_network(contacts, interactions, TODAY)
    Repository(data_dir).open().save(contacts=people, interactions=notes, followups=followups)
    return data_dir


@pytest.fixture
def big_app(tmp_path):
    return make_app(seeded(tmp_path / "data"))


def section(app, name: str) -> ReviewSection:
    return app.screen.query_one(f"#{name}", ReviewSection)


def shown(app, name: str) -> list[str]:
    return [line.strip() for line in lines(section(app, name).list)]


async def test_a_long_list_shows_its_first_rows_the_count_and_the_rest_a_key_away(big_app):
    async with big_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = big_app.screen
        assert isinstance(screen, ReviewScreen) and screen.review is not None
        unthanked = screen.review.unthanked
        assert len(unthanked) > SHOWN
        box = section(big_app, "unthanked")
        assert f"No thank-you yet ({len(unthanked):,})" in static_text(big_app, "#unthanked .lines")
        assert [row.split("  ")[0] for row in shown(big_app, "unthanked")] == [u.name for u in unthanked[:SHOWN]]
        assert static_text(big_app, "#unthanked .more").startswith(f"and {len(unthanked) - SHOWN:,} more")
        assert box.list.rows == unthanked  # all of them, drawn when scrolled to

        # Tab goes into the first long list; the keys browse it to its last row.
        await pilot.press("tab")
        assert big_app.focused is box.list
        await pilot.press("end")
        await pilot.pause()
        assert shown(big_app, "unthanked")[-1].startswith(unthanked[-1].name)
        await pilot.press("tab")  # the next long list
        assert big_app.focused is section(big_app, "losing").list
        await pilot.press("shift+tab")
        assert big_app.focused is box.list

        # The weeks, this week, marking reviewed and going back work from inside a list.
        await pilot.press("left")
        await settle(pilot)
        assert "last week" in static_text(big_app, "#week")
        assert box.list.cursor == 0 and box.list.scroll_offset.y == 0  # a new week starts at the top
        await pilot.press("t")
        await settle(pilot)
        assert "this week" in static_text(big_app, "#week")
        await pilot.press("r")
        await settle(pilot)
        assert "reviewed 23 Nov" in static_text(big_app, "#week")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(big_app.screen, ReviewScreen)


async def test_a_short_list_is_written_out_and_cannot_be_tabbed_into(big_app):
    async with big_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        theirs = big_app.screen.review.commitments["theirs"]
        assert 0 < len(theirs) <= SHOWN
        text = static_text(big_app, "#theirs .lines")
        assert "They offered" in text and all(c.text in text for c in theirs)
        assert not section(big_app, "theirs").list.display
        focusable = [w for w in big_app.screen.focus_chain if isinstance(w, ReviewList)]
        assert section(big_app, "theirs").list not in focusable
        assert section(big_app, "unthanked").list in focusable


class Counted(Sequence):
    """A long list that counts the rows read from it."""

    def __init__(self, rows: list) -> None:
        self.rows, self.read = rows, 0

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        self.read += 1
        return self.rows[index]


async def test_showing_a_hundred_thousand_unthanked_draws_only_the_rows_on_screen(big_app):
    async with big_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = big_app.screen
        first = screen.review.unthanked[0]
        many = Counted([Unthanked(f"c{n}", f"Person {n:06d}", "coffee", first.on) for n in range(100_000)])
        screen.show(review_view(replace(screen.review, unthanked=many)))
        await pilot.pause()
        await pilot.pause()
        assert shown(big_app, "unthanked")[0].startswith("Person 000000")
        assert "and 99,992 more" in static_text(big_app, "#unthanked .more")
        assert many.read <= 4 * SHOWN


async def test_many_takeaways_go_into_a_list_under_their_count(big_app):
    async with big_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = big_app.screen
        taught = tuple((f"Person {n:03d}", ("Show process", "Ask about day one")) for n in range(40))
        screen.show(review_view(replace(screen.review, takeaways=taught)))
        await pilot.pause()
        assert "80 takeaways from 40 people" in static_text(big_app, "#insights .lines")
        assert shown(big_app, "insights")[:3] == ["Person 000", "★ Show process", "★ Ask about day one"]
        assert static_text(big_app, "#insights .more").startswith(f"and {120 - SHOWN:,} more")
