"""Synthetic networks of any size, for benchmarks and for trying nurture at scale.

``nurture seed --contacts N --interactions M`` writes exactly N contacts and M interactions of
realistic shape: people at every stage, each with the history that stage implies (an outreach,
perhaps the one nudge, a reply, a conversation with takeaways and action items, a thank-you),
then years of keeping in touch spread unevenly (a few people get many touches). Notes average
about 500 characters, a fifth of met people were introduced by someone, and some have dated
follow-ups. The same N, M and date always give the same bytes, ids included.

``synthetic_appointments`` books a few dozen conversations among them: a booked one with people
who said yes (from yesterday, not yet logged, to two weeks ahead, some today), a held one on
the day of a met person's first conversation, and a few cancelled.

It writes only into an empty directory, so synthetic people can never mix with real ones.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from nurture.domain.appointments import BOOKED, CANCELLED, HELD, Appointment
from nurture.domain.dates import Cadence, check_room
from nurture.domain.models import (
    CONVERSATIONS,
    DORMANT,
    MET,
    NOTE,
    NUDGE,
    NURTURING,
    OUTREACH,
    PROSPECT,
    REPLY,
    REQUESTED,
    SCHEDULED,
    THANK_YOU,
    UPDATE,
    ActionItem,
    Contact,
    FollowUp,
    Interaction,
    StageChange,
)
from nurture.domain.stages import stage_after

FIRST = (
    "Ada Aiko Amara Ana Arjun Ben Bilal Carmen Chen Chloe Dara Diego Elif Emma Farah Felix "
    "Grace Hana Hugo Ines Ivan Jonas Julia Kai Kenji Lara Leo Lina Luca Maya Mei Mira Nadia "
    "Noah Nora Omar Oscar Priya Rafael Rosa Sami Sara Sofia Tariq Theo Uma Vera Yusuf Zoe"
).split()
LAST = (
    "Adeyemi Alvarez Berg Bianchi Brooks Chen Cohen Costa Demir Diallo Dubois Fischer Garcia "
    "Haddad Herrera Ito Jensen Khan Kim Kowalski Laurent Li Martin Meyer Moreau Novak Nwosu "
    "Okafor Ortega Patel Petrova Raman Romano Rossi Santos Schmidt Silva Souza Tanaka Walsh "
    "Watanabe Weber Wong Yilmaz Zahra"
).split()
ROLES = (
    "Product Designer", "Senior UX Researcher", "Engineering Manager", "Data Scientist",
    "Product Manager", "Design Director", "Staff Engineer", "Content Designer",
    "Service Designer", "Head of Research", "Design Systems Lead", "Founder",
    "Accessibility Specialist", "Developer Advocate", "Recruiter", "UX Writer",
)  # fmt: skip
INDUSTRIES = (
    "Fintech", "Health tech", "Public sector", "E-commerce", "Media", "Software", "Travel",
    "Education", "Games", "Consultancy", "Mobility", "Retail",
)  # fmt: skip
CITIES = (
    "London", "Berlin", "Amsterdam", "Paris", "Stockholm", "Dublin", "Lisbon", "Remote",
    "Toronto", "New York", "Singapore", "Sydney", "Lagos", "São Paulo", "Tokyo", "Zürich",
)  # fmt: skip
TAGS = ("design", "research", "eng", "product", "leader", "mentor", "alumni", "recruiter", "data")
#: The zone a person in each city books in ("Remote": the user's, here UTC).
ZONES = {
    "London": "Europe/London", "Berlin": "Europe/Berlin", "Amsterdam": "Europe/Amsterdam",
    "Paris": "Europe/Paris", "Stockholm": "Europe/Stockholm", "Dublin": "Europe/Dublin",
    "Lisbon": "Europe/Lisbon", "Toronto": "America/Toronto", "New York": "America/New_York",
    "Singapore": "Asia/Singapore", "Sydney": "Australia/Sydney", "Lagos": "Africa/Lagos",
    "São Paulo": "America/Sao_Paulo", "Tokyo": "Asia/Tokyo", "Zürich": "Europe/Zurich",
}  # fmt: skip
PLACES = (
    "https://zoom.us/j/{n}", "https://meet.google.com/{code}", "https://teams.microsoft.com/l/meetup-join/{n}",
    "Their office, 3rd floor", "Café near the station", "Phone: they will call me",
)  # fmt: skip
BOOKING_NOTES = (
    "", "", "Ask about the research team", "They have 20 minutes between meetings",
    "Bring the case study", "Intro came through the alumni network",
)  # fmt: skip
#: At most this many appointments of each status, however big the network.
MAX_BOOKED, MAX_HELD, MAX_CANCELLED = 24, 36, 12
HOW_MET = ("Alumni network", "Design meetup", "Conference", "Cold LinkedIn", "Slack community")
SENTENCES = (
    "We talked about how they moved from agency work into a product team.",
    "They stressed that the first ninety days are about listening, not shipping.",
    "Their team hires for written communication more than for any one tool.",
    "They suggested I rewrite one case study in depth instead of polishing five.",
    "The market for research roles is slower this year, but senior roles still open.",
    "They mentioned a community meetup where most of their hires come from.",
    "Asked about the day-to-day: two days of interviews, the rest synthesis and planning.",
    "They were candid that the switch took them almost a year of side projects.",
    "Good tip: ask hiring managers which problem the role exists to solve.",
    "They offered to look at my portfolio once I have restructured it.",
    "Their company publishes its design principles; worth reading before any interview.",
    "We compared large and small companies: breadth versus depth of craft.",
    "They recommended two books and a newsletter on research operations.",
    "Remote teams there rely on long-form writing and recorded demos.",
    "They would do the certification again only for the network it brought.",
    "Follow up in spring, when their team plans next year's headcount.",
)
TAKEAWAYS = (
    "Show process, not polish", "Write one deep case study", "Join the local meetup",
    "Ask what the first 90 days look like", "Writing matters more than tools",
    "Read their published design principles", "Small companies give breadth",
)  # fmt: skip
TODOS_MINE = ("Send portfolio link", "Share my case study draft", "Send the article we discussed")
TODOS_THEIRS = ("Will introduce me to their research lead", "Will send the interview guide")
TOUCH_KINDS = (UPDATE, UPDATE, "email", "message", NOTE, "coffee", "video", "call", "event")
#: The stage each synthetic person is headed for, and how often.
STAGE_MIX = (
    (PROSPECT, 25), (REQUESTED, 8), (SCHEDULED, 5), (MET, 17), (NURTURING, 40), (DORMANT, 5),
)  # fmt: skip
YEARS_BACK = 3
#: The network reaches YEARS_BACK years before today and 60 days after: the days it can be made for.
FIRST_DAY, LAST_DAY = date(YEARS_BACK + 2, 1, 1), date(9999, 10, 31)


@dataclass
class _Person:
    contact: Contact
    target: str
    added: date  # the day the contact was created
    log: list[Interaction] = field(default_factory=list)


def synthetic_network(
    contacts: int, interactions: int, today: date
) -> tuple[list[Contact], list[Interaction], list[FollowUp]]:
    """Exactly ``contacts`` contacts and ``interactions`` interactions, deterministic."""
    check_room(today, FIRST_DAY, LAST_DAY, "a synthetic network")
    rng = random.Random(f"nurture-seed-{contacts}-{interactions}-{today.isoformat()}")
    people = [_person(rng, n, today) for n in range(contacts)]
    budget = interactions
    for p in people:  # each person's story, as far as the budget goes
        for step in _story(rng, p, today):
            if budget == 0:
                break
            _log(p, step)
            budget -= 1
    keeping = [p for p in people if p.contact.stage in (MET, NURTURING)] or people
    weights = [rng.paretovariate(1.5) for _ in keeping]  # a few people get many touches
    extra: dict[int, int] = {}
    for n in rng.choices(range(len(keeping)), weights, k=budget) if budget else ():
        extra[n] = extra.get(n, 0) + 1
    for n, count in sorted(extra.items()):
        for step in _keeping_in_touch(rng, keeping[n], count, today):
            _log(keeping[n], step)
    _introductions(rng, people)
    followups = [
        FollowUp(
            id=_uuid(rng),
            contact_id=p.contact.id,
            due=today + timedelta(days=rng.randint(-20, 60)),
            text=rng.choice(("Ask how the new role is going", "Send the talk recording",
                             "Check in after their launch", "Try again in the new year")),
            created=datetime.combine(today - timedelta(days=30), time(9)),
        )
        for p in people
        if rng.random() < 0.05
    ]  # fmt: skip
    return (
        [p.contact for p in people],
        [i for p in people for i in p.log],
        followups,
    )


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _person(rng: random.Random, n: int, today: date) -> _Person:
    first, initial, last = rng.choice(FIRST), rng.choice("ABCDEFGHJKLMNPRSTVW"), rng.choice(LAST)
    company = f"{rng.choice(LAST)} {rng.choice(('Labs', 'Health', 'Pay', 'Studio', 'Group'))}"
    created = today - timedelta(days=rng.randint(30, 365 * YEARS_BACK))
    stamp = datetime.combine(created, time(8, rng.randint(0, 59)))
    contact = Contact(
        id=_uuid(rng),
        name=f"{first} {initial}. {last}",
        role=rng.choice(ROLES),
        company=company,
        industry=rng.choice(INDUSTRIES),
        location=rng.choice(CITIES),
        email=f"{first}.{last}{n}@example.com".lower() if rng.random() < 0.6 else "",
        linkedin=f"https://www.linkedin.com/in/{first}-{last}-{n}".lower(),
        tags=tuple(sorted(set(rng.sample(TAGS, rng.randint(0, 3))))),
        cadence=Cadence(rng.choice((6, 8, 12)), "w") if rng.random() < 0.2 else None,
        how_met=rng.choice(HOW_MET),
        stage_history=(StageChange(created, PROSPECT),),
        created=stamp,
        updated=stamp,
    )
    target = rng.choices([s for s, _ in STAGE_MIX], [w for _, w in STAGE_MIX])[0]
    return _Person(contact, target, created)


def _notes(rng: random.Random) -> str:
    out: list[str] = []
    while sum(len(s) + 1 for s in out) < rng.randint(380, 620):
        out.append(rng.choice(SENTENCES))
    return " ".join(out)


def _story(rng: random.Random, p: _Person, today: date) -> Iterator[dict]:
    """The interactions that bring a person to their target stage, oldest first."""
    if p.target == PROSPECT:
        return
    start = p.added + timedelta(days=rng.randint(1, 20))
    if p.target in (REQUESTED, DORMANT):
        start = max(start, today - timedelta(days=30 if p.target == DORMANT else 6))
    day = min(start, today)
    yield {"kind": OUTREACH, "on": day, "summary": "Short request for 20 minutes"}
    if p.target == DORMANT:
        yield {"kind": NUDGE, "on": min(day + timedelta(days=8), today), "summary": "One nudge"}
        return
    if p.target == REQUESTED:
        return
    day = min(day + timedelta(days=rng.randint(1, 5)), today)
    yield {"kind": REPLY, "on": day, "summary": "Happy to chat"}
    if p.target == SCHEDULED:
        yield {"kind": NOTE, "on": day, "summary": "Booked: video call next week"}
        return
    day = min(day + timedelta(days=rng.randint(3, 14)), today)
    yield _conversation(rng, day, today)
    if rng.random() < 0.9:
        yield {"kind": THANK_YOU, "on": min(day + timedelta(days=1), today), "summary": "Thanks"}


def _conversation(rng: random.Random, on: date, today: date) -> dict:
    old = (today - on).days > 45
    actions = [ActionItem(rng.choice(TODOS_MINE), "me", done=old or rng.random() < 0.5)]
    if rng.random() < 0.3:
        actions.append(ActionItem(rng.choice(TODOS_THEIRS), "them", done=old))
    return {
        "kind": rng.choice(("coffee", "video", "call", "meeting")),
        "on": on,
        "summary": "Conversation about their path",
        "takeaways": tuple(rng.sample(TAKEAWAYS, rng.randint(1, 3))),
        "action_items": tuple(actions),
        "duration_minutes": rng.choice((20, 25, 30, 45)),
    }


def _keeping_in_touch(rng: random.Random, p: _Person, count: int, today: date) -> Iterator[dict]:
    """``count`` touches after the person's story, spread evenly (with jitter) up to today;
    a conversation is followed by a thank-you, as the method asks (usually)."""
    since = p.log[-1].on if p.log else p.added
    span = max(1, (today - since).days)
    n = 0
    while n < count:
        on = since + timedelta(days=min(span, int(span * (n + rng.random()) / count)))
        kind = rng.choice(TOUCH_KINDS)
        if kind in CONVERSATIONS:
            yield _conversation(rng, on, today) | {"kind": kind}
            n += 1
            if n < count and rng.random() < 0.9:
                yield {"kind": THANK_YOU, "on": min(on + timedelta(days=1), today), "summary": "Thanks"}
                n += 1
            continue
        yield {"kind": kind, "on": on, "summary": f"{kind.capitalize()}: kept in touch"}
        n += 1


def _log(p: _Person, step: dict) -> None:
    on: date = step["on"]
    rng = random.Random(f"{p.contact.id}-{len(p.log)}")  # notes independent of order
    p.log.append(
        Interaction(
            id=_uuid(rng),
            contact_id=p.contact.id,
            notes=_notes(rng),
            created=datetime.combine(on, time(rng.randint(8, 19), rng.randint(0, 59))),
            **step,
        )
    )
    c = p.contact
    stage = stage_after(c.stage, step["kind"])
    if p.target == SCHEDULED and step["kind"] == NOTE and c.stage == REQUESTED:
        stage = SCHEDULED  # set by hand when the date is agreed
    if stage != c.stage:
        p.contact = c.evolve(stage=stage, stage_history=(*c.stage_history, StageChange(on, stage)))


def _introductions(rng: random.Random, people: list[_Person]) -> None:
    """A fifth of the people met were introduced by someone met before them."""
    met = [p for p in people if p.contact.stage in (MET, NURTURING)]
    for n, p in enumerate(met[1:], start=1):
        if rng.random() < 0.2:
            p.contact = p.contact.evolve(referred_by=met[rng.randrange(n)].contact.id)


def synthetic_appointments(
    contacts: Sequence[Contact], interactions: Sequence[Interaction], today: date
) -> list[Appointment]:
    """A few dozen appointments among ``synthetic_network``'s people, deterministic: booked
    with people at ``scheduled`` (yesterday's not yet logged, some today, the rest within two
    weeks), held on the day of a met person's first conversation (its length), a few cancelled
    before one. Each in the zone of the person's city."""
    rng = random.Random(f"nurture-seed-appointments-{len(contacts)}-{len(interactions)}-{today.isoformat()}")
    first: dict[str, Interaction] = {}
    for i in interactions:
        if (
            i.kind in CONVERSATIONS
            and i.duration_minutes
            and (i.contact_id not in first or i.on < first[i.contact_id].on)
        ):
            first[i.contact_id] = i
    scheduled = [c for c in contacts if c.stage == SCHEDULED][:MAX_BOOKED]
    met = [c for c in contacts if c.id in first and c.stage in (MET, NURTURING)]
    held = met[:MAX_HELD]
    cancelled = met[MAX_HELD : MAX_HELD + MAX_CANCELLED]
    out = []
    for c in scheduled:
        out.append(_appointment(rng, c, today + timedelta(days=rng.randint(-1, 14)), BOOKED, today))
    for c in held:
        talk = first[c.id]
        out.append(_appointment(rng, c, talk.on, HELD, today, talk.duration_minutes))
    for c in cancelled:
        out.append(_appointment(rng, c, first[c.id].on - timedelta(days=rng.randint(2, 9)), CANCELLED, today))
    return out


def _appointment(
    rng: random.Random, c: Contact, day: date, status: str, today: date, minutes: int | None = None
) -> Appointment:
    zone = ZONES.get(c.location, "UTC")
    start = datetime.combine(day, time(rng.randint(8, 17), rng.choice((0, 0, 15, 30, 45))), tzinfo=ZoneInfo(zone))
    booked_on = datetime.combine(min(day, today) - timedelta(days=rng.randint(2, 10)), time(rng.randint(8, 19)))
    where = rng.choice(PLACES).format(n=rng.randint(10**9, 10**10 - 1), code="-".join(
        "".join(rng.choices("abcdefghijkmnopqrstuvwxyz", k=k)) for k in (3, 4, 3)))  # fmt: skip
    return Appointment(
        _uuid(rng),
        c.id,
        start.astimezone(UTC),
        zone,
        minutes or rng.choice((20, 20, 20, 30, 45)),
        where,
        rng.choice(BOOKING_NOTES),
        status,
        sequence=1 if status == CANCELLED else 0,
        stage_before=REQUESTED,
        created=booked_on,
        updated=booked_on,
    )
