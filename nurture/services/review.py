"""The weekly review: reading a week, marking it reviewed."""

from __future__ import annotations

from datetime import date

from nurture.domain.models import Review
from nurture.domain.review import WeekReview, review_week, week_start
from nurture.services.core import Context


class Reviews:
    def __init__(self, context: Context) -> None:
        self.context = context

    def review(self, day: date | None = None) -> WeekReview:
        today = self.context.today()
        return review_week(self.context.network(), day or today, today)

    def mark_reviewed(self, day: date | None = None) -> Review:
        today = self.context.today()
        review = Review(week_start(day or today), today)
        self.context.repo.save_review(review)
        return review
