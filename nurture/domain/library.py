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

