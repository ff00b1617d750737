"""Importing matches a record with a contact only on what names one person: different people
stay apart, the same person is found in every written form, and every record is accounted for."""

from __future__ import annotations

import json
import time
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from nurture.domain.importing import Incoming, _Index, linkedin_key, plan_import, uid_key
from nurture.domain.limits import MAX_EMAILS, MAX_PHONES
from nurture.domain.models import Contact
from nurture.domain.network import Network
from nurture.exchange.parsed import Checker
from nurture.exchange.source import ImportFileError
from tests.conftest import TODAY
from tests.unit.test_cli import cli  # noqa: F401  (the fixture)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exchange"
NOW = datetime(2026, 11, 23, 9, 0)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def people(service) -> list[Contact]:
    return sorted(service.network().contacts.values(), key=lambda c: (c.name, c.role))


def plan(contacts: list[Contact], *records: Incoming):
    return plan_import(Network.of(contacts), records, today=TODAY, now=NOW, source="test")


def person(name: str, **fields) -> Contact:
    return Contact(id=fields.pop("id", f"id-{name}-{len(fields)}"), name=name, **fields)


# --- 1. different people are never merged ---------------------------------------------------


def test_namesakes_with_different_linkedin_profiles_stay_different_people(service):
    result = service.import_file(FIXTURES / "linkedin_namesakes.csv")
    got = [(c.name, c.company, c.role, c.linkedin.rsplit("/", 1)[-1]) for c in people(service)]
    assert got == [
        ("José García", "Telefónica", "Data Scientist", "jos%C3%A9-garc%C3%ADa"),
        ("Mohammed Ali", "", "", "mohammed-ali-1234"),
        ("Mohammed Ali", "", "", "mohammedali"),
        ("Wei Zhang", "Huawei", "Product Director", "weizhang-huawei"),
        ("Wei Zhang", "Huawei", "Software Engineer", "wei-zhang-8a1b2c"),
    ]
    assert result.summary() == "Added 5 contacts, updated 0; 0 already up to date. 5 records read."
    again = service.import_file(FIXTURES / "linkedin_namesakes.csv")
    assert again.summary() == "Added 0 contacts, updated 0; 5 already up to date. 5 records read."


def test_a_big_file_of_common_names_keeps_every_row(service, tmp_path):
    """The 20,000-row file that lost three quarters of its rows: every person has a name many
    others share, and each their own profile."""
    names = ["Wei Zhang", "Mohammed Ali", "Maria Garcia", "Nguyen Van An", "Priya Sharma"]
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for n in range(2000):
        first, last = names[n % len(names)].split(" ", 1)
        company = "Huawei" if n % 3 else ""
        lines.append(f"{first},{last},https://www.linkedin.com/in/p-{n},,{company},Role {n},01 Jan 2024")
    f = tmp_path / "Connections.csv"
    f.write_text("\n".join(lines) + "\n")
    result = service.import_file(f)
    assert (len(result.plan.created), result.plan.merged) == (2000, [])
    assert len({c.role for c in people(service)}) == 2000  # no role written onto a namesake


def test_twenty_thousand_namesakes_are_matched_without_comparing_each_with_all():
    """One name shared by every record: matching stays a few look-ups per record. It takes
    about half a second here; a pass over the namesakes for each record (200 million
    comparisons) takes ten seconds even when each comparison is one bit test."""
    records = [Incoming(f"line {n}", "Wei Zhang", linkedin=f"linkedin.com/in/wz-{n}") for n in range(20_000)]
    records += [Incoming("line 20000", "Wei Zhang", role="Chef")]  # nothing tells which: a new contact
    started = time.perf_counter()
    p = plan([], *records)
    assert time.perf_counter() - started < 5
    assert len(p.created) == 20_001 and p.read == 20_001
    assert p.warnings == [
        "line 20000: 'Wei Zhang' added as a new contact: 20,000 contacts have that name and no company,"
        " and nothing tells which one it would be"
    ]


