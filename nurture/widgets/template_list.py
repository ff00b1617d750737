"""The outreach templates, by title; an edited one is marked."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message

from nurture.domain.outreach import Template
from nurture.widgets.virtual_list import VirtualList, cell


class TemplateList(VirtualList[Template]):
    DEFAULT_CSS = """
    TemplateList > .template-list--edited { color: $text-muted; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {"template-list--edited"}

    @dataclass
    class Highlighted(Message):
        template: Template | None

    def render_row(self, row: Template, width: int) -> Text:
        mark = "edited" if row.edited else ""
        mark_w = len(mark) + 1 if mark and width >= 30 else 0
        return Text.assemble(
            cell(" " + row.title, width - mark_w),
            cell(mark, mark_w, self.get_component_rich_style("template-list--edited"), right=True) if mark_w else "",
        )

    def announce_highlight(self, row: Template | None) -> None:
        self.post_message(self.Highlighted(row))
