"""vCard in and out: files as Outlook, iCloud, CardDAV servers and simple writers make them, and
nurture's own vCard 4.0 as other programs (vobject) and nurture itself read it back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import vobject

from nurture.domain.errors import InputError
from nurture.exchange.parsed import Parsed
from nurture.exchange.vcard import name_parts, read_vcards
from nurture.services import Nurture
from nurture.store import Repository
from tests.conftest import TODAY, Clock

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exchange"


def people(service) -> dict[str, object]:
    return {c.name: c for c in service.network().contacts.values()}


def read(path: Path, raw: bytes | None = None) -> Parsed:
    """What the reader hands the importer for the file's bytes (what is stored is that, merged)."""
    return read_vcards(path, path.read_bytes() if raw is None else raw, TODAY)


# --- which email and phone are preferred (item 7) and all of them kept -----------------------


def test_outlook_21_bare_pref_decides_the_preferred_email_and_phone(service):
    raw = (FIXTURES / "outlook21.vcf").read_bytes()
    assert b"\r\nEMAIL;INTERNET:amelie" in raw and b"\r\nEMAIL;PREF;INTERNET:amelie" in raw  # PREF on the 2nd
    service.import_file(FIXTURES / "outlook21.vcf")
    amelie, jorg = people(service)["Amélie Lefèvre"], people(service)["Jörg Müller"]
    assert amelie.emails == ("amelie.lefevre@socgen.example", "amelie.lefevre@home.example")
    assert amelie.phones == ("+33 6 12 34 56 78", "+33 1 42 14 20 00")
    assert (jorg.email, jorg.phones) == ("joerg@contoso.example", ("+49 170 5555 0102", "+49 30 5555 0101"))
    assert "Other email" not in amelie.notes and "Other phone" not in amelie.notes


def test_carddav_40_the_lowest_pref_number_wins_and_the_uid_is_read(service):
    records = read(FIXTURES / "carddav40.vcf").records
    assert records[0].uid == "7f3e2a10-5c4b-4d8e-9a61-2b0c9d4e7f21"
    service.import_file(FIXTURES / "carddav40.vcf")
    priya = people(service)["Priya Raman"]
    # PREF=2 on the first EMAIL, PREF=1 on the second, none on the third
    assert priya.emails == ("priya@home.example", "praman@fastly.example", "priya.raman@fastly.example")
    assert priya.phones == ("+1-555-0100", "+1-555-0142")  # TEL;TYPE="work,voice";PREF=1 first, tel: dropped
    assert (priya.company, priya.role, priya.tags) == ("Fastly", "Staff SRE, Platform", ("SRE", "Mentors"))
    assert priya.notes == "Met at SREcon, Dublin.\nAsked about the on-call rotation; follow up"


def test_icloud_type_pref_among_several_emails(service):
    service.import_file(FIXTURES / "icloud_company.vcf")
    ngozi = people(service)["Ngozi Okafor"]
    assert ngozi.emails == ("ngozi@bluebottle.example", "ngozi@home.example")
    assert ngozi.phone == "+1 (415) 555-0199"
    assert ngozi.linkedin == "https://www.linkedin.com/in/ngozi-okafor"


# --- Apple company cards (item 10) -------------------------------------------------------------


def test_apple_company_cards_are_skipped_and_said_so(service):
    result = service.import_file(FIXTURES / "icloud_company.vcf")
    assert sorted(people(service)) == ["Ngozi Okafor"]  # no person called "Blue Bottle Coffee"
    assert result.plan.skipped == ["card 2 (line 15): a company card (X-ABShowAs:COMPANY), not a person"]
    ngozi = people(service)["Ngozi Okafor"]
    assert (ngozi.company, ngozi.role, ngozi.tags) == (
        "Blue Bottle Coffee",
        "Brand Designer, Design",
        ("Mentors", "Design"),
    )


# --- character sets and folds (item 8) ---------------------------------------------------------


def test_outlook_21_quoted_printable_in_windows_1252_and_iso_8859_1(service):
    result = service.import_file(FIXTURES / "outlook21.vcf")
    amelie, jorg = people(service)["Amélie Lefèvre"], people(service)["Jörg Müller"]
    assert (amelie.company, amelie.role, amelie.location) == (
        "Société Générale",
        "Credit Analyst, Risques",
        "Paris, France",
    )
    # "€" is 0x80 in Windows-1252 (a control character in ISO-8859-1); 2.1 does not escape commas
    assert amelie.notes == "Rencontrée à Paris, café à € 3\nParle de l'équipe risques, et du déménagement"
    assert jorg.company == "Contoso GmbH"
    assert result.plan.warnings == [
        "vCard fields nurture has no place for, not imported: LABEL (1), X-MS-OL-DEFAULT-POSTAL-ADDRESS (2), "
        "X-MS-OL-DESIGN (1)"
    ]