def test_strong_identifiers_decide_and_a_conflict_keeps_namesakes_apart():
    ann_mail = person("Ann Lee", id="a", email="ann@acme.example", company="Acme")
    ann_url = person("Ann Lee", id="b", linkedin="https://www.linkedin.com/in/ann-b")
    index = _Index([ann_mail, ann_url])
    # a shared identifier wins whatever the name says
    assert index.match(Incoming("line 2", "A. Lee", emails=("ANN@acme.example",))) == "a"
    assert index.match(Incoming("line 3", "Annie", linkedin="linkedin.com/in/ann-b/")) == "b"
    # both have email addresses and share none: two people
    assert index.match(Incoming("line 4", "Ann Lee", company="Acme", emails=("ann@home.example",))) is None
    # the record has no email: nothing conflicts, and one Ann Lee at Acme is kept
    assert index.match(Incoming("line 5", "ann lee", company="ACME")) == "a"
    # a LinkedIn profile conflicts only with a namesake that has another one
    assert index.match(Incoming("line 6", "Ann Lee", linkedin="linkedin.com/in/ann-c")) is None
    assert index.match(Incoming("line 7", "Ann Lee", emails=("x@y.example",))) == "b"
    # a foreign UID conflicts with nobody already kept
    assert index.match(Incoming("line 8", "Ann Lee", uid="ABC-123")) == "b"


def test_a_filled_contact_is_held_to_what_it_gained_and_two_namesakes_are_never_guessed():
    p = plan(
        [],
        Incoming("line 2", "Ann Lee"),
        Incoming("line 3", "Ann Lee", linkedin="https://www.linkedin.com/in/ann-1", role="CTO"),  # fills line 2
        Incoming("line 4", "Ann Lee", linkedin="https://www.linkedin.com/in/ann-2", role="Intern"),  # someone else
        Incoming("line 5", "Ann Lee", role="Chef"),  # two Ann Lees: which one?
    )
    assert sorted((c.role, c.linkedin[-5:]) for c in p.created) == [
        ("CTO", "ann-1"),
        ("Chef", ""),
        ("Intern", "ann-2"),
    ]
    assert p.merged == ["line 3 (Ann Lee) merged into line 2: same name"]
    assert p.warnings[0].startswith("line 5: 'Ann Lee' added as a new contact: 2 contacts have that name")


def test_records_with_different_uids_in_one_file_are_different_people():
    p = plan(
        [],
        Incoming("card 1 (line 1)", "Sam Park", uid="uid-1"),
        Incoming("card 2 (line 9)", "Sam Park", uid="uid-2", role="Designer"),
        Incoming("card 3 (line 17)", "Samuel Park", uid="uid-1", emails=("sam@park.example",)),
    )
    assert sorted((c.name, c.role, c.email) for c in p.created) == [
        ("Sam Park", "", "sam@park.example"),
        ("Sam Park", "Designer", ""),
    ]
    assert p.merged == ["card 3 (line 17) (Samuel Park) merged into card 1 (line 1): same UID"]


# --- 2. tags, emails and phones are joined, never replaced ----------------------------------


def test_tags_from_a_later_import_are_added_to_those_kept(service):
    service.import_file(FIXTURES / "linkedin_connections.csv")
    result = service.import_file(FIXTURES / "icloud_categories.vcf")
    assert result.summary().startswith("Added 0 contacts, updated 1; 0 already up to date.")
    ada = next(c for c in people(service) if c.name == "Ada Lovelace")
    assert ada.tags == ("linkedin", "Mentors", "Design")
    assert (ada.email, ada.phone) == ("ada@example.com", "+44 20 7946 0000")
    again = service.import_file(FIXTURES / "linkedin_connections.csv")  # tags are a set: nothing removed
    assert next(c for c in people(service) if c.name == "Ada Lovelace").tags == ("linkedin", "Mentors", "Design")
    assert (len(again.plan.updated), len(again.plan.created)) == (0, 0)


