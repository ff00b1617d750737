"""How big a field may be, and how far a number may go: one place for every limit, and the
checks every entry point (the shell, the dashboard's services, each import format) runs.

Text is measured in characters. The limits are far above what a person types, and low enough
that one record can never make the dashboard crawl: a 45 MB note once took the dashboard 65 s
and 2.3 GB to show. Records already in the data files are not held to the text limits (nothing
the user has is ever refused after the fact); only what comes in is.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from nurture.domain.errors import InputError

#: A contact's name (and a referrer named in an import).
MAX_NAME = 200
#: One-line fields: role, company, industry, location, email, phone, LinkedIn, how met, a
#: follow-up's text, your goal, the theme.
MAX_LINE = 1024
#: Notes, summaries, takeaways, action items, meeting notes, a template's text: 100 KB.
MAX_TEXT = 100 * 1024
#: Tags on one contact, and the length of each.
MAX_TAGS = 100
MAX_TAG = 256
#: Email addresses, and phone numbers, on one contact (the preferred one included); each is a
#: one-line field (``MAX_LINE``).
MAX_EMAILS = 20
MAX_PHONES = 20
#: Takeaways, and action items, on one interaction; questions prepared for one contact.
MAX_ITEMS = 100

#: How long a conversation lasted, or a meeting is planned to last, in minutes.
MAX_MINUTES = 24 * 60
#: The longest touch-base cadence: ten years.
MAX_CADENCE_DAYS = 3660
#: Settings counted in days (nudge after, thank within, report back within), from 0.
MAX_SETTING_DAYS = 365
#: The weekly goal of conversations and the weekly cap on reach-outs, from 0.
MAX_PER_WEEK = 1000
#: A meeting's start, in clock seconds (``time.time``): up to the end of year 9999.
MAX_CLOCK = 253_402_300_800

#: The text fields of a contact (and of a person read from an import file), with their limit.
CONTACT_TEXT = {
    "name": MAX_NAME, "role": MAX_LINE, "company": MAX_LINE, "industry": MAX_LINE,
    "location": MAX_LINE, "email": MAX_LINE, "phone": MAX_LINE, "linkedin": MAX_LINE,
    "how_met": MAX_LINE, "notes": MAX_TEXT,
}  # fmt: skip
INTERACTION_TEXT = {"summary": MAX_TEXT, "notes": MAX_TEXT}
FOLLOWUP_TEXT = {"text": MAX_LINE}
SETTINGS_TEXT = {"theme": MAX_LINE, "my_goal": MAX_LINE, "my_name": MAX_LINE}


def as_size(limit: int) -> str:
    """A limit as the messages give it: "1,024", or "102,400 (100 KB)"."""
    return f"{limit:,} ({limit // 1024} KB)" if limit >= 10 * 1024 else f"{limit:,}"


def check_text(label: str, text: str, limit: int) -> str:
    """``text`` if it is at most ``limit`` characters; else an ``InputError`` naming the field,
    its size and the limit."""
    if len(text) > limit:
        raise InputError(
            f"{label} is {len(text):,} characters long; the limit is {as_size(limit)} characters. Shorten it"
        )
    return text


S = TypeVar("S", bound=Sequence[str])


def check_items(label: str, items: S, count: int, each: int, noun: str) -> S:
    """``items`` if there are at most ``count``, each at most ``each`` characters (``noun``
    names one of them in the message)."""
    if len(items) > count:
        raise InputError(f"{label}: {len(items):,} of them; the limit is {count:,}. Keep fewer")
    for n, item in enumerate(items, 1):
        check_text(f"{noun} {n}", item, each)
    return items


def _plain(name: str) -> str:
    return name.replace("_", " ")


def check_fields(
    record: object, texts: dict[str, int], only: Collection[str] | None = None, label: Callable[[str], str] = _plain
) -> None:
    """The text fields of ``record`` (any object with those attributes) against their limits;
    ``only`` the given fields if set. ``label(field)`` names a field in the message."""
    wanted = texts if only is None else [f for f in only if f in texts]
    for name in wanted:
        value = getattr(record, name, "")
        if isinstance(value, str):
            check_text(label(name), value, texts[name])


def _every(record: object, kind: str) -> tuple[str, ...]:
    """All of a record's emails (``kind`` "email") or phones: its ``emails`` when it has them
    (a contact, an incoming person), else the preferred one and the others (changes to a contact)."""
    found = getattr(record, kind + "s", None)
    if found is None:
        first = getattr(record, kind, "")
        found = ((first,) if first else ()) + tuple(getattr(record, "other_" + kind + "s", ()))
    return tuple(found)


def check_contact(contact: object, only: Collection[str] | None = None, label: Callable[[str], str] = _plain) -> None:
    """A contact's (or an incoming person's) text fields, tags, emails and phones."""
    check_fields(contact, CONTACT_TEXT, only, label)
    if only is None or "tags" in only:
        check_items(label("tags"), getattr(contact, "tags", ()), MAX_TAGS, MAX_TAG, "tag")
    for kind, count in (("email", MAX_EMAILS), ("phone", MAX_PHONES)):
        if only is None or not {kind, f"{kind}s", f"other_{kind}s"}.isdisjoint(only):
            check_items(label(f"{kind}s"), _every(contact, kind), count, MAX_LINE, kind)


def check_interaction(interaction: object, label: Callable[[str], str] = _plain) -> None:
    """An interaction's summary, notes, takeaways and action items."""
    check_fields(interaction, INTERACTION_TEXT, label=label)
    check_items(label("takeaways"), getattr(interaction, "takeaways", ()), MAX_ITEMS, MAX_TEXT, "takeaway")
    actions = [a.text for a in getattr(interaction, "action_items", ())]
    check_items(label("action_items"), actions, MAX_ITEMS, MAX_TEXT, "action item")
