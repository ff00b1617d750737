"""What the dashboard computes away from the UI thread: the overview (the queue, a row per
contact), kept up to date without working out everyone again, and the filter narrowing from
what it kept at the previous keystroke."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from nurture.domain.models import Contact, FollowUp, Interaction, Settings, new_id
from nurture.domain.network import Network
from nurture.domain.overview import named_rows, overview
from nurture.domain.queue import queue_of
from nurture.domain.search import ContactRow, Listed, filter_rows, haystack, narrows
from nurture.seed import synthetic_network

TODAY = date(2026, 11, 23)


def seeded(contacts: int = 300, interactions: int = 1500) -> Network:
    people, interactions_, followups = synthetic_network(contacts, interactions, TODAY)
    return Network.of(people, interactions_, followups)


def shown(view) -> tuple:
    """Everything the dashboard shows of an overview."""
    return (
        view.queue,
        [(r.contact, r.stage, r.last_contact, r.next_item, r.haystack) for r in view.rows],
        view.overdue,
        view.due_today,
    )


def test_the_overview_is_the_queue_and_each_contacts_next_item():
    network = seeded()
    view = overview(network, TODAY, 7)
    assert view.queue == queue_of(network, TODAY, 7)
    everything = queue_of(network, TODAY, 36_500)
    first = {}
    for item in everything:
        first.setdefault(item.contact_id, item)
    assert {r.contact.id: r.next_item for r in view.rows} == {
        c.id: first.get(c.id) for c in network.contacts.values() if not c.archived
    }
    assert view.overdue == sum(1 for i in view.queue if i.due < TODAY)


def changed(network: Network) -> Network:
    """The network after a few changes from the shell: a new person, a conversation logged,
    a follow-up, a snooze, an archive, an introduction, a rename."""
    contacts = dict(network.contacts)
    people = sorted(contacts.values(), key=lambda c: c.id)
    newcomer = Contact(id=new_id(), name="Bench Newcomer", referred_by=people[0].id)
    contacts[newcomer.id] = newcomer
    contacts[people[1].id] = replace(people[1], snoozed_until=TODAY + timedelta(days=9))
    contacts[people[2].id] = replace(people[2], archived=True)
    contacts[people[3].id] = replace(people[3], name="Renamed Person")
    logged = Interaction(new_id(), people[4].id, TODAY - timedelta(days=2), "coffee", summary="Coffee")
    met_newcomer = Interaction(new_id(), newcomer.id, TODAY - timedelta(days=1), "call")
    followup = FollowUp(new_id(), people[5].id, TODAY + timedelta(days=3), "Send the deck")
    # someone introduced earlier is met now: whoever introduced them is owed a report back
    owed = {i.ref for items in overview(network, TODAY, 7).items.values() for i in items if i.reason == "report-back"}
    introduced = next(c for c in people[6:] if c.referred_by in contacts and c.id not in owed)
    met_introduced = Interaction(new_id(), introduced.id, TODAY, "video")
    return Network.of(
        contacts.values(),
        [*network.log.all(), logged, met_newcomer, met_introduced],
        [*network.followups, followup],
        network.settings,
    )


def test_a_reload_keeps_what_did_not_change_and_shows_exactly_what_a_fresh_overview_shows():
    before = seeded()
    previous = overview(before, TODAY, 7)
    after = changed(before)
    again = overview(after, TODAY, 7, previous=previous)
    assert shown(again) == shown(overview(after, TODAY, 7))
    assert "Bench Newcomer" in [r.contact.name for r in again.rows]
    # the rows hold the contacts of the network shown, never the ones read before
    assert all(r.contact is after.contacts[r.contact.id] for r in again.rows)
    # an unchanged contact's items are the very ones worked out before: not worked out again
    kept = sum(again.items[cid] is items for cid, items in previous.items.items() if cid in again.items)
    assert kept > len(previous.items) * 0.9


def test_new_settings_or_a_new_day_work_everyone_out_again():
    before = seeded()
    previous = overview(before, TODAY, 7)
    stricter = Network(before.contacts, before.log, before.followups, Settings(thank_you_within_days=0))
    assert shown(overview(stricter, TODAY, 7, previous=previous)) == shown(overview(stricter, TODAY, 7))
    tomorrow = TODAY + timedelta(days=1)
    assert shown(overview(before, tomorrow, 7, previous=previous)) == shown(overview(before, tomorrow, 7))


def test_the_names_alone_make_the_same_list_order_as_the_full_contacts():
    network = seeded(200, 0)
    full = overview(network, TODAY, 7).rows
    names = named_rows([(Listed(c.id, c.name, c.company, c.role, c.tags), c.stage) for c in network.contacts.values()])
    assert [r.contact.id for r in names] == [r.contact.id for r in full]
    for query in ("a", "ma", "eng", "design lead", "zzz"):  # the filter finds the same people in either
        assert [r.contact.id for r in filter_rows(names, query)] == [r.contact.id for r in filter_rows(full, query)]


WORDS = st.text(alphabet="aeimnorsty éÉ", min_size=0, max_size=8)
PEOPLE = [
    ContactRow(c, "met", None, None, haystack(c))
    for c in (
        Contact(id=str(n), name=name, company=company, role=role)
        for n, (name, company, role) in enumerate([
            ("Maya Okafor", "Figma", "Staff Designer"),
            ("Mia Norris", "Stripe", "Engineer"),
            ("Sofía Martínez", "Nubank", "Researcher"),
            ("Tomas Reyes", "Monzo", "Product Manager"),
            ("Ines Moreno", "Atlassian", "Content Designer"),
        ])
    )
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(before=WORDS, more=WORDS)
def test_a_filter_typed_on_narrows_from_what_it_kept(before, more):
    query = before + more
    if narrows(query, before):
        assert filter_rows(filter_rows(PEOPLE, before), query) == filter_rows(PEOPLE, query)


def test_only_typing_on_narrows():
    assert narrows("may", "ma") and narrows("maya ok", "maya") and narrows("maya  o", "maya ")
    assert not narrows("ma", "may")  # a letter deleted
    assert not narrows("ma", "")  # nothing kept to narrow from
    assert not narrows("mya", "ma")  # a letter typed in the middle of a word is not a narrowing