def test_emails_and_phones_missing_from_a_contact_are_added_after_its_own():
    kept = person("Ada Lovelace", id="ada", email="ada@work.example", phone="+44 20 1234", tags=("Mentors",))
    p = plan(
        [kept],
        Incoming(
            "line 2",
            "Ada Lovelace",
            emails=("ada@home.example", "ADA@work.example"),
            phones=("+44 (20) 1234", "07700 900123"),
            tags=("mentors", "Design"),
        ),
    )
    ada = p.updated[0]
    assert ada.emails == ("ada@work.example", "ada@home.example")  # the preferred one stays first
    assert ada.phones == ("+44 20 1234", "07700 900123")  # the same number written otherwise is not added
    assert ada.tags == ("Mentors", "Design")


# --- 3. nurture's own vCard UID ---------------------------------------------------------------


@pytest.mark.parametrize(
    "uid",
    [
        "urn:uuid:6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b",
        "URN:UUID:6F1C2A9E-3B4D-4E5F-8A7B-9C0D1E2F3A4B",
        "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b",
    ],
)
def test_a_card_nurture_exported_comes_back_to_its_contact_whatever_was_edited(uid):
    kept = person("Ada Lovelace", id="6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b", email="ada@example.com")
    namesake = person("Ada King", id="other", email="ada@king.example")
    edited = Incoming("card 1 (line 1)", "Ada King", emails=("ada@king.example",), role="Countess", uid=uid)
    p = plan([kept, namesake], edited)
    assert [c.id for c in p.updated] == [kept.id]  # the UID comes before the email
    assert p.updated[0].emails == ("ada@example.com", "ada@king.example")
    assert p.created == []


def test_uid_key():
    assert uid_key(" urn:uuid:ABC ") == uid_key("urn:uuid:abc") == "abc"
    assert uid_key("A1B2C3D4-0000-4000-8000-00000000000F") == "a1b2c3d4-0000-4000-8000-00000000000f"
    assert uid_key("Google-Contact-XyZ") == "Google-Contact-XyZ"  # any other UID as given


# --- 4. Unicode: one person in either form ----------------------------------------------------


def test_a_name_and_company_in_nfd_match_the_contact_kept_in_nfc(service, tmp_path):
    kept = service.add_contact("José Núñez", company="Señor SA")
    f = tmp_path / "mac.csv"
    f.write_text(nfd("Name,Company,Email,Tags\nJosé Núñez,Señor SA,jose@senor.example,Café\n"))
    result = service.import_file(f)
    assert (len(result.plan.created), len(result.plan.updated)) == (0, 1)
    jose = service.network().contacts[kept.id]
    assert (jose.email, jose.tags) == ("jose@senor.example", ("Café",))
    assert unicodedata.is_normalized("NFC", jose.tags[0])


def test_names_match_ignoring_case_and_accents():
    kept = person("Zoë Müller", id="zoe", company="Zürich AG")
    assert _Index([kept]).match(Incoming("line 2", "ZOE MULLER", company="zurich ag")) == "zoe"
    assert _Index([kept]).match(Incoming("line 2", nfd("Zoë  Müller"), company=nfd("Zürich AG"))) == "zoe"


def test_every_text_of_a_record_is_read_composed(tmp_path):
    check = Checker(tmp_path / "x.csv", TODAY)
    r = check.incoming(
        "line 2",
        nfd("José"),
        company=nfd("Señor"),
        role=nfd("Diseñador"),
        location=nfd("Málaga"),
        emails=[nfd("josé@example.com")],
        phones=[nfd("+34 ñ 1")],
        linkedin=nfd("https://www.linkedin.com/in/josé"),
        tags=nfd("Café;Niño"),
        how_met=nfd("Açaí"),
        notes=nfd("Día"),
        referred_by=nfd("Íñigo"),
        uid=nfd("ü-1"),
    )
    texts = [r.name, r.company, r.role, r.location, *r.emails, *r.phones, r.linkedin, *r.tags, r.how_met, r.notes]
    texts += [r.referred_by, r.uid]
    assert all(unicodedata.is_normalized("NFC", t) and not t.isascii() for t in texts)


