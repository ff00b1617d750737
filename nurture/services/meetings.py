"""Meeting mode: the draft autosaved while the user talks, and ending the meeting."""

from __future__ import annotations

from dataclasses import dataclass

from nurture.domain.errors import InputError
from nurture.domain.library import MeetingDraft
from nurture.domain.lookup import namesake
from nurture.domain.meeting import parse_notes
from nurture.domain.models import CONVERSATIONS, Contact
from nurture.domain.requests import ContactRequest, LogRequest
from nurture.services.core import Context, Logged


@dataclass(frozen=True)
class Ended:
    """What ending a meeting saved: the logged conversation, and the referrals added as
    prospects (``known``: referrals already in the contacts, left as they were)."""

    logged: Logged
    added: list[Contact]
    known: list[Contact]


class Meetings:
    def __init__(self, context: Context) -> None:
        self.context = context

    def meeting(self, contact_id: str) -> MeetingDraft | None:
        """The meeting in progress with this contact, as last autosaved."""
        return self.context.repo.meeting(contact_id)

    def save(self, draft: MeetingDraft) -> None:
        ctx = self.context
        with ctx.repo.locked():
            ctx.contact(draft.contact_id)
            ctx.repo.save(meetings=[draft])

    def end(self, draft: MeetingDraft, kind: str, minutes: int | str | None, summary: str = "") -> Ended:
        """Log the conversation (notes, marked takeaways and action items, real length), add
        each referral as a prospect introduced by this contact, and close the draft: one save,
        all of it or nothing."""
        ctx = self.context
        parsed = parse_notes(draft.notes)
        if kind not in CONVERSATIONS:
            raise InputError(f"{kind!r} is not a conversation; choose one of: {', '.join(sorted(CONVERSATIONS))}")
        request = LogRequest.typed(draft.contact_id, kind, summary=summary, notes=parsed.notes,
                                   takeaways=parsed.takeaways, todos=parsed.mine, their_todos=parsed.theirs,
                                   duration_minutes=minutes)  # fmt: skip
        with ctx.repo.locked():
            logged = ctx.logged(request)
            existing = list(ctx.repo.load().contacts.values())
            added: list[Contact] = []
            known: list[Contact] = []
            for ref in draft.referrals:
                new = ctx.new_contact(ContactRequest.typed(
                    ref.name, company=ref.company, notes=ref.note, referred_by=draft.contact_id,
                    how_met=f"introduced by {logged.contact.name}",
                ))  # fmt: skip
                twin = namesake([*existing, *added], new.name)
                if twin is not None:
                    known.append(twin)
                else:
                    added.append(new)
            changed = [logged.contact] if logged.stage_changed else []
            ctx.repo.save(contacts=changed + added, interactions=[logged.interaction],
                          meetings_ended=[draft.contact_id], appointments=logged.held)  # fmt: skip
        return Ended(logged, added, known)
