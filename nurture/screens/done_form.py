"""Mark a queue item done: log the touch it asks for, with an optional note. The form's result
is the ``LogRequest`` the services save (a follow-up's touch marks the follow-up done with it).

A ``log-meeting`` item ("how did it go?") is done by logging the conversation itself: the log
form (``MeetingLogForm``), filled in with the appointment's day and length, and video when it was
at a web address, else meeting. Logging it marks the appointment held."""

from __future__ import annotations

from datetime import date, tzinfo

from textual import on
from textual.widgets import Input, Select

from nurture.domain import fields
from nurture.domain.appointments import Appointment, link_in
from nurture.domain.models import KIND_HELP, KINDS, MEETING, VIDEO, Contact
from nurture.domain.queue import FOLLOW_UP, NUDGE_DUE, REPORT_BACK, THANK, QueueItem
from nurture.domain.requests import LogRequest
from nurture.screens.form import FormScreen
from nurture.screens.log_form import LogForm
from nurture.widgets.field import Field
from nurture.widgets.screen_text import screen_text

#: The touch each reason asks for.
KIND_FOR = {THANK: "thank-you", NUDGE_DUE: "nudge", FOLLOW_UP: "email", REPORT_BACK: "update"}


class DoneForm(FormScreen[LogRequest]):
    def __init__(self, item: QueueItem) -> None:
        super().__init__(f"Done: {item.reason} for {item.name}")
        self.item = item

    def fields(self) -> list[Field]:
        return [
            Field(
                "Note (optional)",
                Input(id="note", placeholder="what you sent or said — Enter saves"),
                hint=screen_text(self.item.detail),
                id="f-note",
            ),
            Field(
                "Log it as",
                Select(
                    [(f"{k} — {KIND_HELP[k]}", k) for k in KINDS],
                    value=KIND_FOR.get(self.item.reason, "update"),
                    allow_blank=False,
                    id="kind",
                ),
                id="f-kind",
            ),
        ]

    @on(Input.Submitted, "#note")
    def _save_on_enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def collect(self, check) -> LogRequest:
        item = self.item
        return LogRequest(
            item.contact_id,
            fields.clean_kind(str(self.query_one("#kind", Select).value)),
            self.today,
            summary=f"{item.reason} done",
            notes=fields.clean_text(self.query_one("#note", Input).value),
            completes=item.ref if item.reason == FOLLOW_UP else None,
        )


class MeetingLogForm(LogForm):
    """The log form for an appointment that took place: its day (where the user is now) and
    length filled in, the kind video for a web address, else meeting; the rest to write."""

    def __init__(self, contact: Contact, today: date, appointment: Appointment, zone: tzinfo, order: str = "") -> None:
        super().__init__(contact, today, VIDEO if link_in(appointment.where) else MEETING, order)
        self.form_title = screen_text(f"How did it go? Log the conversation with {contact.name}")
        self.appointment = appointment
        self.zone = zone

    def on_mount(self) -> None:
        if self._refill is None:  # a form brought back after a failed save keeps what was typed
            a = self.appointment
            self._put_back({"on": a.day(self.zone).isoformat(), "minutes": str(a.minutes)})
        super().on_mount()
