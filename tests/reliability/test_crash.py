"""Kill a writer with SIGKILL at random moments; after every kill the database must open, pass
the integrity check and hold every write acknowledged before the kill.

Quick by default (12 kills); NURTURE_FULL_RELIABILITY=1 runs 120."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nurture.store import Repository
from nurture.store.doctor import check
from tests.guard import guarded_env

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 120 if os.environ.get("NURTURE_FULL_RELIABILITY") else 12
pytestmark = pytest.mark.slow


def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path):
    data_dir = tmp_path / "data"
    rng = random.Random(os.environ.get("NURTURE_CRASH_SEED", "20261123"))
    acknowledged: dict[str, set[str]] = {"contact": set(), "interaction": set(), "appointment": set()}
    torn = 0  # kills that landed mid-write, leaving a temp file behind
    for k in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(data_dir), str(k)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=guarded_env(),
        )
        assert proc.stdout is not None
        ready = proc.stdout.readline()  # start-up (imports) done, however slow the machine is now
        assert ready == "ready\n", (ready, proc.stderr.read() if proc.stderr else "")
        time.sleep(rng.uniform(0.0, 0.45))  # then kill anywhere: opening, writing, between writes
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        for line in out.splitlines():
            kind, _, rid = line.partition(" ")
            acknowledged[kind].add(rid)

        torn += bool(list(data_dir.rglob(".*.tmp")))
        repo = Repository(data_dir).open()  # opens, and clears any temp file the kill left
        report = check(repo)
        assert report.healthy, (k, [f.problem for f in report.files], report.problems)
        assert not list(data_dir.rglob(".*.tmp"))
        network = repo.load()
        missing_contacts = acknowledged["contact"] - set(network.contacts)
        missing_notes = acknowledged["interaction"] - {i.id for i in network.interactions}
        missing_booked = acknowledged["appointment"] - {a.id for a in network.appointments}
        missing = (missing_contacts, missing_notes, missing_booked)
        assert not any(missing), (k, missing)
    assert len(acknowledged["interaction"]) > KILLS  # the writers really did write
    assert acknowledged["appointment"]  # and booked
    print(f"{KILLS} kills, {torn} mid-write, {sum(map(len, acknowledged.values()))} writes checked")
