"""A stored record with its revisions: the shape the merge reads and writes (and the store
stamps), and the field-by-field view of it the merge works on.

Stored shape — the record as its ``to_dict`` writes it, plus two keys:

    "_rev":  "<ms>-<counter>-<device>"   the record's latest change (of any field)
    "_revs": {                           only once some field changed after the record was made:
        "":     "<rev>",                 the revision the record was made with
        "role": "<rev>",                 each field changed since, with its revision
        "tags": {"Design": ["<rev>", 0], each element of a set field (tags, emails, takeaways …),
                 "old":    ["<rev>"]}     with when it was added and its place; a removed element
    }                                     keeps its removal's revision (no place)

A field not listed in ``_revs`` has the revision the record was made with (``_revs[""]``, or
``_rev`` when there is no ``_revs``); a record stored before revisions existed has revision 0
(:data:`~nurture.domain.revisions.ZERO`) everywhere. So a new record costs one key, and an
edit one more entry per field it changed.

A set field's elements are listed in order of when each was added (``(revision, place)``), so
two replicas that added to the same list end with one order; :func:`stamp` keeps the user's own
order when the user reorders.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from nurture.domain.revisions import ZERO, Rev, parse_rev

REV, REVS, BIRTH = "_rev", "_revs", ""

#: The fields of each record type that merge as sets, by file ("interactions" for every shard).
SET_FIELDS: dict[str, frozenset[str]] = {
    "contacts": frozenset({"tags", "other_emails", "other_phones", "stage_history"}),
    "interactions": frozenset({"takeaways", "action_items"}),
    "settings": frozenset({"my_emails"}),
    "prep": frozenset({"questions"}),
    "meetings": frozenset({"asked", "referrals"}),
}
NO_SETS: frozenset[str] = frozenset()

#: The value of a field a version does not have (``message_id`` on most interactions).
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()


def kind_of(source: str) -> str:
    """The record type of a file: "interactions/3" → "interactions"."""
    return source.partition("/")[0]


def canon(value: Any) -> str:
    """One text per value, the same on every machine: what ties between equal revisions are
    broken by, and what set elements are known by ("" for a missing field)."""
    if value is MISSING:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def element_key(value: Any) -> str:
    return value if type(value) is str else canon(value)


class Scalar(NamedTuple):
    rev: Rev
    value: Any

    @property
    def key(self) -> tuple[Rev, str]:
        return (self.rev, canon(self.value))


class Element(NamedTuple):
    rev: Rev
    place: int  # -1: removed
    value: Any

    @property
    def present(self) -> bool:
        return self.place >= 0

    @property
    def key(self) -> tuple[Rev, bool, int]:
        return (self.rev, self.present, self.place)


class Version:
    """One record, field by field, each with its revision."""

    __slots__ = ("birth", "listed", "scalars", "sets")

    def __init__(
        self,
        scalars: dict[str, Scalar],
        sets: dict[str, dict[str, Element]],
        listed: frozenset[str],
        birth: Rev,
    ) -> None:
        self.scalars = scalars
        self.sets = sets
        #: The set fields the record has as a key (written even when empty).
        self.listed = listed
        self.birth = birth

    @classmethod
    def of(cls, doc: Mapping[str, Any], set_fields: frozenset[str] = NO_SETS) -> Version:
        revs = doc.get(REVS)
        revs = revs if type(revs) is dict else {}
        birth = parse_rev(revs[BIRTH]) if BIRTH in revs else parse_rev(doc.get(REV))
        scalars: dict[str, Scalar] = {}
        sets: dict[str, dict[str, Element]] = {}
        listed = []
        for name in [*doc, *(k for k in revs if k and k not in doc)]:
            if name in (REV, REVS):
                continue
            value = doc.get(name, MISSING)
            if name in set_fields and (value is MISSING or type(value) is list):
                if value is not MISSING:
                    listed.append(name)
                sets[name] = _elements(value if value is not MISSING else [], revs.get(name), birth)
            else:
                scalars[name] = Scalar(parse_rev(revs[name]) if name in revs else birth, value)
        return cls(scalars, sets, frozenset(listed), birth)

    @property
    def rev(self) -> Rev:
        """The latest change of any field."""
        return max(self.revs(), default=self.birth)

    def revs(self) -> Iterable[Rev]:
        yield from (s.rev for s in self.scalars.values())
        for elements in self.sets.values():
            yield from (e.rev for e in elements.values())

    def value(self, name: str) -> Any:
        if name in self.sets:
            return present(self.sets[name])
        return self.scalars[name].value if name in self.scalars else MISSING

    def fields(self) -> list[str]:
        return [*self.scalars, *(s for s in self.sets if s not in self.scalars)]

    def changed(self, name: str) -> bool:
        """Whether the field changed after the record was made."""
        if name in self.sets:
            return any(e.rev != self.birth for e in self.sets[name].values())
        return name in self.scalars and self.scalars[name].rev != self.birth

    def doc(self) -> dict[str, Any]:
        """The stored shape (the same text for the same fields and revisions, whatever order
        they were merged in)."""
        birth = min(self.revs(), default=self.birth)
        out: dict[str, Any] = {}
        revs: dict[str, Any] = {}
        for name, s in self.scalars.items():
            if s.value is not MISSING:
                out[name] = s.value
            if s.rev != birth:
                revs[name] = str(s.rev)
        for name, elements in self.sets.items():
            ordered = sorted((e for e in elements.values() if e.present), key=_order)
            if ordered or name in self.listed:
                out[name] = [e.value for e in ordered]
            plain = len(ordered) == len(elements) and all(
                e.rev == birth and e.place == n for n, e in enumerate(ordered)
            )
            if not plain:
                revs[name] = {
                    k: [str(e.rev), e.place] if e.present else [str(e.rev)] for k, e in sorted(elements.items())
                }
        out[REV] = str(max(self.revs(), default=birth))
        if revs:
            out[REVS] = {BIRTH: str(birth), **dict(sorted(revs.items()))}
        return out


def _order(e: Element) -> tuple[Rev, int, str]:
    return (e.rev, e.place, element_key(e.value))


def present(elements: Mapping[str, Element]) -> list[Any]:
    return [e.value for e in sorted((e for e in elements.values() if e.present), key=_order)]


def _elements(values: list[Any], stamps: Any, birth: Rev) -> dict[str, Element]:
    stamps = stamps if type(stamps) is dict else {}
    out: dict[str, Element] = {}
    for n, value in enumerate(values):
        key = element_key(value)
        stamp = stamps.get(key)
        if type(stamp) is list and len(stamp) == 2 and type(stamp[1]) is int and stamp[1] >= 0:
            out.setdefault(key, Element(parse_rev(stamp[0]), stamp[1], value))
        else:
            out.setdefault(key, Element(birth, n, value))
    for key, stamp in stamps.items():
        if key not in out and type(stamp) is list and len(stamp) == 1:
            out[key] = Element(parse_rev(stamp[0]), -1, None)
    return out


def _same(a: Any, b: Any) -> bool:
    """Whether a field kept its value: as ``canon`` tells, but without writing either out (what
    stamping every record of a big save costs most); a value of another type is a change."""
    return a is b or (type(a) is type(b) and a == b)


def record_rev(doc: Mapping[str, Any]) -> Rev:
    return parse_rev(doc.get(REV))


def strip(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The record without its revisions: what its ``from_dict`` reads (it ignores them anyway)."""
    return {k: v for k, v in doc.items() if k not in (REV, REVS)}


