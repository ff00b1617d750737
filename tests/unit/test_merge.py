"""The merge's rules, one by one, on readable records."""

from __future__ import annotations

from typing import Any

from nurture.domain.merge import Conflict, Replica, merge, prune
from nurture.domain.models import Contact
from nurture.domain.revisions import ZERO, HybridClock, Rev, parse_rev
from nurture.domain.versions import stamp, strip

MADE, LAPTOP, DESKTOP, LATER = (
    Rev(1_000, 0, "base"),
    Rev(2_000, 0, "lap"),
    Rev(3_000, 0, "desk"),
    Rev(4_000, 0, "lap"),
)
DAY_MS = 86_400_000


def ana(**changes: Any) -> dict[str, Any]:
    return Contact(id="ana", name="Ana Silva", role="Staff Designer", tags=("design",)).to_dict() | changes


def stored(rev: Rev, old: dict | None = None, **changes: Any) -> dict[str, Any]:
    return stamp(old, ana(**changes), rev, "contacts")


def one(doc: dict | None, graves: dict[str, str] | None = None) -> Replica:
    return Replica({"contacts": {} if doc is None else {"ana": doc}}, {"contacts": graves} if graves else {})


def result(here: Replica, there: Replica, base: Replica | None = None) -> dict | None:
    doc = merge(here, there, base).replica.records["contacts"].get("ana")
    return None if doc is None else strip(doc)


BASE = stored(MADE)


def test_a_revision_reads_back_and_orders_by_time_then_counter_then_device():
    assert parse_rev(str(Rev(5, 2, "ab12"))) == Rev(5, 2, "ab12")
    assert parse_rev(None) == ZERO and parse_rev("garbage") == ZERO
    clock = HybridClock("ab12")
    first, second = clock.tick(5), clock.tick(5)  # same millisecond: the counter orders them
    assert first < second
    clock.observe(Rev(9, 7, "zz"))  # merged in from a machine whose clock is ahead
    assert clock.tick(6) > Rev(9, 7, "zz")


def test_a_new_record_costs_one_key_and_an_edit_one_entry_per_changed_field():
    assert BASE["_rev"] == "1000-0-base" and "_revs" not in BASE
    edited = stored(LAPTOP, BASE, role="Design Manager")
    assert edited["_revs"] == {"": "1000-0-base", "role": "2000-0-lap"}
    assert Contact.from_dict(edited).role == "Design Manager"  # the revisions are read past


def test_three_way_a_field_changed_on_one_side_takes_that_side():
    here = stored(LAPTOP, BASE, role="Design Manager")
    there = stored(DESKTOP, BASE, company="Nubank")
    got = result(one(here), one(there), one(BASE))
    assert got is not None and (got["role"], got["company"]) == ("Design Manager", "Nubank")
    assert merge(one(here), one(there), one(BASE)).conflicts == ()


def test_three_way_both_changed_the_later_wins_and_the_other_is_kept_as_a_conflict():
    here = stored(LAPTOP, BASE, role="Principal Designer")
    there = stored(DESKTOP, BASE, role="Design Manager")
    merged = merge(one(here), one(there), one(BASE))
    assert strip(merged.replica.records["contacts"]["ana"])["role"] == "Design Manager"
    assert merged.conflicts == (Conflict("contacts", "ana", "role", "Principal Designer", "Design Manager", "there"),)
    assert merged.summary() == [
        "contacts: 0 added, 1 changed, 0 deleted, 1 conflict",
        "contacts ana: role changed on both machines: 'Design Manager' there (kept), 'Principal Designer' here",
    ]


def test_three_way_list_fields_merge_as_sets_and_a_removal_stays_removed():
    base = stored(MADE, tags=["design", "mentor"])
    here = stored(LAPTOP, base, tags=["mentor", "fintech"])  # removed design, added fintech
    there = stored(DESKTOP, base, tags=["design", "mentor", "berlin"])
    got = result(one(here), one(there), one(base))
    assert got is not None and got["tags"] == ["mentor", "fintech", "berlin"]


