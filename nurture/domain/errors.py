"""Errors the user can act on. Each message names the input and says what to do."""

from pathlib import Path


class NurtureError(Exception):
    """Base for every error shown to the user as a plain message."""


class InputError(NurtureError):
    """Something the user typed cannot be used (bad date, unknown contact, ...)."""


class TargetExists(InputError):
    """A file would be replaced that the user did not ask to replace. Each front end says how to
    confirm (``--force``, or ``ctrl+s`` again)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists; choose another name, or replace it")
        self.path = path


class ConflictError(NurtureError):
    """A record changed elsewhere, in a field the user also changed, while they were editing.
    ``conflicts`` holds ``(field, theirs, mine)`` for each such field."""

    def __init__(self, name: str, conflicts: list[tuple[str, object, object]]) -> None:
        fields = ", ".join(f for f, _, _ in conflicts)
        super().__init__(f"{name} was changed elsewhere while you edited ({fields})")
        self.name = name
        self.conflicts = conflicts
