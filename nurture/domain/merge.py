"""Merging two versions of the network, record by record, field by field, without losing a write.

A :class:`Replica` is every stored record by file ("contacts", "followups", …,
"interactions/3") and id, as stored (``nurture.domain.versions``: each with its revisions), and
the tombstones of the records deleted there (by file and id: the revision of the deletion).

**Two-way** (:func:`merge` without ``base``: a file-sync conflict copy, another data directory):
every field takes the version with the later revision; a set field (tags, emails, takeaways …)
element by element, so an element added on one side and one removed on the other both stand. A
record whose latest change is no later than its tombstone is deleted; one changed after it was
deleted elsewhere is kept, and reported. Commutative and idempotent; associative too, with
one exception: a record changed after it was deleted elsewhere comes back, and of its fields
nobody changed since the deletion (which covers them), an older version that met the deletion
first is dropped with it, so which older value such a field shows depends on the order of the
merges (``tests/unit/test_merge_properties.py`` checks everything else is the same in any
order; making that exact would mean keeping deleted records' words).

**Three-way** (with ``base``, the common ancestor: git): a field changed on one side only takes
that side; changed on both to different values, the later revision wins and the other value is
kept as a :class:`Conflict`; a set field changed on both merges as a set (an element removed on
one side stays removed); a record deleted on one side and unchanged on the other is deleted;
deleted on one side and changed on the other, kept and reported.

Both ways: a contact and their records stay together. A contact kept though deleted on one side
keeps the records of theirs (notes, follow-ups, appointments, prep) deleted with them; a record
of theirs added or changed on the side that kept them counts as a change to the contact (so a
note never outlives its contact). Both values of a field written on the same machine are no
conflict: the older was overwritten there in order (an old copy of the same data). A record
whose id is fixed (the settings, a contact's prep list) made on both sides merges three-way
from the defaults.

Pure: no clock (``now_ms`` is given to :func:`prune`), no files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nurture.domain.library import Prep
from nurture.domain.models import Settings
from nurture.domain.revisions import ZERO, Rev, parse_rev
from nurture.domain.versions import (
    MISSING,
    NO_SETS,
    SET_FIELDS,
    Element,
    Scalar,
    Version,
    canon,
    kind_of,
    strip,
)

Doc = dict[str, Any]
#: File → id → record as stored.
Records = dict[str, dict[str, Doc]]
#: File → id → the revision (text) of the record's deletion.
Tombstones = dict[str, dict[str, str]]
#: How long a tombstone is kept: a replica that has not synced for longer may bring back a
#: record deleted elsewhere.
TOMBSTONE_DAYS = 180
HERE, THERE = "here", "there"


@dataclass(frozen=True)
class Replica:
    records: Records = field(default_factory=dict)
    tombstones: Tombstones = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed to different values (``field`` "" and one side None: a
    record deleted on that side and changed on the other, so kept). ``kept``: the side whose
    value the merge kept ("here" or "there"); the other is what swapping would put back."""

    source: str
    record_id: str
    field: str
    here: Any
    there: Any
    kept: str

    @property
    def kind(self) -> str:
        return kind_of(self.source)

    def describe(self) -> str:
        if not self.field:
            gone = HERE if self.here is None else THERE
            return f"{self.kind} {self.record_id}: deleted {gone}, changed on the other machine: kept"
        won = self.here if self.kept == HERE else self.there
        lost = self.there if self.kept == HERE else self.here
        lost_side = THERE if self.kept == HERE else HERE
        return (
            f"{self.kind} {self.record_id}: {self.field} changed on both machines: "
            f"{_shown(won)} {self.kept} (kept), {_shown(lost)} {lost_side}"
        )


@dataclass
class Counts:
    added: int = 0
    changed: int = 0
    deleted: int = 0
    conflicts: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.deleted or self.conflicts)


@dataclass(frozen=True)
class Merged:
    replica: Replica
    conflicts: tuple[Conflict, ...]
    #: What the merge changes here, by record type ("interactions" for every shard).
    counts: dict[str, Counts]

    def summary(self) -> list[str]:
        """What ``nurture merge --dry-run`` says: a line per record type that changes, then
        every conflict."""
        lines = []
        for kind, c in sorted(self.counts.items()):
            if c:
                parts = [f"{c.added} added", f"{c.changed} changed", f"{c.deleted} deleted"]
                if c.conflicts:
                    parts.append(f"{c.conflicts} conflict{'s' if c.conflicts != 1 else ''}")
                lines.append(f"{kind}: {', '.join(parts)}")
        if not lines:
            lines.append("nothing to merge: both sides hold the same records")
        lines.extend(c.describe() for c in self.conflicts)
        return lines


