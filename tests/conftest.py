from __future__ import annotations

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