def test_a_utf8_character_cut_by_a_fold_is_joined_again(service):
    raw = (FIXTURES / "split_utf8_fold.vcf").read_bytes()
    assert b"FN:Zo\xc3\r\n \xab" in raw and b"FN:\xe6\x9d\r\n \x8e" in raw  # folded inside a character
    with pytest.raises(UnicodeDecodeError):
        raw.decode()
    result = service.import_file(FIXTURES / "split_utf8_fold.vcf")
    zoe, li = people(service)["Zoë Lindqvist"], people(service)["李 雷"]
    assert zoe.company == "Skåne Trä" and li.company == "Tencent"
    assert zoe.notes == (
        "Fika with Zoë after Malmö meetup; she leads the design system at Skåne Trä and asked about 李雷 (Li Lei)."
    )
    assert result.plan.warnings == []  # nothing was read as anything but UTF-8


def test_the_charset_a_line_declares_is_used_for_its_8_bit_text(service, tmp_path):
    f = tmp_path / "x.vcf"
    f.write_bytes(
        b"\r\n".join(
            [
                b"BEGIN:VCARD",
                b"VERSION:2.1",
                b"N;CHARSET=SHIFT_JIS:" + "山田;太郎".encode("shift_jis"),
                b"FN;CHARSET=SHIFT_JIS:" + "山田 太郎".encode("shift_jis"),
                b"ORG;CHARSET=ISO-8859-1:" + "Café Zürich".encode("latin-1"),
                b"TITLE;CHARSET=windows-1252:" + "Director – Europe".encode("cp1252"),
                b"NOTE;CHARSET=UTF-8:" + "naïve".encode(),
                b"END:VCARD",
                b"",
            ]
        )
    )
    result = service.import_file(f)
    taro = people(service)["山田 太郎"]
    assert (taro.company, taro.role, taro.notes) == ("Café Zürich", "Director – Europe", "naïve")
    assert result.plan.warnings == []


def test_a_whole_file_in_windows_1252_reads_and_the_summary_says_so(service, tmp_path):
    f = tmp_path / "Outlook.vcf"
    f.write_bytes(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lefèvre;Amélie\r\nFN:Amélie Lefèvre\r\nNOTE:Prix 5 €\r\nEND:VCARD\r\n".encode(
            "cp1252"
        )
    )
    result = service.import_file(f)
    assert people(service)["Amélie Lefèvre"].notes == "Prix 5 €"
    assert result.plan.warnings == [
        "text that is not UTF-8 was read as Windows-1252 (first in card 1 (line 1)): check accented names"
    ]


