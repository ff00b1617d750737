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

    def counted(network, day, today, *now_and_zone):
        worked.append(day)
        return real(network, day, today, *now_and_zone)

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


def test_the_review_works_on_the_network_the_dashboard_reads_not_a_copy(service, clock, monkeypatch):
    """One copy of everything in memory: the review is worked out on the network the dashboard
    was given (while nothing changed), and after a save both read the new one."""
    import nurture.services.review as reviews

    ada = service.add_contact("Ada")
    seen = []
    real = reviews.review_week
    monkeypatch.setattr(reviews, "review_week", lambda network, *a: seen.append(network) or real(network, *a))
    shown = service.network()
    service.review()
    service.review(clock.today() - timedelta(days=7))
    assert seen == [shown, shown] and all(n is shown for n in seen)

    service.log(ada.id, "coffee", clock.today())
    after = service.review()
    assert seen[-1] is service.network() and seen[-1] is not shown and after.conversations == 1


def _collector_during_review(service, monkeypatch) -> list[bool]:
    import gc

    import nurture.services.review as reviews

    during: list[bool] = []
    real = reviews.review_week
    monkeypatch.setattr(reviews, "review_week", lambda *a: during.append(gc.isenabled()) or real(*a))
    service.review()
    return during


def test_the_review_leaves_the_collector_alone_in_a_process_not_its_own(service, monkeypatch):
    """Run inside another program (here, the tests), nurture never switches the process's
    garbage collector off, not even for the time of a review."""
    import gc

    assert _collector_during_review(service, monkeypatch) == [True] and gc.isenabled()


def test_in_its_own_process_the_review_runs_with_the_collector_paused(service, monkeypatch):
    import gc

    from nurture.domain import collector

    collector.own_process()
    try:
        assert _collector_during_review(service, monkeypatch) == [False]
        assert gc.isenabled()  # on again after
    finally:
        collector.own_process(False)
