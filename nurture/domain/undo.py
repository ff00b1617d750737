"""Undo's steps: what one change in the dashboard wrote, record by record, before and after.

A step is recorded where the writes happen (``services/undo.py`` is told of every record a save
writes, ``Repository.watch``), so no action re-implements its own undo. Undoing a step writes
each record's before-image back, unless one of them is no longer its after-image: then someone
changed it since (another window, the shell, a later step that was not undone), and the undo is
refused rather than throwing that change away.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

#: How many steps back the dashboard can undo.
KEEP = 50

#: (source, id): a record as the repository names it ("contacts", "interactions/3", …).
Key = tuple[str, str]


@dataclass(frozen=True)
class Change:
    """One record a step wrote: as it was before the step, and as the step left it (None: there
    was none before / the step deleted it)."""

    source: str
    id: str
    before: Any | None
    after: Any | None

    @property
    def key(self) -> Key:
        return (self.source, self.id)

    @property
    def kind(self) -> str:
        """ "contacts", "interactions", "followups", "targets", …"""
        return self.source.split("/", 1)[0]


@dataclass(frozen=True)
class Step:
    """One undoable change: its label ("logged call with Maya Chen") and the records it wrote.
    A step with ``barrier`` is a change that cannot be undone (an import, a deletion for good),
    kept in the history so ctrl+z never reaches past it silently: undoing it writes nothing and
    says ``barrier``; the next ctrl+z undoes the step before it."""

    label: str
    changes: tuple[Change, ...]
    #: What cannot be undone ("The import of contacts.csv"), or "" for an ordinary step.
    barrier: str = ""
    #: A barrier's: when it was made, and whether steps were kept before it in this session.
    at: datetime | None = None
    earlier: bool = False
    #: What ctrl+z said on reaching the barrier (``stopped``), once it has.
    said: str = ""
    #: The name of the person the step was about (``contact_id``) as it was recorded: a refusal
    #: names them even once they are deleted for good.
    who: str = ""

    @property
    def contact_id(self) -> str | None:
        """The person the step was about: the contact it wrote, else the contact of the first
        record it wrote that belongs to one (a log, a follow-up, a booking); None for a target or
        the settings."""
        for change in self.changes:
            if change.kind == "contacts":
                return change.id
        for change in self.changes:
            record = change.after if change.after is not None else change.before
            owner = getattr(record, "contact_id", None)
            if owner:
                return str(owner)
        return None


class Recording:
    """The records one step writes, as it writes them: the first before-image of each and its
    last after-image (a record written twice in one step is undone to how it was at the start)."""

    def __init__(self) -> None:
        self.before: dict[Key, Any | None] = {}
        self.after: dict[Key, Any | None] = {}

    def saw(self, key: Key, after: Any | None, before: Callable[[], Any | None]) -> None:
        """``key`` written as ``after``; ``before()`` reads it as stored, on its first write."""
        if key not in self.before:
            self.before[key] = before()
        self.after[key] = after

    def step(self, label: str) -> Step:
        return Step(label, tuple(Change(s, i, self.before[(s, i)], self.after[(s, i)]) for s, i in self.after))


def same(a: Any | None, b: Any | None) -> bool:
    """Whether two versions of a record are the same as stored (their encoded form: a record
    read back from the file equals the one written, whatever the types in memory)."""
    if a is None or b is None:
        return a is None and b is None
    return _encoded(a) == _encoded(b)


def _encoded(record: Any) -> str:
    return json.dumps(record.to_dict(), sort_keys=True, default=str)


def changed_since(step: Step, now: Mapping[Key, Any | None]) -> list[Change]:
    """The changes whose record is no longer as the step left it (``now``: each as stored)."""
    return [c for c in step.changes if not same(c.after, now.get(c.key))]


def describe(change: Change, name_of: Callable[[str], str | None]) -> str:
    """What a record is, in words: "Maya Chen", "the call with Maya Chen on 2026-11-20", "target
    Acme". ``name_of(contact id)``: a contact's name, or None."""
    record = change.after if change.after is not None else change.before
    kind = change.kind
    if kind == "contacts":
        return str(getattr(record, "name", "") or "a contact")
    if kind == "targets":
        return f"target {getattr(record, 'name', '')}".strip()
    if kind == "settings":
        return "your settings"
    who = name_of(str(getattr(record, "contact_id", ""))) or "someone"
    if kind == "interactions":
        on = getattr(record, "on", None)
        return f"the {getattr(record, 'kind', 'interaction')} with {who}" + (f" on {on:%d %b %Y}" if on else "")
    words = {
        "followups": "the follow-up with",
        "appointments": "the appointment with",
        "prep": "the questions prepared for",
        "meetings": "the meeting in progress with",
        "reviews": "the weekly review of",
    }
    if kind == "reviews":
        return "the weekly review"
    return f"{words.get(kind, 'a record of')} {who}"


