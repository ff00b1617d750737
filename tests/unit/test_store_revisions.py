"""Every record the store writes carries its revision (``store/stamps.py``): stamped from the
device's clock read off the injected ``now``, a field's revision moving only when it changes;
every deletion leaves a tombstone of ids and revisions; old data without revisions reads as it
is and gets them as it is saved."""

from __future__ import annotations

import dataclasses
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nurture.domain import versions as versions_module
from nurture.domain.library import MeetingDraft
from nurture.domain.models import Contact, Interaction, new_id
from nurture.domain.revisions import HybridClock, parse_rev
from nurture.domain.versions import REV, REVS, SET_FIELDS, Version, stamp, strip
from nurture.services import Nurture
from nurture.store import Repository
from nurture.store.doctor import check
from nurture.store.errors import DataFileError
from nurture.store.repository import shard_of
from tests.conftest import TODAY

NOON = datetime(2026, 11, 30, 12, 0)  # local wall time, as ``datetime.now()`` gives it
NOON_MS = int(NOON.timestamp() * 1000)


class Frozen:
    """An injected clock that stands still until moved."""

    def __init__(self, at: datetime = NOON) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def stored(data_dir: Path, name: str = "contacts.json") -> dict:
    doc = orjson.loads((data_dir / name).read_bytes())
    return next(table for key, table in doc.items() if key != "nurture")


def device(data_dir: Path) -> str:
    return orjson.loads((data_dir / "device.json").read_bytes())["device"]


def tombstones(data_dir: Path) -> dict:
    return stored(data_dir, "tombstones.json")


def ada(**changes) -> Contact:
    return dataclasses.replace(Contact(id="ada", name="Ada Lovelace", tags=("math",)), **changes)


def test_a_save_stamps_the_record_with_the_injected_clock_and_this_device(data_dir):
    repo = Repository(data_dir, now=Frozen()).open()
    repo.save(contacts=[ada()])
    doc = stored(data_dir)["ada"]
    assert doc[REV] == f"{NOON_MS}-0-{device(data_dir)}"
    assert REVS not in doc  # a new record costs one key
    assert list(doc)[-1] == REV and list(doc)[:-1] == list(ada().to_dict())  # fields as to_dict writes them
    assert repo.contact("ada") == ada()  # reading ignores the revision


def test_an_edit_moves_only_the_changed_fields_revisions(data_dir):
    clock = Frozen()
    repo = Repository(data_dir, now=clock).open()
    repo.save(contacts=[ada()])
    made = stored(data_dir)["ada"][REV]
    clock.at = NOON + timedelta(minutes=5)
    repo.save(contacts=[ada(role="Analyst", tags=("math", "poetry"))])

    doc = stored(data_dir)["ada"]
    later = f"{NOON_MS + 300_000}-0-{device(data_dir)}"
    assert doc[REV] == later
    revs = doc[REVS]
    assert revs[""] == made  # the name, company and every field not changed: as made
    assert revs["role"] == later
    assert revs["tags"] == {"math": [made, 0], "poetry": [later, 1]}
    assert set(revs) == {"", "role", "tags"}
    assert doc["role"] == "Analyst" and doc["tags"] == ["math", "poetry"]

    clock.at = NOON + timedelta(minutes=9)
    repo.save(contacts=[ada(role="Analyst", tags=("math", "poetry"))])  # nothing changed
    assert stored(data_dir)["ada"] == doc


def test_two_saves_in_one_millisecond_get_increasing_counters(data_dir):
    repo = Repository(data_dir, now=Frozen()).open()
    repo.save(contacts=[ada()])
    repo.save(contacts=[Contact(id="bo", name="Bo Berg")])
    repo.save(contacts=[ada(role="Analyst")])
    docs = stored(data_dir)
    me = device(data_dir)
    assert docs["ada"][REVS] == {"": f"{NOON_MS}-0-{me}", "role": f"{NOON_MS}-2-{me}"}
    assert docs["bo"][REV] == f"{NOON_MS}-1-{me}"


