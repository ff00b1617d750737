"""The two lists of question prep: the bank (by topic) and one contact's questions (numbered,
the closing question pinned last). Closed yes/no questions carry a flag in both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rich.text import Text
from textual.message import Message

from nurture.domain.questions import TOPICS, Question, is_closed
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import Section, VirtualList, cell, with_headings

CLOSED_FLAG = "closed?"


class PrepRow(NamedTuple):
    """One of the prepared questions; ``position`` is None for the pinned closing question."""

    position: int | None
    text: str


BankRow = Question | Section


def bank_rows(bank: list[Question]) -> list[BankRow]:
    return with_headings((topic.capitalize(), [q for q in bank if q.topic == topic]) for topic in TOPICS)


def _flagged(list_: VirtualList, lead: Text, text: str, width: int, tail: str = "", check: bool = True) -> Text:
    """``lead``, the question, then a closed-question flag (or ``tail``) at the right edge."""
    flag = CLOSED_FLAG if check and is_closed(text) else tail
    flag_w = len(flag) + 2 if flag else 0
    style = list_.get_component_rich_style("question-list--closed" if flag == CLOSED_FLAG else "question-list--muted")
    out = Text.assemble(lead, cell(screen_text(text), max(width - lead.cell_len - flag_w, 4)))
    if flag:
        out.append_text(cell(flag, flag_w, style, right=True))
    return out


class QuestionList(VirtualList):
    DEFAULT_CSS = """
    QuestionList > .question-list--closed { color: $warning; text-style: bold; }
    QuestionList > .question-list--muted { color: $text-muted; }
    QuestionList > .question-list--mark { color: $success; text-style: bold; }
    QuestionList > .question-list--pinned { color: $accent; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "question-list--closed",
        "question-list--muted",
        "question-list--mark",
        "question-list--pinned",
    }


class BankList(QuestionList):
    @dataclass
    class Highlighted(Message):
        question: Question | None

    @dataclass
    class Chosen(Message):
        """Enter, space or double-click: add it to the prep list, or take it out."""

        question: Question

    def __init__(self, **kwargs) -> None:
        super().__init__(empty_text="The bank is empty.", **kwargs)
        #: Questions in the contact's list (casefolded), ticked in the bank.
        self.chosen: set[str] = set()

    def is_selectable(self, row: BankRow) -> bool:
        return isinstance(row, Question)

    def render_row(self, row: BankRow, width: int) -> Text:
        if isinstance(row, Section):
            return Text(row.title, style=self.get_component_rich_style("virtual-list--section"))
        ticked = row.text.casefold() in self.chosen
        mark = Text(" ✓ " if ticked else "   ", style=self.get_component_rich_style("question-list--mark"))
        return _flagged(self, mark, row.text, width, "yours" if row.own else "")

    def announce_highlight(self, row: BankRow | None) -> None:
        self.post_message(self.Highlighted(row if isinstance(row, Question) else None))

    def announce_select(self, row: BankRow) -> None:
        if isinstance(row, Question):
            self.post_message(self.Chosen(row))


class PrepList(QuestionList):
    @dataclass
    class Highlighted(Message):
        row: PrepRow | None

    def render_row(self, row: PrepRow, width: int) -> Text:
        if row.position is None:
            lead = Text(" ★  ", style=self.get_component_rich_style("question-list--pinned"))
            return _flagged(self, lead, row.text, width, "always last", check=False)
        return _flagged(self, Text(f"{row.position + 1:>2}. "), row.text, width)

    def announce_highlight(self, row: PrepRow | None) -> None:
        self.post_message(self.Highlighted(row))
