"""A network keeps the timelines read from it, but only the last few hundred people's: browsing
everyone at 30,000 connections must not end up holding every note."""

from __future__ import annotations

from datetime import date

from nurture.domain.models import Contact, Interaction
from nurture.domain.network import TIMELINES_KEPT, Network


def test_browsing_everyone_keeps_only_the_last_timelines_read():
    people = [Contact(id=f"c{n}", name=f"Person {n}") for n in range(TIMELINES_KEPT + 50)]
    notes = [Interaction(f"i{n}", p.id, date(2026, 11, 1), "email") for n, p in enumerate(people)]
    network = Network.of(people, notes)
    for p in people:
        assert [i.id for i in network.timeline(p.id)] == [f"i{p.id[1:]}"]
    kept = [p.id for p in people if network.known_timeline(p.id) is not None]
    assert kept == [p.id for p in people[-TIMELINES_KEPT:]]  # the oldest read went first
    network.timeline(people[0].id)  # read again when asked again
    assert network.known_timeline(people[0].id) is not None
    assert network.known_timeline(people[-TIMELINES_KEPT].id) is None
