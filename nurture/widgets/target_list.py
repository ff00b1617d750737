"""Target companies and their coverage: the status, then who you know there."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message

from nurture.domain.targets import IN_PROGRESS, NONE_YET, WARM, Coverage
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import VirtualList, cell

STATUS_CLASS = {WARM: "target-list--warm", IN_PROGRESS: "target-list--progress", NONE_YET: "target-list--none"}


def who(cov: Coverage) -> str:
    """The people there, warm ones first: "Daniel Brooks · in progress: Ada Park"."""
    parts = []
    if cov.warm:
        parts.append(", ".join(screen_text(c.name) for c in cov.warm))
    if cov.in_progress:  # the status column already says so when nobody there is warm
        parts.append(("in progress: " if parts else "") + ", ".join(screen_text(c.name) for c in cov.in_progress))
    if cov.quiet:
        parts.append("gone quiet: " + ", ".join(screen_text(c.name) for c in cov.quiet))
    return " · ".join(parts) or "find someone one or two steps ahead there"


class TargetList(VirtualList[Coverage]):
    DEFAULT_CSS = """
    TargetList > .target-list--warm { color: $success; text-style: bold; }
    TargetList > .target-list--progress { color: $warning; text-style: bold; }
    TargetList > .target-list--none { color: $error; text-style: bold; }
    TargetList > .target-list--muted { color: $text-muted; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {*STATUS_CLASS.values(), "target-list--muted"}

    @dataclass
    class Highlighted(Message):
        coverage: Coverage | None

    @dataclass
    class Chosen(Message):
        """Enter or double-click: show the people there."""

        coverage: Coverage

    def __init__(self, **kwargs) -> None:
        super().__init__(empty_text="No target companies yet: a adds one, t on a contact adds theirs.", **kwargs)

    def render_row(self, row: Coverage, width: int) -> Text:
        name_w = max(min(width // 4, 26), 10)
        status = self.get_component_rich_style(STATUS_CLASS[row.status])
        muted = None if row.warm else self.get_component_rich_style("target-list--muted")
        return Text.assemble(
            cell(" " + screen_text(row.target.name), name_w),
            cell(row.status, 13, status),
            cell(who(row), max(width - name_w - 13, 4), muted),
        )

    def announce_highlight(self, row: Coverage | None) -> None:
        self.post_message(self.Highlighted(row))

    def announce_select(self, row: Coverage) -> None:
        self.post_message(self.Chosen(row))
