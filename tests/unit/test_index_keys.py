"""Indexes are keyed by what the shard holds (size, mtime, first and last blocks), not by where
it lies (its inode): a copy keeps them, and a changed shard never gets an index that describes
another version.

Each test states what a user would notice: a queue or a timeline that shows what is no longer
stored (a stale index used), or a slow first start in a copied directory (every index rebuilt).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from nurture.domain.log import Entry
from nurture.domain.models import Contact, Interaction, new_id
from nurture.domain.queue import queue_of
from nurture.seed import synthetic_network
from nurture.store import Repository
from nurture.store.backups import list_backups
from nurture.store.doctor import restore
from nurture.store.repository import shard_of

TODAY = date(2026, 11, 23)


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, list[Contact], list[Interaction]]:
    contacts, interactions, followups = synthetic_network(120, 900, TODAY)
    data = tmp_path / "data"
    Repository(data).open().save(contacts=contacts, interactions=interactions, followups=followups)
    return data, contacts, interactions


def shard_parses(repo: Repository) -> int:
    """How many times this repository parsed a shard whole (to rebuild an index, or decode)."""
    return sum(f.storage.parses for f in repo.interaction_files.values())


def truth(data: Path) -> list[Entry]:
    """Every entry, read from the shards themselves (no index)."""
    out: list[Entry] = []
    for p in sorted((data / "interactions").glob("*.json")):
        for d in orjson.loads(p.read_bytes())["interactions"].values():
            out.append(Entry.of(Interaction.from_dict(d)))
    return sorted(out)


def busiest_shard(data: Path) -> Path:
    return max((data / "interactions").glob("*.json"), key=lambda p: p.stat().st_size)


def rewrite_keeping_stat(path: Path, change) -> None:
    """Change a shard's bytes in place, keeping its size and mtime (an editor that restores
    the mtime, a sync tool): only its content tells the versions apart."""
    st = path.stat()
    raw = path.read_bytes()
    new = change(raw)
    assert new != raw and len(new) == len(raw)
    path.write_bytes(new)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def other_day(raw: bytes, where: int) -> bytes:
    """``raw`` with the date of the record whose "date" is nearest ``where`` moved a day
    (same length): that record's entry changes."""
    at = raw.rfind(b'"date":"', 0, where) if where else raw.find(b'"date":"')
    assert at >= 0
    at += len(b'"date":"')
    day = date.fromisoformat(raw[at : at + 10].decode())
    moved = day.replace(day=day.day + 1 if day.day < 28 else 1).isoformat().encode()
    return raw[:at] + moved + raw[at + 10 :]


def test_a_copy_made_with_cp_a_reuses_every_index_and_answers_the_same(seeded, tmp_path):
    data, _, _ = seeded
    original = Repository(data).open()
    network = original.load()
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(data), str(copy)], check=True)
    indexes = {p.name: p.read_bytes() for p in (copy / "interactions").glob("*.idx")}
    repo = Repository(copy).open()
    copied = repo.load()
    assert shard_parses(repo) == 0  # no index rebuilt: none was stale
    assert {p.name: p.read_bytes() for p in (copy / "interactions").glob("*.idx")} == indexes
    assert sorted(copied.log.entries()) == sorted(network.log.entries()) == truth(copy)
    assert queue_of(copied, TODAY, within=365) == queue_of(network, TODAY, within=365)
    someone = max(network.contacts, key=lambda cid: len(network.timeline(cid)))
    assert copied.timeline(someone) == network.timeline(someone)
    assert shard_parses(repo) == 0  # the timeline read its records by their spans, in the copy


def test_same_size_and_mtime_but_a_different_first_block_is_a_different_shard(seeded):
    data, _, _ = seeded
    Repository(data).open().load()
    shard = busiest_shard(data)
    rewrite_keeping_stat(shard, lambda raw: other_day(raw, 0))
    repo = Repository(data).open()
    assert sorted(repo.load().log.entries()) == truth(data)
    assert shard_parses(repo) == 1  # that shard's index was rebuilt, no other


def test_same_size_and_mtime_but_a_different_last_block_is_a_different_shard(seeded):
    data, _, _ = seeded
    Repository(data).open().load()
    shard = busiest_shard(data)
    rewrite_keeping_stat(shard, lambda raw: other_day(raw, len(raw)))
    repo = Repository(data).open()
    assert sorted(repo.load().log.entries()) == truth(data)
    assert shard_parses(repo) == 1


def test_a_different_size_with_the_same_mtime_is_a_different_shard(seeded):
    data, _, _ = seeded
    Repository(data).open().load()
    shard = busiest_shard(data)
    st = shard.stat()
    doc = orjson.loads(shard.read_bytes())
    doc["interactions"].popitem()  # one record fewer, written as nurture writes
    shard.write_bytes(orjson.dumps(doc))
    os.utime(shard, ns=(st.st_atime_ns, st.st_mtime_ns))
    repo = Repository(data).open()
    assert sorted(repo.load().log.entries()) == truth(data)
    assert shard_parses(repo) == 1


def test_the_same_bytes_with_another_mtime_are_indexed_again_and_read_the_same(seeded):
    data, _, _ = seeded
    before = sorted(Repository(data).open().load().log.entries())
    shard = busiest_shard(data)
    os.utime(shard, ns=(1, 1))
    repo = Repository(data).open()
    assert sorted(repo.load().log.entries()) == before == truth(data)
    assert shard_parses(repo) == 1


def test_a_missing_index_is_rebuilt(seeded):
    data, _, _ = seeded
    for index in (data / "interactions").glob("*.idx"):
        index.unlink()
    repo = Repository(data).open()
    assert sorted(repo.load().log.entries()) == truth(data)
    assert sorted(p.stem for p in (data / "interactions").glob("*.idx")) == sorted(
        p.stem for p in (data / "interactions").glob("*.json")
    )
    assert shard_parses(Repository(data).open()) == 0


def test_an_index_copied_from_another_version_of_the_shard_is_not_used(seeded, tmp_path):
    """Two copies of a directory, then a note logged in one: copying that index into the
    other (a sync that carries the index, not the shard) must not make the other lie."""
    data, contacts, _ = seeded
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(data), str(copy)], check=True)
    c = contacts[3]
    new = Interaction(new_id(), c.id, TODAY, "coffee", created=datetime(2026, 11, 23, 9))
    Repository(data).open().save(interactions=[new])
    name = f"{shard_of(c.id)}.idx"
    shutil.copy2(data / "interactions" / name, copy / "interactions" / name)
    entries = Repository(copy).open().load().log.entries()
    assert Entry.of(new) not in entries
    assert sorted(entries) == truth(copy)


def test_a_restore_keeps_the_indexes_of_shards_it_puts_back_unchanged(seeded):
    data, contacts, interactions = seeded
    repo = Repository(data).open()
    c = contacts[0]
    new = Interaction(new_id(), c.id, TODAY, "coffee", created=datetime(2026, 11, 23, 9))
    repo.save(interactions=[new])  # the run's backup holds the state before this note
    backup = list_backups(data)[-1]
    restore(Repository(data).open(), backup)
    again = Repository(data).open()
    entries = sorted(again.load().log.entries())
    assert entries == sorted(Entry.of(i) for i in interactions) == truth(data)
    assert shard_parses(again) == 1  # the one shard that changed; the others kept their index
