"""Opening reads the shard indexes, not the notes; the indexes are a cache that can never lie.

Each test states what a user would notice if it broke: a wrong queue after another process
wrote, a stale timeline, an error from a damaged cache, notes read at startup for nothing."""

from __future__ import annotations

import os
import shutil
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from nurture.domain.log import Entry
from nurture.domain.models import Contact, Interaction, new_id
from nurture.domain.network import Network
from nurture.domain.queue import queue_of
from nurture.seed import synthetic_network
from nurture.store import Repository
from nurture.store import records as store_records
from nurture.store.errors import DataFileError
from nurture.store.repository import shard_of

TODAY = date(2026, 11, 23)


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, list[Contact], list[Interaction]]:
    contacts, interactions, followups = synthetic_network(200, 1500, TODAY)
    data = tmp_path / "data"
    Repository(data).open().save(contacts=contacts, interactions=interactions, followups=followups)
    return data, contacts, interactions


def parsed_shards(repo: Repository) -> set[str]:
    """Shards this repository has parsed whole (to index or decode them), or holds parsed."""
    return {
        shard
        for shard, f in repo.interaction_files.items()
        if f.storage.parses or f.storage._tables is not None or f._records is not None
    }


def test_every_shard_has_a_private_index_after_saving(seeded):
    data, _, _ = seeded
    shards = sorted(p.stem for p in (data / "interactions").glob("*.json"))
    indexes = sorted(p.stem for p in (data / "interactions").glob("*.idx"))
    assert shards and indexes == shards
    for p in (data / "interactions").glob("*.idx"):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600


def test_opening_reads_no_notes_and_gives_the_same_queue_as_the_full_records(seeded):
    data, contacts, interactions = seeded
    repo = Repository(data).open()
    network = repo.load()
    assert parsed_shards(repo) == set()
    full = Network.of(contacts, interactions, network.followups, network.settings)
    assert queue_of(network, TODAY, within=365) == queue_of(full, TODAY, within=365)
    assert parsed_shards(repo) == set()  # the queue needed no notes either


def test_a_timeline_reads_only_that_contacts_records_and_matches_what_was_saved(seeded, monkeypatch):
    data, contacts, interactions = seeded
    someone = max(contacts, key=lambda c: sum(i.contact_id == c.id for i in interactions))
    repo = Repository(data).open()
    network = repo.load()
    decoded: list[str] = []
    shard = repo.interaction_files[shard_of(someone.id)]
    real = shard.decode
    monkeypatch.setattr(shard, "decode", lambda doc: decoded.append(doc["id"]) or real(doc))
    theirs = sorted((i for i in interactions if i.contact_id == someone.id), key=lambda i: i.order_key)
    assert network.timeline(someone.id) == theirs
    assert parsed_shards(repo) == set()  # no shard parsed, none kept
    assert sorted(decoded) == sorted(i.id for i in theirs)  # their records decoded, no one else's


def test_another_process_writing_makes_the_index_stale_and_it_is_not_used(seeded):
    data, contacts, _ = seeded
    mine = Repository(data).open()
    mine.load()
    c = contacts[0]
    new = Interaction(new_id(), c.id, TODAY, "outreach", created=datetime(2026, 11, 23, 9))
    Repository(data).open().save(interactions=[new])  # "another process"
    entries = mine.load().log.entries()
    assert Entry.of(new) in entries


def test_an_index_left_behind_by_a_crash_is_ignored(seeded):
    """A crash after the shard was replaced but before its index was: the old index
    describes the old shard, so it is not used."""
    data, contacts, _ = seeded
    c = contacts[0]
    index = data / "interactions" / f"{shard_of(c.id)}.idx"
    old_index = index.read_bytes()
    new = Interaction(new_id(), c.id, TODAY, "coffee", created=datetime(2026, 11, 23, 9))
    Repository(data).open().save(interactions=[new])
    index.write_bytes(old_index)
    network = Repository(data).open().load()
    assert network.last_touch(c.id) == Entry.of(new)
    assert index.read_bytes() != old_index  # rebuilt


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"{not json",
        b'{"nurture": {"schema": 1}}',
        b"[1, 2]",
        b'{"nurture": {"schema": 1, "of": [], "file": "index"}, "rows": 3}',
    ],
)
def test_a_damaged_index_is_rebuilt_silently(seeded, garbage):
    data, _contacts, interactions = seeded
    for index in (data / "interactions").glob("*.idx"):
        index.write_bytes(garbage)
    network = Repository(data).open().load()
    assert sorted(network.log.entries()) == sorted(Entry.of(i) for i in interactions)


def test_a_matching_index_with_bad_rows_is_rebuilt(seeded):
    data, _, interactions = seeded
    index = next((data / "interactions").glob("*.idx"))
    text = index.read_bytes().replace(b'"rows":[[', b'"rows":[[1,', 1)
    index.write_bytes(text)
    network = Repository(data).open().load()
    assert sorted(network.log.entries()) == sorted(Entry.of(i) for i in interactions)


def test_when_indexes_cannot_be_written_everything_still_loads(seeded, monkeypatch):
    data, _, interactions = seeded
    shutil.rmtree(data / "backups", ignore_errors=True)
    for index in (data / "interactions").glob("*.idx"):
        index.unlink()

    def refuse(path, payload, durable=True):
        raise DataFileError(f"could not save {path}: permission denied.")

    monkeypatch.setattr(store_records, "atomic_write", refuse)
    network = Repository(data).open().load()
    assert len(network.log.entries()) == len(interactions)
    assert not list((data / "interactions").glob("*.idx"))


def test_a_damaged_shard_is_still_reported_by_name_when_its_index_is_rebuilt(seeded):
    data, contacts, _ = seeded
    shard = data / "interactions" / f"{shard_of(contacts[0].id)}.json"
    text = shard.read_bytes()
    shard.write_bytes(text.replace(b'"date":"', b'"date":"not a date', 1))
    os.utime(shard, ns=(1, 1))
    with pytest.raises(DataFileError, match=f"{shard.name}.*damaged record"):
        Repository(data).open().load()


def test_our_own_write_keeps_the_index_current_without_reading_the_shard_again(seeded):
    data, contacts, _ = seeded
    repo = Repository(data).open()
    repo.load()
    c = contacts[1]
    new = Interaction(new_id(), c.id, TODAY - timedelta(days=1), "call", created=datetime(2026, 11, 22, 9))
    repo.save(interactions=[new])
    again = Repository(data).open()
    assert Entry.of(new) in again.load().log.entries()
    assert parsed_shards(again) == set()  # the index written with the shard was current
