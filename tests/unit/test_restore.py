"""nurture's own JSON export holds everything the data directory holds, and importing it gives
it all back: into an empty directory, exactly; into one that already has data, without
overwriting anything kept (``nurture.domain.restoring``)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import orjson
import pytest

from nurture.demo import seed_demo
from nurture.domain.errors import NurtureError
from nurture.domain.library import MeetingDraft, Referral
from nurture.domain.models import Contact, Settings
from nurture.domain.network import Network
from nurture.domain.restoring import plan_restore
from nurture.services import Nurture
from nurture.store import DataFileError, Repository
from tests.conftest import TODAY, Clock

KINDS = (
    "contacts", "interactions", "followups", "reviews", "prep", "questions", "templates", "targets", "meetings",
    "appointments",
)  # fmt: skip


def fresh(tmp_path, name: str) -> Nurture:
    clock = Clock()
    return Nurture(Repository(tmp_path / name, now=clock.now).open(), today=clock.today, now=clock.now)


def by_name(service: Nurture, name: str) -> str:
    return next(c.id for c in service.network().contacts.values() if c.name == name)


@pytest.fixture
def everything(service):
    """The demo network, plus one of every other kind of record the data directory holds."""
    seed_demo(service.context.repo, TODAY)
    people = sorted(service.network().contacts.values(), key=lambda c: c.order_key)
    ann, bob = people[0].id, people[1].id
    service.set_prep(ann, ["What surprised you most in your first year?", "How did you find this role?"])
    service.set_prep(bob, ["Which skills matter most now?"])
    service.add_question("skills", "Which tools do you reach for first?")
    service.add_question("culture", "How are disagreements settled?")
    service.save_template("cold-linkedin", "Hi {first_name}, I loved your talk.\n\nCould we talk for 20 minutes?")
    service.add_target("Nubank")
    service.add_target("Société Générale")
    service.save_meeting(
        MeetingDraft(
            ann,
            started=1_795_000_000.25,
            minutes=30,
            notes="- talked about hiring\n* takeaway: ask early",
            asked=("How did you find this role?",),
            referrals=(Referral("Zoë Müller", "Lego", "design lead"),),
        )
    )
    service.update_settings(my_goal="Move into data engineering.", theme="nord")
    service.mark_reviewed(TODAY)
    return service


def export(service: Nurture) -> bytes:
    return b"".join(service.export_chunks("json"))


def without_stamp(doc: bytes) -> bytes:
    lines = doc.split(b"\n")
    stamps = [n for n, line in enumerate(lines) if line.lstrip().startswith(b'"exported":')]
    assert len(stamps) == 1
    del lines[stamps[0]]
    return b"\n".join(lines)


def test_json_export_to_an_empty_directory_and_back_is_the_same_document(everything, tmp_path):
    first = export(everything)
    doc = json.loads(first)
    assert all(doc[kind] for kind in KINDS), [k for k in KINDS if not doc.get(k)]  # every kind is in it
    assert doc["settings"]["my_goal"] == "Move into data engineering."
    assert first == orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"  # streamed, in the one layout
    f = tmp_path / "all.json"
    f.write_bytes(first)
    other = fresh(tmp_path, "other")
    result = other.import_file(f)
    extra = f"{len(doc['prep'])} prep lists, 2 own questions, 1 template in your words, "
    extra += f"{len(doc['targets'])} target companies, 1 meeting in progress, "
    extra += f"{len(doc['appointments'])} appointments, your settings."
    assert result.summary().endswith(extra), result.summary()
    second = export(other)
    assert without_stamp(second) == without_stamp(first)
    # and what the user sees in the other directory is what they had
    ann = by_name(everything, doc["contacts"][0]["name"])
    assert other.prep(ann) == everything.prep(ann)
    assert other.meeting(ann) == everything.meeting(ann)
    assert [q.text for q in other.question_bank() if q.own] == [q.text for q in everything.question_bank() if q.own]
    assert other.templates() == everything.templates()
    assert [t.name for t in other.targets()] == [t.name for t in everything.targets()]
    assert {"Nubank", "Société Générale"} <= {t.name for t in other.targets()}
    assert other.settings() == everything.settings()
    assert other.appointments(every=True) == everything.appointments(every=True)
    assert len(doc["appointments"]) == 3  # the demo's
    # importing it again changes nothing
    again = other.import_file(f)
    assert not again.plan.changes
    assert without_stamp(export(other)) == without_stamp(first)


@pytest.mark.parametrize("version", [1, 2])
def test_a_version_1_or_2_export_without_the_library_still_imports(everything, tmp_path, version):
    doc = json.loads(export(everything))
    doc["nurture_export"]["version"] = version
    added = {1: ("prep", "questions", "templates", "targets", "meetings", "appointments"), 2: ("appointments",)}
    for kind in added[version]:
        del doc[kind]
    f = tmp_path / "v1.json"
    f.write_text(json.dumps(doc))
    other = fresh(tmp_path, "other")
    other.import_file(f)
    assert len(other.network().contacts) == len(doc["contacts"])
    assert other.appointments(every=True) == []
    if version == 1:
        assert other.targets() == [] and not any(q.own for q in other.question_bank())
    else:
        assert other.targets() and any(q.own for q in other.question_bank())


def test_what_is_kept_is_never_overwritten_and_a_contacts_records_follow_them(everything, tmp_path):
    doc = json.loads(export(everything))
    f = tmp_path / "all.json"
    f.write_bytes(export(everything))
    first = doc["contacts"][0]
    # the other directory knows the first contact under another id (same name and company), with
    # a prep list of their own, a template reworded, a target and a question already there
    other = fresh(tmp_path, "other")
    assert first["company"], "the demo's first contact has a company to match on"
    mine = other.add_contact(first["name"], company=first["company"])
    other.set_prep(mine.id, ["My own question?"])
    other.save_template("cold-linkedin", "My wording, {first_name}.")
    other.add_target("NUBANK S.A.")  # the same company as "Nubank" (legal form ignored)
    other.add_question("culture", "how are disagreements settled?")  # the same question
    other.import_file(f)
    assert other.prep(mine.id) == ["My own question?"]  # kept, not overwritten
    theirs = everything.meeting(first["id"])
    assert theirs is not None
    assert other.meeting(mine.id) == replace(theirs, contact_id=mine.id)  # follows the contact
    assert other.meeting(first["id"]) is None
    theirs_booked = [a for a in everything.appointments(every=True) if a.contact_id == first["id"]]
    mine_booked = [a for a in other.appointments(every=True) if a.contact_id == mine.id]
    assert mine_booked == [replace(a, contact_id=mine.id) for a in theirs_booked]  # follow the contact, ids kept
    assert not any(c.id == first["id"] for c in other.network().contacts.values())
    assert next(t for t in other.templates() if t.key == "cold-linkedin").body == "My wording, {first_name}."
    targets = {t.name for t in other.targets()}
    assert {"NUBANK S.A.", "Société Générale"} <= targets and "Nubank" not in targets
    own = sorted(q.text for q in other.question_bank() if q.own)
    assert own == ["Which tools do you reach for first?", "how are disagreements settled?"]


@pytest.mark.parametrize(
    "change, where, why",
    [
        (lambda d: d["prep"][0].update(contact_id="nobody"), "prep[0]", "refers to contact 'nobody'"),
        (lambda d: d["meetings"][0].update(contact_id="nobody"), "meetings[0]", "refers to contact 'nobody'"),
        (lambda d: d["templates"][0].update(key="nope", id="nope"), "templates[0]", "unknown template 'nope'"),
        (lambda d: d["questions"][0].update(topic="gossip"), "questions[0]", "unknown topic 'gossip'"),
        (lambda d: d["targets"].insert(1, dict(d["targets"][0])), "targets[1]", "has the same id as targets[0]"),
        (lambda d: d["appointments"][0].update(minutes=0), "appointment ", "minutes"),
        (lambda d: d["appointments"][0].update(start="2026-12-03 15:00"), "appointment ", "start"),
        (lambda d: d["appointments"][1].update(id=d["appointments"][0]["id"]), "appointments[1]", "same id"),
    ],
)
def test_a_damaged_library_record_refuses_the_file_naming_it(everything, tmp_path, change, where, why):
    doc = json.loads(export(everything))
    change(doc)
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(doc))
    other = fresh(tmp_path, "other")
    with pytest.raises(NurtureError) as e:
        other.import_file(f)
    assert where in str(e.value) and why in str(e.value), str(e.value)
    assert other.network().contacts == {}  # nothing written


def test_the_restore_is_one_save_a_failure_in_its_last_file_writes_nothing(everything, tmp_path, monkeypatch):
    f = tmp_path / "all.json"
    f.write_bytes(export(everything))
    other = fresh(tmp_path, "other")
    repo = other.context.repo

    def disk_full(records):
        raise DataFileError(f"could not save {repo.targets_file.path}: the disk is full.")

    monkeypatch.setattr(repo.targets_file, "put", disk_full)
    with pytest.raises(DataFileError):
        other.import_file(f)
    monkeypatch.undo()
    again = fresh(tmp_path, "other")  # what is on disk
    assert again.network().contacts == {} and not again.network().interactions
    store = again.context.repo
    assert (store.preps(), store.own_questions(), store.templates(), store.targets(), store.meetings()) == (
        [],
        [],
        {},
        [],
        [],
    )
    assert again.settings() == Settings()


def test_two_contacts_of_the_file_that_are_one_kept_contact_both_fill_it_and_count_once():
    kept = Contact("x-1", "Ann Lee", email="ann@x.example")
    a = Contact("a-1", "Ann Lee", email="ann@x.example", tags=("mentor",))
    b = Contact("b-1", "Ann B. Lee", email="ann@x.example", phone="+1 555 0100")
    plan = plan_restore(Network.of([kept]), [a, b], [], [], [], None, now=datetime(2026, 11, 29))
    (ann,) = plan.updated
    assert (ann.id, ann.tags, ann.phones) == ("x-1", ("mentor",), ("+1 555 0100",))
    assert plan.merged == ["contact 'Ann B. Lee' (id b-1) merged into contact 'Ann Lee' (id a-1): same email address"]
    assert (
        plan.summary()
        == "Added 0 contacts, updated 1; 0 already up to date, 1 merged into an earlier record of the file."
    )


def test_a_version_1_export_comes_in_with_the_noted_addresses_in_the_lists(service, tmp_path):
    """Made before contacts held several addresses: the lines an earlier import wrote into the
    notes move into the lists, as the store's upgrade of schema 1 moves them."""
    ada = {
        "id": "c-1", "name": "Ada Park", "email": "ada@work.example", "phone": "+1 555 0100",
        "notes": "Met at PyCon.\nOther email: ada@home.example\nOther phone: +1 555 0101",
        "stage": "prospect", "tags": [], "stage_history": [], "role": "", "company": "", "industry": "",
        "location": "", "linkedin": "", "cadence": None, "referred_by": None, "how_met": "",
        "snoozed_until": None, "archived": False, "created": None, "updated": None,
    }  # fmt: skip
    doc = {"nurture_export": {"version": 1, "exported": "2026-11-01T10:00:00", "app": "nurture 0.1.0"}}
    (tmp_path / "v1.json").write_text(json.dumps({**doc, "contacts": [ada], "interactions": [], "followups": []}))
    service.import_file(tmp_path / "v1.json")
    (got,) = service.network().contacts.values()
    assert (got.emails, got.phones, got.notes) == (
        ("ada@work.example", "ada@home.example"),
        ("+1 555 0100", "+1 555 0101"),
        "Met at PyCon.",
    )
    # a version 2 export says what it holds: its notes are the user's, whatever they say
    ada["id"], ada["name"] = "c-2", "Bo Park"
    (tmp_path / "v2.json").write_text(json.dumps({**doc, "nurture_export": {**doc["nurture_export"], "version": 2},
                                                  "contacts": [{**ada, "email": "bo@x.example"}]}))  # fmt: skip
    service.import_file(tmp_path / "v2.json")
    bo = next(c for c in service.network().contacts.values() if c.name == "Bo Park")
    assert bo.emails == ("bo@x.example",) and "Other email: ada@home.example" in bo.notes


