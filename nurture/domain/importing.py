"""Merging people read from another address book into the network: no duplicates, and no two
people made one.

A reader (LinkedIn, vCard, CSV) turns each record of a file into an ``Incoming``. ``plan_import``
matches each against the contacts already kept, and against those earlier in the same file.

Strong identifiers name one person: a vCard UID, an email address, a LinkedIn profile. A phone
number also finds a person, but is not strong: an office line is shared. A record matches, in
this order, the contact that has

1. its UID. ``urn:uuid:<id>`` (case ignored, with or without ``urn:uuid:``) is the contact with
   that id, as nurture's vCard export writes it; any other UID is compared as given, with the
   UIDs of earlier records of the same file (nurture keeps no other program's UID). A card
   whose ``urn:uuid:`` UID names no contact is added under that id, so a network moved by
   vCard keeps its ids, and its cards their UIDs;
2. else one of its email addresses (``email_key``: case ignored);
3. else one of its phone numbers (``phone_key``: the digits and a leading +) held by a contact
   whose name agrees (``names_agree``: an office line is shared by colleagues), unless that
   contact *conflicts* with the record (below);
4. else its LinkedIn profile (``linkedin_key``);
5. else its name at its company (case, accents, Unicode form and runs of spaces ignored; no
   company on either side counts as the same company), among the namesakes that do not
   conflict with it:

   - exactly one: that one;
   - two or more, and the record has no email address and no LinkedIn profile: one of them
     that already holds everything the record holds (each field the record has, with the same
     value, case ignored; each of its tags and phone numbers); at most ``SCAN`` namesakes are
     looked at, the first found is taken. The record counts as unchanged, not added;
   - else the record becomes a new contact, and when two or more namesakes were left a warning
     says so: nurture does not guess.

A record and a contact conflict when, for one kind of strong identifier, both have some and
none is shared: both have a LinkedIn profile, both have email addresses, or both carry a UID
read from this file. A side without that kind does not conflict with it (a record with a name
only matches a namesake that has an email). Contacts already kept carry no UID for this rule,
only those the file gave them. Phone numbers never conflict: two namesakes with different
phones may be one person.

Steps 1-4 come first, so a record that reaches step 5 shares no strong identifier with anyone;
a namesake with the same kind of identifier is therefore someone else ("Wei Zhang" at Huawei
with another LinkedIn URL stays a second person).

A match only adds: empty fields are filled; email addresses and phone numbers the contact lacks
are appended after its own (its preferred one stays preferred); tags it lacks are added (tags
are a set: an import never removes one). Nothing the user typed is overwritten. A contact holds
at most ``MAX_EMAILS`` email addresses and ``MAX_PHONES`` phone numbers: the first ones are kept
(the contact's own before a record's), and a warning names the record whose others were left out.

The plan accounts for every record read: added, updated, unchanged, merged (it matched a contact
that an earlier record of the same file added or matched: "line 9 (Ann Lee) merged into line 4:
same email address"), or skipped by the reader with the reason. Matching costs a few dictionary
look-ups per record (and at most
``SCAN`` namesakes looked at), never a pass over every contact. The plan is pure: the caller writes it in
one go, or not at all (``--dry-run``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple
from urllib.parse import unquote

from nurture.domain.dates import Cadence
from nurture.domain.limits import MAX_EMAILS, MAX_PHONES
from nurture.domain.models import (
    MESSAGE,
    Contact,
    FollowUp,
    Interaction,
    Review,
    Settings,
    distinct,
    email_key,
    new_id,
    phone_key,
)
from nurture.domain.network import Network
from nurture.domain.text import fold, nfc
from nurture.domain.wording import LIST_LIMIT, count, quoted

#: Fields a match may fill when they are empty, in the order they are listed in summaries.
#: Emails, phones and tags are not filled but joined (``_fill``).
FILLABLE = ("company", "role", "industry", "location", "linkedin", "how_met", "notes")


@dataclass(frozen=True, slots=True)
class Incoming:
    """One person as read from a file, already checked field by field (text in NFC)."""

    where: str  # "line 12", "card 3 (line 40)": where to look in the file
    name: str
    company: str = ""
    role: str = ""
    industry: str = ""
    location: str = ""
    emails: tuple[str, ...] = ()  # the preferred first
    phones: tuple[str, ...] = ()  # the preferred first
    linkedin: str = ""
    tags: tuple[str, ...] = ()
    how_met: str = ""
    notes: str = ""
    stage: str | None = None
    cadence: Cadence | None = None
    referred_by: str = ""  # a name, resolved against the network and the file
    last_contact: date | None = None
    uid: str = ""  # the vCard UID as the file has it ("urn:uuid:…")
    #: What was left out of this record, for the import's warnings ("line 7: email 2 'x@' left out: …").
    notices: tuple[str, ...] = ()


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
    #: Records that matched a contact an earlier record of the same file added or matched
    #: ("line 9 (Ann Lee) merged into line 4: same email address").
    merged: list[str] = field(default_factory=list)
    #: Things the user should know that did not stop the import (columns nurture has no field for).
    warnings: list[str] = field(default_factory=list)
    #: Records the file held, skipped ones included: created + updated + unchanged + merged +
    #: skipped (0 when the plan does not count them, as a restore of nurture's own export).
    read: int = 0
    #: Where in the file each added or updated contact was first read ("line 4"), by id: what
    #: a preview names to leave someone out (``plan_import``'s ``leave_out``).
    origins: dict[str, str] = field(default_factory=dict)
    #: The fields an update would change, by contact id ("email", "role", "tags").
    changed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: People the user chose to leave out (each with the records merged into them).
    left_out: int = 0

    @property
    def changes(self) -> bool:
        return bool(
            self.created or self.updated or self.interactions or self.followups or self.reviews or self.settings
        )

    def leaving_out(self, wheres: Collection[str]) -> ImportPlan:
        """This plan as it would be with the people first read at ``wheres`` left out (a
        preview's unticked people, ``origins``): what a preview counts before it is imported
        that way (the import itself plans again, ``plan_import``'s ``leave_out``)."""
        out = {cid for cid, where in self.origins.items() if where in wheres}
        if not out:
            return self
        return replace(
            self,
            created=[c for c in self.created if c.id not in out],
            updated=[c for c in self.updated if c.id not in out],
            interactions=[i for i in self.interactions if i.contact_id not in out],
            origins={cid: where for cid, where in self.origins.items() if cid not in out},
            left_out=self.left_out + len(out),
        )

    def summary(self, dry_run: bool = False) -> str:
        added, updated = count(len(self.created), "contact"), f"{len(self.updated):,}"
        text = f"Would add {added} and update {updated}" if dry_run else f"Added {added}, updated {updated}"
        text += f"; {self.unchanged:,} already up to date"
        if self.merged:
            text += f", {len(self.merged):,} merged into an earlier record of the file"
        if self.skipped:
            text += f", {len(self.skipped):,} skipped"
        if self.left_out:
            text += f", {self.left_out:,} left out by you"
        if self.interactions:
            text += f"; {count(len(self.interactions), 'logged interaction')}"
        text += "."
        if self.read:
            text += f" {count(self.read, 'record')} read."
        return text


_QUERY = re.compile(r"[?#]")
_SCHEME = re.compile(r"^[a-z]+://")
_HOST = re.compile(r"^(?:(?:www|m|mobile|[a-z]{2})\.)+(?=linkedin\.com)")


@lru_cache(maxsize=1 << 16)  # each record's URL is keyed to match it, then to index it
def linkedin_key(url: str) -> str:
    """A LinkedIn profile URL reduced to what identifies it: ``linkedin.com/in/ada``. The scheme,
    ``www.``, a country (``uk.``) or mobile (``m.``, ``mobile.``) host, the query, the fragment and
    trailing slashes are dropped; percent-encoding is decoded (``jos%C3%A9`` is ``josé``), then
    the text is composed (NFC) and case-folded."""
    s = _QUERY.split(url.strip(), maxsplit=1)[0]
    if "%" in s:
        s = unquote(s)
    s = _HOST.sub("", _SCHEME.sub("", nfc(s).casefold(), count=1), count=1)
    return s.rstrip("/")


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def uid_key(uid: str) -> str:
    """A vCard UID as matched: ``urn:uuid:`` dropped and a UUID's case ignored (RFC 4122); any
    other UID as given."""
    u = uid.strip()
    if u[:9].casefold() == "urn:uuid:":
        return u[9:].strip().casefold()
    return u.casefold() if _UUID.fullmatch(u) else u


def _own_id(uid: str) -> str:
    """The contact id a ``urn:uuid:`` UID names (as nurture's vCard export writes them), else ""."""
    if uid.strip()[:9].casefold() != "urn:uuid:":
        return ""
    key = uid_key(uid)
    return key if _UUID.fullmatch(key) else ""


@lru_cache(maxsize=1 << 16)  # as for linkedin_key
def name_key(name: str, company: str) -> tuple[str, str]:
    """Name and company as matched: case, accents, Unicode form and runs of spaces ignored."""
    return " ".join(fold(name).split()), " ".join(fold(company).split())


def names_agree(a: str, b: str) -> bool:
    """Whether two names can be one person's, as a shared phone number needs: the same last
    word and the same first letter (case and accents ignored), so "A. Lee" is "Ann Lee" but a
    colleague on the same office line, "Bo Chan", is not."""
    x, y = fold(a).replace(".", " ").split(), fold(b).replace(".", " ").split()
    return bool(x and y) and x[-1] == y[-1] and x[0][0] == y[0][0]


#: Kinds of strong identifier, as bits: what a contact (or record) has, for the conflict rule.
_UID, _EMAIL, _LINKEDIN = 1, 2, 4


class Match(NamedTuple):
    """What ``_Index.find`` found: the contact's id (None: nobody), why, and for no match, how
    many namesakes were left that nothing told apart (2 or more: the record is not merged)."""

    id: str | None
    why: str = ""
    namesakes: int = 0


#: How many namesakes a record without an identifier of its own is compared with, at most, to
#: find one it would not change (``_Index.find``): matching stays a few steps per record.
SCAN = 50


class _Index:
    """Contacts by UID, email, phone, LinkedIn profile and name + company: each lookup is O(1).

    Namesakes are kept by which kinds of strong identifier they have (``_UID | _EMAIL |
    _LINKEDIN``), so finding those that do not conflict with a record looks at 8 groups, however
    many people share a name."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.by_uid: dict[str, str] = {}
        self.by_email: dict[str, str] = {}
        self.by_phone: dict[str, str] = {}
        self.by_linkedin: dict[str, str] = {}
        #: name key → kinds of identifier → ids (a dict as an ordered set)
        self.by_name: dict[tuple[str, str], dict[int, dict[str, None]]] = {}
        #: folded name → ids: whom an "introduced by" name can mean
        self.by_plain_name: dict[str, dict[str, None]] = {}
        #: each contact as it is now, the kinds of identifier it has, its LinkedIn key, its names
        self._contacts: dict[str, Contact] = {}
        self._kinds: dict[str, int] = {}
        self._linkedin: dict[str, str] = {}
        self._names: dict[str, list[tuple[str, str]]] = {}
        for c in contacts:
            self.add(c)

    def add(self, c: Contact, uid: str = "") -> None:
        """``c`` as it is now (new, or filled by a match), and the ``uid`` of the record that
        brought it, if any. Earlier identifiers and names stay: they still find it."""
        cid = c.id
        self._contacts[cid] = c
        before = self._kinds.get(cid)
        kinds = before or 0
        if before is None:
            self.by_uid.setdefault(cid.casefold(), cid)  # its uid_key: nurture's ids are UUIDs
            self.by_plain_name.setdefault(" ".join(fold(c.name).split()), {})[cid] = None
        if uid:
            self.by_uid.setdefault(uid_key(uid), cid)
            kinds |= _UID
        for email in c.emails:
            self.by_email.setdefault(email_key(email), cid)
            kinds |= _EMAIL
        for phone in c.phones:
            self.by_phone.setdefault(phone_key(phone), cid)
        key = linkedin_key(c.linkedin) if c.linkedin else ""
        if key:
            self.by_linkedin.setdefault(key, cid)
            self._linkedin.setdefault(cid, key)
            kinds |= _LINKEDIN
        names = self._names.setdefault(cid, [])
        if before is not None and before != kinds:
            for name in names:
                groups = self.by_name[name]
                del groups[before][cid]
                groups.setdefault(kinds, {})[cid] = None
        name = name_key(c.name, c.company)
        if name not in names:
            names.append(name)
            self.by_name.setdefault(name, {}).setdefault(kinds, {})[cid] = None
        self._kinds[cid] = kinds

    def match(self, r: Incoming | Contact) -> str | None:
        return self.find(r).id

    def find(self, r: Incoming | Contact) -> Match:
        uid = getattr(r, "uid", "")
        if uid and (cid := self.by_uid.get(uid_key(uid))):
            return Match(cid, "same UID")
        emails = r.emails
        for email in emails:
            if cid := self.by_email.get(email_key(email)):
                return Match(cid, "same email address")
        key = linkedin_key(r.linkedin) if r.linkedin else ""
        kinds = (_UID if uid else 0) | (_EMAIL if emails else 0) | (_LINKEDIN if key else 0)
        for phone in r.phones:
            cid = self.by_phone.get(phone_key(phone))
            if cid and not self._conflicts(cid, kinds, key) and names_agree(self._contacts[cid].name, r.name):
                return Match(cid, "same phone number")
        if key and (cid := self.by_linkedin.get(key)):
            return Match(cid, "same LinkedIn profile")
        groups = self.by_name.get(name_key(r.name, r.company))
        if not groups:
            return Match(None)
        left = [ids for group, ids in groups.items() if ids and not group & kinds]
        namesakes = sum(len(ids) for ids in left)
        why = "same name and company" if r.company else "same name"
        if namesakes == 1:
            return Match(next(iter(left[0])), why)
        if namesakes and not emails and not key:  # else it would add an identifier to each
            for cid in islice((cid for ids in left for cid in ids), SCAN):
                if _holds_nothing_new(self._contacts[cid], r):
                    return Match(cid, why + ", nothing new")
        return Match(None, namesakes=namesakes)

    def _conflicts(self, cid: str, kinds: int, linkedin: str) -> bool:
        """Whether contact ``cid`` has a strong identifier of a kind the record has (``kinds``,
        its LinkedIn key ``linkedin``) and none in common: called once UIDs and emails matched
        nobody, so any UID or email both have is one they do not share."""
        if kinds & self._kinds[cid] & (_UID | _EMAIL):
            return True
        theirs = self._linkedin.get(cid, "")
        return bool(linkedin and theirs and theirs != linkedin)

    def introducer(self, name: str, contact_id: str) -> tuple[str | None, int]:
        """The one contact (other than ``contact_id``) named ``name``, and how many there are."""
        ids = self.by_plain_name.get(" ".join(fold(name).split()), {})
        n = len(ids) - (contact_id in ids)
        if n != 1:
            return None, n
        return next(i for i in ids if i != contact_id), 1


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
    leave_out: Collection[str] = (),
) -> ImportPlan:
    """What importing ``records`` would change. ``leave_out``: where the people to leave out were
    first read (``ImportPlan.origins``' values, as a preview showed them): they, the records merged
    into them and what they would log are not imported, and nobody is introduced by one of them."""
    plan = ImportPlan(skipped=list(skipped), warnings=list(warnings))
    contacts: dict[str, Contact] = dict(network.contacts)
    index = _Index(contacts.values())
    created: dict[str, Contact] = {}
    updated: dict[str, Contact] = {}
    #: Where in the file each contact was first added or matched: later matches merge into it.
    first: dict[str, str] = {}
    #: Last contact dates the plan itself adds; the network knows the rest.
    logged: dict[str, date] = {}
    referrals: list[tuple[str, Incoming]] = []
    notices: list[str] = []
    namesakes: list[str] = []
    n = 0
    for n, r in enumerate(records, 1):
        notices += r.notices
        found = index.find(r)
        match = found.id
        if match is None:
            if found.namesakes > 1:
                namesakes.append(
                    f"{r.where}: {quoted(r.name)} added as a new contact: {found.namesakes:,} contacts have that name"
                    f"{' at that company' if r.company else ' and no company'}, and nothing tells which one it would be"
                )
            contact = _new(r, today, now, notices)
            kept_id = _own_id(r.uid)
            if kept_id and kept_id not in contacts:  # a card nurture wrote: its contact keeps its id
                contact = replace(contact, id=kept_id)
            created[contact.id] = contact
            first[contact.id] = r.where
        else:
            if match in first:
                plan.merged.append(f"{r.where} ({r.name}) merged into {first[match]}: {found.why}")
            else:
                first[match] = r.where
            before = contacts[match]
            contact = _fill(before, r, now, notices)
            if match in created:
                created[match] = contact
            elif contact is not before:
                updated[match] = contact
        contacts[contact.id] = contact
        index.add(contact, r.uid)
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
    plan.warnings += _first_few(notices, "more values left out")
    plan.warnings += _first_few(namesakes, "more added beside a namesake")
    excluded = {cid for cid, where in first.items() if where in leave_out} if leave_out else set()
    unresolved = 0
    for contact_id, r in referrals:
        contact = contacts[contact_id]
        if contact.referred_by or contact_id in excluded:
            continue
        introducer, many = index.introducer(r.referred_by, contact_id)
        gone = introducer in excluded and introducer in created  # not added: left out by the user
        if introducer is None or gone:
            unresolved += 1
            if unresolved <= LIST_LIMIT:
                why = "no contact has that name" if not many else "several contacts have that name"
                why = "you left them out" if gone else why
                plan.warnings.append(f"{r.where}: introduced by {quoted(r.referred_by)} left blank ({why})")
            continue
        contact = replace(contact, referred_by=introducer, updated=now)
        contacts[contact_id] = contact
        if contact_id in created:
            created[contact_id] = contact
        else:
            updated[contact_id] = contact
    if unresolved > LIST_LIMIT:
        plan.warnings.append(f"… and {unresolved - LIST_LIMIT:,} more introduced by someone left blank")
    plan.unchanged = len(first) - len(created) - len(updated)
    plan.left_out = sum(1 for cid in excluded if cid in created or cid in updated)
    plan.created = [c for cid, c in created.items() if cid not in excluded]
    plan.updated = [c for cid, c in updated.items() if cid not in excluded]
    if excluded:
        plan.interactions = [i for i in plan.interactions if i.contact_id not in excluded]
    plan.origins = {cid: first[cid] for cid in (*created, *updated) if cid not in excluded}
    plan.changed = {c.id: changed_fields(network.contacts[c.id], c) for c in plan.updated}
    plan.read = n + len(plan.skipped)
    return plan


#: How a preview names each field an update changes (the preferred and other emails are "email").
_FIELD_WORDS = {"email": "email", "other_emails": "email", "phone": "phone", "other_phones": "phone",
                "referred_by": "introduced by", "how_met": "how met"}  # fmt: skip
_COMPARED = ("role", "company", "industry", "location", "email", "other_emails", "phone", "other_phones",
             "linkedin", "tags", "cadence", "referred_by", "how_met", "notes")  # fmt: skip


def changed_fields(before: Contact, after: Contact) -> tuple[str, ...]:
    """The fields an import changes, as a preview names them ("email", "role", "tags"), each once."""
    words = (_FIELD_WORDS.get(name, name) for name in _COMPARED if getattr(before, name) != getattr(after, name))
    return tuple(dict.fromkeys(words))


def _first_few(lines: list[str], more: str) -> list[str]:
    """``lines`` up to ``LIST_LIMIT``, then how many more."""
    if len(lines) <= LIST_LIMIT:
        return lines
    return [*lines[:LIST_LIMIT], f"… and {len(lines) - LIST_LIMIT:,} {more}"]


def _new(r: Incoming, today: date, now: datetime, notices: list[str] | None = None) -> Contact:
    """A contact made from ``r``; emails and phones past the limits left out (``_capped``)."""
    emails = _capped(distinct(r.emails, email_key), MAX_EMAILS, r, "email", notices)
    phones = _capped(distinct(r.phones, phone_key), MAX_PHONES, r, "phone", notices)
    return Contact.new(
        r.name,
        today,
        now,
        stage=r.stage,
        emails=emails,
        phones=phones,
        role=r.role,
        company=r.company,
        industry=r.industry,
        location=r.location,
        linkedin=r.linkedin,
        tags=r.tags,
        cadence=r.cadence,
        how_met=r.how_met,
        notes=r.notes,
    )


def _holds_nothing_new(contact: Contact, r: Incoming | Contact) -> bool:
    """Whether ``r`` holds nothing ``contact`` lacks: each field ``r`` has, ``contact`` has
    with the same value (case ignored), and each tag, email and phone of ``r`` is there too."""
    for name in FILLABLE:
        value = getattr(r, name)
        if value and value.casefold() != getattr(contact, name).casefold():
            return False
    if r.cadence and r.cadence != contact.cadence:
        return False
    return all(
        {key(v) for v in getattr(r, name)} <= {key(v) for v in getattr(contact, name)}
        for name, key in (("tags", str.casefold), ("emails", email_key), ("phones", phone_key))
    )


def _fill(contact: Contact, r: Incoming | Contact, now: datetime, notices: list[str] | None = None) -> Contact:
    """``contact`` with its empty fields filled from ``r``, and the emails, phones and tags it
    lacks added after its own (the same object when nothing was). Emails and phones past the
    limits (``MAX_EMAILS``, ``MAX_PHONES``) are left out, the contact's own first, and
    ``notices`` told which record brought them."""
    changes: dict[str, Any] = {}
    for name in FILLABLE:
        value = getattr(r, name)
        if value and not getattr(contact, name):
            changes[name] = value
    if r.cadence and contact.cadence is None:
        changes["cadence"] = r.cadence
    for name, key in (("tags", str.casefold), ("emails", email_key), ("phones", phone_key)):
        have = distinct(getattr(contact, name), key)
        joined = distinct((*have, *getattr(r, name)), key)
        if len(joined) > len(have):
            changes[name] = joined
    for kind, limit in (("email", MAX_EMAILS), ("phone", MAX_PHONES)):
        joined = changes.pop(kind + "s", None)
        if joined is None:
            continue
        own = len(getattr(contact, kind + "s"))
        kept = _capped(joined, max(limit, own), r, kind, notices)  # never one of its own
        if len(kept) > own:
            filled = contact.with_emails(kept) if kind == "email" else contact.with_phones(kept)
            changes[kind], changes[f"other_{kind}s"] = getattr(filled, kind), getattr(filled, f"other_{kind}s")
    if not changes:
        return contact
    return replace(contact, **changes, updated=now)


def _capped(
    values: tuple[str, ...], limit: int, r: Incoming | Contact, kind: str, notices: list[str] | None
) -> tuple[str, ...]:
    """The first ``limit`` of ``values``; when there are more, ``notices`` says how many of
    ``r``'s were left out."""
    if len(values) <= limit:
        return values
    if notices is not None:
        where = f"{r.where} ({r.name})" if isinstance(r, Incoming) else f"contact {quoted(r.name)}"
        notices.append(
            f"{where}: {count(len(values) - limit, kind)} left out: a contact holds at most {limit:,} {kind}s"
        )
    return values[:limit]
