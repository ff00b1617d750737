"""Log an interaction with the selected contact."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Select, TextArea

from nurture.domain import fields
from nurture.domain.dates import PAST, parse_date
from nurture.domain.models import KIND_HELP, KINDS, Contact
from nurture.domain.requests import LogRequest
from nurture.screens.form import FormScreen
from nurture.widgets.field import DateField, Field


class LogForm(FormScreen[LogRequest]):
    DEFAULT_CSS = """
    LogForm #notes { height: 5; }
    """

    def __init__(self, contact: Contact, today: date, kind: str = "coffee", order: str = "") -> None:
        super().__init__(f"Log an interaction with {contact.name}")
        self.contact = contact
        self.today = today
        self.kind = kind
        self.order = order  # how slashed dates read (the service's date_order)

    def fields(self) -> list[Field]:
        return [
            Field(
                "Kind",
                Select([(f"{k} — {KIND_HELP[k]}", k) for k in KINDS], value=self.kind, allow_blank=False, id="kind"),
                id="f-kind",
            ),
            DateField(
                "Date",
                self._parse_date,
                "today",
                input_id="on",
                placeholder="today, yesterday, fri, 3d ago, 2026-11-20",
                id="f-on",
            ),
            Field("Summary", Input(placeholder="one line", id="summary"), id="f-summary"),
            Field("Notes", TextArea(id="notes"), id="f-notes"),
            Field("Takeaways\n(one per line)", TextArea(id="takeaways"), id="f-takeaways"),
            Field("My action items\n(one per line)", TextArea(id="todos"), id="f-todos"),
            Field("Their action items\n(one per line)", TextArea(id="their_todos"), id="f-their_todos"),
            Field("Minutes", Input(id="minutes", placeholder="30"), id="f-minutes"),
        ]

    def _parse_date(self, text: str) -> date:
        return LogRequest.check_on(parse_date(text, self.today, PAST, self.order), self.today)

    def _area(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", TextArea).text

    def collect(self, check) -> LogRequest:
        on = check("f-on", self.query_one("#f-on", DateField).value)
        minutes = check("f-minutes", lambda: fields.clean_minutes(self.query_one("#minutes", Input).value))
        return LogRequest(
            contact_id=self.contact.id,
            kind=str(self.query_one("#kind", Select).value),
            on=on or self.today,
            summary=fields.clean_text(self.query_one("#summary", Input).value),
            notes=self._area("notes").strip("\n"),
            takeaways=fields.clean_lines(self._area("takeaways")),
            todos=fields.clean_lines(self._area("todos")),
            their_todos=fields.clean_lines(self._area("their_todos")),
            duration_minutes=minutes,
        )
