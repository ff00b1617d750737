"""Question prep: the bank of questions (nurture's and the user's own) and each contact's list."""

from __future__ import annotations

from collections.abc import Iterable

from nurture.domain import limits
from nurture.domain.errors import InputError
from nurture.domain.library import OwnQuestion, Prep
from nurture.domain.models import new_id
from nurture.domain.questions import BANK, CLOSING, TOPICS, Question, clean_question
from nurture.services.core import Context


class Questions:
    def __init__(self, context: Context) -> None:
        self.context = context

    def bank(self) -> list[Question]:
        """nurture's questions and the user's own, by topic (own ones after the built-in)."""
        own = sorted(self.context.repo.own_questions(),
                     key=lambda q: (q.created.isoformat() if q.created else "", q.id))  # fmt: skip
        by_topic = {topic: [q for q in BANK if q.topic == topic] for topic in TOPICS}
        for q in own:
            by_topic.setdefault(q.topic, []).append(Question(q.id, q.topic, q.text, own=True))
        return [q for questions in by_topic.values() for q in questions]

    def add(self, topic: str, text: str) -> Question:
        clean = clean_question(text)
        if topic not in TOPICS:
            raise InputError(f"unknown topic {topic!r}; choose one of: {', '.join(TOPICS)}")
        if any(q.text.casefold() == clean.casefold() for q in self.bank()):
            raise InputError("that question is already in the bank")
        own = OwnQuestion(new_id(), topic, clean, self.context.now())
        self.context.repo.save(questions=[own])
        return Question(own.id, topic, clean, own=True)

    def remove(self, question_id: str) -> None:
        """Remove one of the user's own questions from the bank (prep lists keep their copy)."""
        repo = self.context.repo
        if not any(q.id == question_id for q in repo.own_questions()):
            raise InputError("only questions you added can be removed from the bank")
        repo.delete_question(question_id)

    def prep(self, contact_id: str) -> list[str]:
        """The questions prepared for a contact, in order, without the closing question."""
        found = self.context.repo.prep(contact_id)
        return list(found.questions) if found else []

    def set_prep(self, contact_id: str, questions: Iterable[str]) -> list[str]:
        ctx = self.context
        clean: list[str] = []
        for q in questions:
            text = clean_question(q)
            if text.casefold() != CLOSING.casefold() and text.casefold() not in {c.casefold() for c in clean}:
                clean.append(text)
        limits.check_items("questions", clean, limits.MAX_ITEMS, limits.MAX_TEXT, "question")
        with ctx.repo.locked():
            ctx.contact(contact_id)
            ctx.repo.save(preps=[Prep(contact_id, tuple(clean), ctx.now())])
        return clean