def test_nurture_add_with_nfd_text_stores_it_composed(cli):  # noqa: F811
    args = ["--company", "--role", "--industry", "--location", "--email", "--phone", "--linkedin", "--tags"]
    args += ["--how-met", "--notes"]
    values = ["Señor SA", "Diseñador", "Café", "Málaga", "josé@example.com", "+34 ñ", "linkedin.com/in/josé"]
    values += ["Niño", "Açaí", "Día"]
    cli.ok("add", nfd("José Núñez"), *[x for pair in zip(args, map(nfd, values), strict=True) for x in pair])
    [stored] = json.loads(cli.ok("list", "--json"))
    texts = [stored[k] for k in ("name", "company", "role", "industry", "location", "email", "phone", "linkedin")]
    texts += [*stored["tags"], stored["how_met"], stored["notes"]]
    assert texts == ["José Núñez", *values[:6], "https://linkedin.com/in/josé", "Niño", "Açaí", "Día"]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


# --- a bad further email is left out, not the file --------------------------------------------


def test_a_malformed_further_email_is_left_out_with_a_warning_naming_the_record(tmp_path):
    check = Checker(tmp_path / "big.vcf", TODAY)
    r = check.incoming("card 7 (line 60)", "Ada", emails=["ada@example.com", "ada@", "", "ADA@example.com"])
    assert r.emails == ("ada@example.com",)
    p = plan([], r)
    assert p.warnings == [
        "card 7 (line 60): another email address left out: 'ada@' does not look like an email address"
        " (name@example.com)"
    ]
    assert check.incoming("line 2", "Bo", email="bo@example.com", emails=["b@x.example"]).emails == (
        "bo@example.com",
        "b@x.example",
    )
    with pytest.raises(ImportFileError, match=r"big.vcf: line 3: email: 'bo@' does not look like an email"):
        check.incoming("line 3", "Bo", emails=["bo@", "bo@example.com"])


# --- 11. one LinkedIn profile in every written form -------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa",
        "https://www.linkedin.com/in/josé-garcía/",
        "http://es.linkedin.com/in/JOS%C3%89-GARC%C3%8DA?trk=people-guest",
        "https://m.linkedin.com/in/jose\u0301-garci\u0301a#about",
        "mobile.linkedin.com/in/jos%c3%a9-garc%c3%ada//",
        "linkedin.com/in/josé-garcía",
    ],
)
def test_linkedin_key_is_one_for_every_form_of_a_profile(url):
    assert linkedin_key(url) == "linkedin.com/in/josé-garcía"


def test_a_written_out_profile_url_matches_the_percent_encoded_one(service, tmp_path):
    service.import_file(FIXTURES / "linkedin_namesakes.csv")
    f = tmp_path / "people.csv"
    f.write_text("Name,LinkedIn,Email\nJose Garcia,https://linkedin.com/in/josé-garcía,jose@tel.example\n")
    result = service.import_file(f)
    assert (len(result.plan.created), len(result.plan.updated)) == (0, 1)
    jose = next(c for c in people(service) if c.email)
    assert (jose.name, jose.email) == ("José García", "jose@tel.example")


# --- the summary accounts for every record ----------------------------------------------------