def test_a_line_whose_bytes_are_not_its_declared_charset_is_refused_naming_card_and_line(service, tmp_path):
    f = tmp_path / "x.vcf"
    ada = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n"
    f.write_bytes(ada + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN;CHARSET=UTF-8:\xff\r\nEND:VCARD\r\n")
    with pytest.raises(InputError, match=r"card 2 \(line 5\): line 7: the text is not UTF-8, the CHARSET the line"):
        service.import_file(f)
    f.write_bytes(f.read_bytes().replace(b"CHARSET=UTF-8", b"CHARSET=KLINGON"))
    with pytest.raises(InputError, match=r"card 2 \(line 5\): line 7: CHARSET=KLINGON is not a character set"):
        service.import_file(f)
    assert people(service) == {}


def test_a_vcard_in_utf_16_reads(tmp_path):
    raw = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ann\r\nEND:VCARD\r\n".encode("utf-16")
    assert [r.name for r in read(tmp_path / "x.vcf", raw).records] == ["Zoë Ann"]


def test_a_vcard_with_a_nul_byte_is_refused(service, tmp_path):
    f = tmp_path / "x.vcf"
    f.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\x00b\r\nEND:VCARD\r\n")
    with pytest.raises(InputError, match=r"x.vcf: line 3: contains a NUL byte; this is not a text file"):
        service.import_file(f)


def test_values_are_unescaped_by_their_versions_rules(tmp_path):
    card = r"BEGIN:VCARD\r\nVERSION:{v}\r\nFN:Ada\r\nNOTE:Path C:\new\tmp\, then a, b\; c\r\nEND:VCARD\r\n"
    card = card.replace(r"\r\n", "\r\n")
    notes = [read(tmp_path / "x.vcf", card.format(v=v).encode()).records[0].notes for v in ("2.1", "3.0")]
    # 2.1 escapes only ";". 3.0 and 4.0 escape backslash, comma, semicolon and line breaks; a
    # backslash before anything else stays; an unescaped comma does not cut a NOTE short.
    assert notes == [r"Path C:\new\tmp\, then a, b; c", "Path C:\new" + r"\tmp, then a, b; c"]


# --- folded lines: blanks and END:VCARD inside a value --------------------------------------


def fresh_service(tmp_path: Path, name: str) -> Nurture:
    clock = Clock()
    return Nurture(Repository(tmp_path / name, now=clock.now).open(), today=clock.today, now=clock.now)


def round_trip(service, tmp_path: Path) -> tuple[bytes, dict[str, object]]:
    """The vCard export's bytes, and the people that importing it into an empty directory gives."""
    f = tmp_path / "all.vcf"
    f.write_bytes(b"".join(service.export_chunks("vcard")))
    other = fresh_service(tmp_path, "other")
    result = other.import_file(f)
    assert (len(result.plan.created), result.plan.skipped) == (1, [])
    return f.read_bytes(), people(other)


def test_a_run_of_blanks_longer_than_a_line_comes_back(service, tmp_path):
    notes = "Two columns:" + " " * 200 + "here"
    service.add_contact("Ada Lovelace", notes=notes)
    raw, got = round_trip(service, tmp_path)
    assert b"\r\n" + b" " * 75 + b"\r\n" in raw  # a folded line holding nothing but blanks
    assert got["Ada Lovelace"].notes == notes


def test_a_folded_line_reading_end_vcard_does_not_end_the_card(service, tmp_path):
    notes = "x" * 70 + "END:VCARD"  # "NOTE:" and 70 letters fill the first line: the fold comes next
    service.add_contact("Pasted Card", notes=notes, email="pasted@example.com")
    raw, got = round_trip(service, tmp_path)
    assert b"\r\n END:VCARD\r\n" in raw
    assert (got["Pasted Card"].notes, got["Pasted Card"].email) == (notes, "pasted@example.com")


def test_an_indented_end_vcard_leaves_the_card_unclosed(tmp_path):
    raw = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n END:VCARD\r\n"
    with pytest.raises(InputError, match=re.escape("card 1 (line 1): never closed (no END:VCARD)")):
        read(tmp_path / "x.vcf", raw)


def test_a_line_of_blanks_after_the_empty_line_that_ends_a_21_base64_value_is_nothing(tmp_path):
    raw = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lovelace;Ada\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n"
        b"    /9j/4AAQSkZJRgABAQAAAQABAAD\r\n    /2wBDAAgGBgcGBQgHBwcJCQgKDBQN\r\n\r\n   \r\n"
        b"TEL;CELL:+44 20 7946 0001\r\nEND:VCARD\r\n"
    )
    ada = read(tmp_path / "x.vcf", raw).records[0]
    assert (ada.name, ada.phones) == ("Ada Lovelace", ("+44 20 7946 0001",))


# --- tel: URIs (vCard 4.0) ---------------------------------------------------------------------


def test_rfc_6350s_example_tel_uris_read_as_numbers_with_their_extension(service):
    result = service.import_file(FIXTURES / "rfc6350_example.vcf")
    simon = people(service)["Simon Perreault"]
    assert simon.phones == ("+1-418-656-9254 ext. 102", "+1-418-262-6501")
    assert (simon.company, simon.email, simon.location) == (
        "Viagenie",
        "simon.perreault@viagenie.ca",
        "Quebec, QC, Canada",
    )
    assert simon.notes == "Website: http://nomis80.org"
    assert any("GEO" in w for w in result.plan.warnings)