def test_a_change_is_later_than_what_it_changes_even_when_the_wall_clock_went_back(data_dir):
    Repository(data_dir, now=Frozen()).open().save(contacts=[ada()])
    made = parse_rev(stored(data_dir)["ada"][REV])
    # another process, whose clock stands an hour behind (an NTP step, a wrong time zone)
    behind = Repository(data_dir, now=Frozen(NOON - timedelta(hours=1))).open()
    behind.save(contacts=[ada(role="Analyst")])
    edited = parse_rev(stored(data_dir)["ada"][REVS]["role"])
    assert edited > made and (edited.ms, edited.counter) == (NOON_MS, 1)


def test_the_device_id_is_made_once_on_the_first_write_private(data_dir):
    repo = Repository(data_dir, now=Frozen()).open()
    repo.load()
    assert not (data_dir / "device.json").exists()  # reading makes nothing
    repo.save(contacts=[ada()])
    path = data_dir / "device.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_bytes()
    me = device(data_dir)
    assert len(me) == 8 and me.isalnum()

    other = Repository(data_dir, now=Frozen()).open()  # another process, another run
    other.save(contacts=[Contact(id="bo", name="Bo Berg")])
    assert path.read_bytes() == first
    assert stored(data_dir)["bo"][REV].endswith(f"-{me}")
    assert "device.json" not in {p.name for p in (data_dir / "backups").rglob("*")}  # local to this machine


def test_a_deleted_record_leaves_a_tombstone_later_than_it(data_dir):
    clock = Frozen()
    repo = Repository(data_dir, now=clock).open()
    c = ada()
    note = Interaction(id=new_id(), contact_id=c.id, on=date(2026, 11, 20), kind="coffee", notes="about engines")
    repo.save(contacts=[c], interactions=[note])
    written = parse_rev(stored(data_dir, f"interactions/{shard_of(c.id)}.json")[note.id][REV])
    clock.at = NOON + timedelta(seconds=1)

    repo.delete_interaction(note)

    graves = tombstones(data_dir)
    assert list(graves) == [f"interactions/{shard_of(c.id)}"]
    assert parse_rev(graves[f"interactions/{shard_of(c.id)}"][note.id]) == (NOON_MS + 1000, 0, device(data_dir))
    assert parse_rev(graves[f"interactions/{shard_of(c.id)}"][note.id]) > written
    assert stat.S_IMODE((data_dir / "tombstones.json").stat().st_mode) == 0o600
    repo.delete_interaction(note)  # nothing left to delete: no new tombstone
    assert tombstones(data_dir) == graves


def test_every_way_of_deleting_leaves_tombstones(service: Nurture, data_dir):
    repo = service.context.repo
    maya = service.add_contact("Maya Chen")
    question = service.add_question("day-to-day", "What do you do on Fridays?")
    target = service.add_target("Acme")
    service.save_meeting(MeetingDraft(maya.id, 1000.0, notes="half-way"))
    service.remove_question(question.id)
    service.remove_target(target.id)
    service.discard_meeting(maya.id)
    logged = service.undo.run("log", lambda: service.log(maya.id, "coffee", TODAY, summary="coffee"))
    service.undo.undo()  # the note it made is deleted again

    graves = tombstones(data_dir)
    assert set(graves["questions"]) == {question.id}
    assert set(graves["targets"]) == {target.id}
    assert set(graves["meetings"]) == {maya.id}
    assert set(graves[f"interactions/{shard_of(maya.id)}"]) == {logged.interaction.id}
    assert repo.tombstones() == graves


def test_deleting_for_good_leaves_ids_and_revisions_only(service: Nurture, data_dir):
    maya = service.add_contact("Maya Chen", email="maya@example.com", company="Acme")
    logged = service.log(maya.id, "coffee", TODAY, summary="talked about her move to Lisbon")
    followup = service.add_followup(maya.id, TODAY + timedelta(days=3), "send the Lisbon article")

    service.delete_contact(maya.id)

    raw = (data_dir / "tombstones.json").read_bytes()
    for word in (b"Maya", b"Chen", b"maya@", b"Acme", b"Lisbon", b"coffee"):
        assert word not in raw
    graves = tombstones(data_dir)
    assert {source: list(ids) for source, ids in graves.items()} == {
        "contacts": [maya.id],
        f"interactions/{shard_of(maya.id)}": [logged.interaction.id],
        "followups": [followup.id],
    }
    revs = [parse_rev(rev) for ids in graves.values() for rev in ids.values()]
    assert all(rev.ms > 0 and rev.device == device(data_dir) for rev in revs)


