"""Every key, generated from the dashboard's bindings so it can never go stale."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

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


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: thick $primary; padding: 0 1;
    }
    HelpScreen #help-body { height: auto; max-height: 100%; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
    ]

    def __init__(self, bindings: list[Binding], explain: dict[str, str] | None = None) -> None:
        super().__init__()
        self.bindings = bindings
        self.explain = explain or {}

    def compose(self):
        keys = key_rows(self.bindings, self.explain)
        width = max(cell_len(label) for label, _ in [*keys, *NAVIGATION])  # every key whole
        with Vertical(id="help"):
            with VerticalScroll(id="help-body"):
                yield Static(Content.styled("Keys", "bold $accent"))
                yield Static(_table(keys, width))
                yield Static(Content.styled("\nMoving around", "bold $accent"))
                yield Static(_table(NAVIGATION, width))
                yield Static(Content.styled("\nThe method", "bold $accent"))
                yield Static(METHOD, markup=False)
                yield Static(Content.styled("\nesc closes this help", "$text-muted"))

    def action_close(self) -> None:
        self.dismiss(None)


METHOD = (
    "Ask for 20 minutes, not a job. No reply in a week: one nudge, never more. Thank them "
    "within a day, naming one thing you'll act on. Close every conversation with “Is there "
    "anyone else you'd suggest I speak with?”, and report back when you act on their advice."
)


def key_rows(bindings: list[Binding], explain: dict[str, str]) -> list[tuple[str, Text]]:
    """One row per action: its keys ("? / F1"), what it does and the longer explanation."""
    keys_by_action: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for b in bindings:
        keys_by_action.setdefault(b.action, []).extend(_key_name(k) for k in b.key.split(","))
        descriptions.setdefault(b.action, b.description)
    return [(" / ".join(k), Text.assemble((descriptions[a], "bold"), f"  {explain.get(a, '')}"))
            for a, k in keys_by_action.items()]


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