def refusal(step: Step, changed: Iterable[Change], now: Mapping[Key, Any | None],
            name_of: Callable[[str], str | None]) -> str:  # fmt: skip
    """Why a step is not undone: "Not undone (…): Maya Chen was changed since (…)". ``now``: each
    record as stored; ``name_of(contact id)``: a contact's name as stored, or None (deleted)."""
    changed = list(changed)
    first = changed[0]
    more = f" (and {count_of(len(changed) - 1)})" if len(changed) > 1 else ""
    owner = first.id if first.kind == "contacts" else _owner(first)
    if now.get(first.key) is None and owner and name_of(owner) is None:
        # the person is gone, and what was theirs with them: only a deletion for good does that
        names = {
            c.id: str(getattr(c.before or c.after, "name", "") or "") for c in step.changes if c.kind == "contacts"
        }
        if step.contact_id and step.who:
            names.setdefault(step.contact_id, step.who)

        def known(contact_id: str) -> str | None:
            return name_of(contact_id) or names.get(contact_id) or None

        gone = f"{describe(first, known)}{more} was deleted for good since"
        return f"Not undone ({step.label}): {gone}. Nothing was changed."
    how = "deleted" if now.get(first.key) is None else "changed"
    return (
        f"Not undone ({step.label}): {describe(first, name_of)}{more} was {how} since, in another window, "
        "the shell or a step not undone; undoing it would throw that away. Nothing was changed."
    )


def _owner(change: Change) -> str:
    record = change.after if change.after is not None else change.before
    return str(getattr(record, "contact_id", "") or "")


def count_of(n: int) -> str:
    return f"{n} more record" + ("" if n == 1 else "s")


class History:
    """The steps that can be undone, newest last; the oldest fall off past ``keep``."""

    def __init__(self, keep: int = KEEP) -> None:
        self._steps: deque[Step] = deque(maxlen=keep)
        #: Whether any step was ever kept: "nothing to undo yet" before, "nothing to undo" after.
        self.ever = False

    def push(self, step: Step) -> None:
        if step.changes or step.barrier:
            self._steps.append(step)
            self.ever = True

    def last(self) -> Step | None:
        return self._steps[-1] if self._steps else None

    def pop(self) -> Step | None:
        return self._steps.pop() if self._steps else None

    def __len__(self) -> int:
        return len(self._steps)


def nothing_to_undo(ever: bool) -> str:
    """What ctrl+z has nothing for: "nothing to undo yet" until a change was made here."""
    return "nothing to undo" if ever else "nothing to undo yet"


def stopped(step: Step, backup: str | None) -> str:
    """What ctrl+z says on reaching a change it cannot undo: that, and the backup that puts back
    the state before it (``backup``: its name, or None: there is none). The dashboard's backup is
    made before its first save, so with steps kept before the barrier in this session, restoring
    it takes those back too: said."""
    if backup is None:
        return f"{step.barrier} can't be undone (there is no backup from before it)"
    state = (
        "the state this session started from, before it and the changes made here before it"
        if step.earlier
        else ("the state before it")
    )
    return f"{step.barrier} can't be undone (nurture restore {backup} puts back {state})"
