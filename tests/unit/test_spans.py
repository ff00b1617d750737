"""Records found by their byte spans: a write that copies the unchanged records' bytes gives
exactly the file ``orjson.dumps`` would, and a reader that parses only what changed sees
exactly what a full parse would.

What a user would notice if these broke: a data file that no longer parses after a save, a
record lost or doubled, another process's change missed or misread by the open dashboard."""

from __future__ import annotations

import base64
from array import array
from datetime import date, datetime

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nurture.domain.models import Contact, Interaction, new_id
from nurture.seed import synthetic_network
from nurture.store import Repository
from nurture.store.migrations import CURRENT_SCHEMA
from nurture.store.spans import delta, is_canonical, locate, scan, splice
from nurture.store.storage import peek_schema

TODAY = date(2026, 11, 23)
META = {"schema": 1, "file": "things", "rev": "0123456789abcdef"}

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
records = st.dictionaries(text, values, max_size=4)
ids = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6)
tables = st.dictionaries(ids, records, min_size=1, max_size=12)
ops = st.lists(
    st.tuples(st.sampled_from(["put", "delete"]), st.integers(0, 20), ids, records),
    min_size=1,
    max_size=6,
)


def file_of(table: dict, meta: dict = META) -> tuple[bytes, dict]:
    doc = {"nurture": meta, "things": table}
    return orjson.dumps(doc), doc


def spliced(raw, layout, table, n, what, rid, record):
    """Change ``n``: record ``rid`` put (or dropped) by a splice of ``raw``; the envelope it
    was written with, the table it should now hold, and what the splice made (None: refused)."""
    meta = {**META, "rev": f"{n:016x}"}
    expected = dict(table)
    if what == "put":
        expected[rid] = record
        return meta, expected, splice(raw, layout, meta, {rid: orjson.dumps(record)})
    expected.pop(rid, None)
    return meta, expected, splice(raw, layout, meta, {}, [rid])


def spans_tell_the_truth(raw: bytes, layout, table: dict) -> None:
    """Each span is its record, byte for byte as orjson writes it."""
    assert layout.ids == list(table)
    for k, rid in enumerate(layout.ids):
        assert raw[layout.starts[k] : layout.ends[k]] == orjson.dumps(table[rid])


@settings(max_examples=200, deadline=None)
@given(tables, ops)
def test_a_splice_writes_what_dumps_would_and_a_delta_reads_what_a_parse_would(table, changes):
    raw, doc = file_of(table)
    assert is_canonical(raw, doc)
    layout = locate(raw, doc, "things")
    assert layout is not None
    spans_tell_the_truth(raw, layout, table)
    for n, (what, pick, fresh, record) in enumerate(changes):
        existing = list(table)
        rid = existing[pick % len(existing)] if existing and pick < 15 else fresh
        meta, expected, done = spliced(raw, layout, table, n, what, rid, record)
        new_raw = file_of(expected, meta)[0]
        assert done is not None
        assert done[0] == new_raw  # byte for byte what orjson.dumps gives
        new_layout = done[1]
        spans_tell_the_truth(new_raw, new_layout, expected)
        if layout.ids:
            found = delta(raw, layout, new_raw)
            if found is not None:  # (None: it cannot be told that way, so it is read whole)
                spans_tell_the_truth(new_raw, found.layout, expected)
                kept = layout.ids[: found.first] + layout.ids[found.last :]
                assert found.layout.ids == layout.ids[: found.first] + list(found.docs) + layout.ids[found.last :]
                assert all(table[i] == expected[i] for i in kept)  # unchanged, so reused
                assert {i: expected[i] for i in found.docs} == found.docs
        raw, layout, table = new_raw, new_layout, expected


