"""Every screen of the method shows hostile names and text literally: nothing crashes, nothing
runs, markup is never read from what the user typed."""

from __future__ import annotations

import html

import pytest

from nurture.domain.library import MeetingDraft, Referral
from tests.tui.conftest import settle

NASTY = "[@click=app.quit]Eve[/] [b]bold[/b] [/]"


@pytest.mark.parametrize(
    "keys",
    [["p"], ["o"], ["Q"], ["m"], ["R"], ["t", "T"], ["c"], ["w"], ["l"], ["e"], ["f"], ["s"], ["x"]],
    ids=lambda k: "+".join(k),
)
async def test_hostile_names_are_shown_literally_on_every_workflow_screen(empty_app, keys):
    svc = empty_app.service
    eve = svc.add_contact(NASTY, company="[red]Acme[/red] [/]", role="[@click=app.bell]x[/]")
    svc.add_contact("[/] Bob", referred_by=eve.id, company="[/]")
    svc.set_prep(eve.id, ["[/] How did you [b]start[/b]?"])
    svc.add_target("[link=x]Acme[/link]")
    svc.save_meeting(MeetingDraft(eve.id, 0.0, notes="[/] notes", referrals=(Referral("[/] Ref", "[b]"),)))
    svc.log(eve.id, "coffee", takeaways=["[/] learned"], todos=["[/] send"], their_todos=["[b]intro"])
    async with empty_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        empty_app.screen.go_to(eve.id)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        shown = html.unescape(empty_app.export_screenshot()).replace("\xa0", " ")
        assert any(literal in shown for literal in ("[@click=app.quit]Eve[/]", "[/] Bob", "[red]Acme", "[/] send"))
        assert empty_app.is_running  # nothing quit the app
        for w in empty_app.screen.query("*"):  # no title picked up an action from the text
            for title in (w._border_title, w._border_subtitle):  # as drawn (the public ones are markup)
                assert title is None or all("@click" not in str(span.style) for span in title.spans)


#: Names that once broke the command palette: a crash on render, every later contact unfindable,
#: markup applied.
PALETTE_NAMES = ["[/] Bob", "Carol [b]bold", "[@click=app.quit]Eve[/]", "Dan [link=x]y[/link]"]


async def test_the_palette_shows_hostile_names_literally_and_goes_to_each(empty_app):
    from textual.command import CommandInput, CommandList, CommandPalette

    from tests.tui.conftest import type_text

    svc = empty_app.service
    people = [svc.add_contact(name, company="[/]", role="[b]lead[/b]") for name in PALETTE_NAMES]
    people.append(svc.add_contact("Zoe Plain", company="Acme [/]"))  # sorted after them all
    async with empty_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for person in people:
            await pilot.press("ctrl+p")
            await pilot.pause()
            palette = empty_app.screen
            assert isinstance(palette, CommandPalette)
            palette.query_one(CommandInput).value = "Go to contact: "  # the same for everyone
            await type_text(pilot, person.name)  # the name key by key: every prefix is searched and shown
            await settle(pilot)  # the palette's search (a worker) has finished
            shown = [str(option.prompt) for option in palette.query_one(CommandList).options]
            wanted = f"Go to contact: {person.name}\n{person.role + ' @ ' if person.role else ''}{person.company}"
            assert wanted in shown, shown
            for option in palette.query_one(CommandList).options:
                assert all(
                    "@click" not in str(s.style) and "link" not in str(s.style) and str(s.style) != "bold"
                    for s in option.prompt.spans
                ), option.prompt.spans
            await pilot.press("enter")
            await settle(pilot)
            assert empty_app.is_running
            assert empty_app.screen.selected_id == person.id, person.name
