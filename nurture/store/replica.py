"""A data directory's records as the merge reads them, and merged records written back as they are.

The merge (``domain/merge.py``) works on every stored record by file ("contacts",
"interactions/3", …) and id, with its revisions, and on the tombstones. Here they are read raw
(parsed, checked to decode, never re-stamped) from the live directory, from another nurture
directory (an old copy, a backup folder), from a file-sync tool's conflict copy, or from the
bytes of a git commit; and a merge is written back in one atomic commit under the lock, the
records exactly as merged: no new revision is stamped on them, for they are not a change made
here. A file the merge takes whole from the other side is written with that side's very bytes
(so a git tree after a sync that only took the other side's changes is the other side's tree).
Derived files need nothing: a shard's index and ``contacts.idx`` are keyed by the file they
describe. The search index is kept current as a save keeps it (``search_index.before_write``
and ``after_write``: the records the merge put and deleted, by source), and scrubbed when
something was deleted, so their words leave it at once. The saved drafts of a contact the merge
deletes go with them, as ``erase`` removes them. Afterwards this device's clock moves past the latest revision merged
in, so the next change made here is later than everything it saw.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from nurture.domain.erasure import draft_names, draft_slug
from nurture.domain.merge import Records, Replica, Tombstones, latest
from nurture.store import migrations
from nurture.store.errors import DataFileError
from nurture.store.log import INDEX_SUFFIX
from nurture.store.records import DataFile
from nurture.store.repository import Repository, is_searched
from nurture.store.spans import HEAD
from nurture.store.stamps import TOMBSTONES_FILE
from nurture.store.storage import AtomicJSONStorage

#: The source name of the tombstones file (it is not a record file of the merge's).
TOMBSTONES = "tombstones"


def sources(repo: Repository) -> dict[str, DataFile]:
    """Every data file the merge reads, by source name, the tombstones file as "tombstones"."""
    return {**repo._sources(), TOMBSTONES: repo.tombstones_file}


def relative(repo: Repository) -> dict[str, str]:
    """Each source's path inside a data directory ("interactions/3.json")."""
    return {source: f.path.relative_to(repo.data_dir).as_posix() for source, f in sources(repo).items()}


def parse(
    repo: Repository, source: str, raw: bytes, where: str, unless: Replica | None = None
) -> dict[str, dict[str, Any]]:
    """The records of ``raw`` (some version of ``source``'s file, found at ``where``), as stored;
    refused with a message naming ``where`` when it is not a nurture data file, or a record does
    not decode as loading decodes it. ``unless``: a replica whose records are known to decode
    (this directory's, checked): a record stored there just the same is not decoded again."""
    f = sources(repo)[source]
    storage = AtomicJSONStorage(Path(where), f.storage.kind, table=f.table.name)
    table = storage.tables_of(raw).get(f.table.name, {})
    known = unless.records.get(source, {}) if unless is not None else {}
    reader = DataFile(Path(where), f.table.name, f.storage.kind, f.decode, "")
    for rid, doc in table.items():
        if known.get(rid) != doc:
            reader.decode_one(rid, doc)
    return table


#: Where a record begins in a data file as nurture writes it: its key, then its value, whose
#: first member is its id (``"<id>":{"id":"<id>"``).
_RECORD = b'":{"id":"'


def record_spans(raw: bytes, table: str) -> dict[str, bytes] | None:
    """Each record's bytes in ``raw``, a data file as nurture writes it (``spans.py``: no
    whitespace, one table, last), by id, without parsing it: the file split where a record
    begins. A ``"`` after ``{`` or ``,`` is never inside a string (there it would follow a
    ``\\``), and each piece must begin with the key the one before it ends with, so a record
    inside a record cannot pass for one. None when the file is not so (another shape, an older
    schema, an id with an escape in it): then it is parsed whole. Equal bytes are an equal
    record; a record read from its bytes is checked to parse to a record with that id."""
    opener = b"," + orjson.dumps(table) + b':{"'
    if not raw.startswith(HEAD) or not raw.endswith(b"}}}"):
        return None
    pieces = raw.split(_RECORD)
    head = pieces[0]
    at = head.rfind(opener)
    if len(pieces) < 2 or at < 0:
        return None
    try:
        meta = orjson.loads(head[len(HEAD) : at])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(meta, dict) or meta.get("schema") != migrations.CURRENT_SCHEMA:
        return None
    key = head[at + len(opener) :]
    out: dict[str, bytes] = {}
    last = len(pieces) - 1
    for k in range(1, len(pieces)):
        piece = pieces[k]
        if not piece.startswith(key + b'"') or b"\\" in key:
            return None
        if k < last:
            q = piece.rfind(b'"')
            if q < 1 or piece[q - 1 : q] != b",":
                return None
            body, following = piece[: q - 1], piece[q + 1 :]
        else:
            body, following = piece[:-2], b""
        rid = key.decode("utf-8", "surrogateescape")
        if rid in out:
            return None
        out[rid] = body
        key = following
    return out


