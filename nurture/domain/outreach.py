"""Outreach drafts: the method's messages as templates with placeholders, rendered for one
contact; a live word count, and a warning when a message asks for a job.

Placeholders are ``{first_name}`` style. A value that is missing, or a placeholder nurture does
not know, stays in the text as written and is reported, so the user sees what to fill in; a
stray brace is just a brace (``str.format`` is never used on user text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from nurture.domain.errors import InputError
from nurture.domain.limits import MAX_TEXT, check_text
from nurture.domain.log import Entry
from nurture.domain.models import CONVERSATIONS, NUDGE, OUTREACH, THANK_YOU, UPDATE, Contact
from nurture.domain.network import Network
from nurture.domain.queue import NUDGE_DUE, REPORT_BACK, THANK, earlier_nudge, items_for
from nurture.domain.text import nfc

PLACEHOLDERS = ("first_name", "company", "role", "referrer", "my_goal", "my_name", "takeaway")
#: Above this many words, a hint: shorter requests get more replies.
HINT_WORDS = 100
#: Above this many, a warning: the method's limit for a request.
MAX_WORDS = 150


class Template(NamedTuple):
    key: str
    title: str
    #: The interaction "mark sent" logs.
    kind: str
    body: str
    #: Edited by the user (stored), rather than nurture's own.
    edited: bool = False


BUILT_IN: tuple[Template, ...] = (
    Template(
        "cold-linkedin",
        "Cold LinkedIn note",
        OUTREACH,
        "Hi {first_name}, your work as {role} at {company} stood out to me. {my_goal} "
        "Would you have 20 minutes in the next few weeks to share how you got there? "
        "I'd be grateful for any advice.",
    ),
    Template(
        "referral-intro",
        "Referral introduction email",
        OUTREACH,
        "Hi {first_name},\n\n{referrer} suggested I reach out: they thought your experience as {role} at "
        "{company} would be especially useful to me. {my_goal}\n\nWould you be open to a 20-minute call "
        "in the next couple of weeks? I'd love to hear how you got into this work and what you'd do in "
        "my place. I'm happy to fit around your calendar.\n\nThank you,",
    ),
    Template(
        "nudge",
        "The one nudge",
        NUDGE,
        "Hi {first_name}, I'm bumping my note from last week in case it got buried. I'd still value "
        "20 minutes of your perspective on working at {company}; if now isn't a good time, no worries "
        "at all.",
    ),
    Template(
        "thank-you",
        "Thank-you",
        THANK_YOU,
        "Hi {first_name}, thank you for your time today. Your point about {takeaway} really stuck with "
        "me, and I'm going to act on it this week. I'll let you know how it goes.",
    ),
    Template(
        "report-back",
        "Report back",
        UPDATE,
        "Hi {first_name}, a quick update: I took your advice about {takeaway}, and it made a real "
        "difference. Thank you again. I'd love to return the favour if I can ever help.",
    ),
    Template(
        "congratulations",
        "Congratulations",
        UPDATE,
        "Hi {first_name}, I just saw the news from {company}: congratulations! It was great to see, and well deserved.",
    ),
)
BY_KEY = {t.key: t for t in BUILT_IN}

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_JOB_ASK = re.compile(
    r"\b(jobs?|openings?|positions?|vacanc(?:y|ies)|hir(?:e|es|ed|ing)|open roles?|"
    r"referral for|refer me|put in a (?:good )?word|recommend me for)\b",
    re.IGNORECASE,
)


class Rendered(NamedTuple):
    text: str
    #: Known placeholders left unfilled (no value for this contact), in order of appearance.
    missing: tuple[str, ...]
    #: Placeholders nurture does not know (a typo in an edited template).
    unknown: tuple[str, ...]


def render(body: str, values: dict[str, str]) -> Rendered:
    missing: list[str] = []
    unknown: list[str] = []

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            if name not in unknown:
                unknown.append(name)
            return match.group(0)
        value = (values.get(name) or "").strip()
        if not value:
            if name not in missing:
                missing.append(name)
            return match.group(0)
        return value

    return Rendered(_PLACEHOLDER.sub(fill, body), tuple(missing), tuple(unknown))


def placeholders_in(text: str) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(text)]


def check_template(body: str) -> str:
    """A template's text, stripped; refuses an empty one or a placeholder nurture does not know."""
    text = nfc((body or "").strip())
    if not text:
        raise InputError("the message is empty; write it, or reset it to nurture's wording")
    check_text("the message", text, MAX_TEXT)
    unknown = sorted({p for p in placeholders_in(text) if p not in PLACEHOLDERS})
    if unknown:
        raise InputError(
            f"unknown placeholder{'s' if len(unknown) > 1 else ''} {', '.join('{' + u + '}' for u in unknown)}; "
            f"use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
        )
    return text


