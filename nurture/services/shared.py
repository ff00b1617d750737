"""The network as last read, shared by whoever reads it while no data file changes since."""

from __future__ import annotations

import threading

from nurture.domain.network import Network
from nurture.services.core import Context


class SharedNetwork:
    """The network as last read, with the data version it was read at: the dashboard, the weekly
    review and the pipeline all work on this one copy (and on what it works out once: each
    contact's touches, in order) rather than each reading and holding its own. Any save, here or
    in another process, changes the version, and the next reader reads afresh. The version is
    taken before the read, so the pair never claims a newer version than it read. Safe to call
    from several threads (two reading at once may both read; the later one is kept)."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self._last: tuple[tuple, Network] | None = None
        self._lock = threading.Lock()

    def read(self) -> tuple[tuple, Network]:
        """(the data version, the network as of it)."""
        version = self.context.repo.version()
        with self._lock:
            last = self._last
        if last is not None and last[0] == version:
            return last
        network = self.context.network()
        with self._lock:
            self._last = (version, network)
        return version, network
