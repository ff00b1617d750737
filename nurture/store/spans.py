"""Where each record lies in a data file's bytes: read one record, rewrite a few, or find the
few another process changed, without parsing the whole file.

nurture writes a data file as ``orjson.dumps({"nurture": meta, "<table>": {id: record, …}})``:
no whitespace, members in order, one table, last. In such a file (*canonical*: ``orjson.dumps``
of what it parses to is the file itself) each record is a span of bytes that ``orjson.loads``
reads alone, and the file can be rewritten by copying the spans of the records that did not
change, giving exactly the bytes ``orjson.dumps`` would give for the changed table.

* ``locate`` finds the spans of a file known to be canonical by measuring each record's
  serialisation (``orjson.dumps`` of each alone: about as quick as of the whole file).
* ``splice`` writes a new version from an old one and its layout. What it relies on is checked
  first: the envelope's meta parses and is canonical, the table's name and ``{`` follow it at
  the offsets given, every run of records it copies and every record it replaces or drops
  starts with its key right after ``{`` or a comma and ends right before a comma or ``}``, one
  right after another from the table's ``{`` to its ``}``, and what it replaces or drops
  parses. Where any of it does not hold it writes nothing (the caller writes the whole file).
  The inside of a copied run is copied as it is: its bytes are the old file's, so the new
  file is ``orjson.dumps`` of the changed table whenever the old one was of its own.
* ``delta`` compares an old version, whose layout is known, with a new one and parses only the
  run of records between their common beginning and common end.
* ``scan`` finds the spans of any JSON file (pretty-printed, edited by hand) with the standard
  library's scanner: slowly, for reading only.

A span is only ever a way to find a record faster: whoever reads one checks that what it reads
is the record it wanted, and falls back to the whole file when it is not.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from json.scanner import make_scanner
from typing import Any, cast

import orjson

HEAD = b'{"nurture":'
_CHUNK = 1 << 16


@dataclass(eq=False)
class Layout:
    """The spans of one table's records in one version of a file (offsets in bytes)."""

    #: The table's name, and its records' ids in the order they are stored.
    table: str
    ids: list[str]
    #: Where each record's value starts and ends (``ends[k]`` is one past its last byte).
    starts: array
    ends: array
    #: The file's length.
    size: int
    #: Just past the envelope's meta object, and just past the table's ``{``. ``-1`` when the
    #: file is not canonical (``exact`` is false): its spans can be read, not spliced.
    meta_end: int = -1
    body: int = -1
    _positions: dict[str, int] | None = field(default=None, repr=False)

    @property
    def exact(self) -> bool:
        return self.body >= 0

    def positions(self) -> dict[str, int]:
        """Each id's index in ``ids`` (made on first use)."""
        if self._positions is None:
            self._positions = {rid: k for k, rid in enumerate(self.ids)}
        return self._positions


def is_canonical(raw: bytes, doc: Any) -> bool:
    """Whether ``raw`` is exactly what nurture writes for ``doc`` (what it parsed to)."""
    return orjson.dumps(doc) == raw


def locate(raw: bytes, doc: dict[str, Any], table: str) -> Layout | None:
    """The layout of ``raw``, which parsed to ``doc`` and is canonical (``is_canonical``), or
    None when its only table is not ``table``."""
    meta = doc.get("nurture")
    if list(doc) != ["nurture", table] or not raw.startswith(HEAD):
        return None
    meta_end = len(HEAD) + len(orjson.dumps(meta))
    opener = b"," + orjson.dumps(table) + b":{"
    if not raw.startswith(opener, meta_end) or not raw.endswith(b"}}"):
        return None
    body = meta_end + len(opener)
    records = doc[table]
    spans = _members(body, len(raw) - 2, records)
    if spans is None:
        return None
    return Layout(table, list(records), spans[0], spans[1], len(raw), meta_end, body)


def _members(pos: int, stop: int, records: dict[str, Any]) -> tuple[array, array] | None:
    """The value spans of ``records`` written canonically from ``pos`` (``"id":value,…``),
    measured by serialising each alone: the file is ``orjson.dumps`` of what it holds, so
    each record takes exactly that many bytes. None if they do not end at ``stop``."""
    dumps = orjson.dumps
    starts, ends = array("q"), array("q")
    start_of, end_of = starts.append, ends.append
    for key_length, length in zip(map(len, map(dumps, records)), map(len, map(dumps, records.values())), strict=True):
        pos += key_length + 1
        start_of(pos)
        pos += length
        end_of(pos)
        pos += 1
    if records:
        pos -= 1
    return (starts, ends) if pos == stop else None