def stamp(old: Mapping[str, Any] | None, new: Mapping[str, Any], rev: Rev, kind: str) -> dict[str, Any]:
    """``new`` (a record as its ``to_dict`` writes it) as stored, replacing ``old`` (as stored,
    or None for a new record): every field that differs from ``old`` gets revision ``rev``,
    every other keeps its own. The fields are in ``new``'s order (the order ``to_dict`` writes
    them), the revision keys last."""
    plain = strip(new) if REV in new or REVS in new else new
    if old is None:
        return {**plain, REV: str(rev)}
    if strip(old) == plain:  # nothing changed: every field keeps its revision
        return {**plain, REV: old.get(REV) or str(ZERO), **({REVS: old[REVS]} if REVS in old else {})}
    quick = _stamp_quick(old, plain, rev, SET_FIELDS.get(kind, NO_SETS))
    return quick if quick is not None else _stamp(old, plain, rev, kind)


def _stamp_quick(
    old: Mapping[str, Any], plain: Mapping[str, Any], rev: Rev, set_fields: frozenset[str]
) -> dict[str, Any] | None:
    """``stamp`` where the record keeps a field it was made with (its id, always): exactly what
    ``_stamp`` gives, taking apart only the set fields that changed (stamping every record of a
    big save). None where that does not hold, or the record is not as ``stamp`` writes it."""
    revs = old.get(REVS)
    revs = revs if type(revs) is dict else {}
    birth = parse_rev(revs[BIRTH] if BIRTH in revs else old.get(REV))
    if rev <= parse_rev(old.get(REV)) or rev <= birth:
        return None
    now = str(rev)
    out: dict[str, Any] = {}
    at_birth = False
    for name in [*plain, *(n for n in old if n not in plain), *(n for n in revs if n not in plain and n not in old)]:
        if name in (REV, REVS, BIRTH):
            continue
        a, b = old.get(name, MISSING), plain.get(name, MISSING)
        if name in set_fields:
            if (a is not MISSING and type(a) is not list) or (b is not MISSING and type(b) is not list):
                return None
            if _same(a, b):
                if name in revs:
                    if type(revs[name]) is not dict:
                        return None
                    out[name] = revs[name]
                continue
            entry = _set_stamps([] if a is MISSING else a, revs.get(name), birth, [] if b is MISSING else b, rev)
            if entry is None:
                return None
            if entry:
                out[name] = entry
        elif _same(a, b):
            if name in revs:
                if parse_rev(revs[name]) == birth:
                    return None  # (not as ``_stamp`` writes it)
                out[name] = revs[name]
            else:
                at_birth = True
        else:
            out[name] = now
    if not at_birth:
        return None  # every field changed: the record's birth moves (``Version.doc``)
    doc = dict(plain)
    doc[REV] = now
    doc[REVS] = {BIRTH: str(birth), **dict(sorted(out.items()))}
    return doc


