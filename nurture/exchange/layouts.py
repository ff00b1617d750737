"""Which producer wrote a CSV, told from its header, and how each one's columns map to nurture's
fields.

- **Outlook** (desktop: 92 quoted columns, Windows-1252; outlook.com: 61 columns, UTF-8): the
  name from First, Middle and Last Name and Suffix ("Title" is the honorific, Dr. or Mme, and is
  not part of the name), the role from Job Title and Department, up to three emails (the first is
  the preferred one), phones in the order Mobile, Primary, Business, Home, Business Phone 2, Home
  Phone 2, Other, Car, "Web Page" as the LinkedIn profile when it is one, Categories as tags.
- **Google Contacts**, current layout (``E-mail 1 - Label``/``E-mail 1 - Value``, Labels) and
  legacy layout (``E-mail 1 - Type``, Group Membership, ``Organization 1 - Name``): several
  values of one kind share a cell joined by `` ::: ``; a label starting with ``* `` marks the
  preferred email and phone; Labels become tags, without Google's own (``* myContacts``,
  ``* starred``).
- **LinkedIn** and any other spreadsheet (nurture's own export included): columns by name.

The vCard reader shares what is not particular to a layout: which labels are a contacts app's own
(``system_label``, ``tags_of``) and how web pages split into the LinkedIn profile and the notes
(``web``).

A layout reads a row through ``get(column)``, the column named as ``norm`` writes it, and gives
the raw values ``Checker.incoming`` takes (``emails`` and ``phones`` preferred first).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol


class Get(Protocol):
    """One row's cells by column name ("" for a column the file lacks)."""

    def __call__(self, column: str) -> str: ...

    def __contains__(self, column: object) -> bool: ...


#: Labels a contacts app puts on contacts by itself, not the user's tags (compared case-folded).
#: Google's CSV marks its own with "* " (``* myContacts``, ``* starred``, ``* other`` for "Other
#: contacts"; the legacy layout ``* My Contacts``, ``* Starred``), its vCard and its "Outlook CSV"
#: write them bare (``myContacts``, ``starred``), Android adds "Starred in Android". A label of
#: the user's own, "Other" or "My contacts", is none of these and stays a tag.
SYSTEM_LABELS = frozenset(
    {"* mycontacts", "* my contacts", "* starred", "* other", "mycontacts", "starred", "starred in android"}
)
#: What Outlook writes in a date column it has no date for.
FILLER = frozenset({"0/0/00", "0/0/0000"})
MULTI = ":::"


def norm(header: str) -> str:
    """A column's name as layouts know it: lower case, ``_`` and ``-`` as spaces, single spaces
    ("E-mail 1 - Value" is "e-mail 1 value")."""
    return " ".join(header.replace("_", " ").replace("-", " ").split()).casefold().replace("e mail", "e-mail")


@dataclass(frozen=True)
class Layout:
    #: Shown in the summary: "Outlook CSV".
    title: str
    #: Whether this layout reads (or knowingly passes over) the column named so.
    reads: Callable[[str], bool]
    #: The raw values of one row.
    values: Callable[[Get], dict[str, Any]]


