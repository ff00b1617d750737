"""The contacts pane's list: name, company, stage, last contact and a due marker per row; sorted
by due, the last column is the next item's date and reason, by last contact that date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.message import Message

from nurture.domain.search import BY_NAME, NOTE_WIDTH, ContactRow, Listed, row_note
from nurture.widgets.columns import widest
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import VirtualList
from nurture.widgets.virtual_list import cell as _cell

#: The cells a name gets before any other column (a name of typical length whole, and a space).
NAME_CELLS = 18
#: The stage column ("requested", "scheduled").
STAGE_CELLS = 10
#: The fewest cells a company or role column is shown in.
COLUMN_CELLS = 8
#: The most cells a name grows to, a company and a role.
WIDEST_NAME, WIDEST_COMPANY, WIDEST_ROLE = 30, 24, 30


def layout(
    room: int, name_need: int = WIDEST_NAME, company_need: int = WIDEST_COMPANY, role_need: int = WIDEST_ROLE
) -> tuple[int, int, int, int]:
    """The widths of the name, company, role and stage columns in ``room`` cells (the row less
    its marker and last column), for columns whose widest entries need ``name_need``,
    ``company_need`` and ``role_need`` cells. The name comes first and is the last to shrink: it
    gets its ``NAME_CELLS`` (or what it needs, if less) before the stage is shown, the stage
    before the company, the company before the role; then the name grows to what it needs, then
    the company and the role to theirs (the wider giving way first), and what is left after that
    is shared out as wider gaps between the three."""
    name = min(room, NAME_CELLS, max(name_need, 4))
    left = room - name
    stage = STAGE_CELLS if left >= STAGE_CELLS else 0
    left -= stage
    company = role = 0
    if left >= 3 * COLUMN_CELLS:  # company and role, each whole where it can be
        grow = min(left - 2 * COLUMN_CELLS, max(name_need - name, 0))
        name, left = name + grow, left - grow
        role_need = min(role_need, WIDEST_ROLE)
        company, role = shared(left, min(company_need, WIDEST_COMPANY), role_need)
        extra = role - role_need
        if extra > 0:  # all three whole, with room to spare: wider gaps, evenly
            gap = extra // 3
            name, company, role = name + gap, company + gap, role - 2 * gap
    elif left >= COLUMN_CELLS:  # company: the name grows first, then the company
        grow = min(left - COLUMN_CELLS, max(name_need - name, 0))
        name, company = name + grow, left - grow
    else:
        name += left
    return max(name, 4), company, role, stage


def shared(room: int, first: int, second: int) -> tuple[int, int]:
    """Two columns in ``room`` cells (at least ``COLUMN_CELLS`` each), for entries that need
    ``first`` and ``second``: both whole when they fit (the rest to the second); else the wider
    gives way first, to an even split."""
    if first + second <= room:
        return first, room - first
    half = room // 2
    if first <= half:
        return first, room - first
    if second <= room - half:
        return room - second, second
    return half, room - half


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
        #: The cells the name, company and role columns need (``columns.widest``).
        self.needs = (WIDEST_NAME, WIDEST_COMPANY, WIDEST_ROLE)

    def set_rows(self, rows, cursor: int | None = None, keep: str | None = None) -> None:
        """As ``VirtualList.set_rows``; ``keep``: the id of a contact to keep the cursor on
        (the first row when they are not among ``rows``)."""
        self._index = None
        self.needs = (
            widest((r.contact.name for r in rows), WIDEST_NAME),
            widest((r.contact.company for r in rows), WIDEST_COMPANY),
            widest((r.contact.role for r in rows), WIDEST_ROLE),
        )
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
        name_w, company_w, role_w, stage_w = layout(width - 2 - last_w, *self.needs)
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
