"""The store's guarantees: atomic writes, damaged files left untouched, no lost updates across
processes, private permissions, backups and migrations."""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from nurture.domain.models import Contact, Interaction, new_id
from nurture.store import DataFileError, Repository, migrations
from nurture.store import files as store_files
from nurture.store.repository import shard_of


def contact(name: str = "Ada") -> Contact:
    return Contact(id=new_id(), name=name)


def interaction(c: Contact, n: int = 0) -> Interaction:
    return Interaction(id=new_id(), contact_id=c.id, on=date(2026, 11, 1), kind="coffee", notes=f"note {n}")


def snapshot_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "backups" not in p.parts and p.name != ".lock"
    }


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


# --- atomic writes -------------------------------------------------------------------------


def test_failed_write_leaves_the_old_file_intact_and_no_temp(data_dir, monkeypatch):
    repo = Repository(data_dir).open()
    ada = contact()
    repo.save(contacts=[ada])
    before = (data_dir / "contacts.json").read_bytes()

    real_write = os.write

    def disk_full(fd, data):
        real_write(fd, bytes(data)[: len(data) // 2])  # half the bytes land, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_files.os, "write", disk_full)
    with pytest.raises(DataFileError) as e:
        repo.save(contacts=[contact("Bob")])
    monkeypatch.undo()
    assert "contacts.json" in str(e.value) and "disk is full" in str(e.value)
    assert (data_dir / "contacts.json").read_bytes() == before
    assert not list(data_dir.glob(".*.tmp"))
    assert [c.name for c in Repository(data_dir).load().contacts.values()] == ["Ada"]
    # the repository that failed is not left with a poisoned cache
    assert [c.name for c in repo.load().contacts.values()] == ["Ada"]


def test_stale_temp_files_from_a_killed_writer_are_removed_on_open(data_dir):
    Repository(data_dir).open().save(contacts=[contact()])
    stale = data_dir / ".contacts.json.999.deadbeef.tmp"
    stale.write_bytes(b'{"half":')
    Repository(data_dir).open()
    assert not stale.exists()


# --- damaged files are refused and never overwritten ----------------------------------------

DAMAGED = {
    "empty": b"",
    "whitespace": b"  \n",
    "truncated": b'{"nurture":{"schema":1},"contacts":{"a":{"id":"a","na',
    "garbage": b"\x00\xff\xfe garbage",
    "wrong shape": b"[1, 2, 3]",
    "no envelope": b'{"contacts": {}}',
    "records not objects": b'{"nurture":{"schema":1},"contacts":{"a":[1]}}',
    "future schema": b'{"nurture":{"schema":99},"contacts":{}}',
    "damaged record": b'{"nurture":{"schema":1},"contacts":{"a":{"id":"a"}}}',
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_damaged_contacts_file_is_refused_untouched(data_dir, case, clock):
    from nurture.services import Nurture

    data_dir.mkdir(mode=0o700)
    target = data_dir / "contacts.json"
    target.write_bytes(DAMAGED[case])
    with pytest.raises(DataFileError) as e:
        service = Nurture(Repository(data_dir), today=clock.today, now=clock.now)
        service.add_contact("Bob")
    message = str(e.value)
    assert str(target) in message
    assert "untouched" in message
    if case == "future schema":
        assert "newer version" in message and "Upgrade" in message
    else:
        assert "nurture doctor" in message and "nurture restore" in message
    assert target.read_bytes() == DAMAGED[case]
    assert not (data_dir / "backups").exists()


def test_damaged_shard_is_named(data_dir):
    repo = Repository(data_dir).open()
    ada = contact()
    repo.save(contacts=[ada], interactions=[interaction(ada)])
    shard = data_dir / "interactions" / f"{shard_of(ada.id)}.json"
    shard.write_bytes(b"{")
    with pytest.raises(DataFileError, match=str(shard).replace(".", r"\.")):
        Repository(data_dir).load()
    assert shard.read_bytes() == b"{"


# --- freshness and concurrency --------------------------------------------------------------


def test_a_second_process_sees_changes_immediately(data_dir):
    app_view = Repository(data_dir).open()
    shell = Repository(data_dir).open()
    assert app_view.load().contacts == {}
    v0 = app_view.version()
    ada = contact()
    shell.save(contacts=[ada])
    assert app_view.version() != v0
    assert list(app_view.load().contacts) == [ada.id]
    shell.save(contacts=[ada.evolve(name="Ada L")])
    assert app_view.load().contacts[ada.id].name == "Ada L"


def _writer(data_dir: str, contact_id: str, tag: str, n: int) -> None:
    repo = Repository(data_dir)
    for k in range(n):
        repo.save(
            interactions=[Interaction(id=f"{tag}-{k}", contact_id=contact_id, on=date(2026, 11, 1), kind="email")]
        )


def test_two_processes_times_200_writes_lose_nothing(data_dir):
    repo = Repository(data_dir).open()
    ada = contact()
    repo.save(contacts=[ada])
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(data_dir), ada.id, t, 200)) for t in "ab"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    ids = {i.id for i in Repository(data_dir).load().interactions}
    assert len(ids) == 400
    assert {f"a-{k}" for k in range(200)} | {f"b-{k}" for k in range(200)} == ids


def test_logging_a_note_rewrites_one_shard_only(data_dir):
    repo = Repository(data_dir).open()
    people = [Contact(id=f"{h}{new_id()[1:]}", name=f"P{h}") for h in "0123456789abcdef"]
    repo.save(contacts=people, interactions=[interaction(c) for c in people])
    shards = sorted((data_dir / "interactions").glob("*.json"))
    assert len(shards) == 16
    before = {p.name: p.stat().st_ino for p in [*shards, data_dir / "contacts.json"]}
    repo.save(interactions=[interaction(people[0], 1)])
    after = {p.name: p.stat().st_ino for p in [*shards, data_dir / "contacts.json"]}
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [f"{shard_of(people[0].id)}.json"]


# --- permissions -----------------------------------------------------------------------------


def test_directory_0700_and_every_file_0600_even_with_a_loose_umask(data_dir, monkeypatch):
    old = os.umask(0)
    try:
        seen_temp_modes = []
        real_replace = os.replace

        def spy(src, dst):
            if str(src).endswith(".tmp"):
                seen_temp_modes.append(stat.S_IMODE(os.stat(src).st_mode))
            return real_replace(src, dst)

        monkeypatch.setattr(store_files.os, "replace", spy)
        repo = Repository(data_dir).open()
        ada = contact()
        repo.save(contacts=[ada], interactions=[interaction(ada)])
        Repository(data_dir).save(contacts=[contact("Bob")])  # a second run: makes a backup
    finally:
        os.umask(old)
    assert seen_temp_modes and set(seen_temp_modes) == {0o600}
    dirs = [p for p in data_dir.rglob("*") if p.is_dir()] + [data_dir]
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any("backups" in p.parts for p in files)
    assert data_dir / ".lock" in files
    assert {str(p): mode(p) for p in dirs} == {str(p): 0o700 for p in dirs}
    assert {str(p): mode(p) for p in files} == {str(p): 0o600 for p in files}


def test_an_existing_loose_directory_is_tightened(data_dir):
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    Repository(data_dir).open()
    assert mode(data_dir) == 0o700


# --- backups ---------------------------------------------------------------------------------


def test_each_run_backs_up_before_its_first_write_and_keeps_five(data_dir, clock):
    Repository(data_dir, now=clock.now).open().save(contacts=[contact("First")])
    assert not (data_dir / "backups").exists()  # nothing to back up before the first write
    names = []
    for n in range(7):
        repo = Repository(data_dir, now=clock.now).open()
        before = (data_dir / "contacts.json").read_bytes()
        repo.save(contacts=[contact(f"Run {n}")])
        repo.save(contacts=[contact(f"Run {n} again")])  # same run: no second backup
        newest = repo.backups()[-1]
        assert (newest / "contacts.json").read_bytes() == before
        names.append(newest.name)
    kept = Repository(data_dir).backups()
    assert [p.name for p in kept] == names[-5:]


# --- schema migrations --------------------------------------------------------------------------


def test_older_schema_is_migrated_after_a_backup(data_dir, monkeypatch):
    data_dir.mkdir(mode=0o700)
    now = migrations.CURRENT_SCHEMA
    old = {"nurture": {"schema": now, "file": "contacts"}, "contacts": {"x": {"id": "x", "fullname": "Ada"}}}
    old_bytes = orjson.dumps(old)
    (data_dir / "contacts.json").write_bytes(old_bytes)

    def rename_field(tables):
        for doc in tables["contacts"].values():
            doc["name"] = doc.pop("fullname")
        return tables

    monkeypatch.setattr(migrations, "CURRENT_SCHEMA", now + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, now, rename_field)
    repo = Repository(data_dir).open()
    assert repo.load().contacts["x"].name == "Ada"
    on_disk = orjson.loads((data_dir / "contacts.json").read_bytes())
    assert on_disk["nurture"]["schema"] == now + 1
    assert on_disk["contacts"]["x"]["name"] == "Ada"
    (backup,) = repo.backups()
    assert (backup / "contacts.json").read_bytes() == old_bytes


def test_a_failing_migration_leaves_the_file_untouched(data_dir, monkeypatch):
    data_dir.mkdir(mode=0o700)
    now = migrations.CURRENT_SCHEMA
    raw = b'{"nurture":{"schema":%d},"contacts":{}}' % now
    (data_dir / "contacts.json").write_bytes(raw)
    monkeypatch.setattr(migrations, "CURRENT_SCHEMA", now + 1)  # and no migration to it
    with pytest.raises(DataFileError, match=f"could not be upgraded from schema {now}"):
        Repository(data_dir).open().load()
    assert (data_dir / "contacts.json").read_bytes() == raw


def test_round_trip_keeps_every_field(data_dir):
    from nurture.domain.dates import Cadence
    from nurture.domain.models import ActionItem, StageChange

    c = Contact(
        id=new_id(),
        name="[bold]Zed[/] 🚀",
        role="r",
        company="c",
        tags=("a", "b"),
        stage="met",
        cadence=Cadence(3, "m"),
        referred_by="someone",
        snoozed_until=date(2027, 1, 1),
        stage_history=(StageChange(date(2026, 1, 1), "met"),),
        created=datetime(2026, 1, 1, 9, 30),
    )
    i = Interaction(
        id=new_id(),
        contact_id=c.id,
        on=date(2026, 2, 1),
        kind="coffee",
        notes="line1\nline2\x00",
        takeaways=("t",),
        action_items=(ActionItem("x", "them", True),),
        duration_minutes=25,
    )
    Repository(data_dir).save(contacts=[c], interactions=[i])
    net = Repository(data_dir).load()
    assert net.contacts[c.id] == c
    assert net.interactions == (i,)


def test_tinydb_is_used_only_through_its_public_storage_interface():
    """The store reads and writes a table whole through its own storage (TinyDB's documented
    ``Storage``: ``read``/``write``/``close``); nothing subclasses TinyDB's ``Table`` or calls
    its private methods, so a TinyDB release that reworks its internals cannot break a save."""
    import ast

    import tinydb

    root = Path(__file__).resolve().parents[2] / "nurture"
    imported = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tinydb":
                imported |= {(node.module, alias.name) for alias in node.names}
            elif isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "tinydb" for a in node.names), path
    assert imported == {("tinydb", "Storage")}
    assert set(tinydb.Storage.__abstractmethods__) == {"read", "write"}  # what AtomicJSONStorage implements
