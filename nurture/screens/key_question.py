"""A small question answered with one key: 'Keep the meeting for later, or discard it?',
'Discard what you typed?'. Each answer is a key, a footer label and what the modal dismisses
with; esc answers None (back to where the question was asked)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from nurture.screens.base import NurtureModal
from nurture.widgets.screen_text import screen_text


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    value: str


class KeyQuestion(NurtureModal[str | None]):
    DEFAULT_CSS = """
    KeyQuestion { align: center middle; }
    KeyQuestion > #question {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: thick $warning; padding: 0 1;
    }
    KeyQuestion #question-text { padding: 0 0 1 0; }
    """

    def __init__(self, title: str, text: str, answers: list[Answer], back: str = "Back") -> None:
        super().__init__()
        self.title_text, self.text, self.answers = title, text, answers
        same = next((a for a in answers if a.label == back), None)  # esc says what that answer says
        for answer in answers:
            shown = f"{answer.key}/esc" if answer is same else None
            self._bindings.bind(answer.key, f"answer({answer.value!r})", answer.label, key_display=shown)
        self._bindings.bind("escape", "answer(None)", back, show=same is None)

    def compose(self):
        with Vertical(id="question"):
            yield Static(
                Content.assemble((screen_text(self.title_text) + "\n\n", "bold $warning"), screen_text(self.text)),
                id="question-text",
            )
            yield Footer()

    def action_answer(self, value: str | None) -> None:
        self.dismiss(value)


def discard_typed() -> KeyQuestion:
    """A form's esc with something typed in it."""
    return KeyQuestion(
        "Discard what you typed?",
        "Closing this form throws away what you typed in it.",
        [Answer("y", "Discard", "discard"), Answer("n", "Keep editing", "keep")],
        back="Keep editing",
    )