def test_a_record_holding_a_key_that_reads_like_the_next_id_is_measured_right():
    """Records are measured, not searched for: an object inside a record whose key is the
    next record's id (a field a later version adds, an edit) does not cut the record short."""
    table = {"0": {"0": None, "00": None, "a": None}, "00": {}, "a": {"x": 1, "00": {"q": 1}}}
    raw, doc = file_of(table)
    layout = locate(raw, doc, "things")
    assert layout is not None
    spans_tell_the_truth(raw, layout, table)
    for rid in table:
        done = splice(raw, layout, META, {rid: b'{"new":true}'})
        assert done is not None and orjson.loads(done[0])["things"] == {**table, rid: {"new": True}}


def test_a_layout_that_does_not_describe_the_bytes_is_never_spliced():
    """A layout an index file gave, if it lied, puts a span where no record is: the span to
    replace does not parse, so the file is written whole instead of being torn."""
    table = {"a": {"n": 1}, "b": {"n": 2}}
    raw, doc = file_of(table)
    layout = locate(raw, doc, "things")
    assert layout is not None
    layout.starts[1] -= 3  # off by a few bytes
    assert splice(raw, layout, META, {"b": b"{}"}) is None


def test_a_file_not_written_canonically_is_found_by_the_scanner_for_reading():
    table = {"a": {"note": 'é " \\u00e9 }{ ,"b":'}, "b": {"n": [1, 2, {"c": None}]}, "c": {}}
    pretty = orjson.dumps({"nurture": META, "things": table}, option=orjson.OPT_INDENT_2)
    doc = orjson.loads(pretty)
    assert not is_canonical(pretty, doc)
    layout = scan(pretty, "things")
    assert layout is not None and not layout.exact and layout.ids == ["a", "b", "c"]
    for k, rid in enumerate(layout.ids):
        assert orjson.loads(pretty[layout.starts[k] : layout.ends[k]]) == table[rid]
    assert splice(pretty, layout, META, {"a": b"{}"}) is None  # for reading only


def test_the_scanner_gives_up_on_an_id_stored_twice():
    twice = b'{"nurture":{"schema":1},"things":{"a":{"n":1},"b":{},"a":{"n":2}}}'
    assert orjson.loads(twice)["things"]["a"] == {"n": 2}
    assert scan(twice, "things") is None


def data_files(data) -> dict[str, bytes]:
    """The data files (not ``device.json``, which names this copy)."""
    return {
        str(p.relative_to(data)): p.read_bytes()
        for p in sorted(data.rglob("*.json"))
        if "backups" not in p.parts and p.name != "device.json"
    }


def test_every_save_writes_each_file_exactly_as_orjson_dumps_its_content(tmp_path):
    contacts, interactions, followups = synthetic_network(40, 200, TODAY)
    data = tmp_path / "data"
    repo = Repository(data).open()
    repo.save(contacts=contacts, interactions=interactions, followups=followups)
    changed = contacts[5].evolve(name="Renamed Person")
    extra = Interaction(new_id(), contacts[6].id, TODAY, "call")
    repo.save(contacts=[changed, Contact(new_id(), "Newcomer")], interactions=[extra])
    repo.delete_interaction(interactions[0])
    repo.delete_interaction(extra)
    for name, raw in data_files(data).items():
        doc = orjson.loads(raw)
        assert orjson.dumps(doc) == raw, name  # byte for byte what dumps gives for what it holds
        assert peek_schema(data / name) == CURRENT_SCHEMA and list(doc["nurture"]) == ["schema", "file", "rev"]
    fresh = Repository(data).open().load()
    assert fresh.contacts[changed.id] == changed and "Newcomer" in {c.name for c in fresh.contacts.values()}
    ids = {e.id for e in fresh.log.entries()}
    assert interactions[0].id not in ids and extra.id not in ids and interactions[1].id in ids


