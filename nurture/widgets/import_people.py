"""The import preview's people: whom it would add and update (and which fields an update
changes), each ticked; space unticks someone, who is then left out when the import is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rich.text import Text
from textual.message import Message

from nurture.domain.importing import ImportPlan
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import Section, VirtualList, with_headings

ADD, UPDATE = "add", "update"
ADDING, UPDATING = "Would add", "Would update"


class Person(NamedTuple):
    """One person the import would add or update. ``where``: where the file first has them
    ("line 4"), what leaving them out names."""

    where: str
    name: str
    company: str
    action: str
    fields: tuple[str, ...] = ()


def people_of(plan: ImportPlan) -> list[Person | Section]:
    """The plan's people, under "Would add (3)" and "Would update (2)", in the file's order:
    only those the plan can leave out (it knows where each was read)."""
    origins = plan.origins
    added = [Person(origins[c.id], c.name, c.company, ADD) for c in plan.created if c.id in origins]
    updated = [
        Person(origins[c.id], c.name, c.company, UPDATE, plan.changed.get(c.id, ()))
        for c in plan.updated
        if c.id in origins
    ]
    return with_headings([(ADDING, added), (UPDATING, updated)])


class ImportPeople(VirtualList[Person | Section]):
    DEFAULT_CSS = """
    ImportPeople { height: auto; max-height: 8; }
    ImportPeople > .import-people--box { color: $success; text-style: bold; }
    ImportPeople > .import-people--out { color: $text-muted; text-style: strike; }
    ImportPeople > .import-people--muted { color: $text-muted; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "import-people--box",
        "import-people--out",
        "import-people--muted",
    }
    BINDINGS = [("space", "select", "Leave out / keep")]

    @dataclass
    class Toggled(Message):
        """Someone was unticked or ticked again: ``left_out`` is everyone unticked."""

        left_out: frozenset[str]

    def __init__(self, **kwargs) -> None:
        super().__init__(empty_text="Nobody to add or update.", **kwargs)
        #: Where the people unticked were first read (``Person.where``).
        self.left_out: set[str] = set()
        #: How many of those it would add and update are ticked, of how many (made when drawn).
        self._counts: dict[str, tuple[int, int]] | None = None

    def show_plan(self, plan: ImportPlan) -> None:
        """The plan's people; those unticked before who are still in it stay unticked."""
        rows = people_of(plan)
        self.left_out &= {row.where for row in rows if isinstance(row, Person)}
        self._counts = None
        self.set_rows(rows, cursor=0)

    def is_selectable(self, row: Person | Section) -> bool:
        return isinstance(row, Person)

    def render_row(self, row: Person | Section, width: int) -> Text:
        if isinstance(row, Section):
            return Text(self.heading(row), style=self.get_component_rich_style("virtual-list--section"))
        out = row.where in self.left_out
        box = Text(" ☐ " if out else " ☑ ", style=self.get_component_rich_style("import-people--box"))
        muted = self.get_component_rich_style("import-people--muted")
        text = Text.assemble(
            box, Text(screen_text(row.name), style=self.get_component_rich_style("import-people--out") if out else "")
        )
        if row.company:
            text.append(f" · {screen_text(row.company)}", style=muted)
        if row.fields:
            text.append(f": {', '.join(row.fields)}", style=muted)
        text.append(f" ({row.where})", style=muted)
        return text

    def announce_select(self, row: Person | Section) -> None:
        if not isinstance(row, Person):
            return
        self.left_out ^= {row.where}
        self._counts = None
        self.redraw()
        self.post_message(self.Toggled(frozenset(self.left_out)))

    def heading(self, section: Section) -> str:
        """A heading as the ticks leave it: "Would add (3)", or "Would add (2 of 3)" with one unticked."""
        action = ADD if section.title.startswith(ADDING) else UPDATE
        if self._counts is None:  # once per tick, not per line drawn (an import may hold thousands)
            counts = {ADD: [0, 0], UPDATE: [0, 0]}
            for person in self.people:
                counts[person.action][0] += person.where not in self.left_out
                counts[person.action][1] += 1
            self._counts = {a: (kept, total) for a, (kept, total) in counts.items()}
        kept, total = self._counts[action]
        word = ADDING if action == ADD else UPDATING
        return f"{word} ({kept:,})" if kept == total else f"{word} ({kept:,} of {total:,})"

    @property
    def people(self) -> Sequence[Person]:
        return [row for row in self.rows if isinstance(row, Person)]
