"""Full-text search over everything the user was told: interaction summaries, notes, takeaways
and action items, contacts' notes, how-met, role, company and tags, meetings in progress,
drafts, prep lists and the user's own questions.

The query language is ``nurture.domain.search_query``'s; what each record yields to search is
``nurture.domain.search_docs``'s; the words are found by the derived index beside the data
(``nurture.store.search_index``: never the truth, brought up to date before each search). This
seam resolves what the index cannot know (``who:`` like the shell's NAME, ``tag:`` and
``company:`` to the people having them), ranks what the index found (relevance blended with
recency, ``search_query.score``; ties newest first) and says of each match who, when and what.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from nurture.domain.errors import InputError, NurtureError
from nurture.domain.lookup import resolve
from nurture.domain.search_docs import TAKEAWAY, TODO_MINE, TODO_THEIRS, label
from nurture.domain.search_query import Query, fts_match, matches, parse_query, score, snippet
from nurture.domain.text import fold
from nurture.services.core import Context
from nurture.store.errors import DataFileError
from nurture.store.search_index import Row, SearchIndex

#: What an empty query (nothing typed, or a filter still being typed) shows: the recent takeaways.
RECENT_FIELDS = (TAKEAWAY,)
TODO_FIELDS = (TODO_MINE, TODO_THEIRS)
#: How many of the index's best matches by relevance alone (bm25) are ranked with recency: at
#: least this many, or the number asked for if more (retrieve, then re-rank). A match further
#: down the relevance order is not looked at: ranking every match of a word in half the notes
#: would cost a keystroke more than its 30 ms at 50,000 notes.
POOL = 200


@dataclass(frozen=True)
class Hit:
    """One match: whose (``name`` "" for the user's own questions and drafts without a
    contact), which interaction (``None`` for a match on a contact, a meeting in progress, prep,
    a question or a draft), when, what (``kind`` and ``field``, and ``label``: what a row says,
    "coffee takeaway"), a one-line ``snippet`` with the matched words' ``spans`` in it (start,
    end), the ranking ``score`` (higher first) and the whole ``text``."""

    contact_id: str
    name: str
    interaction_id: str | None
    on: date | None
    kind: str
    field: str
    label: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    score: float
    text: str


@dataclass(frozen=True)
class SearchResults:
    """The query as typed, the best ``hits`` (at most the limit asked for) and how many
    matched in all."""

    query: str
    hits: list[Hit]
    total: int


@dataclass(frozen=True)
class _People:
    tagged: dict[str, set[str]]  # folded tag -> the ids of the contacts having it
    companies: list[tuple[str, str]]  # (id, folded company) of each contact with a company


class Search:
    def __init__(self, context: Context) -> None:
        self.context = context
        self._index: SearchIndex | None = None
        self._people_of: tuple[Mapping[str, Mapping[str, Any]], _People] | None = None
        # One search at a time per service: the dashboard searches from a worker thread while
        # keys are typed, and the index is one connection.
        self._lock = threading.Lock()

    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.context.repo)
        return self._index

    def search(self, text: str, *, limit: int = 200) -> SearchResults:
        """The best ``limit`` matches of ``text`` (the query language of
        ``search_query.parse_query``), best first; an empty query gives the recent takeaways,
        newest first. A query that cannot be read, or a ``who:`` naming no one or several
        people, is an ``InputError`` saying which part and why. ``before:`` is strictly before
        its day, ``after:`` on or after it (``search_query.Query``)."""
        if limit < 1:
            raise InputError(f"limit {limit}: give a number of results, 1 or more")
        ctx = self.context
        today = ctx.today()
        query = parse_query(text, today, ctx.date_order())
        stored = ctx.repo.stored_contacts()
        owners = self._owners(query, stored)
        if owners is not None and not owners:  # tag:/company: that nobody has
            return SearchResults(text, [], 0)
        try:
            return self._search(text, query, owners, stored, limit)
        except NurtureError:
            raise
        except Exception as e:  # the derived index could not be used: a message, never a traceback
            raise DataFileError(
                f"The search index {self.index().path} could not be used ({e}); it is rebuilt from your "
                "data by the next search that can write it (check the folder's space and permissions)."
            ) from e

    def _search(
        self, text: str, query: Query, owners: set[str] | None, stored: Mapping[str, Mapping[str, Any]], limit: int
    ) -> SearchResults:
        today = self.context.today()
        with self._lock:
            index = self.index()
            index.refresh()
            if query.is_empty:
                rows, total = index.recent(RECENT_FIELDS, limit)
                hits = [self._hit(row, query, stored, score(row.bm25, row.on, today, row.field)) for row in rows]
                return SearchResults(text, hits, total)
            rows, total = [], 0
            match = fts_match(query)
            for fields, todo_open in _kinds_of_text(query):
                lookup = partial(
                    index.search,
                    contact_ids=owners,
                    kinds=query.kinds or None,
                    fields=fields,
                    after=query.after,
                    before=query.before,  # strictly before, as the query reads it
                    todo_open=todo_open,
                )
                found, count = lookup(match, limit=max(limit, POOL))
                if query.excluded and not query.has_words:
                    # only -words: FTS5 cannot match "all but", so every filtered text is checked
                    # here (newest first), and the total counts those kept
                    if count > len(found):
                        found, count = lookup("", limit=count)
                    found = [row for row in found if matches(query, fold(row.text))]
                    count = len(found)
                rows += found
                total += count
        ranked = sorted(
            ((score(row.bm25, row.on, today, row.field), row) for row in rows),
            key=lambda pair: (-pair[0], -(pair[1].on.toordinal() if pair[1].on else 0)),
        )  # scored first, and only the hits kept are made (a snippet costs more than a score)
        return SearchResults(text, [self._hit(row, query, stored, rank) for rank, row in ranked[:limit]], total)

    def _owners(self, query: Query, stored: Mapping[str, Mapping[str, Any]]) -> set[str] | None:
        """The contacts the query keeps to (``None``: anyone): each ``who:`` resolved like the
        shell's NAME (several: any of them), narrowed to those having one of the ``tag:``s and
        at a ``company:`` named (folded: "figma" finds "Figma, Inc.")."""
        owners: set[str] | None = None
        if query.who:
            owners = set()
            for name in query.who:
                try:
                    owners.add(resolve(self.context.candidates(name), name).id)
                except InputError as e:
                    raise InputError(f"who:{name}: {e}") from None
        if query.tags or query.companies:
            people = self._people(stored)
            if query.tags:
                tagged = set().union(*(people.tagged.get(tag, ()) for tag in query.tags))
                owners = tagged if owners is None else owners & tagged
            if query.companies:
                at = {cid for cid, company in people.companies if any(name in company for name in query.companies)}
                owners = at if owners is None else owners & at
        return owners

    def _people(self, stored: Mapping[str, Mapping[str, Any]]) -> _People:
        """Each tag's people and each person's company, folded, made once per version of the
        contacts (the store hands back the same parsed copy while the file is unchanged): a
        keystroke with ``tag:`` does not fold every contact's tags again."""
        if self._people_of is None or self._people_of[0] is not stored:
            tagged: dict[str, set[str]] = {}
            companies: list[tuple[str, str]] = []
            for cid, c in stored.items():
                for tag in c.get("tags") or ():
                    tagged.setdefault(fold(str(tag)), set()).add(cid)
                if company := fold(str(c.get("company") or "")):
                    companies.append((cid, company))
            self._people_of = (stored, _People(tagged, companies))
        return self._people_of[1]

    def _hit(self, row: Row, query: Query, stored: Mapping[str, Mapping[str, Any]], rank: float) -> Hit:
        shown, spans = snippet(row.text, query)
        contact = stored.get(row.contact_id) if row.contact_id else None
        name = str(contact.get("name") or "") if contact else ""
        return Hit(
            contact_id=row.contact_id,
            name=name,
            interaction_id=row.interaction_id,
            on=row.on,
            kind=row.kind,
            field=row.field,
            label=label(row.kind, row.field),
            snippet=shown,
            spans=spans,
            score=rank,
            text=row.text,
        )


def _kinds_of_text(query: Query) -> list[tuple[tuple[str, ...] | None, bool]]:
    """The index's lookups for ``is:takeaway`` and ``is:todo`` (fields, open action items only):
    one each, both when both are given (takeaways, or open action items), or one over all."""
    lookups: list[tuple[tuple[str, ...] | None, bool]] = []
    if query.takeaways:
        lookups.append((RECENT_FIELDS, False))
    if query.todo:
        lookups.append((TODO_FIELDS, True))
    return lookups or [(None, False)]
