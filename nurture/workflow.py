"""The method's own tools, for the shell and the dashboard alike: question prep, meeting mode,
outreach drafts and target companies. Mixed into ``Nurture``: the same repository, clock and checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nurture.domain import limits
from nurture.domain.errors import InputError
from nurture.domain.lookup import namesake
from nurture.domain.library import MeetingDraft, OwnQuestion, Prep, Target, TemplateText
from nurture.domain.meeting import parse_notes
from nurture.domain.models import CONVERSATIONS, Contact, Settings, new_id
from nurture.domain.network import Network
from nurture.domain.outreach import BUILT_IN, BY_KEY, Template, check_template
from nurture.domain.text import printable
from nurture.domain.targets import Coverage, clean_target, company_key, coverage
from nurture.domain.questions import BANK, CLOSING, TOPICS, Question, clean_question

if TYPE_CHECKING:
    from nurture.services import Logged
    from nurture.store import Repository


@dataclass(frozen=True)
class Ended:
    """What ending a meeting saved: the logged conversation, and the referrals added as
    prospects (``known``: referrals already in the contacts, left as they were)."""

    logged: Logged
    added: list[Contact]
    known: list[Contact]


class WorkflowServices:
    repo: Repository
    now: Callable[[], datetime]
    today: Callable[[], date]
    _contact: Callable[[str], Contact]
    _logged: Callable[..., Any]
    _new_contact: Callable[..., Contact]
    network: Callable[[], Network]
    settings: Callable[[], Settings]
    log: Callable[..., Logged]

    # --- question prep ------------------------------------------------------------------------

    def question_bank(self) -> list[Question]:
        """nurture's questions and the user's own, by topic (own ones after the built-in)."""
        own = sorted(self.repo.own_questions(), key=lambda q: (q.created.isoformat() if q.created else "", q.id))
        by_topic = {topic: [q for q in BANK if q.topic == topic] for topic in TOPICS}
        for q in own:
            by_topic.setdefault(q.topic, []).append(Question(q.id, q.topic, q.text, own=True))
        return [q for questions in by_topic.values() for q in questions]

    def add_question(self, topic: str, text: str) -> Question:
        clean = clean_question(text)
        if topic not in TOPICS:
            raise InputError(f"unknown topic {topic!r}; choose one of: {', '.join(TOPICS)}")
        if any(q.text.casefold() == clean.casefold() for q in self.question_bank()):
            raise InputError("that question is already in the bank")
        own = OwnQuestion(new_id(), topic, clean, self.now())
        self.repo.save(questions=[own])
        return Question(own.id, topic, clean, own=True)

    def remove_question(self, question_id: str) -> None:
        """Remove one of the user's own questions from the bank (prep lists keep their copy)."""
        if not any(q.id == question_id for q in self.repo.own_questions()):
            raise InputError("only questions you added can be removed from the bank")
        self.repo.delete_question(question_id)

    def prep(self, contact_id: str) -> list[str]:
        """The questions prepared for a contact, in order, without the closing question."""
        found = self.repo.prep(contact_id)
        return list(found.questions) if found else []

    def set_prep(self, contact_id: str, questions: Iterable[str]) -> list[str]:
        clean: list[str] = []
        for q in questions:
            text = clean_question(q)
            if text.casefold() != CLOSING.casefold() and text.casefold() not in {c.casefold() for c in clean}:
                clean.append(text)
        limits.check_items("questions", clean, limits.MAX_ITEMS, limits.MAX_TEXT, "question")
        with self.repo.locked():
            self._contact(contact_id)
            self.repo.save(preps=[Prep(contact_id, tuple(clean), self.now())])
        return clean

    # --- meeting mode -------------------------------------------------------------------------

    def meeting(self, contact_id: str) -> MeetingDraft | None:
        """The meeting in progress with this contact, as last autosaved."""
        return self.repo.meeting(contact_id)

    def save_meeting(self, draft: MeetingDraft) -> None:
        with self.repo.locked():
            self._contact(draft.contact_id)
            self.repo.save(meetings=[draft])

    def end_meeting(self, draft: MeetingDraft, kind: str, minutes: int | str | None, summary: str = "") -> Ended:
        """Log the conversation (notes, marked takeaways and action items, real length), add
        each referral as a prospect introduced by this contact, and close the draft: one save,
        all of it or nothing."""
        parsed = parse_notes(draft.notes)
        if kind not in CONVERSATIONS:
            raise InputError(f"{kind!r} is not a conversation; choose one of: {', '.join(sorted(CONVERSATIONS))}")
        with self.repo.locked():
            logged = self._logged(draft.contact_id, kind, summary=summary, notes=parsed.notes,
                                  takeaways=parsed.takeaways, todos=parsed.mine, their_todos=parsed.theirs,
                                  duration_minutes=minutes)
            existing = list(self.repo.load().contacts.values())
            added: list[Contact] = []
            known: list[Contact] = []
            for ref in draft.referrals:
                new = self._new_contact(ref.name, company=ref.company, notes=ref.note, referred_by=draft.contact_id,
                                        how_met=f"introduced by {logged.contact.name}")
                twin = namesake([*existing, *added], new.name)
                if twin is not None:
                    known.append(twin)
                else:
                    added.append(new)
            changed = [logged.contact] if logged.stage_changed else []
            self.repo.save(contacts=changed + added, interactions=[logged.interaction],
                           meetings_ended=[draft.contact_id])
        return Ended(logged, added, known)

    # --- outreach drafts ------------------------------------------------------------------------

    def templates(self) -> list[Template]:
        """The six templates, each in the user's wording where they edited it."""
        own = self.repo.templates()
        return [t._replace(body=own[t.key].body, edited=True) if t.key in own else t for t in BUILT_IN]

    def save_template(self, key: str, body: str) -> Template:
        if key not in BY_KEY:
            raise InputError(f"unknown template {key!r}")
        text = check_template(body)
        self.repo.save_template(TemplateText(key, text, self.now()))
        return BY_KEY[key]._replace(body=text, edited=True)

    def reset_template(self, key: str) -> Template:
        self.repo.reset_template(key)
        return BY_KEY[key]

    def outreach_values(self, contact_id: str) -> dict[str, str]:
        """What fills the placeholders for this contact: their name, company and role, who
        introduced them, the user's goal, and the latest takeaway from a conversation."""
        network = self.network()
        contact = network.contacts.get(contact_id) or self._contact(contact_id)
        referrer = network.contacts.get(contact.referred_by) if contact.referred_by else None
        takeaway = next((i.takeaways[-1] for i in reversed(network.timeline(contact_id)) if i.takeaways), "")
        return {
            "first_name": contact.first_name, "company": contact.company, "role": contact.role,
            "referrer": referrer.name if referrer else "", "my_goal": self.settings().my_goal,
            "takeaway": takeaway,
        }

    def mark_sent(self, contact_id: str, key: str, text: str) -> Logged:
        """Log the message as sent: the template's interaction, with the text as its notes (a
        second nudge is refused by ``log``, as everywhere)."""
        template = BY_KEY[key]
        return self.log(contact_id, template.kind, summary=template.title, notes=text)

    def save_draft_file(self, contact_id: str, key: str, text: str) -> Path:
        contact = self._contact(contact_id)
        slug = "-".join(re.findall(r"[a-z0-9]+", contact.name.casefold()))[:40] or "contact"
        return self.repo.write_private(f"drafts/{slug}-{key}.txt", text.rstrip("\n") + "\n")

    # --- target companies -----------------------------------------------------------------------

    def targets(self) -> list[Target]:
        return sorted(self.repo.targets(), key=lambda t: t.name.casefold())

    def add_target(self, name: str) -> Target:
        """Add a target company; refuses one that is already a target (legal forms ignored)."""
        clean = clean_target(name)
        with self.repo.locked():
            existing = next((t for t in self.repo.targets() if company_key(t.name) == company_key(clean)), None)
            if existing is not None:
                raise InputError(f"{printable(existing.name)} is already a target company")
            target = Target(new_id(), clean, self.now())
            self.repo.save_target(target)
        return target

    def remove_target(self, target_id: str) -> None:
        self.repo.delete_target(target_id)

    def coverage(self) -> list[Coverage]:
        return coverage(self.network(), self.targets(), self.today())
