"""The settings a user can change (the palette's *Settings*): one field per setting, read and held
to its range by the same rules as ``nurture config`` (``nurture.domain.config``); nothing is
returned until every field is valid."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Input

from nurture.domain.config import SETTINGS
from nurture.domain.errors import InputError
from nurture.domain.models import Settings
from nurture.screens.form import FormScreen
from nurture.widgets.field import Field


class SettingsForm(FormScreen[dict[str, Any]]):
    """Answers the settings' values by ``Settings`` field (only those changed)."""

    DEFAULT_CSS = """
    SettingsForm > #dialog { width: 96; }
    """
    TITLE = "Settings"

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def fields(self) -> list[Field]:
        return [
            Field(
                s.label,
                Input(s.text(self.settings), id=s.key.replace("-", "_"), placeholder=s.default() or "(none)"),
                hint=f"{s.explain} · default {s.default() or 'none'}",
                id=f"f-{s.key}",
            )
            for s in SETTINGS
        ]

    def collect(self, check) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for s in SETTINGS:
            text = self.query_one(f"#{s.key.replace('-', '_')}", Input).value
            value = check(f"f-{s.key}", lambda s=s, text=text: s.read(text))
            if value is not None and value != getattr(self.settings, s.attr):
                values[s.attr] = value
        return values

    @on(Input.Changed)
    def _check_typed(self, event: Input.Changed) -> None:
        """A value out of range is said under its field as it is typed, as the other forms do
        (ctrl+s checks them all again)."""
        setting = next((s for s in SETTINGS if s.key.replace("-", "_") == event.input.id), None)
        if setting is None:
            return
        field = self.query_one(f"#f-{setting.key}", Field)
        try:
            setting.read(event.value)
        except InputError as e:
            field.set_error(str(e))
        else:
            field.set_error(None)


def changes_said(before: Settings, after: Settings) -> str:
    """What a save changed, in words: "Weekly goal 2 → 3. Nudge after 5 → 7 days." (each setting
    as the settings screen shows it)."""
    said = [f"{s.label} {s.text(before) or 'none'} → {s.text(after) or 'none'}." for s in SETTINGS
            if s.text(before) != s.text(after)]  # fmt: skip
    return " ".join(said) if said else "Nothing changed."
