"""Checking and normalising what the user types into a field. Shared by the CLI and the forms,
so both accept and refuse exactly the same input with the same message. Every cleaner stores
text composed (NFC, ``nurture.domain.text.nfc``), however the keyboard sent it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from nurture.domain.dates import Cadence
from nurture.domain.errors import InputError
from nurture.domain.limits import (
    MAX_EMAILS,
    MAX_LINE,
    MAX_MINUTES,
    MAX_NAME,
    MAX_PHONES,
    check_contact,
    check_text,
)
from nurture.domain.models import KINDS, STAGES, THANK_YOU, distinct, email_key, phone_key
from nurture.domain.text import nfc
from nurture.domain.wording import quoted

_KIND_ALIASES = {
    "thanks": THANK_YOU,
    "thankyou": THANK_YOU,
    "thank_you": THANK_YOU,
    "thank you": THANK_YOU,
    "ty": THANK_YOU,
    "follow-up": "nudge",
    "followup": "nudge",
    "intro": "outreach",
    "request": "outreach",
    "chat": "coffee",
    "phone": "call",
    "zoom": "video",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_name(text: str | None) -> str:
    name = nfc(" ".join((text or "").split()))
    if not name:
        raise InputError("a contact needs a name (it cannot be blank)")
    if len(name) > MAX_NAME:
        raise InputError(f"name is {len(name)} characters long; keep it under {MAX_NAME}")
    return name


def clean_tags(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Tags, as one comma-separated text or a list of them, repeats (case ignored) dropped. A
    tag never holds a comma: an item of a list is split at its commas too (a vCard's
    ``CATEGORIES:Design\\, UX`` is the tags "Design" and "UX"), so every way in stores tags
    that a comma-separated text, such as a CSV export's "Tags" column, gives back the same."""
    seen: dict[str, str] = {}
    for part in _parts(text, _TAGS_APART):
        tag = nfc(" ".join(str(part).split()))
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


def clean_kind(text: str) -> str:
    kind = " ".join((text or "").strip().lower().split())
    kind = _KIND_ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise InputError(f"unknown kind {quoted(text)}; use one of: {', '.join(KINDS)}")
    return kind


def clean_stage(text: str) -> str:
    stage = (text or "").strip().lower()
    if stage not in STAGES:
        raise InputError(f"unknown stage {quoted(text)}; use one of: {', '.join(STAGES)}")
    return stage


def clean_email(text: str | None) -> str:
    email = check_text("the email address", nfc((text or "").strip()), MAX_LINE)
    if email and not _EMAIL.match(email):
        raise InputError(f"{quoted(email)} does not look like an email address (name@example.com)")
    return email


#: Between tags: commas.
_TAGS_APART = re.compile(",")
#: Between email addresses: commas, semicolons or spaces.
_EMAILS_APART = re.compile(r"[,;\s]+")
#: Between phone numbers: a comma or semicolon followed by a space (", ", "; "), or a line
#: break. A number holds spaces, and commas and semicolons of its own, directly between its
#: characters: "+1 555 0100,,1234" (",": a dial pause, as Android and Outlook write it),
#: "+1-555-555-5555;ext=5555" (a vCard's tel: URI); these are never split.
_PHONES_APART = re.compile(r"[,;]\s+|[\r\n]+")
#: How the form's hint and the shell's help say where one number ends (the form shows several
#: joined by ", ", which this splits back).
PHONES_APART_WORDS = 'split at ", " or "; "'


def _parts(values: str | Iterable[str] | None, apart: re.Pattern[str]) -> list[str]:
    """The pieces of one text, or of each text of several, split where ``apart`` matches."""
    texts = [values] if isinstance(values, str) else list(values or ())
    return [part for text in texts for part in apart.split(str(text))]


def clean_emails(values: str | Iterable[str] | None) -> tuple[str, ...]:
    """Several email addresses, as one text ("ada@work.example, ada@home.example") or a list
    of them (each of which may hold several), the first the preferred one: each checked as
    ``clean_email``, a repeat (case ignored) dropped."""
    found = distinct((clean_email(part) for part in _parts(values, _EMAILS_APART)), email_key)
    if len(found) > MAX_EMAILS:
        raise InputError(f"{len(found)} email addresses; the limit is {MAX_EMAILS}. Keep fewer")
    return found


def clean_phone(text: str | None) -> str:
    """One phone number, as typed (runs of spaces as one)."""
    return check_text("the phone number", nfc(" ".join((text or "").split())), MAX_LINE)


