"""The weekly review: how the week went, what needs attention, what was learned, and a plan for
the week ahead. Pure functions of the stored records, the week and today's date.

A week runs Monday to Sunday, or from the day the settings start it on (``first_weekday``).
Figures about the week count what is dated inside it. Figures
about "now" (overdue items, losing touch, open commitments, the plan) are taken as of today for
the current week, and as of the week's last day for a past week, so an old week reads as it
stood when it closed. The reply rate alone looks up to today: a reply that came in a later week
still counts for the outreach that earned it.

Appointments: "Next week" lists those booked in the seven days the plan covers (a past week's,
held ones too: as it stood), and "conversations booked" counts those created during the week,
whatever became of them. Days are the user's, in the zone given; nothing reads the clock.

Everything but the words comes from the log's entries (when, what kind, how many action items
are still open). Full records are read for two things only, and only theirs: the takeaways of
the week's interactions, and the open action items of the interactions that have any
(``Log.these``). At thirty thousand contacts, that is some three thousand records of the
150,000 stored.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from nurture.domain.appointments import BOOKED, CANCELLED, HELD, Appointment, where_label
from nurture.domain.dates import add_days
from nurture.domain.log import Entry
from nurture.domain.models import (
    CONVERSATIONS,
    MET,
    NUDGE,
    NURTURING,
    OUTREACH,
    REPLY,
    THANK_YOU,
    UPDATE,
    Contact,
    Interaction,
    Review,
)
from nurture.domain.network import Network
from nurture.domain.queue import APPOINTMENT_REASONS, REASONS, THANK, QueueItem, items_for

TREND_WEEKS = 12
SPARKS = "▁▂▃▄▅▆▇█"


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the week containing ``day``; weeks start on ``first_weekday`` (0 Monday
    … 6 Sunday: the setting ``Settings.first_weekday``)."""
    return add_days(day, -((day.weekday() - first_weekday) % 7))


def review_due(network: Network, today: date) -> int | None:
    """Whether the weekly review is due, and for how long: the days since the last one when that
    was more than a week ago, 0 when none was ever done, None when it is not due. A network with
    no one in it yet has nothing to review: never due until the first contact is there."""
    last = network.last_review
    if last is None:
        return 0 if network.contacts else None
    days = (today - last.reviewed_on).days
    return days if days > 7 else None


def reviewed_on(reviews: Iterable[Review], start: date, first_weekday: int = 0) -> date | None:
    """When the week from ``start`` was reviewed (the latest time, when several reviews count):
    a review counts for the week holding most of its own week's days (its fourth day), so one
    marked while weeks started on another day still counts after ``week-starts`` changes."""
    found = [r.reviewed_on for r in reviews if week_start(add_days(r.week_start, 3), first_weekday) == start]
    return max(found, default=None)


def _weeks(day: date, n: int) -> date:
    return add_days(day, 7 * n)


@dataclass(frozen=True)
class Losing:
    contact_id: str
    name: str
    last_contact: date | None
    days_since: int
    cadence: str


@dataclass(frozen=True)
class Commitment:
    contact_id: str
    name: str
    text: str
    owner: str
    on: date
    interaction_id: str
    index: int


@dataclass(frozen=True)
class Unthanked:
    contact_id: str
    name: str
    kind: str
    on: date


@dataclass(frozen=True)
class Booking:
    """An appointment in the week ahead, as the review lists it: its day and time where the
    user is, with whom, for how long, and where ("Google Meet", a place)."""

    contact_id: str
    name: str
    day: date
    at: str
    minutes: int
    where: str
    appointment_id: str


@dataclass(frozen=True)
class WeekCount:
    week_start: date
    conversations: int
    outreach: int


@dataclass(frozen=True)
class WeekReview:
    week_start: date
    week_end: date
    as_of: date
    is_current: bool
    reviewed_on: date | None
    # activity
    outreach_sent: int
    replies: int
    reply_rate: float | None
    conversations: int
    goal: int
    thank_yous: int
    thank_yous_on_time: int
    nudges: int
    updates: int
    new_contacts: int
    referrals: int
    # attention
    overdue: dict[str, int]
    losing_touch: list[Losing]
    unthanked: list[Unthanked]
    open_commitments: dict[str, list[Commitment]]
    # insights
    takeaways: list[tuple[str, str, list[str]]]  # (contact id, name, takeaways)
    # next week
    next_week: list[QueueItem]
    #: The appointments in the days the plan covers, soonest first.
    booked_ahead: list[Booking]
    plan: list[tuple[date, list[QueueItem]]]
    deferred: list[QueueItem]
    cap: int
    # trend
    trend: list[WeekCount]
    streak: int
    #: Appointments created during the week (booked then, whatever became of them).
    conversations_booked: int = 0

    @property
    def goal_met(self) -> bool:
        return self.conversations >= self.goal


