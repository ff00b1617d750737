"""What the user can do, for the shell command and the dashboard alike.

``core.Context`` holds the repository and the clocks, and the steps several services share; each
module holds the services of one seam (contacts, interactions, follow-ups, prep, meetings,
outreach, targets, the review, search, settings, import and export, the data files' upkeep), built over
that context; ``Nurture`` (``facade``) composes them into the one entry point of both front ends.
"""

from typing import Any

from nurture.services.core import Logged
from nurture.services.facade import Nurture
from nurture.services.meetings import Ended
from nurture.services.transfer import ImportResult

__all__ = ["Ended", "Hit", "ImportResult", "Logged", "Nurture", "SearchResults"]


def __getattr__(name: str) -> Any:
    """``Hit`` and ``SearchResults``, loaded when first asked for: the search's modules (the
    query language, SQLite) would cost every shell command's start ~40 ms."""
    if name in ("Hit", "SearchResults"):
        from nurture.services import search

        return getattr(search, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