def test_the_summary_accounts_for_every_record_read(service):
    service.add_contact("Bo Lind", company="Nordic AB")
    service.add_contact("Dana Scully", company="FBI", email="dana@fbi.example")
    result = service.import_file(FIXTURES / "accounting.csv")
    p = result.plan
    assert p.skipped == ["line 4: no name"]
    assert p.merged == [
        "line 5 (Ann Lee) merged into line 2: same email address",
        "line 8 (C. Twombly) merged into line 6: same LinkedIn profile",
        "line 9 (Bo Lind) merged into line 3: same name and company",
    ]
    assert (len(p.created), len(p.updated), p.unchanged, len(p.merged), len(p.skipped)) == (2, 1, 1, 3, 1)
    assert len(p.created) + len(p.updated) + p.unchanged + len(p.merged) + len(p.skipped) == p.read == 8
    assert result.summary() == (
        "Added 2 contacts, updated 1; 1 already up to date, 3 merged into an earlier record of the file,"
        " 1 skipped. 8 records read."
    )
    ann = next(c for c in people(service) if c.name == "Ann Lee")
    assert (ann.company, ann.role) == ("Acme", "Engineer")  # the merged row wrote nothing over it


def test_the_shell_lists_the_merged_records(cli):  # noqa: F811
    out = cli.ok("import", str(FIXTURES / "accounting.csv"), "--dry-run")
    assert "Would add 4 contacts and update 0; 0 already up to date, 3 merged" in out
    assert "  line 5 (Ann Lee) merged into line 2: same email address\n" in out
    assert "  line 9 (Bo Lind) merged into line 3: same name and company\n" in out
    assert "  skipped line 4: no name\n" in out


# --- re-importing a file adds nothing ------------------------------------------------------

#: Every fixture nurture imports as it is (bad_last.csv is refused, linkedin_ambiguous.csv needs
#: --date-order, archive.md.gz is an export).
IMPORTABLE = sorted(
    p.name
    for p in FIXTURES.iterdir()
    if p.suffix in (".csv", ".vcf") and p.name not in ("bad_last.csv", "linkedin_ambiguous.csv")
)


@pytest.mark.parametrize("name", IMPORTABLE)
def test_importing_a_file_a_second_time_adds_and_changes_nothing(service, name):
    first = service.import_file(FIXTURES / name)
    assert first.plan.created
    kept = people(service)
    again = service.import_file(FIXTURES / name)
    assert (again.plan.created, again.plan.updated) == ([], []), again.summary()
    assert people(service) == kept


def test_a_name_only_row_is_the_namesake_that_holds_all_it_says(service):
    result = service.import_file(FIXTURES / "namesakes_name_only.csv")
    assert [(c.role, c.email) for c in people(service)] == [
        ("Nurse", "maria@clinic.example"),
        ("Teacher", "maria.g@school.example"),
    ]
    assert result.plan.merged == ["line 4 (Maria Garcia) merged into line 2: same name, nothing new"]


def test_three_cards_of_namesakes_imported_again_are_found_by_email_and_phone(service):
    """Two Mohammed Alis with different emails, and a card with a phone only: the third is
    added beside them (nothing tells which it would be), and found again by its phone."""
    path = FIXTURES / "android21_namesakes.vcf"
    assert len(service.import_file(path).plan.created) == 3
    again = service.import_file(path)
    assert again.summary() == "Added 0 contacts, updated 0; 3 already up to date. 3 records read."
    assert sorted(c.emails + c.phones for c in people(service)) == [
        ("+44 7700 900123",),
        ("m.ali@home.example",),
        ("mohammed.ali@work.example",),
    ]


def test_a_shared_office_line_does_not_make_colleagues_one_person(service, tmp_path):
    """Outlook rows with the switchboard number and no email: a phone only finds a person
    whose name agrees with the record's."""
    f = tmp_path / "office.csv"
    f.write_text("Name,Company,Phone\nAnn Lee,Acme,+1 555 0100\nBo Chan,Acme,+1 555 0100\nA. Lee,,+1 555 0100\n")
    result = service.import_file(f)
    assert sorted(c.name for c in people(service)) == ["Ann Lee", "Bo Chan"]
    assert result.plan.merged == ["line 4 (A. Lee) merged into line 2: same phone number"]


