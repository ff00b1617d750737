"""What the dashboard shows first, read before everything else: the names in the contact list.

Opening the dashboard at 30,000 contacts reads the contacts, 16 indexes of interactions and
the follow-ups, and works out the whole queue: seconds. The names come from the contacts file
alone, and from its records as stored, not yet decoded into contacts: the list can show
everyone while the rest is read. The file is parsed once: ``Repository.load`` decodes the
records from the same parsed copy (the store keeps it while the file is unchanged).
"""

from __future__ import annotations

from typing import Any

from nurture.domain.models import STAGES
from nurture.domain.search import Listed
from nurture.services.core import Context
from nurture.store.records import gc_paused

_STAGES = frozenset(STAGES)


def _text(value: Any) -> str:
    return value if type(value) is str else ""


class Startup:
    def __init__(self, context: Context) -> None:
        self.context = context

    def settle_copies(self) -> list[str]:
        """On start: merge the conflict copies a file-sync tool (Syncthing, Dropbox …) left beside
        the data files, and set them aside in ``backups/conflict-copies/``: a line for each, to
        show (a notification, stderr). Run it in a worker: it reads and may write data files."""
        from nurture.services.sync import Sync

        return Sync(self.context).settle_copies()

    def names(self) -> list[tuple[Listed, str]]:
        """Every contact not archived, as the list first shows them, with their stored stage
        ("" where it is not one). A record this cannot read is left out: the full load that
        follows shows everyone, or says what is damaged."""
        repo = self.context.repo
        with repo.locked(write=False), gc_paused():
            raw = repo.stored_contacts()
            new = tuple.__new__  # no call of the named tuple's own __new__ per contact
            out: list[tuple[Listed, str]] = []
            for doc in raw.values():
                get = doc.get
                cid, name, company, role, tags = get("id"), get("name"), get("company"), get("role"), get("tags")
                if type(cid) is not str or type(name) is not str or get("archived") is True:
                    continue
                tags = tuple(t for t in tags if type(t) is str) if type(tags) is list and tags else ()
                stage = get("stage")
                listed = new(Listed, (cid, name, _text(company), _text(role), tags))
                out.append((listed, stage if stage in _STAGES else ""))
            return out
