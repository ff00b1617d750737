"""``nurture serve``: the dashboard in a browser, through textual-serve, and the queue as a
calendar feed, both behind a secret token (``server.py``)."""

from nurture.serve.server import (
    CALENDAR_PATH,
    TOKEN_FILE,
    CannotListen,
    NurtureServer,
    cookie_name,
    feed_token,
    is_loopback,
    load_token,
    served_command,
    token_path,
)

__all__ = [
    "CALENDAR_PATH",
    "TOKEN_FILE",
    "CannotListen",
    "NurtureServer",
    "cookie_name",
    "feed_token",
    "is_loopback",
    "load_token",
    "served_command",
    "token_path",
]
