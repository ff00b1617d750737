"""The method's own tools, for the shell and the dashboard alike: question prep (and, in the
screens that use them, outreach drafts, target companies and meeting mode). Mixed into
``Nurture``: the same repository, clock and checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from nurture.domain.errors import InputError
from nurture.domain.library import OwnQuestion, Prep
from nurture.domain.models import Contact, new_id
from nurture.domain.questions import BANK, CLOSING, TOPICS, Question, clean_question

if TYPE_CHECKING:
    from nurture.store import Repository

class WorkflowServices:
    repo: Repository
    now: Callable[[], datetime]
    today: Callable[[], date]
    _contact: Callable[[str], Contact]

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
        with self.repo.locked():
            self._contact(contact_id)
            self.repo.save(preps=[Prep(contact_id, tuple(clean), self.now())])
        return clean

