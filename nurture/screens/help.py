"""Every key, made from the dashboard's action table (``actions.DASHBOARD``), as its bindings
are, so it can never go stale."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from nurture.screens.actions import Action
from nurture.screens.base import NurtureModal

NAVIGATION = [
    ("tab / shift+tab", "next / previous pane"),
    ("↑ ↓  j k", "move in a list"),
    ("pgup pgdn", "a page up or down"),
    ("home end", "first / last row"),
    ("enter", "on a queue item: go to its contact"),
    ("esc", "in the filter: clear it and go back to the list"),
    ("ctrl+p", "command palette: every action, and Go to contact…"),
    ("mouse", "click to select, double-click to open, wheel to scroll"),
]


class HelpScreen(NurtureModal[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: thick $primary; padding: 0 1;
    }
    HelpScreen #help-body { height: auto; max-height: 100%; }
    """
    BACK = ("escape,q,question_mark,f1", "Close")

    def __init__(self, actions: Sequence[Action]) -> None:
        super().__init__()
        self.actions = actions

    def compose(self):
        keys = key_rows(self.actions)
        width = max(cell_len(label) for label, _ in [*keys, *NAVIGATION])  # every key whole
        with Vertical(id="help"), VerticalScroll(id="help-body"):
            yield Static(Content.styled("Keys", "bold $accent"))
            yield Static(_table(keys, width))
            yield Static(Content.styled("\nMoving around", "bold $accent"))
            yield Static(_table(NAVIGATION, width))
            yield Static(Content.styled("\nThe method", "bold $accent"))
            yield Static(METHOD, markup=False)
            yield Static(Content.styled("\nesc closes this help", "$text-muted"))


METHOD = (
    "Ask for 20 minutes, not a job. No reply in a week: one nudge, never more. Thank them "
    "within a day, naming one thing you'll act on. Close every conversation with “Is there "
    "anyone else you'd suggest I speak with?”, and report back when you act on their advice."
)


def key_rows(actions: Sequence[Action]) -> list[tuple[str, Text]]:
    """One row per action: its keys ("? / F1"), what it does and the longer explanation."""
    return [
        (" / ".join(_key_name(k) for k in a.all_keys), Text.assemble((a.label, "bold"), f"  {a.explain}"))
        for a in actions
    ]


def _table(rows, key_width: int) -> Table:
    """Keys in a column ``key_width`` wide (the widest key: none is cut), what they do beside."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column(style="bold", no_wrap=True, width=key_width)
    table.add_column(ratio=1)
    for key, what in rows:
        table.add_row(Text(key), what if isinstance(what, Text) else Text(what))
    return table


def _key_name(key: str) -> str:
    return {"question_mark": "?", "slash": "/", "f1": "F1", "plus": "+"}.get(key, key)
