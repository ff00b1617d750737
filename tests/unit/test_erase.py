"""Deleting a contact for good: every data file loses their records, the others keep theirs,
the people they introduced keep the link as text, and a failed save leaves everything."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from nurture.domain.appointments import Appointment
from nurture.domain.erasure import draft_names, unlinked
from nurture.domain.errors import InputError
from nurture.domain.library import MeetingDraft, Prep
from nurture.domain.limits import MAX_LINE
from nurture.domain.models import Contact
from nurture.domain.requests import ContactRequest, FollowUpRequest
from nurture.services import Nurture
from nurture.store import Repository
from tests.conftest import TODAY


def _files(data_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and "backups" not in p.parts and p.name != ".lock"
    }


def _everything(service: Nurture, name: str) -> Contact:
    """A contact with a record in every file keyed to contacts."""
    c = service.add_contact(ContactRequest.typed(name, company="Acme"))
    service.log(c.id, "coffee", TODAY - timedelta(days=3), summary=f"coffee with {name}")
    service.log(c.id, "email", TODAY - timedelta(days=1), summary="thanks")
    service.add_followup(FollowUpRequest(c.id, TODAY + timedelta(days=2), "send the article"))
    repo = service.context.repo
    start = datetime(2026, 12, 1, 15, tzinfo=UTC)
    repo.save(
        preps=[Prep(c.id, ("What surprised you?", "What would you do again?"))],
        meetings=[MeetingDraft(c.id, 1000.0, notes="half-way")],
        appointments=[Appointment.new(c.id, start, datetime(2026, 11, 20, tzinfo=UTC))],
    )
    service.save_draft_file(c.id, "nudge", f"Hi {name}")
    return c


@pytest.fixture
def two(service: Nurture) -> tuple[Contact, Contact]:
    return _everything(service, "Maya Chen"), _everything(service, "Omar Haddad")


def test_erasure_names_what_goes(service: Nurture, two) -> None:
    maya, _ = two
    lines = service.erasure(maya.id).lines()
    assert lines == [
        "the contact Maya Chen",
        "2 interactions",
        "1 follow-up",
        "the prep list (2 questions)",
        "the meeting in progress",
        "1 saved draft",
        "1 appointment",
    ]


def test_delete_removes_every_record_of_theirs_and_nothing_else(service: Nurture, data_dir: Path, two) -> None:
    maya, omar = two
    repo = service.context.repo
    before_omar = (
        service.network().timeline(omar.id),
        repo.prep(omar.id),
        repo.meeting(omar.id),
        [a for a in repo.appointments() if a.contact_id == omar.id],
    )
    service.delete_contact(maya.id)

    fresh = Repository(data_dir).open()  # as another process reads it
    network = fresh.load()
    assert maya.id not in network.contacts and omar.id in network.contacts
    assert all(i.contact_id != maya.id for i in fresh.all_interactions())
    assert all(f.contact_id != maya.id for f in network.followups)
    assert fresh.prep(maya.id) is None and fresh.meeting(maya.id) is None
    assert all(a.contact_id != maya.id for a in fresh.appointments())
    assert not any((data_dir / "drafts" / n).exists() for n in draft_names("Maya Chen"))
    # the name is in no data file any more (backups aside); their id only in the tombstones,
    # which hold ids and revisions (``test_store_revisions.py`` checks that)
    for path, raw in _files(data_dir).items():
        assert b"Maya" not in raw, path
        if path != "tombstones.json":
            assert maya.id.encode() not in raw, path
    # Omar's records are untouched
    assert (
        network.timeline(omar.id),
        fresh.prep(omar.id),
        fresh.meeting(omar.id),
        [a for a in fresh.appointments() if a.contact_id == omar.id],
    ) == before_omar
    assert (data_dir / "drafts" / "omar-haddad-nudge.txt").read_text() == "Hi Omar Haddad\n"


def test_people_they_introduced_keep_the_link_as_text(service: Nurture, two) -> None:
    maya, _ = two
    lee = service.add_contact(ContactRequest.typed("Lee Park", referred_by=maya.id, how_met="coffee chat"))
    sam = service.add_contact(ContactRequest.typed("Sam Roe", referred_by=maya.id))
    gone = service.erasure(maya.id)
    assert {c.id for c in gone.introduced} == {lee.id, sam.id}
    assert "keep the link as text" in gone.kept()
    service.delete_contact(maya.id)
    network = service.network()
    assert network.contacts[lee.id].referred_by is None
    assert network.contacts[lee.id].how_met == "coffee chat; introduced by Maya Chen (deleted)"
    assert network.contacts[sam.id].how_met == "introduced by Maya Chen (deleted)"


def test_a_full_how_met_takes_the_link_into_the_notes() -> None:
    c = Contact("c1", "Lee", how_met="x" * MAX_LINE, notes="met twice", referred_by="m")
    out = unlinked(c, "Maya", datetime(2026, 11, 23, tzinfo=UTC))
    assert out.how_met == c.how_met and out.referred_by is None
    assert out.notes == "Introduced by Maya (deleted).\nmet twice"


def test_a_failure_midway_leaves_every_file_as_it_was(
    service: Nurture, data_dir: Path, two, monkeypatch: pytest.MonkeyPatch
) -> None:
    maya, _ = two
    before = _files(data_dir)
    repo = service.context.repo

    def broken(ids) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(repo.appointments_file, "delete", broken)  # the last file written
    with pytest.raises(OSError):
        service.delete_contact(maya.id)
    monkeypatch.undo()
    assert _files(data_dir) == before
    fresh = Repository(data_dir).open()
    assert maya.id in fresh.load().contacts
    assert any(i.contact_id == maya.id for i in fresh.all_interactions())


def test_deleting_someone_gone_is_refused(service: Nurture, two) -> None:
    maya, _ = two
    service.delete_contact(maya.id)
    with pytest.raises(InputError, match="no longer exists"):
        service.delete_contact(maya.id)


def test_search_forgets_them(service: Nurture, two) -> None:
    maya, _ = two
    assert service.search("coffee").hits  # the index is built, and kept current from here
    service.delete_contact(maya.id)
    names = {h.name for h in service.search("coffee").hits}
    assert names == {"Omar Haddad"}


def test_deleting_someone_recorded_as_introducing_themselves_deletes_them(tmp_path):
    service = Nurture(Repository(tmp_path / "data").open(), today=lambda: TODAY)
    c = service.add_contact("Maya Chen")
    service.context.repo.save(contacts=[c.evolve(referred_by=c.id)])  # as a hand-edited export could have it
    service.delete_contact(c.id)
    assert c.id not in service.network().contacts


def test_drafts_whose_file_names_another_contacts_name_also_gives_are_kept(tmp_path):
    service = Nurture(Repository(tmp_path / "data").open(), today=lambda: TODAY)
    ana = service.add_contact("Ana Lopez")
    service.add_contact("Ana-Lopez")
    shared = service.save_draft_file(ana.id, "nudge", "Hi Ana")
    service.delete_contact(ana.id)
    assert shared.is_file()  # the other Ana's draft has that very name


def test_an_erased_persons_words_leave_the_search_index_file(tmp_path):
    service = Nurture(Repository(tmp_path / "data").open(), today=lambda: TODAY)
    c = service.add_contact("Maya Chen")
    service.log(c.id, "coffee", TODAY, notes="she keeps a quokkaplush on her desk")
    assert service.search("quokkaplush").hits  # the index is made
    service.delete_contact(c.id)
    assert not service.search("quokkaplush").hits
    assert b"quokkaplush" not in (tmp_path / "data" / "search.sqlite").read_bytes()


def test_someone_whose_how_met_already_names_the_introducer_gets_it_marked_not_said_twice(tmp_path):
    service = Nurture(Repository(tmp_path / "data").open(), today=lambda: TODAY)
    maya = service.add_contact("Maya Okafor")
    rafael = service.add_contact(ContactRequest.typed("Rafael Souza", referred_by=maya.id,
                                                      how_met="Introduced by Maya Okafor"))  # fmt: skip
    service.delete_contact(maya.id)
    kept = service.network().contacts[rafael.id]
    assert (kept.referred_by, kept.how_met) == (None, "Introduced by Maya Okafor (deleted)")
