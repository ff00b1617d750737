"""Exporting: what each format holds, round trips, spreadsheet safety and private files."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from icalendar import Calendar

from nurture.demo import seed_demo
from nurture.domain.errors import InputError
from nurture.domain.queue import queue_of
from nurture.exchange.sheet import HEADER, neutralise
from nurture.services import Nurture
from nurture.store import Repository
from tests.conftest import TODAY, Clock


@pytest.fixture
def demo(service):
    seed_demo(service.context.repo, TODAY)
    return service


def fresh(tmp_path, name: str) -> Nurture:
    clock = Clock()
    return Nurture(Repository(tmp_path / name, now=clock.now).open(), today=clock.today, now=clock.now)


def test_json_export_then_import_into_an_empty_database_gives_identical_data(demo, tmp_path):
    f = tmp_path / "all.json"
    f.write_bytes(b"".join(demo.export_chunks("json")))
    other = fresh(tmp_path, "other")
    other.import_file(f)
    a, b = demo.network(), other.network()
    assert a.contacts == b.contacts
    assert sorted(a.interactions, key=lambda i: i.id) == sorted(b.interactions, key=lambda i: i.id)
    assert sorted(a.followups, key=lambda x: x.id) == sorted(b.followups, key=lambda x: x.id)
    assert sorted(a.reviews, key=lambda r: r.week_start) == sorted(b.reviews, key=lambda r: r.week_start)
    assert a.settings == b.settings
    assert a.appointments and sorted(a.appointments, key=lambda x: x.id) == sorted(b.appointments, key=lambda x: x.id)
    assert queue_of(a, TODAY) == queue_of(b, TODAY)
    # and importing it again changes nothing
    again = other.import_file(f)
    assert not again.plan.changes and again.plan.unchanged == len(a.contacts)


def test_vcard_round_trip_through_the_importer(service, tmp_path):
    service.add_contact(
        "Zoë Ann O'Brien-Müller 🌱",
        company="Foo, Inc.; Bar",
        role="Head of Data",
        email="zoe@example.com",
        phone="+44 20 7946 0000",
        linkedin="https://www.linkedin.com/in/zoe",
        location="Dublin, Ireland",
        notes="line one\nline two; with, punctuation\\",
        tags="mentors,data",
    )
    (zoe,) = service.network().contacts.values()
    zoe = zoe.with_emails([*zoe.emails, "zoe@home.example"]).with_phones([*zoe.phones, "+353 1 555 0100"])
    service.context.repo.save(contacts=[zoe])
    service.add_contact("李 雷", company="Tencent")
    f = tmp_path / "all.vcf"
    f.write_bytes(b"".join(service.export_chunks("vcard")))
    text = f.read_text()
    assert text.count("BEGIN:VCARD") == 2 and "VERSION:4.0" in text
    other = fresh(tmp_path, "other")
    other.import_file(f)
    keys = ("name", "company", "role", "emails", "phones", "linkedin", "location", "notes", "tags")
    shape = lambda s: sorted(tuple(getattr(c, k) for k in keys) for c in s.network().contacts.values())  # noqa: E731
    assert shape(other) == shape(service)
    assert not other.import_file(f).plan.changes  # no duplicates on a second import


def test_csv_is_quoted_bom_prefixed_and_neutralises_formulas(service):
    service.add_contact(
        '=HYPERLINK("http://evil")', company="+cmd|' /C calc'!A0", role="-2+3", notes="@SUM(1)", tags="Zoë"
    )
    service.add_contact("Plain Émilie", company="Acme")
    raw = b"".join(service.export_chunks("csv"))
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Name", "Company", "Role"]
    assert all(line.startswith('"') and line.endswith('"') for line in text.splitlines() if line)
    evil = next(r for r in rows if "HYPERLINK" in r[0])
    assert evil[0] == '\'=HYPERLINK("http://evil")'
    assert evil[1] == "'+cmd|' /C calc'!A0"
    assert evil[2] == "'-2+3"
    assert evil[HEADER.index("Notes")] == "'@SUM(1)"
    assert next(r for r in rows if r[0] == "Plain Émilie")[1] == "Acme"
    # fields are stripped when stored; the rule still covers the tab and carriage return
    assert [neutralise(s) for s in ("\t=1", "\r=1", "a=1", "")] == ["'\t=1", "'\r=1", "a=1", ""]


def test_csv_export_imports_back_with_formulas_restored_as_text(service, tmp_path):
    service.add_contact("=1+2", company="-Acme", email="x@example.com")
    f = tmp_path / "all.csv"
    f.write_bytes(b"".join(service.export_chunks("csv")))
    other = fresh(tmp_path, "other")
    result = other.import_file(f)
    assert result.plan.warnings == []  # every exported column is one the importer reads
    (c,) = other.network().contacts.values()
    assert (c.name, c.company, c.email) == ("=1+2", "-Acme", "x@example.com")


def test_markdown_has_a_section_per_contact_card_then_timeline(demo):
    md = b"".join(demo.export_chunks("markdown")).decode()
    network = demo.network()
    assert md.count("\n## ") == len(network.contacts)
    maya = next(c for c in network.contacts.values() if network.timeline(c.id))
    section = md.split(f"## {maya.name}\n", 1)[1].split("\n## ", 1)[0]
    assert section.index("**Stage:**") < section.index("### Timeline")
    latest = network.timeline(maya.id)[-1]
    assert f"**{latest.on:%d %b %Y}** {latest.kind}" in section


def test_markdown_escapes_user_text(service):
    service.add_contact("[x](javascript:alert) *bold* <b>", notes="# not a heading")
    md = b"".join(service.export_chunks("markdown")).decode()
    assert "## \\[x\\](javascript:alert) \\*bold\\* \\<b\\>" in md
    assert "\n\\# not a heading" in md


def test_ics_has_the_queue_for_the_next_days_with_stable_uids(demo):
    cal = Calendar.from_ical(b"".join(demo.export_chunks("ics", days=30)))
    events = all_day(cal)  # the appointments are timed events; their meeting items are left out
    items = [i for i in queue_of(demo.network(), TODAY, 30) if i.reason != "meeting"]
    assert len(events) == len(items) > 0
    first, item = events[0], items[0]
    assert str(first["summary"]) == f"{item.reason}: {item.name}"
    assert first.decoded("dtstart") == max(item.due, TODAY)  # all-day, overdue lands today
    assert isinstance(first.decoded("dtstart"), date)
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    # a later export of the same items keeps their UIDs, so calendars update, not duplicate
    later = Calendar.from_ical(b"".join(demo.export_chunks("ics", days=60)))
    assert set(uids) <= {str(e["uid"]) for e in later.walk("VEVENT")}
    today_only = [i for i in queue_of(demo.network(), TODAY, 0) if i.reason != "meeting"]
    assert len(all_day(Calendar.from_ical(b"".join(demo.export_chunks("ics", days=0))))) == len(today_only)


def all_day(cal: Calendar) -> list:
    return [e for e in cal.walk("VEVENT") if type(e.decoded("dtstart")) is date]


def test_export_to_a_file_is_private_and_never_overwrites_unasked(service, tmp_path):
    service.add_contact("Ada")
    target = tmp_path / "out.json"
    service.export_to("json", target)
    assert target.stat().st_mode & 0o777 == 0o600
    assert json.loads(target.read_bytes())["contacts"][0]["name"] == "Ada"
    target.write_text("precious")
    with pytest.raises(InputError, match="exists"):
        service.export_to("json", target)
    assert target.read_text() == "precious"
    service.export_to("json", target, replace=True)
    assert target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(InputError, match="does not exist"):
        service.export_to("csv", tmp_path / "nowhere" / "x.csv")


def test_markdown_lists_each_contact_s_appointments_in_the_zone_they_were_booked_in(demo):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from nurture.domain.requests import BookRequest

    network = demo.network()
    ada = demo.add_contact("Ada Park", company="Acme")
    start = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 30, tzinfo=ZoneInfo("America/New_York"))
    demo.book(BookRequest.typed(ada.id, start + timedelta(days=4), minutes=45, where="Blue Bottle, *Soho*",
                                note="Bring the [portfolio]\nand questions"))  # fmt: skip
    demo.cancel_appointment(ada.id)
    demo.book(BookRequest.typed(ada.id, start + timedelta(days=6), where="https://zoom.us/j/42"))
    md = b"".join(demo.export_chunks("markdown")).decode()
    section = md.split("## Ada Park\n", 1)[1].split("\n## ", 1)[0]
    first, second = start + timedelta(days=4), start + timedelta(days=6)
    assert section.split("### Appointments\n\n", 1)[1].splitlines()[:4] == [
        f"- **{first:%d %b %Y}, 09:30** (America/New\\_York), 45 min, Blue Bottle, \\*Soho\\*: cancelled",
        "  Bring the \\[portfolio\\]\\",
        "  and questions",
        f"- **{second:%d %b %Y}, 09:30** (America/New\\_York), 20 min, https://zoom.us/j/42: booked",
    ]
    # the demo's booked people each have theirs listed
    for a in network.appointments:
        name = network.contacts[a.contact_id].name
        theirs = md.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
        assert "### Appointments" in theirs and f"{a.minutes} min" in theirs and f": {a.status}" in theirs
