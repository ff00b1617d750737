"""Records the user keeps for the method, besides contacts and interactions: per-contact
question lists, questions of their own, edited outreach templates, target companies and the
meeting in progress. Immutable, with ``to_dict``/``from_dict`` like every stored record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nurture.domain.models import _opt_iso


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class Prep:
    """The questions prepared for one contact, in the order they will be asked (the closing
    question is not stored: it is always added last)."""

    contact_id: str
    questions: tuple[str, ...] = ()
    updated: datetime | None = None

    @property
    def id(self) -> str:
        return self.contact_id

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "contact_id": self.contact_id, "questions": list(self.questions),
                "updated": _opt_iso(self.updated)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Prep:
        return cls(d["contact_id"], tuple(str(q) for q in d.get("questions") or ()), _when(d.get("updated")))


@dataclass(frozen=True, slots=True)
class OwnQuestion:
    """A question the user added to the bank, under one of its topics."""

    id: str
    topic: str
    text: str
    created: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "topic": self.topic, "text": self.text, "created": _opt_iso(self.created)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> OwnQuestion:
        return cls(d["id"], d["topic"], d["text"], _when(d.get("created")))



@dataclass(frozen=True, slots=True)
class Referral:
    """Someone the contact suggested speaking with, captured during the meeting."""

    name: str
    company: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "company": self.company, "note": self.note}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Referral:
        return cls(str(d["name"]), str(d.get("company") or ""), str(d.get("note") or ""))


@dataclass(frozen=True, slots=True)
class MeetingDraft:
    """A conversation in progress, autosaved every few seconds so a crash loses at most those.
    ``started`` is in clock seconds (``time.time``), so a resumed meeting counts on."""

    contact_id: str
    started: float
    minutes: int = 20
    notes: str = ""
    #: The prepared questions ticked off, by their text.
    asked: tuple[str, ...] = ()
    referrals: tuple[Referral, ...] = ()

    @property
    def id(self) -> str:
        return self.contact_id

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "contact_id": self.contact_id, "started": self.started,
                "minutes": self.minutes, "notes": self.notes, "asked": list(self.asked),
                "referrals": [r.to_dict() for r in self.referrals]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MeetingDraft:
        return cls(d["contact_id"], float(d["started"]), int(d.get("minutes") or 20), str(d.get("notes") or ""),
                   tuple(str(a) for a in d.get("asked") or ()),
                   tuple(Referral.from_dict(r) for r in d.get("referrals") or ()))


@dataclass(frozen=True, slots=True)
class TemplateText:
    """The user's own wording of one of the outreach templates (by its key)."""

    key: str
    body: str
    updated: datetime | None = None

    @property
    def id(self) -> str:
        return self.key

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.key, "key": self.key, "body": self.body, "updated": _opt_iso(self.updated)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TemplateText:
        return cls(d["key"], str(d["body"]), _when(d.get("updated")))


@dataclass(frozen=True, slots=True)
class Target:
    """An employer the user wants to learn about or work at."""

    id: str
    name: str
    added: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "added": _opt_iso(self.added)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Target:
        return cls(d["id"], str(d["name"]), _when(d.get("added")))