def test_settings_you_chose_are_kept_when_an_export_comes_in(everything, tmp_path):
    """A new directory takes the export's settings; one where you set your own keeps them, even
    before any contact is in it."""
    f = tmp_path / "all.json"
    f.write_bytes(export(everything))
    mine = fresh(tmp_path, "mine")
    mine.update_settings(date_order="mdy")
    result = mine.import_file(f)
    assert mine.settings().date_order == "mdy" and mine.settings().my_goal == ""
    assert "your settings" not in result.summary()


def test_an_appointment_whose_contact_is_nowhere_is_left_out_with_a_warning(everything, tmp_path):
    doc = json.loads(export(everything))
    lost = doc["appointments"][0]
    lost["contact_id"] = "nobody"
    f = tmp_path / "orphan.json"
    f.write_text(json.dumps(doc))
    other = fresh(tmp_path, "other")
    result = other.import_file(f)
    kept = other.appointments(every=True)
    assert len(kept) == len(doc["appointments"]) - 1 and lost["id"] not in {a.id for a in kept}
    assert any(f"appointment {lost['id']} left out" in w and "'nobody'" in w for w in result.plan.warnings)
    assert f"{len(kept)} appointments" in result.summary()


def test_an_appointment_of_a_contact_already_in_the_directory_comes_in(everything, tmp_path):
    """The file holds only the appointment; its contact is kept in the directory already."""
    doc = json.loads(export(everything))
    f = tmp_path / "all.json"
    f.write_bytes(export(everything))
    other = fresh(tmp_path, "other")
    other.import_file(f)
    one = doc["appointments"][0]
    (mine,) = [a for a in other.appointments(every=True) if a.id == one["id"]]
    moved = {**one, "id": "later-1", "note": "a second conversation"}
    only = {**doc, "contacts": [], "interactions": [], "followups": [], "prep": [], "meetings": [],
            "appointments": [moved]}  # fmt: skip
    f.write_text(json.dumps(only))
    result = other.import_file(f)
    assert result.summary().endswith("1 appointment."), result.summary()
    later = next(a for a in other.appointments(every=True) if a.id == "later-1")
    assert (later.contact_id, later.note) == (mine.contact_id, "a second conversation")


def test_one_invitation_imported_on_two_machines_comes_back_once(everything, tmp_path):
    """The same invitation (UID) for the same contact, under another id: kept once, so its
    later cancel reaches the only one."""
    from dataclasses import replace as evolve

    doc = json.loads(export(everything))
    f = tmp_path / "all.json"
    f.write_bytes(export(everything))
    other = fresh(tmp_path, "other")
    other.import_file(f)
    one = doc["appointments"][0]
    (here,) = [a for a in other.appointments(every=True) if a.id == one["id"]]
    other.context.repo.save(appointments=[evolve(here, uid="evt-1@google.com")])  # imported here from the invite
    again = {**doc, "appointments": [{**one, "id": "elsewhere-1", "uid": "evt-1@google.com"}]}
    f.write_text(json.dumps(again))
    other.import_file(f)
    assert "elsewhere-1" not in {a.id for a in other.appointments(every=True)}
