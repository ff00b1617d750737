"""What the user can do, for the shell command and the dashboard alike.

``core.Context`` holds the repository and the clocks, and the steps several services share; each
module holds the services of one seam (contacts, interactions, follow-ups, prep, meetings,
outreach, targets, the review, search, settings, import and export, the data files' upkeep), built over
that context; ``Nurture`` (``facade``) composes them into the one entry point of both front ends.
"""

from nurture.services.core import Logged
from nurture.services.facade import Nurture
from nurture.services.meetings import Ended
from nurture.services.search import Hit, SearchResults
from nurture.services.transfer import ImportResult

__all__ = ["Ended", "Hit", "ImportResult", "Logged", "Nurture", "SearchResults"]
