"""Edit an outreach template in your own words; placeholders are filled per contact."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.widgets import TextArea

from nurture.domain.outreach import PLACEHOLDERS, Template, check_template
from nurture.screens.form import FormScreen
from nurture.widgets.field import Field


@dataclass(frozen=True)
class TemplateEdit:
    #: The new wording, or None: back to nurture's own.
    body: str | None


class TemplateForm(FormScreen[TemplateEdit]):
    DEFAULT_CSS = """
    TemplateForm Field TextArea, TemplateForm Field TextArea:focus { height: 10; }
    """
    BINDINGS = [Binding("ctrl+r", "reset", "Reset to nurture's")]

    def __init__(self, template: Template) -> None:
        super().__init__(f"Template: {template.title}")
        self.template = template

    def fields(self) -> list[Field]:
        return [
            Field(
                "Message",
                TextArea(self.template.body, id="body", soft_wrap=True),
                hint="Placeholders: " + " ".join("{" + p + "}" for p in PLACEHOLDERS),
                id="f-body",
            )
        ]

    def _body(self) -> str:
        return check_template(self.query_one("#body", TextArea).text)

    def collect(self, check) -> TemplateEdit:
        return TemplateEdit(check("f-body", self._body))

    def action_reset(self) -> None:
        self.dismiss(TemplateEdit(None))
