"""One stage of the pipeline: its contacts, each with how long they have been at this stage, or,
in the ``scheduled`` column, when their next booked appointment is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, tzinfo

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message

from nurture.domain.appointments import Appointment
from nurture.domain.dates import ago
from nurture.domain.pipeline import Card
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import VirtualList, cell

#: How long someone has been at the stage ("3w", "5mo"), right-aligned.
AGE_CELLS = 6
#: In place of the day of an appointment that is over and not logged yet (the queue's ✎ debrief).
TO_LOG = "✎"


class PipelineColumn(VirtualList[Card]):
    DEFAULT_CSS = """
    PipelineColumn { height: 1fr; }
    PipelineColumn > .pipeline-column--age { color: $text-muted; }
    PipelineColumn > .pipeline-column--when { color: $accent; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {"pipeline-column--age", "pipeline-column--when"}
    #: The fewest cells a name keeps beside an appointment's day and time.
    NAME_CELLS = 8
    #: The most cells a column asks for to show its rows whole (``natural_width``).
    WIDEST = 28

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
        self.zone: tzinfo = UTC
        #: Each contact's next booked appointment (the ``scheduled`` column shows when it is).
        self.booked: dict[str, Appointment] = {}

    def render_row(self, row: Card, width: int) -> Text:
        appointment = self.booked.get(row.contact_id)
        if appointment is not None:
            return self._with_when(row, appointment, width)
        name = screen_text(row.name)
        age = ago(row.since, self.today).removesuffix(" ago") if row.since else ""
        # how long at this stage, where the name leaves room for it: names first
        age_w = AGE_CELLS if width >= 16 and cell_len(name) + 1 + AGE_CELLS <= width else 0
        return Text.assemble(
            cell(name, width - age_w),
            cell(age, age_w, self.get_component_rich_style("pipeline-column--age"), right=True) if age_w else "",
        )

    def _when(self, row: Card, appointment: Appointment) -> tuple[str, str]:
        """The appointment's day and time ('Tue 16:00', '15:00' today, '3 Dec' further off, '✎'
        once over: to log, as the queue's debrief), and the day alone."""
        local = appointment.local(self.zone)
        days = (local.date() - self.today).days
        day = f"{local:%H:%M}" if days == 0 else f"{local:%a}" if 0 < days < 7 else f"{local.day} {local:%b}"
        when = f"{local:%a} {local:%H:%M}" if 0 < days < 7 else day
        if days < 0:  # over, and not logged yet: the queue's "how did it go?" (one cell: the name keeps the room)
            when = day = TO_LOG
        return when, day

    def _with_when(self, row: Card, appointment: Appointment, width: int) -> Text:
        """The name, and the appointment's day and time as far as the column is wide after the
        name; the day alone when narrow. A name that fits whole stays whole: the day is left out
        rather than cut into it (the status line says it). A name too long for the column anyway
        keeps ``NAME_CELLS`` at least beside the day."""
        when, day = self._when(row, appointment)
        name = screen_text(row.name)
        fits = [w for w in (when, day) if cell_len(name) + 1 + cell_len(w) + 1 <= width]
        if fits:
            when = fits[0]
        elif cell_len(name) + 1 <= width:
            when = ""
        elif cell_len(when) + 1 > width - self.NAME_CELLS:
            when = day
        when_w = cell_len(when) + 1 if when and cell_len(when) + 1 <= width - self.NAME_CELLS else 0
        style = self.get_component_rich_style("pipeline-column--when")
        return Text.assemble(
            cell(name, width - when_w),
            cell(when, when_w, style, right=True) if when_w else "",
        )

    def natural_width(self) -> int:
        """The cells this column's rows need to show every name whole (and, in the scheduled
        column, its appointment's day: the time too where the column is wider), up to
        ``WIDEST``: the pipeline fits the columns to what they hold."""
        widest = 0
        for row in self.rows:
            need = cell_len(screen_text(row.name)) + 1
            appointment = self.booked.get(row.contact_id)
            if appointment is not None:
                need += cell_len(self._when(row, appointment)[1]) + 1
            widest = max(widest, need)
            if widest >= self.WIDEST:
                return self.WIDEST
        return widest

    def announce_highlight(self, row: Card | None) -> None:
        self.post_message(self.Highlighted(self, row))

    def announce_select(self, row: Card) -> None:
        self.post_message(self.Chosen(row))

    def index_of(self, contact_id: str) -> int | None:
        return next((i for i, card in enumerate(self.rows) if card.contact_id == contact_id), None)
