"""nurture's own JSON: everything the data directory holds, ids included (contacts,
interactions, follow-ups, reviews, settings, question prep, your own questions, templates in your
words, target companies, meetings in progress and appointments), so export → import into an empty directory
gives the same data back, all of it.

Version 2 added the prep lists, questions, templates, targets and meetings; a version 1 export
(without them) still imports, its contacts upgraded as the store upgrades schema 1 (the
addresses an earlier import put into the notes move into the contact's lists). Version 3 added
the appointments; versions 1 and 2 (without them) still import. An appointment whose contact is
not in the file is not refused here: the restore leaves it out with a warning.

Every record is read as the store reads its files (each field's type and range checked) and then
held to the limits on what comes in; the first problem refuses the file, naming the record
("contact 'Ann Lee' (id …)") and the field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from nurture import __version__
from nurture.domain import limits
from nurture.domain.appointments import APPOINTMENT_TEXT, Appointment
from nurture.domain.errors import InputError
from nurture.domain.library import MeetingDraft, OwnQuestion, Prep, Target, TemplateText
from nurture.domain.models import Contact, FollowUp, Interaction, Review, Settings
from nurture.domain.noted import move_noted_addresses
from nurture.domain.outreach import BY_KEY
from nurture.domain.questions import MAX_QUESTION, TOPICS
from nurture.domain.restoring import NO_LIBRARY, Library
from nurture.domain.stored import FieldError, shown
from nurture.domain.targets import MAX_TARGET
from nurture.domain.wording import clipped, quoted
from nurture.exchange.source import ImportFileError

FORMAT_KEY = "nurture_export"
FORMAT_VERSION = 3


@dataclass
class Native:
    contacts: list[Contact]
    interactions: list[Interaction]
    followups: list[FollowUp]
    reviews: list[Review]
    settings: Settings | None
    library: Library = NO_LIBRARY


#: Records per ``orjson.dumps`` call: big enough to leave the per-call cost behind, small
#: enough that a chunk is a few hundred kilobytes.
_BATCH = 256


def json_chunks(
    *,
    exported: datetime,
    settings: Settings,
    contacts: Iterable[Contact],
    interactions: Iterable[dict[str, Any]],
    followups: Iterable[FollowUp],
    reviews: Iterable[Review],
    library: Library = NO_LIBRARY,
    written: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """The export as one JSON document (two-space indent, as ``orjson.OPT_INDENT_2`` writes
    it), in pieces: never the whole document, nor every note, in memory at once. Each list in
    a stable order, so the same data is the same document. ``written(n)``: told, piece by
    piece, how many records the pieces so far hold.

    ``interactions``: each as ``Interaction.to_dict`` makes it (the stored record, as nurture
    stores it), in the order of ``order_key``."""
    head = {
        FORMAT_KEY: {
            "version": FORMAT_VERSION,
            "exported": exported.isoformat(timespec="seconds"),
            "app": f"nurture {__version__}",
        },
        "settings": settings.to_dict(),
    }
    yield orjson.dumps(head, option=orjson.OPT_INDENT_2)[:-2]  # without the closing "\n}"
    lists: tuple[tuple[str, Iterable[dict[str, Any]]], ...] = (
        ("contacts", (c.to_dict() for c in sorted(contacts, key=lambda c: c.order_key))),
        ("interactions", interactions),
        ("followups", (f.to_dict() for f in sorted(followups, key=lambda f: (f.due, f.id)))),
        ("reviews", (r.to_dict() for r in sorted(reviews, key=lambda r: r.week_start))),
        ("prep", (p.to_dict() for p in sorted(library.preps, key=lambda p: p.contact_id))),
        ("questions", (q.to_dict() for q in sorted(library.questions, key=lambda q: q.id))),
        ("templates", (t.to_dict() for t in sorted(library.templates, key=lambda t: t.key))),
        ("targets", (t.to_dict() for t in sorted(library.targets, key=lambda t: t.id))),
        ("meetings", (m.to_dict() for m in sorted(library.meetings, key=lambda m: m.contact_id))),
        ("appointments", (a.to_dict() for a in sorted(library.appointments, key=lambda a: (a.start, a.id)))),
    )
    done = 0

    def count(n: int) -> None:
        nonlocal done
        done += n
        if written is not None:
            written(done)

    for key, items in lists:
        yield b',\n  "' + key.encode() + b'": '
        yield from _json_list(items, count)
    yield b"\n}\n"


def _json_list(items: Iterable[dict[str, Any]], count: Callable[[int], None]) -> Iterator[bytes]:
    """A list of records as the second level of the document: ``[``, each record indented by
    four spaces, ``]`` at two; ``[]`` when empty. ``count(n)``: ``n`` more records made."""
    rest = iter(items)
    first = True
    while batch := list(islice(rest, _BATCH)):
        # "[\n  {…},\n  {…}\n]" at the top level: the records without the brackets, moved in
        # two more (a line break inside a JSON string is written "\n", so every one is layout).
        body = orjson.dumps(batch, option=orjson.OPT_INDENT_2)[2:-2].replace(b"\n", b"\n  ")
        count(len(batch))
        yield (b"[\n  " if first else b",\n  ") + body
        first = False
    yield b"[]" if first else b"\n  ]"


def _field(name: str) -> str:
    return f"field {name!r}"


def _contact(d: dict[str, Any]) -> Contact:
    c = Contact.from_dict(d)
    limits.check_contact(c, label=_field)
    return c


def _interaction(d: dict[str, Any]) -> Interaction:
    i = Interaction.from_dict(d)
    limits.check_interaction(i, label=_field)
    return i


def _followup(d: dict[str, Any]) -> FollowUp:
    f = FollowUp.from_dict(d)
    limits.check_fields(f, limits.FOLLOWUP_TEXT, label=_field)
    return f


def _settings(d: dict[str, Any]) -> Settings:
    s = Settings.from_dict(d)
    limits.check_fields(s, limits.SETTINGS_TEXT, label=_field)
    return s


def _prep(d: dict[str, Any]) -> Prep:
    p = Prep.from_dict(d)
    limits.check_items(_field("questions"), p.questions, limits.MAX_ITEMS, limits.MAX_TEXT, "question")
    return p


def _question(d: dict[str, Any]) -> OwnQuestion:
    q = OwnQuestion.from_dict(d)
    if q.topic not in TOPICS:
        raise InputError(f"{_field('topic')}: unknown topic {quoted(q.topic)}; one of: {', '.join(TOPICS)}")
    limits.check_text(_field("text"), q.text, MAX_QUESTION)
    return q


def _template(d: dict[str, Any]) -> TemplateText:
    t = TemplateText.from_dict(d)
    if t.key not in BY_KEY:
        raise InputError(f"{_field('key')}: unknown template {quoted(t.key)}; one of: {', '.join(BY_KEY)}")
    limits.check_text(_field("body"), t.body, limits.MAX_TEXT)
    return t


def _target(d: dict[str, Any]) -> Target:
    t = Target.from_dict(d)
    limits.check_text(_field("name"), t.name, MAX_TARGET)
    return t


def _meeting(d: dict[str, Any]) -> MeetingDraft:
    m = MeetingDraft.from_dict(d)
    limits.check_text(_field("notes"), m.notes, limits.MAX_TEXT)
    limits.check_items(_field("asked"), m.asked, limits.MAX_ITEMS, limits.MAX_TEXT, "question")
    for r in m.referrals:
        limits.check_text(_field("referrals"), r.name, limits.MAX_NAME)
        limits.check_text(_field("referrals"), r.company, limits.MAX_LINE)
        limits.check_text(_field("referrals"), r.note, limits.MAX_TEXT)
    return m


def _appointment(d: dict[str, Any]) -> Appointment:
    a = Appointment.from_dict(d)
    limits.check_fields(a, APPOINTMENT_TEXT, label=_field)
    return a


#: The lists of a contact's own records: a prep list, a meeting in progress.
_PER_CONTACT = {"prep": "prep list", "meetings": "meeting in progress"}


def _id(item: dict[str, Any]) -> str:
    rid = item.get("id")
    if type(rid) is not str or not rid:
        return ""
    return rid if len(rid) <= 60 else rid[:59] + "…"


#: The lists of records with ids of their own and a contact, and what each record is called.
_NOUNS = {"interactions": "interaction", "followups": "follow-up", "appointments": "appointment"}


def _label(key: str, n: int, item: Any, names: dict[str, str]) -> str:
    """How the message names a record: "contact 'Ann Lee' (id …)", "interaction … with 'Ann
    Lee'", else its place in the file ("contacts[3]")."""
    place = f"{key}[{n}]"
    if type(item) is not dict:
        return place
    rid = _id(item)
    if key == "contacts":
        name = item.get("name")
        what = f"contact {shown(name)}" if type(name) is str and name.strip() else place
        return f"{what} (id {rid})" if rid else what
    if key in _NOUNS and rid:
        contact = item.get("contact_id")
        who = names.get(contact) if type(contact) is str else None
        noun = _NOUNS[key]
        return f"{noun} {rid}" + (f" with {shown(who)}" if who else "")
    if key in _PER_CONTACT:
        contact = item.get("contact_id")
        who = names.get(contact) if type(contact) is str else None
        return f"{_PER_CONTACT[key]} of {shown(who)}" if who else place
    return place


