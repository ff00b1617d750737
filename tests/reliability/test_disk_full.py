"""A full disk during any save: the message must match the state. When a save fails it says
"Nothing was changed", and nothing was; when it succeeds, all of it is there.

The data directory sits on a small tmpfs; before each try a filler file leaves a given number of
bytes free, swept from none to more than the save needs, so the disk runs out at every write of
every save (the run's backup included). Needs root to mount a tmpfs: skipped elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from nurture.domain.errors import NurtureError
from nurture.store import Repository
from nurture.store.doctor import check
from tests.reliability.saves import OPERATIONS, TODAY, Operation, service_for, signature, try_out

STEPS = 40 if os.environ.get("NURTURE_FULL_RELIABILITY") else 12


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory):
    mount = tmp_path_factory.mktemp("tmpfs")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount)],
                       capture_output=True, text=True)  # fmt: skip
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill up (needs root): {r.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _free(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def _fill(disk: Path, leave: int) -> Path:
    filler = disk / f"filler-{uuid.uuid4().hex}"
    with open(filler, "wb") as fh:
        block = b"\0" * 4096
        try:
            while _free(disk) > leave:
                fh.write(block[: max(1, min(4096, _free(disk) - leave))])
                fh.flush()
        except OSError:
            pass
    return filler


def _single(name, run):
    def prepare(data_dir: Path, work: Path) -> None:
        service = service_for(data_dir)
        for k in range(12):
            c = service.add_contact(f"Person {k:02d}", company="Co")
            service.log(c.id, "coffee", notes="x" * 2000, on=TODAY - timedelta(days=40))

    return Operation(name, prepare, run)


def _first(data_dir: Path):
    service = service_for(data_dir)
    return service, min(service.network().contacts.values(), key=lambda c: c.name)


SINGLE = [
    _single("add", lambda d, w: service_for(d).add_contact("New Person", notes="n" * 5000)),
    _single("log", lambda d, w: (lambda s, c: s.log(c.id, "call", notes="y" * 5000))(*_first(d))),
    _single("followup", lambda d, w: (lambda s, c: s.add_followup(c.id, TODAY + timedelta(days=2), "z"))(*_first(d))),
    _single("review", lambda d, w: service_for(d).mark_reviewed(TODAY)),
    _single("target", lambda d, w: service_for(d).add_target("Figma")),
]


@pytest.mark.parametrize("op", OPERATIONS + SINGLE, ids=lambda op: op.name)
def test_a_full_disk_during_any_save_leaves_what_the_message_says(op: Operation, small_disk: Path, tmp_path: Path):
    t = try_out(op, tmp_path)
    template, work, before, after = t.template, t.work, t.before, t.after
    needed = sum(p.stat().st_size for p in t.done.rglob("*") if p.is_file()) * 2 + 65536

    failed = succeeded = 0
    for step in range(STEPS):
        leave = needed * step // (STEPS - 1)
        trial = small_disk / f"{op.name}-{step}"
        shutil.copytree(template, trial, symlinks=True)
        filler = _fill(small_disk, leave)
        try:
            op.run(trial, work)
        except NurtureError as e:
            message = str(e)
            assert "Nothing was changed" in message or "nothing was changed" in message, message
            assert "disk is full" in message, message
            failed += 1
            expected = before
        else:
            succeeded += 1
            expected = after
        finally:
            filler.unlink()
        report = check(Repository(trial))
        assert report.healthy, (op.name, leave, report.problems)
        assert signature(trial) == expected, f"{op.name} with {leave} bytes free: the message does not match the state"
        shutil.rmtree(trial)
    assert failed and succeeded, (failed, succeeded)  # the sweep covered both sides
