"""Changing the settings (reading them is the context's: every service reads them)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

from nurture.domain import fields, limits
from nurture.domain.errors import InputError
from nurture.domain.models import Settings
from nurture.domain.stored import FieldError
from nurture.services.core import Context

#: How a message names a setting.
_SETTING_NAMES = {"my_goal": "your goal", "my_name": "your name", "theme": "the theme"}


class Preferences:
    def __init__(self, context: Context) -> None:
        self.context = context

    def update(self, **changes: Any) -> Settings:
        """Change settings; each value is held to its range and size (``nurture.domain.limits``)."""
        repo = self.context.repo
        changes = {k: fields.clean_text(v) if k in _SETTING_NAMES else v for k, v in changes.items()}
        limits.check_fields(SimpleNamespace(**changes), limits.SETTINGS_TEXT, label=_SETTING_NAMES.__getitem__)
        with repo.locked():
            settings = replace(repo.settings(), **changes)
            try:
                settings.check()
            except FieldError as e:
                raise InputError(f"settings: {e}") from None
            repo.save_settings(settings)
        return settings
