"""Realistic sample data for ``nurture demo``, the screenshots and the tests.

About 40 people across every stage and ~150 interactions over the six months before ``today``,
with referrals, and at least one item for every queue reason. Deterministic for a given date.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from nurture.domain.appointments import FIRST_YEAR, LAST_YEAR, Appointment
from nurture.domain.dates import Cadence, check_room
from nurture.domain.library import Prep, Target
from nurture.domain.models import (
    DORMANT,
    MET,
    NURTURING,
    PROSPECT,
    REQUESTED,
    SCHEDULED,
    ActionItem,
    Contact,
    FollowUp,
    Interaction,
    StageChange,
)
from nurture.domain.stages import stage_after
from nurture.store import Repository

# name, role, company, industry, location, tags, stage
PEOPLE: list[tuple[str, str, str, str, str, str, str]] = [
    ("Maya Okafor", "Staff Product Designer", "Figma", "Design tools", "London", "design,mentor", NURTURING),
    ("Daniel Brooks", "Engineering Manager", "Stripe", "Fintech", "Dublin", "eng,manager", NURTURING),
    ("Priya Raman", "Senior UX Researcher", "Spotify", "Media", "Stockholm", "research", NURTURING),
    ("Tomás Herrera", "Product Manager", "Monzo", "Fintech", "London", "product", NURTURING),
    ("Sophie Laurent", "Design Director", "Doctolib", "Health tech", "Paris", "design,leader", NURTURING),
    ("Kenji Watanabe", "Principal Engineer", "Shopify", "E-commerce", "Remote", "eng", NURTURING),
    ("Amara Nwosu", "Head of Research", "Wise", "Fintech", "London", "research,leader", NURTURING),
    ("Lena Fischer", "Service Designer", "GOV.UK", "Public sector", "Manchester", "design,public", NURTURING),
    ("Oliver Grant", "Data Scientist", "Ocado", "Retail", "Hatfield", "data", NURTURING),
    ("Zoë Kowalski", "Content Designer", "Atlassian", "Software", "Amsterdam", "design,writing", NURTURING),
    ("Rafael Souza", "Product Designer", "Nubank", "Fintech", "São Paulo", "design", MET),
    ("Hannah Cohen", "UX Lead", "Booking.com", "Travel", "Amsterdam", "research,design", MET),
    ("Ibrahim Diallo", "Design Systems Lead", "Deliveroo", "Food delivery", "London", "design", MET),
    ("Emily Chen", "Product Researcher", "Canva", "Design tools", "Sydney", "research", MET),
    ("Marcus Webb", "Founder", "Tidepool Studio", "Agency", "Bristol", "founder", MET),
    ("Chiara Romano", "Accessibility Specialist", "BBC", "Media", "Salford", "a11y", MET),
    ("Noah Petersen", "Engineering Lead", "Pleo", "Fintech", "Copenhagen", "eng", MET),
    ("Aisha Khan", "Senior Designer", "Babylon", "Health tech", "London", "design,health", MET),
    ("Lucas Martin", "Design Ops Manager", "Mirakl", "E-commerce", "Paris", "ops", SCHEDULED),
    ("Grace Liu", "Researcher", "Duolingo", "Education", "Pittsburgh", "research,edtech", SCHEDULED),
    ("Samuel Adeyemi", "Product Lead", "Flutterwave", "Fintech", "Lagos", "product", SCHEDULED),
    ("Isabel Ortega", "UX Writer", "Cabify", "Mobility", "Madrid", "writing", REQUESTED),
    ("Jonas Berg", "Design Manager", "Klarna", "Fintech", "Stockholm", "design,manager", REQUESTED),
    ("Fatima Zahra", "Service Designer", "NHS Digital", "Public sector", "Leeds", "design,health", REQUESTED),
    ("Ethan Walsh", "Product Designer", "Intercom", "Software", "Dublin", "design", REQUESTED),
    ("Mei Tanaka", "Design Researcher", "IDEO", "Consultancy", "Tokyo", "research", REQUESTED),
    ("Victor Dubois", "Creative Technologist", "Ubisoft", "Games", "Montreal", "games", DORMANT),
    ("Nadia Haddad", "UX Manager", "Careem", "Mobility", "Dubai", "manager", DORMANT),
    ("Peter Novak", "Design Lead", "Kiwi.com", "Travel", "Brno", "design", PROSPECT),
    ("Julia Santos", "Head of Design", "Revolut", "Fintech", "London", "design,leader", PROSPECT),
    ("Ahmed Farouk", "Senior Researcher", "Google", "Software", "Zürich", "research", PROSPECT),
    ("Clara Jensen", "Product Designer", "Lego", "Toys", "Billund", "design", PROSPECT),
    ("Diego Alvarez", "Design Engineer", "Vercel", "Software", "Remote", "eng,design", PROSPECT),
    ("Rachel Green", "UX Researcher", "Etsy", "E-commerce", "Brooklyn", "research", PROSPECT),
    ("Ola Nordmann", "Interaction Designer", "Vipps", "Fintech", "Oslo", "design", PROSPECT),
    ("Sara Bianchi", "Design Strategist", "Frog", "Consultancy", "Milan", "strategy", PROSPECT),
    ("Yusuf Demir", "Product Manager", "Getir", "Delivery", "Istanbul", "product", PROSPECT),
    ("Elena Petrova", "UX Designer", "JetBrains", "Software", "Prague", "design,linkedin", PROSPECT),
    ("Ben Carter", "Freelance Designer", "", "Freelance", "Brighton", "design", MET),
    ("Laura Meyer", "Recruiter", "Zalando", "E-commerce", "Berlin", "recruiter", NURTURING),
]  # fmt: skip

TAKEAWAYS = [
    "Portfolios win on process, not polish: show the messy middle",
    "Research roles value synthesis over method count",
    "Ask hiring managers what the first 90 days look like",
    "Design systems teams hire for writing skills",
    "Fintech design is mostly about trust and errors",
    "Public sector service design publishes its standards: read them",
    "Switching into research: start by running studies in your current job",
    "Smaller companies give breadth, larger ones give craft depth",
    "Accessibility expertise is scarce and valued",
    "Write up one case study in full rather than five thin ones",
    "Join the local ResearchOps community meetup",
    "Managers look for evidence of influence without authority",
]
MY_TODOS = [
    "Send portfolio link",
    "Read the GOV.UK service manual",
    "Share my case study draft",
    "Sign up for the ResearchOps meetup",
    "Send the article on design critique",
]
THEIR_TODOS = [
    "Will introduce me to their research lead",
    "Will send the team's interview guide",
    "Will forward my profile to the design manager",
]
UPDATES = [
    "Shared an article on research repositories",
    "Congratulated them on the promotion",
    "Reported back: rewrote my case study as suggested",
    "Sent the conference talk they'd enjoy",
    "Told them I joined the meetup they recommended",
]
CONVERSATION_KINDS = ("coffee", "video", "call", "video", "coffee", "meeting")


#: The sample data reaches 200 days before today and 20 after: the days it can be made for.
FIRST_DAY, LAST_DAY = date(2, 1, 1), date(9999, 11, 30)


def check_day(today: date) -> None:
    check_room(today, FIRST_DAY, LAST_DAY, "the demo's sample data")


def demo_records(today: date) -> tuple[list[Contact], list[Interaction], list[FollowUp]]:
    check_day(today)
    rng = random.Random(20261123)
    contacts: dict[str, Contact] = {}
    interactions: list[Interaction] = []
    seq = [0]

    def cid(n: int) -> str:
        return f"{(n * 2654435761) % (16**8):08x}-0000-4000-8000-{n:012d}"

    def stamp(on: date, hour: int = 9) -> datetime:
        seq[0] += 1
        return datetime.combine(on, time(hour)) + timedelta(seconds=seq[0])

    def log(c: Contact, days_ago: int, kind: str, hour: int = 9, **kw: Any) -> Contact:
        on = today - timedelta(days=days_ago)
        interactions.append(
            Interaction(
                id=f"i-{len(interactions):05d}-{c.id[:8]}",
                contact_id=c.id,
                on=on,
                kind=kind,
                created=stamp(on, hour),
                **kw,
            )
        )
        stage = stage_after(c.stage, kind)
        if stage != c.stage:
            c = c.evolve(stage=stage, stage_history=(*c.stage_history, StageChange(on, stage)))
        contacts[c.id] = c
        return c

    def conversation(c: Contact, days_ago: int, thanked: bool = True) -> Contact:
        kind = rng.choice(CONVERSATION_KINDS)
        takeaways = tuple(rng.sample(TAKEAWAYS, rng.randint(1, 3)))
        actions: tuple[ActionItem, ...] = (ActionItem(rng.choice(MY_TODOS), "me", done=days_ago > 30),)
        if rng.random() < 0.4:
            actions += (ActionItem(rng.choice(THEIR_TODOS), "them", done=days_ago > 45),)
        c = log(
            c,
            days_ago,
            kind,
            hour=15,
            summary=f"{kind.capitalize()} about their path into {c.role.lower() or 'the field'}",
            notes=(
                f"Talked about how {c.first_name} moved into {c.role or 'this work'} "
                f"at {c.company or 'their own practice'}.\nWhat surprised me: "
                f"{takeaways[0].lower()}."
            ),
            takeaways=takeaways,
            action_items=actions,
            duration_minutes=rng.choice((20, 25, 30, 30, 45)),
        )
        if thanked:
            late = rng.random() < 0.2  # now and then a thank-you slips past 24 hours
            c = log(c, max(days_ago - 1, 0), "thank-you", hour=17 if late else 8, summary="Thank-you note")
        return c

    for n, (name, role, company, industry, location, tags, target) in enumerate(PEOPLE):
        first_seen = today - timedelta(days=rng.randint(120, 200))
        c = Contact(
            id=cid(n + 1),
            name=name,
            role=role,
            company=company,
            industry=industry,
            location=location,
            email=f"{name.split()[0].lower()}@example.com" if n % 3 else "",
            linkedin=f"https://www.linkedin.com/in/{name.lower().replace(' ', '-')}",
            tags=tuple(tags.split(",")),
            cadence=Cadence(6, "w") if n % 4 == 0 else None,
            how_met=rng.choice(("Design meetup", "Alumni network", "Conference", "Cold LinkedIn")),
            created=datetime.combine(first_seen, time(8)),
            updated=datetime.combine(first_seen, time(8)),
            stage_history=(StageChange(first_seen, PROSPECT),),
        )
        contacts[c.id] = c
        start = (today - first_seen).days - 1
        if target in (NURTURING, MET):
            c = log(c, start, "outreach", summary="LinkedIn note asking for 20 minutes")
            c = log(c, start - 2, "reply", summary="Happy to chat")
            c = conversation(c, start - 9, thanked=True)
            when = start - 9
            while target == NURTURING and when > 40:
                when -= rng.randint(18, 40)
                c = log(c, when, "update", summary=rng.choice(UPDATES)) if rng.random() < 0.5 else conversation(c, when)
        elif target in (SCHEDULED, REQUESTED, DORMANT):
            ago = rng.randint(20, 40) if target != REQUESTED else rng.randint(2, 5)
            c = log(c, ago, "outreach", summary="Short request for a 20-minute chat")
            if target == SCHEDULED:
                c = log(c, ago - 3, "reply", summary="Suggested a time next week")
                contacts[c.id] = c = c.evolve(
                    stage=SCHEDULED,
                    stage_history=(*c.stage_history, StageChange(today, SCHEDULED)),
                )
            if target == DORMANT:
                c = log(c, ago - 7, "nudge", summary="One polite nudge")

    by_name = {c.name: c for c in contacts.values()}

    def person(name: str) -> Contact:
        return contacts[by_name[name].id]

    # Referral chains: introduced people, and a report-back due.
    for introducer, introduced in (
        ("Maya Okafor", "Rafael Souza"),
        ("Maya Okafor", "Ibrahim Diallo"),
        ("Daniel Brooks", "Noah Petersen"),
        ("Priya Raman", "Grace Liu"),
        ("Amara Nwosu", "Julia Santos"),
        ("Hannah Cohen", "Ahmed Farouk"),
    ):
        contacts[by_name[introduced].id] = person(introduced).evolve(
            referred_by=by_name[introducer].id, how_met=f"Introduced by {introducer}"
        )
    conversation(person("Ibrahim Diallo"), 3, thanked=True)  # Maya: report back
    # thank-you due: a conversation yesterday and one two days ago with no thank-you yet.
    conversation(person("Emily Chen"), 1, thanked=False)
    conversation(person("Chiara Romano"), 2, thanked=False)
    # nudges due: outreach 8 and 9 days ago, nothing since.
    log(person("Peter Novak"), 9, "outreach", summary="Cold LinkedIn note")
    log(person("Clara Jensen"), 8, "outreach", summary="Asked for 20 minutes via alumni group")
    # touch-base: a nurturing contact well past their six weeks.
    log(person("Kenji Watanabe"), 70, "update", summary="Congratulated them on the talk")
    # notes to self (no contact made) and small talk.
    log(person("Laura Meyer"), 12, "note", summary="Saw Zalando is hiring researchers in 2027")
    log(person("Sophie Laurent"), 15, "message", summary="Congratulated her on the new role")
    # a snoozed and an archived contact
    contacts[by_name["Marcus Webb"].id] = person("Marcus Webb").evolve(
        snoozed_until=today + timedelta(days=20), notes="On parental leave until next month"
    )
    contacts[by_name["Ben Carter"].id] = person("Ben Carter").evolve(archived=True)

    followups = [
        FollowUp("f-0001", by_name["Daniel Brooks"].id, today - timedelta(days=2),
                 "Send him the write-up of my portfolio review", None, stamp(today - timedelta(days=9))),
        FollowUp("f-0002", by_name["Hannah Cohen"].id, today,
                 "Ask how the research guild launch went", None, stamp(today - timedelta(days=6))),
        FollowUp("f-0003", by_name["Lucas Martin"].id, today + timedelta(days=3),
                 "Confirm Thursday's video call and share 5 questions", None, stamp(today - timedelta(days=3))),
        FollowUp("f-0004", by_name["Priya Raman"].id, today + timedelta(days=6),
                 "Congratulate her on the conference talk", None, stamp(today - timedelta(days=20))),
        FollowUp("f-0005", by_name["Oliver Grant"].id, today - timedelta(days=30),
                 "Send the dataset he asked about", today - timedelta(days=28), stamp(today - timedelta(days=40))),
    ]  # fmt: skip
    return list(contacts.values()), interactions, followups


#: Questions prepared for the people with a conversation coming up (meeting mode's checklist).
DEMO_PREP = {
    "Lucas Martin": [
        "How did you get into this field?",
        "What does a typical week look like for you?",
        "What surprised you most moving from agency work to a product team?",
        "Which skills did you have to build on the job?",
        "Do you ever miss client work?",
        "What would you do in my place?",
    ],
    "Grace Liu": [
        "What did your path look like from your first job to this role?",
        "How is your field changing, and what is driving it?",
        "What makes an application stand out to you?",
    ],
}


#: Employers the demo user aims for: warm, in progress and one with nobody yet.
DEMO_TARGETS = ("Spotify", "Klarna", "Lego Group", "Figma", "Airbnb", "Monzo")


#: Conversations booked with the scheduled contacts: (name, days from today, hour, minutes,
#: where). One in three days, prepared; one tomorrow with too few questions (a ``prepare``
#: item today); one yesterday that waits to be logged (``log-meeting``).
DEMO_APPOINTMENTS = (
    ("Lucas Martin", 3, 15, 20, "https://us02web.zoom.us/j/81234567890"),
    ("Grace Liu", 1, 16, 30, "https://meet.google.com/abc-defg-hij"),
    ("Samuel Adeyemi", -1, 11, 20, "https://zoom.us/j/5550100199"),
)


def demo_appointments(by_name: dict[str, str], today: date, zone: tzinfo) -> list[Appointment]:
    out = []
    for n, (name, days, hour, minutes, where) in enumerate(DEMO_APPOINTMENTS, start=1):
        day = today + timedelta(days=days)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            continue  # a demo at the calendar's very ends books nothing there
        start = datetime.combine(day, time(hour), tzinfo=zone)
        booked_on = datetime.combine(today - timedelta(days=4), time(9))
        out.append(replace(Appointment.new(by_name[name], start, booked_on, minutes=minutes, where=where,
                                           stage_before=REQUESTED), id=f"a-{n:04d}"))  # fmt: skip
    return out


def seed_demo(repo: Repository, today: date, zone: tzinfo = UTC) -> None:
    """The demo network as of ``today``; appointments at their hours in ``zone`` (the user's)."""
    contacts, interactions, followups = demo_records(today)
    by_name = {c.name: c.id for c in contacts}
    preps = [
        Prep(by_name[name], tuple(questions), datetime.combine(today, time(8))) for name, questions in DEMO_PREP.items()
    ]
    repo.save(contacts=contacts, interactions=interactions, followups=followups, preps=preps,
              appointments=demo_appointments(by_name, today, zone))  # fmt: skip
    for n, name in enumerate(DEMO_TARGETS, start=1):
        repo.save_target(Target(f"t-{n:04d}", name, datetime.combine(today, time(8))))
