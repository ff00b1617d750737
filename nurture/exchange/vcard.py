"""vCard (.vcf) in and out, parsed and written by vobject.

Reading takes 2.1, 3.0 and 4.0 as Apple, Google and Android write them: folded lines,
quoted-printable (2.1), escaped ``\\,`` ``\\;`` ``\\n``, several EMAIL and TEL (the preferred one
becomes the contact's, the others are kept in the notes), ORG with a department, embedded photos
ignored. The file is cut into cards at their BEGIN/END lines first, so an error names the card
and the line it starts on.

Writing produces vCard 4.0 with a stable ``UID`` per contact, which the importer reads back.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import vobject
from vobject.base import ParseError, VObjectError

from nurture.domain.models import Contact
from nurture.domain.wording import clipped, listing
from nurture.exchange.parsed import Checker, Parsed, Tick
from nurture.exchange.source import ImportFileError, lines_of, without_controls

#: Properties read into a contact, or that carry no information worth reporting.
_USED = {
    "version",
    "fn",
    "n",
    "org",
    "title",
    "email",
    "tel",
    "url",
    "note",
    "categories",
    "adr",
    "uid",
    "rev",
    "prodid",
    "x-socialprofile",
    "photo",
    "logo",
    "sound",
    "key",
}
#: Categories a contacts app puts on every card, which say nothing about the person.
_NOISE = {"mycontacts", "starred in android"}
_BEGIN = re.compile(r"^begin:vcard\s*$", re.IGNORECASE)
_END = re.compile(r"^end:vcard\s*$", re.IGNORECASE)


def _cards(path: Path, text: str) -> Iterable[tuple[int, int, list[str]]]:
    """(card number, first line, its lines) for each card in the file."""
    start: int | None = None
    buf: list[str] = []
    n = 0
    for number, line in enumerate(lines_of(text), 1):
        if start is None:
            if _BEGIN.match(line.strip()):
                start, buf = number, [line]
            elif line.strip():
                raise ImportFileError(path, f"line {number}", "text outside a card (expected BEGIN:VCARD)")
            continue
        buf.append(line)
        if _END.match(line.strip()):
            n += 1
            yield n, start, buf
            start = None
    if start is not None:
        raise ImportFileError(path, f"card {n + 1} (line {start})", "never closed (no END:VCARD)")


def _unfolded(lines: list[str]) -> str:
    """The card with its folded lines joined, one property to a line, for vobject.

    vobject joins a folded line by re-reading all it has joined so far, so a note folded over
    200,000 lines took minutes; this does the same joining in one pass. It follows vobject's
    own rules: a line that starts with a space or tab continues the one before, without that
    first character (RFC 6350 §3.2, RFC 2425); a blank line ends a property; and in a
    quoted-printable value (vCard 2.1) a line ending in ``=`` continues on the next line as it
    is. That soft line break is resolved here (``=`` and the line break dropped, as decoding
    would), so the value vobject decodes is the same."""
    out: list[str] = []
    parts: list[str] = []
    head = False  # still in the property's name and parameters (before the first ":")
    qp = soft = False  # a quoted-printable property; its last line ended in "="

    def flush() -> None:
        if parts:
            out.append("".join(parts).lstrip(" \t"))  # leading blanks would read as a fold
            parts.clear()

    for line in lines:
        if not line.strip():
            flush()
            head = qp = soft = False
            continue
        if soft:
            parts[-1] = parts[-1][:-1]  # the "=" of the soft line break
            piece = line
        elif line[0] in " \t":
            piece = line[1:]
        else:
            flush()
            piece, head, qp = line, True, False
        parts.append(piece)
        if head:  # parameters may be folded too
            params, colon, _ = piece.partition(":")
            qp = qp or "quoted-printable" in params.lower()
            head = not colon
        soft = qp and not head and line.endswith("=")
    flush()
    return "\r\n".join(out) + "\r\n"


# vobject has no type information: its components and lines are ``Any`` here.
def _values(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value if v).strip()
    return str(value or "").strip()


def _preferred_first(lines: list[Any]) -> list[str]:
    def pref(line: Any) -> bool:
        types = [t.lower() for t in line.params.get("TYPE", [])]
        return "pref" in types or "PREF" in line.params or "1" in line.params.get("PREF", [])

    ordered = sorted(lines, key=lambda line: not pref(line))
    return [v for v in (_text(line.value) for line in ordered) if v]


def read_vcards(path: Path, text: str, today: date, progress: Tick | None = None) -> Parsed:
    check = Checker(path, today)
    out = Parsed()
    ignored: Counter[str] = Counter()
    cards = 0
    total = max(1, len(re.findall(r"^begin:vcard", text, re.IGNORECASE | re.MULTILINE)))
    for n, start, lines in _cards(path, text):
        cards += 1
        if progress and n % 100 == 0:
            progress(n, total)
        where = f"card {n} (line {start})"
        try:
            card = vobject.readOne(_unfolded(lines), allowQP=False)
        except (ParseError, VObjectError, ValueError, UnicodeError) as e:
            reason = clipped(re.sub(r"^At line \d+: ", "", str(e)) or type(e).__name__, 120)
            raise ImportFileError(path, where, f"cannot be read ({reason})") from None
        for key in card.contents:
            if key not in _USED:
                ignored[key.upper()] += 1
        name = _name(card)
        if not name:
            out.skipped.append(f"{where}: no name (FN or N)")
            continue
        org = _values(card, "org")
        org_value = org[0].value if org else []
        org_parts = [p.strip() for p in ([org_value] if isinstance(org_value, str) else org_value) if p and p.strip()]
        role = _text(card.title.value) if "title" in card.contents else ""
        department = ", ".join(org_parts[1:])
        if department:
            role = f"{role}, {department}" if role else department
        emails = _preferred_first(_values(card, "email"))
        phones = [re.sub(r"^tel:", "", p, flags=re.I) for p in _preferred_first(_values(card, "tel"))]
        urls = [
            _text(u.value).replace("\\:", ":")  # Google escapes the colon
            for u in _values(card, "url") + _values(card, "x-socialprofile")
        ]
        linkedin = next((u for u in urls if "linkedin.com" in u.lower()), "")
        notes = [_text(card.note.value)] if "note" in card.contents else []
        extra = []
        if emails[1:]:
            extra.append("Other email: " + ", ".join(emails[1:]))
        if phones[1:]:
            extra.append("Other phone: " + ", ".join(phones[1:]))
        websites = [u for u in urls if u and u != linkedin]
        if websites:
            extra.append("Website: " + ", ".join(dict.fromkeys(websites)))
        tags: list[str] = []
        for line in _values(card, "categories"):
            tags.extend(line.value if isinstance(line.value, list) else [line.value])
        out.records.append(
            check.incoming(
                where,
                name,
                company=org_parts[0] if org_parts else "",
                role=role,
                location=_location(card),
                email=emails[0] if emails else "",
                phone=phones[0] if phones else "",
                linkedin=linkedin,
                tags=[t for t in tags if t and t.strip() and t.strip().casefold() not in _NOISE],
                notes="\n".join(filter(None, ["\n".join(notes).replace("\r\n", "\n"), *extra])),
            )
        )
    if cards == 0:
        raise ImportFileError(path, "", "has no cards (no BEGIN:VCARD line)")
    if ignored:
        listed = listing(f"{k} ({v})" for k, v in sorted(ignored.items()))
        out.warnings.append(f"vCard fields nurture has no place for, not imported: {listed}")
    return out


def _name(card: Any) -> str:
    if "fn" in card.contents and _text(card.fn.value):
        return _text(card.fn.value)
    if "n" in card.contents:
        n = card.n.value
        if hasattr(n, "given"):
            parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
            return " ".join(_text(p) for p in parts if _text(p))
        return _text(n)
    return ""


def _location(card: Any) -> str:
    for line in _values(card, "adr"):
        a = line.value
        if hasattr(a, "city"):
            parts = [_text(a.city), _text(a.region), _text(a.country)]
            if any(parts):
                return ", ".join(p for p in parts if p)
        elif _text(a):
            return _text(a)
    return ""


_TEXT = ("name", "company", "role", "email", "phone", "linkedin", "location", "notes")


def _one_kind_of_break(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- writing --------------------------------------------------------------------------------


def write_vcards(contacts: Iterable[Contact]) -> bytes:
    """vCard 4.0, one card per contact."""
    cards = []
    for c in contacts:
        c = c.evolve(**{k: _one_kind_of_break(without_controls(getattr(c, k))) for k in _TEXT})
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("uid").value = f"urn:uuid:{c.id}"
        card.add("fn").value = c.name
        given, _, family = c.name.rpartition(" ")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if c.company:
            card.add("org").value = [c.company]
        if c.role:
            card.add("title").value = c.role
        if c.email:
            card.add("email").value = c.email
        if c.phone:
            tel = card.add("tel")
            tel.value = c.phone
            tel.params["VALUE"] = ["text"]
        if c.linkedin:
            card.add("url").value = c.linkedin
        if c.location:
            card.add("adr").value = vobject.vcard.Address(city=c.location)
        if c.notes:
            card.add("note").value = c.notes
        if c.tags:
            card.add("categories").value = [without_controls(t) for t in c.tags]
        cards.append(card.serialize())
    return "".join(cards).encode("utf-8")
