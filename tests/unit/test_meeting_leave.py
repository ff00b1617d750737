"""Leaving a meeting: which meetings have nothing worth keeping, what the dashboard says of one
in progress, and discarding one (nothing logged, the draft gone)."""

from __future__ import annotations

import pytest

from nurture.domain.library import MeetingDraft, Referral
from nurture.domain.meeting import in_progress_text, nothing_in


@pytest.mark.parametrize(
    ("notes", "asked", "referrals", "empty"),
    [
        ("", (), (), True),
        ("  \n\t", (), (), True),  # blank lines are not notes
        ("they hire in March", (), (), False),
        ("", ("What do you look for?",), (), False),
        ("", (), (Referral("Jane Doe"),), False),
    ],
)
def test_a_meeting_with_nothing_in_it(notes, asked, referrals, empty):
    assert nothing_in(notes, asked, referrals) is empty


def test_the_minutes_in_progress_are_whole_and_never_negative():
    started = 1_000_000.0
    assert (
        in_progress_text("Maya Chen", started, started + 12 * 60 + 59) == "meeting with Maya Chen in progress, 12 min"
    )
    assert in_progress_text("Maya Chen", started, started + 30) == "meeting with Maya Chen in progress, 0 min"
    # started ahead of an appointment: counts from its start
    assert in_progress_text("Maya Chen", started, started - 600).endswith("in progress, 0 min")


def test_discarding_a_meeting_deletes_its_draft_and_logs_nothing(service):
    maya = service.add_contact("Maya Chen")
    bob = service.add_contact("Bob Stone")
    service.save_meeting(MeetingDraft(maya.id, 100.0, notes="hello"))
    service.save_meeting(MeetingDraft(bob.id, 200.0))
    assert [d.contact_id for d in service.meetings_in_progress()] == [bob.id, maya.id]  # newest first
    before = len(service.network().timeline(maya.id))
    service.discard_meeting(maya.id)
    assert service.meeting(maya.id) is None
    assert [d.contact_id for d in service.meetings_in_progress()] == [bob.id]
    assert len(service.network().timeline(maya.id)) == before
