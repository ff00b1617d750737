"""Every screen of the method shows hostile names and text literally: nothing crashes, nothing
runs, markup is never read from what the user typed."""

from __future__ import annotations

import pytest

from nurture.domain.library import MeetingDraft, Referral
from tests.tui.conftest import settle

NASTY = "[@click=app.quit]Eve[/] [b]bold[/b] [/]"


@pytest.mark.parametrize("keys", [["p"], ["o"], ["Q"], ["m"], ["R"], ["t", "T"]], ids=lambda k: "+".join(k))
async def test_hostile_names_are_shown_literally_on_every_workflow_screen(empty_app, keys):
    svc = empty_app.service
    eve = svc.add_contact(NASTY, company="[red]Acme[/red] [/]", role="[@click=app.bell]x[/]")
    svc.add_contact("[/] Bob", referred_by=eve.id, company="[/]")
    svc.set_prep(eve.id, ["[/] How did you [b]start[/b]?"])
    svc.add_target("[link=x]Acme[/link]")
    svc.save_meeting(MeetingDraft(eve.id, 0.0, notes="[/] notes", referrals=(Referral("[/] Ref", "[b]"),)))
    async with empty_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        empty_app.screen.go_to(eve.id)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        shown = empty_app.export_screenshot()
        assert "[@click=app.quit]Eve[/]" in shown or "[/] Bob" in shown or "[red]Acme" in shown
        assert empty_app.is_running  # nothing quit the app
        for w in empty_app.screen.query("*"):  # no title picked up an action from the text
            for title in (w.border_title, w.border_subtitle):
                assert not getattr(title, "spans", None) or all(
                    "@click" not in str(span.style) for span in title.spans)
