from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from nurture.domain.models import Contact
from nurture.domain.queue import QueueItem
from nurture.domain.search import (
    BY_DUE,
    BY_LAST_CONTACT,
    BY_NAME,
    ContactRow,
    filter_rows,
    haystack,
    rank_rows,
    sort_rows,
)


def row(name, company="", role="", tags=(), last=None, due=None):
    c = Contact(id=name, name=name, company=company, role=role, tags=tuple(tags))
    item = QueueItem(c.id, name, "touch-base", due, 0, "") if due else None
    return ContactRow(c, "met", last, item, haystack(c))


ROWS = [
    row("Maya Okafor", "Figma", "Staff Product Designer", ["design", "mentor"], date(2026, 11, 1), date(2026, 12, 1)),
    row("Fatima Zahra", "NHS Digital", "Service Designer", ["design", "health"], date(2026, 10, 1)),
    row("Ben Carter", "", "Freelance Designer", ["design"], None, date(2026, 11, 20)),
    row("Zoë Kowalski", "Atlassian", "Content Designer", ["writing"], date(2026, 11, 20)),
]


def names(rows):
    return [r.contact.name for r in rows]


def test_every_word_must_match_name_company_role_or_tag():
    assert names(filter_rows(ROWS, "figma")) == ["Maya Okafor"]
    assert names(filter_rows(ROWS, "DESIGN health")) == ["Fatima Zahra"]
    assert names(filter_rows(ROWS, "writing")) == ["Zoë Kowalski"]
    assert names(filter_rows(ROWS, "")) == names(ROWS)
    assert filter_rows(ROWS, "nobody") == []


def test_fuzzy_matches_stay_inside_one_field_and_rank_after_exact():
    assert names(filter_rows(ROWS, "mya")) == ["Maya Okafor"]
    assert names(filter_rows(ROWS, "fintech")) == []  # letters spread over several fields
    exact_then_fuzzy = names(filter_rows(ROWS, "desi"))
    assert set(exact_then_fuzzy) == {"Maya Okafor", "Fatima Zahra", "Ben Carter", "Zoë Kowalski"}
    assert names(filter_rows(ROWS, "cntnt")) == ["Zoë Kowalski"]


def shown(rows, query):
    return names(rank_rows(filter_rows(rows, query), query))


PEOPLE = [  # by name, as the list sorts them
    row("Johanna Berg", "Spotify"),
    row("Ana Ruiz", "Canva"),
    row("Nathan Alvarez", "Stripe"),
    row("Lena Schmidt", "Banana Labs"),
    row("Mariana Costa", "Figma"),
]


def test_an_exact_or_word_start_match_ranks_above_a_loose_one():
    # "ana": Ana Ruiz's name starts with it; Banana Labs and Mariana hold it inside a word;
    # Johanna and Nathan Alvarez have only its letters in order (the sort keeps ties in order)
    assert shown(PEOPLE, "ana") == ["Ana Ruiz", "Lena Schmidt", "Mariana Costa", "Johanna Berg", "Nathan Alvarez"]
    assert shown(PEOPLE, "ANA RUIZ") == ["Ana Ruiz"]
    assert shown(PEOPLE, "ruiz")[0] == "Ana Ruiz"  # the surname starts a word of the name


def test_a_name_match_ranks_above_a_company_match_and_ties_keep_the_sort():
    rows = [row("Ben Carter", "Lena's Bakery"), row("Zed Lenahan"), row("Lena Schmidt")]
    assert shown(rows, "lena") == ["Zed Lenahan", "Lena Schmidt", "Ben Carter"]
    assert shown(rows, "") == names(rows)  # nothing typed: the sort as chosen


def test_ranking_does_not_change_what_matches():
    for query in ("ana", "an", "a", "st", "mya", "nobody"):
        assert set(shown(PEOPLE, query)) == set(names(filter_rows(PEOPLE, query)))


def test_sorts():
    assert names(sort_rows(ROWS, BY_NAME)) == ["Ben Carter", "Fatima Zahra", "Maya Okafor", "Zoë Kowalski"]
    assert names(sort_rows(ROWS, BY_LAST_CONTACT)) == ["Zoë Kowalski", "Maya Okafor", "Fatima Zahra", "Ben Carter"]
    assert names(sort_rows(ROWS, BY_DUE)) == ["Ben Carter", "Maya Okafor", "Fatima Zahra", "Zoë Kowalski"]


def _subsequence_in_a_field(word: str, hay: str) -> bool:
    def within(field: str) -> bool:
        it = iter(field)
        return all(c in it for c in word)

    return any(within(field) for field in hay.split("\x00"))


@settings(max_examples=300, deadline=None)
@given(
    word=st.text(alphabet="ad-]^\\.*x", min_size=1, max_size=4),
    fields=st.lists(st.text(alphabet="ad-]^\\.*xy ", max_size=12), min_size=1, max_size=3),
)
def test_fuzzy_match_is_letters_in_order_within_one_field(word, fields):
    """The fast pattern (gaps that stop at the next letter) finds exactly what a plain
    subsequence check finds, regex metacharacters included."""
    from nurture.domain.search import _in_order

    hay = "\x00".join(fields)
    assert bool(_in_order(word).search(hay)) == _subsequence_in_a_field(word, hay)
