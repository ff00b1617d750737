"""Exports written as they are made: the same files as when each was built whole in memory,
the notes read one record at a time, and a failure part way through leaves nothing behind."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from nurture import __version__
from nurture.domain.network import Network
from nurture.domain.versions import REV, strip
from nurture.exchange.sheet import neutralise
from nurture.exchange.source import ImportFileError
from nurture.seed import synthetic_network
from nurture.services import Nurture
from nurture.store import Repository
from nurture.store.errors import DataFileError
from nurture.tables import markdown_escaped, markdown_text
from tests.conftest import TODAY, Clock
from tests.unit.test_cli import AS_OF, CLI

#: Enough to cross every chunk boundary: 1,000 CSV rows, 256 JSON records, 4,096 Markdown lines.
CONTACTS, INTERACTIONS = 1_200, 3_000


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("seeded") / "data"
    contacts, interactions, followups = synthetic_network(CONTACTS, INTERACTIONS, TODAY)
    Repository(data).open().save(contacts=contacts, interactions=interactions, followups=followups)
    return data


def service_on(data: Path) -> Nurture:
    clock = Clock()
    return Nurture(Repository(data, now=clock.now).open(), today=clock.today, now=clock.now)


def whole_document(network: Network, now: datetime, repo: Repository) -> bytes:
    """The JSON export as it was made before it streamed: every record decoded, the whole
    document built in memory and serialised at once (the reference the stream must match).
    Version 3: with the prep lists, own questions, templates, targets, meetings and appointments
    of ``repo``."""
    contacts = sorted(network.contacts.values(), key=lambda c: c.order_key)
    doc = {
        "nurture_export": {
            "version": 3,
            "exported": now.isoformat(timespec="seconds"),
            "app": f"nurture {__version__}",
        },
        "settings": network.settings.to_dict(),
        "contacts": [c.to_dict() for c in contacts],
        "interactions": [i.to_dict() for i in sorted(network.interactions, key=lambda i: i.order_key)],
        "followups": [f.to_dict() for f in sorted(network.followups, key=lambda f: (f.due, f.id))],
        "reviews": [r.to_dict() for r in sorted(network.reviews, key=lambda r: r.week_start)],
        "prep": [p.to_dict() for p in sorted(repo.preps(), key=lambda p: p.contact_id)],
        "questions": [q.to_dict() for q in sorted(repo.own_questions(), key=lambda q: q.id)],
        "templates": [t.to_dict() for t in sorted(repo.templates().values(), key=lambda t: t.key)],
        "targets": [t.to_dict() for t in sorted(repo.targets(), key=lambda t: t.id)],
        "meetings": [m.to_dict() for m in sorted(repo.meetings(), key=lambda m: m.contact_id)],
        "appointments": [a.to_dict() for a in sorted(repo.appointments(), key=lambda a: (a.start, a.id))],
    }
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


def exported_at(doc: bytes) -> datetime:
    return datetime.fromisoformat(json.loads(doc)["nurture_export"]["exported"])


# --- the same files -----------------------------------------------------------------------------


def test_the_json_export_is_byte_for_byte_the_document_it_always_was(seeded):
    service = service_on(seeded)
    streamed = b"".join(service.export_chunks("json"))
    assert streamed == whole_document(service.network(), exported_at(streamed), service.context.repo)


def test_a_record_edited_by_hand_is_exported_in_the_shape_nurture_writes(service, tmp_path):
    """A stored interaction missing fields (written by hand) comes out whole, as before."""
    ada = service.add_contact("Ada")
    service.log(ada.id, "call", TODAY, summary="first")
    service.log(ada.id, "email", TODAY, summary="second")
    shard = next((service.context.repo.data_dir / "interactions").glob("*.json"))
    doc = json.loads(shard.read_text())
    rid, record = next(iter(doc["interactions"].items()))
    doc["interactions"][rid] = {k: record[k] for k in ("id", "contact_id", "date", "kind", "summary", "created")}
    shard.write_text(json.dumps(doc))
    streamed = b"".join(service.export_chunks("json"))
    assert streamed == whole_document(service.network(), exported_at(streamed), service.context.repo)
    assert {"notes": "", "takeaways": [], "action_items": []}.items() <= json.loads(streamed)["interactions"][0].items()


def test_empty_lists_and_an_empty_network_keep_the_layout(service):
    streamed = b"".join(service.export_chunks("json"))
    assert streamed == whole_document(service.network(), exported_at(streamed), service.context.repo)
    assert b'"contacts": [],' in streamed


def test_every_contact_is_one_csv_row_across_chunks(seeded):
    service = service_on(seeded)
    rows = list(csv.reader(io.StringIO(b"".join(service.export_chunks("csv")).decode("utf-8-sig"))))
    contacts = sorted(service.network().contacts.values(), key=lambda c: c.order_key)
    assert [r[0] for r in rows] == ["Name", *(neutralise(c.name) for c in contacts)]


def test_each_markdown_section_holds_its_own_timeline_newest_first(seeded):
    service = service_on(seeded)
    network = service.network()
    md = b"".join(service.export_chunks("markdown")).decode()
    sections = md.split("\n## ")[1:]
    contacts = sorted(network.contacts.values(), key=lambda c: c.order_key)
    assert len(sections) == CONTACTS
    shown = 0
    for c, section in zip(contacts, sections, strict=True):
        assert section.startswith(markdown_text(c.name) + "\n")
        heads = re.findall(r"^- \*\*(\d\d \w\w\w \d{4})\*\* (\w[\w-]*)", section, re.M)
        expected = [(f"{i.on:%d %b %Y}", i.kind) for i in reversed(network.timeline(c.id))]
        assert heads == expected, c.name
        shown += len(heads)
    assert shown == INTERACTIONS
    assert f"{CONTACTS:,} contacts, {INTERACTIONS:,} logged interactions." in md.split("\n", 3)[2]


@given(st.text(st.characters(max_codepoint=0x2100), max_size=12))
@example("- a")
@example("1) x")
@example(" x")
@example("---")
@example("&amp;")
def test_escaping_markdown_is_the_same_with_its_shortcut(text):
    assert markdown_text(text) == markdown_escaped(text)


# --- one record at a time ------------------------------------------------------------------


def test_the_json_export_reads_the_notes_as_it_writes_them(seeded, monkeypatch):
    """When the first interaction is written, only the first records have been read, not all
    of them: the export never holds every note."""
    service = service_on(seeded)
    repo = service.context.repo
    real = repo.stored_interactions
    read = 0

    def counted(entries):
        nonlocal read
        for d in real(entries):
            read += 1
            yield d

    monkeypatch.setattr(repo, "stored_interactions", counted)
    seen_at = None
    for chunk in service.export_chunks("json"):
        if seen_at is None and b'"contact_id"' in chunk:
            seen_at = read
    assert seen_at is not None and 0 < seen_at <= 256 < INTERACTIONS == read


def test_stored_interactions_come_in_the_order_asked_and_skip_what_is_gone(seeded, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    service = service_on(data)
    network = service.network()
    entries = sorted(network.log.entries(), key=lambda e: e.id, reverse=True)[:500]
    gone = next(i for i in network.timeline(entries[7].contact_id) if i.id == entries[7].id)
    repo = service.context.repo
    repo.delete_interaction(gone)
    got = list(repo.stored_interactions(entries))
    assert [d["id"] for d in got] == [e.id for e in entries if e.id != gone.id]
    by_id = {i.id: i for i in service.network().interactions}
    assert all(strip(d) == by_id[d["id"]].to_dict() for d in got)  # parsed as stored, not decoded
    assert all(d[REV] for d in got)  # with their revisions


# --- failures leave nothing -----------------------------------------------------------------------


def damage_last_note(data: Path, **values) -> tuple[Path, str]:
    """Change fields of the latest interaction (the last one the JSON export writes) as an
    edit by hand would; ``None`` removes the field. Its shard, and its id."""
    last = max(service_on(data).network().log.entries(), key=lambda e: (e.on, e.created, e.id))
    shard = data / "interactions" / f"{last.contact_id[0]}.json"
    doc = json.loads(shard.read_text())
    record = doc["interactions"][last.id]
    for key, value in values.items():
        if value is None:
            del record[key]
        else:
            record[key] = value
    shard.write_text(json.dumps(doc))
    return shard, last.id


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_a_damaged_note_met_part_way_leaves_no_file_and_names_the_data_file(seeded, tmp_path, fmt):
    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    shard, _ = damage_last_note(data, notes=None, takeaways=[12])
    out = tmp_path / "out"
    out.mkdir()
    (out / "net.old").write_text("precious")
    with pytest.raises(DataFileError, match=f"data file {re.escape(str(shard))} has a damaged record"):
        service_on(data).export_to(fmt, out / "net.old", replace=True)
    assert sorted(p.name for p in out.iterdir()) == ["net.old"]
    assert (out / "net.old").read_text() == "precious"


def test_a_wrong_value_in_a_note_of_the_usual_shape_is_exported_as_stored_and_refused_on_import(seeded, tmp_path):
    """The JSON export writes stored notes as they are, without decoding each (a third of its
    time): a value edited into the wrong type goes out as it is, nothing dropped, and importing
    the file names the record, as it does for any file."""
    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    _, rid = damage_last_note(data, takeaways=[12])
    out = tmp_path / "net.json"
    service_on(data).export_to("json", out)
    assert json.loads(out.read_bytes())["interactions"][-1]["takeaways"] == [12]
    other = service_on(tmp_path / "other")
    with pytest.raises(ImportFileError, match=f"interaction {rid}"):
        other.import_file(out)
    assert other.network().contacts == {}


def test_a_disk_that_fills_part_way_leaves_no_file(seeded, tmp_path, monkeypatch):
    import errno

    from nurture.store import files

    real_write = os.write
    writes = 0

    def fills(fd, data):
        nonlocal writes
        writes += 1
        if writes > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    service = service_on(seeded)
    monkeypatch.setattr(files.os, "write", fills)
    with pytest.raises(DataFileError, match=r"could not export to .*: the disk is full\. Nothing was written"):
        service.export_to("json", tmp_path / "net.json")
    monkeypatch.setattr(files.os, "write", real_write)
    assert writes > 3 and list(tmp_path.iterdir()) == []


def test_a_damaged_note_met_part_way_through_standard_output_says_the_output_is_incomplete(seeded, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    network = service_on(data).network()
    last = max((c for c in network.contacts.values() if network.timeline(c.id)), key=lambda c: c.order_key)
    victim = network.timeline(last.id)[0]  # in one of the last sections
    shard = data / "interactions" / f"{last.id[0]}.json"
    doc = json.loads(shard.read_text())
    doc["interactions"][victim.id]["notes"] = 12
    shard.write_text(json.dumps(doc))
    r = CLI(data)("export", "--format", "markdown", "--as-of", AS_OF)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stdout.startswith("# My network\n")  # the sections before it were written as made
    (line,) = r.stderr.strip().splitlines()
    assert f"data file {shard} has a damaged record" in line
    assert line.endswith("What was written to standard output is incomplete.")


@pytest.mark.parametrize("fmt, noun", [("json", "records"), ("csv", "contacts"), ("markdown", "contacts")])
def test_an_export_reports_its_progress_as_it_writes(seeded, fmt, noun):
    """Reading first, then "Writing N of M …" piece by piece, up to all of them (so a watcher
    never sees a frozen export)."""
    service = service_on(seeded)
    reports: list[tuple[int, int, str]] = []
    chunks = 0
    for _ in service.export_chunks(fmt, progress=lambda *r: reports.append(r)):
        chunks += 1
    assert reports[0] == (0, 0, "Reading your data")
    writing = reports[1:]
    total = CONTACTS + (INTERACTIONS + len(service.network().followups) if fmt == "json" else 0)
    assert all(t == total and w == f"Writing {d:,} of {total:,} {noun}" for d, t, w in writing)
    done = [d for d, _, _ in writing]
    assert done == sorted(done) and done[0] == 0 and done[-1] == total
    assert len(set(done)) >= 3 and chunks >= 2  # several steps, not one jump at the end
