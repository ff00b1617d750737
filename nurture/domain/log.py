"""The interaction log as the rest of the domain sees it: every entry's when and what at once,
the full records (notes, takeaways, action items) only when asked.

The queue, the contact list and the shell's ``queue`` need only when each interaction happened
and of what kind: an :class:`Entry`. Notes are nine tenths of the bytes, so the store can answer
``entries()`` from a compact index and read the full records of one contact, or of everyone,
only when a screen shows them (``nurture.store.log``). :class:`MemoryLog` is the same thing
over records already in memory, for tests and imports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import NamedTuple, Protocol

from nurture.domain.models import Interaction


class Entry(NamedTuple):
    """An interaction without its words: enough to order it and to compute the queue.
    A named tuple: tens of thousands are built at every start, and a tuple of plain values is
    several times cheaper to make than a dataclass and drops out of the garbage collector's
    scans."""

    id: str
    contact_id: str
    on: date
    kind: str
    #: When it was logged, as stored (ISO 8601), or "" when unknown.
    created: str = ""
    #: How many of its action items are still open: the review and the commitments screen
    #: read the full records of these (and of one week's) only, never every note.
    open_items: int = 0

    @property
    def order_key(self) -> tuple[date, str, str]:
        """The same order as :attr:`Interaction.order_key`. To sort many entries, ``BY_ORDER``
        or ``order_text`` (the same order, cheaper)."""
        return (self.on, self.created, self.id)

    @property
    def logged_at(self) -> datetime | None:
        return datetime.fromisoformat(self.created) if self.created else None

    @classmethod
    def of(cls, i: Interaction) -> Entry:
        created = i.created.isoformat() if i.created else ""
        return cls(i.id, i.contact_id, i.on, i.kind, created, sum(not a.done for a in i.action_items))


#: ``Entry.order_key`` as a sort key, without a Python call per entry.
BY_ORDER = attrgetter("on", "created", "id")


def order_text(e: Entry) -> str:
    """``Entry.order_key`` (and ``Interaction.order_key``) as one string, which sorts the same
    and, for a sort of every entry, three times faster than the tuple: the date has a fixed
    width, and the NUL between the parts sorts below any character of a timestamp or an id, so
    a shorter ``created`` (one without seconds' fractions, or "" for unknown) still comes first."""
    return f"{e.on.isoformat()}\0{e.created}\0{e.id}"


class Log(Protocol):
    def entries(self) -> Sequence[Entry]:
        """Every interaction's entry, in no particular order."""

    def of(self, contact_id: str) -> Sequence[Interaction]:
        """The full records of one contact's interactions, in no particular order."""

    def all(self) -> Sequence[Interaction]:
        """Every full record, in no particular order."""

    def these(self, entries: Iterable[Entry]) -> Sequence[Interaction]:
        """The full records of these entries (those still stored), in no particular order."""


class MemoryLog:
    """A log over records already in memory."""

    def __init__(self, interactions: Iterable[Interaction] = ()) -> None:
        self._all = tuple(interactions)
        self._entries: tuple[Entry, ...] | None = None
        self._by_contact: dict[str, list[Interaction]] | None = None

    def entries(self) -> Sequence[Entry]:
        if self._entries is None:
            self._entries = tuple(Entry.of(i) for i in self._all)
        return self._entries

    def of(self, contact_id: str) -> Sequence[Interaction]:
        if self._by_contact is None:
            grouped: dict[str, list[Interaction]] = defaultdict(list)
            for i in self._all:
                grouped[i.contact_id].append(i)
            self._by_contact = dict(grouped)
        return self._by_contact.get(contact_id, ())

    def all(self) -> Sequence[Interaction]:
        return self._all

    def these(self, entries: Iterable[Entry]) -> Sequence[Interaction]:
        wanted = {e.id for e in entries}
        return [i for i in self._all if i.id in wanted]