@pytest.mark.parametrize(
    "tel, shown",
    [
        ('TEL;VALUE=uri;TYPE="work,voice";PREF=2:tel:+1-555-555-5555;ext=5555', "+1-555-555-5555 ext. 5555"),
        ("TEL;VALUE=uri:tel:863-1234;phone-context=+1-914-555", "863-1234"),
        ("TEL;VALUE=uri:TEL:+44-20-7946-0000;isub=1411;EXT=22", "+44-20-7946-0000 ext. 22"),
        ("TEL;VALUE=uri:tel:+33%201%2042%2014%2020%2000", "+33 1 42 14 20 00"),
        ("TEL;TYPE=cell:+1 (415) 555-0199;ext=9", "+1 (415) 555-0199;ext=9"),  # text, not a URI: as written
    ],
)
def test_tel_uri_parameters_read_as_text_a_person_reads(tmp_path, tel, shown):
    raw = f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\n{tel}\r\nEND:VCARD\r\n".encode()
    assert read(tmp_path / "x.vcf", raw).records[0].phones == (shown,)


# --- a contacts app's own labels are no tags, in vCard and CSV alike ---------------------------


def test_system_labels_are_dropped_and_a_users_own_other_label_kept_in_vcard_and_csv(service, tmp_path):
    assert b"CATEGORIES:myContacts,starred,Mentors" in (FIXTURES / "google30.vcf").read_bytes()
    assert read(FIXTURES / "google30.vcf").records[0].tags == ("Mentors",)  # Google's vCard: bare labels
    card = tmp_path / "ada.vcf"
    card.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nCATEGORIES:Other,Starred in Android\r\nEND:VCARD\r\n")
    sheet = tmp_path / "google.csv"  # Google Contacts' current layout: its own labels start with "* "
    sheet.write_text(
        "First Name,Last Name,File As,Labels,E-mail 1 - Label,E-mail 1 - Value\n"
        "Grace,Hopper,,Other ::: * myContacts ::: * starred ::: * other,* Work,grace@example.com\n"
    )
    service.import_file(card)
    assert service.import_file(sheet).read_as == "Google Contacts CSV"
    got = people(service)
    assert (got["Ada"].tags, got["Grace Hopper"].tags) == (("Other",), ("Other",))


# --- the UID nurture writes comes back (item 3, reading side) ---------------------------------


def test_an_exported_card_edited_elsewhere_comes_back_to_its_contact(service, tmp_path):
    ada = service.add_contact("Ada Lovelace", company="Engines", email="ada@example.com")
    f = tmp_path / "all.vcf"
    f.write_bytes(b"".join(service.export_chunks("vcard")))
    assert f"UID:urn:uuid:{ada.id}" in f.read_text()
    # renamed, moved company and address changed in another app: only the UID is left to match
    edited = f.read_text().replace("Ada Lovelace", "Ada King").replace("Lovelace;Ada", "King;Ada")
    f.write_text(edited.replace("ORG:Engines", "ORG:Analytical Society").replace("ada@example.com", "ada@king.example"))
    assert read(f).records[0].uid == f"urn:uuid:{ada.id}"
    result = service.import_file(f)
    assert (len(result.plan.created), len(result.plan.updated)) == (0, 1)
    assert list(service.network().contacts) == [ada.id]


# --- writing (item 16) -------------------------------------------------------------------------


@pytest.fixture
def several(service):
    service.add_contact(
        "Dr. Zoë Ann van der Berg-Müller 🌱",
        company="Foo, Inc.; Bar",
        role="Head of Data",
        email="zoe@example.com",
        phone="+44 20 7946 0000",
        linkedin="https://www.linkedin.com/in/zoe",
        location="Dublin, Ireland",
        notes="line one\nline two; with, punctuation\\ and a long line " + "ëü李" * 40,
        tags="mentors,data;science",
    )
    c = next(iter(service.network().contacts.values()))
    service.context.repo.save(
        contacts=[
            c.with_emails(["zoe@example.com", "zoe@home.example"]).with_phones(["+44 20 7946 0000", "+353 1 555 0100"])
        ]
    )
    service.add_contact("李 雷", company="Tencent")
    return service


def test_every_exported_card_reads_back_in_vobject_with_the_same_fields(several):
    raw = b"".join(several.export_chunks("vcard"))
    cards = list(vobject.readComponents(raw.decode()))
    contacts = sorted(several.network().contacts.values(), key=lambda c: c.order_key)
    assert len(cards) == len(contacts) == 2
    for card, c in zip(cards, contacts, strict=True):
        assert card.version.value == "4.0" and card.uid.value == f"urn:uuid:{c.id}"
        assert card.fn.value == c.name
        assert [e.value for e in card.contents.get("email", [])] == list(c.emails)
        assert [t.value for t in card.contents.get("tel", [])] == list(c.phones)
        assert card.org.value == [c.company]
        if c.role:
            assert (card.title.value, card.url.value, card.note.value) == (c.role, c.linkedin, c.notes)
            assert card.adr.value.city == c.location and card.categories.value == list(c.tags)
    zoe = cards[1] if "Zo" in cards[1].fn.value else cards[0]
    assert [e.params.get("PREF") for e in zoe.contents["email"]] == [["1"], None]
    n = zoe.n.value
    assert (n.prefix, n.given, n.additional, n.family) == ("Dr.", "Zoë", "Ann", "van der Berg-Müller")


