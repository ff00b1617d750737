"""The weekly review: reading a week, marking it reviewed."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from nurture.domain.models import Review
from nurture.domain.network import Network
from nurture.domain.review import WeekReview, review_week, week_start
from nurture.services.core import Context


class Reviews:
    def __init__(self, context: Context) -> None:
        self.context = context
        self._last: tuple[tuple, Network] | None = None

    def review(self, day: date | None = None) -> WeekReview:
        today = self.context.today()
        network = self._network()
        with _collector_paused():
            return review_week(network, day or today, today)

    def _network(self) -> Network:
        """The data as loaded for the last review while no file changed since: moving between
        weeks reuses what the last one worked out (each contact's touches, in order), and any
        save, here or in another process, changes the version and is read afresh. The version
        is taken before the load, so the pair never claims a newer version than it read."""
        version = self.context.repo.version()
        last = self._last
        if last is not None and last[0] == version:
            return last[1]
        network = self.context.network()
        self._last = (version, network)
        return network

    def mark_reviewed(self, day: date | None = None) -> Review:
        today = self.context.today()
        review = Review(week_start(day or today), today)
        self.context.repo.save_review(review)
        return review


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while the review is worked out. At thirty thousand
    contacts it makes some hundred thousand objects (the queue, the plan), none in a cycle, and
    each full pass of the collector they set off scans every object the process holds: a fifth
    of a second, two or three times per review, with every thread waiting on it. Held off, they
    are looked at once, after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
