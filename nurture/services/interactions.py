"""Logging interactions, and the action items they carry."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from nurture.domain.errors import InputError
from nurture.domain.models import ActionItem
from nurture.domain.requests import LogRequest
from nurture.domain.review import Commitment, open_commitments
from nurture.services.core import Context, Logged


class Interactions:
    def __init__(self, context: Context) -> None:
        self.context = context

    def log(self, request: LogRequest) -> Logged:
        """Log an interaction and move the contact's stage on; the follow-up it ``completes``
        is marked done in the same save."""
        ctx = self.context
        with ctx.repo.locked():
            logged = ctx.logged(request)
            done = [ctx.completed(request.completes, logged.interaction.on)] if request.completes else []
            ctx.repo.save(contacts=[logged.contact] if logged.stage_changed else [],
                          interactions=[logged.interaction], followups=done, appointments=logged.held)  # fmt: skip
        return logged

    def commitments(self, as_of: date | None = None) -> dict[str, list[Commitment]]:
        """Open action items across everyone: {"mine": […], "theirs": […]}, oldest first."""
        return open_commitments(self.context.network(), as_of or self.context.today())

    def set_action_done(self, contact_id: str, interaction_id: str, index: int, done: bool = True) -> None:
        repo = self.context.repo
        with repo.locked():
            current = repo.interaction(contact_id, interaction_id)
            if current is None or not 0 <= index < len(current.action_items):
                raise InputError("that action item no longer exists (changed elsewhere?)")
            items = list(current.action_items)
            items[index] = ActionItem(items[index].text, items[index].owner, done)
            repo.save(interactions=[replace(current, action_items=tuple(items))])
