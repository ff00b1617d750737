"""A conflict a merge found, as stored in ``conflicts.json`` so any machine can show and settle it.

A merge (``domain/merge.py``) keeps one value of a field both machines changed and sets the
other aside; it keeps a record deleted on one machine and changed on the other. Each such fact
is stored as a record of its own, by the file, record and field it is about (a later conflict
on the same field replaces it), with the value kept and the value set aside: no "here" or
"there", which differ by machine. It travels with the data (git, a file-sync folder), so the
card on every machine says the same; settling it (taking either value) deletes it, and that
deletion is merged like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nurture.domain.config import SETTINGS
from nurture.domain.merge import HERE, THERE, Conflict
from nurture.domain.versions import kind_of

#: What the shell and the card call each record type.
KIND_NAMES = {
    "contacts": "contact",
    "interactions": "interaction",
    "followups": "follow-up",
    "settings": "settings",
    "reviews": "review",
    "prep": "prep list",
    "questions": "question",
    "meetings": "meeting in progress",
    "templates": "template",
    "targets": "target",
    "appointments": "appointment",
}


def conflict_id(source: str, record_id: str, field: str) -> str:
    return f"{source}:{record_id}:{field}"


@dataclass(frozen=True)
class SyncConflict:
    """``field`` "": the record was deleted on one machine and changed on the other, so kept
    (``other`` is None). ``contact_id``: whose record it is ("" for settings or templates)."""

    id: str
    source: str
    record_id: str
    field: str
    contact_id: str
    kept: Any
    other: Any
    #: When the merge found it (local wall time, ISO), and the device that merged.
    found: str
    device: str

    @classmethod
    def of(cls, c: Conflict, contact_id: str, found: str, device: str) -> SyncConflict:
        kept, other = (c.here, c.there) if c.kept == HERE else (c.there, c.here)
        if not c.field:
            kept, other = (c.here if c.kept == HERE else c.there), None
        return cls(conflict_id(c.source, c.record_id, c.field), c.source, c.record_id, c.field, contact_id,
                   kept, other, found, device)  # fmt: skip

    @property
    def kind(self) -> str:
        return KIND_NAMES.get(kind_of(self.source), kind_of(self.source))

    @property
    def deleted(self) -> bool:
        """Deleted on one machine, changed on the other: kept."""
        return not self.field

    def describe(self, name: str = "") -> str:
        """One line: what ``nurture sync`` and ``--status`` say. ``name``: the contact's, to say
        whose record it is (else its id)."""
        what = f"{self.kind} {self.record_id}"
        if name:
            what = f"contact {name}" if kind_of(self.source) == "contacts" else f"{self.kind} of {name}"
        if self.deleted:
            return f"{what}: deleted on one machine and changed on the other, so kept"
        if kind_of(self.source) == "settings":
            key = next((s.key for s in SETTINGS if s.attr == self.field), self.field)
            return f"Setting {key} changed on two machines: {shown(self.kept)} kept, {shown(self.other)} set aside"
        return f"{what}: {self.field} changed on both machines: {shown(self.kept)} kept, {shown(self.other)} set aside"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "record_id": self.record_id,
            "field": self.field,
            "contact_id": self.contact_id,
            "kept": self.kept,
            "other": self.other,
            "found": self.found,
            "device": self.device,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SyncConflict:
        texts = [d["id"], d["source"], d["record_id"], d["field"], d["contact_id"], d["found"], d["device"]]
        if not all(type(t) is str for t in texts):
            raise TypeError("a conflict's id, source, record, field, contact, time and device are text")
        return cls(d["id"], d["source"], d["record_id"], d["field"], d["contact_id"], d.get("kept"),
                   d.get("other"), d["found"], d["device"])  # fmt: skip


def shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return repr(value) if isinstance(value, str) else str(value)


__all__ = ["HERE", "KIND_NAMES", "THERE", "SyncConflict", "conflict_id", "shown"]
