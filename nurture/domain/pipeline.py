"""The pipeline: every contact in a column for the stage they are at, longest waiting first.

Stages are the method's steps (prospect → requested → scheduled → met → nurturing) plus dormant.
A contact's column is their effective stage (an unanswered nudge makes them dormant); moving
one by hand is a stage change kept in their history (see ``Nurture.update_contact``).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from nurture.domain.dates import add_days
from nurture.domain.models import STAGES, Contact, role_at
from nurture.domain.network import Network


class Card(NamedTuple):
    contact_id: str
    name: str
    role: str
    company: str
    stage: str
    #: Since when the contact has been at this stage (their last change to it, else added).
    since: date | None

    @property
    def where(self) -> str:
        return role_at(self.role, self.company)


def since(contact: Contact) -> date | None:
    for change in reversed(contact.stage_history):
        if change.stage == contact.stage:
            return change.on
    return contact.created.date() if contact.created else None


def _since(network: Network, contact: Contact, stage: str) -> date | None:
    if stage == contact.stage:
        return since(contact)
    # made dormant by the rules: since the nudge went unanswered
    last = network.last_contact(contact.id)
    return add_days(last, network.settings.nudge_after_days) if last else None


def card(network: Network, contact: Contact, today: date) -> Card:
    """Where ``contact`` stands on ``today``: their effective stage, and since when."""
    stage = network.stage(contact, today)
    return Card(contact.id, contact.name, contact.role, contact.company, stage, _since(network, contact, stage))


def columns(network: Network, today: date) -> dict[str, list[Card]]:
    """Each stage's cards (archived contacts left out), the longest at their stage first."""
    out: dict[str, list[Card]] = {stage: [] for stage in STAGES}
    for c in network.contacts.values():
        if not c.archived:
            k = card(network, c, today)
            out.setdefault(k.stage, []).append(k)
    for cards in out.values():
        cards.sort(key=lambda k: (k.since or date.max, k.name.casefold(), k.contact_id))
    return out


def neighbour(stage: str, step: int) -> str | None:
    """The stage one column left (-1) or right (+1) of ``stage``; None past either end."""
    index = STAGES.index(stage) + step if stage in STAGES else -1
    return STAGES[index] if 0 <= index < len(STAGES) else None
