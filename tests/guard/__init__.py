"""The network guard for subprocesses; see sitecustomize.py."""

import os
from pathlib import Path

GUARD_DIR = Path(__file__).resolve().parent


def guarded_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess under the network guard."""
    env = {**os.environ, "NURTURE_NO_NETWORK": "1", **extra}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(GUARD_DIR), env.get("PYTHONPATH", "")) if p)
    return env


def allow_loopback(monkeypatch) -> None:
    """For a test that talks to a server it started itself (``nurture serve``, chromedriver):
    connections to this machine's loopback addresses, and still to nothing else."""
    import ipaddress
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
                raise OSError(f"network access attempted: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded)
