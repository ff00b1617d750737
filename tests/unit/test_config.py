"""The settings a user can change: how each is read (``nurture.domain.config``), and every rule
that uses one reads it (the queue, the weekly review, drafts)."""

from __future__ import annotations

from datetime import date

import pytest

from nurture.domain.config import BY_KEY, SETTINGS, read_all, setting
from nurture.domain.dates import Cadence
from nurture.domain.errors import InputError
from nurture.domain.models import Settings
from nurture.domain.outreach import render
from nurture.domain.queue import NUDGE_DUE, REPORT_BACK, THANK, TOUCH_BASE
from nurture.domain.review import week_start
from tests.conftest import TODAY  # Monday 23 November 2026

# --- reading what is typed ---------------------------------------------------------------


def test_every_key_of_the_issue_is_a_setting():
    assert list(BY_KEY) == [
        "weekly-goal", "outreach-cap", "default-cadence", "nudge-after", "thank-you-within",
        "report-back-within", "week-starts", "date-order", "my-name", "my-goal", "my-emails",
        "sync-on-start", "sync-on-quit",
    ]  # fmt: skip
    assert {s.attr for s in SETTINGS} <= set(Settings().to_dict())


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("weekly-goal", " 3 ", 3),
        ("outreach-cap", "1", 1),
        ("thank-you-within", "0", 0),  # the same day
        ("report-back-within", "0", 0),
        ("default-cadence", "6w", Cadence(6, "w")),
        ("default-cadence", "quarterly", Cadence(3, "m")),
        ("nudge-after", "365", 365),
        ("week-starts", "Sunday", 6),
        ("week-starts", "tu", 1),
        ("date-order", "DMY", "dmy"),
        ("date-order", "auto", ""),
        ("my-name", "  Sam   Lee ", "Sam Lee"),
        ("my-goal", "", ""),
    ],
)
def test_values_are_read_and_cleaned(key, text, value):
    assert setting(key).read(text) == value


@pytest.mark.parametrize(
    ("key", "text", "said"),
    [
        ("weekly-goal", "-1", "weekly-goal: '-1' is not a number"),
        ("weekly-goal", "two", "weekly-goal: 'two' is not a number"),
        ("outreach-cap", "1001", "from 1 to 1000"),
        ("nudge-after", "366", "nudge-after: '366' is not a number of days from 1 to 365"),
        ("weekly-goal", "0", "weekly-goal: '0' is not a number of conversations from 1 to 1000"),
        ("outreach-cap", "0", "outreach-cap: '0' is not a number of reach-outs from 1 to 1000"),
        ("nudge-after", "0", "nudge-after: '0' is not a number of days from 1 to 365"),
        ("default-cadence", "0d", "default-cadence: cadence '0d' is out of range"),
        ("default-cadence", "sometimes", "default-cadence: cannot read cadence 'sometimes'"),
        ("default-cadence", "", "default-cadence: give a cadence"),
        ("week-starts", "t", "week-starts: 't' is not a day of the week"),  # tuesday or thursday?
        ("week-starts", "funday", "not a day of the week"),
        ("date-order", "ymd", "date-order: 'ymd' is not a date order"),
    ],
)
def test_bad_values_are_refused_naming_the_setting(key, text, said):
    with pytest.raises(InputError, match=said.replace("(", r"\(")):
        setting(key).read(text)


def test_keys_are_kebab_case_and_an_unknown_key_lists_them():
    assert setting("weekly_goal") is setting("Weekly-Goal") is BY_KEY["weekly-goal"]
    with pytest.raises(InputError, match="no setting 'goal'; the settings are: weekly-goal, outreach-cap"):
        setting("goal")


def test_read_all_gives_values_and_problems_by_key():
    values, problems = read_all({"weekly-goal": "4", "nudge-after": "x"})
    assert values == {"weekly_goal": 4}
    assert list(problems) == ["nudge-after"]


def test_shown_as_typed_with_defaults():
    s = Settings(first_weekday=6, date_order="", default_cadence=Cadence(6, "w"))
    assert setting("week-starts").text(s) == "sunday" and setting("week-starts").default() == "monday"
    assert setting("date-order").text(s) == "auto"
    assert setting("default-cadence").text(s) == "6w" and setting("default-cadence").default() == "90d"


def test_older_settings_files_load_with_the_new_settings_at_their_defaults():
    old = Settings().to_dict()
    del old["first_weekday"], old["my_name"]
    loaded = Settings.from_dict(old)
    assert loaded.first_weekday == 0 and loaded.my_name == ""
    assert Settings.from_dict(Settings(first_weekday=6, my_name="Sam").to_dict()).first_weekday == 6


def test_the_service_stores_a_setting_and_refuses_a_bad_one(service):
    service.update_settings(first_weekday=6, my_name="Sam Lee")
    assert service.settings().first_weekday == 6 and service.settings().my_name == "Sam Lee"
    with pytest.raises(InputError):
        service.update_settings(first_weekday=7)
    assert service.settings().first_weekday == 6


# --- every rule reads its setting ---------------------------------------------------------


def _due(service, contact_id: str, reason: str) -> date:
    return next(i.due for i in service.queue(within=400) if i.contact_id == contact_id and i.reason == reason)


def test_the_nudge_waits_as_many_days_as_the_setting_says(service):
    ada = service.add_contact("Ada")
    service.log(ada.id, "outreach", date(2026, 11, 10))
    assert _due(service, ada.id, NUDGE_DUE) == date(2026, 11, 17)  # 7 days, the default
    service.update_settings(nudge_after_days=3)
    assert _due(service, ada.id, NUDGE_DUE) == date(2026, 11, 13)


