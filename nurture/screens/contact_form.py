"""Add or edit a contact."""

from __future__ import annotations

from datetime import date

from textual.suggester import Suggester
from textual.widgets import Input, Select, TextArea

from nurture.domain import fields
from nurture.domain.dates import CADENCE_FORMS
from nurture.domain.lookup import check_unique_name, complete, resolve
from nurture.domain.models import STAGES, Contact
from nurture.domain.network import Network
from nurture.domain.requests import ContactRequest
from nurture.screens.form import FormScreen
from nurture.widgets.field import Field
from nurture.widgets.list_field import ListField


class _Names(Suggester):
    """Completes a contact's name, case and accents ignored ("tom" offers Tomás Herrera)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(case_sensitive=True)  # ``complete`` folds case and accents itself
        self.names = names

    async def get_suggestion(self, value: str) -> str | None:
        return complete(self.names, value)


#: The contact fields the form edits.
EDITABLE = ("name", "company", "role", "email", "other_emails", "phone", "other_phones", "linkedin", "tags", "cadence",
            "referred_by", "how_met", "stage", "notes")  # fmt: skip
#: The hints of an empty email or phone field.
SEVERAL_EMAILS = "several: comma-separated, the first preferred"
SEVERAL_PHONES = f"several: {fields.PHONES_APART_WORDS}, first preferred"  # (one line in the form)


class ContactForm(FormScreen[ContactRequest]):
    def __init__(self, network: Network, today: date, contact: Contact | None = None) -> None:
        title = f"Edit {contact.name}" if contact else "Add a contact"
        super().__init__(title)
        self.network = network
        self.today = today
        self.contact = contact

    def fields(self) -> list[Field]:
        c = self.contact
        others = [x for x in self.network.contacts.values() if not c or x.id != c.id]
        referrer = self.network.contacts.get(c.referred_by) if c and c.referred_by else None
        names = sorted({x.name for x in others if not x.archived}, key=str.casefold)
        out = [
            Field("Name *", Input(c.name if c else "", placeholder="Maya Okafor", id="name"), id="f-name"),
            Field("Company", Input(c.company if c else "", id="company"), id="f-company"),
            Field("Role", Input(c.role if c else "", placeholder="Staff Product Designer", id="role"), id="f-role"),
            ListField("Email", fields.clean_emails, c.emails if c else (), SEVERAL_EMAILS, "email", id="f-email"),
            ListField("Phone", fields.clean_phones, c.phones if c else (), SEVERAL_PHONES, "phone", id="f-phone"),
            Field(
                "LinkedIn",
                Input(c.linkedin if c else "", placeholder="https://www.linkedin.com/in/…", id="linkedin"),
                id="f-linkedin",
            ),
            Field("Tags", Input(", ".join(c.tags) if c else "", placeholder="design, mentor", id="tags"), id="f-tags"),
            Field(
                "Touch-base cadence",
                Input(
                    str(c.cadence) if c and c.cadence else "",
                    id="cadence",
                    placeholder=f"default: {self.network.settings.default_cadence.describe()}",
                ),
                hint=f"e.g. {CADENCE_FORMS}",
                id="f-cadence",
            ),
            Field(
                "Referred by",
                Input(
                    referrer.name if referrer else "",
                    id="referred_by",
                    placeholder="start typing a contact's name",
                    suggester=_Names(names),
                ),
                id="f-referred_by",
            ),
            Field("How you met", Input(c.how_met if c else "", id="how_met"), id="f-how_met"),
        ]
        if c is not None:
            out.append(
                Field(
                    "Stage",
                    Select([(s, s) for s in STAGES], value=c.stage, allow_blank=False, id="stage"),
                    id="f-stage",
                )
            )
            out.append(Field("Notes", TextArea(c.notes, id="notes"), id="f-notes"))
        return out

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def collect(self, check) -> ContactRequest:
        c = self.contact
        name = check("f-name", self._unique_name)
        emails = check("f-email", self.query_one("#f-email", ListField).values) or ()
        phones = check("f-phone", self.query_one("#f-phone", ListField).values) or ()
        linkedin = check("f-linkedin", lambda: fields.clean_linkedin(self._value("linkedin")))
        cadence = check("f-cadence", lambda: fields.clean_cadence(self._value("cadence")))
        referrer = check("f-referred_by", self._referrer)
        stage = notes = None
        if c is not None:
            stage = str(self.query_one("#stage", Select).value)
            notes = self.query_one("#notes", TextArea).text
        return ContactRequest(
            name=name or "",
            company=fields.clean_text(self._value("company")),
            role=fields.clean_text(self._value("role")),
            email=emails[0] if emails else "",
            other_emails=emails[1:],
            phone=phones[0] if phones else "",
            other_phones=phones[1:],
            linkedin=linkedin or "",
            tags=self._tags(),
            cadence=cadence,
            referred_by=referrer,
            how_met=fields.clean_text(self._value("how_met")),
            stage=stage,
            notes=notes,
        )

    def _tags(self) -> tuple[str, ...]:
        """The tags as typed; those the contact has if the line is as it opened (a tag stored
        before tags were kept comma-free stays whole unless the user edits the tags)."""
        text = self._value("tags")
        c = self.contact
        return c.tags if c is not None and text == ", ".join(c.tags) else fields.clean_tags(text)

    def _unique_name(self) -> str:
        """The name, if no other contact has it (``check_unique_name``: the shell's rule and words)."""
        name = fields.clean_name(self._value("name"))
        return check_unique_name(self.network.contacts.values(), name, self.contact.id if self.contact else None)

    def _referrer(self) -> str | None:
        text = self._value("referred_by").strip()
        if not text:
            return None
        candidates = [x for x in self.network.contacts.values() if self.contact is None or x.id != self.contact.id]
        return resolve(candidates, text).id