def test_tombstones_are_kept_180_days_by_the_injected_clock(data_dir):
    clock = Frozen()
    repo = Repository(data_dir, now=clock).open()
    repo.save(contacts=[ada(), Contact(id="bo", name="Bo Berg"), Contact(id="cy", name="Cy Young")])
    repo.erase(repo.erasure_of("ada"))
    clock.at = NOON + timedelta(days=100)
    repo.erase(repo.erasure_of("bo"))
    clock.at = NOON + timedelta(days=181)
    assert set(tombstones(data_dir)["contacts"]) == {"ada", "bo"}  # pruned only when written
    repo.erase(repo.erasure_of("cy"))
    assert set(tombstones(data_dir)["contacts"]) == {"bo", "cy"}


def test_data_without_revisions_reads_as_it_is_and_gets_them_when_saved(data_dir):
    repo = Repository(data_dir, now=Frozen()).open()
    repo.save(contacts=[ada(), Contact(id="bo", name="Bo Berg")])
    path = data_dir / "contacts.json"
    old = orjson.loads(path.read_bytes())
    for doc in old["contacts"].values():  # as nurture wrote it before revisions
        doc.pop(REV)
    path.write_bytes(orjson.dumps(old))
    (data_dir / "contacts.idx").unlink()
    before = path.read_bytes()

    fresh = Repository(data_dir, now=Frozen(NOON + timedelta(days=1))).open()
    assert fresh.load().contacts == {"ada": ada(), "bo": Contact(id="bo", name="Bo Berg")}
    assert path.read_bytes() == before  # no upgrade, no rewrite: revision 0 is a revision
    fresh.save(contacts=[ada(role="Analyst")])

    docs = stored(data_dir)
    later = f"{NOON_MS + 86_400_000}-0-{device(data_dir)}"
    assert docs["ada"][REV] == later
    assert docs["ada"][REVS] == {"": "0-0-", "role": later}  # the rest: from before revisions
    assert REV not in docs["bo"]  # not saved: as it was
    assert Repository(data_dir).open().contact("ada") == ada(role="Analyst")


def test_undo_writes_the_records_back_with_fresh_revisions(service: Nurture, data_dir):
    maya = service.add_contact("Maya Chen", role="Designer")
    made = stored(data_dir)[maya.id][REV]
    service.undo.run("role", lambda: service.update_contact(maya.id, role="Design lead"))
    changed = stored(data_dir)[maya.id][REVS]["role"]
    service.undo.undo()
    doc = stored(data_dir)[maya.id]
    assert doc["role"] == "Designer"
    assert parse_rev(doc[REVS]["role"]) > parse_rev(changed) > parse_rev(made)  # undoing is a change too
    assert service.context.repo.contact(maya.id).role == "Designer"


def test_settings_are_stamped_too(service: Nurture, data_dir):
    service.update_settings(default_cadence="3w")
    doc = stored(data_dir, "settings.json")["settings"]
    assert parse_rev(doc[REV]).device == device(data_dir)
    assert str(service.settings().default_cadence) == "3w"


def test_the_json_export_carries_no_revisions(service: Nurture):
    maya = service.add_contact("Maya Chen", tags=["design"])
    service.update_contact(maya.id, role="Design lead")
    service.log(maya.id, "coffee", TODAY, summary="coffee", takeaways=["hire in March"])
    service.update_settings(default_cadence="3w")
    out = b"".join(service.export_chunks("json"))
    assert b"_rev" not in out
    assert b"Design lead" in out and b"hire in March" in out


