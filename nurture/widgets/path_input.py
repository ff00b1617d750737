"""A file path input that completes directory entries as you type (→ accepts)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester
from textual.widgets import Input


class PathSuggester(Suggester):
    """Suggests the first entry of the typed directory that starts with what follows the last
    slash; directories get a trailing slash so the next key goes inside."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        head, _, prefix = value.rpartition("/")
        folder = Path(os.path.expanduser(head + "/" if head or value.startswith("/") else "."))
        try:
            names = sorted(
                e.name + ("/" if e.is_dir() else "")
                for e in os.scandir(folder)
                if e.name.startswith(prefix) and (prefix.startswith(".") or not e.name.startswith("."))
            )
        except OSError:
            return None
        for name in names:
            if name != prefix:
                return f"{head}/{name}" if head or value.startswith("/") else name
        return None


class PathInput(Input):
    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value, suggester=PathSuggester(), **kwargs)
