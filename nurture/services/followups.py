"""Dated follow-ups: scheduling one, marking one done."""

from __future__ import annotations

from nurture.domain.models import FollowUp, new_id
from nurture.domain.requests import FollowUpRequest
from nurture.services.core import Context


class FollowUps:
    def __init__(self, context: Context) -> None:
        self.context = context

    def add(self, request: FollowUpRequest) -> FollowUp:
        ctx = self.context
        request = request.checked(ctx.today())
        followup = FollowUp(new_id(), request.contact_id, request.due, request.text, None, ctx.now())
        with ctx.repo.locked():
            ctx.contact(request.contact_id)
            ctx.repo.save(followups=[followup])
        return followup