def _set_stamps(was: list[Any], stamps: Any, birth: Rev, wanted: list[Any], rev: Rev) -> dict[str, Any] | None:
    """A changed set field's ``_revs`` entry, as ``_stamp`` makes it ({}: none), or None when
    its stored value would not be ``wanted`` as it is (an element given twice)."""
    keys = [element_key(v) for v in wanted]
    if len(set(keys)) != len(keys) or not (was or wanted):  # (an empty list dropped or added: no element to stamp)
        return None
    before = _elements(was, stamps, birth)
    elements = dict(before)
    for n, (key, value) in enumerate(zip(keys, wanted, strict=True)):
        if key not in elements or not elements[key].present:
            elements[key] = Element(rev, n, value)
    for key, e in before.items():
        if e.present and key not in keys:
            elements[key] = Element(rev, -1, None)
    ordered = sorted((e for e in elements.values() if e.present), key=_order)
    if [element_key(e.value) for e in ordered] != keys:  # reordered: the user's order
        for n, (key, value) in enumerate(zip(keys, wanted, strict=True)):
            elements[key] = Element(rev, n, value)
        ordered = sorted((e for e in elements.values() if e.present), key=_order)
    if len(ordered) == len(elements) and all(e.rev == birth and e.place == n for n, e in enumerate(ordered)):
        return {}
    return {k: [str(e.rev), e.place] if e.present else [str(e.rev)] for k, e in sorted(elements.items())}


def _stamp(old: Mapping[str, Any], plain: Mapping[str, Any], rev: Rev, kind: str) -> dict[str, Any]:
    """``stamp``, field by field."""
    set_fields = SET_FIELDS.get(kind, NO_SETS)
    before = Version.of(old, set_fields)
    after = Version.of(plain, set_fields)  # every field at revision 0: replaced below
    scalars = {}
    for name in [*before.scalars, *(n for n in after.scalars if n not in before.scalars)]:
        was = before.scalars.get(name, Scalar(before.birth, MISSING))
        now = after.scalars.get(name, Scalar(ZERO, MISSING))
        scalars[name] = was if _same(was.value, now.value) else Scalar(rev, now.value)
    sets = {}
    for name in [*before.sets, *(n for n in after.sets if n not in before.sets)]:
        was_elements = before.sets.get(name, {})
        wanted = present(after.sets[name]) if name in after.sets else []
        elements = dict(was_elements)
        keys = [element_key(v) for v in wanted]
        for n, (key, value) in enumerate(zip(keys, wanted, strict=True)):
            if key not in elements or not elements[key].present:
                elements[key] = Element(rev, n, value)
        for key, e in was_elements.items():
            if e.present and key not in keys:
                elements[key] = Element(rev, -1, None)
        if [element_key(v) for v in present(elements)] != keys:  # reordered: the user's order
            for n, (key, value) in enumerate(zip(keys, wanted, strict=True)):
                elements[key] = Element(rev, n, value)
        sets[name] = elements
    doc = Version(scalars, sets, after.listed, before.birth).doc()
    ordered = {name: doc[name] for name in plain if name in doc}
    ordered.update((name, value) for name, value in doc.items() if name not in ordered)
    return ordered