def joined(*parts: str, sep: str = " ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def role_of(title: str, department: str) -> str:
    """The role with the department after it ("Staff Designer, Research"), as vCard's ORG reads."""
    return joined(title, department, sep=", ")


def several(cell: str) -> list[str]:
    """The values Google put in one cell, joined by ``:::``."""
    return [v.strip() for v in cell.split(MULTI) if v.strip()]


def system_label(label: str) -> bool:
    """Whether ``label`` is one of ``SYSTEM_LABELS`` ("*starred" and "* Starred" alike)."""
    text = label.strip()
    if text.startswith("*"):
        text = "* " + text[1:]
    return " ".join(text.split()).casefold() in SYSTEM_LABELS


def tags_of(labels: Iterable[str]) -> list[str]:
    """The user's labels, ``* `` taken off, without the system labels."""
    out = []
    for label in labels:
        tag = label.strip().removeprefix("*").strip()
        if tag and not system_label(label):
            out.append(tag)
    return out


def preferred_first(labelled: Iterable[tuple[str, str]]) -> list[str]:
    """The values of (label, cell) pairs, those whose label starts with ``*`` (Google's mark of
    the primary one) first, the rest in file order."""
    marked: list[str] = []
    rest: list[str] = []
    for label, cell in labelled:
        (marked if label.strip().startswith("*") else rest).extend(several(cell))
    return list(dict.fromkeys(marked + rest))


def web(urls: Iterable[str], notes: str) -> dict[str, str]:
    """``linkedin`` and ``notes`` of a record whose web pages are ``urls`` (preferred first)
    and whose notes are ``notes``: the first LinkedIn URL is the profile; the other pages, each
    once, are kept after the notes on a line "Website: …". Line breaks become ``\\n``."""
    urls = [u.strip() for u in urls if u.strip()]
    linkedin = next((u for u in urls if "linkedin.com/" in u.casefold()), "")
    others = list(dict.fromkeys(u for u in urls if u != linkedin))
    extra = "Website: " + ", ".join(others) if others else ""
    notes = notes.replace("\r\n", "\n").replace("\r", "\n")
    return {"linkedin": linkedin, "notes": joined(notes, extra, sep="\n")}


def numbered(get: Get, kind: str, label: str, value: str = "value") -> list[tuple[str, str]]:
    """(label, value) of ``kind 1``, ``kind 2``… as long as the file has them."""
    out = []
    n = 1
    while f"{kind} {n} {value}" in get:
        out.append((get(f"{kind} {n} {label}"), get(f"{kind} {n} {value}")))
        n += 1
    return out


# --- Outlook ---------------------------------------------------------------------------------

_OUTLOOK_PHONES = (
    "mobile phone",
    "primary phone",
    "business phone",
    "home phone",
    "business phone 2",
    "home phone 2",
    "other phone",
    "car phone",
)
_OUTLOOK_QUIET = re.compile(
    r"^(title|e-mail( \d)? (type|display name)|initials|gender|priority|private|sensitivity|"
    r"(given|surname|company) yomi|(business|home|other) (street( \d)?|postal code|address po box|address|po box))$"
)
_OUTLOOK_READ = frozenset(
    {
        "first name",
        "middle name",
        "last name",
        "suffix",
        "company",
        "department",
        "job title",
        "e-mail address",
        "e-mail 2 address",
        "e-mail 3 address",
        *_OUTLOOK_PHONES,
        "web page",
        "personal web page",
        "categories",
        "notes",
        "referred by",
        "location",
        *(
            f"{kind} {part}"
            for kind in ("business", "home", "other")
            for part in ("city", "state", "country/region", "country")
        ),
    }
)


def _outlook_place(get: Get) -> str:
    """City, state and country of the first address that has any (business, home, other), else
    Outlook's free "Location"."""
    for kind in ("business", "home", "other"):
        country = get(f"{kind} country/region") or get(f"{kind} country")
        place = joined(get(f"{kind} city"), get(f"{kind} state"), country, sep=", ")
        if place:
            return place
    return get("location")


def _outlook(get: Get) -> dict[str, Any]:
    emails = [get(f"e-mail{n} address") for n in ("", " 2", " 3")]
    return {
        "name": joined(get("first name"), get("middle name"), get("last name"), get("suffix")),
        "company": get("company"),
        "role": role_of(get("job title"), get("department")),
        "location": _outlook_place(get),
        # an address inside an Exchange organisation (/o=…/cn=…) is no email address
        "emails": [e for e in emails if e and not e.startswith("/")],
        "exchange": [e for e in emails if e.startswith("/")],
        "phones": [get(p) for p in _OUTLOOK_PHONES if get(p)],
        "tags": tags_of(get("categories").split(";")),
        "referred_by": get("referred by"),
        **web([get("web page"), get("personal web page")], get("notes")),
    }


OUTLOOK = Layout("Outlook CSV", lambda c: c in _OUTLOOK_READ or bool(_OUTLOOK_QUIET.match(c)), _outlook)


# --- Google ----------------------------------------------------------------------------------

_GOOGLE_QUIET = re.compile(
    r"^(phonetic .*|name prefix|file as|(given|family|additional) name yomi|yomi name|"
    r"(e-mail|phone|website|address) \d+ (label|type|formatted|street|po box|postal code|extended address)|"
    r"organization \d+ (type|yomi name|symbol|location|job description)|initials)$"
)
_GOOGLE_READ = re.compile(
    r"^(first name|middle name|last name|name suffix|organization name|organization title|"
    r"organization department|notes|labels|name|given name|additional name|family name|group membership|"
    r"location|(e-mail|phone|website) \d+ value|address \d+ (city|region|country)|"
    r"organization \d+ (name|title|department))$"
)


def _google_place(get: Get) -> str:
    for n in range(1, 4):
        place = joined(get(f"address {n} city"), get(f"address {n} region"), get(f"address {n} country"), sep=", ")
        if place:
            return place
    return get("location")


def _google(get: Get, legacy: bool) -> dict[str, Any]:
    label = "type" if legacy else "label"
    if legacy:
        name = joined(get("given name"), get("additional name"), get("family name"), get("name suffix")) or get("name")
        company, title, department = (get(f"organization 1 {p}") for p in ("name", "title", "department"))
        labels = get("group membership")
    else:
        name = joined(get("first name"), get("middle name"), get("last name"), get("name suffix"))
        company, title, department = (get(f"organization {p}") for p in ("name", "title", "department"))
        labels = get("labels")
    urls = [u for _, cell in numbered(get, "website", label) for u in several(cell)]
    return {
        "name": name,
        "company": company,
        "role": role_of(title, department),
        "location": _google_place(get),
        "emails": preferred_first(numbered(get, "e-mail", label)),
        "phones": preferred_first(numbered(get, "phone", label)),
        "tags": tags_of(several(labels)),
        **web(urls, get("notes")),
    }


def _google_reads(column: str) -> bool:
    return bool(_GOOGLE_READ.match(column) or _GOOGLE_QUIET.match(column))


GOOGLE = Layout("Google Contacts CSV", _google_reads, lambda get: _google(get, legacy=False))
GOOGLE_LEGACY = Layout("Google Contacts CSV (legacy layout)", _google_reads, lambda get: _google(get, legacy=True))


_GOOGLE_NUMBERED = re.compile(r"^(e-mail|phone|website|address) \d+ (label|value)$")
_GOOGLE_LEGACY_NUMBERED = re.compile(r"^(e-mail|phone|website|address|organization) \d+ (type|name)$")


def layout_for(header: Iterable[str]) -> Layout | None:
    """The producer's layout that a header (names as ``norm`` writes them) is, or None for a
    spreadsheet read by column names. Each producer writes all its columns whatever a contact
    holds: a header is taken as theirs only when it has the columns only they write."""
    cells = set(header)
    if {"first name", "last name", "e-mail address", "e-mail 2 address", "job title"} <= cells:
        return OUTLOOK
    if "group membership" in cells or any(_GOOGLE_LEGACY_NUMBERED.match(c) for c in cells):
        return GOOGLE_LEGACY
    if {"first name", "last name"} <= cells and (
        cells & {"file as", "phonetic first name"} or any(_GOOGLE_NUMBERED.match(c) for c in cells)
    ):
        return GOOGLE
    return None
