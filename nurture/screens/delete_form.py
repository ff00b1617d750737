"""Delete a contact for good: the confirmation names everything that goes (``Erasure``)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from nurture.domain.erasure import Erasure
from nurture.screens.base import NurtureModal
from nurture.widgets.screen_text import screen_text


class DeleteScreen(NurtureModal[bool]):
    DEFAULT_CSS = """
    DeleteScreen { align: center middle; }
    DeleteScreen > #delete {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: thick $error; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Delete for good"),
        Binding("escape,n", "answer(False)", "Keep them", key_display="esc"),
    ]

    def __init__(self, erasure: Erasure) -> None:
        super().__init__()
        self.erasure = erasure

    def compose(self):
        gone = self.erasure
        parts: list = [
            (f"Delete {screen_text(gone.contact.name)} for good?\n\n", "bold $error"),
            "This removes, from every data file at once:\n",
        ]
        for line in gone.lines():
            parts += [("  • ", "$text-muted"), screen_text(line), "\n"]
        if gone.kept():
            parts += ["\n", screen_text(gone.kept()), "\n"]
        parts.append(("\nBackups made before keep them until they rotate out.", "$text-muted"))
        if not gone.contact.archived:  # an archived person is hidden already
            parts[-1] = (parts[-1][0] + " ", "$text-muted")
            parts.append(("To hide them instead, archive them (x).", "$text-muted"))
        with Vertical(id="delete"):
            yield Static(Content.assemble(*parts), id="delete-text")
            yield Footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
