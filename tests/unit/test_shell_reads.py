"""Shell writes read only what they need, and the open dashboard re-reads only what another
process changed: counted in files parsed and records decoded, not in time.

What a user would notice if these broke: ``nurture add`` and ``nurture log`` that take as long
as opening everything, a dashboard that stalls for a second after every shell command, or a
name found differently from before (the wrong person, or a vaguer message)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nurture import cli
from nurture.domain.errors import InputError
from nurture.domain.lookup import resolve
from nurture.seed import synthetic_network
from nurture.services import Nurture
from nurture.store import Repository
from nurture.store import log as store_log
from nurture.store import records as store_records
from nurture.store.repository import shard_of
from nurture.store.storage import AtomicJSONStorage

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    contacts, interactions, followups = synthetic_network(300, 1500, TODAY)
    data = tmp_path_factory.mktemp("shell") / "data"
    Repository(data).open().save(contacts=contacts, interactions=interactions, followups=followups)
    return data


@pytest.fixture
def data(seeded: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(seeded, copy)
    return copy


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """Each data file and index file parsed whole, by name, from now on."""
    seen: Counter = Counter()
    decode = AtomicJSONStorage._decode

    def counted(self, raw):
        seen[f"{self.path.parent.name}/{self.path.name}"] += 1
        return decode(self, raw)

    monkeypatch.setattr(AtomicJSONStorage, "_decode", counted)
    for module in (store_records, store_log):
        derived = module.read_derived

        def counted_index(path, of, derived=derived):
            seen[f"{path.parent.name}/{path.name}"] += 1
            return derived(path, of)

        monkeypatch.setattr(module, "read_derived", counted_index)
    return seen


def shell(data: Path, *args: str, capsys) -> str:
    code = cli.main(["--data-dir", str(data), "--as-of", "2026-11-23", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def contact_named(data: Path, name: str) -> dict:
    doc = orjson.loads((data / "contacts.json").read_bytes())
    return next(c for c in doc["contacts"].values() if c["name"] == name)


def test_add_parses_contacts_json_once_and_nothing_else(data, parses, capsys):
    shell(data, "add", "First Newcomer", capsys=capsys)  # the first after a copy: checks every contact
    assert parses == {"data/contacts.json": 1, "data/contacts.idx": 1}  # (the index was not there yet)
    parses.clear()
    shell(data, "add", "Second Newcomer", "--company", "Acme", capsys=capsys)
    assert parses == {"data/contacts.json": 1, "data/contacts.idx": 1}  # no shard, no shard index
    assert contact_named(data, "Second Newcomer")["company"] == "Acme"


def test_add_still_refuses_a_namesake_and_an_unknown_referrer(data, capsys):
    shell(data, "add", "Ann Example", capsys=capsys)
    assert cli.main(["--data-dir", str(data), "add", "ann example"]) == cli.EXIT_USAGE
    assert "--allow-duplicate" in capsys.readouterr().err
    assert cli.main(["--data-dir", str(data), "add", "Bo", "--referred-by", "Nobody Atall"]) == cli.EXIT_USAGE
    assert "no contact matches" in capsys.readouterr().err
    shell(data, "add", "Bo", "--referred-by", "ann example", capsys=capsys)
    assert contact_named(data, "Bo")["referred_by"] == contact_named(data, "Ann Example")["id"]


def test_log_parses_contacts_json_once_and_only_its_contacts_shard_index(data, parses, capsys):
    shell(data, "add", "Logged Person", capsys=capsys)
    shard = shard_of(contact_named(data, "Logged Person")["id"])
    once = {"data/contacts.json": 1, "data/contacts.idx": 1, f"interactions/{shard}.idx": 1, "data/followups.json": 1}
    parses.clear()
    out = shell(data, "log", "Logged Person", "--kind", "outreach", "--summary", "hi", capsys=capsys)
    assert "Logged outreach with Logged Person" in out and "Logged Person is now requested" in out
    assert parses == once  # (the follow-ups: for the queue items it prints) no other shard, no shard whole
    parses.clear()
    out = shell(data, "log", "Logged Person", "--kind", "call", "--summary", "spoke", capsys=capsys)
    assert "Logged Person is now met" in out and "next: " in out
    assert parses == once
    network = Repository(data).open().load()
    cid = contact_named(data, "Logged Person")["id"]
    assert [i.summary for i in network.timeline(cid)] == ["hi", "spoke"]
    assert network.contacts[cid].stage == "met"
    assert [i.summary for i in Repository(data).open().interactions_of(cid)] != []


def test_add_still_refuses_to_write_to_a_contacts_file_damaged_since_it_was_checked(data, capsys):
    """``add`` decodes only the namesakes of the new contact; a record damaged elsewhere (by
    hand, since the index said the file was whole) is still found before anything is written."""
    shell(data, "add", "Before Damage", capsys=capsys)
    path = data / "contacts.json"
    doc = orjson.loads(path.read_bytes())
    victim = next(iter(doc["contacts"]))
    doc["contacts"][victim]["tags"] = [1, 2]
    path.write_bytes(orjson.dumps(doc))
    before = path.read_bytes()
    assert cli.main(["--data-dir", str(data), "add", "After Damage"]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert str(path) in err and victim in err and "field 'tags'" in err
    assert path.read_bytes() == before


@pytest.fixture(scope="module")
def everyone(seeded: Path) -> list:
    return list(Repository(seeded).open().load().contacts.values())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_finding_a_contact_among_the_candidates_answers_as_among_everyone(seeded, everyone, data):
    """``find`` decodes only the contacts the query could match; ``resolve`` over them gives
    the same contact, or the same message, as over every contact."""
    service = Nurture(Repository(seeded).open(), today=lambda: TODAY)
    someone = data.draw(st.sampled_from(everyone))
    query = data.draw(
        st.one_of(
            st.just(someone.name),
            st.just(someone.id),
            st.just(someone.id[:9]),
            st.text(alphabet=someone.name + " xyzé", min_size=0, max_size=6),
            st.sampled_from(someone.name.split()).map(lambda w: w[: max(1, len(w) // 2)]),
        )
    )

    def answer(contacts):
        try:
            return resolve(contacts, query).id
        except InputError as e:
            return str(e)

    assert answer(service.context.candidates(query)) == answer(everyone)


def test_the_open_dashboard_decodes_only_what_the_shell_changed(data, capsys, monkeypatch):
    repo = Repository(data).open()
    service = Nurture(repo, today=lambda: TODAY)
    service.network()
    decoded: list[str] = []
    real = repo.contacts_file.decode
    monkeypatch.setattr(repo.contacts_file, "decode", lambda doc: decoded.append(doc.get("name")) or real(doc))
    shell(data, "add", "Seen Quickly", capsys=capsys)
    network = service.network()
    assert decoded == ["Seen Quickly"]
    fresh = Repository(data).open().load()
    assert list(network.contacts.items()) == list(fresh.contacts.items())  # the same, in the same order
    decoded.clear()
    shell(data, "log", "Seen Quickly", "--kind", "outreach", "--summary", "hello", capsys=capsys)
    network = service.network()
    assert decoded == ["Seen Quickly"]  # their stage moved on; no one else decoded
    fresh = Repository(data).open().load()
    assert list(network.contacts.items()) == list(fresh.contacts.items())
    assert sorted(network.log.entries()) == sorted(fresh.log.entries())
    cid = contact_named(data, "Seen Quickly")["id"]
    assert network.contacts[cid].stage == "requested" and [i.summary for i in network.timeline(cid)] == ["hello"]
