"""Outreach drafts: template rendering, word counting, job-ask detection, and what marking a
draft sent stores."""

from __future__ import annotations

import stat
from datetime import date

import pytest

from nurture.domain.errors import InputError
from nurture.domain.outreach import (
    BUILT_IN,
    check_template,
    job_asks,
    length_note,
    render,
    suggested,
    word_count,
)
from tests.conftest import TODAY


def test_rendering_fills_what_is_known_and_leaves_the_rest_visible_and_flagged():
    r = render(
        "Hi {first_name}, {referrer} said {company} is great. {my_goal} {first_name}!",
        {"first_name": "Ada", "company": "Acme", "referrer": "  "},
    )
    assert r.text == "Hi Ada, {referrer} said Acme is great. {my_goal} Ada!"
    assert r.missing == ("referrer", "my_goal") and r.unknown == ()


def test_unknown_placeholders_and_stray_braces_never_break_rendering():
    r = render("Hi {frist_name} {0} { } {{first_name}} {", {"first_name": "Ada"})
    assert r.text == "Hi {frist_name} {0} { } {Ada} {"
    assert r.unknown == ("frist_name",) and r.missing == ()
    assert render("{first_name}", {"first_name": "{company}"}).text == "{company}"  # values are not re-read


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("", 0),
        ("   \n ", 0),
        ("Hi Ada,", 2),
        ("I don't have a 20-minute slot — sorry!", 7),
        ("one\ntwo\tthree", 3),
        ("Ça va, Zoë? Très bien.", 5),
        ("... — !!", 0),
    ],
)
def test_word_count(text, n):
    assert word_count(text) == n


def test_length_hint_above_100_words_and_warning_above_150():
    assert length_note(100) is None
    assert length_note(101)[0] == "hint" and "over 100" in length_note(101)[1]
    assert length_note(150)[0] == "hint"
    assert length_note(151)[0] == "warning" and "over 150" in length_note(151)[1]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Are there any openings on your team?", ["openings"]),
        ("Could you refer me, or give me a referral for the role?", ["refer me", "referral for"]),
        ("Is your team hiring? I'd love a job there. Any JOB!", ["hiring", "job"]),
        ("I saw the position and the vacancy", ["position", "vacancy"]),
        ("I'd value 20 minutes of advice about your path.", []),
        ("Jobless no more; a rehire; enjoyable", []),
    ],
)
def test_job_asks_are_found_as_written(text, found):
    assert job_asks(text) == found


def test_built_in_templates_are_short_and_never_ask_for_a_job():
    values = {
        "first_name": "Ada",
        "company": "Acme",
        "role": "design lead",
        "referrer": "Bo",
        "my_goal": "I'm a teacher moving into learning design.",
        "takeaway": "portfolio reviews",
    }
    assert len(BUILT_IN) == 6
    for t in BUILT_IN:
        r = render(t.body, values)
        assert r.missing == () and r.unknown == ()
        assert word_count(r.text) <= 100 and job_asks(r.text) == []


def test_a_template_must_say_something_and_use_known_placeholders():
    assert check_template("  Hi {first_name}  ") == "Hi {first_name}"
    with pytest.raises(InputError, match="empty"):
        check_template(" \n ")
    with pytest.raises(InputError, match=r"unknown placeholder \{frist_name\}"):
        check_template("Hi {frist_name}")


def test_the_suggested_template_follows_the_stage():
    assert suggested("prospect", referred=False) == "cold-linkedin"
    assert suggested("prospect", referred=True) == "referral-intro"
    assert suggested("requested", False) == "nudge"
    assert suggested("met", False) == "thank-you"
    assert suggested("nurturing", False) == "congratulations"


def test_edited_templates_are_stored_and_can_be_reset(service):
    service.save_template("nudge", "Hi {first_name}, a gentle bump.")
    nudge = next(t for t in service.templates() if t.key == "nudge")
    assert nudge.body == "Hi {first_name}, a gentle bump." and nudge.edited
    with pytest.raises(InputError):
        service.save_template("nudge", "Hi {name}")
    service.reset_template("nudge")
    assert not next(t for t in service.templates() if t.key == "nudge").edited


def test_values_come_from_the_card_the_referrer_the_goal_and_the_latest_takeaway(service):
    bo = service.add_contact("Bo Lind")
    ada = service.add_contact("Ada Park Jones", company="Acme", role="Researcher", referred_by=bo.id)
    service.update_settings(my_goal="I'm moving into research.")
    service.log(ada.id, "coffee", date(2026, 11, 1), takeaways=["old one"])
    service.log(ada.id, "video", date(2026, 11, 20), takeaways=["talk to users weekly"])
    assert service.outreach_values(ada.id) == {
        "first_name": "Ada",
        "company": "Acme",
        "role": "Researcher",
        "referrer": "Bo Lind",
        "my_goal": "I'm moving into research.",
        "my_name": "",
        "takeaway": "talk to users weekly",
    }


def test_marking_sent_logs_the_message_and_the_queue_moves_on(service):
    ada = service.add_contact("Ada Park")
    service.mark_sent(ada.id, "cold-linkedin", "Hi Ada, 20 minutes?")
    (sent,) = service.network().timeline(ada.id)
    assert (sent.kind, sent.on, sent.summary, sent.notes) == (
        "outreach",
        TODAY,
        "Cold LinkedIn note",
        "Hi Ada, 20 minutes?",
    )
    assert service.network().contacts[ada.id].stage == "requested"
    assert [(i.reason, i.due) for i in service.queue(within=7)] == [("nudge", date(2026, 11, 30))]


def test_the_one_nudge_is_never_sent_twice(service, clock):
    ada = service.add_contact("Ada Park")
    service.log(ada.id, "outreach", date(2026, 11, 1))
    service.mark_sent(ada.id, "nudge", "bump")
    with pytest.raises(InputError, match="already nudged them on Mon 23 Nov"):
        service.mark_sent(ada.id, "nudge", "bump again")
    assert len(service.network().timeline(ada.id)) == 2
    service.log(ada.id, "outreach", date(2026, 11, 23))  # a new request: a new nudge is allowed
    service.mark_sent(ada.id, "nudge", "bump for the new one")


def test_a_draft_saved_to_a_file_is_private(service, data_dir):
    ada = service.add_contact("Ada Park-Jones")
    path = service.save_draft_file(ada.id, "thank-you", "Thank you!")
    assert path == data_dir / "drafts" / "ada-park-jones-thank-you.txt"
    assert path.read_text() == "Thank you!\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
