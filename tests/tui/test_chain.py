"""Referral chains: the tree from any member, opening a person from it, a contact alone."""

from __future__ import annotations

from textual.widgets import Tree

from nurture.screens.chain import ChainScreen
from tests.tui.conftest import contact_named, open_on, settle, static_text


async def open_chain(pilot, app, name: str):
    await open_on(pilot, app, name, "R", ChainScreen)
    return app.screen.query_one(Tree)


def names(node) -> list:
    return [node.label.plain.split("  ")[0], [names(c) for c in node.children]]


async def test_the_tree_runs_from_the_first_introducer_and_starts_on_you(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = await open_chain(pilot, demo_app, "Ibrahim Diallo")
        assert names(tree.root) == ["Maya Okafor", [["Ibrahim Diallo", []], ["Rafael Souza", []]]]
        assert tree.cursor_node.label.plain.startswith("Ibrahim Diallo")
        assert tree.cursor_node.label.plain.endswith("◀ here")
        assert tree.border_title == "Referral chain · 3 people"
        await pilot.press("down", "enter")  # Rafael
        await settle(pilot)
        assert not isinstance(demo_app.screen, ChainScreen)
        assert demo_app.screen.selected_id == contact_named(demo_app, "Rafael Souza").id


async def test_a_contact_outside_any_chain_is_told_how_chains_grow(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_chain(pilot, demo_app, "Kenji Watanabe")
        assert "Nobody introduced Kenji Watanabe" in static_text(demo_app, "#chain-alone")
        assert demo_app.screen.query_one("#chain").border_title == "Referral chain · 1 person"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(demo_app.screen, ChainScreen)


async def test_a_referral_captured_in_a_meeting_joins_the_chain(demo_app):
    from nurture.domain.library import MeetingDraft, Referral

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        maya = contact_named(demo_app, "Maya Okafor")
        demo_app.service.end_meeting(MeetingDraft(maya.id, 0.0, referrals=(Referral("Jane Doe", "Acme"),)), "video", 20)
        await settle(pilot)
        demo_app.screen.load()
        await settle(pilot)
        tree = await open_chain(pilot, demo_app, "Jane Doe")
        assert ["Jane Doe", []] in names(tree.root)[1]
