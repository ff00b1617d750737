"""Merging people read from another address book into the network, without duplicates.

A reader (LinkedIn, vCard, CSV) turns each record of a file into an ``Incoming``. ``plan_import``
matches each against the contacts already kept, and against those earlier in the same file:

1. the same email address (case-insensitive),
2. else the same LinkedIn profile (scheme, ``www.``, query and trailing slash ignored),
3. else the same name at the same company (case-insensitive).

A match only fills fields that are empty; nothing the user typed is ever overwritten, and an
unmatched record becomes a new contact. The plan is pure: the caller writes it in one go, or not
at all (``--dry-run``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, is_dataclass, replace
from dataclasses import fields as fields_of
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from nurture.domain.dates import Cadence
from nurture.domain.models import (
    MESSAGE,
    PROSPECT,
    Contact,
    FollowUp,
    Interaction,
    Review,
    Settings,
    StageChange,
    new_id,
)
from nurture.domain.network import Network
from nurture.domain.text import fold, nfc
from nurture.domain.wording import LIST_LIMIT, count, quoted

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    Record = TypeVar("Record", bound=DataclassInstance)

#: Fields a match may fill when they are empty, in the order they are listed in summaries.
FILLABLE = ("company", "role", "industry", "location", "email", "phone", "linkedin", "how_met", "notes")


@dataclass(frozen=True, slots=True)
class Incoming:
    """One person as read from a file, already checked field by field."""

    where: str  # "line 12", "card 3 (line 40)": where to look in the file
    name: str
    company: str = ""
    role: str = ""
    industry: str = ""
    location: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    tags: tuple[str, ...] = ()
    how_met: str = ""
    notes: str = ""
    stage: str | None = None
    cadence: Cadence | None = None
    referred_by: str = ""  # a name, resolved against the network and the file
    last_contact: date | None = None


@dataclass
class ImportPlan:
    created: list[Contact] = field(default_factory=list)
    updated: list[Contact] = field(default_factory=list)
    unchanged: int = 0
    interactions: list[Interaction] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    settings: Settings | None = None
    #: Records left out, each with where it is and why ("line 7: no name").
    skipped: list[str] = field(default_factory=list)
    #: Things the user should know that did not stop the import (columns nurture has no field for).
    warnings: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(
            self.created or self.updated or self.interactions or self.followups or self.reviews or self.settings
        )

    def summary(self, dry_run: bool = False) -> str:
        added, updated = count(len(self.created), "contact"), len(self.updated)
        text = f"Would add {added} and update {updated}" if dry_run else f"Added {added}, updated {updated}"
        text += f"; {self.unchanged} already up to date"
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        if self.interactions:
            text += f"; {count(len(self.interactions), 'logged interaction')}"
        return text + "."


def linkedin_key(url: str) -> str:
    """A LinkedIn profile URL reduced to what identifies it: ``linkedin.com/in/ada``."""
    s = url.strip().casefold()
    s = re.sub(r"^[a-z]+://", "", s)
    s = re.sub(r"^(www\.|[a-z]{2}\.)(?=linkedin\.com)", "", s)
    s = re.split(r"[?#]", s, maxsplit=1)[0]
    return s.rstrip("/")


class _Index:
    """Contacts by email, LinkedIn profile and name + company: each lookup is O(1)."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.by_email: dict[str, str] = {}
        self.by_linkedin: dict[str, str] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        self.by_plain_name: dict[str, list[str]] = {}
        for c in contacts:
            self.add(c)

    def add(self, c: Contact) -> None:
        if c.email:
            self.by_email.setdefault(c.email.casefold(), c.id)
        if c.linkedin:
            self.by_linkedin.setdefault(linkedin_key(c.linkedin), c.id)
        self.by_name.setdefault((c.name.casefold(), c.company.casefold()), c.id)
        ids = self.by_plain_name.setdefault(fold(c.name), [])  # an introducer, accents ignored
        if c.id not in ids:
            ids.append(c.id)

    def match(self, r: Incoming | Contact) -> str | None:
        if r.email and r.email.casefold() in self.by_email:
            return self.by_email[r.email.casefold()]
        if r.linkedin and linkedin_key(r.linkedin) in self.by_linkedin:
            return self.by_linkedin[linkedin_key(r.linkedin)]
        return self.by_name.get((r.name.casefold(), r.company.casefold()))


