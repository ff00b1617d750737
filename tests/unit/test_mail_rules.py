"""The rules that tell what each message was (nurture/domain/mail.py): outreach, nudge,
thank-you, email, reply, and what is left out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from nurture.domain.log import Entry
from nurture.domain.mail import Mail, MailPlan, plan_mail

ME = "me@example.org"
MAYA = ("Maya Chen", "maya@acme.io")
BERLIN = timezone(timedelta(hours=1))


def sent(day: int, hour: int = 10, *, to=(MAYA,), sender: str = ME, subject: str = "Hi", opening: str = "",
         bulk: str = "", mid: str = "") -> Mail:  # fmt: skip
    return Mail(f"m{day}", mid or f"<{day}.{hour}.{sender}@x>", datetime(2026, 3, day, hour, tzinfo=UTC), sender,
                tuple(to), subject, opening, bulk)  # fmt: skip


def plan(mails, *, history=(), logged=(), nudge_after: int = 7) -> MailPlan:
    return plan_mail(
        mails,
        mine=[ME, "ME@work.example"],
        contacts_by_email={"maya@acme.io": "maya", "maya@home.example": "maya", "ben@b.example": "ben"},
        history={"maya": list(history)},
        logged=logged,
        nudge_after_days=nudge_after,
        zone=BERLIN,
    )


def kinds(p: MailPlan) -> list[tuple[str, str, date]]:
    return [(t.contact_id, t.kind, t.on) for t in p.touches]


def test_first_mail_is_outreach_then_the_nudge_waits_for_the_delay_and_comes_once():
    p = plan([sent(1), sent(5), sent(8), sent(9)], nudge_after=7)
    assert kinds(p) == [
        ("maya", "outreach", date(2026, 3, 1)),
        ("maya", "email", date(2026, 3, 5)),  # 4 days: too soon for a nudge
        ("maya", "nudge", date(2026, 3, 8)),  # 7 days unanswered
        ("maya", "email", date(2026, 3, 9)),  # one nudge, never more
    ]


def test_the_nudge_delay_is_the_setting():
    assert kinds(plan([sent(1), sent(4)], nudge_after=3))[1][1] == "nudge"
    assert kinds(plan([sent(1), sent(4)], nudge_after=4))[1][1] == "email"


def test_a_reply_answers_the_outreach_so_no_nudge_follows():
    p = plan([sent(1), sent(3, sender="Maya@acme.io".lower(), to=[("Me", ME)]), sent(12)])
    assert [k for _, k, _ in kinds(p)] == ["outreach", "reply", "email"]


def test_messages_are_taken_in_the_order_they_were_sent_not_the_files():
    p = plan([sent(12), sent(1)])
    assert [k for _, k, _ in kinds(p)] == ["outreach", "nudge"]


def test_thanks_within_two_days_of_a_conversation_is_a_thank_you():
    coffee = Entry("c1", "maya", date(2026, 3, 3), "coffee", "2026-03-03T18:00:00")
    outreach = Entry("o1", "maya", date(2026, 2, 20), "outreach", "2026-02-20T09:00:00")
    p = plan([sent(4, subject="Great to meet"), sent(5, subject="Re: notes", opening="Many THANKS for the time")],
             history=[outreach, coffee])  # fmt: skip
    assert [k for _, k, _ in kinds(p)] == ["email", "thank-you"]
    late = plan([sent(6, subject="Thank you!")], history=[outreach, coffee])
    assert [k for _, k, _ in kinds(late)] == ["email"]  # three days after: an email


def test_a_stored_touch_means_the_first_mail_is_no_outreach():
    note = Entry("n1", "maya", date(2026, 2, 1), "email", "2026-02-01T09:00:00")
    assert [k for _, k, _ in kinds(plan([sent(1)], history=[note]))] == ["email"]


def test_one_message_to_two_contacts_logs_a_touch_with_each_and_counts_strangers_once():
    p = plan([sent(1, to=[MAYA, ("Ben", "ben@b.example"), ("Pat", "pat@p.example"), ("", "pat@p.example")])])
    assert kinds(p) == [("ben", "outreach", date(2026, 3, 1)), ("maya", "outreach", date(2026, 3, 1))]
    assert p.strangers == {"pat@p.example": ("Pat", 1)}
    assert p.strangers_line() == "1 person you wrote to is not a contact: Pat (1)."


def test_any_of_a_contacts_addresses_and_any_of_mine_count():
    p = plan([sent(1, to=[("", "maya@home.example")], sender="me@work.example")])
    assert kinds(p) == [("maya", "outreach", date(2026, 3, 1))]


def test_lists_auto_replies_noreply_and_strangers_are_left_out_with_why():
    p = plan([
        sent(1, sender="maya@acme.io", to=[("", ME)], bulk="a mailing list (List-Id)"),
        sent(2, sender="maya@acme.io", to=[("", ME)], bulk="an automatic reply (Auto-Submitted)"),
        sent(3, sender="no-reply@acme.io", to=[("", ME), MAYA]),
        sent(4, sender="stranger@x.example", to=[("", ME)]),
        sent(5, to=[("", "nobody@x.example")]),
    ])  # fmt: skip
    assert p.touches == []
    assert p.ignored_lines() == [
        "1 a mailing list (List-Id)",
        "1 an automatic reply (Auto-Submitted)",
        "1 from a no-reply address",
        "1 from no contact",
        "1 to no contact",
    ]


def test_a_message_already_logged_is_counted_not_logged_again():
    stored = Entry("o1", "maya", date(2026, 3, 1), "outreach", "2026-03-01T11:00:00")  # <a@x>, imported before
    p = plan([sent(1, mid="<a@x>"), sent(2, mid="<b@x>")], history=[stored], logged=[("maya", "<a@x>")])
    assert [(t.kind, t.message_id) for t in p.touches] == [("email", "<b@x>")]
    assert p.already == 1
    assert p.summary(dry_run=True) == ("Would log 1 touch (1 email) with 1 contact; 1 already logged. 0 messages read.")


def test_the_time_is_the_users_zone():
    (t,) = plan([sent(1, 23)]).touches  # 23:00 UTC is midnight in Berlin
    assert t.on == date(2026, 3, 2) and t.at.hour == 0


def test_messages_sent_at_the_same_moment_follow_one_another():
    same = [sent(1, mid="<a@x>"), sent(1, mid="<b@x>"), sent(1, mid="<c@x>", to=[MAYA, ("Ben", "ben@b.example")])]
    p = plan(same)
    assert [(t.message_id, t.kind) for t in p.touches if t.contact_id == "maya"] == [
        ("<a@x>", "outreach"),  # the first in the file
        ("<b@x>", "email"),  # not a second outreach
        ("<c@x>", "email"),
    ]
    assert [(t.message_id, t.kind) for t in p.touches if t.contact_id == "ben"] == [("<c@x>", "outreach")]


def test_thanks_the_same_minute_as_a_stored_conversation_is_a_thank_you():
    coffee = Entry("c1", "maya", date(2026, 3, 3), "coffee", "2026-03-03T11:00:00")  # 10:00 UTC in Berlin
    p = plan([sent(3, subject="Thanks!")], history=[coffee])
    assert [k for _, k, _ in kinds(p)] == ["thank-you"]


def test_a_thank_you_after_a_conversation_logged_later_that_day_or_the_next():
    """A coffee on Mar 10 logged at 21:00 (or the next morning), "Thanks for the coffee!" sent
    19:00 on Mar 10: the conversation is that day's, so the mail is a thank-you, not a nudge."""
    outreach = Entry("o1", "maya", date(2026, 2, 20), "outreach", "2026-02-20T09:00:00")
    for logged in ("2026-03-10T21:00:00", "2026-03-11T08:30:00"):
        coffee = Entry("c1", "maya", date(2026, 3, 10), "coffee", logged)
        p = plan([sent(10, 18, subject="Thanks for the coffee!")], history=[outreach, coffee])  # 19:00 Berlin
        assert kinds(p) == [("maya", "thank-you", date(2026, 3, 10))], logged
        p = plan([sent(12, subject="Thanks again")], history=[outreach, coffee])
        assert kinds(p) == [("maya", "thank-you", date(2026, 3, 12))], logged  # two days after
        p = plan([sent(13, subject="Thanks again")], history=[outreach, coffee])
        assert kinds(p) == [("maya", "email", date(2026, 3, 13))], logged  # three: an email


