"""The settings a user can change, by the names the shell (``nurture config``) and the settings
screen give them: how each is read from typed text (held to its range), shown, and what it
changes. The one place these rules live."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nurture.domain.dates import CADENCE_FORMS, DATE_ORDERS, Cadence
from nurture.domain.errors import InputError
from nurture.domain.limits import MAX_LINE, MAX_PER_WEEK, MAX_SETTING_DAYS
from nurture.domain.models import Settings
from nurture.domain.wording import quoted

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Setting:
    #: Its name in the shell: "weekly-goal".
    key: str
    #: The ``Settings`` field it sets.
    attr: str
    #: Its label on the settings screen.
    label: str
    #: What it changes (the shell's list, the screen's hint, the README).
    explain: str
    #: Typed text → the stored value (``InputError`` naming the key when it cannot be used).
    parse: Callable[[str, str], Any]
    #: The stored value → the text a user types (and sees).
    show: Callable[[Any], str] = str

    def read(self, text: str) -> Any:
        return self.parse(self.key, text)

    def text(self, settings: Settings) -> str:
        return self.show(getattr(settings, self.attr))

    def default(self) -> str:
        return self.show(getattr(Settings(), self.attr))


def _whole(low: int, high: int, unit: str) -> Callable[[str, str], int]:
    """A whole number from ``low`` to ``high``: a goal or a cap of 0 would mean nothing is ever
    aimed at or planned, a nudge after 0 days a nudge the day the message went; a thank-you or a
    report back within 0 days is one due the same day, which is a choice."""

    def parse(key: str, text: str) -> int:
        s = text.strip()
        if not re.fullmatch(r"[0-9]{1,9}", s) or not low <= int(s) <= high:  # (isdigit takes "²", which int refuses)
            raise InputError(f"{key}: {quoted(text)} is not a number of {unit} from {low} to {high}")
        return int(s)

    return parse


def _cadence(key: str, text: str) -> Cadence:
    if not text.strip():
        raise InputError(f"{key}: give a cadence, like {CADENCE_FORMS}")
    try:
        return Cadence.parse(text)
    except InputError as e:
        raise InputError(f"{key}: {e}") from None


def _weekday(key: str, text: str) -> int:
    s = text.strip().casefold()
    found = [i for i, day in enumerate(WEEKDAYS) if s and day.startswith(s)] if len(s) >= 2 else []
    if len(found) != 1:
        raise InputError(f"{key}: {quoted(text)} is not a day of the week; use monday … sunday")
    return found[0]


def _date_order(key: str, text: str) -> str:
    s = text.strip().casefold()
    if s in ("auto", ""):
        return ""
    if s not in DATE_ORDERS:
        raise InputError(f"{key}: {quoted(text)} is not a date order; use dmy (4/12 is 4 December), mdy or auto")
    return s


def _line(key: str, text: str) -> str:
    s = " ".join(text.split())
    if len(s) > MAX_LINE:
        raise InputError(f"{key}: at most {MAX_LINE} characters")
    return s


_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


def _emails(key: str, text: str) -> tuple[str, ...]:
    """Addresses separated by commas or spaces, lower case, each once; "" for none."""
    found: list[str] = []
    for word in re.split(r"[\s,;]+", text.strip()):
        if not word:
            continue
        if not _EMAIL.fullmatch(word) or len(word) > 254:
            raise InputError(
                f"{key}: {quoted(word)} is not an email address; give yours, like me@example.org,me@work.com"
            )
        if word.lower() not in found:
            found.append(word.lower())
    if len(found) > 20:
        raise InputError(f"{key}: at most 20 addresses")
    return tuple(found)


def _on_off(key: str, text: str) -> bool:
    s = text.strip().casefold()
    if s in ("on", "yes", "true", "1"):
        return True
    if s in ("off", "no", "false", "0", ""):
        return False
    raise InputError(f"{key}: {quoted(text)} is neither on nor off")


def _shown_on_off(value: bool) -> str:
    return "on" if value else "off"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "weekly-goal", "weekly_goal", "Weekly goal",
        "conversations a week, the review's aim",
        _whole(1, MAX_PER_WEEK, "conversations"),
    ),
    Setting(
        "outreach-cap", "weekly_outreach_cap", "Outreach cap",
        "most reach-outs planned in a week",
        _whole(1, MAX_PER_WEEK, "reach-outs"),
    ),
    Setting(
        "default-cadence", "default_cadence", "Default cadence",
        "for people without a cadence",
        _cadence,
    ),
    Setting(
        "nudge-after", "nudge_after_days", "Nudge after days",
        "days without a reply, then one nudge",
        _whole(1, MAX_SETTING_DAYS, "days"),
    ),
    Setting(
        "thank-you-within", "thank_you_within_days", "Thank-you in days",
        "days after a conversation to thank",
        _whole(0, MAX_SETTING_DAYS, "days"),
    ),
    Setting(
        "report-back-within", "report_back_within_days", "Report back in days",
        "days to tell an introducer how it went",
        _whole(0, MAX_SETTING_DAYS, "days"),
    ),
    Setting(
        "week-starts", "first_weekday", "Week starts on",
        "a review week's first day",
        _weekday, lambda day: WEEKDAYS[day],
    ),
    Setting(
        "date-order", "date_order", "Date order",
        "04/12: dmy 4 Dec, mdy 12 Apr, auto",
        _date_order, lambda order: order or "auto",
    ),
    Setting("my-name", "my_name", "Your name", "the {my_name} of drafts", _line),
    Setting("my-goal", "my_goal", "Your goal", "what you explore: the {my_goal} of drafts", _line),
    Setting(
        "my-emails", "my_emails", "Your emails",
        "your addresses: a mailbox import's 'from me'",
        _emails, ", ".join,
    ),
    Setting(
        "sync-on-start", "sync_on_start", "Sync on start",
        "on: the dashboard syncs (git) once it shows",
        _on_off, _shown_on_off,
    ),
    Setting(
        "sync-on-quit", "sync_on_quit", "Sync on quit",
        "on: q syncs (git) first, esc skips it",
        _on_off, _shown_on_off,
    ),
)  # fmt: skip

BY_KEY = {s.key: s for s in SETTINGS}


def setting(key: str) -> Setting:
    """The setting named ``key`` (kebab-case, as ``nurture config`` lists them)."""
    found = BY_KEY.get(key.strip().casefold().replace("_", "-"))
    if found is None:
        raise InputError(f"no setting {quoted(key)}; the settings are: {', '.join(BY_KEY)}")
    return found


def read_all(typed: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed text by key → (the values by ``Settings`` field, the problems by key)."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for key, text in typed.items():
        s = setting(key)
        try:
            values[s.attr] = s.read(text)
        except InputError as e:
            problems[key] = str(e)
    return values, problems
