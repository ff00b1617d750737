"""Saves that touch several files are all or nothing, however they are interrupted.

**Kills.** Each multi-file save (an import, a restore, ending a meeting, a save of every record
kind at once) runs in a forked child that SIGKILLs itself just before its K-th file-system
call (write, fsync, rename, unlink), for K drawn at random over every call the save makes. After
each kill the directory is opened as the next run would open it: it must pass ``doctor``, and
what a user sees must be exactly the state before the save or exactly the state after it.
Quick by default (10 kills a save); NURTURE_FULL_RELIABILITY=1 runs 120 a save, or a kill at
every call of a save that makes fewer.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
from pathlib import Path

import pytest

from nurture.store import Repository
from nurture.store.doctor import check
from tests.reliability.saves import OPERATIONS, Operation, signature, try_out

KILLS = 120 if os.environ.get("NURTURE_FULL_RELIABILITY") else 10
CALLS = ("write", "fsync", "replace", "rename", "unlink", "rmdir", "link")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")


def _run_child(op: Operation, data_dir: Path, work: Path, kill_at: int) -> int:
    """Run ``op`` in a child that kills itself before file-system call ``kill_at`` (0: never).
    Returns the number of calls it made (when it finished), or -1 when it was killed."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        os.close(read_fd)
        code = 0
        try:
            count = 0
            real = {name: getattr(os, name) for name in CALLS}

            def counted(name):
                def call(*args, **kwargs):
                    nonlocal count
                    count += 1
                    if count == kill_at:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return real[name](*args, **kwargs)

                return call

            for name in CALLS:
                setattr(os, name, counted(name))
            op.run(data_dir, work)
            for name in CALLS:
                setattr(os, name, real[name])
            os.write(write_fd, str(count).encode())
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    os.close(write_fd)
    _, status = os.waitpid(pid, 0)
    out = b""
    while chunk := os.read(read_fd, 64):
        out += chunk
    os.close(read_fd)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return -1
    assert os.WEXITSTATUS(status) == 0, f"{op.name} failed in the child"
    return int(out)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
def test_a_kill_anywhere_in_a_multi_file_save_leaves_all_or_nothing(op: Operation, tmp_path: Path):
    counted: list[int] = []
    t = try_out(op, tmp_path, lambda d, w: counted.append(_run_child(op, d, w, kill_at=0)))
    template, work, before, after, calls = t.template, t.work, t.before, t.after, counted[0]

    rng = random.Random(f"{op.name}-20261129")
    # every call when there are no more than KILLS; else at random, and always the last two
    # (after the commit is recorded)
    every = range(1, calls + 1)
    points = list(every) if calls <= KILLS else sorted({calls, calls - 1, *rng.sample(every, KILLS - 2)})
    outcomes = {"before": 0, "after": 0}
    for k in points:
        trial = tmp_path / f"kill-{k}"
        shutil.copytree(template, trial, symlinks=True)
        assert _run_child(op, trial, work, kill_at=k) == -1
        report = check(Repository(trial))  # opens it as the next run would
        assert report.healthy, (op.name, k, report.problems, [f.problem for f in report.files])
        seen = signature(trial)
        assert seen in (before, after), f"{op.name}: a kill at call {k} of {calls} left a partial save"
        outcomes["before" if seen == before else "after"] += 1
        assert not (trial / ".journal").exists()
        assert not list(trial.rglob("*.tmp")) and not list(trial.rglob("*.partial"))  # opening cleared them
        shutil.rmtree(trial)
    assert outcomes["before"] and outcomes["after"], outcomes  # kills landed on both sides of the commit
    print(f"{op.name}: {len(points)} kills over {calls} calls: {outcomes}")
