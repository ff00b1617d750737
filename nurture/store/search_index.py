"""The full-text search index: a DERIVED file beside the data, ``search.sqlite`` (SQLite FTS5).

Never the truth: like a shard's ``.idx`` it is keyed by what it indexed. For every source file
(``contacts``, each interactions shard ``interactions/N``, ``meetings``, ``questions``,
``prep``, ``appointments``, and the ``drafts`` folder) it keeps the fingerprint of the version it indexed (the
store's fingerprint: size, mtime and a hash of the first and last blocks, which survives a copy
or a restore where an inode does not). ``refresh`` re-indexes the sources whose fingerprint
changed (another process's write, a restore, an edit by hand) and rebuilds the whole file when
it is missing, of another schema or damaged (any SQLite error: the file is deleted and built
again; nothing is lost, the data files are the truth). A write updates it incrementally
(``apply``), best effort: it never makes a save fail, and a write it missed leaves a source's
fingerprint behind, so the next ``refresh`` re-indexes it.

Layout: ``docs`` holds what each searchable text is (its key, source, record, person,
interaction, date, kind, field, done); ``texts`` the text as stored (NFC, shown in results;
apart, so the rows a filter reads stay small); ``fts`` (FTS5, ``unicode61 remove_diacritics
2``, ``fts.rowid`` is ``docs.id``) indexes in column ``body`` the folded text
(``search_query.index_text``: case and accents ignored in any script, Chinese or Japanese cut
into characters as queries are), and in column ``tag`` the doc's person, kind, field and
whether it is an open action item, as tokens (``_tags``), so FTS5 filters on them itself.
``fts`` is contentless (the text is kept once, in ``texts``: a third smaller and faster to
build), so a row leaves it by the ``'delete'`` command given the very values it was indexed
with, made again from ``docs`` and ``texts``. Folding depends on the Unicode tables of the
Python that folded, so the index records their version and is rebuilt under another.

A full build is written to a temp file with no journal and no syncs, then renamed into place:
a crash leaves the old index or a temp file (cleared when the data directory is next opened),
never half an index. The file is 0600 in the 0700 data directory; it is left out of backups
(they copy the data files only) and of exports.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from nurture.domain.search_docs import (
    Doc,
    docs_of_appointment,
    docs_of_contact,
    docs_of_draft,
    docs_of_interaction,
    docs_of_meeting,
    docs_of_prep,
    docs_of_question,
)
from nurture.domain.search_query import index_text
from nurture.store.errors import DataFileError
from nurture.store.files import FILE_MODE, SEARCH_INDEX, temp_path_for
from nurture.store.records import fingerprint_of, gc_paused

if TYPE_CHECKING:
    from nurture.store.records import DataFile
    from nurture.store.repository import Repository

log = logging.getLogger(__name__)

FILE_NAME = SEARCH_INDEX
#: Bumped whenever the tables or what a Doc holds change: an index of another schema is rebuilt.
SCHEMA = 7
#: What the index must say it is: the schema, and the Unicode version ``fold`` folded with.
VERSION = f"{SCHEMA} unicode {unicodedata.unidata_version}"
TODO_FIELDS = ("todo-mine", "todo-theirs")

_TABLES = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(source TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
CREATE TABLE docs(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    record TEXT NOT NULL,
    key TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    interaction_id TEXT,
    day TEXT,
    kind TEXT NOT NULL,
    field TEXT NOT NULL,
    done INTEGER NOT NULL
);
CREATE TABLE texts(id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(body, tag, content='', tokenize='unicode61 remove_diacritics 2');
"""
_INDEXES = (
    "CREATE INDEX docs_record ON docs(source, record)",
    "CREATE INDEX docs_recent ON docs(field, day)",
)


@dataclass(frozen=True)
class Row:
    """One searchable text that matched (or a recent one)."""

    key: str
    contact_id: str
    interaction_id: str | None
    on: date | None
    kind: str
    field: str
    text: str
    done: bool
    #: FTS5's bm25 of the match: lower (more negative) is better; 0.0 for ``recent``.
    bm25: float


@dataclass(frozen=True)
class Written:
    """What one save wrote to one source: the records put (decoded), the ids deleted, and the
    source file's fingerprint before and after (``None``: the file did not exist)."""

    source: str
    put: tuple[object, ...]
    deleted: tuple[str, ...]
    before: str | None
    after: str | None