def splice(
    raw: bytes, layout: Layout, meta: Mapping[str, Any], put: Mapping[str, bytes], delete: Collection[str] = ()
) -> tuple[bytes, Layout] | None:
    """A new version of ``raw`` (described by the exact ``layout``): the envelope's meta
    replaced, the records in ``put`` (id → their JSON) replaced where they are or added at the
    end, those in ``delete`` dropped — as a dict's ``update`` and ``pop`` would order them, so
    the bytes are ``orjson.dumps`` of the changed table. None (write the whole file instead)
    when the layout does not describe ``raw`` where the splice relies on it: the header, the
    edges of the runs it copies and of the records it replaces or drops (which must parse)."""
    if not layout.exact or len(raw) != layout.size:
        return None
    ids, starts, ends = layout.ids, layout.starts, layout.ends
    positions = layout.positions()
    edits: dict[int, bytes | None] = {}
    added: list[tuple[str, bytes]] = []
    for rid in delete:
        k = positions.get(rid)
        if k is not None:
            edits[k] = None
    for rid, value in put.items():
        k = positions.get(rid)
        if k is None or edits.get(k, b"") is None:
            added.append((rid, value))
        else:
            edits[k] = value
    dumps = orjson.dumps
    if not _header_holds(raw, layout):
        return None
    # The old members, in order, as runs copied whole and members replaced or dropped: each
    # starts with its key right after the table's ``{`` or a comma, ends right before a comma
    # or the table's ``}``, and the next starts right after that comma (nothing skipped).
    segments: list[tuple[int, int]] = []
    run = 0
    for k in sorted(edits):
        if run < k:
            segments.append((run, k))
        segments.append((k, k + 1))
        run = k + 1
    if run < len(ids):
        segments.append((run, len(ids)))
    at = layout.body
    for a, b in segments:
        key = dumps(ids[a]) + b":"
        first, end = starts[a] - len(key), ends[b - 1]
        if first != at or raw[first - 1 : starts[a]] not in (b"{" + key, b"," + key):
            return None
        if raw[end : end + 1] not in (b",", b"}"):
            return None
        at = end + 1
    if at != (len(raw) - 1 if ids else len(raw) - 2):
        return None
    for k in edits:  # each span to replace or drop parses, whole
        try:
            orjson.loads(raw[starts[k] : ends[k]])
        except orjson.JSONDecodeError:
            return None
    head = HEAD + dumps(meta) + raw[layout.meta_end : layout.body]
    pieces: list[bytes] = []
    out_ids: list[str] = []
    out_starts, out_ends = array("q"), array("q")
    pos = len(head)  # where the next member starts in the new file

    def copy(a: int, b: int) -> None:  # old members a..b-1, as they are
        nonlocal pos
        if a >= b:
            return
        if pieces:
            pos += 1
        first = starts[a] - len(dumps(ids[a])) - 1
        shift = pos - first
        pieces.append(raw[first : ends[b - 1]])
        out_ids.extend(ids[a:b])
        out_starts.extend([s + shift for s in starts[a:b]])
        out_ends.extend([e + shift for e in ends[a:b]])
        pos = ends[b - 1] + shift

    def member(rid: str, value: bytes) -> None:
        nonlocal pos
        if pieces:
            pos += 1
        key = dumps(rid) + b":"
        pieces.append(key + value)
        out_ids.append(rid)
        out_starts.append(pos + len(key))
        pos += len(key) + len(value)
        out_ends.append(pos)

    run = 0
    for k in sorted(edits):
        copy(run, k)
        replacement = edits[k]
        if replacement is not None:
            member(ids[k], replacement)
        run = k + 1
    copy(run, len(ids))
    for rid, value in added:
        member(rid, value)
    payload = b"".join((head, b",".join(pieces), b"}}"))
    new = Layout(layout.table, out_ids, out_starts, out_ends, len(payload), len(HEAD) + len(dumps(meta)),
                 len(head))  # fmt: skip
    return payload, new


def _header_holds(raw: bytes, layout: Layout) -> bool:
    """Whether ``raw`` starts as nurture writes a file with ``layout``'s table, at its offsets:
    the envelope's meta, canonical, ends at ``meta_end``; the table's name and ``{`` follow,
    ending at ``body``; the file ends with the two closing braces."""
    meta_end, body = layout.meta_end, layout.body
    opener = b"," + orjson.dumps(layout.table) + b":{"
    if not raw.startswith(HEAD) or not raw.endswith(b"}}") or body != meta_end + len(opener):
        return False
    if not raw.startswith(opener, meta_end) or raw[meta_end - 1 : meta_end] != b"}":
        return False
    try:
        meta = orjson.loads(raw[len(HEAD) : meta_end])
    except orjson.JSONDecodeError:
        return False
    return type(meta) is dict and orjson.dumps(meta) == raw[len(HEAD) : meta_end]


