"""What the dashboard shows, computed in one pass away from the UI thread: the queue for the
days ahead, a row per contact for the list, and the counts for the title."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from nurture.domain.dates import add_days
from nurture.domain.models import Contact, Interaction
from nurture.domain.network import Network
from nurture.domain.queue import QueueItem, items_for
from nurture.domain.search import BY_NAME, ContactRow, Listed, haystack, sort_rows


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
    #: Each visible contact's open items, whatever their date, in queue order: what the next
    #: overview reuses for the contacts whose inputs did not change.
    items: dict[str, list[QueueItem]] = field(default_factory=dict, repr=False, compare=False)
    #: The moment the queue was worked out at (aware, the user's zone), if given.
    now: datetime | None = None


def _key(item: QueueItem) -> tuple:
    return item.sort_key


def _unchanged(contact: Contact, new: Network, old: Network) -> bool:
    """Whether everything ``items_for`` and a list row read of ``contact`` is as it was: the
    contact, their touches and open follow-ups, and whom they introduced (with those
    people's touches). The settings and the day are compared once, by the caller. Anyone with
    something booked is worked out again: their items depend on the time (a meeting turns
    into log-meeting when it ends), and on their questions prepared."""
    cid = contact.id
    if cid in new.booked or cid in old.booked:
        return False
    if old.contacts.get(cid) != contact or new.touches(cid) != old.touches(cid):
        return False
    if new.open_followups.get(cid) != old.open_followups.get(cid):
        return False
    introduced = new.referrals.get(cid)
    if introduced != old.referrals.get(cid):
        return False
    return not introduced or all(new.touches(r.id) == old.touches(r.id) for r in introduced)


def overview(
    network: Network,
    today: date,
    ahead: int,
    sort: str = BY_NAME,
    previous: Overview | None = None,
    now: datetime | None = None,
) -> Overview:
    """``now``: the moment, aware, in the user's zone (what the appointment items are worked out
    at; ``items_for``). ``previous``: the overview this one replaces (a reload): a contact whose inputs are
    unchanged keeps the items and row worked out then (a change from the shell touches a
    few people; working out everyone's again took a second at 30,000 contacts)."""
    old = previous if previous is not None and previous.today == today else None
    if old is not None and old.network.settings != network.settings:
        old = None
    items: dict[str, list[QueueItem]] = {}
    rows: list[ContactRow] = []
    new_row = tuple.__new__
    for c in network.contacts.values():
        if c.archived:
            continue
        reused = old.items.get(c.id) if old is not None else None
        if reused is not None and _unchanged(c, network, old.network):  # type: ignore[union-attr]
            mine = reused
        elif network.is_visible(c, today):
            mine = sorted(items_for(network, c, today, now), key=_key)
        else:
            mine = []
        if mine:
            items[c.id] = mine
        rows.append(new_row(ContactRow, (c, network.stage(c, today), network.last_contact(c.id),
                                         mine[0] if mine else None, haystack(c))))  # fmt: skip
    horizon = add_days(today, ahead)
    queue = [i for mine in items.values() for i in mine if i.due <= horizon]
    queue.sort(key=_key)
    return Overview(
        network,
        today,
        queue,
        sort_rows(rows, sort),
        sort,
        overdue=sum(1 for i in queue if i.due < today),
        due_today=sum(1 for i in queue if i.due == today),
        items=items,
        now=now,
    )


def named_rows(names: list[tuple[Listed, str]]) -> list[ContactRow]:
    """The list's rows from the names alone (and each stored stage), by name: what the first
    moment of a start shows, until the rest is read. Sorted on one key per name, before the
    rows are made; the filter's haystacks are left to the filter (``filter_rows``) for the
    moment these rows are shown: this runs before anything is on screen."""
    keyed = sorted([(c.name.casefold(), c.id, c, stage) for c, stage in names])
    new = tuple.__new__
    return [new(ContactRow, (c, stage, None, None, "")) for _, _, c, stage in keyed]
