"""Merging nurture's own export (``nurture export --format json``) back in: every kind of
record the data directory holds, ids kept, so exporting and importing into an empty directory
gives the same data back, all of it.

The rule, kind by kind: what is already kept is kept, never overwritten.

- A contact with the same id (else one the import's matching finds, ``nurture.domain.importing``:
  email, phone, LinkedIn, name and company) only has its empty fields filled, and the emails,
  phones and tags it lacks joined; otherwise it is added with its id. When several contacts of
  the file are one kept contact, each fills what the ones before it left, and the kept contact
  is counted once: updated (or unchanged), the later ones merged.
- Interactions and follow-ups with an id already kept, reviews of a week already reviewed, are
  left out.
- Appointments are kept by id like interactions: one with an id already kept is left out; the
  others follow their contact (to the kept contact's id when the file's is someone already
  kept). One whose contact is neither in the file nor in the directory is left out, with a
  warning.
- A contact's prep list and meeting in progress follow the contact: when the contact in the
  file is someone already kept under another id, they go to that contact's id; where that
  contact already has a prep list (or a meeting in progress), theirs is kept.
- Your own questions: one with an id, or a text (case ignored), already in the bank is left out.
- Templates in your words: a template you already reworded (same key) keeps your wording.
- Target companies: one with an id, or a company name (legal forms ignored), already a target
  is left out.
- Settings are taken only into an empty directory (no contacts yet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, is_dataclass, replace
from dataclasses import fields as fields_of
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from nurture.domain.appointments import Appointment
from nurture.domain.importing import ImportPlan, Match, _fill, _first_few, _Index
from nurture.domain.library import MeetingDraft, OwnQuestion, Prep, Target, TemplateText
from nurture.domain.models import Contact, FollowUp, Interaction, Review, Settings
from nurture.domain.network import Network
from nurture.domain.targets import company_key
from nurture.domain.text import nfc
from nurture.domain.wording import count, quoted

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    Record = TypeVar("Record", bound=DataclassInstance)

#: A record of which a contact has at most one: their prep list, their meeting in progress.
PerContact = TypeVar("PerContact", Prep, MeetingDraft)


@dataclass(frozen=True)
class Library:
    """The records kept besides the network's contacts, interactions, follow-ups and reviews:
    question prep, own questions, templates in the user's words, target companies, meetings in
    progress and appointments."""

    preps: Sequence[Prep] = ()
    questions: Sequence[OwnQuestion] = ()
    templates: Sequence[TemplateText] = ()
    targets: Sequence[Target] = ()
    meetings: Sequence[MeetingDraft] = ()
    appointments: Sequence[Appointment] = ()


#: No library records: a version 1 export, or a directory without any.
NO_LIBRARY = Library()


@dataclass
class RestorePlan(ImportPlan):
    """An ``ImportPlan`` with the library's records to add as well."""

    preps: list[Prep] = field(default_factory=list)
    questions: list[OwnQuestion] = field(default_factory=list)
    templates: list[TemplateText] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    meetings: list[MeetingDraft] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        kinds = (self.preps, self.questions, self.templates, self.targets, self.meetings, self.appointments)
        return super().changes or any(kinds)

    def summary(self, dry_run: bool = False) -> str:
        text = super().summary(dry_run)
        extra = [
            count(n, noun, plural)
            for n, noun, plural in (
                (len(self.preps), "prep list", None),
                (len(self.questions), "own question", None),
                (len(self.templates), "template in your words", "templates in your words"),
                (len(self.targets), "target company", "target companies"),
                (len(self.meetings), "meeting in progress", "meetings in progress"),
                (len(self.appointments), "appointment", None),
            )
            if n
        ]
        if self.settings is not None:
            extra.append("your settings")
        if not extra:
            return text
        return f"{text.rstrip('.')}; {', '.join(extra)}."


#: Fields that name records, not text: kept exactly as the file has them.
_REFERENCES = frozenset({"id", "contact_id", "referred_by", "key", "uid", "zone", "status", "stage_before"})


def composed(record: Record) -> Record:
    """A record read from a file with its text composed (NFC), as everything typed is stored
    (``nurture.domain.fields``); ids and references are kept as they are."""
    changes: dict[str, Any] = {}
    new: object
    for f in fields_of(record):
        if f.name in _REFERENCES:
            continue
        value = getattr(record, f.name)
        if isinstance(value, str):
            new = nfc(value)
        elif isinstance(value, tuple) and value and isinstance(value[0], str):
            new = tuple(nfc(v) for v in value)
        elif isinstance(value, tuple) and value and is_dataclass(value[0]):
            new = tuple(composed(v) for v in value)
        else:
            continue
        if new != value:
            changes[f.name] = new
    return replace(record, **changes) if changes else record


