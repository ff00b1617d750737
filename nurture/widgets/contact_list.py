"""The contacts pane's list: name, company, stage, last contact and a due marker per row; sorted
by due, the last column is the next item's date and reason, by last contact that date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.message import Message

from nurture.domain.search import BY_NAME, NOTE_WIDTH, ContactRow, Listed, row_note
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import VirtualList
from nurture.widgets.virtual_list import cell as _cell


class ContactList(VirtualList[ContactRow]):
    DEFAULT_CSS = """
    ContactList > .contact-list--overdue { color: $error; text-style: bold; }
    ContactList > .contact-list--due { color: $warning; text-style: bold; }
    ContactList > .contact-list--muted { color: $text-muted; }
    ContactList > .contact-list--archived { color: $text-disabled; text-style: italic; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "contact-list--overdue",
        "contact-list--due",
        "contact-list--muted",
        "contact-list--archived",
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
        #: The sort shown: it says what the last column holds (``row_note``).
        self.sort = BY_NAME
        self._index: dict[str, int] | None = None  # row of each contact id, made on first use

    def set_rows(self, rows, cursor: int | None = None, keep: str | None = None) -> None:
        """As ``VirtualList.set_rows``; ``keep``: the id of a contact to keep the cursor on
        (the first row when they are not among ``rows``)."""
        self._index = None
        if keep is not None:
            found = self.index_of(keep, rows)
            cursor = found if found is not None else 0
        super().set_rows(rows, cursor)

    def render_row(self, row: ContactRow, width: int) -> Text:
        muted = self.get_component_rich_style("contact-list--muted")
        item = row.next_item
        if item is not None and item.due < self.today:
            marker = Text("● ", style=self.get_component_rich_style("contact-list--overdue"))
        elif item is not None and item.due == self.today:
            marker = Text("● ", style=self.get_component_rich_style("contact-list--due"))
        else:
            marker = Text("  ")
        last_w = min(NOTE_WIDTH[self.sort], max(width - 14, 9))  # names keep 12 columns at least
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
        last = "" if isinstance(row.contact, Listed) else row_note(row, self.sort, self.today)  # "": still being read
        text.append_text(_cell(last, last_w, muted, right=True))
        if getattr(row.contact, "archived", False):  # shown greyed (the dashboard's A)
            text.stylize(self.get_component_rich_style("contact-list--archived"))
        return text

    def announce_highlight(self, row: ContactRow | None) -> None:
        self.post_message(self.Highlighted(row.contact.id if row else None))

    def announce_select(self, row: ContactRow) -> None:
        self.post_message(self.Chosen(row.contact.id))

    def index_of(self, contact_id: str, rows=None) -> int | None:
        """The row of this contact (of ``rows``, or of the rows shown), or None."""
        if rows is not None and rows is not self.rows:
            return next((i for i, row in enumerate(rows) if row.contact.id == contact_id), None)
        if self._index is None:  # once per set of rows: moving through the queue looks up each
            self._index = {row.contact.id: i for i, row in enumerate(self.rows)}
        return self._index.get(contact_id)