def test_a_touch_logged_by_hand_the_day_a_message_was_sent_is_that_message():
    """Outreach logged by hand on Mar 1 (no Message-ID), then the mailbox with the mail of Mar 1:
    the mail is the touch they logged (its Message-ID goes with it), not a second outreach."""
    hand = Entry("o1", "maya", date(2026, 3, 1), "outreach", "2026-03-01T21:00:00")
    p = plan([sent(1, 9, mid="<a@x>"), sent(1, 15, mid="<b@x>"), sent(9, mid="<c@x>")], history=[hand])
    assert [(t.kind, t.message_id, t.matches) for t in p.touches] == [
        ("outreach", "<a@x>", "o1"),  # the one they logged
        ("email", "<b@x>", ""),  # a second mail that day: an email
        ("nudge", "<c@x>", ""),  # 8 days after the outreach, no answer
    ]
    assert p.summary(dry_run=True).startswith(
        "Would log 2 touches (1 email, 1 nudge) with 1 contact; 1 matches what you logged"
    )
    reply = Entry("r1", "maya", date(2026, 3, 3), "reply", "2026-03-03T20:00:00")
    p = plan([sent(3, sender="maya@acme.io", to=[("Me", ME)], mid="<r@x>")], history=[hand, reply])
    assert [(t.kind, t.matches) for t in p.touches] == [("reply", "r1")]  # their reply, logged by hand
    coffee = Entry("k1", "maya", date(2026, 3, 3), "coffee", "2026-03-03T20:00:00")
    p = plan([sent(3, mid="<s@x>")], history=[hand, coffee])
    assert [(t.kind, t.matches) for t in p.touches] == [("email", "")]  # a coffee is no mail
    mailed = Entry("o2", "maya", date(2026, 3, 1), "outreach", "2026-03-01T10:00:00")  # read from mail before
    p = plan_mail([sent(1, 12, mid="<d@x>")], mine=[ME], contacts_by_email={"maya@acme.io": "maya"},
                  history={"maya": [mailed]}, logged=[("maya", "<o2@x>")], nudge_after_days=7, zone=BERLIN,
                  mailed={"o2"})  # fmt: skip
    assert [(t.kind, t.matches) for t in p.touches] == [("email", "")]  # only a touch logged by hand matches