@dataclass
class Delta:
    """What changed between two versions of a file: the old records ``first`` to ``last``
    (exclusive) were replaced by ``docs`` (parsed, in order); the rest are byte for byte the
    same. ``layout`` describes the new version, ``meta`` is its envelope."""

    first: int
    last: int
    docs: dict[str, Any]
    layout: Layout
    meta: dict[str, Any]


def delta(old_raw: bytes, old: Layout, new_raw: bytes) -> Delta | None:
    """The records of ``new_raw`` that differ from ``old_raw`` (described by the exact layout
    ``old``), parsing only them; None when that cannot be told that way (the file is not
    canonical, not the same table, or most of it changed): then read it whole."""
    if not old.exact or not old.ids or len(old_raw) != old.size:
        return None
    if not new_raw.startswith(HEAD) or not new_raw.endswith(b"}}"):
        return None
    meta_end = new_raw.find(b"}", len(HEAD)) + 1
    if meta_end <= 0:
        return None
    try:
        meta = orjson.loads(new_raw[len(HEAD) : meta_end])
    except orjson.JSONDecodeError:
        return None
    if type(meta) is not dict or orjson.dumps(meta) != new_raw[len(HEAD) : meta_end]:
        return None
    opener = old_raw[old.meta_end : old.body]
    if not new_raw.startswith(opener, meta_end):
        return None
    ob, nb = old.body, meta_end + len(opener)
    ol, nl = len(old_raw) - 2 - ob, len(new_raw) - 2 - nb
    limit = min(ol, nl)
    p = _common_prefix(old_raw, ob, new_raw, nb, limit)
    s = _common_suffix(old_raw, ob + ol, new_raw, nb + nl, limit - p)
    ends, n = old.ends, len(old.ids)
    if p == ol and nl > ol and new_raw[nb + ol] == ord(","):  # records added at the end, no other change
        k1, k2 = n, n - 1
        ma, mb = nb + ol + 1, nb + nl
    else:
        k1 = bisect_right(ends, ob + p - 1)  # records (and their comma) wholly in the common start
        k2 = min(bisect_left(ends, ob + ol - s), n - 1)  # the first that ends in the common end
        a = ends[k1 - 1] + 1 if k1 else ob  # where record k1's member starts, in both versions
        tail = ob + ol - ends[k2]  # bytes after record k2's value, the same in both
        ma, mb = nb + (a - ob), nb + nl - tail
    if mb - ma > (nl >> 1) + _CHUNK:
        return None  # most of it changed: parsing it whole is as quick and simpler
    middle = new_raw[ma:mb]
    if not middle:
        if k1 or k2 != n - 1:
            return None  # the records around would need a comma between them: not ours
        docs: dict[str, Any] = {}
        spans: tuple[array, array] | None = (array("q"), array("q"))
    else:
        wrapped = b"{" + middle + b"}"
        try:
            docs = orjson.loads(wrapped)
        except orjson.JSONDecodeError:
            return None
        if type(docs) is not dict or orjson.dumps(docs) != wrapped:
            return None
        spans = _members(ma, mb, docs)
    if spans is None:
        return None
    positions = old.positions()
    for rid in docs:
        k = positions.get(rid)
        if k is not None and not k1 <= k <= k2:
            return None  # an id stored twice: the whole file says which one counts
    head_shift, tail_shift = nb - ob, (nb + nl) - (ob + ol)
    starts = array("q", [x + head_shift for x in old.starts[:k1]])
    ends_new = array("q", [x + head_shift for x in ends[:k1]])
    starts.extend(spans[0])
    ends_new.extend(spans[1])
    starts.extend([x + tail_shift for x in old.starts[k2 + 1 :]])
    ends_new.extend([x + tail_shift for x in ends[k2 + 1 :]])
    ids = [*old.ids[:k1], *docs, *old.ids[k2 + 1 :]]
    layout = Layout(old.table, ids, starts, ends_new, len(new_raw), meta_end, nb)
    return Delta(k1, k2 + 1, docs, layout, meta)


