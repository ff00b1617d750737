"""Loaded by every Python subprocess the tests start (via PYTHONPATH): with NURTURE_NO_NETWORK
set, any connection to a network address fails, so a test would catch nurture phoning out."""

import os

if os.environ.get("NURTURE_NO_NETWORK"):
    import socket

    _connect = socket.socket.connect

    def _guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError(f"network access attempted: {address!r}")
        return _connect(self, address)

    socket.socket.connect = _guarded
    socket.socket.connect_ex = _guarded
