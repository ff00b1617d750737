"""Schedule a dated follow-up with the selected contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.widgets import Input

from nurture.domain import fields
from nurture.domain.dates import FUTURE, check_ahead, parse_date
from nurture.domain.errors import InputError
from nurture.domain.models import Contact
from nurture.screens.form import FormScreen
from nurture.widgets.field import DateField, Field


@dataclass(frozen=True)
class FollowUpDraft:
    due: date
    text: str


class FollowUpForm(FormScreen[FollowUpDraft]):
    def __init__(self, contact: Contact, today: date, order: str = "") -> None:
        super().__init__(f"Follow up with {contact.name}")
        self.today = today
        self.order = order  # how slashed dates read (the service's date_order)

    def fields(self) -> list[Field]:
        return [
            DateField("When", self._due, input_id="due",
                      placeholder="next fri, in 2 weeks, 2026-12-01",
                      hint="next fri, in 2 weeks, +3d, Dec 1", id="f-due"),
            Field("What", Input(id="text", placeholder="send the article on research ops"), id="f-text"),
        ]

    def _due(self, text: str) -> date:
        return check_ahead(parse_date(text, self.today, FUTURE, self.order), self.today)

    def _what(self) -> str:
        text = fields.clean_text(self.query_one("#text", Input).value)
        if not text:
            raise InputError("say what the follow-up is")
        return text

    def collect(self, check) -> FollowUpDraft:
        due = check("f-due", self.query_one("#f-due", DateField).value)
        text = check("f-text", self._what)
        return FollowUpDraft(due or self.today, text or "")
