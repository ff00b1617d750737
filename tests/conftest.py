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


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def service(data_dir: Path, clock: Clock) -> Nurture:
    return Nurture(Repository(data_dir, now=clock.now).open(), today=clock.today, now=clock.now)
