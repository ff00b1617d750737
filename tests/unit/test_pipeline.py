"""The pipeline's columns on a pinned date, and moving contacts between stages by hand."""

from __future__ import annotations

from datetime import date, datetime

from nurture.domain.models import Contact, Interaction, StageChange
from nurture.domain.network import Network
from nurture.domain.pipeline import columns, neighbour
from tests.conftest import TODAY


def person(cid: str, name: str, stage: str, since: str, **kw) -> Contact:
    return Contact(
        cid,
        name,
        stage=stage,
        stage_history=(StageChange(date.fromisoformat(since), stage),),
        created=datetime(2026, 1, 1),
        **kw,
    )


def touch(cid: str, on: str, kind: str, n: int = 0) -> Interaction:
    return Interaction(f"i{cid}{n}", cid, date.fromisoformat(on), kind, created=datetime(2026, 1, 1))


def test_columns_hold_everyone_by_stage_longest_waiting_first_archived_left_out():
    net = Network.of(
        [
            person("a", "Ada", "requested", "2026-11-20"),
            person("b", "Bo", "requested", "2026-11-02"),
            person("c", "Cy", "met", "2026-10-01"),
            person("d", "Di", "prospect", "2026-09-01", archived=True),
        ]
    )
    cols = columns(net, TODAY)
    assert list(cols) == ["prospect", "requested", "scheduled", "met", "nurturing", "dormant"]
    assert [(c.name, c.since) for c in cols["requested"]] == [("Bo", date(2026, 11, 2)), ("Ada", date(2026, 11, 20))]
    assert [c.name for c in cols["met"]] == ["Cy"]
    assert cols["prospect"] == []


def test_an_unanswered_nudge_puts_them_in_dormant_since_the_week_ran_out():
    net = Network.of(
        [person("a", "Ada", "requested", "2026-11-01")],
        [touch("a", "2026-11-01", "outreach"), touch("a", "2026-11-08", "nudge", 1)],
    )
    (card,) = columns(net, TODAY)["dormant"]
    assert card.name == "Ada" and card.since == date(2026, 11, 15)  # nudge + 7 days


def test_setting_the_stage_by_hand_after_it_went_quiet_overrides_dormant():
    ada = person("a", "Ada", "requested", "2026-11-01")
    log = [touch("a", "2026-11-01", "outreach"), touch("a", "2026-11-08", "nudge", 1)]
    moved = ada.evolve(stage="scheduled", stage_history=(*ada.stage_history, StageChange(TODAY, "scheduled", True)))
    assert Network.of([moved], log).stage(moved, TODAY) == "scheduled"
    # a stage set by hand before the nudge went unanswered does not count, nor one not by hand
    early = ada.evolve(stage_history=(*ada.stage_history, StageChange(date(2026, 11, 10), "requested", True)))
    assert Network.of([early], log).stage(early, TODAY) == "dormant"
    imported = ada.evolve(stage_history=(StageChange(TODAY, "requested"),))
    assert Network.of([imported], log).stage(imported, TODAY) == "dormant"


def test_neighbours_run_along_the_stages_and_stop_at_the_ends():
    assert neighbour("prospect", 1) == "requested"
    assert neighbour("nurturing", 1) == "dormant"
    assert neighbour("prospect", -1) is None
    assert neighbour("dormant", 1) is None


def test_moving_a_contact_keeps_each_step_in_its_history(service, clock):
    ada = service.add_contact("Ada Park")
    service.move_stage(ada.id, "requested")
    service.move_stage(ada.id, "requested")  # the same move twice on one day is one change
    clock.day = date(2026, 11, 30)
    moved = service.move_stage(ada.id, "scheduled")
    stored = service.network().contacts[ada.id]
    assert stored == moved and stored.stage == "scheduled"
    assert [tuple(c) for c in stored.stage_history] == [
        (TODAY, "prospect", False),
        (TODAY, "requested", True),
        (date(2026, 11, 30), "scheduled", True),
    ]


def test_moving_a_dormant_contact_back_to_its_stored_stage_sticks(service, clock):
    ada = service.add_contact("Ada Park")
    service.log(ada.id, "outreach", date(2026, 11, 1))
    service.log(ada.id, "nudge", date(2026, 11, 8))
    net = service.network()
    assert net.stage(net.contacts[ada.id], TODAY) == "dormant"
    service.move_stage(ada.id, "requested")  # they answered by phone
    net = service.network()
    assert net.stage(net.contacts[ada.id], TODAY) == "requested"
