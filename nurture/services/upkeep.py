"""Looking after the data files: checking them (``nurture doctor``) and putting a backup back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nurture.domain.wording import count
from nurture.services.core import Context
from nurture.store import DataFileError
from nurture.store.doctor import Report, check, find_backup, restore


@dataclass(frozen=True)
class Restored:
    """A restore: the backup put back, what the data held before and after it (in a user's
    terms: "12 contacts, 40 interactions"), and the backup of the state it replaced (``None``
    when there was nothing to keep)."""

    backup: Path
    before: str
    after: str
    kept: Path | None


class Upkeep:
    def __init__(self, context: Context) -> None:
        self.context = context

    def doctor(self) -> Report:
        """Every data file and backup checked; nothing is changed."""
        return check(self.context.repo)

    def restore(self, name: str) -> Restored:
        """Put back the backup called ``name``, after backing up the current state."""
        repo = self.context.repo
        backup = find_backup(repo, name)
        before = self._tally()
        kept = restore(repo, backup)
        return Restored(backup, before, self._tally(), kept)

    def _tally(self) -> str:
        repo = self.context.repo
        try:
            contacts = len(repo.contacts_file.records())
            interactions = sum(len(f.entries()) for f in repo.interaction_files.values())
        except DataFileError:
            return "unreadable"
        return f"{count(contacts, 'contact')}, {count(interactions, 'interaction')}"
