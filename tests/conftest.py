from __future__ import annotations

import gc
import os
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from nurture.services import Nurture
from nurture.store import Repository

TODAY = date(2026, 11, 23)


class Clock:
    """A pinned clock: ``today`` stays put, ``now`` ticks a second per call so records logged
    one after another keep their order."""

    def __init__(self, today: date = TODAY) -> None:
        self.day = today
        self._tick = 0

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        self._tick += 1
        return datetime.combine(self.day, time(12)) + timedelta(seconds=self._tick)


RAM_DISK = Path("/dev/shm")


def pytest_configure(config):
    """The tests' data directories on a RAM disk, where there is one and TMPDIR does not say
    otherwise. Every save fsyncs its files and directory (several per save, and most tests save
    many times); on a shared disk those fsyncs were most of the suite's time. What a test checks
    is the same on either (the syscalls are made all the same; no test can cut the power), and
    the tests that need a small or read-only file system mount their own tmpfs. Subprocesses
    and pytest-xdist's workers inherit TMPDIR."""
    if "TMPDIR" not in os.environ and RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = str(RAM_DISK)
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again
    # The cyclic garbage collector stays on, as in nurture's own processes, with a larger
    # youngest generation: a test process runs hundreds of apps, each leaving ~20,000 objects
    # in cycles, and at the default threshold (700) that garbage reached the oldest generation
    # before it was found, by full collections over everything imported: 29% of the CPU time
    # of the dashboard tests; 10% at 10,000.
    gc.set_threshold(10_000, 10, 10)


def pytest_xdist_auto_num_workers(config):
    """What ``-n auto`` means for this suite: two workers per core (at most 16). A test here
    spends more than half its time waiting (Textual's Pilot polls for the app to go idle
    between keys; the shell tests wait on a subprocess), so one worker per core left the cores
    idle half the time: on 2 cores the suite took 227 s with 2 workers and 158 s with 4.
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides when it is set. (pyproject's addopts add
    ``--dist worksteal``: a worker that runs out takes tests queued for another, so one long
    test does not leave three workers idle at the end.)"""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(2 * cores, 16)


@pytest.fixture(autouse=True)
def not_nurtures_process():
    """The test process is never nurture's own: whatever a test ran (``cli.entry`` says it owns
    its process), what holds process-wide goes back to a host's after it."""
    from nurture.domain import collector

    yield
    collector.own_process(False)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """nurture never opens a network connection; any attempt in any test fails loudly.
    Local sockets (the event loop's self-pipe) are allowed."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError(f"network access attempted: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def service(data_dir: Path, clock: Clock) -> Nurture:
    return Nurture(Repository(data_dir, now=clock.now).open(), today=clock.today, now=clock.now)
