"""Referral chains: from any contact, the whole tree of introductions it belongs to."""

from __future__ import annotations

from nurture.domain.models import Contact
from nurture.domain.network import Network
from nurture.domain.referrals import chain, root_of


def net(*pairs: tuple[str, str | None]) -> Network:
    return Network.of(Contact(cid, cid.upper(), referred_by=parent) for cid, parent in pairs)


def shape(node) -> tuple:
    return (node.contact.id, [shape(c) for c in node.children])


def test_the_chain_runs_from_the_first_introducer_down_whichever_member_you_start_from():
    n = net(("maya", None), ("raf", "maya"), ("ibra", "maya"), ("jane", "ibra"), ("solo", None))
    expected = ("maya", [("ibra", [("jane", [])]), ("raf", [])])
    for start in ("maya", "raf", "jane"):
        assert root_of(n, start) == "maya"
        assert shape(chain(n, start)) == expected
    assert chain(n, "maya").size() == 4
    assert shape(chain(n, "solo")) == ("solo", [])


def test_a_loop_of_introductions_or_a_missing_introducer_ends_the_walk():
    loop = net(("a", "b"), ("b", "a"), ("c", "b"))
    assert root_of(loop, "c") in {"a", "b"}
    tree = chain(loop, "c")
    assert tree.size() == 3  # everyone once, no endless loop
    assert root_of(net(("x", "gone")), "x") == "x"
