"""The dashboard's first read, the names in the contact list, goes through the store's public
reads: the contacts index is consulted, so a file it vouches for is parsed once, without
serialising it again to find where its records lie, and the full load that follows reuses that
parse. What a user would notice if this broke: names that take longer to appear at 30,000
contacts, or, where the index is stale or gone, names missing or wrong."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from nurture.seed import synthetic_network
from nurture.services.core import Context
from nurture.services.startup import Startup
from nurture.store import Repository
from nurture.store import storage as store_storage

TODAY = date(2026, 11, 23)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    contacts, _, _ = synthetic_network(60, 0, TODAY)
    contacts[3] = replace(contacts[3], archived=True)
    data = tmp_path / "data"
    Repository(data).open().save(contacts=contacts)
    return data


def serialisations(monkeypatch) -> list[str]:
    """The names of the whole-file serialisations the storage runs from now on."""
    seen: list[str] = []
    for name in ("is_canonical", "locate"):
        real = getattr(store_storage, name)
        monkeypatch.setattr(store_storage, name, lambda *a, real=real, name=name: seen.append(name) or real(*a))
    return seen


def expected(repo: Repository) -> list[str]:
    return sorted(c.name for c in repo.load().contacts.values() if not c.archived)


def test_names_read_through_a_valid_contacts_index_serialise_nothing_and_parse_once(data, monkeypatch):
    repo = Repository(data).open()
    seen = serialisations(monkeypatch)
    listed = Startup(Context(repo, lambda: TODAY)).names()
    assert seen == []
    assert sorted(row[0].name for row in listed) == expected(repo)
    assert repo.contacts_file.storage.parses == 1  # the load reused the names' parse


def test_names_are_right_without_the_index_and_with_a_stale_one(data):
    (data / "contacts.idx").unlink()
    repo = Repository(data).open()
    assert sorted(row[0].name for row in Startup(Context(repo, lambda: TODAY)).names()) == expected(repo)
    stale = (data / "contacts.json").read_bytes()
    Repository(data).open().save(contacts=[replace(next(iter(repo.load().contacts.values())), name="Zed Renamed")])
    idx = (data / "contacts.idx").read_bytes()
    (data / "contacts.json").write_bytes(stale)  # the index describes another version now
    repo = Repository(data).open()
    assert (data / "contacts.idx").read_bytes() == idx
    names = sorted(row[0].name for row in Startup(Context(repo, lambda: TODAY)).names())
    assert "Zed Renamed" not in names and names == expected(repo)
