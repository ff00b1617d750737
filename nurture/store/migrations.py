"""Schema versions. Each migration takes the tables of one file at version N and returns them
at version N + 1. The repository backs the data up before it writes a migrated file.

Every data file carries the schema it was written at, and each is upgraded on its own when a
process first opens the directory (``Repository._open_locked``): read, upgraded in memory,
backed up as it was, written whole at the current schema. A migrated file gets a new
fingerprint, so no index written for the old version (``contacts.idx``, a shard's ``.idx``)
describes it, and its layout is found again from its new bytes; a file upgraded in memory is
never spliced by record (``AtomicJSONStorage`` keeps no layout for it) but written whole.

* 1 → 2: a contact holds several emails and phones (``other_emails``, ``other_phones``). The
  addresses earlier vCard imports put into its notes, in nurture's own words ("Other email:
  …", "Other phone: …"; ``nurture.domain.noted``), move from the notes into those lists.
  Other files are unchanged but for the schema they carry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nurture.domain.models import distinct, email_key, phone_key
from nurture.domain.noted import addresses_in_notes

Tables = dict[str, dict[str, Any]]

#: The schema this version writes.
CURRENT_SCHEMA = 2


def _is_texts(value: Any) -> bool:
    return type(value) is list and all(type(x) is str for x in value)


def _addresses_out_of_notes(tables: Tables) -> Tables:
    """1 → 2: each contact's "Other email:"/"Other phone:" note lines become its other emails
    and phones. A record of an unexpected shape is left as it is (reading it names what is
    wrong with it, as before)."""
    for doc in tables.get("contacts", {}).values():
        notes = doc.get("notes")
        if type(notes) is not str or "Other " not in notes:
            continue
        email, phone = doc.get("email", ""), doc.get("phone", "")
        other_emails, other_phones = doc.get("other_emails", []), doc.get("other_phones", [])
        if not (type(email) is type(phone) is str and _is_texts(other_emails) and _is_texts(other_phones)):
            continue
        noted = addresses_in_notes(notes)
        if not (noted.emails or noted.phones):
            continue
        emails = distinct((email, *other_emails, *noted.emails), email_key)
        phones = distinct((phone, *other_phones, *noted.phones), phone_key)
        doc["notes"] = noted.notes
        doc["email"], doc["other_emails"] = (emails[0] if emails else ""), list(emails[1:])
        doc["phone"], doc["other_phones"] = (phones[0] if phones else ""), list(phones[1:])
    return tables


#: ``MIGRATIONS[n]`` upgrades a file from schema ``n`` to ``n + 1``.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {1: _addresses_out_of_notes}


def migrate(tables: Tables, from_version: int, to_version: int | None = None) -> Tables:
    target = CURRENT_SCHEMA if to_version is None else to_version
    for version in range(from_version, target):
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"no migration from schema {version} to {version + 1}")
        tables = step(tables)
    return tables
