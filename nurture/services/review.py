"""The weekly review: reading a week, marking it reviewed."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from nurture.domain.models import Review
from nurture.domain.network import Network
from nurture.domain.review import WeekReview, review_week, week_start
from nurture.services.core import Context

#: Reviews kept while no data file changes: opening the review again, or stepping back to a
#: week just seen, shows it without working it out again.
KEPT = 3


class Reviews:
    def __init__(self, context: Context) -> None:
        self.context = context
        self._last: tuple[tuple, Network] | None = None
        self._kept: dict[tuple[date, date], WeekReview] = {}
        self._lock = threading.Lock()  # the screen reads in workers, one per week stepped to

    def review(self, day: date | None = None) -> WeekReview:
        """The review of the week of ``day`` (default: this week). Worked out afresh whenever a
        data file changed since the last (a save here or in another process, a new day);
        otherwise the one worked out then. Safe to call from several threads."""
        today = self.context.today()
        key = (week_start(day or today), today)
        network = self._network()
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None:
            return kept
        with _collector_paused():
            review = review_week(network, day or today, today)
        with self._lock:
            if self._last is not None and self._last[1] is network:  # no newer load since
                self._kept[key] = review
                while len(self._kept) > KEPT:
                    del self._kept[next(iter(self._kept))]  # the oldest
        return review

    def _network(self) -> Network:
        """The data as loaded for the last review while no file changed since: moving between
        weeks reuses what the last one worked out (each contact's touches, in order), and any
        save, here or in another process, changes the version and is read afresh (and the kept
        reviews dropped). The version is taken before the load, so the pair never claims a
        newer version than it read."""
        version = self.context.repo.version()
        with self._lock:
            last = self._last
        if last is not None and last[0] == version:
            return last[1]
        network = self.context.network()
        with self._lock:
            self._last, self._kept = (version, network), {}
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
