"""Question prep: closed-question detection, the 5–7 counter, the bank, and what is stored."""

from __future__ import annotations

import pytest

from nurture.domain.errors import InputError
from nurture.domain.questions import BANK, CLOSING, TOPICS, closed_opener, counter, is_closed, on_target, with_closing


@pytest.mark.parametrize(
    "text",
    [
        "Do you like it?",
        "is it hard?",
        "  “Are you hiring?",
        "Did that help?",
        "Can I ask…",
        "Could you…",
        "Will it last?",
        "Would you do it again?",
        "Should I learn SQL?",
        "Have you ever…",
        "Has it changed?",
        "Does the team travel?",
        "Don't you miss it?",
        "Can’t you…",
        "- Is there a path?",
    ],
)
def test_closed_questions_are_flagged_by_their_first_word(text):
    assert is_closed(text)


@pytest.mark.parametrize(
    "text",
    [
        "How did you start?",
        "What is hard about it?",
        "Why this field?",
        "Tell me about your week.",
        "Doing what, mostly?",
        "Isabel mentioned you; how did you meet?",
        "Canada or the US: which?",
        "In your view, is it worth it?",
        "",
        "   ",
        "42 — is that normal?",
    ],
)
def test_open_questions_are_not(text):
    assert not is_closed(text)


def test_the_opener_is_named_as_written():
    assert closed_opener("DOES it pay?") == "DOES"


def test_the_bank_holds_about_forty_open_questions_under_every_topic():
    assert 38 <= len(BANK) <= 45
    assert {q.topic for q in BANK} == set(TOPICS)
    assert [q.text for q in BANK if is_closed(q.text)] == []
    assert len({q.id for q in BANK}) == len(BANK)


@pytest.mark.parametrize(
    ("n", "text", "good"),
    [
        (0, "0 of 5–7: add 5 more", False),
        (4, "4 of 5–7: add 1 more", False),
        (5, "5 questions, within 5–7", True),
        (7, "7 questions, within 5–7", True),
        (9, "9 questions: more than 7 will not fit in 20 minutes; cut 2", False),
    ],
)
def test_the_counter_aims_at_five_to_seven(n, text, good):
    assert counter(n) == text and on_target(n) is good


def test_the_closing_question_is_always_last_and_only_once():
    assert with_closing(["How?", CLOSING.upper(), "What?"]) == ["How?", "What?", CLOSING]


def test_prep_lists_are_stored_per_contact_in_order_without_repeats(service):
    ada = service.add_contact("Ada Park")
    bo = service.add_contact("Bo Lind")
    service.set_prep(ada.id, ["  What now? ", "How so?", "what now?", CLOSING])
    assert service.prep(ada.id) == ["What now?", "How so?"]
    assert service.prep(bo.id) == []
    with pytest.raises(InputError, match="cannot be blank"):
        service.set_prep(ada.id, ["How?", "  "])
    assert service.prep(ada.id) == ["What now?", "How so?"]  # nothing written


def test_own_questions_join_the_bank_and_only_they_can_be_removed(service):
    mine = service.add_question("culture", "What rituals does your team keep?")
    bank = service.question_bank()
    culture = [q.text for q in bank if q.topic == "culture"]
    assert culture[-1] == "What rituals does your team keep?" and mine in bank and mine.own
    with pytest.raises(InputError, match="already in the bank"):
        service.add_question("advice", "what rituals does your team keep?")
    with pytest.raises(InputError, match="unknown topic"):
        service.add_question("gossip", "What is new?")
    with pytest.raises(InputError, match="only questions you added"):
        service.remove_question(BANK[0].id)
    service.remove_question(mine.id)
    assert mine not in service.question_bank()
