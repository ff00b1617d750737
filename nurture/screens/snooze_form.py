"""Hide the selected contact from the queue until a date."""

from __future__ import annotations

from datetime import date

from nurture.domain.dates import FUTURE, parse_date
from nurture.domain.models import Contact
from nurture.domain.requests import SnoozeRequest
from nurture.screens.form import FormScreen
from nurture.widgets.field import DateField, Field


class SnoozeForm(FormScreen[SnoozeRequest]):
    def __init__(self, contact: Contact, today: date, order: str = "") -> None:
        super().__init__(f"Snooze {contact.name}")
        self.contact = contact
        self.today = today
        self.order = order  # how slashed dates read (the service's date_order)

    def fields(self) -> list[Field]:
        return [
            DateField(
                "Until",
                self._until,
                input_id="until",
                placeholder="in 2 weeks, next mon, 2027-01-10",
                hint="They come back to the queue on this date.",
                id="f-until",
            ),
        ]

    def _until(self, text: str) -> date:
        return SnoozeRequest.check_until(parse_date(text, self.today, FUTURE, self.order), self.today)

    def collect(self, check) -> SnoozeRequest:
        return SnoozeRequest(self.contact.id, check("f-until", self.query_one("#f-until", DateField).value))
