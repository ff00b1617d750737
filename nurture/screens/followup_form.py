"""Schedule a dated follow-up with the selected contact."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input

from nurture.domain.dates import FUTURE, parse_date
from nurture.domain.models import Contact
from nurture.domain.requests import FollowUpRequest
from nurture.screens.form import FormScreen
from nurture.widgets.field import DateField, Field


class FollowUpForm(FormScreen[FollowUpRequest]):
    def __init__(self, contact: Contact, today: date, order: str = "") -> None:
        super().__init__(f"Follow up with {contact.name}")
        self.contact = contact
        self.today = today
        self.order = order  # how slashed dates read (the service's date_order)

    def fields(self) -> list[Field]:
        return [
            DateField(
                "When",
                self._due,
                input_id="due",
                placeholder="next fri, in 2 weeks, 2026-12-01",
                hint="next fri, in 2 weeks, +3d, Dec 1",
                id="f-due",
            ),
            Field("What", Input(id="text", placeholder="send the article on research ops"), id="f-text"),
        ]

    def _due(self, text: str) -> date:
        return FollowUpRequest.check_due(parse_date(text, self.today, FUTURE, self.order), self.today)

    def collect(self, check) -> FollowUpRequest:
        due = check("f-due", self.query_one("#f-due", DateField).value)
        text = check("f-text", lambda: FollowUpRequest.check_text(self.query_one("#text", Input).value))
        return FollowUpRequest(self.contact.id, due or self.today, text or "")