def plan_import(
    network: Network,
    records: Iterable[Incoming],
    *,
    today: date,
    now: datetime,
    source: str,
    skipped: Iterable[str] = (),
    warnings: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    plan = ImportPlan(skipped=list(skipped), warnings=list(warnings))
    contacts: dict[str, Contact] = dict(network.contacts)
    index = _Index(contacts.values())
    created: dict[str, Contact] = {}
    updated: dict[str, Contact] = {}
    #: Last contact dates the plan itself adds; the network knows the rest.
    logged: dict[str, date] = {}
    referrals: list[tuple[str, Incoming]] = []
    matched: set[str] = set()
    for n, r in enumerate(records, 1):
        match = index.match(r)
        if match is not None and match in network.contacts:
            matched.add(match)
        if match is None:
            stage = r.stage or PROSPECT
            contact = Contact(
                id=new_id(),
                name=r.name,
                role=r.role,
                company=r.company,
                industry=r.industry,
                location=r.location,
                email=r.email,
                phone=r.phone,
                linkedin=r.linkedin,
                tags=r.tags,
                stage=stage,
                cadence=r.cadence,
                how_met=r.how_met,
                notes=r.notes,
                stage_history=(StageChange(today, stage),),
                created=now,
                updated=now,
            )
            created[contact.id] = contact
        else:
            before = contacts[match]
            contact = _fill(before, r, now)
            if contact is not before and match not in created:
                updated[match] = contact
            elif match in created:
                created[match] = contact
        contacts[contact.id] = contact
        index.add(contact)
        if r.referred_by:
            referrals.append((contact.id, r))
        known = r.last_contact and (logged.get(contact.id) or network.last_contact(contact.id))
        if r.last_contact and (known or date.min) < r.last_contact:
            plan.interactions.append(
                Interaction(
                    id=new_id(),
                    contact_id=contact.id,
                    on=r.last_contact,
                    kind=MESSAGE,
                    summary=f"Last contact, as recorded in {source}",
                    created=now,
                )
            )
            logged[contact.id] = r.last_contact
        if progress and n % 200 == 0:
            progress(n)
    unresolved = 0
    for contact_id, r in referrals:
        contact = contacts[contact_id]
        if contact.referred_by:
            continue
        ids = [i for i in index.by_plain_name.get(fold(r.referred_by), []) if i != contact_id]
        if len(ids) != 1:
            unresolved += 1
            if unresolved <= LIST_LIMIT:
                why = "no contact has that name" if not ids else "several contacts have that name"
                plan.warnings.append(f"{r.where}: introduced by {quoted(r.referred_by)} left blank ({why})")
            continue
        contact = replace(contact, referred_by=ids[0], updated=now)
        contacts[contact_id] = contact
        if contact_id in created:
            created[contact_id] = contact
        else:
            updated[contact_id] = contact
    if unresolved > LIST_LIMIT:
        plan.warnings.append(f"… and {unresolved - LIST_LIMIT:,} more introduced by someone left blank")
    plan.created = list(created.values())
    plan.updated = list(updated.values())
    plan.unchanged = len(matched - set(updated))
    return plan


def _fill(contact: Contact, r: Incoming | Contact, now: datetime) -> Contact:
    """``contact`` with its empty fields filled from ``r`` (the same object when nothing was)."""
    changes: dict[str, Any] = {}
    for name in FILLABLE:
        value = getattr(r, name)
        if value and not getattr(contact, name):
            changes[name] = value
    if r.tags and not contact.tags:
        changes["tags"] = r.tags
    if r.cadence and contact.cadence is None:
        changes["cadence"] = r.cadence
    if not changes:
        return contact
    return replace(contact, **changes, updated=now)


#: Fields that name records, not text: kept exactly as the file has them.
_REFERENCES = frozenset({"id", "contact_id", "referred_by"})


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
) -> ImportPlan:
    """Merge nurture's own export: records keep their ids, so exporting and importing into an
    empty database gives the same data. A person already kept (same id, else the matches above)
    only has empty fields filled; conversations and follow-ups already kept are skipped."""
    plan = ImportPlan()
    index = _Index(network.contacts.values())
    ids: dict[str, str] = {}
    contacts = [composed(c) for c in contacts]
    interactions = [composed(i) for i in interactions]
    followups = [composed(f) for f in followups]
    settings = composed(settings) if settings is not None else None
    for c in contacts:
        existing = network.contacts.get(c.id) or network.contacts.get(index.match(c) or "")
        if existing is None:
            ids[c.id] = c.id
            plan.created.append(c)
            continue
        ids[c.id] = existing.id
        filled = _fill(existing, c, now)
        if filled is existing:
            plan.unchanged += 1
        else:
            plan.updated.append(filled)
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
    if settings is not None and not network.contacts:
        plan.settings = settings
    return plan
