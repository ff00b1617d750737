"""Hostile text through every import format: each file imports with the text stored as given
(up to the documented trimming) or is refused with a message naming the file; never a crash,
never a partial write. And whatever is stored exports back through CSV, vCard and JSON."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nurture.domain.errors import InputError
from nurture.domain.text import nfc
from nurture.exchange.source import without_controls
from tests.reliability.test_hostile import EXAMPLES, _service, hostile
from tests.unit.test_cli import snapshot

IMPORT_EXAMPLES = max(50, EXAMPLES // 2)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """Where each generated example makes its folders (pytest removes it with its old runs)."""
    return tmp_path_factory.mktemp("hostile-import")


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows([["Name", "Company", "Notes"], *rows])
    return buf.getvalue().encode("utf-8", "surrogatepass")


@settings(max_examples=IMPORT_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(st.tuples(hostile, hostile, hostile), min_size=1, max_size=4))
def test_csv_cells_are_stored_as_given_or_the_file_refused_whole(scratch, cells):
    root = Path(tempfile.mkdtemp(dir=scratch))
    service = _service(root / "data")
    service.add_contact("Already Here")
    f = root / "in.csv"
    try:
        f.write_bytes(_csv([list(c) for c in cells]))
    except UnicodeEncodeError:  # lone surrogates cannot be written as UTF-8 by anyone
        return
    before = snapshot(root / "data")
    try:
        result = service.import_file(f)
    except InputError as e:
        assert str(e).startswith(str(f)) and str(e).endswith("Nothing was imported.")
        assert snapshot(root / "data") == before
        return
    stored = {c.name for c in service.network().contacts.values()}
    named = [nfc(" ".join(name.split())) for name, _, _ in cells]  # stored composed
    for name in named:
        if name:
            assert name in stored
    # a row with no name is reported as skipped; an entirely blank row is just a blank line
    blank_name = [c for c, n in zip(cells, named, strict=False) if not n and any(x.strip() for x in c)]
    assert len(result.plan.skipped) == len(blank_name)


@settings(max_examples=IMPORT_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=hostile, company=hostile, notes=hostile)
def test_hostile_contacts_round_trip_through_vcard_csv_and_json(scratch, name, company, notes):
    root = Path(tempfile.mkdtemp(dir=scratch))
    source = _service(root / "a")
    try:
        source.add_contact(name, company=company, notes=notes)
    except InputError:
        return  # a blank or over-long name is refused at the door, as tested elsewhere
    original = next(iter(source.network().contacts.values()))
    for fmt, suffix in (("vcard", ".vcf"), ("csv", ".csv"), ("json", ".json")):
        target = _service(root / f"b{suffix}")
        f = root / f"out{suffix}"
        f.write_bytes(b"".join(source.export_chunks(fmt)))
        try:
            target.import_file(f)
        except InputError as e:
            raise AssertionError(f"{fmt}: nurture could not read its own export: {e}") from None
        (back,) = target.network().contacts.values()
        # JSON keeps everything; CSV and vCard leave out control characters their readers
        # choke on (tab and line breaks stay), and read every kind of line break as one
        if fmt == "json":
            assert back == original
            continue
        assert back.name == nfc(" ".join(without_controls(original.name).split())), fmt
        assert back.company == nfc(" ".join(without_controls(original.company).split())), fmt
        notes = nfc(without_controls(original.notes).strip())
        assert back.notes == notes.replace("\r\n", "\n").replace("\r", "\n"), fmt
