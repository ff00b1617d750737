"""The merge reads a file changed on both machines record by record from its bytes
(``replica.record_spans``): each record found must be exactly the record the file holds."""

from __future__ import annotations

import orjson

from nurture.store import migrations
from nurture.store.replica import record_of, record_spans


def file_of(records: dict[str, dict]) -> bytes:
    meta = {"schema": migrations.CURRENT_SCHEMA, "file": "interactions", "rev": "abc"}
    return orjson.dumps({"nurture": meta, "interactions": records})


def test_each_record_is_found_as_the_file_holds_it() -> None:
    records = {
        "a1": {"id": "a1", "notes": 'she said ",\\"b2\\":{\\"id\\":\\"b2\\"" twice', "tags": [{"x": 1}]},
        "b2": {"id": "b2", "nested": {"k": {"on": "k"}}, "notes": "},{"},
        "c3": {"id": "c3", "notes": ""},
    }
    spans = record_spans(file_of(records), "interactions")
    assert spans is not None
    assert {rid: record_of(body, rid) for rid, body in spans.items()} == records


def test_a_record_inside_a_record_never_reads_as_one() -> None:
    """Its key and id alike, it splits the record around it, but neither piece parses: the merge
    then reads the file whole (equal pieces on two sides are an equal record all the same)."""
    records = {"a1": {"id": "a1", "x": {"id": "x", "n": 1}}, "b2": {"id": "b2"}}
    spans = record_spans(file_of(records), "interactions")
    assert spans is not None and set(spans) == {"a1", "x", "b2"}
    assert record_of(spans["a1"], "a1") is None
    assert record_of(spans["x"], "x") is None
    assert record_of(spans["b2"], "b2") == {"id": "b2"}


def test_another_shape_is_parsed_whole() -> None:
    assert record_spans(b'{"nurture":{"schema":1},"interactions":{"a":{"id":"a"}}}', "interactions") is None
    assert record_spans(file_of({}), "interactions") is None
    assert record_spans(file_of({"a": {"name": "no id first"}}), "interactions") is None


def test_a_record_holding_another_id_is_parsed_whole() -> None:
    records = {"a1": {"id": "a1", "copy": {"id": "b2"}}, "b2": {"id": "b2"}}
    assert record_spans(file_of(records), "interactions") is None