def test_unticking_a_message_tells_the_rest_without_it():
    p = plan_mail([sent(1, mid="<a@x>"), sent(3, mid="<b@x>"), sent(12, mid="<c@x>")], mine=[ME],
                  contacts_by_email={"maya@acme.io": "maya"}, history={}, logged=(), nudge_after_days=7,
                  zone=BERLIN, leave_out=[("maya", "<a@x>")])  # fmt: skip
    assert [(t.message_id, t.kind) for t in p.touches] == [("<b@x>", "outreach"), ("<c@x>", "nudge")]
    p = plan_mail([sent(1, mid="<a@x>"), sent(3, mid="<b@x>")], mine=[ME], contacts_by_email={"maya@acme.io": "maya"},
                  history={}, logged=(), nudge_after_days=7, zone=BERLIN, leave_out=["maya"])  # fmt: skip
    assert p.touches == []


def test_mail_dated_in_the_future_is_left_out_and_counted():
    now = datetime(2026, 3, 5, 12, tzinfo=UTC)
    p = plan_mail([sent(1), sent(5, 13), sent(6)], mine=[ME], contacts_by_email={"maya@acme.io": "maya"},
                  history={}, logged=(), nudge_after_days=7, zone=BERLIN, now=now)  # fmt: skip
    assert kinds(p) == [("maya", "outreach", date(2026, 3, 1))]
    assert p.ignored_lines() == ["2 dated in the future"]


def test_my_addresses_and_the_contacts_are_matched_with_one_case_rule():
    """``email_key`` (case folded) for both: a capital ẞ in an address is "ss" either way."""
    p = plan_mail([sent(1, sender="strasse@example.org", to=[("", "maya@acme.io")])], mine=["STRAẞE@example.org"],
                  contacts_by_email={"maya@acme.io": "maya"}, history={}, logged=(), nudge_after_days=7,
                  zone=BERLIN)  # fmt: skip
    assert kinds(p) == [("maya", "outreach", date(2026, 3, 1))]