def word_count(text: str) -> int:
    """Words as a reader counts them: "don't" and "20-minute" are one each; punctuation none."""
    return len(_WORD.findall(text))


def length_note(words: int) -> tuple[str, str] | None:
    """(level, message) about a message's length: None when it is short enough."""
    if words > MAX_WORDS:
        return ("warning", f"{words} words: over {MAX_WORDS}. Cut it down: a request is read in seconds.")
    if words > HINT_WORDS:
        return ("hint", f"{words} words: over {HINT_WORDS}. Shorter requests get more replies.")
    return None


def job_asks(text: str) -> list[str]:
    """The words that make a message read as asking for a job, as written, each once."""
    found: list[str] = []
    for match in _JOB_ASK.finditer(text):
        word = match.group(0)
        if word.casefold() not in (f.casefold() for f in found):
            found.append(word)
    return found


def job_ask_note(text: str) -> str | None:
    words = job_asks(text)
    if not words:
        return None
    quoted = ", ".join(f"“{w}”" for w in words)
    return f"Reads as asking for a job ({quoted}). Ask for 20 minutes of advice instead."


def suggested(stage: str, referred: bool, nudged: bool = False, due: Sequence[str] = (), thanked: bool = False) -> str:
    """The template that fits: what the queue has open for the contact first (``due``: its
    reasons, soonest first), then where they are. A thank-you or a report-back the queue asks
    for gets its template; a nudge too, unless the one nudge of this round was sent (``nudged``:
    a second would be refused). Past that, by stage: a request waiting for its answer gets the
    nudge, or once nudged the light update (congratulations), which asks nothing; after a
    conversation, the thank-you, and once they were thanked (``thanked``: no word since) the
    report-back it promised ("I'll let you know how it goes")."""
    for reason in due:
        if reason == THANK:
            return "thank-you"
        if reason == REPORT_BACK:
            return "report-back"
        if reason == NUDGE_DUE and not nudged:
            return "nudge"
    if stage in ("prospect", "dormant"):
        return "referral-intro" if referred else "cold-linkedin"
    if stage == "requested":
        return "congratulations" if nudged else "nudge"
    if stage in ("scheduled", "met", "nurturing") and thanked:
        return "report-back"
    return {"scheduled": "thank-you", "met": "thank-you"}.get(stage, "congratulations")


def thanked_since(touches: Sequence[Entry]) -> bool:
    """Whether the latest conversation was followed by a thank-you and nothing sent since: the
    report-back the thank-you promised is what is owed next. ``touches``: oldest first."""
    thanked = False
    for entry in touches:
        if entry.kind in CONVERSATIONS:
            thanked = False
        elif entry.kind == THANK_YOU:
            thanked = True
        elif entry.kind == UPDATE:
            thanked = False  # reported back (or a word of news) since
    return thanked


def fitting_template(network: Network, contact: Contact, as_of: date, now: datetime | None = None) -> str:
    """The template ``o`` opens for this contact: ``suggested`` for what the queue has open for
    them (``items_for``, whatever its date), the one nudge sent or not, and where they are."""
    touches = network.touches(contact.id)
    items = sorted(items_for(network, contact, as_of, now), key=lambda item: item.sort_key)
    return suggested(
        network.stage(contact, as_of),
        bool(contact.referred_by),
        earlier_nudge(touches, as_of) is not None,
        [item.reason for item in items],
        thanked_since(touches),
    )
