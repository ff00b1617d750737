"""Meeting mode's rules: the countdown (pinned clock, no sleeping), marked lines, and what
ending a meeting stores."""

from __future__ import annotations

from datetime import date

import pytest

from nurture.domain.errors import InputError
from nurture.domain.library import MeetingDraft, Referral
from nurture.domain.meeting import (
    OVER,
    RUNNING,
    WRAP_UP,
    Countdown,
    clock_text,
    notices_due,
    parse_notes,
    toggle_mark,
)
from nurture.domain.queue import THANK
from tests.conftest import TODAY


class Seconds:
    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


def test_the_countdown_runs_then_asks_to_wrap_up_at_two_minutes_then_is_over():
    clock = Seconds()
    timer = Countdown.start(clock, minutes=20)
    assert (timer.state(), timer.label()) == (RUNNING, "20:00 left")
    clock.at += 0.4
    assert timer.label() == "20:00 left"  # a countdown rounds up: never 19:59 a moment early
    clock.at += 17 * 60 + 59.6  # 18:00 in: exactly 2:00 left
    assert (timer.state(), timer.label()) == (WRAP_UP, "2:00 left")
    clock.at += 119
    assert (timer.state(), timer.label()) == (WRAP_UP, "0:01 left")
    clock.at += 1
    assert (timer.state(), timer.label()) == (OVER, "0:00 over")
    clock.at += 185
    assert timer.label() == "3:05 over" and timer.minutes_taken() == 23


def test_changing_the_agreed_length_moves_the_states_and_a_short_talk_counts_a_minute():
    clock = Seconds()
    timer = Countdown.start(clock, minutes=30)
    assert timer.minutes_taken() == 1
    clock.at += 27 * 60
    assert timer.state() == RUNNING
    timer.minutes = 20
    assert timer.state() == OVER


def test_notices_are_given_once_each_even_if_a_tick_skips_one():
    assert notices_due(RUNNING, RUNNING) == []
    assert notices_due(RUNNING, WRAP_UP) == [WRAP_UP]
    assert notices_due(WRAP_UP, WRAP_UP) == []
    assert notices_due(RUNNING, OVER) == [WRAP_UP, OVER]
    assert notices_due(OVER, OVER) == []


def test_clock_text_shows_hours_only_past_an_hour():
    assert clock_text(65) == "1:05" and clock_text(3725) == "1:02:05" and clock_text(-3) == "0:00"


@pytest.mark.parametrize(
    ("line", "kind", "expected"),
    [
        ("Write the why first", "takeaway", "★ Write the why first"),
        ("★ Write the why first", "takeaway", "Write the why first"),  # again: unmarked
        ("★ send my portfolio", "mine", "☐ me: send my portfolio"),  # re-marked
        ("  intro to Jane", "theirs", "  ☐ them: intro to Jane"),  # indent kept
        ("", "takeaway", "★ "),
    ],
)
def test_marking_a_line(line, kind, expected):
    assert toggle_mark(line, kind) == expected


def test_marked_lines_become_takeaways_and_action_items_and_the_rest_stays_notes():
    parsed = parse_notes(
        "Moved from support to product.\n★ Write the why first\n☐ me: send portfolio\n"
        "  ☐ them: intro to Jane at Acme\n★ \nAsked about hiring.\n"
    )
    assert parsed.notes == "Moved from support to product.\nAsked about hiring."
    assert parsed.takeaways == ("Write the why first",)
    assert parsed.mine == ("send portfolio",)
    assert parsed.theirs == ("intro to Jane at Acme",)


def test_ending_a_meeting_logs_it_adds_referrals_and_queues_the_thank_you(service):
    ada = service.add_contact("Ada Park", company="Stripe")
    service.log(ada.id, "outreach", date(2026, 11, 10))
    bo = service.add_contact("Bo Lind")
    draft = MeetingDraft(
        ada.id,
        1000.0,
        20,
        "Great talk.\n★ Write the why first\n☐ me: send portfolio\n☐ them: intro to Jane",
        referrals=(Referral("Jane Doe", "Acme", "runs research"), Referral("bo lind")),
    )
    service.save_meeting(draft)
    ended = service.end_meeting(draft, "video", 23, "career paths")
    assert service.meeting(ada.id) is None
    logged = service.network().timeline(ada.id)[-1]
    assert (logged.kind, logged.on, logged.duration_minutes, logged.summary) == ("video", TODAY, 23, "career paths")
    assert logged.notes == "Great talk." and logged.takeaways == ("Write the why first",)
    assert [(a.text, a.owner) for a in logged.action_items] == [("send portfolio", "me"), ("intro to Jane", "them")]
    network = service.network()
    assert network.contacts[ada.id].stage == "met"
    jane = next(c for c in network.contacts.values() if c.name == "Jane Doe")
    assert (jane.company, jane.notes, jane.referred_by, jane.stage) == ("Acme", "runs research", ada.id, "prospect")
    assert jane.how_met == "introduced by Ada Park"
    assert [c.name for c in ended.added] == ["Jane Doe"] and [c.id for c in ended.known] == [bo.id]
    assert sum(c.name.casefold() == "bo lind" for c in network.contacts.values()) == 1  # not doubled
    thank = [(i.reason, i.due) for i in service.queue(within=7) if i.contact_id == ada.id]
    assert thank == [(THANK, date(2026, 11, 24))]


def test_a_meeting_that_cannot_be_logged_keeps_its_draft_and_writes_nothing(service):
    ada = service.add_contact("Ada Park")
    draft = MeetingDraft(ada.id, 1000.0, notes="notes", referrals=(Referral("Jane Doe"),))
    service.save_meeting(draft)
    with pytest.raises(InputError):
        service.end_meeting(draft, "outreach", 20)
    with pytest.raises(InputError):
        service.end_meeting(draft, "video", "forever")
    assert service.meeting(ada.id) == draft
    assert service.network().timeline(ada.id) == []
    assert [c.name for c in service.network().contacts.values()] == ["Ada Park"]


def test_a_countdown_started_ahead_of_its_appointment_says_when_it_starts_and_counts_from_then():
    now = [1000.0]
    countdown = Countdown(lambda: now[0], started=1000.0 + 90 * 60, minutes=30)
    assert countdown.label() == "starts in 1:30:00"
    assert countdown.minutes_taken() == 30  # ended before it began: the length agreed
    now[0] += 90 * 60 + 60
    assert countdown.label() == "29:00 left"
