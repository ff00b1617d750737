"""Which addresses are the user's: asked on the first mailbox import (``my-emails`` unset), as
nothing sent can be told from what was received without them. The addresses the messages Gmail
labels Sent are from are offered, filled in for the user to confirm or change, never taken
silently; the answer is saved to the settings (``nurture config my-emails`` in the shell)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Input, Static

from nurture.domain.config import setting
from nurture.domain.errors import InputError
from nurture.screens.form import FormScreen
from nurture.widgets.field import Field

MY_EMAILS = setting("my-emails")


class MailAddressesScreen(FormScreen[tuple[str, ...]]):
    """Dismisses with the addresses typed (at least one), or ``None`` when cancelled."""

    DEFAULT_CSS = """
    MailAddressesScreen #why { color: $text; padding: 0 1 1 1; }
    """
    TITLE = "Which addresses are yours?"

    def __init__(self, offered: Sequence[str] = ()) -> None:
        super().__init__()
        self.offered = tuple(offered)

    def fields(self) -> list[Field]:
        if self.offered:
            why = (
                "nurture tells what you sent from what you received by your addresses. The messages "
                f"Gmail labels Sent are from {', '.join(self.offered)}: keep those that are yours."
            )
        else:
            why = "nurture tells what you sent from what you received by your addresses. Give each one you write from."
        return [
            Static(why, id="why", markup=False),  # type: ignore[list-item]
            Field(
                "Your emails",
                Input(", ".join(self.offered), id="mine", placeholder="you@example.org, you@work.com"),
                hint="commas between them · kept in the settings (Your emails)",
                id="f-mine",
            ),
        ]

    def on_mount(self) -> None:
        super().on_mount()
        mine = self.query_one("#mine", Input)
        mine.focus()
        mine.cursor_position = len(mine.value)

    def submitted(self, control) -> None:
        self.action_save()

    def collect(self, check) -> tuple[str, ...]:
        def read() -> tuple[str, ...]:
            found = MY_EMAILS.read(self.query_one("#mine", Input).value)
            if not found:
                raise InputError("give at least one address you write from")
            return found

        return check("f-mine", read)
