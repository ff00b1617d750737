"""Showing one contact reads that contact's records (their spans in the shard), never the
whole shard, and never the wrong records: whatever happened to the shard or its index since.

What a user would notice if these broke: a timeline that freezes the dashboard the first time
it touches a shard, memory that grows with every person browsed, a timeline showing someone
else's notes or an old version of them, or a damaged note reported as something vaguer."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from nurture.domain.models import Contact, Interaction, new_id
from nurture.seed import synthetic_network
from nurture.store import DataFileError, Repository
from nurture.store import log as store_log
from nurture.store.repository import shard_of
from nurture.store.spans import spans_doc, spans_from

TODAY = date(2026, 11, 23)


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, list[Contact], list[Interaction]]:
    contacts, interactions, followups = synthetic_network(150, 1200, TODAY)
    data = tmp_path / "data"
    Repository(data).open().save(contacts=contacts, interactions=interactions, followups=followups)
    return data, contacts, interactions


def by_id(items) -> dict[str, Interaction]:
    return {i.id: i for i in items}


def stored(data: Path, contact_id: str | None = None) -> dict[str, Interaction]:
    """The interactions on disk now (of one contact, or everyone's), read whole: no index,
    no spans."""
    out = {}
    for p in (data / "interactions").glob("*.json"):
        for d in orjson.loads(p.read_bytes())["interactions"].values():
            if contact_id is None or d["contact_id"] == contact_id:
                out[d["id"]] = Interaction.from_dict(d)
    return out


def theirs(data: Path, contact_id: str) -> dict[str, Interaction]:
    return stored(data, contact_id)


def count_decodes(repo: Repository, monkeypatch) -> list[str]:
    """The ids of the interaction records ``repo`` decodes from now on."""
    seen: list[str] = []
    for f in repo.interaction_files.values():
        real = f.decode
        monkeypatch.setattr(f, "decode", lambda doc, real=real: seen.append(doc.get("id")) or real(doc))
    return seen


def busy(contacts, interactions, n: int = 1) -> list[Contact]:
    return sorted(contacts, key=lambda c: -sum(i.contact_id == c.id for i in interactions))[:n]


def shard_parses(repo: Repository) -> int:
    return sum(f.storage.parses for f in repo.interaction_files.values())


def test_browsing_everyone_decodes_each_record_once_and_keeps_no_shard(seeded, monkeypatch):
    data, contacts, interactions = seeded
    repo = Repository(data).open()
    network = repo.load()
    decoded = count_decodes(repo, monkeypatch)
    for c in contacts:
        assert by_id(network.log.of(c.id)) == theirs(data, c.id)
    assert sorted(decoded) == sorted(i.id for i in interactions)  # each once: nobody's shard whole
    assert shard_parses(repo) == 0
    for f in repo.interaction_files.values():  # nothing of a shard is held once shown
        assert f.storage._tables is None and f._records is None


def test_a_shard_written_by_hand_is_found_by_its_spans_after_one_rebuild(seeded, monkeypatch):
    data, contacts, interactions = seeded
    someone = busy(contacts, interactions)[0]
    shard = data / "interactions" / f"{shard_of(someone.id)}.json"
    pretty = orjson.dumps(orjson.loads(shard.read_bytes()), option=orjson.OPT_INDENT_2)
    shard.write_bytes(pretty)  # an editor's pretty-printed save: not as nurture writes it
    repo = Repository(data).open()
    assert by_id(repo.load().log.of(someone.id)) == theirs(data, someone.id)
    again = Repository(data).open()
    again.load()
    decoded = count_decodes(again, monkeypatch)
    assert by_id(again.interactions_of(someone.id)) == theirs(data, someone.id)
    assert shard_parses(again) == 0  # the rebuilt index found the spans; nothing parsed whole
    assert sorted(decoded) == sorted(theirs(data, someone.id))
    assert shard.read_bytes() == pretty  # reading rewrote nothing


def test_a_shard_replaced_between_its_index_and_the_read_gives_what_is_on_disk(seeded, monkeypatch):
    data, contacts, interactions = seeded
    someone = busy(contacts, interactions)[0]
    repo = Repository(data).open()
    network = repo.load()
    new = Interaction(new_id(), someone.id, TODAY, "coffee", summary="after", created=datetime(2026, 11, 23, 9))
    real = store_log.read_spans

    def replaced_first(path, index, wanted):
        if not replaced_first.done:  # another process saves while this one holds the old index
            replaced_first.done = True
            Repository(data).open().save(interactions=[new])
        return real(path, index, wanted)

    replaced_first.done = False
    monkeypatch.setattr(store_log, "read_spans", replaced_first)
    got = by_id(network.log.of(someone.id))
    assert replaced_first.done
    assert got == theirs(data, someone.id) and new.id in got


def test_an_index_whose_spans_lie_is_not_believed(seeded):
    """An index that names the shard as it is but puts each record one span off (a bug, a
    tool): the records read are checked against the entries, so the shard is read whole."""
    data, contacts, interactions = seeded
    someone = busy(contacts, interactions)[0]
    Repository(data).open().load()
    index = data / "interactions" / f"{shard_of(someone.id)}.idx"
    doc = orjson.loads(index.read_bytes())
    spans = doc["spans"]
    layout = spans_from(doc, "interactions", [row[0] for row in doc["rows"]])
    assert layout is not None
    layout.starts, layout.ends = layout.starts[1:] + layout.starts[:1], layout.ends[1:] + layout.ends[:1]
    doc.update(spans_doc(layout))  # every record gets its neighbour's bytes
    index.write_bytes(orjson.dumps(doc))
    repo = Repository(data).open()
    assert by_id(repo.load().log.of(someone.id)) == theirs(data, someone.id)
    assert orjson.loads(index.read_bytes())["spans"] == spans  # and indexed again


def test_a_damaged_record_is_named_when_its_contact_is_shown_and_only_then(seeded):
    data, contacts, interactions = seeded
    first = busy(contacts, interactions)[0]
    someone, other = [c for c in busy(contacts, interactions, 60) if shard_of(c.id) == shard_of(first.id)][:2]
    shard = data / "interactions" / f"{shard_of(someone.id)}.json"
    raw = shard.read_bytes()
    victim = next(i for i in interactions if i.contact_id == someone.id)
    at = raw.index(f'"id":"{victim.id}"'.encode())
    summary = raw.index(b'"summary":', at) + len(b'"summary":')
    assert raw[summary : summary + 1] == b'"'
    damaged = raw[:summary] + b"12345" + raw[raw.index(b'"', summary + 1) + 1 :]  # the summary a number
    shard.write_bytes(damaged)
    repo = Repository(data).open()
    network = repo.load()  # the entries hold no summary: the index is rebuilt fine
    assert by_id(network.log.of(other.id)) == theirs(data, other.id)
    with pytest.raises(DataFileError, match=rf"{shard.name}.*damaged record '{victim.id}'.*summary"):
        network.log.of(someone.id)
    assert shard.read_bytes() == damaged


def test_stored_records_stream_in_the_order_asked_reading_only_their_bytes(seeded):
    data, _, _ = seeded
    repo = Repository(data).open()
    network = repo.load()
    entries = sorted(network.log.entries(), key=lambda e: (e.on, e.id), reverse=True)
    gone = entries[7]
    repo.delete_interaction(stored(data)[gone.id])
    reader = Repository(data).open()
    docs = list(reader.stored_interactions(entries))
    raw = {}
    for p in (data / "interactions").glob("*.json"):
        raw.update(orjson.loads(p.read_bytes())["interactions"])
    assert [d["id"] for d in docs] == [e.id for e in entries if e.id != gone.id]
    assert all(d == raw[d["id"]] for d in docs)  # the stored dict, as on disk
    assert shard_parses(reader) == 0


def test_the_records_of_chosen_entries_are_read_alone(seeded, monkeypatch):
    data, _, interactions = seeded
    repo = Repository(data).open()
    network = repo.load()
    chosen = [e for e in network.log.entries() if e.open_items][:25]
    decoded = count_decodes(repo, monkeypatch)
    got = by_id(network.log.these(chosen))
    assert got == {e.id: stored(data)[e.id] for e in chosen}
    assert sorted(decoded) == sorted(e.id for e in chosen)
    assert repo.interaction(interactions[3].contact_id, interactions[3].id) == interactions[3]


def test_a_stream_reads_each_shard_as_it_was_reached_even_where_an_index_lies(seeded):
    """An export streams records shard by shard; another process saves to a shard mid-way.
    A span the index got wrong is read from the version the stream began with, never mixed
    with the newer one: every record streamed is the one stored when its shard was reached."""
    data, contacts, interactions = seeded
    someone = busy(contacts, interactions)[0]
    shard = data / "interactions" / f"{shard_of(someone.id)}.json"
    Repository(data).open().load()
    index = shard.with_suffix(".idx")
    doc = orjson.loads(index.read_bytes())
    ids = [row[0] for row in doc["rows"]]
    layout = spans_from(doc, "interactions", ids)
    assert layout is not None and len(ids) > 3
    layout.starts[1], layout.starts[2] = layout.starts[2], layout.starts[1]  # records 1 and 2: each other's bytes
    layout.ends[1], layout.ends[2] = layout.ends[2], layout.ends[1]
    doc.update(spans_doc(layout))
    index.write_bytes(orjson.dumps(doc))
    before = orjson.loads(shard.read_bytes())["interactions"]
    repo = Repository(data).open()
    by_entry = {e.id: e for e in repo.load().log.entries()}
    stream = repo.stored_interactions([by_entry[ids[0]], by_entry[ids[1]], by_entry[ids[2]]])
    assert next(stream) == before[ids[0]]
    edited = Interaction.from_dict({**before[ids[1]], "summary": "edited after the export began"})
    Repository(data).open().save(interactions=[edited])
    assert list(stream) == [before[ids[1]], before[ids[2]]]
