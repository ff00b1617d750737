"""Meeting mode's checklist: the prepared questions, ticked off as they are asked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rich.text import Text
from textual.message import Message

from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import VirtualList


class Item(NamedTuple):
    text: str
    asked: bool


class Checklist(VirtualList[Item]):
    DEFAULT_CSS = """
    Checklist > .checklist--asked { color: $text-muted; }
    Checklist > .checklist--box { color: $success; text-style: bold; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {"checklist--asked", "checklist--box"}
    BINDINGS = [("space", "select", "Tick")]

    @dataclass
    class Toggled(Message):
        """Space, enter or double-click on a question: ticked (or unticked)."""

        text: str

    def render_row(self, row: Item, width: int) -> Text:
        box = Text(" ☑ " if row.asked else " ☐ ", style=self.get_component_rich_style("checklist--box"))
        style = self.get_component_rich_style("checklist--asked") if row.asked else ""
        return Text.assemble(box, Text(screen_text(row.text), style=style))

    def announce_select(self, row: Item) -> None:
        self.post_message(self.Toggled(row.text))
