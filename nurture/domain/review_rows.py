"""The weekly review as rows, section by section: what the Markdown export, the shell's text and
the review screen each show, worked out once. A renderer only lays the rows out in its own form
and makes the user's text safe where it goes (``printable`` for a terminal, ``markdown_text`` for
Markdown, ``screen_text`` for the screen): names, takeaways and commitments stay as typed here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from nurture.domain.dates import add_days
from nurture.domain.queue import QueueItem
from nurture.domain.review import Booking, Commitment, Losing, Unthanked, WeekReview, sparkline
from nurture.domain.wording import count

#: Whose commitments, in the order shown: what you promised, then what they offered.
OWNERS = ("mine", "theirs")


@dataclass(frozen=True)
class Figure:
    """One line of the week's activity: "Conversations", "3 of 2 ✓ goal met"."""

    label: str
    value: str
    #: The week's goal is met (the screen shows it as a success).
    good: bool = False


@dataclass(frozen=True)
class Planned:
    reason: str
    name: str
    #: " (due 21 Nov)" for an item planned after its due date, else "".
    late: str


@dataclass(frozen=True)
class Later:
    """Someone whose items are over the weekly cap, once, with what each item is."""

    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ReviewRows:
    #: Its first and last day, as every rendering names the week.
    week: str
    week_start: date
    is_current: bool
    reviewed_on: date | None
    activity: tuple[Figure, ...]
    #: What is overdue, by reason: "2 nudges, 1 thank-you"; "" when nothing is.
    overdue: str
    unthanked: tuple[Unthanked, ...]
    losing_touch: tuple[Losing, ...]
    #: Open commitments by owner (``OWNERS``), oldest first.
    commitments: dict[str, tuple[Commitment, ...]]
    #: (name, what they taught) for each person a takeaway was logged with this week.
    takeaways: tuple[tuple[str, tuple[str, ...]], ...]
    #: The next seven days, each with what is planned for it.
    plan: tuple[tuple[date, tuple[Planned, ...]], ...]
    #: The appointments of those days, by day (only the days that have any), soonest first.
    booked: tuple[tuple[date, tuple[Booking, ...]], ...]
    #: How many items are over the weekly cap, and whose they are.
    deferred: int
    later: tuple[Later, ...]
    cap: int
    #: 12 weeks of conversations and outreach, as sparklines and totals.
    conversations: str
    conversations_total: int
    outreach: str
    outreach_total: int
    first_week: date
    last_week: date
    #: "3 weeks", and the goal they met.
    streak: str
    goal: int
    #: The year the review is as of: a date in another year is written with its year.
    year: int

    @property
    def title(self) -> str:
        return f"Week of {self.week}"

    @property
    def nothing_planned(self) -> bool:
        return not any(items for _, items in self.plan) and not self.later and not self.booked

    def when(self, day: date, fmt: str = "%d %b") -> str:
        """``day`` as ``fmt`` ("25 Dec"), with its year when that is not the review's."""
        return dated(day, self.year, fmt)

    def later_text(self, show: Callable[[str], str]) -> str:
        """ "Hannah Cohen (nudge, follow-up); Ada Park (touch-base)", each name made safe by ``show``."""
        return "; ".join(f"{show(p.name)} ({', '.join(p.reasons)})" for p in self.later)


def review_rows(r: WeekReview) -> ReviewRows:
    return ReviewRows(
        week=week_label(r.week_start),
        week_start=r.week_start,
        is_current=r.is_current,
        reviewed_on=r.reviewed_on,
        activity=activity(r),
        overdue=", ".join(count(n, reason) for reason, n in r.overdue.items()),
        unthanked=tuple(r.unthanked),
        losing_touch=tuple(r.losing_touch),
        commitments={owner: tuple(r.open_commitments[owner]) for owner in OWNERS},
        takeaways=tuple((name, tuple(items)) for _, name, items in r.takeaways),
        plan=tuple((day, tuple(Planned(i.reason, i.name, late(i, day)) for i in items)) for day, items in r.plan),
        booked=by_day(r.booked_ahead),
        deferred=len(r.deferred),
        later=later(r.deferred),
        cap=r.cap,
        conversations=sparkline([w.conversations for w in r.trend]),
        conversations_total=sum(w.conversations for w in r.trend),
        outreach=sparkline([w.outreach for w in r.trend]),
        outreach_total=sum(w.outreach for w in r.trend),
        first_week=r.trend[0].week_start,
        last_week=r.trend[-1].week_start,
        streak=count(r.streak, "week"),
        goal=r.goal,
        year=r.as_of.year,
    )


def week_label(start: date) -> str:
    """The week starting ``start`` by its first and last day: "Mon 16 Nov – Sun 22 Nov 2026"."""
    return f"{start:%a %d %b} – {add_days(start, 6):%a %d %b %Y}"


def activity(r: WeekReview) -> tuple[Figure, ...]:
    rate = "—" if r.reply_rate is None else f"{r.reply_rate:.0%}"
    if r.reply_rate is not None:
        rate += f" ({round(r.reply_rate * r.outreach_sent)} of {r.outreach_sent} replied)"
    return (
        Figure("Conversations", f"{r.conversations} of {r.goal}" + (" ✓ goal met" if r.goal_met else ""), r.goal_met),
        Figure("Conversations booked", str(r.conversations_booked)),
        Figure("Outreach sent", str(r.outreach_sent)),
        Figure("Replies received", str(r.replies)),
        Figure("Reply rate", rate),
        Figure("Thank-yous", f"{r.thank_yous} ({r.thank_yous_on_time} within 24 h)" if r.thank_yous else "0"),
        Figure("Nudges", str(r.nudges)),
        Figure("Updates, report-backs", str(r.updates)),
        Figure("New contacts", str(r.new_contacts)),
        Figure("Referrals gained", str(r.referrals)),
    )


def by_day(bookings: list[Booking]) -> tuple[tuple[date, tuple[Booking, ...]], ...]:
    days: dict[date, list[Booking]] = {}
    for b in bookings:
        days.setdefault(b.day, []).append(b)
    return tuple((day, tuple(items)) for day, items in days.items())


def booking_text(b: Booking, show: Callable[[str], str]) -> str:
    """ "15:00 Grace Liu · 30 min · Google Meet", the name and the place made safe by ``show``."""
    return f"{b.at} {show(b.name)} · {b.minutes} min" + (f" · {show(b.where)}" if b.where else "")


def later(deferred: list[QueueItem]) -> tuple[Later, ...]:
    names: dict[str, str] = {}
    reasons: dict[str, list[str]] = {}
    for i in deferred:
        found = reasons.get(i.contact_id)
        if found is None:
            names[i.contact_id], reasons[i.contact_id] = i.name, [i.reason]
        else:
            found.append(i.reason)
    return tuple(Later(names[cid], tuple(items)) for cid, items in reasons.items())


def late(item: QueueItem, day: date) -> str:
    return f" (due {dated(item.due, day.year)})" if item.due < day else ""


def dated(day: date, year: int, fmt: str = "%d %b") -> str:
    """``day`` as ``fmt`` ("25 Dec"), with its year when that is not ``year`` ("25 Dec 2023"):
    with years of notes, a conversation three years old must not read as this year's."""
    return f"{day:{fmt}}" if day.year == year else f"{day:{fmt}} {day.year}"
