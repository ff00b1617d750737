"""Opening a file to import: size limit, text decoding, format detection, and the error type
that names the file, the place in it and the reason."""

from __future__ import annotations

import re
from pathlib import Path

from nurture.domain.errors import InputError

MAX_BYTES = 50 * 1024 * 1024


class ImportFileError(InputError):
    """A file that cannot be imported. Nothing is written when one is raised."""

    def __init__(self, path: Path | str, where: str, reason: str) -> None:
        place = f"{where}: " if where else ""
        super().__init__(f"{path}: {place}{reason}. Nothing was imported.")


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFileError(path, "", "no such file") from None
    except OSError as e:
        raise ImportFileError(path, "", f"cannot be read ({e.strerror or e})") from None
    if path.is_dir():
        raise ImportFileError(path, "", "is a directory; give the file inside it")
    if size > MAX_BYTES:
        raise ImportFileError(
            path,
            "",
            f"is {size / 1024 / 1024:.0f} MB; nurture imports files up to "
            f"{MAX_BYTES // 1024 // 1024} MB (split it, or export fewer contacts)",
        )
    try:
        return path.read_bytes()
    except OSError as e:
        raise ImportFileError(path, "", f"cannot be read ({e.strerror or e})") from None


def decode(path: Path, raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); anything else is named by line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ImportFileError(
            path, f"line {line}", "is not UTF-8 text; save the file as UTF-8 and import it again"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFileError(path, f"line {line}", "contains a NUL byte; this is not a text file")
    return text


def detect(path: Path, text: str) -> str:
    """The format of ``text``: by its content first, then by the file name."""
    head = text.lstrip()[:4096]
    if head[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    if head[:1] in "{[" and head:
        return "json"
    from nurture.exchange.tabular import looks_like_linkedin

    if looks_like_linkedin(text):
        return "linkedin"
    suffix = path.suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix == ".json":
        return "json"
    return "csv"


_CONTROLS = {i: f"\\x{i:02x}" for i in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}


def without_controls(text: str) -> str:
    """``text`` with the control characters that CSV and vCard readers choke on shown as
    ``\\xNN`` (tab and line breaks stay as they are). The JSON export keeps everything."""
    return text.translate(_CONTROLS)


def lines_of(text: str) -> list[str]:
    """Lines split at CR, LF or CRLF only (``str.splitlines`` also splits at form feeds and
    other separators that are ordinary characters in these files)."""
    return re.split(r"\r\n|\r|\n", text)