def merge(here: Replica, there: Replica, base: Replica | None = None) -> Merged:
    """``there`` merged into ``here`` (two-way, or three-way from ``base``)."""
    tombstones = _merge_tombstones(here.tombstones, there.tombstones)
    records: Records = {}
    conflicts: list[Conflict] = []
    touched: list[tuple[str, str]] = []  # (source, id) of each record not the same on both sides
    for source in sorted({*here.records, *there.records, *tombstones}):
        mine, theirs = here.records.get(source, {}), there.records.get(source, {})
        ancestors = base.records.get(source, {}) if base is not None else None
        graves = tombstones.get(source, {})
        out: dict[str, Doc] = {}
        fixed = FIXED_IDS.get(kind_of(source))
        for rid in sorted({*mine, *theirs}):
            h, t = mine.get(rid), theirs.get(rid)
            if h is not None and h == t and rid not in graves:
                out[rid] = h  # the same on both sides (most records, by far): as it is
                continue
            touched.append((source, rid))
            grave = parse_rev(graves[rid]) if rid in graves else None
            if ancestors is not None and rid in ancestors:
                doc, found = _three(source, rid, ancestors[rid], h, t)
                if doc is not None and grave is not None and (h is None or t is None):
                    del graves[rid]  # the deletion is undone: the record was changed meanwhile
            elif fixed is not None and h is not None and t is not None and grave is None:
                # made on both sides with the same id (settings, a contact's prep list): each
                # side's changes are those from the defaults
                doc, found = _three(source, rid, fixed(rid), h, t)
            else:
                doc, found = _two(source, rid, h, t, grave, here.tombstones, there.tombstones)
            conflicts.extend(found)
            if doc is not None:
                out[rid] = doc
        if out or source in here.records or source in there.records:
            records[source] = out
    touched += _keep_families(here, there, records, tombstones, conflicts)
    counts: dict[str, Counts] = {kind_of(source): Counts() for source in records}
    for c in conflicts:
        counts.setdefault(c.kind, Counts()).conflicts += 1
    for source, rid in dict.fromkeys(touched):
        h, doc = here.records.get(source, {}).get(rid), records.get(source, {}).get(rid)
        count = counts.setdefault(kind_of(source), Counts())
        if h is None and doc is not None:
            count.added += 1
        elif h is not None and doc is None:
            count.deleted += 1
        elif h is not None and doc is not None and strip(h) != strip(doc):
            count.changed += 1
    return Merged(Replica(records, {s: g for s, g in tombstones.items() if g}), tuple(conflicts), counts)


def _settings_defaults(rid: str) -> Doc:
    return {"id": rid, **Settings().to_dict()}


def _prep_defaults(rid: str) -> Doc:
    return Prep(rid).to_dict()


#: The record types whose ids are fixed (the one settings record; a contact's prep list, by the
#: contact's id): both machines may make one without ever having seen the other's, so what
#: each changed is told from the defaults, three-way.
FIXED_IDS: dict[str, Callable[[str], Doc]] = {"settings": _settings_defaults, "prep": _prep_defaults}
#: Files whose records are a contact's but name them otherwise than by ``contact_id``.
NOT_CHILDREN = frozenset({"contacts", "conflicts"})


def _parent(doc: Mapping[str, Any] | None) -> str | None:
    value = doc.get("contact_id") if doc is not None else None
    return value if type(value) is str else None


def _keep_families(here: Replica, there: Replica, records: Records, tombstones: Tombstones,
                   conflicts: list[Conflict]) -> list[tuple[str, str]]:  # fmt: skip
    """A contact and their records (notes, follow-ups, appointments, prep …) stay together.

    A contact deleted on one side whose record of theirs (a note, say) was added or changed on
    the other side, so kept, is changed on that side too: kept, and reported, as any record
    deleted on one side and changed on the other. And a contact so kept keeps every record of
    theirs the deleting side deleted with them (their tombstones are dropped). Returns the
    records brought back, by (source, id)."""
    people = records.get("contacts")
    if people is None:
        return []
    mine, theirs = here.records.get("contacts", {}), there.records.get("contacts", {})
    dropped = {rid for rid in (*mine, *theirs) if rid not in people}
    kept = {c.record_id for c in conflicts if c.source == "contacts" and not c.field}
    if not dropped and not kept:
        return []
    brought: list[tuple[str, str]] = []
    children = [s for s in records if kind_of(s) not in NOT_CHILDREN]
    if dropped:
        for source in children:
            for doc in records[source].values():
                cid = _parent(doc)
                if cid is not None and cid in dropped:
                    dropped.discard(cid)
                    people[cid] = _revive("contacts", cid, here, there, tombstones, conflicts)
                    kept.add(cid)
                    brought.append(("contacts", cid))
    if not kept:
        return brought
    for source in children:
        out, graves = records[source], tombstones.get(source, {})
        mine, theirs = here.records.get(source, {}), there.records.get(source, {})
        for rid in (*mine, *(r for r in theirs if r not in mine)):
            if rid in out or rid not in graves:
                continue
            cid = _parent(mine.get(rid)) or _parent(theirs.get(rid))
            if cid in kept:
                out[rid] = _revive(source, rid, here, there, tombstones)
                brought.append((source, rid))
    return brought