@pytest.mark.parametrize("how", ["whole", "splice"])
def test_the_same_saves_give_the_same_bytes(tmp_path, how):
    """The file's revision stamp names the content and its history, not a moment; the records'
    revisions name the clock and device they were written by: the same saves in two directories,
    at the same time and as the same device, give the same files (``nurture seed`` is
    reproducible)."""
    contacts, interactions, _ = synthetic_network(20, 60, TODAY)
    out = []
    for name in ("a", "b"):
        repo = Repository(tmp_path / name, now=lambda: datetime(2026, 11, 23, 12), device="seed").open()
        repo.save(contacts=contacts, interactions=interactions)
        if how == "splice":
            repo.save(contacts=[contacts[0].evolve(name="Other Name")])
        out.append(data_files(tmp_path / name))
    assert out[0] == out[1]
    assert all(b'"rev":"' in raw[:120] for raw in out[0].values())


lies = st.sampled_from(["meta_end", "body", "all", "start", "end", "run_start", "run_end"])


@settings(max_examples=300, deadline=None)
@given(tables, ops, lies, st.integers(-4, 4).filter(bool), st.integers(0, 20))
def test_a_layout_that_lies_about_its_offsets_never_writes_anything_but_what_dumps_would(table, changes, lie, by, pick):
    """An index keyed by the file's fingerprint may still hold offsets that are off (a bug, a
    hand edit): whatever the splice copies or replaces, the file it writes is exactly
    ``orjson.dumps`` of the changed table, or it writes nothing (the file is written whole)."""
    raw, doc = file_of(table)
    layout = locate(raw, doc, "things")
    assert layout is not None
    k = pick % len(layout.ids)
    liar = layout.ids[k]
    if lie == "meta_end":
        layout.meta_end += by
    elif lie == "body":
        layout.body += by
    elif lie == "all":
        layout.starts = array("q", [s + by for s in layout.starts])
        layout.ends = array("q", [e + by for e in layout.ends])
    elif lie in ("start", "run_start"):
        layout.starts[k] += by
    else:
        layout.ends[k] += by
    for n, (what, choice, fresh, record) in enumerate(changes):
        existing = list(table)
        if lie.startswith("run"):  # change some other record, so record k is copied with its run
            others = [i for i in existing if i != liar]
            rid = others[choice % len(others)] if others and choice < 15 else fresh
        else:
            rid = existing[choice % len(existing)] if existing and choice < 15 else fresh
        meta, expected, done = spliced(raw, layout, table, n, what, rid, record)
        if done is None:
            return  # refused: the caller writes the whole file instead
        assert done[0] == file_of(expected, meta)[0]
        raw, layout, table = done[0], done[1], expected


@pytest.mark.parametrize("shift", [-2, 1, 3])
@pytest.mark.parametrize("field", ["meta_end", "body", "spans"])
def test_a_contacts_index_with_offsets_off_for_the_right_file_never_tears_a_save(tmp_path, field, shift):
    """contacts.idx matches contacts.json's fingerprint but its offsets are off: the next
    process's save still writes exactly what the contacts are."""
    data = tmp_path / "data"
    contacts, _, _ = synthetic_network(40, 0, TODAY)
    Repository(data).open().save(contacts=contacts)
    Repository(data).open().save(contacts=[contacts[0]])  # a write: the index now vouches for the file
    idx = data / "contacts.idx"
    doc = orjson.loads(idx.read_bytes())
    if field == "spans":
        both = array("q", base64.b64decode(doc["spans"]))
        doc["spans"] = base64.b64encode(array("q", [x + shift for x in both]).tobytes()).decode()
    else:
        doc["at"][1 if field == "meta_end" else 2] += shift
    idx.write_bytes(orjson.dumps(doc))
    changed = Contact(contacts[5].id, "Renamed Person")
    Repository(data).open().save(contacts=[changed, Contact(new_id(), "New Person")])
    raw = (data / "contacts.json").read_bytes()
    stored = orjson.loads(raw)
    assert raw == orjson.dumps(stored)
    assert len(stored["contacts"]) == 41
    assert stored["contacts"][changed.id]["name"] == "Renamed Person"
    assert {c.id for c in contacts} <= set(stored["contacts"])
