"""``Nurture.search``: what a user finds, in which order, and what each result says, over a
small fixed network; and that the index beside the data never makes them find less than the
data holds (another process's write, a damaged index file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nurture.domain.errors import InputError
from nurture.services import Nurture
from nurture.store import Repository
from nurture.store.errors import DataFileError
from nurture.store.search_index import SearchIndex
from tests.conftest import Clock

INDEX = "search.sqlite"


@pytest.fixture
def network(service: Nurture) -> dict[str, str]:
    """Maya (Figma, design), Sofía (Spotify, research), two Anns, and what they said."""
    maya = service.add_contact("Maya Okafor", company="Figma", tags="design,research",
                               notes="Met at the portfolio review night", how_met="Design meetup")  # fmt: skip
    sofia = service.add_contact("Sofía Martínez", company="Spotify", role="Research Lead", tags="research")
    service.add_contact("Ann Lee", company="Stripe")
    service.add_contact("Ann Smith", company="Monzo")
    coffee = service.log(
        maya.id, "coffee", date(2026, 3, 5),
        notes="Portfolios win on process, not polish",
        takeaways=["Portfolios win on process, not polish"],
        todos=["Send portfolio link"],
        their_todos=["Will introduce me to the research lead at Spotify"],
    ).interaction  # fmt: skip
    older = service.log(maya.id, "call", date(2025, 1, 10), notes="Zeitgeist matters in hiring").interaction
    newer = service.log(sofia.id, "video", date(2026, 6, 1), notes="Zeitgeist matters in hiring",
                        takeaways=["Keep the résumé to one page"],
                        todos=["Read the café guide"]).interaction  # fmt: skip
    service.set_action_done(sofia.id, newer.id, 0)  # "Read the café guide": done
    return {"maya": maya.id, "sofia": sofia.id, "coffee": coffee.id, "older": older.id, "newer": newer.id}


def found(service: Nurture, text: str) -> list[tuple[str, str]]:
    """(who, what) of each result, in order."""
    return [(hit.name, hit.label) for hit in service.search(text).hits]


def texts(service: Nurture, text: str) -> list[str]:
    return [hit.text for hit in service.search(text).hits]


# --- ranking ---------------------------------------------------------------------------------


def test_a_takeaway_ranks_above_a_note_with_the_same_words(service, network):
    hits = service.search("portfolios polish").hits
    assert [(h.field, h.interaction_id) for h in hits] == [
        ("takeaway", network["coffee"]),
        ("notes", network["coffee"]),
    ]
    assert hits[0].score > hits[1].score
    assert [h.label for h in hits] == ["coffee takeaway", "coffee note"]


def test_the_newer_of_two_equal_matches_ranks_first(service, network):
    hits = service.search("zeitgeist").hits
    assert [(h.name, h.on) for h in hits] == [("Sofía Martínez", date(2026, 6, 1)), ("Maya Okafor", date(2025, 1, 10))]
    assert hits[0].score > hits[1].score


def test_a_result_says_who_when_what_and_where_the_words_are(service, network):
    (hit,) = service.search("zeitgeist who:maya").hits
    assert (hit.contact_id, hit.name, hit.interaction_id) == (network["maya"], "Maya Okafor", network["older"])
    assert (hit.on, hit.kind, hit.field, hit.label) == (date(2025, 1, 10), "call", "notes", "call note")
    assert hit.text == "Zeitgeist matters in hiring"
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["Zeitgeist"]


def test_a_match_on_a_contact_has_no_interaction_and_no_date(service, network):
    hits = service.search("figma").hits
    assert [(h.name, h.field, h.interaction_id, h.on) for h in hits] == [("Maya Okafor", "company", None, None)]


def test_an_empty_query_shows_the_recent_takeaways_newest_first(service, network):
    results = service.search("  ")
    assert [h.text for h in results.hits] == ["Keep the résumé to one page", "Portfolios win on process, not polish"]
    assert results.total == 2


def test_the_limit_keeps_the_best_and_the_total_counts_all(service, network):
    results = service.search("portfolios", limit=1)
    assert [h.field for h in results.hits] == ["takeaway"]
    assert results.total == 2
    with pytest.raises(InputError, match="1 or more"):
        service.search("portfolios", limit=0)


# --- the query language, end to end -------------------------------------------------------


def test_every_word_must_match_in_any_order(service, network):
    assert texts(service, "polish portfolios") == ["Portfolios win on process, not polish"] * 2
    assert texts(service, "polish zeitgeist") == []


def test_an_exact_phrase(service, network):
    assert texts(service, '"process not polish"') == ["Portfolios win on process, not polish"] * 2
    assert texts(service, '"polish not process"') == []


def test_a_prefix(service, network):
    assert sorted(texts(service, "portfol*")) == sorted([
        "Met at the portfolio review night",
        "Portfolios win on process, not polish",
        "Portfolios win on process, not polish",
        "Send portfolio link",
    ])  # fmt: skip
    assert texts(service, "portfol") == []  # a word is a word unless it ends in *


def test_a_word_left_out(service, network):
    assert texts(service, "zeitgeist -hiring") == []
    only_left_out = texts(service, "-zeitgeist who:maya")  # no word to find: all of hers but those
    assert "Zeitgeist matters in hiring" not in only_left_out
    hers = texts(service, "who:maya")
    assert sorted(only_left_out) == sorted(t for t in hers if "Zeitgeist" not in t)
    assert len(only_left_out) == len(hers) - 1 > 0
    assert sorted(found(service, "research -spotify")) == [
        ("Maya Okafor", "tags"),
        ("Sofía Martínez", "role"),
        ("Sofía Martínez", "tags"),
    ]


def test_or_between_words(service, network):
    assert sorted(found(service, "figma OR spotify")) == sorted([
        ("Maya Okafor", "company"),
        ("Sofía Martínez", "company"),
        ("Maya Okafor", "coffee action item (theirs)"),
    ])  # fmt: skip


def test_who_keeps_to_one_person_found_as_the_shell_finds_a_name(service, network):
    assert found(service, "zeitgeist who:maya") == [("Maya Okafor", "call note")]
    assert found(service, "zeitgeist who:sofia") == [("Sofía Martínez", "video note")]  # accents ignored
    assert found(service, "zeitgeist who:martinez") == [("Sofía Martínez", "video note")]  # a surname
    assert found(service, "zeitgeist who:maya who:sofia") == [("Sofía Martínez", "video note"),
                                                            ("Maya Okafor", "call note")]  # fmt: skip


def test_who_naming_nobody_or_several_people_says_so(service, network):
    with pytest.raises(InputError, match=r"who:zed: no contact matches 'zed'"):
        service.search("zeitgeist who:zed")
    with pytest.raises(InputError, match=r"(?s)who:ann: 'ann' matches 2 contacts.*Ann Lee.*Ann Smith"):
        service.search("zeitgeist who:ann")


def test_kind(service, network):
    assert found(service, "zeitgeist kind:video") == [("Sofía Martínez", "video note")]
    assert found(service, "zeitgeist kind:coffee") == []


def test_tag_and_company_keep_to_the_people_having_them(service, network):
    assert found(service, "zeitgeist tag:design") == [("Maya Okafor", "call note")]
    assert found(service, "zeitgeist tag:Research") == [("Sofía Martínez", "video note"), ("Maya Okafor", "call note")]
    assert found(service, "zeitgeist company:spotify") == [("Sofía Martínez", "video note")]
    assert found(service, "zeitgeist tag:nobody") == []
    assert found(service, "zeitgeist tag:design company:spotify") == []  # both must hold


def test_after_is_on_or_after_and_before_strictly_before_any_date_form(service, network):
    assert found(service, "zeitgeist after:2026-06-01") == [("Sofía Martínez", "video note")]
    assert found(service, "zeitgeist before:2025-01-11") == [("Maya Okafor", "call note")]
    assert found(service, "zeitgeist before:2025-01-10") == []
    assert found(service, "zeitgeist after:2025-02-01 before:2026-06-01") == []
    assert found(service, 'zeitgeist after:"Jun 1 2026"') == [("Sofía Martínez", "video note")]
    assert found(service, "zeitgeist after:1.6.2026") == [("Sofía Martínez", "video note")]  # dotted: day first
    assert found(service, "figma after:2020-01-01") == []  # a contact's card has no date


def test_is_takeaway_and_is_todo(service, network):
    assert texts(service, "is:takeaway portfolios") == ["Portfolios win on process, not polish"]
    assert sorted(texts(service, "is:todo")) == [
        "Send portfolio link",
        "Will introduce me to the research lead at Spotify",
    ]
    assert texts(service, "is:todo cafe") == []  # done: not open any more
    assert texts(service, "cafe") == ["Read the café guide"]  # but still found


def test_is_takeaway_with_is_todo_finds_takeaways_and_open_action_items(service, network):
    both = service.search("is:takeaway is:todo")
    assert sorted(h.text for h in both.hits) == [
        "Keep the résumé to one page",
        "Portfolios win on process, not polish",
        "Send portfolio link",
        "Will introduce me to the research lead at Spotify",
    ]  # not the done "Read the café guide", nor any plain note
    assert both.total == 4
    assert sorted(texts(service, "is:todo is:takeaway portfolio*")) == [
        "Portfolios win on process, not polish",
        "Send portfolio link",
    ]


def test_only_words_left_out_look_past_the_newest_texts_and_count_exactly(service, network):
    maya = network["maya"]
    for day in range(1, 251):  # 250 newer notes, all holding the word left out
        service.log(maya, "call", date(2026, 7, 1), notes=f"Weekly sync {day}, nothing new")
    results = service.search("-nothing who:maya", limit=500)
    hers = [h.text for h in service.search("who:maya", limit=500).hits]
    assert sorted(h.text for h in results.hits) == sorted(t for t in hers if "nothing" not in t)
    assert "Zeitgeist matters in hiring" in [h.text for h in results.hits]  # older than the 250
    assert results.total == len(results.hits) == len(hers) - 250 > 0
    first = service.search("-nothing who:maya", limit=2)
    assert len(first.hits) == 2 and first.total == results.total


def test_a_bad_query_says_which_part(service, network):
    with pytest.raises(InputError, match="kind:xyz"):
        service.search("zeitgeist kind:xyz")
    with pytest.raises(InputError, match="after:"):
        service.search("zeitgeist after:notadate")


# --- case, accents and scripts -------------------------------------------------------------


def test_case_and_accents_are_ignored_both_ways_and_the_original_is_highlighted(service, network):
    (hit,) = service.search("RESUME").hits
    assert hit.text == "Keep the résumé to one page"
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["résumé"]
    (again,) = service.search("résumé").hits
    assert again.text == hit.text
    (cafe,) = service.search("Café").hits
    assert cafe.text == "Read the café guide"


def test_any_script(service, network):  # (Cyrillic and Greek letters, on purpose: RUF001)
    anna = service.add_contact("Анна Иванова", notes="Встреча в Москве: говорили о дизайне")  # noqa: RUF001
    service.log(anna.id, "call", date(2026, 2, 2), notes="Ελληνικά σημειώματα για τη συνέντευξη")  # noqa: RUF001
    assert found(service, "москве") == [("Анна Иванова", "contact's notes")]
    assert found(service, "ΣΥΝΕΝΤΕΥΞΗ") == [("Анна Иванова", "call note")]
    assert sorted(found(service, "who:анна")) == [("Анна Иванова", "call note"), ("Анна Иванова", "contact's notes")]


# --- the index is derived: never less than the data ---------------------------------------


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*.json"))}


def test_a_note_logged_by_another_process_is_found_by_the_next_search(service, network, data_dir):
    assert texts(service, "quokka") == []  # the index is built
    other_clock = Clock()
    other = Nurture(Repository(data_dir, now=other_clock.now).open(), today=other_clock.today, now=other_clock.now)
    other.log(network["sofia"], "email", date(2026, 11, 20), notes="She keeps a quokka on her desk")
    assert found(service, "quokka") == [("Sofía Martínez", "email note")]
    other.update_contact(network["maya"], notes="Moved from Figma to a quokka sanctuary")
    assert sorted(found(service, "quokka")) == [("Maya Okafor", "contact's notes"), ("Sofía Martínez", "email note")]
    assert texts(service, "portfolio review") == []  # her old notes are gone from the results too


def test_a_write_the_index_never_heard_of_is_found_too(service, network, data_dir):
    assert texts(service, "quokka") == []
    repo = Repository(data_dir).open()  # a bare repository, as a restore or a sync would write
    (older,) = [i for i in repo.interactions_of(network["maya"]) if i.id == network["older"]]
    from dataclasses import replace

    index = data_dir / INDEX
    kept = index.read_bytes()
    repo.save(interactions=[replace(older, notes="A quokka, not a zeitgeist")])
    index.write_bytes(kept)  # as if the write had not reached the index
    assert found(service, "quokka") == [("Maya Okafor", "call note")]
    assert found(service, "zeitgeist") == [("Sofía Martínez", "video note"), ("Maya Okafor", "call note")]
    assert texts(service, "hiring who:maya") == []


@pytest.mark.parametrize("garbage", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 5000, b""])
def test_a_damaged_index_is_rebuilt_and_nothing_is_lost(service, network, data_dir, garbage):
    before = [(h.interaction_id, h.field, h.text) for h in service.search("portfolios OR zeitgeist").hits]
    data = snapshot(data_dir)
    (data_dir / INDEX).write_bytes(garbage)
    after = [(h.interaction_id, h.field, h.text) for h in service.search("portfolios OR zeitgeist").hits]
    assert after == before and len(after) == 4
    assert snapshot(data_dir) == data  # the data files untouched
    assert (data_dir / INDEX).read_bytes().startswith(b"SQLite format 3\x00")
    assert (data_dir / INDEX).stat().st_mode & 0o777 == 0o600
    # and a fresh service on the damaged file finds the same
    (data_dir / INDEX).write_bytes(garbage)
    fresh = Nurture(Repository(data_dir).open(), today=lambda: date(2026, 11, 23))
    assert [(h.interaction_id, h.field, h.text) for h in fresh.search("portfolios OR zeitgeist").hits] == before


def test_an_index_that_cannot_be_used_is_a_data_file_error_not_a_traceback(service, network, monkeypatch):
    import sqlite3

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(SearchIndex, "search", broken)
    with pytest.raises(DataFileError, match=r"search\.sqlite could not be used \(disk I/O error\)"):
        service.search("zeitgeist")

    def refused(*args, **kwargs):
        raise DataFileError("search.sqlite: no room left on the disk")

    monkeypatch.setattr(SearchIndex, "search", refused)
    with pytest.raises(DataFileError, match="no room left"):  # already a NurtureError: as it is
        service.search("zeitgeist")


def test_a_missing_index_is_built_by_the_first_search(service, network, data_dir):
    (data_dir / INDEX).unlink(missing_ok=True)
    assert found(service, "zeitgeist who:maya") == [("Maya Okafor", "call note")]
    assert (data_dir / INDEX).is_file()


def test_markup_like_text_and_queries_are_only_text(service, network):
    hostile = "Ask about [/] and [@click=app.quit]x[/] in the handbook"
    service.log(network["maya"], "email", date(2026, 11, 1), notes=hostile)
    for query in ("[@click=app.quit]x[/]", "handbook [/]", '"click app quit"'):
        (hit,) = service.search(query).hits
        assert hit.text == hostile and hit.snippet == hostile
        assert all(0 <= a < b <= len(hit.snippet) for a, b in hit.spans)
    (hit,) = service.search("handbook").hits
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["handbook"]


def test_tag_and_company_follow_a_change_made_here_or_in_another_process(service, network, data_dir):
    assert found(service, "zeitgeist tag:mentor") == []
    service.update_contact(network["sofia"], tags=("mentor",))
    assert found(service, "zeitgeist tag:mentor") == [("Sofía Martínez", "video note")]
    other = Nurture(Repository(data_dir).open(), today=lambda: date(2026, 11, 23))
    other.update_contact(network["maya"], tags=("mentor",), company="Spotify")
    other.update_contact(network["sofia"], tags=(), company="Figma")
    assert found(service, "zeitgeist tag:mentor") == [("Maya Okafor", "call note")]
    assert found(service, "zeitgeist company:figma") == [("Sofía Martínez", "video note")]


# --- appointments ------------------------------------------------------------------------------


def test_a_booked_appointment_s_note_and_where_are_found_and_found_again_after_they_change(service, network):
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from nurture.domain.requests import BookRequest
    from tests.conftest import TODAY

    start = datetime(TODAY.year, TODAY.month, TODAY.day, 15, tzinfo=UTC) + timedelta(days=3)
    booked = service.book(BookRequest.typed(network["maya"], start, where="Kaffeehaus Zögernitz, Vienna",
                                            note="Ask about the Zurich design team")).appointment  # fmt: skip
    assert found(service, "zurich") == [("Maya Okafor", "appointment note")]
    (hit,) = service.search("zogernitz").hits
    assert (hit.text, hit.on, hit.field) == ("Kaffeehaus Zögernitz, Vienna", start.date(), "appointment-where")
    service.cancel_appointment(network["maya"])  # the record changes; what it says is still found
    assert found(service, "zurich") == [("Maya Okafor", "appointment note")]
    later = replace(service.appointments(every=True)[0], note="Ask about the Lisbon office")
    service.context.repo.save(appointments=[later])  # a note edited: the old words leave the index
    assert later.id == booked.id
    assert found(service, "zurich") == []
    assert found(service, "lisbon") == [("Maya Okafor", "appointment note")]
