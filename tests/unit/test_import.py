"""Importing: what ends up stored from each format, re-imports, and all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from nurture.domain.errors import InputError, NurtureError
from nurture.domain.queue import queue_of
from nurture.exchange.source import MAX_BYTES
from tests.conftest import TODAY
from tests.unit.test_cli import snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exchange"


def people(service) -> dict[str, object]:
    return {c.name: c for c in service.network().contacts.values()}


# --- LinkedIn --------------------------------------------------------------------------------


def test_linkedin_export_with_notes_block_and_bom(service):
    raw = (FIXTURES / "linkedin_connections.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfNotes:")  # the fixture is what LinkedIn sends
    result = service.import_file(FIXTURES / "linkedin_connections.csv")
    assert result.format == "linkedin"
    got = people(service)
    assert sorted(got) == ["Ada Lovelace", "José Núñez", "Mallory Formula", "Zoë Müller 🌱"]
    ada = got["Ada Lovelace"]
    assert (ada.company, ada.role, ada.stage, ada.tags) == (
        "Analytical Engines",
        "Programmer",
        "prospect",
        ("linkedin",),
    )
    assert ada.linkedin == "https://www.linkedin.com/in/ada-lovelace"
    assert ada.how_met == "LinkedIn connection since 15 Mar 2024"
    assert got["Zoë Müller 🌱"].email == "zoe@example.com"
    assert got["Zoë Müller 🌱"].company == "Acme, Inc."
    assert got["José Núñez"].role == "Engineering Manager, Payments"
    # the row without a name is reported, not silently lost
    assert result.plan.skipped == ["line 8: no name"]


def test_linkedin_connections_are_not_conversations_and_do_not_flood_the_queue(service):
    service.import_file(FIXTURES / "linkedin_connections.csv")
    network = service.network()
    assert network.interactions == ()
    assert queue_of(network, TODAY, within=3650) == []


def test_older_linkedin_export_without_url_column(service):
    result = service.import_file(FIXTURES / "linkedin_old.csv")
    assert result.format == "linkedin"
    grace = people(service)["Grace Hopper"]
    assert (grace.email, grace.company, grace.linkedin) == ("grace@navy.example", "US Navy", "")


# --- vCard -----------------------------------------------------------------------------------


def test_vcard_21_quoted_printable_folded_photo_and_several_numbers(service):
    result = service.import_file(FIXTURES / "android21.vcf")
    assert result.format == "vcard"
    j = people(service)["Jürgen Müller"]
    assert (j.company, j.role) == ("Acme Corp", "Staff Engineer, Research")
    assert (j.email, j.phone) == ("jm@example.com", "+49 170 1234567")
    assert (j.emails, j.phones) == (("jm@example.com", "juergen@home.example"), ("+49 170 1234567", "+49 30 1234"))
    assert j.notes.splitlines() == [
        "Met at PyCon Berlin",
        "Ask about the résumé and a long line that is soft broken here",
    ]
    assert result.plan.skipped == ["card 2 (line 20): no name (FN or N)"]


def test_vcard_30_folded_lines_escapes_preferred_email_address_and_categories(service):
    assert "\n atform" in (FIXTURES / "google30.vcf").read_text()  # a folded line
    result = service.import_file(FIXTURES / "google30.vcf")
    ann = people(service)["Ann O, Brien"]
    assert ann.company == "Foo, Inc."
    assert ann.role == "Head of Data, Data Platform"  # ORG's department joins the title
    assert ann.emails == ("ann@foo.example", "ann.home@example.com")  # TYPE=pref first
    assert ann.location == "Dublin, Ireland"
    assert ann.linkedin == "https://www.linkedin.com/in/ann-obrien/"
    assert ann.tags == ("Mentors",)  # Google's "myContacts" on every card is dropped
    assert ann.notes.splitlines()[:2] == ["First line", "second line; with semicolon, and comma"]
    assert "Website: https://ann.example" in ann.notes
    assert any("BDAY" in w for w in result.plan.warnings)


def test_vcard_40_unicode_and_tel_uri(service):
    service.import_file(FIXTURES / "apple40.vcf")
    li = people(service)["李 雷"]
    assert (li.company, li.role, li.phone) == ("Tencent", "Product Manager", "+86-10-5555-0100")


# --- CSV -------------------------------------------------------------------------------------


def test_csv_columns_by_name_unknown_reported_and_last_contact_logged(service):
    result = service.import_file(FIXTURES / "contacts.csv")
    assert result.format == "csv"
    assert result.plan.warnings == ["columns nurture has no field for, not imported: Birthday, Favourite colour"]
    dana = people(service)["Dana Scully"]
    assert (dana.company, dana.role, dana.email) == ("FBI", "Agent", "dana@fbi.example")
    assert dana.tags == ("x-files", "mentors")
    network = service.network()
    assert network.last_contact(dana.id).isoformat() == "2026-10-02"
    # formulas are kept as text: nurture never evaluates them
    assert people(service)["=1+2"].notes == "@SUM(A1)"


def test_first_and_last_name_columns(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("first name,LAST_NAME,e-mail\nAda,Lovelace,ada@example.com\n")
    service.import_file(f)
    assert people(service)["Ada Lovelace"].email == "ada@example.com"


def test_a_csv_without_a_name_column_is_refused_naming_what_it_found(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("Company,Email\nAcme,a@example.com\n")
    with pytest.raises(InputError, match=r"people.csv: line 1: no name column.*found: Company, Email"):
        service.import_file(f)


# --- re-importing ----------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["linkedin_connections.csv", "android21.vcf", "google30.vcf", "contacts.csv"])
def test_reimporting_the_same_file_creates_no_duplicates(service, fixture):
    service.import_file(FIXTURES / fixture)
    before = service.network()
    again = service.import_file(FIXTURES / fixture)
    after = service.network()
    assert (len(again.plan.created), len(again.plan.updated), again.plan.interactions) == (0, 0, [])
    assert again.plan.unchanged == len(before.contacts)
    assert after.contacts == before.contacts
    assert len(after.interactions) == len(before.interactions)


def test_a_match_fills_only_empty_fields_and_never_overwrites_what_you_typed(service, tmp_path):
    mine = service.add_contact("Ada Lovelace", company="Analytical Engines", role="Countess", notes="my own words")
    f = tmp_path / "p.csv"
    f.write_text(
        "Name,Company,Role,Email,Notes\nada lovelace,analytical engines,Programmer,ada@example.com,their words\n"
    )
    result = service.import_file(f)
    ada = service.network().contacts[mine.id]
    assert len(service.network().contacts) == 1
    assert (ada.name, ada.role, ada.notes) == ("Ada Lovelace", "Countess", "my own words")
    assert ada.email == "ada@example.com"  # was empty: filled
    assert result.summary() == "Added 0 contacts, updated 1; 0 already up to date. 1 record read."


def test_matching_order_email_then_linkedin_then_name_and_company(service, tmp_path):
    by_email = service.add_contact("A. Person", email="ap@example.com")
    by_url = service.add_contact("B. Person", linkedin="https://www.linkedin.com/in/bp")
    f = tmp_path / "p.csv"
    f.write_text(
        "Name,Email,LinkedIn,Company\n"
        "Alice Person,AP@example.com,,Acme\n"  # same email, another spelling of the name
        "Bea Person,,http://linkedin.com/in/bp/?trk=x,Acme\n"  # same profile, other URL form
        "A. Person,,,Other Co\n"  # a namesake at another company: a new contact
    )
    result = service.import_file(f)
    contacts = service.network().contacts
    assert contacts[by_email.id].company == "Acme"
    assert contacts[by_url.id].company == "Acme"
    assert [c.company for c in result.plan.created] == ["Other Co"]


def test_introduced_by_is_resolved_within_the_file(service, tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("Name,Introduced by\nMaya Chen,Sam Lee\nSam Lee,\nZed,Nobody Known\n")
    result = service.import_file(f)
    got = people(service)
    assert got["Maya Chen"].referred_by == got["Sam Lee"].id
    assert got["Zed"].referred_by is None
    assert result.plan.warnings == ["line 4: introduced by 'Nobody Known' left blank (no contact has that name)"]


def test_dry_run_writes_nothing(service, data_dir):
    before = snapshot(data_dir)
    result = service.import_file(FIXTURES / "linkedin_connections.csv", dry_run=True)
    assert len(result.plan.created) == 4
    assert result.summary().startswith("Would add 4 contacts and update 0")
    assert snapshot(data_dir) == before


# --- bad input: a clear message and nothing written ------------------------------------------


def test_a_file_failing_on_its_last_record_imports_nothing(service, data_dir):
    service.add_contact("Already Here")
    before = snapshot(data_dir)
    with pytest.raises(InputError) as e:
        service.import_file(FIXTURES / "bad_last.csv")
    assert str(e.value) == (
        f"{FIXTURES / 'bad_last.csv'}: line 4: email: 'not-an-email' does not look like an "
        "email address (name@example.com). Nothing was imported."
    )
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("x.csv", b'Name,Company\n"Ada,Acme\n', r"line 2: not valid CSV"),
        ("x.csv", b"Name,Company\nAda,Acme,extra\n", r"line 2: 3 fields where the header has 2"),
        ("x.csv", b"Name\n\x81Ada\n", r"line 2: is neither UTF-8 nor Windows-1252 text"),
        ("x.csv", b"Name,Last Contact\nAda,2030-01-01\n", r"line 2: last contact: '2030-01-01' is in the future"),
        ("x.csv", b"", r"x.csv: is empty"),
        ("x.vcf", b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\n", r"card 1 \(line 1\): never closed"),
        ("x.vcf", b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\nhello\n", r"line 5: text outside a card"),
        (
            "x.vcf",
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nnot a property\nEND:VCARD\n",
            r"card 1 \(line 1\): cannot be read",
        ),
        ("x.json", b'{"contacts": []}', r"is JSON but not a nurture export"),
        (
            "x.json",
            b'{"nurture_export": {"version": 1}, "contacts": [{"id": "a"}]}',
            r"contacts\[0\] \(id a\): field 'name' is missing",
        ),
        ("x.json", b'{"nurture_export": {"version": 1},\n "contacts": [}', r"line 2: not valid JSON"),
        ("x.json", b'{"nurture_export": {"version": 9}}', r"version 9"),
    ],
)
def test_malformed_files_name_file_place_and_reason(service, data_dir, tmp_path, name, content, message):
    f = tmp_path / name
    f.write_bytes(content)
    before = snapshot(data_dir)
    with pytest.raises(InputError, match=message) as e:
        service.import_file(f)
    assert str(e.value).startswith(str(f)) and str(e.value).endswith("Nothing was imported.")
    assert snapshot(data_dir) == before


def test_files_over_50_mb_are_refused_before_reading(service, tmp_path):
    f = tmp_path / "huge.csv"
    with open(f, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no 50 MB written to the test machine's disk
    with pytest.raises(InputError, match=r"huge.csv: is 50 MB; nurture imports files up to 50 MB"):
        service.import_file(f)


def test_missing_file(service, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        service.import_file(tmp_path / "nope.csv")


def test_a_disk_failure_midway_through_the_save_puts_every_file_back(service, data_dir, monkeypatch):
    """All or nothing holds for the disk too: the import writes contacts, then the interaction
    shards; when a shard write fails, the contacts file is put back as it was."""
    service.add_contact("Already Here")
    from nurture.store.errors import DataFileError
    from nurture.store.records import DataFile

    before = snapshot(data_dir)
    real_put = DataFile.put

    def failing_put(self, records):
        if "interactions" in str(self.path):
            raise DataFileError(f"could not save {self.path}: the disk is full. Nothing was changed.")
        return real_put(self, records)

    monkeypatch.setattr(DataFile, "put", failing_put)
    with pytest.raises(NurtureError, match="disk is full"):
        service.import_file(FIXTURES / "contacts.csv")
    monkeypatch.undo()
    assert {k: v for k, v in snapshot(data_dir).items() if not k.startswith("backups")} == {
        k: v for k, v in before.items() if not k.startswith("backups")
    }
    assert sorted(people(service)) == ["Already Here"]


def test_progress_is_reported_while_a_big_file_is_read_and_merged(service, tmp_path):
    f = tmp_path / "big.csv"
    f.write_text("Name,Email\n" + "".join(f"Person {n},p{n}@example.com\n" for n in range(1000)))
    seen: list[tuple[int, int, str]] = []
    result = service.import_file(f, progress=lambda done, total, what: seen.append((done, total, what)))
    assert len(result.plan.created) == 1000
    phases = list(dict.fromkeys(what for _, _, what in seen))
    assert phases == ["Reading the file", "Reading records", "Matching with your contacts", "Saving"]
    assert all(done <= total for done, total, _ in seen)
    assert seen[-1][:2] == (1000, 1000)


def test_vcards_with_crlf_line_ends_as_contacts_apps_write_them(service, tmp_path):
    f = tmp_path / "crlf.vcf"
    f.write_bytes((FIXTURES / "google30.vcf").read_bytes().replace(b"\n", b"\r\n"))
    service.import_file(f)
    ann = people(service)["Ann O, Brien"]
    assert (ann.company, ann.role) == ("Foo, Inc.", "Head of Data, Data Platform")
    assert ann.notes.splitlines()[:2] == ["First line", "second line; with semicolon, and comma"]


@pytest.mark.parametrize(
    "name, content",
    [
        (  # nurture's CSV export before contacts held several addresses
            "old.csv",
            '\ufeff"Name","Email","Phone","Notes"\r\n'
            '"Bo Lind","bo@pref.example","+1 555 0101","Met at Config.\nOther email: bo@a.example, Bo@B.example\n'
            'Other phone: +1 555 0102"\r\n',
        ),
        (  # and its vCard export, which wrote them as its importer had put them into the notes
            "old.vcf",
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Lind\r\nEMAIL:bo@pref.example\r\nTEL;VALUE=text:+1 555 0101\r\n"
            "NOTE:Met at Config.\\nOther email: bo@a.example\\, Bo@B.example\\nOther phone: +1 555 0102\r\n"
            "END:VCARD\r\n",
        ),
    ],
)
def test_an_old_exports_noted_addresses_come_back_as_addresses(service, tmp_path, name, content):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    service.import_file(f)
    bo = people(service)["Bo Lind"]
    assert bo.emails == ("bo@pref.example", "bo@a.example", "Bo@B.example")
    assert bo.phones == ("+1 555 0101", "+1 555 0102")
    assert bo.notes == "Met at Config."