def review_week(
    network: Network, day: date, today: date, now: datetime | None = None, zone: tzinfo = UTC
) -> WeekReview:
    """The review of the week containing ``day``. One pass over the entries and one over the
    contacts; full records only for the week's takeaways and the open action items. ``now``:
    aware, in the user's ``zone`` (the queue's appointment items of this week are timed from
    it); appointments' days are in ``zone``."""
    first_weekday = network.settings.first_weekday
    start = week_start(day, first_weekday)
    end = add_days(start, 6)
    as_of = min(today, end)
    current = start <= today <= end
    in_week, promised, trend = _scan(network, start, as_of, first_weekday)
    kinds = Counter(e.kind for e in in_week)

    outreach = [i for i in in_week if i.kind == OUTREACH]
    answered = sum(1 for i in outreach if _answered(network, i, today))
    thank_yous = [i for i in in_week if i.kind == THANK_YOU]
    within = timedelta(days=network.settings.thank_you_within_days)
    on_time = sum(1 for i in thank_yous if _thanked_in_time(network, i, within))
    new = [c for c in network.contacts.values() if c.created and start <= c.created.date() <= end]

    people = _people(network, as_of, within=7, now=now if current else None)
    items_now = people.items
    overdue = Counter(i.reason for i in items_now if i.due < as_of)
    upcoming = [i for i in items_now if as_of < i.due <= add_days(as_of, 7)]
    first_day = as_of if current else add_days(as_of, 1)
    plan, deferred = make_plan(items_now, first_day, network.settings.weekly_outreach_cap)
    reviewed = reviewed_on(network.reviews, start, first_weekday)
    # The only full records read: the week's (for its takeaways) and those with open items.
    wanted = {e.id: e for e in (*in_week, *promised)}
    records = {i.id: i for i in network.log.these(wanted.values())}
    return WeekReview(
        week_start=start,
        week_end=end,
        as_of=as_of,
        is_current=current,
        reviewed_on=reviewed,
        outreach_sent=len(outreach),
        replies=kinds[REPLY],
        reply_rate=answered / len(outreach) if outreach else None,
        conversations=sum(kinds[k] for k in CONVERSATIONS),
        goal=network.settings.weekly_goal,
        thank_yous=len(thank_yous),
        thank_yous_on_time=on_time,
        nudges=kinds[NUDGE],
        updates=kinds[UPDATE],
        new_contacts=len(new),
        referrals=sum(1 for c in new if c.referred_by),
        overdue={r: overdue[r] for r in REASONS if overdue[r]},
        losing_touch=people.losing,
        unthanked=people.unthanked,
        open_commitments=_commitments(network, [records[e.id] for e in promised if e.id in records]),
        takeaways=_takeaways(network, [records[e.id] for e in in_week if e.id in records]),
        next_week=upcoming,
        plan=plan,
        deferred=deferred,
        cap=network.settings.weekly_outreach_cap,
        trend=trend,
        streak=streak(trend, network.settings.weekly_goal, current),
        conversations_booked=booked_during(network.appointments, start, end, zone),
        booked_ahead=bookings_ahead(network, first_day, zone, current),
    )


def booked_during(appointments: Iterable[Appointment], start: date, end: date, zone: tzinfo) -> int:
    """How many appointments were created from ``start`` to ``end`` (the user's days) and not
    cancelled since (one cancelled was not a conversation booked)."""
    return sum(
        1
        for a in appointments
        if a.status != CANCELLED and (made := _created_day(a, zone)) is not None and start <= made <= end
    )


def _created_day(a: Appointment, zone: tzinfo) -> date | None:
    """The day it was booked: ``created`` is the wall time where the user was (or aware)."""
    if a.created is None:
        return None
    return a.created.astimezone(zone).date() if a.created.tzinfo else a.created.date()


