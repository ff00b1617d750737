"""Schema 1 → 2: the emails and phones that earlier vCard imports wrote into a contact's notes
("Other email: …", "Other phone: …", in nurture's own words) move into the contact's lists when
the data directory is first opened; every other line of the notes stays as it was."""

from __future__ import annotations

from datetime import date, datetime

import orjson
import pytest

from nurture.domain.limits import MAX_EMAILS, check_contact
from nurture.domain.models import Contact
from nurture.domain.noted import addresses_in_notes
from nurture.services import Nurture
from nurture.store import Repository, migrations
from nurture.store.records import fingerprint_of, read_derived
from nurture.store.spans import spans_from

TODAY = date(2026, 11, 23)


def _stored(cid: str, name: str, **fields: object) -> dict:
    """A contact as schema 1 stored it: no other_emails, no other_phones."""
    return {
        "id": cid, "name": name, "role": "", "company": "", "industry": "", "location": "", "email": "",
        "phone": "", "linkedin": "", "tags": [], "stage": "prospect", "cadence": None, "referred_by": None,
        "how_met": "", "notes": "", "snoozed_until": None, "archived": False,
        "stage_history": [{"on": "2026-01-05", "stage": "prospect"}], "created": "2026-01-05T10:00:00",
        "updated": "2026-01-05T10:00:00", **fields,
    }  # fmt: skip


#: As an Android vCard 2.1 import wrote them (``exchange/vcard.py`` before contacts held lists):
#: the card's NOTE, then one line per kind of address left over, then the websites.
JURGEN = _stored(
    "c-jurgen",
    "Jürgen Müller",
    email="jm@example.com",
    phone="+49 170 1234567",
    notes="Met at PyCon Berlin\nAsk about the résumé\nOther email: juergen@home.example, JM@example.com\n"
    "Other phone: +49 30 1234, (030) 555-0199 ext. 12",
)
ANN = _stored(
    "c-ann",
    "Ann O'Brien",
    email="ann@foo.example",
    notes="First line\nOther email: ann@home.example\nWebsite: https://ann.example",
)
#: Lines the user wrote that mention an email or a phone: they are not nurture's, and stay.
MINE = (
    "Other email: ask Sam for her private one\nI'll email her the deck; her email is on the card\n"
    "Other phone: none yet\nOther emails: a@b.example"
)
BEA = _stored("c-bea", "Bea Nakamura", email="bea@x.example", notes=MINE)
#: The preferred email cleared by hand since the import: the first noted one becomes preferred.
CY = _stored("c-cy", "Cy Obi", notes="Other email: cy@home.example, cy@old.example")
OLD = [JURGEN, ANN, BEA, CY]


def _schema_1_dir(data, monkeypatch) -> None:
    """A data directory exactly as the version before wrote it: contacts.json at schema 1 and
    its index (contacts.idx), which vouches for that very file."""
    data.mkdir(mode=0o700)
    doc = {"nurture": {"schema": 1, "file": "contacts", "rev": "0123456789abcdef"}, "contacts": {}}
    doc["contacts"] = {c["id"]: c for c in OLD[:-1]}
    (data / "contacts.json").write_bytes(orjson.dumps(doc))
    with monkeypatch.context() as m:
        m.setattr(migrations, "CURRENT_SCHEMA", 1)
        repo = Repository(data, now=lambda: datetime(2026, 11, 20, 9)).open()
        repo.save(contacts=[Contact.from_dict(CY)])  # a write: the index follows it
    on_disk = fingerprint_of(data / "contacts.json")
    assert on_disk is not None and read_derived(data / "contacts.idx", on_disk[1]) is not None
    assert orjson.loads((data / "contacts.json").read_bytes())["nurture"]["schema"] == 1


def _check_moved(contacts) -> None:
    j, ann, bea, cy = (contacts[c["id"]] for c in OLD)
    assert j.emails == ("jm@example.com", "juergen@home.example")  # the preferred stays; a repeat goes
    assert j.phones == ("+49 170 1234567", "+49 30 1234", "(030) 555-0199 ext. 12")
    assert j.notes == "Met at PyCon Berlin\nAsk about the résumé"
    assert ann.emails == ("ann@foo.example", "ann@home.example")
    assert ann.notes == "First line\nWebsite: https://ann.example"  # other lines stay
    assert bea.notes == MINE and bea.emails == ("bea@x.example",) and bea.phones == ()
    assert (cy.email, cy.other_emails, cy.notes) == ("cy@home.example", ("cy@old.example",), "")


