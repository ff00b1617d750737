"""Target companies: t adds the selected contact's company, T shows coverage, enter lists the
people there on the dashboard."""

from __future__ import annotations

from nurture.screens.targets import TargetsScreen
from nurture.widgets.target_list import TargetList
from tests.tui.conftest import all_rows_text, contact_named, settle, type_text


async def test_t_makes_the_contacts_company_a_target_once(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.screen.go_to(contact_named(demo_app, "Ethan Walsh").id)
        await pilot.press("t")
        await settle(pilot)
        assert "Intercom" in [t.name for t in demo_app.service.targets()]
        await pilot.press("t")
        await settle(pilot)
        assert [t.name for t in demo_app.service.targets()].count("Intercom") == 1
        assert any("already a target" in str(n.message) for n in demo_app._notifications)


async def test_coverage_lists_gaps_first_and_enter_shows_the_people_there(demo_app):
    async with demo_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(demo_app.screen, TargetsScreen)
        rows = all_rows_text(demo_app.screen.query_one(TargetList))
        assert rows[0].split()[:3] == ["Airbnb", "none", "yet"]
        lego = next(r for r in rows if r.lstrip().startswith("Lego Group"))
        assert "in progress" in lego and "Clara Jensen" in lego
        spotify = next(r for r in rows if r.lstrip().startswith("Spotify"))
        assert "warm" in spotify and "Priya Raman" in spotify

        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Wise")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(
            r.lstrip().startswith("Wise") and "Amara Nwosu" in r
            for r in all_rows_text(demo_app.screen.query_one(TargetList))
        )

        box = demo_app.screen.query_one(TargetList)
        box.move_to(next(i for i, r in enumerate(box.rows) if r.target.name == "Spotify"))
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(demo_app.screen, TargetsScreen)
        shown = [r.contact for r in demo_app.screen.query_one("#contacts").rows]
        assert shown and all(c.company == "Spotify" for c in shown)
        assert contact_named(demo_app, "Priya Raman") in shown
        assert "at Spotify" in str(demo_app.screen.query_one("#contacts-pane").border_title)


async def test_removing_a_target_keeps_its_contacts(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(demo_app.service.network().contacts)
        await pilot.press("T")
        await settle(pilot)
        first = demo_app.screen.selected().target.name
        await pilot.press("x")
        await settle(pilot)
        assert first not in [t.name for t in demo_app.service.targets()]
        assert len(demo_app.service.network().contacts) == before


async def test_a_targets_people_are_exactly_those_who_work_there(demo_app):
    """Enter on a target lists the people whose company is that company (legal forms ignored),
    not a fuzzy match on every field (SAP is not Sam Patel at Atlassian); esc shows everyone."""
    service = demo_app.service
    service.add_contact("Sam Patel", company="Atlassian")
    service.add_contact("Ana Silva", company="SAP SE")
    service.add_contact("Lars Holm", company="LEGO A/S")
    service.add_contact("Tove Berg", company="The LEGO Group")
    service.add_target("SAP")
    async with demo_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        total = len(demo_app.screen.query_one("#contacts").rows)

        async def show_people(target: str) -> list[str]:
            await pilot.press("T")
            await settle(pilot)
            box = demo_app.screen.query_one(TargetList)
            box.move_to(next(i for i, r in enumerate(box.rows) if r.target.name == target))
            await pilot.press("enter")
            await settle(pilot)
            return sorted(r.contact.name for r in demo_app.screen.query_one("#contacts").rows)

        assert await show_people("SAP") == ["Ana Silva"]
        title = str(demo_app.screen.query_one("#contacts-pane").border_title)
        assert "at SAP" in title and f"1 of {total}" in title
        assert await show_people("Lego Group") == ["Clara Jensen", "Lars Holm", "Tove Berg"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(demo_app.screen.query_one("#contacts").rows) == total
        assert "at Lego" not in str(demo_app.screen.query_one("#contacts-pane").border_title)
