"""Book a conversation with the selected contact: the day and time they said yes to, its length
and where. The day and time are said back while typing, and refused there (no time, the hour the
clocks skip, already over); nothing is saved until every field reads.

If a conversation is booked with them already, the form is that appointment, filled in: saving
changes it (moved, longer, a link added), and ctrl+d cancels it (after asking). One that is over
and not logged yet (it did not take place?) is named at the top, and ctrl+d cancels it too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Input, Static

from nurture.domain import fields
from nurture.domain.appointments import (
    DEFAULT_MINUTES,
    Appointment,
    check_minutes,
    parse_moment,
    until_text,
    when_text,
    where_label,
)
from nurture.domain.errors import InputError
from nurture.domain.models import Contact
from nurture.domain.requests import BookRequest
from nurture.screens.form import FormScreen
from nurture.screens.key_question import Answer, KeyQuestion
from nurture.widgets.field import Field, MomentField
from nurture.widgets.screen_text import screen_text


@dataclass(frozen=True)
class MoveBooked:
    """The form's answer when the user changed the appointment already booked."""

    appointment: Appointment
    request: BookRequest


@dataclass(frozen=True)
class CancelBooked:
    """The form's answer when the user cancels the appointment already booked."""

    contact_id: str
    appointment: Appointment


def booked_text(appointment: Appointment, now: datetime, today: date) -> str:
    """'Thu 3 Dec 15:00 · 20 min · Zoom (in 4 days)': an appointment named in a sentence."""
    zone = now.tzinfo
    assert zone is not None
    place = where_label(appointment.where)
    text = f"{when_text(appointment, zone, today)} · {appointment.minutes} min"
    return f"{text} · {place} ({until_text(appointment, now)})" if place else f"{text} ({until_text(appointment, now)})"


class BookForm(FormScreen[BookRequest | MoveBooked | CancelBooked]):
    DEFAULT_CSS = """
    BookForm #booked { color: $warning; padding: 0 1 1 1; }
    """
    #: Before the fields' own ctrl+d (delete right; the delete key still does that).
    BINDINGS = [Binding("ctrl+d", "cancel_booked", "Cancel that appointment", priority=True)]

    def __init__(
        self,
        contact: Contact,
        today: date,
        now: datetime,
        order: str = "",
        booked: Appointment | None = None,
    ) -> None:
        """``now``: the moment, aware, in the user's zone; ``booked``: the appointment already
        booked with them (``next_booked``): one ahead is changed by the form, one over is
        offered to cancel."""
        changing = booked is not None and booked.end > now
        super().__init__(f"{'Change the' if changing else 'Book a'} conversation with {contact.name}")
        self.changing = changing
        self.contact = contact
        self.today = today
        self.now = now
        assert now.tzinfo is not None, "now must be aware (the service's moment())"
        self.zone: tzinfo = now.tzinfo
        self.order = order  # how slashed dates read (the service's date_order)
        self.booked = booked

    def fields(self) -> list[Field]:
        return [
            MomentField(
                "When",
                self._start,
                self.today,
                input_id="start",
                placeholder="thu 15:00, tomorrow 3pm",
                hint="a day and a time, as thu 15:00 or tomorrow 3pm",
                id="f-start",
            ),
            Field(
                "Minutes",
                Input(str(DEFAULT_MINUTES), id="minutes"),
                hint="what you asked for: 20 is the method's",
                id="f-minutes",
            ),
            Field(
                "Where",
                Input(id="where", placeholder="a place, or the video link"),
                id="f-where",
            ),
            Field("Note", Input(id="note", placeholder="optional"), id="f-note"),
        ]

    def on_mount(self) -> None:
        booked = self.booked
        if booked is not None:
            said = screen_text(booked_text(booked, self.now, self.today))
            if self.changing:
                notice = Content.assemble(("Booked: ", "bold"), said,
                                          (" — change it below; ctrl+d cancels it", "$text-muted"))  # fmt: skip
            else:
                notice = Content.assemble(
                    ("Not logged yet: ", "bold"), said,
                    (" — ctrl+d cancels it if it did not take place (d on its queue item logs it)", "$text-muted"),
                )  # fmt: skip
            self.query_one("#dialog").mount(Static(notice, id="booked", markup=False), after="#form-title")
            if self.changing:
                local = booked.local(self.zone)
                for input_id, value in (("start", f"{local:%Y-%m-%d %H:%M}"), ("minutes", str(booked.minutes)),
                                        ("where", booked.where), ("note", booked.note)):  # fmt: skip
                    self.query_one(f"#{input_id}", Input).value = value
        super().on_mount()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cancel_booked":
            return self.booked is not None
        return True

    @on(Input.Changed, "#minutes")
    def _length_changed(self) -> None:
        """Whether it is over already depends on its length: the When field says it again."""
        when = self.query_one("#f-start", MomentField)
        when.set_hint(screen_text(when.describe(self.query_one("#start", Input).value)) or " ")

    def _minutes(self) -> int:
        """The length typed, or the default while it does not read (its own error says why)."""
        try:
            return check_minutes(self.query_one("#minutes", Input).value)
        except InputError:
            return DEFAULT_MINUTES

    def _start(self, text: str) -> datetime:
        start = parse_moment(text, self.today, self.zone, self.order)
        return BookRequest.check_start(start, self._minutes(), self.now)

    def collect(self, check) -> BookRequest | MoveBooked:
        minutes = check("f-minutes", lambda: check_minutes(self.query_one("#minutes", Input).value))
        start = check("f-start", self.query_one("#f-start", MomentField).value)
        request = BookRequest.typed(
            self.contact.id,
            start or self.now,
            minutes=minutes,
            where=fields.clean_text(self.query_one("#where", Input).value),
            note=fields.clean_text(self.query_one("#note", Input).value),
        )
        if self.changing and self.booked is not None:
            return MoveBooked(self.booked, request)
        return request

    def action_cancel_booked(self) -> None:
        booked = self.booked
        if booked is None:
            return
        question = KeyQuestion(
            "Cancel this appointment?",
            f"The conversation with {self.contact.name}, {booked_text(booked, self.now, self.today)}. "
            "A calendar that imported it removes it.",
            [Answer("y", "Yes, cancel it", "cancel"), Answer("n", "No, keep it", "keep")],
            back="No, keep it",
        )
        keys = self.query_one(Footer)

        def answered(answer: str | None) -> None:
            keys.display = True
            if answer == "cancel":
                self.dismiss(CancelBooked(self.contact.id, booked))

        keys.display = False  # its keys wait under the question (none of them works meanwhile)
        self.app.push_screen(question, answered)
