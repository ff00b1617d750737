"""``synthetic_appointments``: the bench network's appointments, a few dozen of every status,
each with a person it fits, deterministic, and stored as nurture stores its own."""

from __future__ import annotations

from collections import Counter

from nurture.domain.appointments import BOOKED, CANCELLED, HELD
from nurture.domain.models import CONVERSATIONS, MET, NURTURING, SCHEDULED
from nurture.domain.queue import LOG_MEETING, MEETING_DUE, queue_of
from nurture.seed import MAX_BOOKED, MAX_CANCELLED, MAX_HELD, synthetic_appointments, synthetic_network
from nurture.store import Repository
from tests.conftest import TODAY


def test_a_few_dozen_appointments_each_with_a_person_it_fits(tmp_path):
    contacts, interactions, followups = synthetic_network(1_000, 4_000, TODAY)
    booked = synthetic_appointments(contacts, interactions, TODAY)
    assert booked == synthetic_appointments(contacts, interactions, TODAY)  # the same, ids included
    statuses = Counter(a.status for a in booked)
    assert statuses == {BOOKED: MAX_BOOKED, HELD: MAX_HELD, CANCELLED: MAX_CANCELLED}, statuses
    people = {c.id: c for c in contacts}
    for a in booked:
        stage = people[a.contact_id].stage
        assert stage == SCHEDULED if a.status == BOOKED else stage in (MET, NURTURING)
        if a.status == BOOKED:
            assert -1 <= (a.day(a.booked_zone) - TODAY).days <= 14
        if a.status == HELD:  # on the day of their first conversation, as long as it
            talks = [i for i in interactions if i.contact_id == a.contact_id and i.kind in CONVERSATIONS]
            first = min(talks, key=lambda i: i.on)
            assert (a.day(a.booked_zone), a.minutes) == (first.on, first.duration_minutes)
    assert len({a.id for a in booked}) == len(booked)
    # stored and read back as they were; the queue has the day's meetings and the ones to log
    repo = Repository(tmp_path / "data").open()
    repo.save(contacts=contacts, interactions=interactions, followups=followups, appointments=booked)
    network = repo.load()
    assert sorted(network.appointments, key=lambda a: a.id) == sorted(booked, key=lambda a: a.id)
    reasons = Counter(item.reason for item in queue_of(network, TODAY, within=14))
    assert reasons[MEETING_DUE] + reasons[LOG_MEETING] > 0, reasons


def test_a_small_network_has_as_many_as_it_has_people_for():
    contacts, interactions, _ = synthetic_network(40, 120, TODAY)
    booked = synthetic_appointments(contacts, interactions, TODAY)
    assert sum(a.status == BOOKED for a in booked) == sum(c.stage == SCHEDULED for c in contacts)
    assert synthetic_appointments([], [], TODAY) == []
