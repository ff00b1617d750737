"""Meeting mode's two forms: capture a referral, and end the meeting (what to log)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Input, Select, Static

from nurture.domain import fields
from nurture.domain.library import Referral
from nurture.domain.models import CALL, COFFEE, KIND_HELP, MEETING, VIDEO
from nurture.screens.form import FormScreen
from nurture.widgets.field import Field
from nurture.widgets.screen_text import screen_text

CONVERSATION_KINDS = (VIDEO, CALL, COFFEE, MEETING)


class ReferralForm(FormScreen[Referral]):
    """'Is there anyone else you'd suggest I speak with?': write down who, while they say it."""

    def __init__(self, referrer: str) -> None:
        super().__init__(f"Someone {referrer} suggests you speak with")

    def fields(self) -> list[Field]:
        return [
            Field("Name", Input(id="ref-name", placeholder="Jane Doe"), id="f-ref-name"),
            Field("Company", Input(id="ref-company", placeholder="Acme"), id="f-ref-company"),
            Field(
                "Note",
                Input(id="ref-note", placeholder="runs the research team; mention my name"),
                hint="Added as a prospect introduced by them when the meeting is logged.",
                id="f-ref-note",
            ),
        ]

    def collect(self, check) -> Referral:
        name = check("f-ref-name", lambda: fields.clean_name(self.query_one("#ref-name", Input).value))
        return Referral(
            name or "",
            fields.clean_text(self.query_one("#ref-company", Input).value),
            fields.clean_text(self.query_one("#ref-note", Input).value),
        )


@dataclass(frozen=True)
class EndDraft:
    kind: str
    minutes: int
    summary: str


class EndMeetingForm(FormScreen[EndDraft]):
    """What to log: the kind of conversation, its real length, a one-line summary."""

    def __init__(self, name: str, minutes: int, what: str) -> None:
        super().__init__(f"End the meeting with {name} and log it")
        self.minutes = minutes
        self.what = what

    def fields(self) -> list[Field]:
        return [
            Field(
                "Kind",
                Select(
                    [(f"{k} — {KIND_HELP[k]}", k) for k in CONVERSATION_KINDS],
                    value=VIDEO,
                    allow_blank=False,
                    id="end-kind",
                ),
                id="f-end-kind",
            ),
            Field(
                "Minutes",
                Input(str(self.minutes), id="end-minutes"),
                hint="as long as it really took",
                id="f-end-minutes",
            ),
            Field("Summary", Input(id="end-summary", placeholder="one line: what it was about"), id="f-end-summary"),
        ]

    def below_fields(self):
        yield Static(screen_text(self.what), id="end-what", markup=False)

    def collect(self, check) -> EndDraft:
        # blank: the measured length
        minutes = check("f-end-minutes", lambda: fields.clean_minutes(self.query_one("#end-minutes", Input).value))
        return EndDraft(
            str(self.query_one("#end-kind", Select).value),
            minutes or self.minutes,
            fields.clean_text(self.query_one("#end-summary", Input).value),
        )