def test_the_thank_you_is_due_within_the_setting(service):
    ada = service.add_contact("Ada")
    service.log(ada.id, "coffee", date(2026, 11, 20))
    assert _due(service, ada.id, THANK) == date(2026, 11, 21)
    service.update_settings(thank_you_within_days=4)
    assert _due(service, ada.id, THANK) == date(2026, 11, 24)


def test_reporting_back_is_due_within_the_setting(service):
    bo = service.add_contact("Bo")
    ada = service.add_contact("Ada", referred_by=bo.id)
    service.log(ada.id, "coffee", date(2026, 11, 20))
    assert _due(service, bo.id, REPORT_BACK) == date(2026, 11, 22)
    service.update_settings(report_back_within_days=10)
    assert _due(service, bo.id, REPORT_BACK) == date(2026, 11, 30)


def test_the_default_cadence_decides_when_to_touch_base(service):
    ada = service.add_contact("Ada", stage="nurturing")
    service.log(ada.id, "email", date(2026, 11, 1))
    service.update_settings(default_cadence=Cadence(2, "w"))
    assert _due(service, ada.id, TOUCH_BASE) == date(2026, 11, 15)
    service.update_settings(default_cadence=setting("default-cadence").read("monthly"))
    assert _due(service, ada.id, TOUCH_BASE) == date(2026, 12, 1)


def test_week_start_follows_the_first_weekday():
    wednesday = date(2026, 11, 25)
    assert week_start(wednesday) == date(2026, 11, 23)  # Monday
    assert week_start(wednesday, 6) == date(2026, 11, 22)  # Sunday
    assert week_start(date(2026, 11, 22), 6) == date(2026, 11, 22)
    assert week_start(wednesday, 2) == wednesday


def test_the_review_week_starts_on_the_day_the_setting_says(service):
    ada = service.add_contact("Ada")
    service.log(ada.id, "coffee", date(2026, 11, 22))  # a Sunday
    monday_week = service.review(TODAY)
    assert (monday_week.week_start, monday_week.week_end) == (date(2026, 11, 23), date(2026, 11, 29))
    assert monday_week.conversations == 0  # Sunday closed the week before
    service.update_settings(first_weekday=6)
    sunday_week = service.review(TODAY)
    assert (sunday_week.week_start, sunday_week.week_end) == (date(2026, 11, 22), date(2026, 11, 28))
    assert sunday_week.conversations == 1
    assert [w.week_start.weekday() for w in sunday_week.trend] == [6] * len(sunday_week.trend)
    assert service.mark_reviewed(TODAY).week_start == date(2026, 11, 22)


def test_the_review_reads_the_goal_and_the_cap(service):
    for name in ("Ada", "Bo", "Cy"):
        service.log(service.add_contact(name).id, "outreach", date(2026, 11, 10))  # each nudge due Nov 17
    planned = lambda review: sum(len(items) for _, items in review.plan)  # noqa: E731
    assert planned(service.review(TODAY)) == 3
    service.update_settings(weekly_goal=5, weekly_outreach_cap=1)
    review = service.review(TODAY)
    assert review.goal == 5 and review.cap == 1
    assert planned(review) == 1 and len(review.deferred) == 2


def test_drafts_fill_my_name_and_my_goal_from_the_settings(service):
    ada = service.add_contact("Ada Park", company="Acme")
    body = "Hi {first_name}, {my_goal}\n\nThanks,\n{my_name}"
    assert render(body, service.outreach_values(ada.id)).missing == ("my_goal", "my_name")
    service.update_settings(my_name="Sam Lee", my_goal="I'm moving into research.")
    rendered = render(body, service.outreach_values(ada.id))
    assert rendered.text == "Hi Ada, I'm moving into research.\n\nThanks,\nSam Lee"
    assert rendered.missing == ()
    service.save_template("thank-you", "Thank you {first_name}! {my_name}")
    thank_you = next(t for t in service.templates() if t.key == "thank-you")
    assert render(thank_you.body, service.outreach_values(ada.id)).text == "Thank you Ada! Sam Lee"


def test_a_review_marked_before_week_starts_changed_still_counts(service):
    """Marked while weeks started on Monday; with weeks starting on Sunday (or Thursday) the
    week holding most of the reviewed days still reads reviewed, and only that one."""
    service.mark_reviewed(TODAY)  # the week of Monday 23 November
    assert service.review(TODAY).reviewed_on == TODAY
    service.update_settings(first_weekday=6)
    assert service.review(date(2026, 11, 23)).week_start == date(2026, 11, 22)
    assert service.review(date(2026, 11, 23)).reviewed_on == TODAY  # Sun 22 – Sat 28
    assert service.review(date(2026, 11, 29)).reviewed_on is None  # Sun 29 – Sat 5 Dec
    assert service.review(date(2026, 11, 21)).reviewed_on is None  # Sun 15 – Sat 21
    service.update_settings(first_weekday=3)
    assert service.review(date(2026, 11, 26)).reviewed_on == TODAY  # Thu 26 – Wed 2 Dec
    assert service.review(date(2026, 11, 25)).reviewed_on is None  # Thu 19 – Wed 25
    service.update_settings(first_weekday=0)
    assert service.review(TODAY).reviewed_on == TODAY
