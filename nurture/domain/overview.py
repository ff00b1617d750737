"""What the dashboard shows, computed in one pass away from the UI thread: the queue for the
days ahead, a row per contact for the list, and the counts for the title."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nurture.domain.dates import add_days
from nurture.domain.models import Interaction
from nurture.domain.network import Network
from nurture.domain.queue import QueueItem, queue_of
from nurture.domain.search import BY_NAME, ContactRow, Listed, haystack, sort_rows

#: Open items as far ahead as anyone plans: every item, whatever its date, so each contact's
#: row can show its next one.
EVERYTHING = 36_500


@dataclass(frozen=True)
class Overview:
    network: Network
    today: date
    queue: list[QueueItem]  # due within the days ahead, in queue order
    rows: list[ContactRow]  # every contact not archived, in the order ``sort``
    sort: str
    overdue: int
    due_today: int
    #: Timelines read with it, by contact (the first contact shown: ready with everything else).
    timelines: dict[str, list[Interaction]] = field(default_factory=dict)


def overview(network: Network, today: date, ahead: int, sort: str = BY_NAME) -> Overview:
    everything = queue_of(network, today, within=EVERYTHING)
    first: dict[str, QueueItem] = {}
    for item in everything:
        first.setdefault(item.contact_id, item)
    horizon = add_days(today, ahead)
    queue = [i for i in everything if i.due <= horizon]
    rows = [
        ContactRow(c, network.stage(c, today), network.last_contact(c.id), first.get(c.id), haystack(c))
        for c in network.contacts.values()
        if not c.archived
    ]
    return Overview(
        network,
        today,
        queue,
        sort_rows(rows, sort),
        sort,
        overdue=sum(1 for i in queue if i.due < today),
        due_today=sum(1 for i in queue if i.due == today),
    )


def named_rows(names: list[tuple[Listed, str]]) -> list[ContactRow]:
    """The list's rows from the names alone (and each stored stage), by name: what the first
    moment of a start shows, until the rest is read."""
    return sort_rows([ContactRow(c, stage, None, None, haystack(c)) for c, stage in names], BY_NAME)
