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
  …", "Other phone: …"; ``nurture.domain.noted``), move from the notes into those lists, up
  to ``MAX_EMAILS`` and ``MAX_PHONES`` (any past them stay in the notes).
  Other files are unchanged but for the schema they carry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nurture.domain.noted import move_noted_addresses

Tables = dict[str, dict[str, Any]]

#: The schema this version writes.
CURRENT_SCHEMA = 2


def _addresses_out_of_notes(tables: Tables) -> Tables:
    """1 → 2: each contact's "Other email:"/"Other phone:" note lines become its other emails
    and phones (``move_noted_addresses``; a version 1 export is read through it too)."""
    for doc in tables.get("contacts", {}).values():
        move_noted_addresses(doc)
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