def plan_restore(
    network: Network,
    contacts: list[Contact],
    interactions: list[Interaction],
    followups: list[FollowUp],
    reviews: list[Review],
    settings: Settings | None,
    *,
    now: datetime,
    library: Library = NO_LIBRARY,
    kept: Library = NO_LIBRARY,
) -> RestorePlan:
    """Merge nurture's own export into ``network`` (and ``kept``, the library already kept)
    by the rules in this module's notes: nothing already kept is overwritten. ``library``: the
    file's prep lists, own questions, templates, targets, meetings in progress and
    appointments."""
    plan = RestorePlan()
    index = _Index(network.contacts.values())
    ids: dict[str, str] = {}
    contacts = [composed(c) for c in contacts]
    interactions = [composed(i) for i in interactions]
    followups = [composed(f) for f in followups]
    settings = composed(settings) if settings is not None else None
    current: dict[str, Contact] = {}  # each kept contact matched, as the file has filled it so far
    updated: dict[str, Contact] = {}
    first: dict[str, str] = {}  # each kept contact matched → the record of the file that first did
    notices: list[str] = []
    for c in contacts:
        found = Match(c.id, "same id") if c.id in network.contacts else index.find(c)
        if found.id is None:
            ids[c.id] = c.id
            plan.created.append(c)
            continue
        match = ids[c.id] = found.id
        label = f"contact {quoted(c.name)} (id {c.id})"
        if match in first:
            plan.merged.append(f"{label} merged into {first[match]}: {found.why}")
        else:
            first[match] = label
        before = current.get(match) or network.contacts[match]
        current[match] = filled = _fill(before, c, now, notices)
        if filled is not before:
            updated[match] = filled
    plan.updated = list(updated.values())
    plan.unchanged = len(first) - len(updated)
    plan.warnings += _first_few(notices, "more values left out")
    for i, c in enumerate(plan.created):
        if c.referred_by and c.referred_by in ids:
            plan.created[i] = replace(c, referred_by=ids[c.referred_by])
    known = {e.id for e in network.log.entries()}
    plan.interactions = [
        replace(i, contact_id=ids.get(i.contact_id, i.contact_id)) for i in interactions if i.id not in known
    ]
    have = {f.id for f in network.followups}
    plan.followups = [replace(f, contact_id=ids.get(f.contact_id, f.contact_id)) for f in followups if f.id not in have]
    weeks = {r.week_start for r in network.reviews}
    plan.reviews = [r for r in reviews if r.week_start not in weeks]
    if settings is not None and not network.contacts and network.settings == Settings() and settings != Settings():
        plan.settings = settings  # into a new directory only: settings you chose are kept
    _restore_library(plan, library, kept, ids)
    plan.appointments = _appointments(library.appointments, (*network.appointments, *kept.appointments), ids,
                                      set(network.contacts) | {c.id for c in plan.created}, plan.warnings)  # fmt: skip
    return plan


def _appointments(
    records: Iterable[Appointment],
    kept: Iterable[Appointment],
    ids: dict[str, str],
    contacts: set[str],
    warnings: list[str],
) -> list[Appointment]:
    """The file's appointments not kept already (by id, or as the same invitation of the same
    contact: one imported on both machines), each moved to its contact's id here; those of a
    contact neither in the file nor kept are left out, each named in ``warnings``."""
    kept = list(kept)
    have = {a.id for a in kept}
    invited = {(a.contact_id, a.uid) for a in kept if a.uid}
    out, orphans = [], []
    for a in map(composed, records):
        if a.id in have:
            continue
        have.add(a.id)
        a = replace(a, contact_id=ids.get(a.contact_id, a.contact_id))
        if a.uid and (a.contact_id, a.uid) in invited:
            continue
        invited.add((a.contact_id, a.uid))
        if a.contact_id in contacts:
            out.append(a)
        else:
            orphans.append(
                f"appointment {a.id} left out: its contact {quoted(a.contact_id)} is neither in the file "
                "nor in your contacts"
            )
    warnings += _first_few(orphans, "more appointments left out")
    return out


def _one_per_contact(
    records: Iterable[PerContact], kept: Iterable[PerContact], ids: dict[str, str]
) -> list[PerContact]:
    """The records (a contact's prep list, their meeting in progress: one each) of contacts
    that have none kept, each moved to its contact's id here (``ids``)."""
    have = {r.contact_id for r in kept}
    out = []
    for r in records:
        r = replace(composed(r), contact_id=ids.get(r.contact_id, r.contact_id))
        if r.contact_id not in have:
            have.add(r.contact_id)
            out.append(r)
    return out


def _restore_library(plan: RestorePlan, library: Library, kept: Library, ids: dict[str, str]) -> None:
    """The file's library records that are not kept already, contacts' ids mapped by ``ids``."""
    plan.preps = _one_per_contact(library.preps, kept.preps, ids)
    plan.meetings = _one_per_contact(library.meetings, kept.meetings, ids)
    plan.questions = _not_kept(library.questions, kept.questions, lambda q: q.text.casefold())
    reworded = {t.key for t in kept.templates}
    for text in map(composed, library.templates):
        if text.key not in reworded:
            reworded.add(text.key)
            plan.templates.append(text)
    plan.targets = _not_kept(library.targets, kept.targets, lambda t: company_key(t.name))


Identified = TypeVar("Identified", OwnQuestion, Target)


def _not_kept(
    records: Sequence[Identified], kept: Sequence[Identified], key: Callable[[Identified], str]
) -> list[Identified]:
    """``records`` (composed) but those whose id, or ``key`` (a question's text, a target's
    company), one of ``kept`` or an earlier one of ``records`` already has."""
    ids = {r.id for r in kept}
    keys = {key(r) for r in kept}
    out: list[Identified] = []
    for r in map(composed, records):
        if r.id not in ids and key(r) not in keys:
            ids.add(r.id)
            keys.add(key(r))
            out.append(r)
    return out
