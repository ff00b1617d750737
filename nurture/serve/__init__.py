"""``nurture serve``: the dashboard in a browser, through textual-serve, and the queue as a
calendar feed, both behind a secret token (``server.py``)."""

from nurture.serve.server import (
    COOKIE,
    TOKEN_FILE,
    CannotListen,
    NurtureServer,
    is_loopback,
    load_token,
    served_command,
)

__all__ = ["COOKIE", "TOKEN_FILE", "CannotListen", "NurtureServer", "is_loopback", "load_token", "served_command"]