def clean_phones(values: str | Iterable[str] | None) -> tuple[str, ...]:
    """Several phone numbers, separated by ", " or "; " or line breaks (``_PHONES_APART``: never
    a comma or semicolon within a number), or a list of them, each of which may hold several;
    the first the preferred one, a repeat (the same digits) dropped."""
    found = distinct((clean_phone(part) for part in _parts(values, _PHONES_APART)), phone_key)
    if len(found) > MAX_PHONES:
        raise InputError(f"{len(found)} phone numbers; the limit is {MAX_PHONES}. Keep fewer")
    return found


def clean_linkedin(text: str | None) -> str:
    url = check_text("the LinkedIn URL", nfc((text or "").strip()), MAX_LINE)
    if url and " " in url:
        raise InputError(f"{quoted(url)} is not a URL (it contains spaces)")
    if url.lower().startswith(("linkedin.com/", "www.linkedin.com/")):
        url = "https://" + url
    return url


def clean_text(text: str | None) -> str:
    return nfc((text or "").strip())


def clean_line(text: str | None) -> str:
    """One line: runs of whitespace (line breaks too) as one space."""
    return nfc(" ".join((text or "").split()))


def clean_notes(text: str | None) -> str:
    """Notes as typed: blank lines at either end dropped, indentation kept."""
    return nfc((text or "").strip("\n"))


def clean_lines(items: Iterable[str] | str | None) -> tuple[str, ...]:
    """Non-blank entries; a string is split into lines."""
    if isinstance(items, str):
        items = items.splitlines()
    return tuple(nfc(s.strip()) for s in items or () if s and s.strip())


def clean_minutes(text: str | int | None) -> int | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        minutes = int(str(text).strip())
    except ValueError:
        raise InputError(f"duration {quoted(text)} is not a whole number of minutes") from None
    if not 0 < minutes <= MAX_MINUTES:
        raise InputError(f"duration {quoted(text)} must be between 1 and {MAX_MINUTES} minutes")
    return minutes


#: Contact fields the user edits as plain text.
TEXT_FIELDS = ("role", "company", "industry", "location", "how_met", "notes")


def clean_cadence(value: Cadence | str | None) -> Cadence | None:
    """A cadence as typed ("6w", "quarterly"); blank is none (the default cadence applies)."""
    if value is None or isinstance(value, Cadence):
        return value
    return Cadence.parse(value) if str(value).strip() else None


_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "name": clean_name,
    "email": clean_email,
    "other_emails": clean_emails,
    "phone": clean_phone,
    "other_phones": clean_phones,
    "linkedin": clean_linkedin,
    "tags": clean_tags,
    "stage": clean_stage,
    "cadence": clean_cadence,
    **dict.fromkeys(TEXT_FIELDS, clean_text),
    **dict.fromkeys(("referred_by", "snoozed_until", "archived"), lambda value: value),
}


def _lists(changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with ``emails`` (all of them, as one text or a list: ``clean_emails``) given
    as the preferred ``email`` and the ``other_emails``; ``phones`` likewise."""
    out = dict(changes)
    for kind, clean in (("email", clean_emails), ("phone", clean_phones)):
        if kind + "s" in out:
            if kind in out or f"other_{kind}s" in out:
                raise TypeError(f"give {kind}s, or {kind} and other_{kind}s, not both")
            every = clean(out.pop(kind + "s"))
            out[kind], out[f"other_{kind}s"] = (every[0] if every else ""), every[1:]
    return out


def contact_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Changes to a contact's fields, each cleaned as when the contact is added, and held to
    the size limits; a field a contact does not have is a ``TypeError`` (a bug, not input).
    ``emails`` and ``phones`` set all of them (``_lists``); the others never repeat the
    preferred one."""
    changes = _lists(changes)
    unknown = sorted(set(changes) - set(_CLEANERS))
    if unknown:
        raise TypeError(f"unknown contact field {unknown[0]!r}")
    clean = {key: _CLEANERS[key](value) for key, value in changes.items()}
    for kind, key in (("email", email_key), ("phone", phone_key)):
        if kind in clean and f"other_{kind}s" in clean:
            first = key(clean[kind]) if clean[kind] else None
            clean[f"other_{kind}s"] = tuple(x for x in clean[f"other_{kind}s"] if key(x) != first)
    check_contact(SimpleNamespace(**clean), only=list(clean))  # only what changes
    return clean