def read_json(path: Path, text: str) -> Native:
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        line = text[: getattr(e, "pos", 0)].count("\n") + 1
        raise ImportFileError(path, f"line {line}", f"not valid JSON ({e.msg})") from None
    meta = doc.get(FORMAT_KEY) if isinstance(doc, dict) else None
    if not isinstance(meta, dict):
        raise ImportFileError(path, "", "is JSON but not a nurture export (made by `nurture export --format json`)")
    version = meta.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportFileError(
            path,
            "",
            f"is a nurture export of version {quoted(version)}; this nurture reads version "
            f"{FORMAT_VERSION}. Upgrade nurture to import it",
        )

    names: dict[str, str] = {}

    def records(key: str, decode: Callable[[dict[str, Any]], Any]) -> list:
        items = doc.get(key)
        if items is None:
            return []
        if not isinstance(items, list):
            raise ImportFileError(path, key, f"should be a list of records, got {shown(items)}")
        out = []
        for n, item in enumerate(items):
            try:
                out.append(decode(item))
            except (FieldError, InputError) as e:
                raise ImportFileError(path, _label(key, n, item, names), str(e)) from None
            except (KeyError, TypeError, ValueError) as e:
                problem = f"damaged record ({clipped(str(e), 120)})"
                raise ImportFileError(path, _label(key, n, item, names), problem) from None
        return out

    if version < 2 and isinstance(doc.get("contacts"), list):  # as the store's 1 → 2 migration
        for item in doc["contacts"]:
            if isinstance(item, dict):
                move_noted_addresses(item)
    contacts = records("contacts", _contact)
    names.update((c.id, c.name) for c in contacts)
    interactions = records("interactions", _interaction)
    followups = records("followups", _followup)
    reviews = records("reviews", Review.from_dict)
    library = Library(
        preps=records("prep", _prep),
        questions=records("questions", _question),
        templates=records("templates", _template),
        targets=records("targets", _target),
        meetings=records("meetings", _meeting),
        appointments=records("appointments", _appointment),
    )
    settings = None
    if doc.get("settings") is not None:
        try:
            settings = _settings(doc["settings"])
        except (FieldError, InputError) as e:
            raise ImportFileError(path, "settings", str(e)) from None
    for key, items in (
        ("contacts", contacts),
        ("interactions", interactions),
        ("followups", followups),
        ("reviews", reviews),
        ("prep", library.preps),
        ("questions", library.questions),
        ("templates", library.templates),
        ("targets", library.targets),
        ("meetings", library.meetings),
        ("appointments", library.appointments),
    ):
        seen: dict[str, int] = {}
        for n, r in enumerate(items):
            first = seen.setdefault(r.id, n)
            if first != n:  # one would silently replace the other
                raise ImportFileError(
                    path, f"{key}[{n}]", f"has the same id as {key}[{first}] ({r.id}); each record needs its own"
                )
    ids = {c.id for c in contacts}
    per_contact = ("interactions", interactions), ("followups", followups), ("prep", library.preps)
    for key, items in (*per_contact, ("meetings", library.meetings)):
        for n, r in enumerate(items):
            if r.contact_id not in ids:
                raise ImportFileError(
                    path, f"{key}[{n}]", f"refers to contact {quoted(r.contact_id)}, which is not in the file"
                )
    for n, c in enumerate(contacts):
        if c.referred_by and c.referred_by not in ids:
            raise ImportFileError(
                path, f"contacts[{n}]", f"introduced by {quoted(c.referred_by)}, who is not in the file"
            )
    return Native(contacts, interactions, followups, reviews, settings, library)
