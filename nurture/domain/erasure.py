"""Deleting a contact for good: what goes with them, and the link a person they introduced keeps.

Every record keyed to the contact goes: their interactions, follow-ups, prep list, meeting in
progress, appointments and saved drafts. A person they introduced keeps the link as text: their
``referred_by`` is cleared and their *how met* says "introduced by NAME (deleted)" (appended to
what it said; when that would be too long for the field, the notes start with it instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from nurture.domain.limits import MAX_LINE
from nurture.domain.models import Contact
from nurture.domain.outreach import BY_KEY
from nurture.domain.wording import count


def draft_slug(name: str) -> str:
    """The start of the file name a contact's saved drafts have: ``drafts/SLUG-KEY.txt``."""
    return "-".join(re.findall(r"[a-z0-9]+", name.casefold()))[:40] or "contact"


def draft_names(name: str) -> list[str]:
    """The file names (in drafts/) the drafts saved for a contact of this name can have."""
    slug = draft_slug(name)
    return [f"{slug}-{key}.txt" for key in (*BY_KEY, "draft")]  # "draft": copied before a template was chosen


def introduced_text(name: str) -> str:
    return f"introduced by {name} (deleted)"


def unlinked(contact: Contact, deleted_name: str, now: datetime) -> Contact:
    """``contact``, introduced by the contact deleted, keeping that link as text."""
    said = introduced_text(deleted_name)
    before = f"introduced by {deleted_name}"
    at = contact.how_met.casefold().find(before.casefold())
    if at >= 0:  # "Introduced by Maya Okafor" says so already: marked deleted there, not said twice
        how_met = (
            contact.how_met[:at]
            + contact.how_met[at : at + len(before)]
            + " (deleted)"
            + contact.how_met[at + len(before) :]
        )
    else:
        how_met = f"{contact.how_met}; {said}" if contact.how_met else said
    if len(how_met) <= MAX_LINE:
        return contact.evolve(referred_by=None, how_met=how_met, updated=now)
    said = "I" + said[1:] + "."
    notes = f"{said}\n{contact.notes}" if contact.notes else said
    return contact.evolve(referred_by=None, notes=notes, updated=now)


@dataclass(frozen=True)
class Erasure:
    """Everything that goes when ``contact`` is deleted (ids per data file, drafts' file names)."""

    contact: Contact
    interactions: tuple[str, ...] = ()
    followups: tuple[str, ...] = ()
    prep_questions: int | None = None  # None: no prep list
    meeting: bool = False
    appointments: tuple[str, ...] = ()
    drafts: tuple[str, ...] = ()
    #: The people they introduced (as stored now).
    introduced: tuple[Contact, ...] = field(default=())

    def lines(self) -> list[str]:
        """What goes, one line each: "the contact Maya Chen", "12 interactions", …"""
        out = [f"the contact {self.contact.name}", count(len(self.interactions), "interaction")]
        out.append(count(len(self.followups), "follow-up"))
        if self.prep_questions is not None:
            out.append(f"the prep list ({count(self.prep_questions, 'question')})")
        else:
            out.append("no prep list")
        out.append("the meeting in progress" if self.meeting else "no meeting in progress")
        out.append(count(len(self.drafts), "saved draft"))
        out.append(count(len(self.appointments), "appointment"))
        return out

    def kept(self) -> str:
        """What happens to the people they introduced, or ""."""
        if not self.introduced:
            return ""
        who = ", ".join(c.name for c in self.introduced[:3])
        more = f" and {len(self.introduced) - 3} more" if len(self.introduced) > 3 else ""
        keep = "keeps" if len(self.introduced) == 1 else "keep"
        return f'{who}{more} {keep} the link as text: "{introduced_text(self.contact.name)}".'
