"""Counts agree with their nouns; a sentence ends once."""

from __future__ import annotations

from nurture.domain.wording import count, sentence


def test_a_count_takes_the_singular_for_one_and_the_plural_otherwise():
    assert count(1, "referral") == "1 referral"
    assert count(0, "referral") == "0 referrals"
    assert count(2, "person", "people") == "2 people" and count(1, "person", "people") == "1 person"
    assert count(12_000, "contact") == "12,000 contacts"
    assert count(1, "thank-you") == "1 thank-you" and count(3, "touch-base") == "3 touch-bases"


def test_a_sentence_ends_once_whatever_the_name_ends_with():
    assert sentence("Added Nina Park") == "Added Nina Park."
    assert sentence("Added google inc.") == "Added google inc."
    assert sentence("Added Yahoo!") == "Added Yahoo!"
    assert sentence("Added Who?") == "Added Who?"
    assert sentence("Added Et al…") == "Added Et al…"