def test_lines_are_crlf_folded_at_75_octets_between_characters_and_the_same_every_time(several):
    raw = b"".join(several.export_chunks("vcard"))
    assert raw == b"".join(several.export_chunks("vcard"))
    assert raw.count(b"\n") == raw.count(b"\r\n") and raw.endswith(b"END:VCARD\r\n")
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75 and any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode()  # each line holds whole characters
    assert "NOTE:line one\\nline two\\; with\\, punctuation\\\\ and a long line" in raw.decode()
    assert "CATEGORIES:mentors,data\\;science" in raw.decode()  # one tag holds a ";"


@pytest.mark.parametrize(
    "name, parts",
    [
        ("Ada Lovelace", ("Lovelace", "Ada", "", "", "")),
        ("Ada A. Adeyemi", ("Adeyemi", "Ada", "A.", "", "")),
        ("Madonna", ("", "Madonna", "", "", "")),
        ("Jan van der Berg", ("van der Berg", "Jan", "", "", "")),
        ("Dr. Martin Luther King Jr.", ("King", "Martin", "Luther", "Dr.", "Jr.")),
        ("李 雷", ("李", "雷", "", "", "")),
        ("Zoë Müller 🌱", ("Müller", "Zoë", "", "", "")),
    ],
)
def test_full_names_are_split_into_vcard_name_parts(name, parts):
    assert name_parts(name) == parts


def test_a_line_vobject_cannot_parse_names_its_card(tmp_path):
    raw = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Bo\r\nno colon here\r\nEND:VCARD\r\n"
    with pytest.raises(
        InputError, match=re.escape("card 2 (line 5): cannot be read (Failed to parse line: no colon here)")
    ):
        read(tmp_path / "x.vcf", raw)


def test_the_export_comes_in_pieces_that_say_how_far_it_has_got(service, monkeypatch):
    from nurture.exchange import vcard

    for name in ("Ada Lovelace", "Grace Hopper", "Katherine Johnson"):
        service.add_contact(name)
    contacts = sorted(service.network().contacts.values(), key=lambda c: c.order_key)
    monkeypatch.setattr(vcard, "PIECE", 2)
    told: list[int] = []
    pieces = list(vcard.vcard_chunks(contacts, told.append))
    assert [p.count(b"BEGIN:VCARD") for p in pieces] == [2, 1] and told == [2, 3]
    assert b"".join(pieces) == b"".join(service.export_chunks("vcard"))


def test_a_network_moved_by_vcard_keeps_its_ids_and_an_edited_card_comes_back(service, tmp_path):
    """vCard export → an empty directory → vCard export gives the same bytes (the same UIDs, the
    same order among namesakes); a card from the first export, edited in another app, then
    finds its contact in the new directory instead of becoming a second one."""
    service.add_contact("Sam Lee", company="Acme", email="sam@acme.example", phone="+1 555 0100")
    service.add_contact("Sam Lee", company="Globex", tags=("design",), allow_duplicate=True)
    service.add_contact("Zoë Lefèvre", notes="Met at Config.\nPrefers mornings.")
    first = tmp_path / "first.vcf"
    first.write_bytes(b"".join(service.export_chunks("vcard")))
    moved = fresh_service(tmp_path, "moved")
    assert len(moved.import_file(first).plan.created) == 3
    assert b"".join(moved.export_chunks("vcard")) == first.read_bytes()
    edited = tmp_path / "edited.vcf"
    edited.write_bytes(first.read_bytes().replace(b"FN:Zo\xc3\xab Lef\xc3\xa8vre", b"FN:Zo\xc3\xab Martin"))
    result = moved.import_file(edited)
    assert (len(result.plan.created), result.plan.unchanged + len(result.plan.updated)) == (0, 3)
    names = sorted(c.name for c in moved.network().contacts.values())
    assert names == ["Sam Lee", "Sam Lee", "Zoë Lefèvre"]  # a name is filled, never overwritten
