import pytest

from nurture.domain.stages import stage_after


@pytest.mark.parametrize(
    ("stage", "kind", "expected"),
    [
        ("prospect", "outreach", "requested"),
        ("prospect", "coffee", "met"),
        ("requested", "video", "met"),
        ("scheduled", "call", "met"),
        ("met", "thank-you", "nurturing"),
        ("met", "outreach", "met"),  # never backwards
        ("nurturing", "coffee", "nurturing"),
        ("nurturing", "thank-you", "nurturing"),
        ("requested", "thank-you", "requested"),  # a thank-you before meeting moves nothing
        ("requested", "reply", "requested"),
        ("dormant", "outreach", "requested"),  # re-engaging a dormant contact
        ("dormant", "meeting", "met"),
        ("prospect", "note", "prospect"),
    ],
)
def test_logged_kinds_move_stage_forward_only(stage, kind, expected):
    assert stage_after(stage, kind) == expected