def test_two_way_a_removal_stays_removed_too():
    base = stored(MADE, tags=["design", "mentor"])
    here = stored(LAPTOP, base, tags=["mentor"])
    there = stored(DESKTOP, base, tags=["design", "mentor", "berlin"])
    got = result(one(here), one(there))
    assert got is not None and got["tags"] == ["mentor", "berlin"]


def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted():
    grave = {"ana": str(LAPTOP)}
    assert result(one(None, grave), one(BASE), one(BASE)) is None
    assert result(one(None, grave), one(BASE)) is None  # two-way: the tombstone is later
    assert result(one(BASE), one(None, grave)) is None


def test_deleted_on_one_side_and_changed_on_the_other_is_kept_and_reported():
    there = stored(DESKTOP, BASE, role="Design Manager")
    for base in (one(BASE), None):
        merged = merge(one(None, {"ana": str(LAPTOP)}), one(there), base)
        assert strip(merged.replica.records["contacts"]["ana"])["role"] == "Design Manager"
        assert [(c.field, c.here, c.kept) for c in merged.conflicts] == [("", None, "there")]
        assert "deleted here, changed on the other machine: kept" in merged.summary()[-1]


def test_three_way_keeps_a_change_made_before_the_deletion_the_tombstone_is_dropped():
    there = stored(LAPTOP, BASE, role="Design Manager")
    merged = merge(one(None, {"ana": str(DESKTOP)}), one(there), one(BASE))
    assert "ana" in merged.replica.records["contacts"]
    assert merged.replica.tombstones == {}


def test_two_way_different_fields_both_stand_and_the_same_field_takes_the_later():
    first = stored(LAPTOP, BASE, role="Principal Designer")
    here = stamp(first, strip(first) | {"location": "Lisbon"}, LATER, "contacts")
    there = stored(DESKTOP, BASE, role="Design Manager", company="Nubank")
    got = result(one(here), one(there))
    assert got is not None
    assert (got["role"], got["company"], got["location"]) == ("Design Manager", "Nubank", "Lisbon")
    assert [c.field for c in merge(one(here), one(there)).conflicts] == ["role"]


def test_an_equal_revision_breaks_the_same_way_on_both_machines():
    a, b = stored(LAPTOP, BASE, role="A"), stored(LAPTOP, BASE, role="B")
    assert result(one(a), one(b)) == result(one(b), one(a))


def test_records_written_before_revisions_merge_as_revision_zero():
    old = strip(BASE)  # no _rev
    newer = stored(LAPTOP, old, role="Design Manager")
    got = result(one(old), one(newer))
    assert got is not None and got["role"] == "Design Manager"


def test_tombstones_are_kept_180_days_then_pruned():
    now = 200 * DAY_MS
    graves = {"contacts": {"old": str(Rev(10 * DAY_MS, 0, "lap")), "new": str(Rev(100 * DAY_MS, 0, "lap"))}}
    assert prune(graves, now) == {"contacts": {"new": "8640000000-0-lap"}}
    assert prune(graves, now) == prune(graves, now)


def test_a_dry_run_summary_counts_what_changes_here():
    other = Contact(id="bo", name="Bo").to_dict()
    there = Replica(
        {
            "contacts": {
                "ana": stored(DESKTOP, BASE, role="Design Manager"),
                "bo": stamp(None, other, DESKTOP, "contacts"),
            }
        }
    )
    assert merge(one(BASE), there).summary() == ["contacts: 1 added, 1 changed, 0 deleted"]
    assert merge(one(BASE), one(BASE)).summary() == ["nothing to merge: both sides hold the same records"]


def note(nid: str, rev: Rev, summary: str = "coffee") -> dict[str, Any]:
    from datetime import date

    from nurture.domain.models import Interaction

    doc = Interaction(id=nid, contact_id="ana", on=date(2026, 11, 2), kind="coffee", summary=summary).to_dict()
    return stamp(None, doc, rev, "interactions")


def family(contact: dict | None, notes: dict[str, dict], graves: dict[str, dict[str, str]] | None = None) -> Replica:
    return Replica({"contacts": {"ana": contact} if contact else {}, "interactions/0": notes}, graves or {})


