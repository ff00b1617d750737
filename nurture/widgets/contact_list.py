"""The contacts pane's list: name, company, stage, last contact and a due marker per row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.message import Message

from nurture.domain.dates import ago
from nurture.domain.search import ContactRow
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import VirtualList
from nurture.widgets.virtual_list import cell as _cell


class ContactList(VirtualList[ContactRow]):
    DEFAULT_CSS = """
    ContactList > .contact-list--overdue { color: $error; text-style: bold; }
    ContactList > .contact-list--due { color: $warning; text-style: bold; }
    ContactList > .contact-list--muted { color: $text-muted; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "contact-list--overdue",
        "contact-list--due",
        "contact-list--muted",
    }

    @dataclass
    class Highlighted(Message):
        """The highlighted contact changed (``None`` when the list is empty)."""

        contact_id: str | None

    @dataclass
    class Chosen(Message):
        """Enter or double-click on a contact."""

        contact_id: str

    def __init__(self, **kwargs) -> None:
        super().__init__(empty_text="No contacts match.", **kwargs)
        self.today = date.min

    def render_row(self, row: ContactRow, width: int) -> Text:
        muted = self.get_component_rich_style("contact-list--muted")
        item = row.next_item
        if item is not None and item.due < self.today:
            marker = Text("● ", style=self.get_component_rich_style("contact-list--overdue"))
        elif item is not None and item.due == self.today:
            marker = Text("● ", style=self.get_component_rich_style("contact-list--due"))
        else:
            marker = Text("  ")
        last_w = 9
        stage_w = 10 if width >= 44 else 0
        rest = width - 2 - last_w - stage_w
        if width >= 80:  # wide: name, company and role
            name_w = min(int(rest * 0.36), 30)
            company_w = min(int(rest * 0.28), 24)
            role_w = rest - name_w - company_w
        elif width >= 50:
            name_w, role_w = rest - int(rest * 0.42), 0
            company_w = rest - name_w
        else:
            name_w, company_w, role_w = max(rest, 4), 0, 0
        text = Text.assemble(marker, _cell(screen_text(row.contact.name), name_w))
        if company_w:
            text.append_text(_cell(screen_text(row.contact.company), company_w, muted))
        if role_w:
            text.append_text(_cell(screen_text(row.contact.role), role_w, muted))
        if stage_w:
            text.append_text(_cell(row.stage, stage_w, muted))
        text.append_text(_cell(ago(row.last_contact, self.today), last_w, muted, right=True))
        return text

    def announce_highlight(self, row: ContactRow | None) -> None:
        self.post_message(self.Highlighted(row.contact.id if row else None))

    def announce_select(self, row: ContactRow) -> None:
        self.post_message(self.Chosen(row.contact.id))

    def index_of(self, contact_id: str) -> int | None:
        for i, row in enumerate(self.rows):
            if row.contact.id == contact_id:
                return i
        return None
