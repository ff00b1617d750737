"""The footer of a full screen: its keys, kept as they were while another screen is on top.

Textual's ``Footer`` redraws itself from its screen's active bindings whenever they change
(``refresh_bindings``, a focus change), a beat later (``call_after_refresh``). Redrawn while a
dialog is in front, the screen under it has no active bindings, and the footer under the dialog
went blank, or stayed, by whether a load or a key landed just before the dialog opened. This
one keeps its keys while its screen is not in front and redraws once it is again."""

from __future__ import annotations

from textual.widgets import Footer


class ScreenFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._stale = False

    async def recompose(self) -> None:
        if self.is_attached and not self.screen.is_current:
            self._stale = True  # its screen is under another: keep what it shows
            return
        await super().recompose()

    def caught_up(self) -> None:
        """Its screen is in front again: redraw, if the keys changed meanwhile."""
        if self._stale:
            self._stale = False
            self.call_after_refresh(self.recompose)
