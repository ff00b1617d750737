"""The user's time zone, read once at the entry point (nothing below it reads the clock)."""

from __future__ import annotations

import os
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> tzinfo:
    """The zone this machine's clock is in: ``TZ`` if it names a zone, else the system's
    (``tzlocal``, which reads /etc/localtime and Windows' registry), else UTC."""
    name = os.environ.get("TZ", "").removeprefix(":")
    if name and not name.startswith("/"):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        import tzlocal

        zone = tzlocal.get_localzone()
        key = getattr(zone, "key", None)
        return ZoneInfo(key) if key else UTC
    except Exception:  # no zone to be found: UTC, which is never wrong about the instant
        return UTC