def record_of(body: bytes, rid: str) -> dict[str, Any] | None:
    """The record whose bytes ``record_spans`` gave (None if they do not parse to it)."""
    try:
        doc = orjson.loads(b'{"id":"' + body)
    except orjson.JSONDecodeError:
        return None
    return doc if isinstance(doc, dict) and doc.get("id") == rid else None


def three_sides(repo: Repository, source: str, here: dict[str, dict[str, Any]], there_raw: bytes, base_raw: bytes,
                where: str) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]] | None:  # fmt: skip
    """``source``'s records there and in the base, for a three-way merge with ``here`` (this
    directory's), parsing only the records whose bytes differ there from the base: a record the
    same in both (most, by far) is given as here's on both sides (or, deleted here, as it was),
    so the merge keeps what here did with it, as it would from the whole files. None when the
    files cannot be read so (``record_spans``): parse them whole. A record read is checked to
    decode as loading decodes it (``parse``)."""
    table = sources(repo)[source].table.name
    theirs, ancestors = record_spans(there_raw, table), record_spans(base_raw, table)
    if theirs is None or ancestors is None:
        return None
    there: dict[str, dict[str, Any]] = {}
    base: dict[str, dict[str, Any]] = {}
    for rid, doc in here.items():
        body = theirs.get(rid)
        if body is not None and body == ancestors.get(rid):
            there[rid] = base[rid] = doc
    for rid, body in theirs.items():  # changed or added there, or deleted here
        if rid not in there:
            got = record_of(body, rid)
            if got is None:
                return None
            there[rid] = got
    for rid, body in ancestors.items():
        if rid not in base:
            was = there[rid] if rid in there and body == theirs.get(rid) else record_of(body, rid)
            if was is None:
                return None
            base[rid] = was
    f = sources(repo)[source]
    reader = DataFile(Path(where), f.table.name, f.storage.kind, f.decode, "")
    for rid, doc in there.items():
        if here.get(rid) is not doc:
            reader.decode_one(rid, doc)
    return there, base


def replica_of(repo: Repository, blobs: Mapping[str, bytes], where: str, unless: Replica | None = None) -> Replica:
    """The replica the file contents ``blobs`` (by source) make; ``where`` names where they are
    from (``unless``: as ``parse`` says)."""
    paths = relative(repo)
    records: Records = {}
    tombstones: Tombstones = {}
    for source, raw in blobs.items():
        table = parse(repo, source, raw, f"{where}/{paths[source]}", unless)
        if source == TOMBSTONES:
            tombstones = {s: dict(g) for s, g in table.items()}
        else:
            records[source] = table
    return Replica(records, tombstones)


def read_folder(repo: Repository, folder: Path) -> tuple[Replica, dict[str, bytes]]:
    """Another nurture data directory (or a backup folder), read without changing anything in it:
    its replica and each file's bytes. ``DataFileError`` when it holds no nurture data file."""
    blobs: dict[str, bytes] = {}
    for source, rel in relative(repo).items():
        path = folder / rel
        if path.is_file() and not path.is_symlink():
            try:
                blobs[source] = path.read_bytes()
            except OSError as e:
                raise DataFileError(f"{path} cannot be read ({e.strerror or e}); nothing was changed.") from None
    if not blobs:
        raise DataFileError(
            f"{folder} holds no nurture data files (contacts.json, interactions/ …); nothing was changed."
        )
    return replica_of(repo, blobs, str(folder)), blobs


def local(repo: Repository, only: set[str] | None = None) -> Replica:
    """This directory's records as stored now (call under the lock when a write follows):
    every file's, or ``only`` those sources' (the tombstones always)."""
    records: Records = {}
    for source, f in sources(repo).items():
        if source == TOMBSTONES or (only is not None and source not in only) or not f.path.exists():
            continue
        f.checked()  # a damaged file is refused, naming it
        records[source] = dict(f.table.raw())
    return Replica(records, repo.tombstones_file.graves())