def test_a_contact_kept_though_deleted_elsewhere_keeps_the_notes_deleted_with_them():
    notes = {f"n{k}": note(f"n{k}", MADE) for k in range(3)}
    deleted = family(None, {}, {"contacts": {"ana": str(LAPTOP)}, "interactions/0": dict.fromkeys(notes, str(LAPTOP))})
    edited = family(stored(DESKTOP, BASE, company="Nubank"), notes)
    for base in (family(BASE, notes), None):
        for here, there in ((deleted, edited), (edited, deleted)):
            merged = merge(here, there, base)
            assert merged.replica.records["contacts"]["ana"]["company"] == "Nubank"
            assert set(merged.replica.records["interactions/0"]) == set(notes)
            assert "interactions/0" not in merged.replica.tombstones
            assert [(c.source, c.field) for c in merged.conflicts] == [("contacts", "")]


def test_a_note_added_for_a_contact_deleted_elsewhere_brings_them_back_reported():
    old = {"n0": note("n0", MADE)}
    deleted = family(None, {}, {"contacts": {"ana": str(DESKTOP)}, "interactions/0": {"n0": str(DESKTOP)}})
    logged = family(BASE, {**old, "n1": note("n1", LAPTOP, "new on the laptop")})
    for base in (family(BASE, old), None):
        for here, there in ((deleted, logged), (logged, deleted)):
            merged = merge(here, there, base)
            assert "ana" in merged.replica.records["contacts"]  # no orphan note
            assert set(merged.replica.records["interactions/0"]) == {"n0", "n1"}
            assert "contacts" not in merged.replica.tombstones
            assert [(c.source, c.record_id, c.field) for c in merged.conflicts] == [("contacts", "ana", "")]
            assert merged.counts["contacts"].conflicts == 1


def test_an_older_copy_of_the_same_machine_s_data_is_no_conflict_the_later_value_wins():
    r1 = stored(Rev(2_000, 0, "lap"), BASE, role="r1")
    r2 = stamp(r1, strip(r1) | {"role": "r2"}, Rev(3_000, 0, "lap"), "contacts")
    r3 = stamp(r2, strip(r2) | {"role": "r3"}, Rev(4_000, 0, "lap"), "contacts")
    r4 = stamp(r3, strip(r3) | {"role": "r4"}, Rev(5_000, 0, "lap"), "contacts")
    for here, there in ((r4, r3), (r3, r4)):
        merged = merge(one(here), one(there))
        assert merged.conflicts == ()
        assert strip(merged.replica.records["contacts"]["ana"])["role"] == "r4"
    # another machine's value is still a conflict
    other = stored(Rev(4_500, 0, "desk"), BASE, role="theirs")
    assert [c.field for c in merge(one(r4), one(other)).conflicts] == ["role"]


def settings_doc(rev: Rev, **changes: Any) -> dict[str, Any]:
    from nurture.domain.models import Settings

    return stamp(None, {"id": "settings", **Settings().to_dict(), **changes}, rev, "settings")


def test_settings_made_on_both_machines_merge_each_change_from_the_defaults():
    a = Replica({"settings": {"settings": settings_doc(LAPTOP, weekly_goal=3)}})
    b = Replica({"settings": {"settings": settings_doc(DESKTOP, weekly_goal=5, date_order="dmy")}})
    c = Replica({"settings": {"settings": settings_doc(LATER, theme="dark")}})
    for base in (None, Replica({"settings": {}})):
        merged = merge(a, b, base)
        got = strip(merged.replica.records["settings"]["settings"])
        assert (got["weekly_goal"], got["date_order"]) == (5, "dmy")
        assert [(c.field, c.here, c.there, c.kept) for c in merged.conflicts] == [("weekly_goal", 3, 5, "there")]
        # one side changed a field, the other made its settings later with the default: the change stands
        merged = merge(a, c, base)
        got = strip(merged.replica.records["settings"]["settings"])
        assert (got["weekly_goal"], got["theme"]) == (3, "dark") and merged.conflicts == ()
