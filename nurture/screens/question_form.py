"""Write a question of your own (into the bank), or reword one in a contact's list. A closed
yes/no question is flagged as you type; it can still be saved (sometimes you need one)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.widgets import Input, Select

from nurture.domain.errors import InputError
from nurture.domain.questions import TOPICS, clean_question, reopen_hint
from nurture.screens.form import FormScreen
from nurture.widgets.field import Field

OPEN_HINT = "Open questions start with How, What, Why or Tell me about…"


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    topic: str | None = None


class QuestionForm(FormScreen[QuestionDraft]):
    def __init__(self, title: str, text: str = "", topic: str | None = TOPICS[-2]) -> None:
        super().__init__(title)
        self.text = text
        self.topic = topic

    def fields(self) -> list[Field]:
        out = [
            Field(
                "Question",
                Input(self.text, id="question", placeholder="What…?"),
                hint=reopen_hint(self.text) or OPEN_HINT,
                id="f-question",
            )
        ]
        if self.topic is not None:
            out.append(
                Field(
                    "Topic",
                    Select([(t, t) for t in TOPICS], value=self.topic, allow_blank=False, id="topic"),
                    id="f-topic",
                )
            )
        return out

    @on(Input.Changed, "#question")
    def _flag_closed(self, event: Input.Changed) -> None:
        self.query_one("#f-question", Field).set_hint(reopen_hint(event.value) or OPEN_HINT)

    def _topic(self) -> str | None:
        if self.topic is None:
            return None
        value = self.query_one("#topic", Select).value
        if value not in TOPICS:
            raise InputError("choose a topic")
        return str(value)

    def collect(self, check) -> QuestionDraft:
        text = check("f-question", lambda: clean_question(self.query_one("#question", Input).value))
        topic = check("f-topic", self._topic)
        return QuestionDraft(text or "", topic)