def test_a_schema_1_directory_opens_with_the_noted_addresses_in_the_lists(tmp_path, monkeypatch):
    data = tmp_path / "data"
    _schema_1_dir(data, monkeypatch)
    before = (data / "contacts.json").read_bytes()
    repo = Repository(data, now=lambda: datetime(2026, 11, 23, 9)).open()
    _check_moved(repo.load().contacts)

    on_disk = orjson.loads((data / "contacts.json").read_bytes())
    assert on_disk["nurture"]["schema"] == migrations.CURRENT_SCHEMA == 2
    assert on_disk["contacts"]["c-jurgen"]["other_phones"] == ["+49 30 1234", "(030) 555-0199 ext. 12"]
    assert "Other" not in on_disk["contacts"]["c-ann"]["notes"]
    # the version before the upgrade is in the newest backup, byte for byte
    assert (repo.backups()[-1] / "contacts.json").read_bytes() == before
    # the old index describes the old file only: nothing of it is trusted for the new one
    now = fingerprint_of(data / "contacts.json")
    assert now is not None and read_derived(data / "contacts.idx", now[1]) is None

    # another process, a write, another process again: all of it as upgraded
    again = Repository(data).open()
    _check_moved(again.load().contacts)
    service = Nurture(again, today=lambda: TODAY)
    service.add_contact("Dee", emails="dee@x.example, dee@y.example")
    fresh = Repository(data).open().load().contacts
    _check_moved(fresh)
    assert next(c for c in fresh.values() if c.name == "Dee").other_emails == ("dee@y.example",)
    now = fingerprint_of(data / "contacts.json")
    assert now is not None and read_derived(data / "contacts.idx", now[1]) is not None  # the index follows


def test_the_backup_from_before_the_upgrade_restored_is_upgraded_again(tmp_path, monkeypatch):
    """Restored with its old mtime, the file matches the index that vouched for it before the
    upgrade: its spans must not be used to splice a write into a file upgraded in memory."""
    data = tmp_path / "data"
    _schema_1_dir(data, monkeypatch)
    service = Nurture(Repository(data, now=lambda: datetime(2026, 11, 23, 9)).open(), today=lambda: TODAY)
    old = service.context.repo.backups()[-1]
    service.restore(old.name)
    assert orjson.loads((data / "contacts.json").read_bytes())["nurture"]["schema"] == 1
    _check_moved(service.network().contacts)  # upgraded as it is read
    assert "Other email" not in service.context.repo.contacts_file.stored()["c-ann"]["notes"]  # as stored, too
    service.add_contact("Dee")  # in the same process: the file is written whole, upgraded
    assert orjson.loads((data / "contacts.json").read_bytes())["nurture"]["schema"] == 2
    _check_moved(Repository(data).open().load().contacts)


def test_an_index_of_the_old_version_lends_no_spans_to_the_version_upgraded_in_memory(tmp_path, monkeypatch):
    """Were it believed, a write would splice new records between the old records' bytes and
    label the file upgraded: they would never be."""
    data = tmp_path / "data"
    _schema_1_dir(data, monkeypatch)
    storage = Repository(data).contacts_file.storage  # (not opened: nothing upgraded on disk)
    assert "Other" not in storage.read()["contacts"]["c-ann"]["notes"] and storage.migrated_from == 1
    found = fingerprint_of(data / "contacts.json")
    assert found is not None
    doc = read_derived(data / "contacts.idx", found[1])
    assert doc is not None
    storage.know(found[0], found[1], spans_from(doc, "contacts", doc["ids"]))
    assert storage.layout is None


def test_a_damaged_schema_1_file_is_not_upgraded_nor_touched(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    raw = orjson.dumps({"nurture": {"schema": 1, "file": "contacts"}, "contacts": {"a": {"id": "a"}}})
    (data / "contacts.json").write_bytes(raw)
    Repository(data).open()
    assert (data / "contacts.json").read_bytes() == raw


@pytest.mark.parametrize(
    "line",
    [
        "Other email: ask Sam",
        "Other email: a@b.example, not one",
        "Other email:",
        "other email: a@b.example",
        "Other phone: none",
        "Other phone: +1 555 0100, call the office",
        "Website: https://a.example",
        "  Other email: a@b.example",
        "My other email: a@b.example",
    ],
)
def test_only_nurtures_own_lines_whole_move(line):
    notes = f"Met at a talk\n{line}"
    assert addresses_in_notes(notes) == (notes, (), ())


def test_several_lines_and_blank_ones_around_them():
    noted = addresses_in_notes("Other phone: +1 555 0100\n\nHi\nOther email: a@b.example, c@d.example\n")
    assert noted == ("Hi", ("a@b.example", "c@d.example"), ("+1 555 0100",))


def test_addresses_past_the_limits_stay_in_the_notes_as_they_were():
    many = ", ".join(f"a{n}@x.example" for n in range(MAX_EMAILS + 2))
    doc = _stored("c-many", "Many", email="own@x.example", phone="+1 555 0100", notes=f"Hi\nOther email: {many}")
    migrations.migrate({"contacts": {"c-many": doc}}, 1)
    c = Contact.from_dict(doc)
    assert c.emails == ("own@x.example", *(f"a{n}@x.example" for n in range(MAX_EMAILS - 1)))
    assert (
        c.notes == f"Hi\nOther email: a{MAX_EMAILS - 1}@x.example, a{MAX_EMAILS}@x.example, a{MAX_EMAILS + 1}@x.example"
    )
    check_contact(c)  # what the contact form and the JSON export hold it to
