"""The search screen (ctrl+f, "Search notes"): searches as you type, shows what each match is,
opens the person at that conversation, keeps the query, and never reads user text as markup."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nurture.screens.dashboard import DashboardScreen
from nurture.screens.search import SearchScreen
from nurture.widgets.contact_detail import ContactDetail
from nurture.widgets.search_list import SearchList, highlighted
from tests.conftest import TODAY
from tests.tui.conftest import all_rows_text, contact_named, drawn_lines, lines, make_app, settle, type_text

HOSTILE = ["[/]", "[@click=app.quit]x[/]"]


async def _open_search(pilot, app) -> SearchScreen:
    await settle(pilot)
    await pilot.press("ctrl+f")
    await settle(pilot)
    assert isinstance(app.screen, SearchScreen), app.screen
    return app.screen


async def _search(pilot, app, text: str) -> SearchList:
    await type_text(pilot, text)
    await settle(pilot)
    return app.screen.query_one(SearchList)


def _title(app) -> str:
    return str(app.screen.query_one(SearchList).border_title)


async def test_typing_finds_a_demo_note_and_counts_the_matches(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        results = await _search(pilot, demo_app, "staff product designer")
        rows = all_rows_text(results)
        assert rows, "Maya's notes say she is a staff product designer"
        assert all("Maya Okafor" in r for r in rows), rows
        total = demo_app.service.search("staff product designer").total
        assert _title(demo_app) == f"Search notes · {total:,} {'match' if total == 1 else 'matches'}"
        # what each match is, on screen: date · person · what · snippet
        shown = lines(results)
        assert any("Maya Okafor" in line and "note" in line.lower() for line in shown), shown


async def test_an_empty_query_shows_recent_takeaways(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        results = demo_app.screen.query_one(SearchList)
        assert results.rows and all(hit.field == "takeaway" for hit in results.rows)
        assert _title(demo_app) == "Search notes · recent takeaways"
        days = [hit.on for hit in results.rows]
        assert days == sorted(days, reverse=True)


async def test_enter_opens_the_person_with_that_conversation_in_view(demo_app):
    maya = contact_named(demo_app, "Maya Okafor")
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        results = await _search(pilot, demo_app, "who:maya talked")
        hits = [h for h in results.rows if h.interaction_id is not None]
        oldest = min(hits, key=lambda h: h.on)
        history = demo_app.service.network().timeline(maya.id)
        assert history[-1].id != oldest.interaction_id, "an older one: the timeline must scroll to it"
        await pilot.press("down")
        results.move_to(results.rows.index(oldest))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
        assert demo_app.screen.selected_id == maya.id
        screen = "\n".join(drawn_lines(demo_app))
        marked = next(line for line in drawn_lines(demo_app) if "▶" in line)
        assert f"{oldest.on:%Y-%m-%d}" in marked, screen
        detail = demo_app.screen.query_one(ContactDetail)
        assert detail.scroll_offset.y > 0 and detail.has_focus


async def test_a_contact_match_opens_their_card(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        results = await _search(pilot, demo_app, "company:doctolib director")
        hit = next(h for h in results.rows if h.interaction_id is None)
        await pilot.press("down")
        results.move_to(results.rows.index(hit))
        await pilot.press("enter")
        await settle(pilot)
        assert demo_app.screen.selected_id == contact_named(demo_app, "Sophie Laurent").id
        assert demo_app.screen.query_one(ContactDetail).scroll_offset.y == 0


async def test_esc_goes_back_and_reopening_keeps_the_query_and_results(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        before = all_rows_text(await _search(pilot, demo_app, "portfolio"))
        assert before
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
        await _open_search(pilot, demo_app)
        assert demo_app.screen.query_one("#query").value == "portfolio"
        assert all_rows_text(demo_app.screen.query_one(SearchList)) == before
        assert _title(demo_app).startswith("Search notes · ")
        await _search(pilot, demo_app, " process")  # typed on: the query is refined, not replaced
        assert demo_app.screen.query_one("#query").value == "portfolio process"


async def test_a_bad_query_says_why_under_the_query(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        await _search(pilot, demo_app, "kind:nonsense")
        problem = demo_app.screen.query_one("#problem")
        assert problem.display and "kind:nonsense" in str(problem.render())
        assert demo_app.is_running
        for _ in "kind:nonsense":
            await pilot.press("backspace")
        await _search(pilot, demo_app, "portfolio")
        assert not demo_app.screen.query_one("#problem").display


async def test_an_index_that_cannot_be_used_is_said_under_the_query(demo_app, monkeypatch):
    from nurture.store.errors import DataFileError
    from nurture.store.search_index import SearchIndex

    def refused(*args, **kwargs):
        raise DataFileError("search.sqlite: no room left on the disk")

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        monkeypatch.setattr(SearchIndex, "search", refused)
        await _search(pilot, demo_app, "portfolio")
        problem = demo_app.screen.query_one("#problem")
        assert problem.display and "no room left on the disk" in str(problem.render())
        assert demo_app.is_running and isinstance(demo_app.screen, SearchScreen)


async def test_the_list_says_searching_while_the_first_search_runs(demo_app, monkeypatch):
    import threading

    release = threading.Event()
    search = type(demo_app.service).search

    def slow(self, text, limit=200):
        release.wait(10)
        return search(self, text, limit=limit)

    monkeypatch.setattr(type(demo_app.service), "search", slow)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause(0.1)
        box = demo_app.screen.query_one(SearchList)
        assert not box.loading
        assert lines(box)[0].startswith("Searching…") and "searching" in _title(demo_app)
        release.set()
        await settle(pilot)
        assert box.rows and not any("Searching" in line for line in lines(box))
        assert "recent takeaways" in _title(demo_app)


async def test_hostile_text_in_notes_and_queries_shows_as_typed(tmp_path):
    app = make_app(tmp_path / "data")
    service = app.service
    for n, text in enumerate(HOSTILE):
        c = service.add_contact(f"Eve {n}")
        service.log(c.id, "coffee", TODAY - timedelta(days=3), notes=f"hostile {text} end", takeaways=[text])
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_search(pilot, app)
        results = await _search(pilot, app, "hostile")
        rows = "\n".join(all_rows_text(results))
        for text in HOSTILE:
            assert f"hostile {text} end" in rows
        shown = "\n".join(drawn_lines(app))
        assert "[@click=app.quit]x[/]" in shown
        await pilot.click(SearchList, offset=(60, 0))
        await pilot.click(SearchList, offset=(60, 1))
        assert app.is_running
        for _ in "hostile":
            await pilot.press("backspace")
        await _search(pilot, app, "[@click=app.quit]x[/]")  # a query of it: no crash, no action
        assert app.is_running and isinstance(app.screen, SearchScreen)


def test_matched_words_are_styled_spans_over_the_text_as_typed():
    text = "see [/] and [@click=app.quit]x[/] portfolio"
    start = text.index("portfolio")
    drawn = highlighted(text, ((start, start + 9),), "bold")
    assert drawn.plain == text
    assert [(s.start, s.end, str(s.style)) for s in drawn.spans] == [(start, start + 9, "bold")]
    # a control character drawn longer (\x07 as "\\x07") moves no highlight off its word
    drawn = highlighted("a\x07 word", ((3, 7),), "bold")
    assert drawn.plain[drawn.spans[0].start : drawn.spans[0].end] == "word"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_screen_snapshot(snap_compare, tmp_path, size):
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        await type_text(pilot, "portfolio*")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_fifty_thousand_matches_draw_only_the_rows_on_screen(demo_app, monkeypatch):
    from dataclasses import replace

    from nurture.services.search import SearchResults

    many = demo_app.service.search("portfolio*")
    hits = [replace(many.hits[n % len(many.hits)], snippet=f"match {n} portfolio") for n in range(50_000)]
    monkeypatch.setattr(
        type(demo_app.service), "search", lambda self, text, limit=200: SearchResults(text, hits, 50_000)
    )
    drawn: list[int] = []
    render_row = SearchList.render_row
    monkeypatch.setattr(
        SearchList, "render_row", lambda self, row, width: drawn.append(1) or render_row(self, row, width)
    )
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        results = demo_app.screen.query_one(SearchList)
        assert _title(demo_app) == "Search notes · recent takeaways"
        await _search(pilot, demo_app, "x")
        assert _title(demo_app) == "Search notes · 50,000 matches"
        drawn.clear()
        await pilot.press("down", "end")
        await settle(pilot)
        assert "match 49999 portfolio" in "\n".join(lines(results))  # the last row, on screen
        assert 0 < len(drawn) <= 3 * results.size.height, len(drawn)


async def test_keys_typed_ahead_search_once_where_they_stop(demo_app, monkeypatch):
    asked: list[str] = []
    search = type(demo_app.service).search

    def counted(self, text, limit=200):
        asked.append(text)
        return search(self, text, limit=limit)

    monkeypatch.setattr(type(demo_app.service), "search", counted)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        assert asked == [""]  # recent takeaways, on opening
        waiting = [True]
        monkeypatch.setattr(demo_app, "keys_waiting", lambda: waiting[0])
        await type_text(pilot, "portfolio")
        await pilot.pause(0.1)
        assert asked == [""], "no search while keys are still coming"
        waiting[0] = False
        await settle(pilot)
        assert asked == ["", "portfolio"]
        assert all("portfolio" in h.text.lower() for h in demo_app.screen.query_one(SearchList).rows)


async def test_search_notes_is_in_the_command_palette(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "search notes")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, SearchScreen)


async def test_down_goes_to_the_results_and_up_from_the_first_back_to_the_query(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        results = demo_app.screen.query_one(SearchList)
        await pilot.press("down")
        assert results.has_focus and results.cursor == 0
        await pilot.press("down", "up", "up")
        assert demo_app.screen.query_one("#query").has_focus
        assert isinstance(demo_app.screen, SearchScreen)


async def test_a_note_written_from_the_shell_meanwhile_is_found(tmp_path):
    from nurture.services import Nurture
    from nurture.store import Repository
    from tests.conftest import Clock

    demo_app = make_app(tmp_path / "data", demo=True)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot, demo_app)
        await _search(pilot, demo_app, "zeitgeist")
        assert demo_app.screen.query_one(SearchList).rows == []
        shell = Nurture(Repository(tmp_path / "data", now=Clock(TODAY).now).open(), today=lambda: TODAY)
        maya = contact_named(demo_app, "Maya Okafor")
        shell.log(maya.id, "call", TODAY, notes="The zeitgeist in hiring is portfolios")
        await pilot.press("backspace")  # the next search, whatever it is
        await type_text(pilot, "t")
        await settle(pilot)
        assert [h.name for h in demo_app.screen.query_one(SearchList).rows] == ["Maya Okafor"]


def test_the_timeline_grows_by_pages_to_show_an_older_interaction():
    from nurture.domain.models import Interaction
    from nurture.widgets.contact_detail import TIMELINE_PAGE, limit_showing, newer_than, timeline

    items = [Interaction(f"i{n}", "c1", TODAY - timedelta(days=100 - n), "call", summary=f"n{n}") for n in range(60)]
    assert limit_showing(items, "i59", TIMELINE_PAGE) == TIMELINE_PAGE  # the newest: the first page
    assert limit_showing(items, "i35", TIMELINE_PAGE) == TIMELINE_PAGE  # the 25th newest
    assert limit_showing(items, "i34", TIMELINE_PAGE) == 2 * TIMELINE_PAGE
    assert limit_showing(items, "i0", TIMELINE_PAGE) == 3 * TIMELINE_PAGE
    assert limit_showing(items, "nowhere", TIMELINE_PAGE) == TIMELINE_PAGE
    assert newer_than(items, "i57") == items[58:] and newer_than(items, "nowhere") is None
    shown = str(timeline(items, limit_showing(items, "i0", TIMELINE_PAGE), mark="i0")).splitlines()
    assert [line for line in shown if line.startswith("▶")] == [f"▶ {items[0].on:%Y-%m-%d}  call"]