def test_a_phone_finds_a_contact_in_any_written_form_but_never_conflicts():
    ann = person("Ann Lee", id="a", phone="+1 (555) 010-0199", email="ann@acme.example")
    bo = person("Bo Lind", id="b", phone="+1 555 0100", linkedin="https://www.linkedin.com/in/bo")
    index = _Index([ann, bo])
    assert index.find(Incoming("line 2", "A. Lee", phones=("+15550100199",))) == ("a", "same phone number", 0)
    # a shared office line does not make two people with different emails one
    assert index.match(Incoming("line 3", "Cy Moss", emails=("cy@acme.example",), phones=("+1 555 010 0199",))) is None
    assert index.match(Incoming("line 4", "Bo L.", linkedin="linkedin.com/in/bo-2", phones=("+1 555 0100",))) is None
    # and two namesakes with different phones are not in conflict: one holds what the record does
    assert index.match(Incoming("line 5", "Ann Lee", phones=("+44 20 7946 0000",))) == "a"


def test_a_name_only_record_that_a_namesake_already_holds_is_not_added_again():
    wei_1 = person("Wei Zhang", id="w1", company="Huawei", role="Engineer", linkedin="https://linkedin.com/in/w1")
    wei_2 = person("Wei Zhang", id="w2", company="Huawei", role="Director", tags=("mentor",))
    p = plan(
        [wei_1, wei_2],
        Incoming("line 2", "Wei Zhang", company="Huawei", role="Director", tags=("MENTOR",)),
        Incoming("line 3", "Wei Zhang", company="Huawei", role="Chef"),  # held by neither
    )
    assert (p.unchanged, [c.role for c in p.created], p.updated) == (1, ["Chef"], [])
    assert p.warnings[0].startswith("line 3: 'Wei Zhang' added as a new contact: 2 contacts have that name")


# --- a contact holds at most MAX_EMAILS emails and MAX_PHONES phones -----------------------


def test_a_record_with_too_many_addresses_keeps_the_first_ones_with_a_warning(service, tmp_path):
    rows = ["Name,Email,LinkedIn"] + [f"Ann Lee,ann{i}@x.example,https://linkedin.com/in/annlee" for i in range(25)]
    (tmp_path / "many.csv").write_text("\n".join(rows) + "\n")
    result = service.import_file(tmp_path / "many.csv")
    (ann,) = people(service)
    assert ann.emails == tuple(f"ann{i}@x.example" for i in range(MAX_EMAILS))
    assert "line 22 (Ann Lee): 1 email left out: a contact holds at most 20 emails" in result.plan.warnings
    # its own export is read back
    service.export_to("json", tmp_path / "out.json")
    assert service.import_file(tmp_path / "out.json", dry_run=True).plan.unchanged == 1


def test_one_card_with_more_than_the_limit_keeps_the_first_and_says_so(tmp_path):
    check = Checker(tmp_path / "big.vcf", TODAY)
    r = check.incoming(
        "card 1 (line 1)",
        "Ann Lee",
        emails=[f"a{n}@x.example" for n in range(MAX_EMAILS + 3)],
        phones=[f"+1 555 {n:04}" for n in range(MAX_PHONES + 1)],
    )
    assert r.emails == tuple(f"a{n}@x.example" for n in range(MAX_EMAILS)) and len(r.phones) == MAX_PHONES
    assert r.notices == (
        "card 1 (line 1): 3 emails left out: a contact holds at most 20 emails",
        "card 1 (line 1): 1 phone left out: a contact holds at most 20 phones",
    )


def test_filling_a_contact_near_the_limit_keeps_its_own_first():
    full = person("Ann Lee", id="a", email="own@x.example", other_emails=tuple(f"o{n}@x.example" for n in range(18)))
    p = plan([full], Incoming("line 2", "Ann Lee", emails=("own@x.example", "new1@x.example", "new2@x.example")))
    (ann,) = p.updated
    assert ann.emails == (*full.emails, "new1@x.example")
    assert p.warnings == ["line 2 (Ann Lee): 1 email left out: a contact holds at most 20 emails"]
