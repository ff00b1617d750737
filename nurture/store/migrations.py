"""Schema versions. Each migration takes the tables of one file at version N and returns them
at version N + 1. The repository backs the data up before it writes a migrated file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]

#: The schema this version writes.
CURRENT_SCHEMA = 1

#: ``MIGRATIONS[n]`` upgrades a file from schema ``n`` to ``n + 1``.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


def migrate(tables: Tables, from_version: int, to_version: int | None = None) -> Tables:
    target = CURRENT_SCHEMA if to_version is None else to_version
    for version in range(from_version, target):
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"no migration from schema {version} to {version + 1}")
        tables = step(tables)
    return tables
