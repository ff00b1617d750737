"""The review service works a week out once while nothing changes, and afresh after any save,
here or from another process."""

from __future__ import annotations

from datetime import date, timedelta

from nurture.services import Nurture
from nurture.store import Repository


def test_a_week_is_worked_out_once_until_a_file_changes(service, data_dir, clock, monkeypatch):
    import nurture.services.review as reviews

    ada = service.add_contact("Ada")
    service.log(ada.id, "coffee", clock.today() - timedelta(days=1), todos=["send portfolio"])
    worked: list[date] = []
    real = reviews.review_week

    def counted(network, day, today):
        worked.append(day)
        return real(network, day, today)

    monkeypatch.setattr(reviews, "review_week", counted)
    first = service.review()
    assert service.review() is first and len(worked) == 1  # opened again: nothing worked out
    last_week = service.review(clock.today() - timedelta(days=7))
    assert service.review() is first and service.review(clock.today() - timedelta(days=7)) is last_week
    assert len(worked) == 2

    service.mark_reviewed()  # a save here
    again = service.review()
    assert again is not first and again.reviewed_on == clock.today() and len(worked) == 3

    other = Nurture(Repository(data_dir, now=clock.now).open(), today=clock.today, now=clock.now)
    other.log(ada.id, "thank-you", clock.today())  # another process's save
    after = service.review()
    assert len(worked) == 4 and after.thank_yous == again.thank_yous + 1
