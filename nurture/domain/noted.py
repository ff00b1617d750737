"""Email addresses and phone numbers that earlier versions of nurture kept in a contact's notes.

Before a contact held several, a vCard import put every address but the first into the notes,
one line per kind, in nurture's own words: ``Other email: a@x.example, b@y.example`` and
``Other phone: +1 555 0100, +1 555 0101``. Those lines, and only those (the whole line, every
item on it an address of that kind), are taken out of the notes and given back as addresses.
Any other line stays as it is: "Website: …", or a line the user wrote that mentions an email.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from nurture.domain.limits import MAX_EMAILS, MAX_PHONES
from nurture.domain.models import distinct, email_key, phone_key

_LINE = re.compile(r"^Other (email|phone): (.+)$")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
#: A phone number as a vCard holds one: digits, spaces and the usual punctuation, an extension.
_PHONE = re.compile(r"^\+?[\d\s().\-/]*\d[\d\s().\-/]*(?:\s*(?:ext\.?|x|#)\s*\d+)?$", re.IGNORECASE)


class Noted(NamedTuple):
    """The notes without those lines, and the addresses they held, in order."""

    notes: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]


def _items(text: str, shape: re.Pattern[str]) -> list[str] | None:
    items = [item.strip() for item in text.split(",")]
    return items if all(shape.match(item) for item in items) else None


def addresses_in_notes(notes: str) -> Noted:
    """The "Other email:" and "Other phone:" lines of ``notes`` taken out (``Noted``); notes
    without any come back as they are, with no addresses."""
    if "Other " not in notes:
        return Noted(notes, (), ())
    kept: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    for line in notes.split("\n"):
        m = _LINE.match(line.rstrip())
        items = _items(m.group(2), _EMAIL if m.group(1) == "email" else _PHONE) if m else None
        if m is None or items is None:
            kept.append(line)
        else:
            (emails if m.group(1) == "email" else phones).extend(items)
    if not emails and not phones:
        return Noted(notes, (), ())
    return Noted("\n".join(kept).strip("\n"), tuple(emails), tuple(phones))


def _is_texts(value: Any) -> bool:
    return type(value) is list and all(type(x) is str for x in value)


def move_noted_addresses(doc: dict[str, Any]) -> None:
    """A contact as stored before it held several addresses (schema 1, a version 1 export), in
    place: its "Other email:"/"Other phone:" note lines become its other emails and phones, up
    to ``MAX_EMAILS`` and ``MAX_PHONES`` (the stored ones first); any past the limit stay in the
    notes, in the same words. A record of an unexpected shape is left as it is (reading it names
    what is wrong with it)."""
    notes = doc.get("notes")
    if type(notes) is not str or "Other " not in notes:
        return
    email, phone = doc.get("email", ""), doc.get("phone", "")
    other_emails, other_phones = doc.get("other_emails", []), doc.get("other_phones", [])
    if not (type(email) is type(phone) is str and _is_texts(other_emails) and _is_texts(other_phones)):
        return
    noted = addresses_in_notes(notes)
    if not (noted.emails or noted.phones):
        return
    emails = distinct((email, *other_emails, *noted.emails), email_key)
    phones = distinct((phone, *other_phones, *noted.phones), phone_key)
    left = [f"Other email: {', '.join(emails[MAX_EMAILS:])}"] if len(emails) > MAX_EMAILS else []
    left += [f"Other phone: {', '.join(phones[MAX_PHONES:])}"] if len(phones) > MAX_PHONES else []
    emails, phones = emails[:MAX_EMAILS], phones[:MAX_PHONES]
    doc["notes"] = "\n".join([noted.notes, *left] if noted.notes else left)
    doc["email"], doc["phone"] = (emails[0] if emails else ""), (phones[0] if phones else "")
    for key, others in (("other_emails", emails[1:]), ("other_phones", phones[1:])):
        if others:  # as ``Contact.to_dict`` writes them: only when there are some
            doc[key] = list(others)
        else:
            doc.pop(key, None)
