"""How logged interactions move a contact along the pipeline.

Stages only move forward on their own (a late-logged outreach never pulls a contact you have
already met back to 'requested'); the user can set any stage by hand. A dormant contact that
you reach out to or meet again comes back into the pipeline.
"""

from __future__ import annotations

from nurture.domain.models import (
    CONVERSATIONS,
    DORMANT,
    MET,
    NURTURING,
    OUTREACH,
    PIPELINE,
    REQUESTED,
    SCHEDULED,
    THANK_YOU,
)

_RANK = {stage: rank for rank, stage in enumerate(PIPELINE)}
_RANK[DORMANT] = -1


def stage_after(stage: str, kind: str) -> str:
    """The stage a contact at ``stage`` reaches when an interaction of ``kind`` is logged."""
    if kind == OUTREACH:
        target = REQUESTED
    elif kind in CONVERSATIONS:
        target = MET
    elif kind == THANK_YOU and stage == MET:
        target = NURTURING
    else:
        return stage
    return target if _RANK[target] > _RANK.get(stage, -1) else stage


def stage_on_booking(stage: str) -> str:
    """The stage a contact at ``stage`` reaches when a conversation with them is booked:
    ``scheduled``, from before it (a dormant contact comes back); one already met stays."""
    return SCHEDULED if _RANK.get(stage, -1) < _RANK[SCHEDULED] else stage


def stage_on_cancel(stage: str, before: str | None, still_booked: bool) -> str:
    """The stage when a booking that moved the contact from ``before`` is cancelled: back to
    ``before`` if they are still at ``scheduled`` and nothing else is booked with them."""
    if stage == SCHEDULED and before is not None and before != SCHEDULED and not still_booked:
        return before
    return stage
