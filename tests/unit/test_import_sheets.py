"""Spreadsheet exports as their producers write them: Outlook (desktop and outlook.com), Google
Contacts (current and legacy layouts), LinkedIn re-saved by Excel, nurture's own CSV; their
encodings (Windows-1252, UTF-16), separators (comma, semicolon, tab) and slashed dates."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from nurture.domain.dates import DMY, MDY
from nurture.domain.errors import InputError
from nurture.exchange.sheet import HEADER
from nurture.exchange.source import WINDOWS_1252, decode_sheet
from nurture.exchange.tabular import read_sheet
from tests.unit.test_cli import snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exchange"


def people(service) -> dict[str, object]:
    return {c.name: c for c in service.network().contacts.values()}


def rows(name: str, *, linkedin: bool = False) -> dict[str, dict]:
    """The raw values each row of a fixture is read as, by name: the lists of emails and phones
    before any merging."""
    path = FIXTURES / name
    text, _ = decode_sheet(path, path.read_bytes())
    return {v["name"]: v for _, v in read_sheet(path, text, linkedin=linkedin).rows if v["name"]}


# --- Outlook ---------------------------------------------------------------------------------


def test_the_outlook_desktop_fixture_is_what_outlook_writes():
    raw = (FIXTURES / "outlook_desktop.csv").read_bytes()
    header = raw.split(b"\r\n", 1)[0]
    assert header.count(b'","') == 91 and header.startswith(b'"Title","First Name"')  # 92 quoted columns
    assert b"Jos\xe9 Garc\xeda" in raw  # Windows-1252, not UTF-8
    assert raw.count(b"\r\n") >= 5


def test_outlook_desktop_csv(service):
    result = service.import_file(FIXTURES / "outlook_desktop.csv")
    assert result.format == "csv" and result.read_as == "Outlook CSV"
    # of 92 columns, the one holding data nurture has no place for is named; the empty ones and
    # Outlook's own fillers (Gender Unspecified, Priority Normal, Birthday 0/0/00) are not
    assert result.plan.warnings == [
        WINDOWS_1252,
        "columns nurture has no field for, not imported: Birthday",
        "Outlook-internal addresses (/o=…, not email addresses) left out: line 5",
    ]
    assert result.plan.skipped == ["line 6: no name"]  # a card with only a company
    got = people(service)
    assert sorted(got) == ["José García", "Sam Okafor", "Zoë Lefèvre"]  # "Dr." and "Mme" are no part of the name
    jose = got["José García"]
    assert (jose.company, jose.role, jose.location) == ("Acme Robotics", "Staff Designer, Research", "Sevilla, España")
    assert (jose.email, jose.phone) == ("jose.garcia@acme.example", "+34 600 111 222")  # mobile before business
    assert jose.tags == ("Mentors", "Design")
    assert jose.linkedin == "https://www.linkedin.com/in/jose-garcia"
    assert jose.notes.startswith("Met at Config 2024.\nPrefers mornings.")
    zoe = got["Zoë Lefèvre"]
    assert (zoe.role, zoe.phone) == ("Founder", "+33 1 23 45 67 89")  # primary before home
    assert zoe.linkedin == "" and "Website: https://ateliernord.example" in zoe.notes
    assert zoe.referred_by == jose.id  # Outlook's "Referred By"
    sam = got["Sam Okafor"]
    assert (sam.role, sam.email) == ("Platform", "sam.okafor@acme.example")


def test_outlook_desktop_rows_keep_every_email_and_phone_preferred_first():
    read = rows("outlook_desktop.csv")
    assert read["José García"]["emails"] == ["jose.garcia@acme.example", "jose@casa.example"]
    assert read["José García"]["phones"] == ["+34 600 111 222", "+34 954 000 111"]
    assert read["Zoë Lefèvre"]["phones"] == ["+33 1 23 45 67 89", "+33 6 11 22 33 44"]
    assert read["Sam Okafor"]["emails"] == ["sam.okafor@acme.example"]


def test_outlook_com_csv(service):
    raw = (FIXTURES / "outlook_com.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfFirst Name,Middle Name,Last Name,Title,")
    result = service.import_file(FIXTURES / "outlook_com.csv")
    assert result.read_as == "Outlook CSV"
    assert result.plan.warnings == ["columns nurture has no field for, not imported: Nickname"]  # UTF-8: no note
    ana = people(service)["Ana Souza"]
    assert (ana.company, ana.role) == ("Pleo", "Engineering Manager, Payments")
    assert (ana.email, ana.phone) == ("ana.souza@example.com", "+55 11 98888 7777")
    assert ana.linkedin == "https://www.linkedin.com/in/ana-souza/"
    assert "Website: https://anasouza.example" in ana.notes
    assert ana.location == "São Paulo, Brazil"
    read = rows("outlook_com.csv")["Ana Souza"]
    assert read["emails"] == ["ana.souza@example.com", "ana@pleo.example"]
    assert read["phones"] == ["+55 11 98888 7777", "+55 11 2222 1111", "+55 11 3333 4444"]


#: Google Contacts' "Outlook CSV" export: Outlook's columns in Google's order, Categories holding
#: Google's labels (myContacts and starred among them), Home Country without "/Region".
GOOGLE_AS_OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Suffix,Initials,Web Page,Gender,Birthday,Anniversary,Location,"
    "Language,Internet Free Busy,Notes,E-mail Address,E-mail 2 Address,E-mail 3 Address,Primary Phone,Home Phone,"
    "Home Phone 2,Mobile Phone,Pager,Home Fax,Home Address,Home Street,Home Street 2,Home Street 3,"
    "Home Address PO Box,Home City,Home State,Home Postal Code,Home Country,Spouse,Children,Manager's Name,"
    "Assistant's Name,Referred By,Company Main Phone,Business Phone,Business Phone 2,Business Fax,"
    "Assistant's Phone,Company,Job Title,Department,Office Location,Organizational ID Number,Profession,Account,"
    "Business Address,Business Street,Business Street 2,Business Street 3,Business Address PO Box,Business City,"
    "Business State,Business Postal Code,Business Country,Other Phone,Other Fax,Other Address,Other Street,"
    "Other Street 2,Other Street 3,Other Address PO Box,Other City,Other State,Other Postal Code,Other Country,"
    "Callback,Car Phone,ISDN,Radio Phone,TTY/TDD Phone,Telex,Categories"
)


def test_google_contacts_outlook_format_drops_googles_own_categories(service, tmp_path):
    header = GOOGLE_AS_OUTLOOK.split(",")
    row = dict.fromkeys(header, "")
    row.update(
        {
            "First Name": "Jane",
            "Last Name": "Doe",
            "Mobile Phone": "+47 416 44 000",
            "Home Address": "Industrigata 50B\nOslo, 0357\nNorway",
            "Home Street": "Industrigata 50B",
            "Home City": "Oslo",
            "Home Postal Code": "0357",
            "Home Country": "Norway",
            "Categories": "Climbing;myContacts;starred",
        }
    )
    f = tmp_path / "contacts.csv"
    with f.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerow([row[h] for h in header])
    result = service.import_file(f)
    assert (result.read_as, result.plan.warnings) == ("Outlook CSV", [])
    jane = people(service)["Jane Doe"]
    assert (jane.tags, jane.location, jane.phone) == (("Climbing",), "Oslo, Norway", "+47 416 44 000")


# --- Google Contacts -------------------------------------------------------------------------


def test_google_contacts_csv_current_layout(service):
    result = service.import_file(FIXTURES / "google_contacts.csv")
    assert result.read_as == "Google Contacts CSV"
    assert result.plan.warnings == ["columns nurture has no field for, not imported: Birthday"]
    assert result.plan.skipped == ["line 6: no name"]
    got = people(service)
    priya = got["Priya Nair"]  # "Dr." is the name prefix, not the name
    assert (priya.company, priya.role) == ("Figma", "Design Lead, Research")
    # "* Work" marks the primary email and phone
    assert (priya.email, priya.phone) == ("priya@figma.example", "+44 20 7946 0000")
    assert priya.tags == ("Mentors",)  # not * myContacts, not * starred
    assert priya.linkedin == "https://www.linkedin.com/in/priya-nair"
    assert priya.location == "London, United Kingdom"
    assert "Website: https://priya.example" in priya.notes
    assert got["Tom Becker"].tags == ()
    read = rows("google_contacts.csv")
    assert read["Priya Nair"]["emails"] == ["priya@figma.example", "p.nair@figma.example", "priya.home@example.com"]
    assert read["Priya Nair"]["phones"] == ["+44 20 7946 0000", "+44 7700 900123"]
    assert read["Tom Becker"]["phones"] == ["+49 30 1234567", "+49 170 7654321"]  # two in one cell, ":::"


def test_google_contacts_csv_legacy_layout_in_utf16(service):
    raw = (FIXTURES / "google_legacy.csv").read_bytes()
    assert raw.startswith(b"\xff\xfeN\x00a\x00m\x00e\x00")  # Google's old "Google CSV": UTF-16 with a BOM
    result = service.import_file(FIXTURES / "google_legacy.csv")
    assert result.read_as == "Google Contacts CSV (legacy layout)"
    assert result.plan.warnings == []
    got = people(service)
    lena = got["Lena Fischer"]
    assert (lena.company, lena.role, lena.location) == ("Studio Hafen", "Art Director", "Hamburg, Germany")
    assert (lena.email, lena.phone) == ("lena@studio.example", "+49 151 2345678")
    assert lena.tags == ("Friends", "Design Circle")  # "* My Contacts" dropped, "* " taken off
    assert lena.linkedin == "http://de.linkedin.com/in/lenafischer"
    omar = got["Omar Haddad"]
    assert (omar.role, omar.tags) == ("Growth", ())  # "* Starred" is no tag
    assert rows("google_legacy.csv")["Lena Fischer"]["emails"] == [
        "lena@studio.example",
        "lena.f@example.de",
        "lena@old.example",
    ]


def test_a_spreadsheet_that_only_looks_like_a_producers_export_is_read_by_column_names(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text(
        "First Name,Last Name,Email,Job Title,Mobile Phone,Labels\n"
        "Ada,Lovelace,ada@example.com,Programmer,+44 20 7946 0001,math; engines\n"
    )
    result = service.import_file(f)
    assert result.read_as == "CSV"
    assert result.plan.warnings == []
    ada = people(service)["Ada Lovelace"]
    assert (ada.email, ada.phone, ada.role) == ("ada@example.com", "+44 20 7946 0001", "Programmer")
    assert ada.tags == ("math", "engines")


# --- LinkedIn re-saved by Excel, and slashed dates -------------------------------------------


def test_linkedin_resaved_by_excel_in_europe_semicolons_windows_1252_day_first(service):
    raw = (FIXTURES / "linkedin_excel_dmy.csv").read_bytes()
    assert b"First Name;Last Name;URL" in raw and b"Zo\xeb" in raw and b"05/03/2024" in raw
    result = service.import_file(FIXTURES / "linkedin_excel_dmy.csv")
    assert result.format == "linkedin"
    assert result.plan.warnings == [WINDOWS_1252, "Connected On read day first, as 15/03/2024 on line 6 shows"]
    got = people(service)
    zoe = got["Zoë Müller"]
    assert zoe.how_met == "LinkedIn connection since 05 Mar 2024"  # never 3 May
    assert (zoe.company, zoe.email, zoe.tags) == ("Acme, Inc.", "zoe@example.com", ("linkedin",))
    assert got["José Núñez"].role == "Engineering Manager, Payments"


def test_linkedin_resaved_by_excel_on_a_german_locale_dotted_dates_are_day_first(service):
    raw = (FIXTURES / "linkedin_excel_dotted.csv").read_bytes()
    assert b"First Name;Last Name;URL" in raw and b"J\xf6rg" in raw and b";05.03.2024\r\n" in raw
    result = service.import_file(FIXTURES / "linkedin_excel_dotted.csv")
    assert result.format == "linkedin"
    assert result.plan.warnings == [WINDOWS_1252]  # a dotted date is day first: nothing to decide
    got = people(service)
    assert got["Jörg Weiß"].how_met == "LinkedIn connection since 05 Mar 2024"
    assert got["Ada Lovelace"].how_met == "LinkedIn connection since 15 Mar 2024"
    assert got["Åsa Lindqvist"].how_met == "LinkedIn connection since 01 Feb 2025"  # d.m.yy


def test_dotted_dates_tell_nothing_about_the_slashed_ones_in_their_column(service, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text(
        "First Name,Last Name,Connected On\nAda,Lovelace,15.03.2024\nGrace,Hopper,05/03/2024\nAlan,Turing,03.05.2024\n"
    )
    with pytest.raises(InputError, match=r"Connected On: every date reads both .* \(05/03/2024 on line 3 is"):
        service.import_file(f)
    result = service.import_file(f, date_order=MDY)
    assert result.plan.warnings == []
    got = people(service)
    assert got["Grace Hopper"].how_met == "LinkedIn connection since 03 May 2024"  # as chosen
    assert got["Alan Turing"].how_met == "LinkedIn connection since 03 May 2024"  # dotted: day first always


def test_an_unreadable_connected_on_is_refused_saying_which_forms_are_read(service, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("First Name,Last Name,Connected On\nAda,Lovelace,March the 15th\n")
    with pytest.raises(InputError) as e:
        service.import_file(f)
    assert str(e.value) == (
        f"{f}: line 2: Connected On: 'March the 15th' is not a date nurture reads; use one like 15 Mar 2024, "
        "2024-03-15, 15-Mar-24, 15.03.2024 (day first), or 15/03/2024 and 03/15/2024 (the column shows which). "
        "Nothing was imported."
    )


def test_a_column_of_dates_that_read_both_ways_is_refused_saying_how_to_choose(service, data_dir):
    before = snapshot(data_dir)
    with pytest.raises(InputError) as e:
        service.import_file(FIXTURES / "linkedin_ambiguous.csv")
    assert str(e.value) == (
        f"{FIXTURES / 'linkedin_ambiguous.csv'}: Connected On: every date reads both day first and month "
        "first (05/03/2024 on line 5 is 5 Mar 2024 with dmy, 3 May 2024 with mdy); say which: "
        "nurture import FILE --date-order dmy, or --date-order mdy. Nothing was imported."
    )
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(("order", "met"), [(DMY, "05 Mar 2024"), (MDY, "03 May 2024")])
def test_the_date_order_chosen_reads_the_column(service, order, met):
    result = service.import_file(FIXTURES / "linkedin_ambiguous.csv", date_order=order)
    assert result.plan.warnings == []
    assert people(service)["Zoë Müller"].how_met == f"LinkedIn connection since {met}"


def test_a_chosen_order_the_column_contradicts_is_refused(service):
    with pytest.raises(InputError, match=r"line 6: Connected On 15/03/2024 cannot be read month first"):
        service.import_file(FIXTURES / "linkedin_excel_dmy.csv", date_order=MDY)


def test_a_column_both_day_first_and_month_first_is_refused_naming_both_lines(service, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("First Name,Last Name,Connected On\nAda,Lovelace,15/03/2024\nGrace,Hopper,03/15/2024\n")
    with pytest.raises(InputError, match=r"line 2 has 15/03/2024 \(day first\) and line 3 has 03/15/2024"):
        service.import_file(f)


def test_last_contact_dates_follow_their_column_then_your_order(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("Name,Last contact\nAda Park,04/11/2026\nBo Lind,13/11/2026\n")
    service.update_settings(date_order=MDY)  # the column shows it is day first: that wins
    result = service.import_file(f)
    assert result.plan.warnings == ["Last contact read day first, as 13/11/2026 on line 3 shows"]
    network = service.network()
    assert {c.name: network.last_contact(c.id) for c in network.contacts.values()} == {
        "Ada Park": date(2026, 11, 4),
        "Bo Lind": date(2026, 11, 13),
    }


def test_ambiguous_last_contact_dates_read_in_your_order_and_say_so(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("Name,Last contact\nAda Park,04/11/2026\n")
    service.update_settings(date_order=DMY)
    result = service.import_file(f)
    assert result.plan.warnings == [
        "Last contact: dates such as 04/11/2026 read both ways; read day first (your date order). "
        "Import again with --date-order dmy or mdy if that is wrong"
    ]
    network = service.network()
    (ada,) = network.contacts.values()
    assert network.last_contact(ada.id) == date(2026, 11, 4)


def test_ambiguous_last_contact_dates_without_any_order_are_refused(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("Name,Last contact\nAda Park,04/11/2026\n")
    assert service.date_order() == ""
    with pytest.raises(InputError, match=r"Last contact: every date reads both day first and month first"):
        service.import_file(f)


def test_an_ambiguous_connected_on_follows_the_date_order_you_set_and_says_so(service):
    service.update_settings(date_order=DMY)
    result = service.import_file(FIXTURES / "linkedin_ambiguous.csv")
    assert result.plan.warnings == [
        "Connected On: dates such as 05/03/2024 read both ways; read day first (your date order). "
        "Import again with --date-order dmy or mdy if that is wrong"
    ]
    assert people(service)["Zoë Müller"].how_met == "LinkedIn connection since 05 Mar 2024"


def test_an_ambiguous_connected_on_is_refused_when_only_the_locale_says_an_order(data_dir, clock):
    from nurture.services import Nurture
    from nurture.store import Repository

    service = Nurture(Repository(data_dir, now=clock.now).open(), today=clock.today, now=clock.now, date_order=DMY)
    assert service.date_order() == DMY  # the locale's, not set by the user
    with pytest.raises(InputError, match=r"Connected On: every date reads both.*--date-order dmy, or --date-order mdy"):
        service.import_file(FIXTURES / "linkedin_ambiguous.csv")


# --- separators and encodings ----------------------------------------------------------------


def test_a_semicolon_separated_spreadsheet_is_read(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_bytes(b"Name;Company;Email\r\nAda Lovelace;Analytical Engines, Ltd;ada@example.com\r\n")
    service.import_file(f)
    ada = people(service)["Ada Lovelace"]
    assert (ada.company, ada.email) == ("Analytical Engines, Ltd", "ada@example.com")


def test_excel_unicode_text_utf16_tab_separated_is_read(service, tmp_path):
    f = tmp_path / "people.txt"
    f.write_bytes(b"\xff\xfe" + "Name\tCompany\r\nZoë Müller\tAcme\r\n".encode("utf-16-le"))
    service.import_file(f, "csv")
    assert people(service)["Zoë Müller"].company == "Acme"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name;Company\nAda;Acme;extra\n", r"line 2: 3 fields where the header has 2, read with the semicolon as sep"),
        (b"Name|Company\nAda|Acme\n", r"line 1: no name column.*one column with the comma as separator"),
        (b"Name\n\x81Ada\n", r"line 2: is neither UTF-8 nor Windows-1252 text"),
        (b"Name\nAda\x00\n", r"line 2: contains a NUL byte; this is not a text file"),
    ],
)
def test_separator_and_encoding_refusals_say_what_is_wrong(service, tmp_path, content, message):
    f = tmp_path / "x.csv"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        service.import_file(f)


def test_a_windows_1252_spreadsheet_is_read_and_the_summary_says_so(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_bytes("Name,Company\r\nJosé Núñez,Café Olé\r\n".encode("cp1252"))
    result = service.import_file(f)
    assert result.plan.warnings == [WINDOWS_1252]
    assert people(service)["José Núñez"].company == "Café Olé"


def test_excels_sep_line_names_the_separator_and_is_no_header(service):
    raw = (FIXTURES / "excel_sep_hint.csv").read_bytes()
    assert raw.startswith(b"sep=;\r\nName;Company;Email\r\n")
    result = service.import_file(FIXTURES / "excel_sep_hint.csv")
    assert (result.plan.warnings, result.plan.skipped) == ([], [])
    ada = people(service)["Ada Lovelace"]
    assert (ada.company, ada.email) == ("Analytical Engines, Ltd", "ada@example.com")


def test_a_sep_line_is_obeyed_even_where_another_separator_is_commoner(tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("sep=|\nName|Company|Notes\nAda Lovelace|Engines, Ltd; London|a, b, c\n")
    (values,) = [v for _, v in read_sheet(f, f.read_text()).rows]
    assert (values["name"], values["company"], values["notes"]) == ("Ada Lovelace", "Engines, Ltd; London", "a, b, c")


def test_blank_lines_before_the_header_are_passed_over_and_lines_still_count(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_bytes(b"\r\n\r\n  \r\nName,Company\r\nAda Lovelace,Analytical Engines\r\n,No Name Ltd\r\n")
    result = service.import_file(f)
    assert result.plan.skipped == ["line 6: no name"]
    assert people(service)["Ada Lovelace"].company == "Analytical Engines"


def test_a_row_spanning_lines_is_named_by_the_line_it_starts_on(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text('Name,Notes\n,"no name\non three\nlines"\nAda Lovelace,"one\ntwo"\nGrace Hopper,"x\ny",extra\n')
    with pytest.raises(InputError, match=r"people.csv: line 7: 3 fields where the header has 2"):
        service.import_file(f)
    f.write_text('Name,Notes\n,"no name\non three\nlines"\nAda Lovelace,"one\ntwo"\n"Grace\nHopper,x\n')
    with pytest.raises(InputError, match=r"people.csv: line 7: not valid CSV"):
        service.import_file(f)
    f.write_text('Name,Notes\n,"no name\non three\nlines"\nAda Lovelace,"one\ntwo"\n,"x\ny"\n')
    assert service.import_file(f).plan.skipped == ["line 2: no name", "line 7: no name"]


def test_a_utf8_file_with_one_windows_1252_line_is_read_line_by_line(service):
    raw = (FIXTURES / "mixed_encoding.csv").read_bytes()
    assert "Zoë".encode() in raw and b"Jos\xe9 Garc\xeda,Caf\xe9" in raw  # UTF-8 but for line 4
    result = service.import_file(FIXTURES / "mixed_encoding.csv")
    assert result.plan.warnings == ["line 4 was read as Windows-1252 (not UTF-8): check its accented letters"]
    got = people(service)
    assert sorted(got) == ["Ana Souza", "José García", "Zoë Müller", "Łukasz Nowak"]  # no mojibake
    assert got["José García"].company == "Café Olé"


def test_several_windows_1252_lines_in_a_utf8_file_are_named_first_few_then_counted(tmp_path):
    f = tmp_path / "people.csv"
    odd = b"".join(f"Jos\xe9 {n},Caf\xe9\n".encode("cp1252") for n in range(7))
    f.write_bytes("Name,Company\nZoë Müller,Lego\n".encode() + odd)
    text, note = decode_sheet(f, f.read_bytes())
    assert note == "lines 3, 4, 5, 6, 7 and 2 more were read as Windows-1252 (not UTF-8): check their accented letters"
    assert text.splitlines()[1:4] == ["Zoë Müller,Lego", "José 0,Café", "José 1,Café"]
    f.write_bytes("Name\nZoë\n".encode() + b"\x81Ada\n")  # undefined in Windows-1252 too
    with pytest.raises(InputError, match=r"line 3: is neither UTF-8 nor Windows-1252 text"):
        decode_sheet(f, f.read_bytes())


# --- nurture's own CSV, read back ------------------------------------------------------------


def test_nurtures_csv_export_with_other_emails_and_phones_reads_back(service, tmp_path):
    header = list(HEADER)  # what nurture's CSV export writes, these two columns among them
    assert {"Other emails", "Other phones"} <= set(header)
    row = dict.fromkeys(header, "")
    row.update(
        {
            "Name": "Ada Lovelace",
            "Email": "ada@example.com",
            "Other emails": "ada@home.example; a.lovelace@old.example",
            "Phone": "+44 20 7946 0001",
            "Other phones": "+44 7700 900001",
        }
    )
    f = tmp_path / "nurture.csv"
    f.write_text(
        ",".join(f'"{h}"' for h in header) + "\r\n" + ",".join(f'"{row[h]}"' for h in header) + "\r\n",
        encoding="utf-8-sig",
    )
    text, _ = decode_sheet(f, f.read_bytes())
    sheet = read_sheet(f, text)
    assert sheet.layout == "" and sheet.warnings == []
    (values,) = [v for _, v in sheet.rows]
    assert values["emails"] == ["ada@example.com", "ada@home.example", "a.lovelace@old.example"]
    assert values["phones"] == ["+44 20 7946 0001", "+44 7700 900001"]
    service.import_file(f)
    ada = people(service)["Ada Lovelace"]
    assert (ada.email, ada.phone) == ("ada@example.com", "+44 20 7946 0001")


def test_other_emails_and_phones_split_only_where_nurture_joins_them(service, tmp_path):
    header = list(HEADER)
    row = dict.fromkeys(header, "")
    row.update(
        {
            "Name": "Ada Lovelace",
            "Email": "ada@example.com",
            "Other emails": "ada@home.example; a.lovelace@old.example\nada@third.example",
            "Phone": "+44 20 7946 0001",
            "Other phones": "tel:+1-555-0100;ext=5555; +44 7700 900001\n+44 7700 900002",
            "Notes": "Met at PyCon\r\nLikes climbing",
        }
    )
    f = tmp_path / "nurture.csv"
    with f.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerow([row[h] for h in header])
    text, _ = decode_sheet(f, f.read_bytes())
    (values,) = [v for _, v in read_sheet(f, text).rows]
    assert values["emails"] == ["ada@example.com", "ada@home.example", "a.lovelace@old.example", "ada@third.example"]
    assert values["phones"] == ["+44 20 7946 0001", "tel:+1-555-0100;ext=5555", "+44 7700 900001", "+44 7700 900002"]
    service.import_file(f)
    assert people(service)["Ada Lovelace"].notes == "Met at PyCon\nLikes climbing"


# --- the shell -------------------------------------------------------------------------------


def test_the_shell_refuses_an_ambiguous_file_then_reads_it_with_date_order(tmp_path):
    from tests.unit.test_cli import CLI

    cli = CLI(tmp_path / "data")
    path = str(FIXTURES / "linkedin_ambiguous.csv")
    error = cli.fails("import", path)
    assert "say which: nurture import FILE --date-order dmy, or --date-order mdy" in error
    out = cli.ok("import", path, "--date-order", "dmy")
    assert out.startswith(f"{path} (LinkedIn connections): Added 3 contacts")
    out = cli.ok("import", str(FIXTURES / "outlook_desktop.csv"), "--dry-run")
    assert "outlook_desktop.csv (Outlook CSV): Would add 3 contacts" in out
    assert f"  note: {WINDOWS_1252}" in out
