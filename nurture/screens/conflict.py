"""Someone else changed what you were editing: show both versions and let the user choose."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from nurture.domain.errors import ConflictError
from nurture.screens.base import NurtureModal
from nurture.widgets.screen_text import screen_text

KEEP_MINE, KEEP_THEIRS = "mine", "theirs"


def _show(value: object) -> str:
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, tuple):
        return ", ".join(screen_text(str(v)) for v in value)
    return screen_text(str(value))


class ConflictScreen(NurtureModal[str | None]):
    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > #conflict {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: thick $warning; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("m", "choose('mine')", "Keep mine"),
        Binding("t", "choose('theirs')", "Keep theirs"),
        Binding("escape", "choose(None)", "Save nothing"),
    ]

    def __init__(self, error: ConflictError) -> None:
        super().__init__()
        self.error = error

    def compose(self):
        parts: list = [
            (f"{screen_text(self.error.name)} changed while you were editing\n\n", "bold $warning"),
            "Someone (another nurture, or the shell) saved different values for fields you "
            "changed. Nothing is saved until you choose.\n",
        ]
        for field, theirs, mine in self.error.conflicts:
            parts += [
                ("\n" + field.replace("_", " ").capitalize() + "\n", "bold"),
                ("  theirs  ", "$text-muted"),
                _show(theirs),
                "\n",
                ("  yours   ", "$text-muted"),
                (_show(mine), "$accent"),
                "\n",
            ]
        parts += [("\nYour other changes are kept either way.", "$text-muted")]
        with Vertical(id="conflict"):
            yield Static(Content.assemble(*parts))
            yield Footer()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
