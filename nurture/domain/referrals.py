"""Referral chains: who introduced whom. Each contact has at most one introducer
(``referred_by``), so the chains form trees; a chain is shown from its first introducer down."""

from __future__ import annotations

from dataclasses import dataclass, field

from nurture.domain.models import Contact
from nurture.domain.network import Network


@dataclass
class Node:
    contact: Contact
    children: list[Node] = field(default_factory=list)

    def size(self) -> int:
        return 1 + sum(child.size() for child in self.children)


def root_of(network: Network, contact_id: str) -> str:
    """The first introducer up the chain from ``contact_id`` (itself if nobody introduced it).
    A loop of introductions (possible by editing) stops where it would repeat."""
    seen = {contact_id}
    current = contact_id
    while True:
        parent = network.contacts[current].referred_by
        if parent is None or parent not in network.contacts or parent in seen:
            return current
        seen.add(parent)
        current = parent


def chain(network: Network, contact_id: str) -> Node:
    """The whole chain ``contact_id`` belongs to, from its root down; each person once."""
    root = Node(network.contacts[root_of(network, contact_id)])
    seen = {root.contact.id}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in network.referrals.get(node.contact.id, []):
            if child.id not in seen:
                seen.add(child.id)
                kid = Node(child)
                node.children.append(kid)
                stack.append(kid)
    return root
