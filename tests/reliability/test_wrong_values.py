"""One value of the wrong type or out of range, anywhere in the data files: every command
answers, or stops with one line naming the file (exit 1), and then doctor does not say
"All good". Never a traceback. (Random field, random value, seeded: 60 cases; 600 in the full
run.)"""

from __future__ import annotations

import json
import os
import random
import shutil
from datetime import date
from pathlib import Path

import pytest

from nurture.demo import seed_demo
from nurture.domain.models import Settings
from nurture.store import Repository
from tests.unit.test_validation import run

CASES = 600 if os.environ.get("NURTURE_FULL_RELIABILITY") else 60
VALUES = [
    None,
    12,
    -1,
    10**30,
    True,
    1.5,
    "",
    "x",
    "2026-13-01",
    "9999-12-31",
    "0001-01-01",
    [],
    [1],
    ["a"],
    {},
    {"a": 1},
    "won",
    "lunch",
]
COMMANDS = [
    ["list"],
    ["queue", "--within", "30"],
    ["review"],
    ["log", "maya", "--kind", "call"],
    ["export", "--format", "markdown", "-o", "{out}.md"],
    ["export", "--format", "ics", "-o", "{out}.ics"],
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("demo") / "data"
    repo = Repository(data).open()
    seed_demo(repo, date(2026, 11, 23))
    repo.save_settings(Settings())
    return data


def _damage(data: Path, rng: random.Random) -> str:
    f = rng.choice(sorted(p for p in data.rglob("*.json") if "backups" not in p.parts and p.name != "device.json"))
    doc = json.loads(f.read_text())
    (table,) = [k for k in doc if k != "nurture"]
    rid = rng.choice(sorted(doc[table]))
    record = doc[table][rid]
    key, value = rng.choice(sorted(record)), rng.choice(VALUES)
    nested = [k for k in ("stage_history", "action_items", "referrals") if record.get(k)]
    if nested and rng.random() < 0.3:
        item = record[nested[0]][0]
        key = f"{nested[0]}[0].{rng.choice(sorted(item))}"
        item[key.split(".")[1]] = value
    else:
        record[key] = value
    f.write_text(json.dumps(doc))
    return f"{f.relative_to(data)} {rid} {key}={value!r}"


@pytest.mark.parametrize("seed", range(CASES))
def test_a_wrong_value_anywhere_is_named_never_a_traceback(demo, tmp_path, seed):
    data = tmp_path / "data"
    shutil.copytree(demo, data)
    what = _damage(data, random.Random(seed))
    refused = False
    for command in COMMANDS:
        argv = [a.format(out=tmp_path / "out") for a in command]
        code, out, err = run("--data-dir", str(data), *argv, "--as-of", "2026-11-23")
        assert code in (0, 1, 2), (what, argv, err)
        assert "Traceback" not in err, (what, argv, err)
        if code:
            assert len(err.strip().splitlines()) == 1, (what, argv, err)
        if code == 1:
            assert "data file" in err and str(data) in err, (what, argv, err)
            refused = True
    code, out, _ = run("--data-dir", str(data), "doctor")
    if refused:
        assert code == 1 and "All good" not in out, (what, out)
