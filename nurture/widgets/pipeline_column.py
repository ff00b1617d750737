"""One stage of the pipeline: its contacts, each with how long they have been at this stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.message import Message

from nurture.domain.dates import ago
from nurture.domain.pipeline import Card
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import VirtualList, cell


class PipelineColumn(VirtualList[Card]):
    DEFAULT_CSS = """
    PipelineColumn { height: 1fr; }
    PipelineColumn > .pipeline-column--age { color: $text-muted; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {"pipeline-column--age"}

    @dataclass
    class Highlighted(Message):
        column: PipelineColumn
        card: Card | None

    @dataclass
    class Chosen(Message):
        """Enter or double-click: open the contact."""

        card: Card

    def __init__(self, stage: str, **kwargs) -> None:
        super().__init__(empty_text="—", **kwargs)
        self.stage = stage
        self.today = date.min

    def render_row(self, row: Card, width: int) -> Text:
        age = ago(row.since, self.today).removesuffix(" ago") if row.since else ""
        age_w = 6 if width >= 16 else 0
        return Text.assemble(
            cell(screen_text(row.name), width - age_w),
            cell(age, age_w, self.get_component_rich_style("pipeline-column--age"), right=True) if age_w else "",
        )

    def announce_highlight(self, row: Card | None) -> None:
        self.post_message(self.Highlighted(self, row))

    def announce_select(self, row: Card) -> None:
        self.post_message(self.Chosen(row))

    def index_of(self, contact_id: str) -> int | None:
        return next((i for i, card in enumerate(self.rows) if card.contact_id == contact_id), None)
