"""What kind of mailbox a path is (mbox, Maildir, .eml), told cheaply: the shell and the
import form ask it of every path, so it imports nothing of the ``email`` package (the reader,
``exchange/mail.py``, does)."""

from __future__ import annotations

import re
from pathlib import Path

MBOX, MAILDIR, EML = "mbox", "maildir", "eml"
MAIL_FORMATS: tuple[str, ...] = (MBOX, MAILDIR, EML)


def detect_mail(path: Path) -> str:
    """``mbox``, ``maildir`` or ``eml`` when ``path`` looks like one, else ""."""
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return MAILDIR
        if any(p.suffix.lower() == ".eml" for p in scan_dir(path)):
            return EML
        return ""
    suffix = path.suffix.lower()
    if suffix == ".eml":
        return EML
    if suffix == ".mbox":
        return MBOX
    if not path.is_file():  # a pipe, a device: never opened to sniff (opening a fifo waits for a writer)
        return ""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return ""
    if head.startswith(b"From ") and b"\n" in head:
        first = head.split(b"\n", 1)[1]
        if _HEADER_LINE.match(first):
            return MBOX
    if suffix == "" and _HEADER_LINE.match(head) and re.search(rb"(?im)^(from|message-id|received):", head):
        return EML
    return ""


def scan_dir(path: Path) -> list[Path]:
    try:
        return sorted(p for p in path.iterdir() if p.is_file())
    except OSError:
        return []


_HEADER_LINE = re.compile(rb"[!-9;-~]+:")
