"""What the user can do, for the shell command and the dashboard alike.

Each operation validates first, then does its read-modify-write under the store's lock on a
fresh read, so a change made by another process in the meantime is never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from nurture.domain import fields, limits
from nurture.domain.dates import PAST, Cadence, check_ahead, check_later, check_past, parse_date
from nurture.domain.errors import ConflictError, InputError
from nurture.domain.lookup import namesake, resolve
from nurture.domain.models import (
    NUDGE,
    PROSPECT,
    ActionItem,
    Contact,
    FollowUp,
    Interaction,
    Review,
    Settings,
    StageChange,
    new_id,
)
from nurture.domain.network import Network
from nurture.domain.queue import QueueItem, check_one_nudge, queue_of
from nurture.domain.review import Commitment, open_commitments, review_week, week_start
from nurture.domain.stages import stage_after
from nurture.domain.stored import FieldError
from nurture.domain.text import printable
from nurture.store import Repository
from nurture.workflow import WorkflowServices

#: Contact fields the user edits as plain text.
TEXT_FIELDS = ("role", "company", "industry", "location", "phone", "how_met", "notes")
#: How a message names a setting.
_SETTING_NAMES = {"my_goal": "your goal", "theme": "the theme"}


@dataclass(frozen=True)
class Logged:
    interaction: Interaction
    contact: Contact
    stage_changed: bool


class Nurture(WorkflowServices):
    def __init__(
        self,
        repo: Repository,
        today: Callable[[], date],
        now: Callable[[], datetime] = datetime.now,
        date_order: str = "",
    ) -> None:
        """``date_order``: how slashed dates read when the settings do not say (the locale's
        way, found by the entry point: ``nurture.domain.dates.locale_date_order``)."""
        self.repo = repo
        self.today = today
        self.now = now
        self.locale_date_order = date_order

    # --- reading --------------------------------------------------------------------------

    def network(self) -> Network:
        return self.repo.load()

    def find(self, query: str) -> Contact:
        return resolve(self.network().contacts.values(), query)

    def queue(self, as_of: date | None = None, within: int = 0) -> list[QueueItem]:
        return queue_of(self.network(), as_of or self.today(), within)

    def settings(self) -> Settings:
        return self.repo.settings()

    def date_order(self) -> str:
        """How a slashed date reads: the setting, else the locale's way, else month first ("")."""
        return self.settings().date_order or self.locale_date_order

    def read_date(self, text: str, prefer: str = PAST) -> date:
        """A date as the user typed it, read with today and their date order."""
        return parse_date(text, self.today(), prefer, self.date_order())

    # --- contacts -------------------------------------------------------------------------

    def add_contact(self, name: str, *, allow_duplicate: bool = False, **given: Any) -> Contact:
        """Add a contact (fields as ``_new_contact`` takes them); refuses a second contact with
        the same name unless ``allow_duplicate``."""
        contact = self._new_contact(name, **given)
        clean_name, referred_by = contact.name, contact.referred_by
        with self.repo.locked():
            existing = self.repo.load().contacts
            if referred_by and referred_by not in existing:
                raise InputError("the contact named as referrer no longer exists")
            twin = namesake(existing.values(), clean_name)
            if twin is not None and not allow_duplicate:
                raise InputError(
                    f"a contact named {clean_name!r} already exists"
                    f"{' at ' + printable(twin.company) if twin.company else ''}. "
                    "To add a second person with this name, allow a duplicate "
                    "(--allow-duplicate on the command line)."
                )
            self.repo.save(contacts=[contact])
        return contact

    def _new_contact(
        self,
        name: str,
        *,
        tags: Iterable[str] | str = (),
        cadence: Cadence | str | None = None,
        referred_by: str | None = None,
        stage: str | None = None,
        email: str = "",
        linkedin: str = "",
        **text: str,
    ) -> Contact:
        """A new contact from what the user typed, checked and cleaned (not saved)."""
        now = self.now()
        stage = fields.clean_stage(stage) if stage else PROSPECT
        contact = Contact(
            id=new_id(),
            name=fields.clean_name(name),
            email=fields.clean_email(email),
            linkedin=fields.clean_linkedin(linkedin),
            tags=fields.clean_tags(tags),
            stage=stage,
            cadence=_cadence(cadence),
            referred_by=referred_by or None,
            stage_history=(StageChange(self.today(), stage),),
            created=now,
            updated=now,
            **_text_fields(text),
        )
        limits.check_contact(contact)
        return contact

    def update_contact(self, contact_id: str, *, expected: Contact | None = None, **changes: Any) -> Contact:
        """Change fields of a contact. ``stage`` set by hand is recorded in its history.

        With ``expected`` (the contact as the user saw it when they started editing), a field
        the user changed that was also changed elsewhere meanwhile raises ``ConflictError``
        instead of being overwritten; changes elsewhere to other fields are kept."""
        clean: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "name":
                clean[key] = fields.clean_name(value)
            elif key == "email":
                clean[key] = fields.clean_email(value)
            elif key == "linkedin":
                clean[key] = fields.clean_linkedin(value)
            elif key == "tags":
                clean[key] = fields.clean_tags(value)
            elif key == "stage":
                clean[key] = fields.clean_stage(value)
            elif key == "cadence":
                clean[key] = _cadence(value)
            elif key in TEXT_FIELDS:
                clean[key] = fields.clean_text(value)
            elif key in ("referred_by", "snoozed_until", "archived"):
                clean[key] = value
            else:
                raise TypeError(f"unknown contact field {key!r}")
        limits.check_contact(SimpleNamespace(**clean), only=list(clean))  # only what changes
        with self.repo.locked():
            current = self._contact(contact_id)
            if expected is not None:
                conflicts = [
                    (key, getattr(current, key), value)
                    for key, value in clean.items()
                    if getattr(current, key) != getattr(expected, key) and getattr(current, key) != value
                ]
                if conflicts:
                    raise ConflictError(current.name, conflicts)
            if clean.get("referred_by") == contact_id:
                raise InputError("a contact cannot have introduced themselves")
            if "stage" in clean and clean["stage"] != current.stage:
                clean["stage_history"] = current.stage_history + (
                    StageChange(self.today(), clean["stage"], manual=True),
                )
            updated = current.evolve(**clean, updated=self.now())
            self.repo.save(contacts=[updated])
        return updated

    def move_stage(self, contact_id: str, stage: str) -> Contact:
        """Put a contact at ``stage`` by hand (the pipeline's move). Always recorded, even when
        the stored stage is the same: moving a contact the rules made dormant back to
        'requested' is the user saying they answered, and must stick."""
        stage = fields.clean_stage(stage)
        with self.repo.locked():
            current = self._contact(contact_id)
            change = StageChange(self.today(), stage, manual=True)
            history = current.stage_history
            if history and history[-1] == change:
                return current
            updated = current.evolve(stage=stage, stage_history=history + (change,), updated=self.now())
            self.repo.save(contacts=[updated])
        return updated

    def snooze(self, contact_id: str, until: date | None) -> Contact:
        if until is not None:
            check_later(until, self.today())
        return self.update_contact(contact_id, snoozed_until=until)

    def archive(self, contact_id: str, archived: bool = True) -> Contact:
        return self.update_contact(contact_id, archived=archived)

    # --- interactions ---------------------------------------------------------------------

    def log(self, contact_id: str, kind: str, on: date | None = None, *, completes: str | None = None,
            **details: Any) -> Logged:  # fmt: skip
        """Log an interaction and move the contact's stage on (prospect → requested on outreach,
        → met on a conversation, met → nurturing on a thank-you). ``details``: summary, notes,
        takeaways, todos, their_todos, duration_minutes, as ``_logged`` takes them.
        ``completes``: the id of a follow-up this touch does, marked done in the same save."""
        with self.repo.locked():
            logged = self._logged(contact_id, kind, on, **details)
            done = [self._completed(completes, logged.interaction.on)] if completes else []
            self.repo.save(contacts=[logged.contact] if logged.stage_changed else [],
                           interactions=[logged.interaction], followups=done)
        return logged

    def _logged(
        self,
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
    ) -> Logged:
        """The interaction and the contact as ``log`` would save them (call with the lock held)."""
        kind = fields.clean_kind(kind)
        on = check_past(on or self.today(), self.today())
        actions = tuple(ActionItem(t, "me") for t in fields.clean_lines(todos)) + tuple(
            ActionItem(t, "them") for t in fields.clean_lines(their_todos)
        )
        interaction = Interaction(
            id=new_id(),
            contact_id=contact_id,
            on=on,
            kind=kind,
            summary=fields.clean_text(summary),
            notes=fields.clean_notes(notes),
            takeaways=fields.clean_lines(takeaways),
            action_items=actions,
            duration_minutes=fields.clean_minutes(duration_minutes),
            created=self.now(),
        )
        limits.check_interaction(interaction)
        contact = self._contact(contact_id)
        if kind == NUDGE:  # one nudge, never more: held here, so every way of logging obeys it
            check_one_nudge(self.repo.load().touches(contact_id), on)
        stage = stage_after(contact.stage, kind)
        changed = stage != contact.stage
        if changed:
            contact = contact.evolve(
                stage=stage,
                stage_history=contact.stage_history + (StageChange(on, stage),),
                updated=self.now(),
            )
        return Logged(interaction, contact, changed)

    def commitments(self, as_of: date | None = None) -> dict[str, list[Commitment]]:
        """Open action items across everyone: {"mine": […], "theirs": […]}, oldest first."""
        return open_commitments(self.network(), as_of or self.today())

    def set_action_done(self, contact_id: str, interaction_id: str, index: int, done: bool = True) -> None:
        with self.repo.locked():
            current = self.repo.interaction(contact_id, interaction_id)
            if current is None or not 0 <= index < len(current.action_items):
                raise InputError("that action item no longer exists (changed elsewhere?)")
            items = list(current.action_items)
            items[index] = ActionItem(items[index].text, items[index].owner, done)
            self.repo.save(interactions=[replace(current, action_items=tuple(items))])

    def delete_interaction(self, interaction: Interaction) -> None:
        self.repo.delete_interaction(interaction)

    # --- follow-ups -----------------------------------------------------------------------

    def add_followup(self, contact_id: str, due: date, text: str) -> FollowUp:
        check_ahead(due, self.today())
        what = fields.clean_text(text)
        if not what:
            raise InputError("say what the follow-up is (it cannot be blank)")
        limits.check_fields(SimpleNamespace(text=what), limits.FOLLOWUP_TEXT, label=lambda _: "follow-up")
        followup = FollowUp(new_id(), contact_id, due, what, None, self.now())
        with self.repo.locked():
            self._contact(contact_id)
            self.repo.save(followups=[followup])
        return followup

    def complete_followup(self, followup_id: str, on: date | None = None) -> FollowUp:
        with self.repo.locked():
            done = self._completed(followup_id, on or self.today())
            self.repo.save(followups=[done])
        return done

    def _completed(self, followup_id: str, on: date) -> FollowUp:
        """The follow-up, marked done on ``on`` (call with the lock held)."""
        current = self.repo.followup(followup_id)
        if current is None:
            raise InputError("that follow-up no longer exists")
        return replace(current, done_on=on)

    # --- the weekly review ---------------------------------------------------------------

    def review(self, day: date | None = None):
        return review_week(self.network(), day or self.today(), self.today())

    def mark_reviewed(self, day: date | None = None) -> Review:
        review = Review(week_start(day or self.today()), self.today())
        self.repo.save_review(review)
        return review

    # --- import and export ----------------------------------------------------------------

    def import_file(self, path, fmt: str = "auto", *, dry_run: bool = False, progress=None):
        from nurture import transfer

        return transfer.import_file(self, path, fmt, dry_run=dry_run, progress=progress)

    def export(self, fmt: str, *, days: int = 30) -> bytes:
        from nurture import transfer

        return transfer.export(self, fmt, days=days)

    def export_to(self, fmt: str, target, *, days: int = 30, replace: bool = False) -> int:
        from nurture import transfer

        return transfer.export_to(self, fmt, target, days=days, replace=replace)

    # --- settings -------------------------------------------------------------------------

    def update_settings(self, **changes: Any) -> Settings:
        """Change settings; each value is held to its range and size (``nurture.domain.limits``)."""
        changes = {k: fields.clean_text(v) if k in _SETTING_NAMES else v for k, v in changes.items()}
        limits.check_fields(SimpleNamespace(**changes), limits.SETTINGS_TEXT, label=_SETTING_NAMES.get)
        with self.repo.locked():
            settings = replace(self.repo.settings(), **changes)
            try:
                settings.check()
            except FieldError as e:
                raise InputError(f"settings: {e}") from None
            self.repo.save_settings(settings)
        return settings

    # --- helpers --------------------------------------------------------------------------

    def _contact(self, contact_id: str) -> Contact:
        contact = self.repo.contact(contact_id)
        if contact is None:
            raise InputError("that contact no longer exists (was it removed elsewhere?)")
        return contact


def _cadence(value: Cadence | str | None) -> Cadence | None:
    if value is None or isinstance(value, Cadence):
        return value
    return Cadence.parse(value) if str(value).strip() else None


def _text_fields(text: dict[str, str]) -> dict[str, str]:
    unknown = set(text) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    return {key: fields.clean_text(value) for key, value in text.items()}
