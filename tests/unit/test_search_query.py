"""The search query language, matching, highlighting, snippets, ranking and the searchable
texts of every record (issue 19), in the domain alone: what a user types, what it finds, and
which part of each result lights up."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nurture.domain.errors import InputError
from nurture.domain.library import MeetingDraft, OwnQuestion, Prep
from nurture.domain.models import ME, THEM, ActionItem, Contact, Interaction
from nurture.domain.search_docs import (
    FIELDS,
    LABELS,
    Doc,
    docs_of_contact,
    docs_of_draft,
    docs_of_interaction,
    docs_of_meeting,
    docs_of_prep,
    docs_of_question,
    label,
)
from nurture.domain.search_query import (
    Query,
    Word,
    fts_match,
    highlight,
    index_text,
    matches,
    parse_query,
    score,
    snippet,
)
from nurture.domain.text import fold

TODAY = date(2026, 11, 23)  # a Monday


def q(text: str) -> Query:
    return parse_query(text, TODAY)


def finds(query: str, text: str) -> bool:
    return matches(q(query), fold(text))


def lit(text: str, query: str) -> list[str]:
    """The parts of ``text`` a query highlights."""
    return [text[s:e] for s, e in highlight(text, q(query))]


# --- words, phrases, prefixes, exclusions, OR -------------------------------------------------


def test_every_word_must_match_in_any_order():
    text = "Portfolios win on process, not polish."
    assert finds("process portfolios", text)
    assert finds("POLISH", text)
    assert not finds("process recruiter", text)
    assert q("process portfolios").groups == ((Word("process"),), (Word("portfolios"),))


def test_a_phrase_matches_its_words_side_by_side_in_order():
    text = "Portfolios win on process, not polish."
    assert finds('"win on process"', text)
    assert finds('"process not"', text)  # punctuation between words is no word
    assert not finds('"process win"', text)
    assert not finds('"portfolios process"', text)
    assert q('"win on"').groups == ((Word("win on", phrase=True),),)
    assert lit(text, '"on process"') == ["on process"]


def test_a_prefix_matches_the_words_it_begins_and_lights_them_whole():
    text = "She interviewed three designers"
    assert finds("design*", text)
    assert finds("interview*", text)
    assert not finds("design", text)  # without the star a word is whole
    assert not finds("signers*", text)  # the beginning of a word, not its middle
    assert lit(text, "design*") == ["designers"]
    assert q("design*").groups == ((Word("design", prefix=True),),)
    assert q('"three design"*').groups == ((Word("three design", phrase=True, prefix=True),),)
    assert finds('"three design"*', text)


def test_minus_leaves_out_texts_with_a_word_or_phrase():
    assert finds("portfolio -recruiter", "portfolio review with the team")
    assert not finds("portfolio -recruiter", "portfolio review with a recruiter")
    assert not finds('portfolio -"cold email"', "portfolio sent by cold email")
    assert finds('portfolio -"cold email"', "portfolio: email was cold")
    parsed = q('portfolio -recruiter -"cold email"')
    assert parsed.excluded == (Word("recruiter"), Word("cold email", phrase=True))
    assert parsed.groups == ((Word("portfolio"),),)
    # an excluded word is never highlighted
    assert lit("portfolio recruiter", "portfolio -recruiter") == ["portfolio"]


def test_or_joins_the_words_beside_it_tighter_than_the_implicit_and():
    parsed = q("design figma OR sketch")
    assert parsed.groups == ((Word("design"),), (Word("figma"), Word("sketch")))
    assert finds("design figma OR sketch", "design review in Sketch")
    assert finds("design figma OR sketch", "Figma design system")
    assert not finds("design figma OR sketch", "Figma and Sketch")  # no "design"
    assert q('a OR "b c" OR d*').groups == ((Word("a"), Word("b c", phrase=True), Word("d", prefix=True)),)
    # lower-case "or" is a word; a dangling OR is nothing
    assert q("figma or sketch").groups == ((Word("figma"),), (Word("or"),), (Word("sketch"),))
    assert q("OR figma OR").groups == ((Word("figma"),),)
    assert q("figma OR -sketch").groups == ((Word("figma"),),)


def test_and_and_not_in_capitals_are_what_they_say():
    assert q("figma AND sketch") == q("figma sketch")
    assert q('figma NOT sketch NOT "cold email"') == q('figma -sketch -"cold email"')
    assert q("figma and sketch").groups == ((Word("figma"),), (Word("and"),), (Word("sketch"),))
    assert q("figma OR AND sketch").groups == ((Word("figma"),), (Word("sketch"),))
    assert not finds("portfolio NOT recruiter", "portfolio for the recruiter")


def test_nothing_typed_is_an_empty_query():
    for text in ("", "   ", "OR", '""', "-", "*", "kind:", "who:"):
        parsed = q(text)
        assert parsed.is_empty and not parsed.has_words, text
        assert fts_match(parsed) == ""
    assert not q("-recruiter").is_empty and not q("-recruiter").has_words
    assert not q("is:takeaway").is_empty


# --- filters ----------------------------------------------------------------------------------


def test_filters_are_read_and_leave_the_words():
    parsed = q('who:maya who:"maya o" kind:Coffee tag:#Design company:Fígma is:takeaway portfolio')
    assert parsed.who == ("maya", "maya o")
    assert parsed.kinds == ("coffee",)
    assert parsed.tags == ("design",)
    assert parsed.companies == ("figma",)
    assert parsed.takeaways and not parsed.todo
    assert parsed.groups == ((Word("portfolio"),),)
    assert q("is:todo").todo
    assert q("kind:coffee kind:call").kinds == ("coffee", "call")
    assert q("KIND:coffee").kinds == ("coffee",)


def test_an_unknown_filter_word_is_searched_as_text():
    parsed = q("foo:bar https://example.com")
    assert parsed.groups == ((Word("foo:bar"),), (Word("https://example.com"),))
    assert not parsed.has_filters
    assert finds("foo:bar", "a foo bar b")
    assert fts_match(parsed) == '"foo bar" AND "https example com"'


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-01-01", date(2026, 1, 1)),
        ("Jan 5 2026", date(2026, 1, 5)),
        ("23.11.2025", date(2025, 11, 23)),
        ("today", TODAY),
        ("yesterday", date(2026, 11, 22)),
        ("3d", None),  # not a date form: refused below
        ("-3d", date(2026, 11, 20)),
        ("+2w", date(2026, 12, 7)),
        ('"2 weeks ago"', date(2026, 11, 9)),
        ("2 weeks ago", date(2026, 11, 9)),
        ("last week", date(2026, 11, 16)),
        ('"in 3 days"', date(2026, 11, 26)),
        ("fri", date(2026, 11, 20)),
        ("last fri", date(2026, 11, 20)),
    ],
)
def test_after_and_before_read_every_date_form_of_the_shell(typed, day):
    if day is None:
        with pytest.raises(InputError):
            q(f"after:{typed}")
        return
    after = q(f"after:{typed} portfolio")
    assert after.after == day and after.groups == ((Word("portfolio"),),)
    assert q(f"before:{typed}").before == day


def test_after_is_on_or_after_and_before_is_strictly_before():
    parsed = q("after:2026-01-01 before:2026-02-01")
    assert parsed.covers(date(2026, 1, 1)) and parsed.covers(date(2026, 1, 31))
    assert not parsed.covers(date(2025, 12, 31)) and not parsed.covers(date(2026, 2, 1))
    assert not parsed.covers(None)  # a contact's card has no date
    assert q("portfolio").covers(None)
    assert q("after:2026-01-01 after:2026-03-01").after == date(2026, 3, 1)  # the narrower


def test_slashed_dates_follow_the_date_order():
    assert parse_query("after:04/12/2026", TODAY, "dmy").after == date(2026, 12, 4)
    assert parse_query("after:04/12/2026", TODAY, "mdy").after == date(2026, 4, 12)


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("after:soonish", "after:soonish"),
        ("before:2026-02-30", "before:2026-02-30"),
        ('after:"next blue moon"', "after:next blue moon"),
        ("kind:brunch", "kind:brunch"),
        ("is:important", "is:important"),
        ("-kind:coffee", "-kind:coffee"),
        ("after:2026-03-01 before:2026-01-01", "after:2026-03-01"),
    ],
)
def test_a_filter_that_cannot_be_used_is_an_error_naming_it(typed, named):
    with pytest.raises(InputError) as e:
        q(typed)
    message = str(e.value)
    assert named in message
    if typed.startswith(("after", "before")) and "before:2026-01-01" not in typed:
        assert "2 weeks ago" in message  # the forms that are read
    if "kind" in typed and not typed.startswith("-"):
        assert "coffee" in message  # the kinds there are


def test_filters_on_a_doc_kind_date_takeaway_open_action_item():
    i = Interaction("i1", "c1", date(2026, 3, 5), "coffee", "Chat", "notes", ("a takeaway",),
                    (ActionItem("send deck", ME), ActionItem("intro", THEM, done=True)))  # fmt: skip
    docs = {d.field: d for d in docs_of_interaction(i, "interactions/01")}
    assert q("kind:coffee").admits(docs["notes"]) and not q("kind:call").admits(docs["notes"])
    assert q("is:takeaway").admits(docs["takeaway"]) and not q("is:takeaway").admits(docs["notes"])
    assert q("is:todo").admits(docs["todo-mine"])
    assert not q("is:todo").admits(docs["todo-theirs"])  # done
    assert not q("is:todo").admits(docs["summary"])
    assert q("after:2026-03-05").admits(docs["notes"]) and not q("after:2026-03-06").admits(docs["notes"])


# --- accents, case, scripts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text", "shown"),
    [
        ("sofia", "Coffee with Sofía Martínez", "Sofía"),
        ("SOFÍA", "coffee with sofia", "sofia"),
        ("lodz", "She moved to Łódź last year", "Łódź"),
        ("łódź", "moved to LODZ", "LODZ"),
        ("strasse", "Büro in der Straße 5", "Straße"),
        ("αθηνα", "Συνάντηση στην ΑΘΉΝΑ", "ΑΘΉΝΑ"),
        ("Αθήνα", "ομάδα στην αθηνα", "αθηνα"),
        ("москва", "Переезд в Москва-Сити", "Москва"),
        ("ёлка", "ЕЛКА", "ЕЛКА"),
        ("東京", "東京タワーで会った", "東京"),
        ("タワー", "東京タワーで会った", "タワー"),
        ("会", "東京タワーで会った", "会"),
        ("서울", "서울 에서 커피", "서울"),
        ("Sofi\u0301a", "Sofía", "Sofía"),  # an accent typed apart from its letter
        ("sofia", "Sofi\u0301a said hi", "Sofi\u0301a"),
    ],
)
def test_case_and_accents_are_ignored_in_any_script(query, text, shown):
    assert finds(query, text)
    assert lit(text, query) == [shown]


def test_a_word_inside_a_run_of_spaceless_script_matches_as_fts5_will_index_it():
    assert index_text("東京タワー Sofía").split() == ["東", "京", "タ", "ワ", "ー", "sofia"]
    assert index_text("Sofía, Łódź & ΑΘΉΝΑ") == fold("Sofía, Łódź & ΑΘΉΝΑ")  # nothing to cut: the folded text
    assert finds('"京タ"', "東京タワー")
    assert not finds("京東", "東京タワー")


# --- FTS5: the expression, its safety, and that it finds what matches() finds ------------------

HOSTILE = ['"', "*", "NEAR", "AND", "(", ":", "^", ")", "NOT", "OR", "-", '"unclosed', "a:b", "NEAR(a b)",
           "[/]", "[@click=app.quit]x[/]", "col:word", "^start", "{a b}:c", "a + b", "'", "\\", "\x00"]  # fmt: skip

CORPUS = [
    "Portfolios win on process, not polish.",
    "Coffee with Sofía Martínez about the design near Łódź",
    "AND then NOT OR NEAR the (parenthesis) ^caret * star",
    "[@click=app.quit]x[/] was in the note, and [/] too",
    "東京タワーで会った",
    "Research lead at Spotify: ask about the portfolio review",
    "e-mail the deck; she said email is fine",
]


def _fts():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", [(n, index_text(s)) for n, s in enumerate(CORPUS)])
    return db


def _fts_hits(db, query: Query) -> set[int]:
    return {row[0] for row in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts_match(query),))}


def _pure_hits(query: Query) -> set[int]:
    return {n for n, s in enumerate(CORPUS) if matches(query, fold(s))}


def test_a_spaceless_word_also_finds_a_run_it_begins_in_an_index_of_plain_fold():
    assert fts_match(q("東京")) == '("東 京" OR "東京"*)'
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", [(n, fold(s)) for n, s in enumerate(CORPUS)])
    assert _fts_hits(db, q("東京")) == {4}
    assert _fts_hits(db, q("東京タワーで会った")) == {4}


def test_fts_match_quotes_every_token():
    assert fts_match(q("portfolio")) == '"portfolio"'
    assert fts_match(q("design* figma OR sketch")) == '"design"* AND ("figma" OR "sketch")'
    assert fts_match(q('"win on" -recruiter -"cold email"')) == '("win on") NOT ("recruiter" OR "cold email")'
    assert fts_match(q('NEAR(a b) AND ^x "y"*')) == '"near a" AND "b" AND "x" AND "y"*'


@pytest.mark.parametrize("typed", [*HOSTILE, *(f"portfolio {h}" for h in HOSTILE), " ".join(HOSTILE)])
def test_nothing_typed_is_fts5_syntax(typed):
    db = _fts()
    parsed = q(typed)
    if parsed.has_words:
        assert _fts_hits(db, parsed) == _pure_hits(parsed)  # no syntax error, and the same texts
    else:
        assert fts_match(parsed) == ""


@pytest.mark.parametrize(
    "typed",
    ["portfolio", "portfol*", "sofia lodz", '"win on process"', "the -design", "portfolio* -review",
     "spotify OR sofia", "and near", "東京", "タワー", "email", "e-mail", '"e mail"', "click app quit",
     '"x was in"', "design near OR far", '"on process" OR "the design"'],
)  # fmt: skip
def test_fts5_finds_exactly_what_matches_finds(typed):
    assert _fts_hits(_fts(), q(typed)) == _pure_hits(q(typed))
    assert _pure_hits(q(typed))  # every one finds something


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "ab", "b", " ", '"', "*", "-", ":", "(", ")", "^", "OR", "NEAR", "AND", "'", "é", "東", "x:"]
        ),
        max_size=12,
    ).map("".join)
)
def test_any_query_is_safe_and_agrees_with_fts5(typed):
    try:
        parsed = q(typed)
    except InputError:
        return  # a filter that cannot be read (none in this alphabet, but say so if one comes)
    if parsed.has_words:
        assert _fts_hits(_fts(), parsed) == _pure_hits(parsed)


_PIECES = [
    "ab",
    "a",
    "b",
    "ba",
    " ",
    "-",
    "_",
    "é",
    "É",
    "東",
    "京",
    "x東",
    "ß",
    "ss",
    "æ",
    "ae",
    "Ω",
    "\u0301",
    ".",
    "'",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=14).map("".join),
    st.lists(st.sampled_from([*_PIECES, "*", '"', "OR"]), min_size=1, max_size=6).map("".join),
)
def test_any_text_is_found_exactly_when_fts5_finds_it(text, typed):
    parsed = q(typed)
    if not parsed.has_words:
        return
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    db.execute("INSERT INTO t(rowid, body) VALUES (1, ?)", (index_text(text),))
    assert bool(_fts_hits(db, parsed)) == matches(parsed, fold(text))
    assert bool(highlight(text, parsed)) == any(matches(Query(groups=((w,),)), fold(text)) for w in parsed.words)


# --- highlighting and snippets ----------------------------------------------------------------


def test_highlight_ranges_point_into_the_original_text():
    text = "Maya: portfolios win on PROCESS; Process beats polish — process!"
    spans = highlight(text, q("process"))
    assert [text[s:e] for s, e in spans] == ["PROCESS", "Process", "process"]
    assert spans == tuple(sorted(spans))
    assert highlight(text, q("")) == ()
    assert highlight("", q("process")) == ()
    # overlapping matches are merged into one range
    assert lit("portfolio review", '"portfolio review" portfolio') == ["portfolio review"]


@pytest.mark.parametrize(
    "note",
    ["[@click=app.quit]x[/] then the portfolio", "[/] portfolio [b]bold[/b]", "[bold red]portfolio[/]"],
)
def test_hostile_text_stays_text_and_spans_stay_right(note):
    assert lit(note, "portfolio") == ["portfolio"]
    shown, spans = snippet(note, q("portfolio"))
    assert shown == note  # nothing removed or escaped: the screen styles the ranges, never markup
    assert [shown[s:e] for s, e in spans] == ["portfolio"]


def test_a_hostile_query_highlights_only_words():
    note = "[@click=app.quit]x[/] was in the note"
    assert lit(note, "[@click=app.quit]x[/]") == ["click=app.quit]x"]  # the words click app quit x, side by side
    assert lit(note, "[/]") == []  # no word in it
    assert lit(note, '"[@click"') == ["click"]


def test_a_short_text_is_the_snippet_on_one_line():
    shown, spans = snippet("First line\r\n\n  second line\twith process\u2028third", q("process"))
    assert shown == "First line second line with process third"
    assert [shown[s:e] for s, e in spans] == ["process"]


def test_control_characters_never_reach_the_terminal():
    shown, spans = snippet("\x1b[31mred\x1b[0m process", q("process"))
    assert "\x1b" not in shown
    assert [shown[s:e] for s, e in spans] == ["process"]


def test_a_long_text_is_cut_around_the_first_match():
    text = " ".join(f"w{n:02d}" for n in range(60)) + " the process matters " + " ".join(f"z{n:02d}" for n in range(60))
    shown, spans = snippet(text, q("process"), width=50)
    assert len(shown) <= 50
    assert shown.startswith("…") and shown.endswith("…")
    assert [shown[s:e] for s, e in spans] == ["process"]
    assert "the process matters" in shown  # the match with what leads to it and follows
    assert " w" in shown or shown.startswith("…w")  # whole words at the cut
    body = shown.strip("…")
    assert body in text and body.split()[0] in text.split() and body.split()[-1] in text.split()


def test_a_match_at_the_start_or_end_is_cut_on_one_side_only():
    tail = " ".join(f"z{n:02d}" for n in range(60))
    shown, spans = snippet("process " + tail, q("process"), width=40)
    assert shown.startswith("process ") and shown.endswith("…") and len(shown) <= 40
    assert spans == ((0, 7),)
    shown, spans = snippet(tail + " process", q("process"), width=40)
    assert shown.startswith("…") and shown.endswith(" process") and len(shown) <= 40
    assert [shown[s:e] for s, e in spans] == ["process"]


def test_a_match_well_within_the_first_line_is_shown_from_the_beginning():
    text = "We talked about her move from agency work to design. " + " ".join(f"z{n:02d}" for n in range(60))
    shown, spans = snippet(text, q("agency"), width=80)
    assert shown.startswith("We talked about") and shown.endswith("…")
    assert [shown[s:e] for s, e in spans] == ["agency"]


def test_without_a_match_the_snippet_is_the_beginning():
    text = " ".join(f"w{n:02d}" for n in range(60))
    shown, spans = snippet(text, q("elsewhere"), width=30)
    assert shown.startswith("w00 w01") and shown.endswith("…") and len(shown) <= 30
    assert spans == ()


def test_a_match_cut_by_the_window_is_highlighted_as_far_as_it_shows():
    text = "x " * 30 + "a" * 100
    shown, spans = snippet(text, q("a*"), width=40)
    assert len(shown) <= 40 and shown.endswith("…")
    (start, end), *_ = spans
    assert set(shown[start:end]) == {"a"} and end <= len(shown) - 1


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab Áé\n\t[]/@東x-")), max_size=200),
    st.integers(min_value=5, max_value=120),
)
def test_a_snippet_fits_its_width_and_its_spans_are_the_words(text, width):
    query = q("a* é 東")
    shown, spans = snippet(text, query, width)
    assert len(shown) <= width
    assert "\n" not in shown and "\t" not in shown
    for s, e in spans:
        assert 0 <= s < e <= len(shown)
        assert fold(shown[s:e]).strip("…")[:1] in {"a", "e", "東"}


# --- ranking ----------------------------------------------------------------------------------


def test_a_takeaway_ranks_above_a_plain_note_with_the_same_match():
    on = date(2026, 10, 1)
    assert score(-3.0, on, TODAY, "takeaway") > score(-3.0, on, TODAY, "notes")
    assert score(-3.0, on, TODAY, "takeaway") / score(-3.0, on, TODAY, "notes") == pytest.approx(1.3)


def test_newer_ranks_above_older_with_the_same_match():
    assert score(-3.0, TODAY, TODAY, "notes") > score(-3.0, date(2026, 6, 1), TODAY, "notes")
    assert score(-3.0, date(2026, 6, 1), TODAY, "notes") > score(-3.0, date(2024, 6, 1), TODAY, "notes")
    # a day still to come counts as today; an undated card as half a year old
    assert score(-3.0, date(2027, 1, 1), TODAY, "notes") == score(-3.0, TODAY, TODAY, "notes")
    half_year = date.fromordinal(TODAY.toordinal() - 180)
    assert score(-3.0, None, TODAY, "contact-notes") == pytest.approx(score(-3.0, half_year, TODAY, "notes"))


def test_a_better_match_ranks_above_a_worse_one_of_the_same_day():
    on = date(2026, 11, 1)
    assert score(-8.0, on, TODAY, "notes") > score(-2.0, on, TODAY, "notes")
    # recency at most halves a match: a far better old match still wins
    assert score(-9.0, date(2016, 1, 1), TODAY, "notes") > score(-3.0, TODAY, TODAY, "notes")


def test_ranking_a_fixed_corpus():
    rows = [  # (what, bm25, day, field)
        ("old weak note", -1.0, date(2025, 1, 1), "notes"),
        ("new weak note", -1.0, date(2026, 11, 20), "notes"),
        ("new weak takeaway", -1.0, date(2026, 11, 20), "takeaway"),
        ("new strong note", -6.0, date(2026, 11, 20), "notes"),
        ("mid strong takeaway", -6.0, date(2026, 8, 1), "takeaway"),
    ]
    ranked = [r[0] for r in sorted(rows, key=lambda r: -score(r[1], r[2], TODAY, r[3]))]
    assert ranked == ["mid strong takeaway", "new strong note", "new weak takeaway", "new weak note", "old weak note"]


def test_without_words_to_match_the_newest_ranks_first():
    assert score(0.0, TODAY, TODAY, "takeaway") > score(0.0, date(2026, 1, 1), TODAY, "takeaway") > 0


# --- the searchable texts of every record -----------------------------------------------------


def test_an_interactions_docs_are_its_summary_notes_takeaways_and_action_items():
    i = Interaction(
        "i1", "c1", date(2026, 3, 5), "coffee", "Chat about Figma", "Long notes",
        ("portfolios win on process", "  ", "ask for intros"),
        (ActionItem("send the deck", ME), ActionItem("intro to Lee", THEM, done=True)),
    )  # fmt: skip
    docs = docs_of_interaction(i, "interactions/07")
    assert [(d.key, d.field, d.text, d.done) for d in docs] == [
        ("i:i1:summary:0", "summary", "Chat about Figma", False),
        ("i:i1:notes:0", "notes", "Long notes", False),
        ("i:i1:takeaway:0", "takeaway", "portfolios win on process", False),
        ("i:i1:takeaway:2", "takeaway", "ask for intros", False),  # the blank one left out
        ("i:i1:todo-mine:0", "todo-mine", "send the deck", False),
        ("i:i1:todo-theirs:1", "todo-theirs", "intro to Lee", True),
    ]
    assert {(d.source, d.contact_id, d.interaction_id, d.on, d.kind) for d in docs} == {
        ("interactions/07", "c1", "i1", date(2026, 3, 5), "coffee")
    }
    assert [d.label for d in docs] == [
        "coffee summary", "coffee note", "coffee takeaway", "coffee takeaway",
        "coffee action item (yours)", "coffee action item (theirs)",
    ]  # fmt: skip
    assert docs_of_interaction(Interaction("i2", "c1", TODAY, "email"), "interactions/00") == []


def test_a_contacts_docs_are_its_notes_how_met_role_company_and_tags():
    c = Contact(
        id="c1", name="Maya Okafor", role="Staff Designer", company="Figma", tags=("design", "mentor"),
        how_met="Config 2026", notes="Prefers mornings",
    )  # fmt: skip
    docs = docs_of_contact(c)
    assert [(d.key, d.field, d.text) for d in docs] == [
        ("c:c1:contact-notes", "contact-notes", "Prefers mornings"),
        ("c:c1:how-met", "how-met", "Config 2026"),
        ("c:c1:role", "role", "Staff Designer"),
        ("c:c1:company", "company", "Figma"),
        ("c:c1:tags", "tags", "design, mentor"),
    ]
    assert {(d.source, d.contact_id, d.interaction_id, d.on, d.kind) for d in docs} == {
        ("contacts", "c1", None, None, "")
    }
    assert [d.label for d in docs] == ["contact's notes", "how you met", "role", "company", "tags"]
    assert docs_of_contact(Contact(id="c2", name="Nobody")) == []


def test_meeting_prep_question_and_draft_docs():
    started = datetime(2026, 11, 20, 9, 30).timestamp()
    (meeting,) = docs_of_meeting(MeetingDraft("c1", started, notes="asked about [/] portfolios"))
    assert (meeting.key, meeting.source, meeting.contact_id, meeting.field, meeting.on) == (
        "m:c1", "meetings", "c1", "meeting-notes", date(2026, 11, 20),
    )  # fmt: skip
    assert meeting.label == "meeting notes (in progress)"
    assert docs_of_meeting(MeetingDraft("c1", started)) == []

    prep = docs_of_prep(Prep("c1", ("How did you start?", "What surprised you?"), datetime(2026, 11, 1, 8)))
    assert [(d.key, d.source, d.contact_id, d.field, d.on, d.text) for d in prep] == [
        ("p:c1:0", "prep", "c1", "prep", date(2026, 11, 1), "How did you start?"),
        ("p:c1:1", "prep", "c1", "prep", date(2026, 11, 1), "What surprised you?"),
    ]
    (own,) = docs_of_question(OwnQuestion("q1", "Craft", "What would you cut?", datetime(2026, 2, 3, 4)))
    assert (own.key, own.source, own.contact_id, own.interaction_id, own.field, own.on) == (
        "q:q1", "questions", "", None, "question", date(2026, 2, 3),
    )  # fmt: skip
    assert own.label == "your question"
    (draft,) = docs_of_draft("maya-okafor.txt", "Hi Maya,\nI loved your talk", "c1")
    assert (draft.key, draft.source, draft.contact_id, draft.field, draft.on) == (
        "d:maya-okafor.txt", "drafts", "c1", "draft", None,
    )  # fmt: skip
    assert docs_of_draft("empty.txt", "  \n") == []


def test_docs_keep_the_text_composed():
    i = Interaction("i1", "c1", TODAY, "call", notes="Sofi\u0301a")
    (doc,) = docs_of_interaction(i, "interactions/00")
    assert doc.text == "Sofía"


def test_every_field_has_a_label_and_kind_names_only_interaction_texts():
    assert label("note", "notes") == "note"
    assert label("call", "takeaway") == "call takeaway"
    assert label("", "takeaway") == "takeaway"
    assert label("coffee", "contact-notes") == "contact's notes"
    assert set(LABELS) == set(FIELDS) and all(LABELS.values())
    doc = Doc("c:c1:role", "contacts", "c1", None, None, "", "role", "Designer")
    assert doc.label == "role" and not doc.done
