"""Adding and changing contacts: their fields, their stage by hand, a snooze, the archive, and
deleting one for good (``domain/erasure.py`` says what goes)."""

from __future__ import annotations

from typing import Any

from nurture.domain import fields
from nurture.domain.erasure import Erasure, unlinked
from nurture.domain.errors import ConflictError, InputError
from nurture.domain.fields import contact_changes
from nurture.domain.lookup import check_unique_name
from nurture.domain.models import Contact, StageChange
from nurture.domain.requests import ContactRequest, SnoozeRequest
from nurture.services.core import Context


class Contacts:
    def __init__(self, context: Context) -> None:
        self.context = context

    def add(self, request: ContactRequest, *, allow_duplicate: bool = False) -> Contact:
        """Add a contact; refuses a second contact with the same name unless ``allow_duplicate``."""
        ctx = self.context
        contact = ctx.new_contact(request)
        with ctx.repo.locked():
            if contact.referred_by and ctx.repo.contact(contact.referred_by) is None:
                raise InputError("the contact named as referrer no longer exists")
            if not allow_duplicate:
                check_unique_name(ctx.namesakes(contact.name), contact.name)
            ctx.repo.save(contacts=[contact])
        return contact

    def update(self, contact_id: str, *, expected: Contact | None = None, **changes: Any) -> Contact:
        """Change fields of a contact. ``stage`` set by hand is recorded in its history;
        ``emails=`` and ``phones=`` set all of them, the first preferred (``contact_changes``).

        With ``expected`` (the contact as the user saw it when they started editing), a field
        the user changed that was also changed elsewhere meanwhile raises ``ConflictError``
        instead of being overwritten; changes elsewhere to other fields are kept."""
        ctx = self.context
        clean = contact_changes(changes)
        with ctx.repo.locked():
            current = ctx.contact(contact_id)
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
            if "name" in clean and clean["name"].casefold() != current.name.casefold():
                check_unique_name(ctx.namesakes(clean["name"]), clean["name"], editing=contact_id)
            if "stage" in clean and clean["stage"] != current.stage:
                clean["stage_history"] = (*current.stage_history, StageChange(ctx.today(), clean["stage"], manual=True))
            updated = current.evolve(**clean, updated=ctx.now())
            # the preferred email and phone first, never repeated among the others (one of them
            # may have been changed here and the other elsewhere)
            updated = updated.with_emails(updated.emails).with_phones(updated.phones)
            ctx.repo.save(contacts=[updated])
            if updated.name != current.name:
                ctx.repo.move_drafts(current.name, updated)  # their saved drafts keep following them
        return updated

    def move_stage(self, contact_id: str, stage: str) -> Contact:
        """Put a contact at ``stage`` by hand (the pipeline's move). Always recorded, even when
        the stored stage is the same: moving a contact the rules made dormant back to
        'requested' is the user saying they answered, and must stick."""
        ctx = self.context
        stage = fields.clean_stage(stage)
        with ctx.repo.locked():
            current = ctx.contact(contact_id)
            change = StageChange(ctx.today(), stage, manual=True)
            history = current.stage_history
            if history and history[-1] == change:
                return current
            updated = current.evolve(stage=stage, stage_history=(*history, change), updated=ctx.now())
            ctx.repo.save(contacts=[updated])
        return updated

    def snooze(self, request: SnoozeRequest) -> Contact:
        request = request.checked(self.context.today())
        return self.update(request.contact_id, snoozed_until=request.until)

    def archive(self, contact_id: str, archived: bool = True) -> Contact:
        return self.update(contact_id, archived=archived)

    def erasure(self, contact_id: str) -> Erasure:
        """What deleting this contact would remove (for the confirmation)."""
        found = self.context.repo.erasure_of(contact_id)
        if found is None:
            raise InputError("that contact no longer exists (deleted meanwhile?)")
        return found

    def delete(self, contact_id: str) -> Erasure:
        """Delete the contact for good with every record keyed to them, in one atomic save;
        the people they introduced keep the link as text (``unlinked``). Returns what went."""
        ctx = self.context
        with ctx.repo.locked():
            gone = self.erasure(contact_id)
            now = ctx.now()
            ctx.repo.erase(gone, [unlinked(c, gone.contact.name, now) for c in gone.introduced])
        return gone
