"""The contact list's rows of the archived contacts (shown greyed when the user asks)."""

from __future__ import annotations

from datetime import date

from nurture.domain.network import Network
from nurture.domain.search import ContactRow, haystack


def archived_rows(network: Network, today: date) -> list[ContactRow]:
    """A row per archived contact (no queue item: archived people are never due)."""
    return [
        ContactRow(c, network.stage(c, today), network.last_contact(c.id), None, haystack(c))
        for c in network.contacts.values()
        if c.archived
    ]
