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
