"""Weekly review figures from a small fixed history; every expected number is worked out by hand
in the comments."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from nurture.domain.dates import Cadence
from nurture.domain.models import ActionItem, Contact, FollowUp, Interaction, Settings
from nurture.domain.network import Network
from nurture.domain.queue import QueueItem
from nurture.domain.review import make_plan, review_week, sparkline, streak, week_start

WEEK = date(2026, 11, 16)  # Monday 16 – Sunday 22 November 2026


def contact(cid, name, created="2026-11-01", **kw) -> Contact:
    return Contact(id=cid, name=name, created=datetime.fromisoformat(created + "T08:00"), **kw)


_made = itertools.count(1)


def touch(cid, on, kind, at=None, **kw) -> Interaction:
    """An interaction on ``on``; ``at`` ('HH:MM') means it was logged that day at that time."""
    created = datetime.fromisoformat(f"{on}T{at}") if at else datetime.fromisoformat(on) + timedelta(days=3)
    return Interaction(
        id=f"i{next(_made):03d}", contact_id=cid, on=date.fromisoformat(on), kind=kind, created=created, **kw
    )


def history() -> Network:
    contacts = [
        contact("a", "Ada", "2026-11-10"),
        contact("b", "Bob", "2026-11-10"),
        contact("c", "Cy", "2026-11-10"),
        contact("d", "Dee", stage="met"),
        contact("e", "Eve", stage="met"),
        contact("f", "Fay", "2026-11-18", referred_by="d"),
        contact("g", "Gus", "2026-11-22"),
    ]
    interactions = [
        touch("a", "2026-11-16", "outreach", "10:00"),
        touch("a", "2026-11-24", "reply", "09:00"),  # a reply logged the next week
        touch("b", "2026-11-17", "outreach", "10:00"),
        touch("b", "2026-11-22", "nudge", "10:00"),
        touch("c", "2026-11-18", "outreach", "10:00"),
        touch("c", "2026-11-19", "reply", "11:00"),
        touch("c", "2026-11-20", "coffee", "15:00", takeaways=("show process", "ask about day one")),
        touch("c", "2026-11-21", "thank-you", "16:00"),  # 25 hours after the coffee: late
        touch(
            "d",
            "2026-11-19",
            "video",
            "09:00",
            takeaways=("read the service manual",),
            action_items=(ActionItem("send portfolio", "me"), ActionItem("intro to Fay", "them", True)),
        ),
        touch("d", "2026-11-19", "thank-you", "20:00"),  # 11 hours: on time
        touch("e", "2026-11-15", "call", "10:00"),  # the Sunday before
        touch("e", "2026-11-16", "thank-you", "09:00"),  # 23 hours: on time, counted this week
        touch("d", "2026-11-22", "update", "12:00"),
    ]
    return Network.of(contacts, interactions, settings=Settings(weekly_goal=2))


def test_activity_figures():
    r = review_week(history(), date(2026, 11, 19), today=date(2026, 12, 2))
    assert (r.week_start, r.week_end) == (WEEK, date(2026, 11, 22))
    assert r.outreach_sent == 3  # Ada, Bob, Cy
    assert r.replies == 1  # Cy's on the 19th; Ada's came on the 24th, the next week
    assert r.reply_rate == 2 / 3  # Ada (replied later) and Cy of the three
    assert r.conversations == 2  # Cy's coffee, Dee's video; Eve's call was the week before
    assert r.goal == 2 and r.goal_met
    assert r.thank_yous == 3  # Cy, Dee, Eve
    assert r.thank_yous_on_time == 2  # Dee (11 h), Eve (23 h); Cy's came 25 hours later
    assert r.nudges == 1 and r.updates == 1
    assert r.new_contacts == 2 and r.referrals == 1  # Fay (introduced by Dee) and Gus
    assert not r.is_current


def test_the_reply_from_a_later_week_counts_in_that_week():
    r = review_week(history(), date(2026, 11, 24), today=date(2026, 12, 2))
    assert (r.replies, r.outreach_sent, r.reply_rate) == (1, 0, None)


def test_a_week_with_no_outreach_has_no_reply_rate():
    r = review_week(history(), date(2026, 11, 10), today=date(2026, 12, 2))
    # Mon 9 – Sun 15 Nov: no outreach; one conversation (Eve's call on Sunday 15th)
    assert (r.outreach_sent, r.reply_rate, r.conversations, r.goal_met) == (0, None, 1, False)


def test_a_week_spanning_a_month_boundary():
    net = Network.of(
        [contact("a", "Ada")],
        [touch("a", d, "coffee") for d in ("2026-11-29", "2026-11-30", "2026-12-03", "2026-12-06", "2026-12-07")],
    )
    r = review_week(net, date(2026, 12, 2), today=date(2026, 12, 20))
    assert (r.week_start, r.week_end) == (date(2026, 11, 30), date(2026, 12, 6))
    assert r.conversations == 3  # Nov 30, Dec 3, Dec 6; not Sunday Nov 29 nor Monday Dec 7


def test_a_thank_you_backfilled_later_is_judged_by_date():
    net = Network.of(
        [contact("a", "Ada"), contact("b", "Bob")],
        [
            touch("a", "2026-11-16", "coffee"),
            touch("a", "2026-11-17", "thank-you"),
            touch("b", "2026-11-16", "coffee"),
            touch("b", "2026-11-18", "thank-you"),
        ],
    )
    r = review_week(net, WEEK, today=date(2026, 12, 1))
    assert (r.thank_yous, r.thank_yous_on_time) == (2, 1)  # next day: on time; two days: late


def test_attention_and_insights():
    r = review_week(history(), WEEK, today=date(2026, 12, 2))
    # as of Sunday 22nd: Cy's nudge rule is cleared by the reply; Eve's thank-you is done
    assert [c.text for c in r.open_commitments["mine"]] == ["send portfolio"]
    assert r.open_commitments["theirs"] == []  # "intro to Fay" is done
    assert r.takeaways == [
        ("c", "Cy", ["show process", "ask about day one"]),
        ("d", "Dee", ["read the service manual"]),
    ]
    assert r.unthanked == []


def test_losing_touch_means_more_than_twice_the_cadence():
    def net(days_ago):
        return Network.of(
            [contact("a", "Ada", stage="nurturing", cadence=Cadence(30, "d"))],
            [touch("a", (date(2026, 12, 31) - timedelta(days=days_ago)).isoformat(), "email")],
        )

    assert review_week(net(60), date(2026, 12, 31), date(2026, 12, 31)).losing_touch == []
    (lost,) = review_week(net(61), date(2026, 12, 31), date(2026, 12, 31)).losing_touch
    assert (lost.name, lost.days_since) == ("Ada", 61)


def test_overdue_counts_by_reason_as_the_week_closed():
    net = Network.of(
        [contact("a", "Ada"), contact("b", "Bob")],
        [touch("a", "2026-11-10", "outreach")],
        [FollowUp("f1", "b", date(2026, 11, 20), "call"), FollowUp("f2", "b", date(2026, 11, 23), "later")],
    )
    r = review_week(net, WEEK, today=date(2026, 12, 20))
    assert r.as_of == date(2026, 11, 22)
    assert r.overdue == {"nudge": 1, "follow-up": 1}  # nudge due 17th, follow-up 20th; f2 not yet


def item(name, reason, due):
    return QueueItem(name, name, reason, due, 0, "")


def test_plan_spreads_items_under_the_cap_and_defers_the_rest():
    day = date(2026, 11, 23)
    items = [item(f"T{n}", "touch-base", day - timedelta(days=30 - n)) for n in range(8)]
    items += [item("Ty", "thank-you", day), item("Nu", "nudge", day + timedelta(days=2))]
    plan, deferred = make_plan(items, day, cap=7)  # 7 a week → 1 a day
    assert [len(x) for _, x in plan] == [1, 1, 1, 1, 1, 1, 1]
    assert plan[0][1][0].name == "Ty"  # the thank-you first
    assert plan[2][1][0].name == "Nu"  # the nudge on its due day, not before
    assert [i.name for i in deferred] == ["T5", "T6", "T7"]
    assert sum(len(x) for _, x in plan) + len(deferred) == len(items)


def test_plan_never_schedules_before_an_item_is_due():
    day = date(2026, 11, 23)
    plan, _deferred = make_plan([item("Ab", "nudge", day + timedelta(days=3))], day, cap=10)
    assert [(d, [i.name for i in x]) for d, x in plan if x] == [(day + timedelta(days=3), ["Ab"])]


def test_trend_and_streak():
    weeks = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(12)]
    per_week = [0, 1, 2, 0, 3, 1, 0, 2, 2, 4, 2, 0]
    interactions = [
        touch("a", (w + timedelta(days=k)).isoformat(), "coffee")
        for w, n in zip(weeks, per_week, strict=False)
        for k in range(n)
    ]
    interactions.append(touch("a", weeks[11].isoformat(), "outreach"))
    net = Network.of([contact("a", "Ada")], interactions, settings=Settings(weekly_goal=2))
    trend = review_week(net, weeks[-1], weeks[-1] + timedelta(days=6)).trend  # the week's last day
    assert [w.conversations for w in trend] == per_week
    assert [w.outreach for w in trend] == [0] * 11 + [1]
    assert streak(trend, 2, current_week_open=True) == 4  # the open week (0 so far) does not break it
    assert streak(trend, 2, current_week_open=False) == 0
    assert sparkline([0, 1, 2, 4]) == "▁▃▅█" and sparkline([0, 0]) == "▁▁"


def test_week_start_is_monday():
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16)
    assert week_start(date(2026, 11, 16)) == date(2026, 11, 16)
    assert week_start(date(2026, 12, 1)) == date(2026, 11, 30)


def test_commitments_marked_done_leave_the_open_list_and_stale_ones_are_refused(service):
    import pytest

    from nurture.domain.errors import InputError

    ada = service.add_contact("Ada")
    service.log(
        ada.id, "coffee", date(2026, 11, 20), todos=["send portfolio", "read the manual"], their_todos=["intro to Fay"]
    )
    open_now = service.commitments()
    assert [c.text for c in open_now["mine"]] == ["send portfolio", "read the manual"]
    first = open_now["mine"][0]
    service.set_action_done(first.contact_id, first.interaction_id, first.index)
    assert [c.text for c in service.commitments()["mine"]] == ["read the manual"]
    assert [c.text for c in service.commitments()["theirs"]] == ["intro to Fay"]
    with pytest.raises(InputError, match="no longer exists"):
        service.set_action_done(first.contact_id, first.interaction_id, 7)
    with pytest.raises(InputError, match="no longer exists"):
        service.set_action_done(first.contact_id, "gone", 0)


def test_the_review_counts_in_words_and_lists_each_later_person_once():
    """ "2 nudges", "at most 1 reach-out", and a person with two items over the cap named once,
    with what each item is: on the screen, in the shell and in Markdown alike."""
    from dataclasses import replace

    from nurture.domain.review_rows import review_rows
    from nurture.review_report import to_markdown, to_text
    from nurture.screens.review import attention, plan, trend

    day = date(2026, 11, 23)
    later = [
        QueueItem("h", "Hannah Cohen", "nudge", day, 0, ""),
        QueueItem("h", "Hannah Cohen", "follow-up", day, 0, ""),
        QueueItem("a", "Ada", "touch-base", day, 0, ""),
    ]
    r = replace(
        review_week(history(), WEEK, today=date(2026, 12, 2)),
        cap=1,
        streak=1,
        overdue={"nudge": 2, "thank-you": 1},
        deferred=later,
        plan=[(day, [])],
    )
    screen = "\n".join(str(part(review_rows(r))) for part in (attention, plan, trend))
    for shown in (screen, to_text(r, date(2026, 12, 2)), to_markdown(r)):
        assert "2 nudges, 1 thank-you" in shown
        assert shown.count("Hannah Cohen") == 1 and "Hannah Cohen (nudge, follow-up)" in shown, shown
        assert "Ada (touch-base)" in shown and "1 week meeting the goal" in shown
    for shown in (screen, to_text(r, date(2026, 12, 2))):
        assert "at most 1 reach-out," in shown.lower() or "at most 1 reach-out)" in shown.lower(), shown


def test_the_review_is_due_only_once_there_is_someone_to_review(service):
    from nurture.domain.review import review_due
    from tests.conftest import TODAY

    assert review_due(service.network(), TODAY) is None  # an empty network: nothing to review
    service.add_contact("Maya Chen")
    assert review_due(service.network(), TODAY) == 0  # never reviewed: due
    service.mark_reviewed(TODAY)
    assert review_due(service.network(), TODAY) is None
    assert review_due(service.network(), TODAY + timedelta(days=9)) == 9