def bookings_ahead(network: Network, first_day: date, zone: tzinfo, current: bool = True) -> list[Booking]:
    """The appointments on the seven days from ``first_day`` (in ``zone``), soonest first, of
    contacts not archived: booked ones; for a past week (not ``current``) held ones too, as the
    week stood when it closed."""
    last = add_days(first_day, 6)
    statuses = (BOOKED,) if current else (BOOKED, HELD)
    out = []
    for a in sorted(network.appointments, key=lambda a: (a.start, a.id)):
        contact = network.contacts.get(a.contact_id)
        if a.status not in statuses or contact is None or contact.archived:
            continue
        local = a.local(zone)
        if first_day <= local.date() <= last:
            out.append(Booking(contact.id, contact.name, local.date(), f"{local:%H:%M}", a.minutes,
                               where_label(a.where), a.id))  # fmt: skip
    return out


def _scan(
    network: Network, start: date, as_of: date, first_weekday: int = 0
) -> tuple[list[Entry], list[Entry], list[WeekCount]]:
    """In one pass over the entries: the week's, those up to ``as_of`` with open action items
    (of contacts not archived), and the trend of the ``TREND_WEEKS`` weeks ending with this one."""
    end, first = add_days(start, 6), _weeks(start, -(TREND_WEEKS - 1))
    promise = _open_items(network, as_of)
    in_week: list[Entry] = []
    promised: list[Entry] = []
    trend: Counter[tuple[date, bool]] = Counter()
    for e in network.log.entries():
        on = e.on
        if e.open_items and promise(e):  # (the count first: most entries have none, no call)
            promised.append(e)
        if first <= on <= end:
            if on >= start:
                in_week.append(e)
            if e.kind in CONVERSATIONS:
                trend[week_start(on, first_weekday), True] += 1
            elif e.kind == OUTREACH:
                trend[week_start(on, first_weekday), False] += 1
    weeks = [_weeks(first, n) for n in range(TREND_WEEKS)]
    return in_week, promised, [WeekCount(w, trend[w, True], trend[w, False]) for w in weeks]


@dataclass
class _People:
    items: list[QueueItem]
    unthanked: list[Unthanked]
    losing: list[Losing]


def _people(network: Network, as_of: date, within: int, now: datetime | None = None) -> _People:
    """In one pass over the contacts: the queue as of ``as_of`` (at ``now``, aware, if given)
    looking ``within`` days ahead (as ``queue_of``), every thank-you not sent yet, and who is
    losing touch."""
    horizon = add_days(as_of, within)
    out = _People([], [], [])
    for c in network.contacts.values():
        if c.archived:
            continue
        visible = network.is_visible(c, as_of)
        for item in items_for(network, c, as_of, now):
            if item.reason == THANK:
                out.unthanked.append(_unthanked(network, c.id, c.name, item))
            if visible and item.due <= horizon:
                out.items.append(item)
        lost = _losing(network, c, as_of)
        if lost is not None:
            out.losing.append(lost)
    out.items.sort(key=lambda item: item.sort_key)
    out.unthanked.sort(key=lambda u: (u.on, u.name.casefold(), u.contact_id))
    out.losing.sort(key=lambda x: (-x.days_since, x.name.casefold(), x.contact_id))
    return out


def _answered(network: Network, outreach: Entry, today: date) -> bool:
    """A reply or a conversation with the same person on or after the outreach, by today."""
    return any(
        i.order_key > outreach.order_key and i.on <= today and (i.kind == REPLY or i.kind in CONVERSATIONS)
        for i in network.touches(outreach.contact_id)
    )


def _moment(e: Entry) -> datetime | None:
    """When it happened to the minute, if known: logged on the day it happened."""
    at = e.logged_at
    if at is not None and at.date() == e.on:
        return at.replace(tzinfo=None)
    return None


def _thanked_in_time(network: Network, thanks: Entry, within: timedelta) -> bool:
    """Whether a thank-you came within ``within`` of the conversation it follows. With both
    times known (logged on the day), to the minute; otherwise by date."""
    before = [
        i for i in network.touches(thanks.contact_id) if i.kind in CONVERSATIONS and i.order_key < thanks.order_key
    ]
    if not before:
        return False
    conversation = before[-1]
    t0, t1 = _moment(conversation), _moment(thanks)
    if t0 is not None and t1 is not None:
        return t1 - t0 <= within
    return (thanks.on - conversation.on) <= within


def _losing(network: Network, c: Contact, as_of: date) -> Losing | None:
    if network.stage(c, as_of) not in (MET, NURTURING):
        return None
    last = network.last_contact(c.id)
    base = last or (c.created.date() if c.created else as_of)
    cadence = network.cadence(c)
    if cadence.after(cadence.after(base)) < as_of:
        return Losing(c.id, c.name, last, (as_of - base).days, cadence.describe())
    return None


