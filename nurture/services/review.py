"""The weekly review: reading a week, marking it reviewed."""

from __future__ import annotations

import threading
from datetime import date

from nurture.domain.appointments import zone_name
from nurture.domain.collector import collector_paused
from nurture.domain.models import Review
from nurture.domain.review import WeekReview, review_week, week_start
from nurture.services.core import Context
from nurture.services.shared import SharedNetwork

#: Reviews kept while no data file changes: opening the review again, or stepping back to a
#: week just seen, shows it without working it out again.
KEPT = 3


class Reviews:
    def __init__(self, context: Context, shared: SharedNetwork) -> None:
        self.context = context
        self.shared = shared
        #: The one cache of reviews: by (week, today, the user's zone), all of one data version.
        self._kept: tuple[tuple, dict[tuple[date, date, str], WeekReview]] = ((), {})
        self._lock = threading.Lock()  # the screen reads in workers, one per week stepped to

    def review(self, day: date | None = None) -> WeekReview:
        """The review of the week of ``day`` (default: this week). Worked out afresh whenever a
        data file changed since the last (a save here or in another process) or the day did;
        otherwise the one worked out then. Worked out on the network the dashboard shows
        (``SharedNetwork``), not a copy of its own. Safe to call from several threads."""
        ctx = self.context
        today, zone = ctx.today(), ctx.zone()
        key = (week_start(day or today, self.first_weekday()), today, zone_name(zone))
        version, network = self.shared.read()
        with self._lock:
            kept_version, kept = self._kept
            found = kept.get(key) if kept_version == version else None
        if found is not None:
            return found
        # At thirty thousand contacts the review makes some hundred thousand objects (the
        # queue, the plan), none in a cycle: the collector's passes would only scan them.
        with collector_paused():
            review = review_week(network, day or today, today, ctx.moment(), zone)
        with self._lock:
            kept_version, kept = self._kept
            if kept_version != version:
                kept = {}  # the data changed: every review kept is stale
                self._kept = (version, kept)
            kept[key] = review
            while len(kept) > KEPT:
                del kept[next(iter(kept))]  # the oldest
        return review

    def first_weekday(self) -> int:
        """The day the user's weeks start on (the settings)."""
        return self.context.settings().first_weekday

    def mark_reviewed(self, day: date | None = None) -> Review:
        today = self.context.today()
        review = Review(week_start(day or today, self.first_weekday()), today)
        self.context.repo.save_review(review)
        return review
