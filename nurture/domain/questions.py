"""Question prep: a bank of open-ended questions by topic, a per-contact list aiming at five to
seven, closed (yes/no) questions flagged, and the method's closing question always last."""

from __future__ import annotations

import re
from typing import NamedTuple

from nurture.domain import fields
from nurture.domain.errors import InputError

BREAKING_IN, DAY_TO_DAY, SKILLS, TRENDS, CULTURE, HIRING, ADVICE, CLOSING_TOPIC = (
    "breaking in",
    "day-to-day",
    "skills",
    "industry trends",
    "culture",
    "hiring process",
    "advice",
    "closing",
)
TOPICS: tuple[str, ...] = (BREAKING_IN, DAY_TO_DAY, SKILLS, TRENDS, CULTURE, HIRING, ADVICE, CLOSING_TOPIC)

#: Asked at the end of every conversation: how one conversation becomes the next.
CLOSING = "Is there anyone else you'd suggest I speak with?"
#: A question longer than this is a speech.
MAX_QUESTION = 300
#: A prep list aims at this many questions (the closing one not counted).
AIM = (5, 7)
#: Words that open a question answerable with yes or no.
CLOSED_OPENERS = frozenset(
    "is are do does did can could will would should have has "
    "isn't aren't don't doesn't didn't can't couldn't won't wouldn't shouldn't haven't hasn't".split()
)


class Question(NamedTuple):
    id: str
    topic: str
    text: str
    #: Written by the user (can be removed), not one of nurture's own.
    own: bool = False


_BUILT_IN: dict[str, list[str]] = {
    BREAKING_IN: [
        "How did you get into this field?",
        "What did your path look like from your first job to this role?",
        "What do you wish you had known when you were starting out?",
        "What experience best prepared you for this work?",
        "What would you do differently if you were breaking in today?",
    ],
    DAY_TO_DAY: [
        "What does a typical week look like for you?",
        "What takes up more of your time than people would guess?",
        "What part of your work do you enjoy most, and what least?",
        "Who do you work with most closely, and how?",
        "What problems are you working on right now?",
        "What does success look like in your role?",
    ],
    SKILLS: [
        "What skills matter most for doing this job well?",
        "Which skills did you have to build on the job?",
        "How do you keep learning in this field?",
        "Which tools or methods do you rely on most?",
        "What separates people who do well in this role from the rest?",
        "What would you look for in someone's background for a role like yours?",
    ],
    TRENDS: [
        "How is your field changing, and what is driving it?",
        "What do you think will matter more in five years, and what less?",
        "Which companies or teams are doing interesting work in this space?",
        "What do outsiders most often misunderstand about this industry?",
        "What are people in your field talking about right now?",
    ],
    CULTURE: [
        "How would you describe the culture of your team?",
        "What kind of person thrives where you work?",
        "How are decisions made on your team?",
        "What has surprised you most about working here?",
        "How does your organisation support people's growth?",
    ],
    HIRING: [
        "How do people usually come to join your team?",
        "What does the hiring process look like for roles like yours?",
        "What makes an application stand out to you?",
        "What do candidates often get wrong when they approach your field?",
        "How do people move into this kind of role from outside?",
    ],
    ADVICE: [
        "What advice would you give someone in my position?",
        "Given my background, what gaps would you work on first?",
        "What would you read, follow or join to learn more about this field?",
        "What is one thing I should do in the next month?",
        "What would you do in my place?",
    ],
    CLOSING_TOPIC: [
        "What else should I have asked you?",
        "How can I be helpful to you?",
        "What is the best way to keep in touch?",
    ],
}

BANK: tuple[Question, ...] = tuple(
    Question(f"{topic}:{n}", topic, text) for topic in TOPICS for n, text in enumerate(_BUILT_IN[topic], start=1)
)

_FIRST_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def closed_opener(text: str) -> str | None:
    """The opening word that makes ``text`` a closed (yes/no) question, or None if it is open."""
    match = _FIRST_WORD.search(text)
    if match is None or text[: match.start()].strip(" \"'“‘¿-–—•*([").strip():
        return None
    word = match.group(0)
    return word if word.casefold().replace("’", "'") in CLOSED_OPENERS else None


def is_closed(text: str) -> bool:
    return closed_opener(text) is not None


def reopen_hint(text: str) -> str:
    """What to say about a closed question (empty for an open one)."""
    word = closed_opener(text)
    if word is None:
        return ""
    return (
        f"Closed question: it starts with “{word}”, so it invites a yes or a no. "
        "Try “How…”, “What…” or “Tell me about…”."
    )


def counter(n: int) -> str:
    """How a prep list of ``n`` questions (the closing one aside) stands against the aim."""
    low, high = AIM
    if n < low:
        more = low - n
        return f"{n} of {low}–{high}: add {more} more"
    if n <= high:
        return f"{n} questions, within {low}–{high}"
    return f"{n} questions: more than {high} will not fit in 20 minutes; cut {n - high}"


def on_target(n: int) -> bool:
    return AIM[0] <= n <= AIM[1]


def with_closing(questions: list[str] | tuple[str, ...]) -> list[str]:
    """The list as asked: the user's questions, then the closing question, always last."""
    return [q for q in questions if q.strip().casefold() != CLOSING.casefold()] + [CLOSING]


def clean_question(text: str) -> str:
    clean = fields.clean_text(text)
    if not clean:
        raise InputError("write the question (it cannot be blank)")
    if len(clean) > MAX_QUESTION:
        raise InputError(f"the question is {len(clean)} characters long; keep it under {MAX_QUESTION}")
    return clean
