"""Open commitments, both ways: what you promised, then what they offered, oldest first."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message

from nurture.domain.review import Commitment
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import Section, VirtualList, cell, with_headings

CommitmentRow = Commitment | Section
#: Section headings, by owner.
HEADINGS = {"mine": "You promised", "theirs": "They offered"}


def sectioned(commitments: dict[str, list[Commitment]]) -> list[CommitmentRow]:
    return with_headings((title, commitments.get(owner, [])) for owner, title in HEADINGS.items())


class CommitmentList(VirtualList[CommitmentRow]):
    DEFAULT_CSS = """
    CommitmentList > .commitment-list--box { color: $warning; }
    CommitmentList > .commitment-list--when { color: $text-muted; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {"commitment-list--box", "commitment-list--when"}

    @dataclass
    class Highlighted(Message):
        commitment: Commitment | None

    @dataclass
    class Chosen(Message):
        """Enter or double-click: open the contact it is with."""

        commitment: Commitment

    def __init__(self, **kwargs) -> None:
        super().__init__(empty_text="No open commitments. Promises land here when you log them.", **kwargs)

    def is_selectable(self, row: CommitmentRow) -> bool:
        return isinstance(row, Commitment)

    def render_row(self, row: CommitmentRow, width: int) -> Text:
        if isinstance(row, Section):
            return Text(row.title, style=self.get_component_rich_style("virtual-list--section"))
        name_w = max(min(width // 4, 24), 8)
        return Text.assemble(
            cell(" ☐", 3, self.get_component_rich_style("commitment-list--box", partial=True)),
            cell(f"{row.on:%Y-%m-%d}", 12, self.get_component_rich_style("commitment-list--when", partial=True)),
            cell(screen_text(row.name), name_w),
            cell(screen_text(row.text), max(width - 15 - name_w, 4)),
        )

    def announce_highlight(self, row: CommitmentRow | None) -> None:
        self.post_message(self.Highlighted(row if isinstance(row, Commitment) else None))

    def announce_select(self, row: CommitmentRow) -> None:
        if isinstance(row, Commitment):
            self.post_message(self.Chosen(row))