def _common_prefix(a: bytes, ai: int, b: bytes, bi: int, limit: int) -> int:
    """How many bytes ``a[ai:]`` and ``b[bi:]`` have in common at their start (≤ ``limit``)."""
    p = 0
    while p < limit:
        n = min(_CHUNK, limit - p)
        if a[ai + p : ai + p + n] != b[bi + p : bi + p + n]:
            while n > 1:  # the first difference is within these n bytes
                half = n >> 1
                if a[ai + p : ai + p + half] == b[bi + p : bi + p + half]:
                    p, n = p + half, n - half
                else:
                    n = half
            return p
        p += n
    return limit


def _common_suffix(a: bytes, aend: int, b: bytes, bend: int, limit: int) -> int:
    """How many bytes ``a[:aend]`` and ``b[:bend]`` have in common at their end (≤ ``limit``)."""
    s = 0
    while s < limit:
        n = min(_CHUNK, limit - s)
        if a[aend - s - n : aend - s] != b[bend - s - n : bend - s]:
            while n > 1:
                half = n >> 1
                if a[aend - s - half : aend - s] == b[bend - s - half : bend - s]:
                    s, n = s + half, n - half
                else:
                    n = half
            return s
        s += n
    return limit


_WS = re.compile(r"[ \t\n\r]*")


def _skip(text: str, i: int) -> int:
    """Past the whitespace at ``i``."""
    m = _WS.match(text, i)
    return m.end() if m else i


def scan(raw: bytes, table: str) -> Layout | None:
    """The spans of ``table``'s records in any JSON data file (one nurture did not write
    canonically), found with the standard library's scanner over a latin-1 view of the bytes,
    so a character offset is a byte offset. Slow (it parses every value), for reading only.
    None when the file is not an object or holds an id twice."""
    text = raw.decode("latin-1")
    scan_once = cast(Any, make_scanner)(json.JSONDecoder())  # the C scanner: (text, offset) -> (value, end)
    ws = _skip
    ids: list[str] = []
    starts, ends = array("q"), array("q")
    try:
        i = ws(text, 0)
        if text[i] != "{":
            return None
        i = ws(text, i + 1)
        found = False
        while text[i] != "}":
            key, i = _key(raw, text, i, scan_once)
            i = ws(text, i)
            if key == table and text[i] == "{":
                found = True
                i = ws(text, i + 1)
                while text[i] != "}":
                    rid, i = _key(raw, text, i, scan_once)
                    i = ws(text, i)
                    _, end = scan_once(text, i)
                    ids.append(rid)
                    starts.append(i)
                    ends.append(end)
                    i = ws(text, end)
                    if text[i] == ",":
                        i = ws(text, i + 1)
                i += 1
            else:
                _, i = scan_once(text, i)
            i = ws(text, i)
            if text[i] == ",":
                i = ws(text, i + 1)
    except (StopIteration, IndexError, ValueError):
        return None
    if not found or len(set(ids)) != len(ids):
        return None
    return Layout(table, ids, starts, ends, len(raw))


def _key(raw: bytes, text: str, i: int, scan_once: Any) -> tuple[str, int]:
    """The key at ``i`` (read from the bytes, so it is the text orjson reads) and the offset
    just past its colon."""
    if text[i] != '"':
        raise ValueError("not a key")
    _, end = scan_once(text, i)
    key = orjson.loads(raw[i:end])
    j = _skip(text, end)
    if text[j] != ":":
        raise ValueError("no colon")
    return key, j + 1


def spans_doc(layout: Layout | None) -> dict[str, Any]:
    """A layout's spans, for an index file (its ids are kept by the caller): the offsets as
    one base64 text of little-endian 64-bit integers, which parses as one string, not as a
    number per offset."""
    if layout is None:
        return {"at": None, "spans": None}
    both = array("q", layout.starts)
    both.extend(layout.ends)
    if sys.byteorder == "big":
        both.byteswap()
    return {"at": [layout.size, layout.meta_end, layout.body], "spans": base64.b64encode(both.tobytes()).decode()}


def spans_from(doc: dict[str, Any], table: str, ids: list[str]) -> Layout | None:
    """The layout an index file recorded (``spans_doc``) for records ``ids``, or None."""
    encoded, at = doc.get("spans"), doc.get("at")
    if type(encoded) is not str or type(at) is not list or len(at) != 3 or not all(type(x) is int for x in at):
        return None
    try:
        packed = base64.b64decode(encoded, validate=True)
    except ValueError:  # (binascii.Error is one)
        return None
    n = len(ids)
    if len(packed) != 16 * n:
        return None
    both = array("q")
    both.frombytes(packed)
    if sys.byteorder == "big":
        both.byteswap()
    size, meta_end, body = at
    return Layout(table, ids, both[:n], both[n:], size, meta_end, body)
