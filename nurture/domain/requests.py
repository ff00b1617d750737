"""What a form or the shell asks the services to do, as values, with the rules each is held to.

A request holds its fields cleaned (``typed`` cleans what was typed; a form cleans field by field
with the same ``nurture.domain.fields`` cleaners, to show each error under its field). The rules
that depend on the day are here once, as each request's ``check_*`` functions: a form runs them
as the user types, and the services run them all (``checked``) before anything is saved, so the
shell and the dashboard refuse the same input with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from nurture.domain import fields, limits
from nurture.domain.appointments import DEFAULT_MINUTES, check_minutes, check_year, moment_text
from nurture.domain.dates import Cadence, check_ahead, check_later, check_past
from nurture.domain.errors import InputError
from nurture.domain.models import Contact


@dataclass(frozen=True)
class ContactRequest:
    """A contact to add, or a contact's fields as the edit form holds them. ``None`` is a field
    not given (the stage and notes when adding from the form; industry and location, which the
    form does not edit); ``cadence`` and ``referred_by`` are always given. ``email`` and
    ``phone`` are the preferred ones, ``other_emails`` and ``other_phones`` the rest
    (``typed`` also takes all of them at once, as ``emails=`` and ``phones=``)."""

    name: str
    company: str = ""
    role: str = ""
    email: str = ""
    linkedin: str = ""
    tags: tuple[str, ...] = ()
    cadence: Cadence | None = None
    referred_by: str | None = None
    how_met: str = ""
    stage: str | None = None
    notes: str | None = None
    industry: str | None = None
    location: str | None = None
    phone: str = ""
    other_emails: tuple[str, ...] = ()
    other_phones: tuple[str, ...] = ()

    @classmethod
    def typed(cls, name: str, **given: Any) -> ContactRequest:
        """From what the user typed: every field cleaned (an ``InputError`` names the first
        that cannot be used)."""
        given = {k: v for k, v in given.items() if v is not None and (v or k != "stage")}  # "": the default
        clean = fields.contact_changes({"name": name, **given})
        return cls(**{**clean, "referred_by": clean.get("referred_by") or None})

    def checked(self) -> ContactRequest:
        """The request with every field cleaned again and held to its rules: a request built
        by hand (not through ``typed`` or the form's cleaners) is refused as typed input would
        be. Cleaning is idempotent, so a clean request comes back equal."""
        given = self.changes()
        return ContactRequest.typed(given.pop("name"), **given)

    def changes(self) -> dict[str, Any]:
        """The fields given."""
        return {f.name: getattr(self, f.name) for f in dataclass_fields(self)
                if getattr(self, f.name) is not None or f.name in ("cadence", "referred_by")}  # fmt: skip

    def edits_to(self, original: Contact) -> dict[str, Any]:
        """Only the fields the user changed from ``original``, so saving never overwrites what
        another process changed meanwhile in the fields left alone."""
        return {k: v for k, v in self.changes().items() if getattr(original, k) != v}


@dataclass(frozen=True)
class LogRequest:
    """An interaction to log. ``on``: when it happened (``None``: today). ``completes``: the id
    of a follow-up this touch does, marked done in the same save."""

    contact_id: str
    kind: str
    on: date | None = None
    summary: str = ""
    notes: str = ""
    takeaways: tuple[str, ...] = ()
    todos: tuple[str, ...] = ()
    their_todos: tuple[str, ...] = ()
    duration_minutes: int | None = None
    completes: str | None = None

    @classmethod
    def typed(
        cls,
        contact_id: str,
        kind: str,
        on: date | None = None,
        *,
        summary: str = "",
        notes: str = "",
        takeaways: Iterable[str] | str = (),
        todos: Iterable[str] | str = (),
        their_todos: Iterable[str] | str = (),
        duration_minutes: int | str | None = None,
        completes: str | None = None,
    ) -> LogRequest:
        """From what the user typed (a kind by any of its names, lines as one text or a list)."""
        return cls(
            contact_id, fields.clean_kind(kind), on, fields.clean_text(summary), fields.clean_notes(notes),
            fields.clean_lines(_lines(takeaways)), fields.clean_lines(_lines(todos)),
            fields.clean_lines(_lines(their_todos)), fields.clean_minutes(duration_minutes), completes,
        )  # fmt: skip

    @staticmethod
    def check_on(day: date, today: date) -> date:
        """What is logged has happened: today or before."""
        return check_past(day, today)

    def checked(self, today: date) -> LogRequest:
        """The request with its day (today if none was given) and every field cleaned again
        (idempotent), if every rule holds: one built by hand is held to what typing is."""
        clean = LogRequest.typed(
            self.contact_id, self.kind, self.on, summary=self.summary, notes=self.notes,
            takeaways=self.takeaways, todos=self.todos, their_todos=self.their_todos,
            duration_minutes=self.duration_minutes, completes=self.completes,
        )  # fmt: skip
        return replace(clean, on=self.check_on(self.on or today, today))


@dataclass(frozen=True)
class FollowUpRequest:
    """A dated follow-up to schedule with a contact."""

    contact_id: str
    due: date
    text: str

    @staticmethod
    def check_due(day: date, today: date) -> date:
        """A follow-up is for what is ahead: today or later."""
        return check_ahead(day, today)

    @staticmethod
    def check_text(text: str) -> str:
        """What the follow-up is: one line, not blank."""
        what = fields.clean_text(text)
        if not what:
            raise InputError("say what the follow-up is (it cannot be blank)")
        limits.check_fields(SimpleNamespace(text=what), limits.FOLLOWUP_TEXT, label=lambda _: "follow-up")
        return what

    def checked(self, today: date) -> FollowUpRequest:
        return replace(self, due=self.check_due(self.due, today), text=self.check_text(self.text))


@dataclass(frozen=True)
class SnoozeRequest:
    """Hide a contact from the queue until a day (``None``: bring them back now)."""

    contact_id: str
    until: date | None

    @staticmethod
    def check_until(day: date, today: date) -> date:
        """A snooze ends on a later day than today."""
        return check_later(day, today)

    def checked(self, today: date) -> SnoozeRequest:
        if self.until is not None:
            self.check_until(self.until, today)
        return self


class BookedInPast(InputError):
    """A booking for a time that is over: the shell says how to record it instead (--held)."""


@dataclass(frozen=True)
class BookRequest:
    """A conversation to book with a contact: ``start`` aware, in the zone it is booked in.
    ``held``: it already took place (a booking in the past is refused without it), so it is
    logged as a conversation of ``kind`` ("" → video for a link, else meeting)."""

    contact_id: str
    start: datetime
    minutes: int = DEFAULT_MINUTES
    where: str = ""
    note: str = ""
    held: bool = False
    kind: str = ""

    @classmethod
    def typed(cls, contact_id: str, start: datetime, *, minutes: int | str | None = None, where: str = "",
              note: str = "", held: bool = False, kind: str = "") -> BookRequest:  # fmt: skip
        return cls(contact_id, start, check_minutes(minutes), fields.clean_text(where), fields.clean_notes(note),
                   held, fields.clean_kind(kind) if kind else "")  # fmt: skip

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @staticmethod
    def check_start(start: datetime, minutes: int, now: datetime, held: bool = False) -> datetime:
        """Ahead (or under way: it has not ended), unless ``held``, which is in the past."""
        end = check_year(start) + timedelta(minutes=minutes)
        if held and start > now:
            raise InputError(
                f"{moment_text(start, now.date())} has not happened yet; --held is for a conversation that took place"
            )
        if not held and end <= now:
            raise BookedInPast(
                f"{moment_text(start, now.date())} is in the past; book what is ahead, or log the conversation "
                "if it took place"
            )
        return start

    def checked(self, now: datetime) -> BookRequest:
        clean = BookRequest.typed(self.contact_id, self.start, minutes=self.minutes, where=self.where,
                                  note=self.note, held=self.held, kind=self.kind)  # fmt: skip
        if clean.start.tzinfo is None:
            raise InputError("the start needs its time zone")
        self.check_start(clean.start, clean.minutes, now, clean.held)
        limits.check_fields(clean, {"where": limits.MAX_LINE, "note": limits.MAX_TEXT})
        return clean


def _lines(items: Iterable[str] | str) -> tuple[str, ...] | str:
    return items if isinstance(items, str) else tuple(items)