class SearchIndex:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.path = repo.data_dir / FILE_NAME
        #: How long a query waits for another connection's write before saying the index is busy.
        self.timeout = 5.0

    # --- keeping it current ------------------------------------------------------------------

    def refresh(self) -> None:
        """Make the index describe the data on disk: build it when missing or damaged, else
        re-index each source whose fingerprint changed since it was indexed. Raises
        ``DataFileError`` (saying what to do) only when no index can be written there."""
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
            raise DataFileError(
                f"{self.path} is not a plain file (a link, or a folder), so search cannot keep its index "
                "there. Move it away and search again."
            )
        try:
            if self._exists():
                with self._connect() as db:
                    current = self._current(db)
                    if current and self._update(db):
                        return
                if not current:
                    self._remove()  # else a rebuild is quicker: renamed over it, searches go on meanwhile
        except sqlite3.DatabaseError as e:
            if _busy(e):  # another process is writing it: not damage; this search reads it as it is
                log.warning("search index %s is busy (%s): not refreshed this time", self.path, e)
                return
            log.warning("search index %s is damaged (%s): rebuilding it", self.path, e)
            self._remove()
        try:
            self.build()
        except OSError as e:
            raise DataFileError(
                f"cannot write the search index {self.path}: {e.strerror or e}. Make the data directory "
                "writable by you and search again."
            ) from None

    def build(self) -> None:
        """Index everything from nothing, into a temp file renamed into place."""
        with gc_paused():  # ~200,000 docs made and dropped: the cyclic collector would walk them all
            self._build()

    def _build(self) -> None:
        tmp = temp_path_for(self.path)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        os.close(fd)
        try:
            db = sqlite3.connect(tmp, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=OFF")
                db.execute("PRAGMA synchronous=OFF")
                db.executescript(_TABLES)
                db.execute("BEGIN")
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (VERSION,))
                next_id = 1
                for source, fp, docs in self._sources(_all_sources(self.repo)):
                    next_id = _insert(db, source, docs, next_id)
                    db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?)", (source, fp))
                for statement in _INDEXES:
                    db.execute(statement)
                db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
                db.execute("COMMIT")
            finally:
                db.close()
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _update(self, db: sqlite3.Connection) -> bool:
        """Re-index the sources whose fingerprint changed. False (nothing written) when they
        hold more than a third of the docs: a full build is then quicker (about twice as fast
        as re-indexing everything piecewise).

        Every stale source is read (under the repository's lock) BEFORE the index's write lock
        is taken: a save holds the repository's lock and then waits for the index's, so the
        other order would stall it for the busy timeout and drop its update."""
        known = dict(db.execute("SELECT source, fingerprint FROM sources").fetchall())
        stale = [s for s in _all_sources(self.repo) if known.get(s) != (_fingerprint(self.repo, s) or "")]
        if not stale:
            return True
        indexed, total = db.execute(
            "SELECT count(*) FILTER (WHERE source IN (SELECT value FROM json_each(?))), count(*) FROM docs",
            (orjson.dumps(stale).decode(),),
        ).fetchone()
        if indexed * 3 > total:
            return False
        with gc_paused():
            loaded = [(source, fp, list(docs)) for source, fp, docs in self._sources(stale)]
        db.execute("BEGIN IMMEDIATE")
        next_id = _next_id(db)
        for source, fp, docs in loaded:
            _delete_source(db, source)
            next_id = _insert(db, source, docs, next_id)
            db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?)", (source, fp))
        db.execute("COMMIT")
        return True

    def _sources(self, sources: Iterable[str]) -> Iterator[tuple[str, str, Iterable[tuple[str, Doc]]]]:
        """Each source's fingerprint (taken before it is read: a write in between leaves the
        older one, so the next refresh reads it again) and its docs, with their record ids."""
        for source in sources:
            fp = _fingerprint(self.repo, source)
            yield source, fp or "", _docs_of_source(self.repo, source)

    def apply(self, written: Collection[Written]) -> None:
        """After a save: index the records it wrote, and move each source's fingerprint on to
        the version written, if the index described the version the save started from (else
        it stays behind, and the next ``refresh`` re-indexes that source). Best effort: never
        raises; an index that is missing is left for ``refresh`` to build."""
        if not written:
            return
        try:
            if not self._exists():
                return
            with self._connect() as db:
                if not self._current(db):
                    return
                db.execute("BEGIN IMMEDIATE")  # what it says it indexed, read in the transaction that changes it
                known = dict(db.execute("SELECT source, fingerprint FROM sources").fetchall())
                next_id = _next_id(db)
                for w in written:
                    records = [_record_id(w.source, r) for r in w.put] + list(w.deleted)
                    _delete_records(db, w.source, records)
                    next_id = _insert(db, w.source, _docs_of_records(w.source, w.put), next_id)
                    if known.get(w.source) == (w.before or "") and w.after is not None:
                        db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?)", (w.source, w.after))
                db.execute("COMMIT")
        except Exception as e:  # a save must never fail because of a derived file
            log.warning("search index %s not updated (%s): the next search re-indexes", self.path, e)

    # --- asking it ---------------------------------------------------------------------------

    def search(
        self,
        match: str,
        *,
        contact_ids: Collection[str] | None = None,
        kinds: Collection[str] | None = None,
        fields: Collection[str] | None = None,
        after: date | None = None,
        before: date | None = None,
        todo_open: bool = False,
        limit: int = 200,
    ) -> tuple[list[Row], int]:
        """The docs matching the FTS5 expression ``match`` (over folded text) and every filter
        given, best bm25 first (at most ``limit``), and how many match in all. ``after``: on or
        after that day; ``before``: strictly before it (as ``search_query.Query`` reads them); a
        text without a date is left out when either is given. ``todo_open``: open action items
        only. An empty ``match`` filters only (newest first)."""
        if not match:
            where, args = _filters(contact_ids, kinds, fields, after, before, todo_open)
            return self._recent(where, args, limit)
        if any(values is not None and not values for values in (contact_ids, kinds, fields)):
            return [], 0  # a filter that admits nothing
        # the person, kind, field and open action items are tokens of the ``tag`` column: FTS5
        # filters on them itself, as fast as on a word
        # ... but a long OR of people (``company:a``: thousands) costs FTS5 a posting list each,
        # seconds a keystroke: past a few hundred they are filtered on the docs rows instead
        many = contact_ids if contact_ids is not None and len(contact_ids) > _MATCHED_PEOPLE else None
        match = " AND ".join(
            [f"body : ({match})"]
            + [
                "tag : (" + " OR ".join(f'"{_tag(prefix, v)}"' for v in values) + ")"
                for prefix, values in (("c", None if many is not None else contact_ids), ("k", kinds), ("f", fields))
                if values is not None
            ]
            + ([f'tag : "{_OPEN}"'] if todo_open else [])
        )
        where, args = _filters(many, None, None, after, before, False)
        if not where:
            # the best ``limit`` ranked inside FTS5; only those are looked up
            return self._query(
                f"SELECT {_COLUMNS}, best.score FROM "
                f"(SELECT rowid AS id, {_BM25} AS score FROM fts WHERE fts MATCH ? ORDER BY score LIMIT ?) AS best "
                "JOIN docs USING (id) JOIN texts USING (id) ORDER BY best.score, docs.day DESC",
                "SELECT count(*) FROM fts WHERE fts MATCH ?",
                [match],
                limit,
            )
        # dates (or many people): every match scored once (MATERIALIZED: the planner must not probe FTS5 per
        # doc), filtered on the small docs rows, and only the best ``limit`` given their text
        condition = " AND ".join(where)
        return self._query(
            f"WITH matched AS MATERIALIZED (SELECT rowid AS id, {_BM25} AS score FROM fts WHERE fts MATCH ?), "
            "best AS (SELECT docs.id, matched.score, docs.day FROM matched JOIN docs USING (id) "
            f"WHERE {condition} ORDER BY matched.score, docs.day DESC LIMIT ?) "
            f"SELECT {_COLUMNS}, best.score FROM best JOIN docs USING (id) JOIN texts USING (id) "
            "ORDER BY best.score, best.day DESC",
            f"SELECT count(*) FROM docs WHERE id IN (SELECT rowid FROM fts WHERE fts MATCH ?) AND {condition}",
            [match, *args],
            limit,
        )

    def recent(self, fields: Collection[str], limit: int) -> tuple[list[Row], int]:
        """The newest docs of these fields (an empty query shows recent takeaways), and how
        many there are."""
        where, args = _filters(None, None, fields, None, None, False)
        return self._recent(where, args, limit)

    def _recent(self, where: list[str], args: list[object], limit: int) -> tuple[list[Row], int]:
        condition = " AND ".join(where) or "1"
        return self._query(
            f"WITH best AS (SELECT id FROM docs WHERE {condition} ORDER BY day DESC, id DESC LIMIT ?) "
            f"SELECT {_COLUMNS}, 0.0 FROM best JOIN docs USING (id) JOIN texts USING (id) "
            "ORDER BY docs.day DESC, docs.id DESC",
            f"SELECT count(*) FROM docs WHERE {condition}",
            args,
            limit,
        )

    def _query(self, rows_sql: str, count_sql: str, args: list[object], limit: int) -> tuple[list[Row], int]:
        """Run a search. The MATCH expression quotes every token, so any SQLite error but a busy
        file is damage (a dropped table, an I/O error): the index is rebuilt and asked again
        once; a busy file, or a second failure, is a ``DataFileError`` saying what to do."""
        for attempt in (1, 2):
            try:
                with self._connect() as db:
                    found = [_row(r) for r in db.execute(rows_sql, [*args, limit])]
                    total = len(found) if len(found) < limit else db.execute(count_sql, args).fetchone()[0]
                    return found, total
            except sqlite3.Error as e:
                if _busy(e):
                    raise DataFileError(
                        f"the search index {self.path} is busy (another nurture is writing it). Search again "
                        "in a moment."
                    ) from None
                if attempt == 2:
                    raise DataFileError(
                        f"the search index {self.path} cannot be read even after rebuilding it ({e}). Delete it "
                        "(it is rebuilt from your data) and search again; if this keeps happening, run "
                        "`nurture doctor`."
                    ) from None
                log.warning("search index %s is damaged (%s): rebuilding it", self.path, e)
                self._remove()
                try:
                    self.build()
                except (OSError, sqlite3.Error) as built:
                    raise DataFileError(
                        f"cannot rebuild the search index {self.path}: {built}. Make the data directory "
                        "writable by you and search again."
                    ) from None
        raise AssertionError("unreachable")

    # --- the file ----------------------------------------------------------------------------

    def _exists(self) -> bool:
        return self.path.is_file() and not self.path.is_symlink()

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=self.timeout)
        try:
            db.execute("PRAGMA synchronous=OFF")  # derived: a crash at worst damages it, and it is rebuilt
            db.execute("PRAGMA secure_delete=ON")  # what is deleted is overwritten, not left in free pages
            yield db
        except BaseException:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    def _current(self, db: sqlite3.Connection) -> bool:
        found = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        return found is not None and found[0] == VERSION

    def _remove(self) -> None:
        for p in (self.path, self.path.with_name(self.path.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def _busy(e: sqlite3.Error) -> bool:
    """Whether the error is another connection holding the file (not damage)."""
    name = getattr(e, "sqlite_errorname", "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(e) or "busy" in str(e)


_COLUMNS = "docs.key, docs.contact_id, docs.interaction_id, docs.day, docs.kind, docs.field, texts.text, docs.done"


def _row(r: tuple) -> Row:
    key, contact_id, interaction_id, day, kind, field, text, done, bm25 = r
    return Row(
        key, contact_id, interaction_id, date.fromisoformat(day) if day else None, kind, field, text, bool(done), bm25
    )


def _filters(
    contact_ids: Collection[str] | None,
    kinds: Collection[str] | None,
    fields: Collection[str] | None,
    after: date | None,
    before: date | None,
    todo_open: bool,
) -> tuple[list[str], list[object]]:
    where: list[str] = []
    args: list[object] = []
    for column, values in (("contact_id", contact_ids), ("kind", kinds), ("field", fields)):
        if values is not None:
            where.append(f"docs.{column} IN (SELECT value FROM json_each(?))")
            args.append(orjson.dumps(list(values)).decode())
    if after is not None:
        where.append("docs.day >= ?")
        args.append(after.isoformat())
    if before is not None:
        where.append("docs.day < ?")
        args.append(before.isoformat())
    if todo_open:
        where.append(f"docs.field IN {TODO_FIELDS!r} AND docs.done = 0")
    return where, args


# --- sources and their docs --------------------------------------------------------------------


def _all_sources(repo: Repository) -> list[str]:
    return [
        "contacts",
        *(f"interactions/{s}" for s in repo.interaction_files),
        "meetings",
        "questions",
        "prep",
        "appointments",
        "drafts",
    ]


def _fingerprint(repo: Repository, source: str) -> str | None:
    """The source's content fingerprint as text (None: it does not exist)."""
    if source == "drafts":
        return _drafts_fingerprint(repo.data_dir / "drafts")
    found = fingerprint_of(_path_of(repo, source))
    return None if found is None else orjson.dumps(found[1]).decode()


def _drafts_fingerprint(folder: Path) -> str | None:
    """The drafts folder's: each draft's name, size and mtime (a folder has no content hash;
    a draft is only ever written whole, by a rename, so these change with its text)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return None
    h = hashlib.blake2b(digest_size=16)
    for e in entries:
        if e.name.endswith(".txt") and e.is_file(follow_symlinks=False):
            st = e.stat(follow_symlinks=False)
            h.update(f"{e.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def _file_of(repo: Repository, source: str) -> DataFile:
    """The data file a source (other than the drafts folder) is."""
    if source.startswith("interactions/"):
        return repo.interaction_files[source.removeprefix("interactions/")]
    return {
        "contacts": repo.contacts_file,
        "meetings": repo.meetings_file,
        "questions": repo.questions_file,
        "prep": repo.prep_file,
        "appointments": repo.appointments_file,
    }[source]


def _path_of(repo: Repository, source: str) -> Path:
    return _file_of(repo, source).path


def _docs_of_source(repo: Repository, source: str) -> list[tuple[str, Doc]]:
    """Every doc of the source as on disk now, each with its record's id."""
    if source == "drafts":
        out: list[tuple[str, Doc]] = []
        folder = repo.data_dir / "drafts"
        if folder.is_dir() and not folder.is_symlink():
            for p in sorted(folder.glob("*.txt")):
                if p.is_file() and not p.is_symlink():
                    with contextlib.suppress(OSError, UnicodeDecodeError, ValueError, OverflowError):
                        text = p.read_text(encoding="utf-8")
                        saved = date.fromtimestamp(p.stat().st_mtime)
                        out.extend((p.name, d) for d in docs_of_draft(p.name, text, "", saved))
        return out
    with repo.locked(write=False):
        records: Iterable[object] = _file_of(repo, source).records().values()
        return _docs_of_records(source, records)


def _docs_of_records(source: str, records: Iterable[object]) -> list[tuple[str, Doc]]:
    make = _MAKERS[source.split("/")[0]]
    out: list[tuple[str, Doc]] = []
    for r in records:
        rid = _record_id(source, r)
        out.extend((rid, d) for d in make(r, source))
    return out


def _record_id(source: str, record: object) -> str:
    rid = getattr(record, "id", None)
    return rid if isinstance(rid, str) else str(record)


_MAKERS: dict[str, Callable[[object, str], list[Doc]]] = {
    "contacts": lambda r, s: docs_of_contact(r),  # type: ignore[arg-type]
    "interactions": lambda r, s: docs_of_interaction(r, s),  # type: ignore[arg-type]
    "meetings": lambda r, s: docs_of_meeting(r),  # type: ignore[arg-type]
    "questions": lambda r, s: docs_of_question(r),  # type: ignore[arg-type]
    "prep": lambda r, s: docs_of_prep(r),  # type: ignore[arg-type]
    "appointments": lambda r, s: docs_of_appointment(r),  # type: ignore[arg-type]
}


# --- writing rows ------------------------------------------------------------------------------


def _body(text: str) -> str:
    """What FTS5 indexes for ``text``: ``search_query.index_text``, folded, with a character of
    a script written without spaces a token of its own, as queries cut them."""
    return index_text(text)


_OPEN = "open"
_CLOSED = "closed"
#: Up to this many people are filtered by FTS5 (one tag token each, OR-ed); more, on ``docs``.
#: Measured at 10,000 contacts and 50,000 interactions, a common word: 400 people 25 ms in
#: MATCH (128 ms on docs), 800 people 74 ms (133), 1,600 people 255 ms (135), 8,437 7.8 s (161).
_MATCHED_PEOPLE = 500
#: Only the text counts for relevance, not the tags.
_BM25 = "bm25(fts, 1.0, 0.0)"


def _tag(prefix: str, value: str) -> str:
    """One token for a filter's value: its UTF-8 bytes in hex (letters and digits only, so
    FTS5 keeps it whole; distinct values, distinct tokens)."""
    return prefix + value.encode().hex()


def _tags(contact_id: str, kind: str, field: str, done: bool) -> str:
    """The ``tag`` column of a doc: its person, kind and field, and whether it is an open
    action item (``open``, else ``closed``: every doc has as many tag tokens, since bm25
    counts a doc's length over all its columns, and an extra token would rank it lower)."""
    status = _OPEN if field in TODO_FIELDS and not done else _CLOSED
    return f"{_tag('c', contact_id)} {_tag('k', kind)} {_tag('f', field)} {status}"


def _next_id(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM docs").fetchone()[0])


def _insert(db: sqlite3.Connection, source: str, docs: Iterable[tuple[str, Doc]], next_id: int) -> int:
    meta: list[tuple] = []
    texts: list[tuple[int, str]] = []
    folded: list[tuple[int, str, str]] = []
    for rid, d in docs:
        meta.append(
            (
                next_id,
                source,
                rid,
                d.key,
                d.contact_id,
                d.interaction_id,
                d.on.isoformat() if d.on else None,
                d.kind,
                d.field,
                int(d.done),
            )
        )
        texts.append((next_id, d.text))
        folded.append((next_id, _body(d.text), _tags(d.contact_id, d.kind, d.field, d.done)))
        next_id += 1
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", meta)
    db.executemany("INSERT INTO texts VALUES (?, ?)", texts)
    db.executemany("INSERT INTO fts(rowid, body, tag) VALUES (?, ?, ?)", folded)
    return next_id


def _delete_source(db: sqlite3.Connection, source: str) -> None:
    _delete(db, "source = ?", (source,))


def _delete_records(db: sqlite3.Connection, source: str, records: list[str]) -> None:
    if records:
        ids = orjson.dumps(records).decode()
        _delete(db, "source = ? AND record IN (SELECT value FROM json_each(?))", (source, ids))


def _delete(db: sqlite3.Connection, where: str, args: tuple) -> None:
    """The docs ``where`` holds out of both tables (out of the contentless ``fts`` by its
    'delete' command, which must be given the folded text the row was indexed with)."""
    gone = db.execute(
        f"SELECT id, text, contact_id, kind, field, done FROM docs JOIN texts USING (id) WHERE {where}", args
    ).fetchall()
    db.executemany(
        "INSERT INTO fts(fts, rowid, body, tag) VALUES ('delete', ?, ?, ?)",
        [
            (i, _body(text), _tags(contact_id, kind, field, bool(done)))
            for i, text, contact_id, kind, field, done in gone
        ],
    )
    db.executemany("DELETE FROM docs WHERE id = ?", [(g[0],) for g in gone])
    db.executemany("DELETE FROM texts WHERE id = ?", [(g[0],) for g in gone])


def damage(data_dir: Path) -> str:
    """Why the search index in ``data_dir`` cannot be used (it will be rebuilt), or "" when
    it is sound or absent. Opened read-only: checking changes nothing."""
    path = data_dir / FILE_NAME
    if not path.is_file() or path.is_symlink():
        return ""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            found = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if found is None or found[0] != VERSION:
                return "of another version"
            verdict = db.execute("PRAGMA quick_check").fetchone()
            if verdict is None or verdict[0] != "ok":
                return str(verdict[0] if verdict else "unreadable")
        finally:
            db.close()
    except sqlite3.Error as e:
        return str(e)
    return ""


# --- the repository's hooks (a save never fails because of them) ------------------------------


def before_write(repo: Repository, sources: Collection[str]) -> dict[str, str | None] | None:
    """The fingerprints of the sources a save is about to write, when there is an index to
    keep current (else None: nothing to do; the first search builds it)."""
    try:
        path = repo.data_dir / FILE_NAME
        if not sources or not path.is_file():
            return None
        return {s: _fingerprint(repo, s) for s in sources}
    except Exception as e:
        log.warning("search index not updated (%s): the next search re-indexes", e)
        return None


def after_write(
    repo: Repository, before: dict[str, str | None] | None, changes: Iterable[tuple[str, Iterable, Iterable[str]]]
) -> None:
    """Index what a save wrote: ``changes`` holds (source, records put, ids deleted)."""
    if before is None:
        return
    try:
        written = [
            Written(source, tuple(put), tuple(deleted), before.get(source), _fingerprint(repo, source))
            for source, put, deleted in changes
        ]
        SearchIndex(repo).apply(written)
    except Exception as e:
        log.warning("search index not updated (%s): the next search re-indexes", e)


def scrub(repo: Repository) -> None:
    """After a contact is erased: merge the index's segments, so their words leave the file's
    bytes too (FTS5 only marks deleted rows until then; ``secure_delete`` zeroes the freed pages)."""
    index = SearchIndex(repo)
    if not index._exists():
        return
    try:
        with index._connect() as db:
            db.execute("INSERT INTO fts(fts) VALUES('optimize')")
    except Exception as e:
        log.warning("search index not scrubbed (%s): it is rebuilt on the next damage or schema change", e)