def write(repo: Repository, merged: Replica, current: Replica, there: Replica | None = None,
          there_bytes: Mapping[str, bytes] | None = None) -> list[str]:  # fmt: skip
    """Write what ``merged`` changes from ``current`` (read under the same lock): each source
    whose records differ, and the tombstones, in one atomic commit after the run's backup,
    records as they are. A source whose merged records are exactly ``there``'s is written with
    its bytes, ``there_bytes[source]``, when given. Returns the sources written."""
    files = sources(repo)
    changed = [s for s, docs in merged.records.items() if s in files and docs != current.records.get(s, {})]
    graves = merged.tombstones != current.tombstones
    news = arrived(merged, current)
    decoded = {  # every record written must decode as loading decodes it
        source: [files[source].decode_one(rid, doc) for rid, doc in docs.items()]
        for source, docs in news.records.items()
    }
    if not changed and not graves:
        repo.clock.observe(latest(news))
        return []
    written = [*changed, *([TOMBSTONES] if graves else [])]
    repo._before_write()
    deleting = any(set(current.records.get(s, {})) - set(merged.records[s]) for s in changed)
    drafts = _drafts_gone(repo, merged, current)
    searched = _searched(merged, current, changed, decoded) + ([("drafts", [], drafts)] if drafts else [])
    search = repo._search_hooks() if searched else None
    before = search.before_write(repo, [s for s, _, _ in searched]) if search is not None else None
    with repo.commit([files[s] for s in written]) as commit:
        for source in written:
            f = files[source]
            if source == TOMBSTONES:
                same = there is not None and there.tombstones == merged.tombstones
                value: dict[str, Any] = {s: dict(g) for s, g in sorted(merged.tombstones.items())}
            else:
                same = there is not None and there.records.get(source) == merged.records[source]
                value = merged.records[source]
            if same and there_bytes is not None and source in there_bytes:
                commit.stage(f.path, there_bytes[source])
            elif same and there_bytes is not None and not value:  # the other side has no such file
                commit.delete(f.path)
                if f.path.with_suffix(INDEX_SUFFIX).exists():
                    commit.delete(f.path.with_suffix(INDEX_SUFFIX))
            else:
                f.storage.write({f.table.name: value})
    for source in written:
        files[source].forget()
    repo.clock.observe(latest(news))
    _remove_drafts(repo, drafts)
    if search is not None:
        search.after_write(repo, before, searched)  # best effort: never raises
        if deleting:  # what was deleted leaves the index file's bytes too
            search.scrub(repo)
    return written


def arrived(merged: Replica, current: Replica) -> Replica:
    """The records of ``merged`` that ``current`` (this directory's, read under the lock) does not
    hold just so, and every tombstone: what a merge brings here. (Records stored here already
    decode, and this device's clock is past their revisions.)"""
    records: Records = {}
    for source, docs in merged.records.items():
        mine = current.records.get(source, {})
        new = {rid: doc for rid, doc in docs.items() if mine.get(rid) != doc}
        if new:
            records[source] = new
    return Replica(records, merged.tombstones)


def _searched(
    merged: Replica, current: Replica, changed: list[str], decoded: Mapping[str, list[Any]]
) -> list[tuple[str, list, list]]:
    """For the search index: each searched source the merge writes, with the records it puts
    (``decoded``: those that differ from ``current``) and the ids it deletes."""
    out: list[tuple[str, list, list]] = []
    for source in changed:
        if not is_searched(source):
            continue
        now, was = merged.records[source], current.records.get(source, {})
        put = decoded.get(source, [])
        gone = [rid for rid in was if rid not in now]
        if put or gone:
            out.append((source, put, gone))
    return out


def _drafts_gone(repo: Repository, merged: Replica, current: Replica) -> list[str]:
    """The saved drafts (file names in drafts/) of the contacts the merge deletes: as ``erase``
    removes them. Drafts are named by name: a file another contact's name also leads to is kept."""
    if "contacts" not in merged.records:
        return []
    now, was = merged.records["contacts"], current.records.get("contacts", {})
    gone = [doc.get("name") for rid, doc in was.items() if rid not in now]
    names = [n for n in gone if isinstance(n, str)]
    if not names:
        return []
    kept = {draft_slug(doc["name"]) for doc in now.values() if isinstance(doc.get("name"), str)}
    return [f for n in names if draft_slug(n) not in kept for f in draft_names(n)]


def _remove_drafts(repo: Repository, names: list[str]) -> None:
    folder = repo.data_dir / "drafts"
    if not names or folder.is_symlink() or not folder.is_dir():
        return
    for name in names:
        path = folder / name
        if not path.is_symlink():
            with contextlib.suppress(OSError):  # a draft is a copy of a message, not a record
                path.unlink(missing_ok=True)


__all__ = [
    "TOMBSTONES",
    "TOMBSTONES_FILE",
    "arrived",
    "local",
    "parse",
    "read_folder",
    "relative",
    "replica_of",
    "sources",
    "write",
]