def test_doctor_is_content_and_backups_hold_the_tombstones(service: Nurture, data_dir, clock):
    maya = service.add_contact("Maya Chen")
    service.add_contact("Omar Haddad")
    service.delete_contact(maya.id)
    later = Nurture(Repository(data_dir, now=clock.now).open(), today=clock.today, now=clock.now)
    later.add_contact("Ines Duarte")  # the next run's backup holds the tombstones
    report = check(later.context.repo)
    assert report.healthy, (report.problems, [f.problem for f in report.files])
    assert any(f.path.name == "tombstones.json" and f.records == 1 for f in report.files)
    backed_up = {p.name for p in (data_dir / "backups").rglob("*.json")}
    assert "tombstones.json" in backed_up
    (data_dir / "device.json").chmod(0o644)
    assert any("device.json is readable by others" in p for p in check(later.context.repo).problems)


@pytest.mark.parametrize("where", ["contacts.json", "tombstones.json"])
def test_a_damaged_tombstone_file_is_refused_before_a_delete_writes_anything(data_dir, where):
    repo = Repository(data_dir, now=Frozen()).open()
    repo.save(contacts=[ada(), Contact(id="bo", name="Bo Berg")])
    repo.erase(repo.erasure_of("bo"))
    (data_dir / "tombstones.json").write_bytes(b'{"nurture":{"schema":2,"file":"tombstones"},"tombstones":{"x":3}}')
    before = (data_dir / where).read_bytes()
    with pytest.raises(DataFileError, match=r"tombstones\.json"):
        Repository(data_dir, now=Frozen()).open().erase(repo.erasure_of("ada"))
    assert (data_dir / where).read_bytes() == before


# --- stamping at speed: the quick path gives exactly what the field-by-field one gives ---------

FIELD_VALUES = st.one_of(
    st.sampled_from(["", "a", "b", None, 0, 1, True]), st.lists(st.sampled_from(["x", "y"]), max_size=2)
)
TAGS = st.lists(
    st.sampled_from(["math", "poetry", "engines", {"on": "2026-11-01", "stage": "met"}]), max_size=3, unique_by=str
)


@st.composite
def versions(draw):
    """A record's successive values: the id kept, other fields changed, dropped, added."""
    out = []
    for _ in range(draw(st.integers(2, 6))):
        doc = {"id": "ada"} if draw(st.booleans()) or not out else {}
        doc["id"] = "ada"
        for name in ("name", "role", "notes"):
            if draw(st.integers(0, 4)):
                doc[name] = draw(FIELD_VALUES)
        if draw(st.integers(0, 3)):
            doc["tags"] = draw(TAGS)
        if draw(st.booleans()):
            doc["stage_history"] = draw(TAGS)
        out.append(doc)
    return out


@settings(max_examples=300, deadline=None)
@given(versions(), st.booleans())
def test_the_quick_stamp_is_the_field_by_field_one(docs, from_old_data):
    stored_doc = None if not from_old_data else dict(docs[0])  # a record saved before revisions
    clock = HybridClock("dev1")
    for n, doc in enumerate(docs[1:] if from_old_data else docs):
        rev = clock.tick(1_000 + n // 2)
        quick = stamp(stored_doc, doc, rev, "contacts")
        if stored_doc is not None:
            slow = versions_module._stamp(stored_doc, strip(doc), rev, "contacts")
            same = strip(stored_doc) == strip(doc)
            assert quick == slow or same, (stored_doc, doc)
            assert list(quick) == list(slow) or same
            assert Version.of(quick, SET_FIELDS["contacts"]).doc() == Version.of(slow, SET_FIELDS["contacts"]).doc()
        assert strip(quick) == doc
        stored_doc = quick


def test_a_damaged_device_file_is_replaced_by_a_new_id_and_the_save_goes_on(data_dir):
    repo = Repository(data_dir, now=Frozen()).open()
    repo.save(contacts=[ada()])
    (data_dir / "device.json").write_bytes(b"\x00garbage")
    other = Repository(data_dir, now=Frozen()).open()
    other.save(contacts=[Contact(id="bo", name="Bo Berg")])
    me = device(data_dir)
    assert stored(data_dir)["bo"][REV].endswith(f"-{me}") and len(me) == 8