def _revive(source: str, rid: str, here: Replica, there: Replica, tombstones: Tombstones,
            conflicts: list[Conflict] | None = None) -> Doc:  # fmt: skip
    """A record the merge had deleted, brought back (the later of the versions either side
    holds), its tombstone dropped; with ``conflicts``, reported there as kept though deleted."""
    set_fields = SET_FIELDS.get(kind_of(source), NO_SETS)
    h, t = here.records.get(source, {}).get(rid), there.records.get(source, {}).get(rid)
    versions = [Version.of(d, set_fields) for d in (h, t) if d is not None]
    doc = (_later(*versions) if len(versions) == 2 else versions[0]).doc()
    tombstones.get(source, {}).pop(rid, None)
    if conflicts is not None:
        gone_here = h is None or rid in here.tombstones.get(source, {})
        plain = strip(doc)
        here_doc, there_doc = (None, plain) if gone_here else (plain, None)
        conflicts.append(Conflict(source, rid, "", here_doc, there_doc, THERE if gone_here else HERE))
    return doc


def merge_versions(source: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> Doc:
    """Two versions of one record, two-way: every field from the later revision."""
    set_fields = SET_FIELDS.get(kind_of(source), NO_SETS)
    return _later(Version.of(a, set_fields), Version.of(b, set_fields)).doc()


def prune(tombstones: Tombstones, now_ms: int, days: int = TOMBSTONE_DAYS) -> Tombstones:
    """The tombstones made in the last ``days`` days before ``now_ms``."""
    oldest = now_ms - days * 86_400_000
    kept = {
        source: {rid: rev for rid, rev in graves.items() if parse_rev(rev).ms >= oldest}
        for source, graves in tombstones.items()
    }
    return {source: graves for source, graves in kept.items() if graves}


def latest(replica: Replica) -> Rev:
    """The latest revision anywhere in ``replica`` (what a clock must move past after a merge)."""
    revs = [Version.of(doc).rev for docs in replica.records.values() for doc in docs.values()]
    revs += [parse_rev(rev) for graves in replica.tombstones.values() for rev in graves.values()]
    return max(revs, default=ZERO)


# --- two-way ----------------------------------------------------------------------------------


def _two(
    source: str, rid: str, h: Doc | None, t: Doc | None, grave: Rev | None, mine: Tombstones, theirs: Tombstones
) -> tuple[Doc | None, list[Conflict]]:
    set_fields = SET_FIELDS.get(kind_of(source), NO_SETS)
    hv = Version.of(h, set_fields) if h is not None else None
    tv = Version.of(t, set_fields) if t is not None else None
    merged = _later(hv, tv) if hv is not None and tv is not None else hv or tv
    assert merged is not None
    if grave is not None and merged.rev <= grave:
        return None, []
    conflicts = []
    if hv is not None and tv is not None:
        for name in merged.fields():
            a, b = hv.value(name), tv.value(name)
            if name in set_fields or canon(a) == canon(b) or not (hv.changed(name) and tv.changed(name)):
                continue
            if _one_device(hv, tv, name):
                continue  # one machine's older value and its newer one (an old copy): not concurrent
            kept = HERE if canon(merged.value(name)) == canon(a) else THERE
            conflicts.append(Conflict(source, rid, name, _out(a), _out(b), kept))
    elif grave is not None:  # kept though deleted on the side that lacks it: say so
        lacking = mine if hv is None else theirs
        if rid in lacking.get(source, {}):
            doc = strip(merged.doc())
            conflicts.append(
                Conflict(
                    source,
                    rid,
                    "",
                    None if hv is None else doc,
                    doc if hv is None else None,
                    THERE if hv is None else HERE,
                )
            )
    return merged.doc(), conflicts


def _one_device(a: Version, b: Version, name: str) -> bool:
    """Whether both values of a field were written on the same machine: its older value was
    overwritten there in order (an old copy of the same data), not changed concurrently."""
    x, y = a.scalars.get(name), b.scalars.get(name)
    return x is not None and y is not None and x.rev.device == y.rev.device


def _later(a: Version, b: Version) -> Version:
    """Field by field, the later revision (elements of a set field, each the later one)."""
    scalars = {}
    for name in [*a.scalars, *(n for n in b.scalars if n not in a.scalars)]:
        x = a.scalars.get(name, Scalar(a.birth, MISSING))
        y = b.scalars.get(name, Scalar(b.birth, MISSING))
        scalars[name] = max(x, y, key=lambda s: s.key)
    sets = {}
    for name in [*a.sets, *(n for n in b.sets if n not in a.sets)]:
        sets[name] = _later_elements(a.sets.get(name, {}), b.sets.get(name, {}))
    return Version(scalars, sets, a.listed | b.listed, min(a.birth, b.birth))


def _later_elements(a: Mapping[str, Element], b: Mapping[str, Element]) -> dict[str, Element]:
    out = dict(a)
    for key, e in b.items():
        if key not in out or e.key > out[key].key:
            out[key] = e
    return out


# --- three-way --------------------------------------------------------------------------------


def _three(source: str, rid: str, base: Doc, h: Doc | None, t: Doc | None) -> tuple[Doc | None, list[Conflict]]:
    if h is None and t is None:
        return None, []
    if h is None or t is None:
        alive = t if h is None else h
        assert alive is not None
        if strip(alive) == strip(base):
            return None, []  # deleted on one side, unchanged on the other
        doc = strip(alive)
        side = THERE if h is None else HERE
        return dict(alive), [Conflict(source, rid, "", None if h is None else doc, doc if h is None else None, side)]
    set_fields = SET_FIELDS.get(kind_of(source), NO_SETS)
    bv, hv, tv = (Version.of(d, set_fields) for d in (base, h, t))
    both = _later(hv, tv)
    conflicts: list[Conflict] = []
    scalars = dict(both.scalars)
    sets = dict(both.sets)
    for name in both.fields():
        was, a, b = canon(bv.value(name)), canon(hv.value(name)), canon(tv.value(name))
        if a == b:
            continue
        one_side = tv if a == was else hv if b == was else None
        if one_side is not None:  # changed on one side only: that side's
            if name in both.sets:
                sets[name] = one_side.sets.get(name, {})
            else:
                scalars[name] = one_side.scalars.get(name, Scalar(one_side.birth, MISSING))
        elif name in both.sets:
            sets[name] = _as_sets(bv.sets.get(name, {}), hv.sets.get(name, {}), tv.sets.get(name, {}), sets[name])
        elif _one_device(hv, tv, name):
            continue  # the later of one machine's own values (an old copy of the same data)
        else:
            kept = HERE if canon(scalars[name].value) == a else THERE
            conflicts.append(Conflict(source, rid, name, _out(hv.value(name)), _out(tv.value(name)), kept))
    return Version(scalars, sets, both.listed, both.birth).doc(), conflicts


def _as_sets(
    base: Mapping[str, Element], h: Mapping[str, Element], t: Mapping[str, Element], later: dict[str, Element]
) -> dict[str, Element]:
    """A set field changed on both sides: what either added, less what either removed."""
    was = {k for k, e in base.items() if e.present}
    mine = {k for k, e in h.items() if e.present}
    theirs = {k for k, e in t.items() if e.present}
    keep = (mine & theirs) | (mine - was) | (theirs - was)
    out = dict(later)
    for key, e in later.items():
        if key in keep and not e.present:
            out[key] = max((x for x in (h.get(key), t.get(key)) if x is not None and x.present), key=lambda x: x.key)
        elif key not in keep and e.present:
            removals = [x.rev for x in (h.get(key), t.get(key)) if x is not None and not x.present]
            out[key] = Element(max(removals, default=e.rev), -1, None)
    return out


# --- tombstones and reports -------------------------------------------------------------------


def _merge_tombstones(a: Tombstones, b: Tombstones) -> Tombstones:
    out: Tombstones = {source: dict(graves) for source, graves in a.items()}
    for source, graves in b.items():
        mine = out.setdefault(source, {})
        for rid, rev in graves.items():
            if rid not in mine or parse_rev(rev) > parse_rev(mine[rid]):
                mine[rid] = rev
    return out


def _out(value: Any) -> Any:
    return None if value is MISSING else value


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(empty)"
    return repr(value) if isinstance(value, str) else str(value)
