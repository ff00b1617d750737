"""The weekly review and the commitments read only the notes they show: the records of the
week's interactions (its takeaways) and of those with open action items, never every note. And
the review still finds exactly what reading every record found."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from nurture.domain.log import Entry, MemoryLog
from nurture.domain.models import MET, NURTURING, Interaction
from nurture.domain.network import Network
from nurture.domain.queue import THANK, items_for, queue_of
from nurture.domain.review import (
    Commitment,
    Losing,
    Unthanked,
    WeekCount,
    open_commitments,
    review_week,
    week_start,
)
from nurture.seed import synthetic_network

TODAY = date(2026, 11, 26)  # a Thursday: this week has days behind it


class RecordingLog(MemoryLog):
    """A log that says which full records were read, and refuses to read them all."""

    def __init__(self, interactions: Iterable[Interaction]) -> None:
        super().__init__(interactions)
        self.read: list[str] = []

    def all(self):
        raise AssertionError("read every note")

    def of(self, contact_id: str):
        raise AssertionError("read a contact's whole history")

    def these(self, entries: Iterable[Entry]):
        found = super().these(entries)
        self.read.extend(i.id for i in found)
        return found


@pytest.fixture(scope="module")
def data():
    contacts, interactions, followups = synthetic_network(400, 4000, TODAY)
    # Some people archived and some snoozed: the review leaves the archived out.
    contacts = [
        replace(c, archived=True) if n % 17 == 0 else replace(c, snoozed_until=TODAY + timedelta(days=9))
        if n % 13 == 0 else c
        for n, c in enumerate(contacts)
    ]  # fmt: skip
    return contacts, interactions, followups


def network(data) -> tuple[Network, RecordingLog]:
    contacts, interactions, followups = data
    log = RecordingLog(interactions)
    return Network({c.id: c for c in contacts}, log, tuple(followups)), log


WEEKS = [TODAY, TODAY - timedelta(days=7), TODAY - timedelta(days=70)]


def each_week(records: list[Interaction], last: date) -> list[WeekCount]:
    """Conversations and outreach of each of the twelve weeks ending with ``last``'s, counted
    from every record."""
    from nurture.domain.models import CONVERSATIONS, OUTREACH

    weeks = [last - timedelta(weeks=n) for n in range(11, -1, -1)]
    return [
        WeekCount(
            w,
            sum(1 for i in records if w <= i.on < w + timedelta(days=7) and i.kind in CONVERSATIONS),
            sum(1 for i in records if w <= i.on < w + timedelta(days=7) and i.kind == OUTREACH),
        )
        for w in weeks
    ]


@pytest.mark.parametrize("day", WEEKS, ids=["this week", "last week", "ten weeks ago"])
def test_the_review_reads_the_weeks_records_and_those_with_open_items_only(data, day):
    net, log = network(data)
    start = week_start(day)
    as_of = min(TODAY, start + timedelta(days=6))
    entries = net.log.entries()
    week = {e.id for e in entries if start <= e.on <= start + timedelta(days=6)}
    promised = {e.id for e in entries if e.open_items and e.on <= as_of}
    assert week and len(week | promised) * 5 < len(entries)  # a small part of the notes

    review_week(net, day, TODAY)

    assert len(log.read) == len(set(log.read)) <= len(week) + len(promised)  # each at most once
    assert set(log.read) <= week | promised


def test_the_commitments_read_only_the_records_with_open_items(data):
    net, log = network(data)
    promised = {e.id for e in net.log.entries() if e.open_items}
    found = open_commitments(net, TODAY)
    assert set(log.read) <= promised and len(log.read) <= len(promised)
    assert found["mine"] and found["theirs"]


# --- the same answers as reading every record ----------------------------------------------------


def every_commitment(net: Network, records, as_of: date) -> dict[str, list[Commitment]]:
    """Open commitments as found by reading every record."""
    out: dict[str, list[Commitment]] = {"mine": [], "theirs": []}
    for i in records:
        contact = net.contacts.get(i.contact_id)
        if contact is None or contact.archived or i.on > as_of:
            continue
        for n, a in enumerate(i.action_items):
            if not a.done:
                key = "mine" if a.owner == "me" else "theirs"
                out[key].append(Commitment(contact.id, contact.name, a.text, a.owner, i.on, i.id, n))
    for items in out.values():
        items.sort(key=lambda c: (c.on, c.name.casefold(), c.interaction_id, c.index))
    return out


def every_takeaway(net: Network, records, start: date) -> list[tuple[str, str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    in_week = [i for i in records if start <= i.on <= start + timedelta(days=6)]
    for i in sorted(in_week, key=lambda i: i.order_key):
        if i.takeaways and i.contact_id in net.contacts:
            grouped.setdefault(i.contact_id, []).extend(i.takeaways)
    return sorted(((c, net.contacts[c].name, t) for c, t in grouped.items()), key=lambda r: (r[1].casefold(), r[0]))


def each_unthanked(net: Network, as_of: date) -> list[Unthanked]:
    out = []
    for c in net.contacts.values():
        if c.archived:
            continue
        for item in items_for(net, c, as_of):
            if item.reason == THANK:
                conv = next(i for i in net.touches(c.id) if i.id == item.ref)
                out.append(Unthanked(c.id, c.name, conv.kind, conv.on))
    return sorted(out, key=lambda u: (u.on, u.name.casefold(), u.contact_id))


def each_losing(net: Network, as_of: date) -> list[Losing]:
    out = []
    for c in net.contacts.values():
        if c.archived or net.stage(c, as_of) not in (MET, NURTURING):
            continue
        last = net.last_contact(c.id)
        base = last or (c.created.date() if c.created else as_of)
        cadence = net.cadence(c)
        if cadence.after(cadence.after(base)) < as_of:
            out.append(Losing(c.id, c.name, last, (as_of - base).days, cadence.describe()))
    return sorted(out, key=lambda x: (-x.days_since, x.name.casefold(), x.contact_id))


@pytest.mark.parametrize("day", WEEKS, ids=["this week", "last week", "ten weeks ago"])
def test_the_review_finds_what_reading_every_record_finds(data, day):
    net, _ = network(data)
    records = data[1]
    r = review_week(net, day, TODAY)
    assert r.open_commitments == every_commitment(net, records, r.as_of)
    assert r.takeaways == every_takeaway(net, records, r.week_start)
    if day == TODAY:  # something to compare
        assert r.takeaways and r.open_commitments["mine"] and r.open_commitments["theirs"]
        assert r.unthanked and r.losing_touch and r.deferred
    assert r.unthanked == each_unthanked(net, r.as_of)
    assert r.losing_touch == each_losing(net, r.as_of)
    assert r.trend == each_week(records, r.week_start)
    queue = queue_of(net, r.as_of, within=7)
    assert r.next_week == [i for i in queue if r.as_of < i.due <= r.as_of + timedelta(days=7)]
    assert sum(r.overdue.values()) == sum(1 for i in queue if i.due < r.as_of)
    assert sum(len(items) for _, items in r.plan) + len(r.deferred) == sum(
        1 for i in queue if i.due <= r.plan[-1][0]
    )  # everything due within the plan's days is planned or deferred, once


def test_the_shell_and_markdown_name_everyone_the_screen_counts(data):
    """The screen shows the first rows of a long list; the shell's text and the Markdown export
    (the same rows) write every one out, each once, with old dates carrying their year."""
    from nurture.domain.review_rows import review_rows
    from nurture.review_report import to_markdown, to_text

    net, _ = network(data)
    r = review_week(net, TODAY, TODAY)
    rows = review_rows(r)
    assert len(rows.unthanked) > 8 and len(rows.losing_touch) > 8 and len(rows.later) > 8
    text, markdown = to_text(r, TODAY), to_markdown(r)
    for shown in (text, markdown):
        assert all(u.name in shown for u in rows.unthanked)
        assert all(c.text in shown for owner in ("mine", "theirs") for c in rows.commitments[owner])
    assert all(f"{x.name}: {x.days_since:,} days" in text for x in rows.losing_touch)
    assert all(f"**{x.name}**: {x.days_since:,} days" in markdown for x in rows.losing_touch)
    assert text.count("No thank-you yet") == len(rows.unthanked)
    assert text.count("Losing touch") == len(rows.losing_touch)
    assert f"Later      {rows.deferred:,} more: " in text and all(f"{p.name} (" in text for p in rows.later)
    old = next(u for u in rows.unthanked if u.on.year < TODAY.year)
    assert f"{old.name} ({old.kind} {old.on:%d %b %Y})" in text
