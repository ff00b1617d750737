"""Looking after the data files: checking them (``nurture doctor``) and putting a backup back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from nurture.domain.appointments import clock_ago, split_time, yearless
from nurture.domain.dates import PAST, parse_date, shift
from nurture.domain.errors import InputError
from nurture.domain.retention import when_made
from nurture.domain.wording import count, quoted
from nurture.services.core import Context
from nurture.store import DataFileError
from nurture.store.backups import list_backups, made_at
from nurture.store.doctor import Report, backup_before, check, find_backup, restore


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
        return self._restore(find_backup(self.context.repo, name))

    def restore_before(self, when: str) -> Restored:
        """Put back the newest backup made before ``when`` (as the user types a day, or a day
        and a time: "2 days ago", "yesterday", "2026-11-20", "28 Nov 15:00"; a day alone is its
        start), after backing up the current state. ``InputError`` when there is none."""
        repo = self.context.repo
        now = repo.now()  # the clock the backups are named by
        moment = self.moment(when, now)
        backup = backup_before(repo, moment)
        if backup is None:
            oldest = next((t for b in list_backups(repo.data_dir) if (t := made_at(b)) is not None), None)
            have = f"the oldest is from {when_made(oldest, now)}" if oldest else "there are no backups yet"
            raise InputError(
                f"no backup was made before {moment:%a} {moment.day} {moment:%b %Y %H:%M}: {have}. "
                "`nurture doctor` lists them."
            )
        return self._restore(backup)

    def moment(self, when: str, now: datetime) -> datetime:
        """``when`` as typed, read against ``now`` (local wall time): a day alone is its start."""
        if " ".join(when.split()).casefold() == "now":
            return now
        if (earlier := clock_ago(when, now)) is not None:
            return earlier
        try:
            order = self.context.date_order()
        except DataFileError:  # a restore must run whatever the settings file holds
            order = self.context.locale_date_order
        day_text, at = split_time(when)
        day = parse_date(day_text, now.date(), PAST, order) if day_text or at is None else now.date()
        moment = datetime.combine(day, at or time())
        if moment > now and yearless(day_text):  # "20 Dec" in January: last December
            moment = datetime.combine(shift(day, -1, "y"), at or time())
        if moment > now:
            raise InputError(f"{quoted(when)} is in the future: give a day or a time that has passed")
        return moment

    def _restore(self, backup: Path) -> Restored:
        before = self._tally()
        kept = restore(self.context.repo, backup)
        return Restored(backup, before, self._tally(), kept)

    def _tally(self) -> str:
        repo = self.context.repo
        try:
            contacts = len(repo.contacts_file.records())
            interactions = sum(len(f.entries()) for f in repo.interaction_files.values())
        except DataFileError:
            return "unreadable"
        return f"{count(contacts, 'contact')}, {count(interactions, 'interaction')}"
