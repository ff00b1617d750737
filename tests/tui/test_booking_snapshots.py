"""Pictures of booking at 80×24 and 120×40, fixed data, pinned date and time: the booking form
(a time typed and said back; and for someone already booked, the notice and its ctrl+d), and the
dashboard showing the card of a contact with an appointment."""

from __future__ import annotations

import pytest

from tests.tui.conftest import make_app, settle, type_text

SIZES = [(80, 24), (120, 40)]

SCENES = {
    "book_form": ("Isabel Ortega", ["b"], "tomorrow 3pm"),
    "book_form_booked": ("Grace Liu", ["b"], ""),
    "card_with_appointment": ("Grace Liu", [], ""),
    "card_with_video_link": ("Lucas Martin", [], ""),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", sorted(SCENES))
def test_booking(snap_compare, tmp_path, name, size):
    app = make_app(tmp_path / "data", demo=True)
    who, keys, typed = SCENES[name]

    async def run_before(pilot) -> None:
        await settle(pilot)
        app.screen.go_to(next(c.id for c in app.service.network().contacts.values() if c.name == who))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await type_text(pilot, typed)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_cancel_question(snap_compare, tmp_path, size):
    """ctrl+d in the booking form of someone booked: the appointment named, yes or no."""
    app = make_app(tmp_path / "data", demo=True)

    async def run_before(pilot) -> None:
        await settle(pilot)
        app.screen.go_to(next(c.id for c in app.service.network().contacts.values() if c.name == "Grace Liu"))
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("ctrl+d")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