def _unthanked(network: Network, contact_id: str, name: str, item: QueueItem) -> Unthanked:
    conv = next(i for i in network.touches(contact_id) if i.id == item.ref)
    return Unthanked(contact_id, name, conv.kind, conv.on)


def _open_items(network: Network, as_of: date) -> Callable[[Entry], bool]:
    """Whether an entry has action items still open that count as of ``as_of``: dated up to
    then, of a contact not archived. (The review and the commitments screen both ask.)"""
    contacts = network.contacts

    def counts(e: Entry) -> bool:
        return bool(e.open_items) and e.on <= as_of and (c := contacts.get(e.contact_id)) is not None and not c.archived

    return counts


def open_commitments(network: Network, as_of: date) -> dict[str, list[Commitment]]:
    """Open action items both ways, oldest first: reads only the records that have any."""
    counts = _open_items(network, as_of)
    return _commitments(network, network.log.these(e for e in network.log.entries() if counts(e)))


def _commitments(network: Network, interactions: Iterable[Interaction]) -> dict[str, list[Commitment]]:
    out: dict[str, list[Commitment]] = {"mine": [], "theirs": []}
    for i in interactions:
        contact = network.contacts.get(i.contact_id)
        if contact is None:
            continue
        for n, a in enumerate(i.action_items):
            if not a.done:
                key = "mine" if a.owner == "me" else "theirs"
                out[key].append(Commitment(contact.id, contact.name, a.text, a.owner, i.on, i.id, n))
    for items in out.values():
        items.sort(key=lambda c: (c.on, c.name.casefold(), c.interaction_id, c.index))
    return out


def _takeaways(network: Network, in_week: Iterable[Interaction]) -> list[tuple[str, str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for i in sorted(in_week, key=lambda i: i.order_key):
        if i.takeaways and i.contact_id in network.contacts:
            grouped.setdefault(i.contact_id, []).extend(i.takeaways)
    rows = [(cid, network.contacts[cid].name, items) for cid, items in grouped.items()]
    rows.sort(key=lambda r: (r[1].casefold(), r[0]))
    return rows


def make_plan(
    items: list[QueueItem], first_day: date, cap: int
) -> tuple[list[tuple[date, list[QueueItem]]], list[QueueItem]]:
    """Spread what is due over the seven days from ``first_day``, most time-critical first
    (thank-yous, then nudges, follow-ups, report-backs, touch-bases; earliest due within each):
    each item on the first day it is due that still has room, at most ``ceil(cap / 7)`` a day
    and ``cap`` in all. What does not fit is deferred, never crammed. An appointment's items
    (the meeting, preparing for it, logging it) are no reach-outs: each on its day, uncapped."""
    days = list(dict.fromkeys(add_days(first_day, n) for n in range(7)))  # fewer at the calendar's end
    per_day = max(1, math.ceil(max(cap, 0) / 7))
    slots: dict[date, list[QueueItem]] = {d: [] for d in days}
    reach_outs = dict.fromkeys(days, 0)
    deferred: list[QueueItem] = []
    placed, last, rank = 0, days[-1], {r: n for n, r in enumerate(REASONS)}
    for item in sorted((i for i in items if i.due <= last), key=lambda i: (rank[i.reason], i.sort_key)):
        if item.reason in APPOINTMENT_REASONS:  # no reach-out: on its day (an overdue one first), never capped
            slots[max(item.due, first_day)].append(item)
            continue
        if placed < cap:
            day = next((d for d in days if d >= item.due and reach_outs[d] < per_day), None)
            if day is not None:
                slots[day].append(item)
                reach_outs[day] += 1
                placed += 1
                continue
        deferred.append(item)
    return [(d, slots[d]) for d in days], deferred


def streak(trend: list[WeekCount], goal: int, current_week_open: bool) -> int:
    """Weeks in a row meeting the goal, ending with the reviewed week. A current week that has
    not met the goal yet does not break the streak: it still has days left."""
    weeks = list(trend)
    if current_week_open and weeks and weeks[-1].conversations < goal:
        weeks.pop()
    n = 0
    for w in reversed(weeks):
        if goal > 0 and w.conversations >= goal:
            n += 1
        else:
            break
    return n


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top == 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1)))] for v in values)
