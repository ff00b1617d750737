"""The search query language, and what a match looks like, in pure Python.

What a person types::

    portfolio process          both words, in any order, anywhere in one text
    "portfolios win"           the words side by side, in this order
    portfol*                   a word beginning so
    -recruiter  -"cold email"  texts without this word (or phrase)
    figma OR sketch            either (OR, in capitals, binds tighter than the words around it:
                               ``design figma OR sketch`` is design and (figma or sketch));
                               AND and NOT in capitals are read too (NOT x is -x)
    who:maya  who:"maya o"     one person, found like the shell's NAME
    kind:coffee                one kind of interaction
    tag:design  company:figma  people with this tag, at this company
    after:2026-01-01           on or after that day (every date form the shell reads;
    before:"2 weeks ago"       quote one with spaces); before: is strictly earlier
    is:takeaway  is:todo       only takeaways; only action items not done yet
                               (both: takeaways and open action items)

A filter given twice (``kind:coffee kind:call``) accepts either. A word that looks like a
filter but is not one (``foo:bar``, ``https://…``) is searched as text. Case and accents are
ignored in every script ("sofia" finds "Sofía", "lodz" finds "Łódź").

Texts are cut into tokens the way SQLite's FTS5 ``unicode61`` tokenizer cuts them: runs of
letters and digits; everything else separates. Scripts written without spaces (Chinese,
Japanese, Thai, Lao, Khmer, Burmese) are cut into single characters, so a word matches
anywhere inside a run of them. A word is therefore the sequence of its tokens ("e-mail" is
"e" followed by "mail"), exactly as FTS5 reads a quoted string.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from nurture.domain.dates import DATE_FORMS, PAST, parse_date
from nurture.domain.errors import InputError
from nurture.domain.fields import clean_kind
from nurture.domain.search_docs import TAKEAWAY, TODOS, Doc
from nurture.domain.text import fold, fold_places, nfc

#: Scripts written without spaces between words: each character is a token of its own.
_SPACELESS = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff\u31f0-\u31ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # Han, rarer
)
#: Letters and digits (``[^\W_]``), as FTS5's unicode61 reads them (it also keeps private-use
#: characters, which ``index_text`` leaves out).
_TOKEN = re.compile(f"[{_SPACELESS}]|(?:(?![{_SPACELESS}])[^\\W_])+")
_SPACELESS_CHAR = re.compile(f"[{_SPACELESS}]")
_SPACELESS_RUN = re.compile(f"[{_SPACELESS}]+")


_PLAIN_TOKEN = re.compile(r"[^\W_]+")


def tokens(folded: str) -> list[str]:
    """The tokens of an already folded text, in order."""
    if folded.isascii() or not _SPACELESS_CHAR.search(folded):
        return _PLAIN_TOKEN.findall(folded)  # 20x faster: no script to cut character by character
    return _TOKEN.findall(folded)


def index_text(text: str) -> str:
    """What the full-text index should store for ``text``: folded (as ``fold`` does), with a
    space either side of each character of the scripts written without spaces, so FTS5 cuts it
    into the very tokens ``tokens`` does (private-use characters aside: FTS5 keeps them in
    words, ``tokens`` does not). Most texts need no space added: then the folded text itself."""
    folded = text.lower() if text.isascii() else text.translate(_FOLD)
    if folded.isascii() or not _SPACELESS_CHAR.search(folded):
        return folded
    return _SPACELESS_CHAR.sub(r" \g<0> ", folded)


@dataclass(frozen=True)
class Word:
    """A word or phrase to find. ``text`` is folded; ``prefix``: its last token may go on."""

    text: str
    phrase: bool = False
    prefix: bool = False

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(tokens(self.text))


@dataclass(frozen=True)
class Query:
    """A parsed search. Every group must match (a group matches when any of its words does);
    no excluded word may. The filters narrow which texts are searched:

    - ``who``: the names as typed, resolved by the service like the shell's NAME (any of them);
    - ``kinds``: interaction kinds (any); ``tags``, ``companies``: folded (any);
    - ``after``: on or after that day; ``before``: strictly before that day. A text without a
      date (a contact's card) is left out when either is given;
    - ``takeaways``: only takeaways; ``todo``: only action items not done yet; both: either
      (takeaways and open action items).
    """

    groups: tuple[tuple[Word, ...], ...] = ()
    excluded: tuple[Word, ...] = ()
    who: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    after: date | None = None
    before: date | None = None
    takeaways: bool = False
    todo: bool = False

    @property
    def has_words(self) -> bool:
        """Whether there are words to find (``fts_match`` is not empty)."""
        return bool(self.groups)

    @property
    def words(self) -> tuple[Word, ...]:
        """Every word to find, in the order typed (what a result highlights)."""
        return tuple(w for group in self.groups for w in group)

    @property
    def has_filters(self) -> bool:
        """Whether any filter narrows the texts searched."""
        return any(
            (self.who, self.kinds, self.tags, self.companies, self.after, self.before, self.takeaways, self.todo)
        )

    @property
    def is_empty(self) -> bool:
        """Nothing typed that narrows anything: the screen shows recent takeaways."""
        return not (self.groups or self.excluded or self.has_filters)

    def covers(self, on: date | None) -> bool:
        """Whether a text dated ``on`` is within ``after:`` and ``before:``."""
        if self.after is None and self.before is None:
            return True
        if on is None:
            return False
        return (self.after is None or on >= self.after) and (self.before is None or on < self.before)

    def admits(self, doc: Doc) -> bool:
        """Whether ``doc`` passes the filters that need nothing but the doc: kinds, dates,
        ``is:takeaway``, ``is:todo`` (who, tags and companies need the contacts)."""
        if self.kinds and doc.kind not in self.kinds:
            return False
        if self.takeaways or self.todo:
            takeaway = self.takeaways and doc.field == TAKEAWAY
            open_todo = self.todo and doc.field in TODOS and not doc.done
            if not (takeaway or open_todo):
                return False
        return self.covers(doc.on)


#: Operators, in capitals: OR between words; AND, which words have anyway; NOT, as "-".
_OPERATORS = ("OR", "AND", "NOT")
FILTERS = ("who", "kind", "tag", "company", "after", "before", "is")
_IS = {"takeaway": "takeaways", "takeaways": "takeaways", "todo": "todo", "todos": "todo", "open": "todo"}
_FILTER = re.compile(r"^([A-Za-z]+):(.*)$", re.DOTALL)
#: A date's first word that more words may complete: "last", "jan", "in", "3".
_GOES_ON = re.compile(r"^(?:[^\W\d_]+|\d{1,2})$")


class _Lexeme(NamedTuple):
    what: str  # "word" | "phrase" | "or" | "filter"
    text: str  # the word or phrase (no quotes, no trailing *), or the filter's value
    negated: bool = False
    prefix: bool = False
    name: str = ""  # the filter's name, lower case
    quoted: bool = False  # the filter's value was in quotes


def _lex(text: str) -> Iterator[_Lexeme]:
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        while i < n and text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            negated, i = True, i + 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end
            phrase, i = text[i + 1 : end], end + 1
            prefix = i < n and text[i] == "*"
            while i < n and text[i] == "*":
                i += 1
            yield _Lexeme("phrase", phrase, negated, prefix)
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        chunk = text[start:i]
        m = _FILTER.match(chunk)
        if m and m.group(1).lower() in FILTERS:
            value, was_quoted = m.group(2), False
            if not value and i < n and text[i] == '"':
                end = text.find('"', i + 1)
                end = n if end == -1 else end
                value, i, was_quoted = text[i + 1 : end], end + 1, True
            yield _Lexeme("filter", value, negated, name=m.group(1).lower(), quoted=was_quoted)
        elif chunk in _OPERATORS and not negated:
            yield _Lexeme(chunk.lower(), chunk)
        else:
            yield _Lexeme("word", chunk.rstrip("*"), negated, chunk.endswith("*"))


def _word(lexeme: _Lexeme) -> Word | None:
    word = Word(fold(nfc(lexeme.text)).strip(), lexeme.what == "phrase", lexeme.prefix)
    return word if word.tokens else None


def parse_query(text: str, today: date, order: str = "") -> Query:
    """Read what a person typed into the search box (see the module's docstring). ``today``
    and ``order`` read the dates of ``after:`` and ``before:`` as the shell reads them.
    Raises ``InputError`` naming the part that cannot be used and what would do."""
    lexemes = list(_lex(nfc(str(text))))
    groups: list[list[Word]] = []
    excluded: list[Word] = []
    picked: dict[str, list[str]] = {"who": [], "kind": [], "tag": [], "company": []}
    after: date | None = None
    before: date | None = None
    flags = {"takeaways": False, "todo": False}
    joining = last_positive = negate_next = False
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        i += 1
        if lx.what in ("or", "and", "not"):
            joining = lx.what == "or" and last_positive
            negate_next = lx.what == "not"
            continue
        if negate_next and lx.what in ("word", "phrase"):
            lx = lx._replace(negated=True)
        negate_next = False
        if lx.what == "filter":
            joining = last_positive = False
            if lx.negated:
                raise InputError(
                    f"-{lx.name}:{lx.text}: a filter cannot be excluded; "
                    f"give {lx.name}: the ones to keep, or -word to leave out texts with a word"
                )
            value = " ".join(lx.text.split())
            if not value:
                continue  # still being typed
            if lx.name in ("after", "before"):
                day, used = _day(lx, lexemes, i, today, order)
                i += used
                if lx.name == "after":
                    after = day if after is None else max(after, day)
                else:
                    before = day if before is None else min(before, day)
            elif lx.name == "is":
                what = _IS.get(value.lower())
                if what is None:
                    raise InputError(
                        f"is:{value}: unknown; use is:takeaway (takeaways only) or is:todo (open action items)"
                    )
                flags[what] = True
            elif lx.name == "kind":
                try:
                    picked["kind"].append(clean_kind(value))
                except InputError as e:
                    raise InputError(f"kind:{value}: {e}") from None
            elif lx.name == "who":
                picked["who"].append(value)
            else:
                picked[lx.name].append(fold(value.lstrip("#")).strip() if lx.name == "tag" else fold(value))
            continue
        word = _word(lx)
        if word is None:
            continue
        if lx.negated:
            excluded.append(word)
            joining = last_positive = False
        elif joining and groups:
            groups[-1].append(word)
            joining, last_positive = False, True
        else:
            groups.append([word])
            joining, last_positive = False, True
    if after is not None and before is not None and before <= after:
        raise InputError(
            f"after:{after.isoformat()} and before:{before.isoformat()} leave no day between them; "
            "before: must be later than after:"
        )
    return Query(
        groups=tuple(tuple(dict.fromkeys(g)) for g in groups),
        excluded=tuple(dict.fromkeys(excluded)),
        who=tuple(dict.fromkeys(picked["who"])),
        kinds=tuple(dict.fromkeys(picked["kind"])),
        tags=tuple(dict.fromkeys(t for t in picked["tag"] if t)),
        companies=tuple(dict.fromkeys(c for c in picked["company"] if c)),
        after=after,
        before=before,
        takeaways=flags["takeaways"],
        todo=flags["todo"],
    )


def _day(lx: _Lexeme, lexemes: Sequence[_Lexeme], at: int, today: date, order: str) -> tuple[date, int]:
    """The day of an ``after:``/``before:`` filter, and how many of the words after it are part
    of it: ``after:last week``, ``after:3 weeks ago`` and ``after:Jan 5 2026`` read without
    quotes. Only a value that is one plain word or number may go on, and the longest reading
    wins (``after:jan 5`` is 5 January, not January); ``after:2026-01-01 10`` searches "10"."""
    value = " ".join(lx.text.split())
    if not lx.quoted and _GOES_ON.match(value):
        more = []
        for nxt in lexemes[at : at + 2]:
            if nxt.what != "word" or nxt.negated or nxt.prefix:
                break
            more.append(nxt.text)
        for used in range(len(more), 0, -1):
            try:
                return parse_date(" ".join([value, *more[:used]]), today, PAST, order), used
            except InputError:
                continue
    try:
        return parse_date(value, today, PAST, order), 0
    except InputError as e:
        raise InputError(f"{lx.name}:{value}: {_reason(e)}") from None


def _reason(error: InputError) -> str:
    message = str(error)
    if DATE_FORMS in message:
        return message
    return f"{message}; use a form like {DATE_FORMS}"


def _fts_word(word: Word) -> str:
    # Tokens are letters and digits only: inside double quotes nothing is FTS5 syntax.
    cut = '"' + " ".join(word.tokens) + '"' + ("*" if word.prefix else "")
    if len(word.tokens) < 2 or not _SPACELESS_RUN.fullmatch(word.text):
        return cut
    # A run of Chinese or Japanese also as one prefix token: an index of plain ``fold`` (where a
    # run is one token) still finds the runs it begins. Over ``index_text`` (one character a
    # token) a prefix of two characters or more finds nothing, so nothing more.
    return f'({cut} OR "{word.text}"*)'


def fts_match(q: Query) -> str:
    """The FTS5 MATCH expression of ``q``'s words over ``index_text`` of each text: every word
    and phrase a quoted string of its tokens (``"w"``, ``"w"*`` for a prefix, ``"a b"`` for a
    phrase), the words of a group joined with OR, the groups with AND, the excluded words after
    NOT. "" when there is no word to find (FTS5 cannot match "everything but": a query of
    excluded words only is checked with ``matches``)."""
    if not q.groups:
        return ""
    parts = []
    for group in q.groups:
        words = [_fts_word(w) for w in group]
        parts.append(words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")")
    match = " AND ".join(parts)
    if q.excluded:
        match = f"({match}) NOT (" + " OR ".join(_fts_word(w) for w in q.excluded) + ")"
    return match


#: What lies between two tokens of a phrase: anything but a token character.
_APART = "[\\W_]*"
#: A token character outside the spaceless scripts: what may not touch a word on either side.
_JOINS = re.compile(f"(?![{_SPACELESS}])[^\\W_]")


class _Finder(NamedTuple):
    pattern: re.Pattern[str]  # the tokens in groups, separators between them
    checked: tuple[int, ...]  # the groups that must not touch another token character
    prefix: bool  # the last token may go on


@lru_cache(maxsize=512)
def _finder(word: Word) -> _Finder:
    parts = [f"({re.escape(t)})" for t in word.tokens]
    checked = tuple(n + 1 for n, t in enumerate(word.tokens) if not _SPACELESS_CHAR.fullmatch(t))
    return _Finder(re.compile(_APART.join(parts)), checked, word.prefix)


def _found(word: Word, folded: str) -> Iterator[tuple[int, int]]:
    """Where ``word`` is in a folded text, as FTS5 finds it: its tokens one after another with
    only separators between them, each whole (the last one only begun, for a prefix; then the
    range goes to its end). The search for the tokens runs in C; only the edges of each
    candidate are looked at here."""
    if not word.tokens:
        return
    finder = _finder(word)
    last = len(word.tokens)
    at, n = 0, len(folded)
    while (m := finder.pattern.search(folded, at)) is not None:
        at = m.start() + 1
        ok = True
        for g in finder.checked:
            start, end = m.span(g)
            if start > 0 and _JOINS.match(folded, start - 1):
                ok = False
                break
            if end < n and _JOINS.match(folded, end) and not (g == last and finder.prefix):
                ok = False
                break
        if not ok:
            continue
        end = m.end()
        if finder.prefix and last in finder.checked:
            while end < n and _JOINS.match(folded, end):
                end += 1
        yield m.start(), end


def matches(q: Query, folded_text: str) -> bool:
    """Whether a text (already folded) has a word of every group and none of the excluded
    words, read as FTS5 reads them. The filters are not checked here (``Query.admits``)."""

    def found(word: Word) -> bool:
        return next(_found(word, folded_text), None) is not None

    return all(any(found(w) for w in group) for group in q.groups) and not any(found(w) for w in q.excluded)


class _FoldTable(dict[int, str]):
    """``fold`` of each character, for ``str.translate``: each character folded once, ever.
    The characters that do not fold to exactly one (ß, æ, a lone accent) are noted in
    ``uneven``: a text without any folds character for character."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = fold(ch)
        if len(folded) != 1:
            self.uneven.add(ch)
        if len(self) < 65536:
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def _folded(text: str) -> tuple[str, Sequence[int] | None]:
    """``text`` folded character by character, and where each folded character comes from
    (None: from the same place, the usual case, found without a loop in Python)."""
    if text.isascii():
        return text.lower(), None
    folded = text.translate(_FOLD)
    if _FOLD.uneven.isdisjoint(text):
        return folded, None
    return fold_places(text)


def highlight(text: str, q: Query) -> tuple[tuple[int, int], ...]:
    """Where ``q``'s words are in ``text``: ``(start, end)`` ranges of the ORIGINAL text (not
    its folded form), sorted, overlapping ones merged. A prefix highlights the whole word it
    begins, a phrase the words from its first to its last. Never markup: the caller styles
    these ranges."""
    words = q.words
    if not words or not text:
        return ()
    folded, places = _folded(text)
    found: list[tuple[int, int]] = []
    for word in words:
        for hit_start, hit_end in _found(word, folded):
            if places is None:
                start, end = hit_start, hit_end
            else:
                start, end = places[hit_start], places[hit_end - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # an accent typed apart from its letter belongs to it
            found.append((start, end))
    return _merged(found)


def _merged(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


#: Line breaks of every kind, with the blanks around them.
_BREAKS = re.compile(r"[^\S\r\n\v\f\x85\u2028\u2029]*[\r\n\v\f\x85\u2028\u2029][\s]*")
#: Characters a terminal would act on, each shown as one replacement character.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
ELLIPSIS = "…"


def one_line(text: str) -> str:
    """``text`` on one line: each run of line breaks (and the blanks around it) one space, tabs
    a space, other control characters "\ufffd"."""
    flat = _BREAKS.sub(" ", text).replace("\t", " ")
    return _CONTROLS.sub("\ufffd", flat).strip()


def snippet(text: str, q: Query, width: int = 90) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` on one line (``one_line``), cut to at most ``width`` characters around the first
    match, with "…" where it was cut, and where ``q``'s words are in the returned string. The
    window starts at the text's beginning when the match fits well within it, else a third of the
    width before the first match (at a word's beginning when one is near), so the match shows
    with what led to it; with no match, the text's beginning."""
    width = max(width, 5)
    line = one_line(text)
    found = highlight(line, q)
    n = len(line)
    if n <= width:
        return line, found
    first_start, first_end = found[0] if found else (0, 0)
    start = first_start - min(first_start, width // 3)
    if first_end + width // 4 < width:
        start = 0  # the match shows with what follows it from the beginning: no cut there
    if n - start < width - 1:
        start = max(0, n - (width - 1))  # near the end: fill the width from the end
    if start > 0 and not line[start - 1].isspace():
        gap = line.find(" ", start, first_start)
        if gap != -1:
            start = gap + 1
    room = width - (1 if start > 0 else 0)
    end = min(n, start + room)
    if end < n:
        end = start + room - 1  # room for the trailing "…"
        if not line[end].isspace():
            gap = line.rfind(" ", max(start, first_end), end)
            if gap > start:
                end = gap
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    head = ELLIPSIS if start > 0 else ""
    shown = head + line[start:end] + (ELLIPSIS if end < n else "")
    shift = len(head) - start
    spans = tuple((max(s, start) + shift, min(e, end) + shift) for s, e in found if e > start and s < end)
    return shown, spans


#: How much more a takeaway weighs than any other text with the same match.
TAKEAWAY_WEIGHT = 1.3
#: After this many days a match counts for three quarters of a new one (half of the part that fades).
HALF_LIFE_DAYS = 180.0
#: Undated texts (a contact's card) count as if this old.
UNDATED_AGE_DAYS = HALF_LIFE_DAYS


def score(bm25: float, on: date | None, today: date, field: str) -> float:
    """How good a result is; higher is better::

        score = weight × (1 + relevance) × (½ + ½ × 2^(-age / 180))

    ``relevance`` is -bm25 (FTS5's bm25 is negative, lower is better; 0 when there was no word
    to match), ``age`` the days from ``on`` to ``today`` (0 for a future day, 180 without a
    date) and ``weight`` 1.3 for a takeaway, 1 otherwise. Recency can halve a match's score, no
    more: a strong old match still beats a weak new one, and for the same match newer wins."""
    relevance = max(-bm25, 0.0)
    age = UNDATED_AGE_DAYS if on is None else max((today - on).days, 0)
    recency = 0.5 + 0.5 * 2.0 ** (-age / HALF_LIFE_DAYS)
    weight = TAKEAWAY_WEIGHT if field == TAKEAWAY else 1.0
    return weight * (1.0 + relevance) * recency
