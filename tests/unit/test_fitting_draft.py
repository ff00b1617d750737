"""The draft ``o`` opens is the one the queue says is due for the person: a thank-you owed, the
report-back it promised, the introducer's report-back, the one nudge (never a second)."""

from __future__ import annotations

from datetime import date

from nurture.domain.outreach import suggested
from nurture.domain.queue import NUDGE_DUE, REPORT_BACK, THANK, TOUCH_BASE


def test_what_the_queue_has_open_comes_before_the_stage():
    assert suggested("nurturing", False, due=[REPORT_BACK, TOUCH_BASE]) == "report-back"
    assert suggested("met", False, due=[THANK]) == "thank-you"
    assert suggested("requested", False, due=[NUDGE_DUE]) == "nudge"
    # the nudge sent already: not the nudge the queue still shows, what fits next
    assert suggested("requested", False, nudged=True, due=[NUDGE_DUE]) == "congratulations"
    assert suggested("nurturing", False, due=[TOUCH_BASE], thanked=True) == "report-back"
    assert suggested("nurturing", False, due=[TOUCH_BASE]) == "congratulations"


def test_after_a_conversation_thank_you_then_the_report_back_then_news(service):
    ana = service.add_contact("Ana Ruiz", company="Canva")
    service.log(ana.id, "coffee", date(2026, 11, 2))
    assert service.outreach_template(ana.id) == "thank-you"
    service.log(ana.id, "thank-you", date(2026, 11, 3))
    assert service.outreach_template(ana.id) == "report-back"  # the thank-you said "I'll let you know"
    service.log(ana.id, "update", date(2026, 11, 10))  # reported back
    assert service.outreach_template(ana.id) == "congratulations"
    service.log(ana.id, "call", date(2026, 11, 20))  # a new conversation: thank them again
    assert service.outreach_template(ana.id) == "thank-you"


def test_the_introducer_of_someone_met_is_owed_the_report_back(service):
    ana = service.add_contact("Ana Ruiz")
    service.log(ana.id, "coffee", date(2026, 10, 1))
    service.log(ana.id, "thank-you", date(2026, 10, 2))
    service.log(ana.id, "update", date(2026, 10, 9))
    ben = service.add_contact("Ben Carter", referred_by=ana.id)
    service.log(ben.id, "coffee", date(2026, 11, 20))
    assert any(i.reason == REPORT_BACK and i.contact_id == ana.id for i in service.queue(within=30))
    assert service.outreach_template(ana.id) == "report-back"


def test_a_request_gets_the_one_nudge_and_then_not_again(service):
    ada = service.add_contact("Ada Park")
    service.log(ada.id, "outreach", date(2026, 11, 1))
    assert service.outreach_template(ada.id) == "nudge"
    service.mark_sent(ada.id, "nudge", "bump")
    assert service.outreach_template(ada.id) != "nudge"
