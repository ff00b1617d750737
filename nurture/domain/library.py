"""Records the user keeps for the method, besides contacts and interactions: per-contact
question lists, questions of their own, edited outreach templates, target companies and the
meeting in progress. Immutable, with ``to_dict``/``from_dict`` like every stored record, whose
fields are checked as they are read (``nurture.domain.stored``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nurture.domain.limits import MAX_CLOCK, MAX_MINUTES
from nurture.domain.models import _opt_iso
from nurture.domain.stored import REQUIRED, Fields


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
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "questions": list(self.questions),
            "updated": _opt_iso(self.updated),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Prep:
        f = Fields(d)
        return cls(f.ident("contact_id"), f.texts("questions"), f.moment("updated"))


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
        f = Fields(d)
        return cls(f.ident("id"), f.name("topic"), f.name("text"), f.moment("created"))


@dataclass(frozen=True, slots=True)
class Referral:
    """Someone the contact suggested speaking with, captured during the meeting."""

    name: str
    company: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "company": self.company, "note": self.note}

    @classmethod
    def from_dict(cls, d: Any, at: str = "") -> Referral:
        f = Fields(d, at)
        return cls(f.name("name"), f.text("company"), f.text("note"))


@dataclass(frozen=True, slots=True)
class MeetingDraft:
    """A conversation in progress, autosaved every few seconds so a crash loses at most those.
    ``started`` is in clock seconds (``time.time``), so a resumed meeting counts on.
    ``appointment_id``: the booked appointment this meeting is (today's, when it was started),
    so ending it logs the conversation on that appointment's day; "" for none."""

    contact_id: str
    started: float
    minutes: int = 20
    notes: str = ""
    #: The prepared questions ticked off, by their text.
    asked: tuple[str, ...] = ()
    referrals: tuple[Referral, ...] = ()
    appointment_id: str = ""

    @property
    def id(self) -> str:
        return self.contact_id

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "contact_id": self.contact_id,
            "started": self.started,
            "minutes": self.minutes,
            "notes": self.notes,
            "asked": list(self.asked),
            "referrals": [r.to_dict() for r in self.referrals],
        }
        if self.appointment_id:  # stored only when set: drafts without one read as before
            d["appointment_id"] = self.appointment_id
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MeetingDraft:
        f = Fields(d)
        return cls(
            f.ident("contact_id"),
            f.number("started", 0, MAX_CLOCK),
            f.whole("minutes", 1, MAX_MINUTES, 20),
            f.text("notes"),
            f.texts("asked"),
            f.records("referrals", Referral.from_dict),
            f.ident("appointment_id") if "appointment_id" in d else "",
        )


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
        f = Fields(d)
        return cls(f.ident("key"), f.text("body", REQUIRED), f.moment("updated"))


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
        f = Fields(d)
        return cls(f.ident("id"), f.name("name"), f.moment("added"))
