"""`nurture seed`, and the shell's JSON and argument handling that the benchmark relies on."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from nurture.domain.models import STAGES
from nurture.seed import synthetic_network
from nurture.store import Repository
from tests.unit.test_cli import AS_OF, CLI, snapshot


def data_files(root: Path) -> dict[str, bytes]:
    """The data, without backups and the indexes (which name the shard's inode)."""
    return {k: v for k, v in snapshot(root).items() if not k.startswith("backups") and not k.endswith(".idx")}


def test_seed_writes_exactly_the_numbers_asked_deterministically(tmp_path):
    a, b = CLI(tmp_path / "a"), CLI(tmp_path / "b")
    out = a.ok("seed", "--contacts", "300", "--interactions", "2000", "--as-of", AS_OF)
    assert "Wrote 300 contacts, 2,000 interactions" in out
    b.ok("seed", "--contacts", "300", "--interactions", "2000", "--as-of", AS_OF)
    assert data_files(a.data_dir) == data_files(b.data_dir)  # the same bytes, ids included
    network = Repository(a.data_dir).load()
    assert (len(network.contacts), len(network.log.entries())) == (300, 2000)


def test_seeded_data_has_the_shape_of_a_real_network():
    today = date(2026, 11, 23)
    contacts, interactions, followups = synthetic_network(2000, 20_000, today)
    stages = Counter(c.stage for c in contacts)
    assert set(stages) == set(STAGES) - {"dormant"}  # dormant is computed from the unanswered nudge
    notes = [len(i.notes) for i in interactions]
    assert 450 <= sum(notes) / len(notes) <= 600
    assert all(i.on <= today for i in interactions)
    per_person = Counter(i.contact_id for i in interactions)
    assert max(per_person.values()) > 20 * (sum(per_person.values()) / len(per_person))  # a few heavy
    assert sum(1 for c in contacts if c.referred_by) > 100
    assert followups and all(any(c.id == f.contact_id for c in contacts) for f in followups[:20])
    ids = {c.id for c in contacts}
    assert all(i.contact_id in ids for i in interactions)


def test_seed_refuses_a_directory_that_is_not_empty_and_leaves_it_alone(tmp_path):
    cli = CLI(tmp_path / "data")
    cli.ok("add", "Real Person")
    err = cli.fails("seed", "--contacts", "10", "--interactions", "10")
    assert "is not empty" in err and "--data-dir" in err
    assert [c.name for c in Repository(cli.data_dir).load().contacts.values()] == ["Real Person"]


def test_seed_needs_an_explicit_data_dir_so_it_never_touches_your_own(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "nurture", "seed", "--contacts", "1", "--interactions", "0"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NURTURE_DATA_DIR": str(tmp_path / "mine")},
    )
    assert r.returncode == 2 and "needs --data-dir" in r.stderr
    assert not (tmp_path / "mine").exists()


def test_seed_rejects_negative_numbers(tmp_path):
    cli = CLI(tmp_path / "data")
    assert "--contacts -1" in cli.fails("seed", "--contacts", "-1", "--interactions", "0")
    assert "at least one contact" in cli.fails("seed", "--contacts", "0", "--interactions", "5")


def test_queue_json_is_indented_utf8_as_before(tmp_path):
    cli = CLI(tmp_path / "data")
    cli.ok("add", "Zoë Ångström", "--stage", "met")
    cli.ok("log", "Zoë", "--kind", "coffee", "--on", "2026-11-20")
    out = cli.ok("queue", "--json", "--as-of", AS_OF)
    items = json.loads(out)
    assert items and items[0]["name"] == "Zoë Ångström"
    assert out == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def test_an_argument_that_is_not_utf8_is_refused_with_a_clear_message(tmp_path):
    data = tmp_path / "data"
    r = subprocess.run(
        [sys.executable.encode(), b"-m", b"nurture", b"--data-dir", str(data).encode(), b"add", b"Bad\xffName"],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert r.returncode == 2
    assert b"not UTF-8 text" in r.stderr and b"Traceback" not in r.stderr
    assert not data.exists()
