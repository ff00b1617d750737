"""Opening a file to import: size limit, text decoding, format detection, and the error type
that names the file, the place in it and the reason."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from nurture.domain.errors import InputError
from nurture.domain.text import printable
from nurture.domain.wording import clipped

MAX_BYTES = 50 * 1024 * 1024
#: The longest reason a message gives: whatever a reason quotes from a file, it stays one line
#: a person can read (values and lists are shortened where they are quoted; this is the last guard).
MAX_REASON = 900


class ImportFileError(InputError):
    """A file that cannot be imported. Nothing is written when one is raised."""

    def __init__(self, path: Path | str, where: str, reason: str) -> None:
        place = f"{where}: " if where else ""
        super().__init__(
            f"{printable(str(path))}: {printable(place)}{clipped(reason, MAX_REASON)}. Nothing was imported."
        )


#: Names of standard input: ``nurture import -`` reads what is piped in.
STDIN_NAMES = frozenset({"-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})
STDIN_LABEL = "standard input"
_CHUNK = 1 << 20


def is_stdin(path: Path | str) -> bool:
    """Whether ``path`` names standard input: one of its names, or a path that leads to the
    pipe or socket that standard input is (``/proc/PID/fd/0``, a link to ``/dev/stdin``)."""
    if str(path) in STDIN_NAMES:
        return True
    try:
        ours = os.fstat(0)
        if not (stat.S_ISFIFO(ours.st_mode) or stat.S_ISSOCK(ours.st_mode)):
            return False  # a regular file reads the same by its name; a device is refused
        theirs = os.stat(path)
    except (OSError, ValueError):
        return False
    return (theirs.st_dev, theirs.st_ino) == (ours.st_dev, ours.st_ino)


def shown(path: Path | str) -> str:
    """How an input is named in messages: ``-`` is "standard input"."""
    return STDIN_LABEL if str(path) == "-" else str(path)


def read_bytes(path: Path) -> bytes:
    """The bytes of the file at ``path`` (or of standard input), at most ``MAX_BYTES``.

    Whatever the file turns out to be, no more than ``MAX_BYTES + 1`` bytes are read: a pipe
    or a file under ``/proc`` reports a size of 0, and a file may grow after its size was
    checked. A named pipe or a device is refused without reading (a pipe with no writer would
    wait forever, ``/dev/zero`` never ends), except standard input, which is read as it comes.
    """
    if is_stdin(path):
        return _read_stdin(shown(path))
    try:
        _refuse_unless_file(path, os.stat(path).st_mode)  # a device is not even opened
        # O_NONBLOCK: opening a named pipe that nobody writes to returns at once (a plain open
        # waits for a writer), and the type is checked again on the open file: no race.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY | _CLOEXEC)
    except FileNotFoundError:
        raise ImportFileError(path, "", "no such file") from None
    except OSError as e:
        if e.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise ImportFileError(path, "", "is a socket or a device, not a file; give the file to import") from None
        raise ImportFileError(path, "", f"cannot be read ({e.strerror or e})") from None
    try:
        info = os.fstat(fd)
        _refuse_unless_file(path, info.st_mode)
        if info.st_size > MAX_BYTES:
            raise ImportFileError(path, "", f"is {info.st_size / 1024 / 1024:.0f} MB; {_limit_advice()}")
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return _read_limited(path, lambda n: os.read(fd, n))
    except OSError as e:
        raise ImportFileError(path, "", f"cannot be read ({e.strerror or e})") from None
    finally:
        os.close(fd)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _refuse_unless_file(path: Path | str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        reason = "is a directory; give the file inside it"
    elif stat.S_ISFIFO(mode):
        reason = (
            "is a named pipe, not a file; save what it carries to a file and import that "
            "(from the shell, `nurture import -` reads a pipe)"
        )
    elif stat.S_ISSOCK(mode):
        reason = "is a socket, not a file; give the file to import"
    else:
        reason = "is a device, not a file; give the file to import"
    raise ImportFileError(path, "", reason)


def _limit_advice() -> str:  # read MAX_BYTES when called: tests lower it
    return f"nurture imports files up to {MAX_BYTES // 1024 // 1024} MB (split it, or export fewer contacts)"


def _read_stdin(name: str) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise ImportFileError(name, "", "is closed; pipe the file in, or give its name")
    try:
        if sys.stdin.isatty():
            raise ImportFileError(
                name, "", "is a terminal; pipe the file in (nurture import - < FILE) or give its name"
            )
        return _read_limited(name, stream.read)
    except (OSError, ValueError) as e:
        raise ImportFileError(name, "", f"cannot be read ({getattr(e, 'strerror', None) or e})") from None


def _read_limited(path: Path | str, read: Callable[[int], bytes]) -> bytes:
    """What ``read(n)`` gives until it is exhausted, refused once it exceeds ``MAX_BYTES``:
    never more than ``MAX_BYTES + 1`` bytes are asked for."""
    limit = MAX_BYTES
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    if total > limit:
        raise ImportFileError(path, "", f"is over {limit // 1024 // 1024} MB; {_limit_advice()}")
    return b"".join(parts)


#: The note a file read as Windows-1252 gets in the summary.
WINDOWS_1252 = "read as Windows-1252 (not UTF-8), as Excel and Outlook save CSV; check accented letters"


def decode(path: Path, raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped), or UTF-16 behind its byte-order mark;
    anything else is named by line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(path, raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ImportFileError(
            path, f"line {line}", "is not UTF-8 text; save the file as UTF-8 and import it again"
        ) from None
    return _no_nul(path, text)


def decode_sheet(path: Path, raw: bytes) -> tuple[str, str]:
    """The text of a spreadsheet export and a note on how it was read ("" for UTF-8 or UTF-16
    with its byte-order mark). What is not UTF-8 is read as Windows-1252, the encoding Excel's
    "CSV (Comma delimited)" and Outlook on Windows write; bytes that Windows-1252 leaves
    undefined are refused, naming their line.

    A file that holds valid multi-byte UTF-8 as well as bytes that are not (a UTF-8 file with
    one line pasted in from elsewhere) is read line by line: UTF-8, and Windows-1252 only on
    the lines that are not; the note names those lines."""
    try:
        return decode(path, raw), ""
    except ImportFileError:
        pass
    if _UTF8_MULTIBYTE.search(raw):
        return _mixed(path, raw)
    return _no_nul(path, _cp1252(path, raw, 1)), WINDOWS_1252


#: A valid UTF-8 sequence of two to four bytes (RFC 3629 §4): what Windows-1252 text all but
#: never holds by chance.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: How many of the lines read as Windows-1252 a note names before it counts the rest.
_NAMED_LINES = 5


def _cp1252(path: Path, raw: bytes, first_line: int) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as e:
        line = first_line + raw[: e.start].count(b"\n")
        raise ImportFileError(
            path,
            f"line {line}",
            "is neither UTF-8 nor Windows-1252 text; save the file as CSV UTF-8 and import it again",
        ) from None


def _mixed(path: Path, raw: bytes) -> tuple[str, str]:
    """UTF-8 text with some lines in Windows-1252, and the note naming those lines."""
    parts: list[str] = []
    odd: list[int] = []
    for n, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append(_cp1252(path, line, n))
            odd.append(n)
    if len(odd) == 1:
        note = f"line {odd[0]} was read as Windows-1252 (not UTF-8): check its accented letters"
    else:
        named = ", ".join(str(n) for n in odd[:_NAMED_LINES])
        more = f" and {len(odd) - _NAMED_LINES:,} more" if len(odd) > _NAMED_LINES else ""
        note = f"lines {named}{more} were read as Windows-1252 (not UTF-8): check their accented letters"
    return _no_nul(path, "\n".join(parts)), note


def _utf16(path: Path, raw: bytes) -> str:
    """Text saved as UTF-16 behind its byte-order mark (Excel's "Unicode Text", Google's old
    "Google CSV")."""
    try:
        text = raw.decode("utf-16")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count("\n".encode("utf-16-le")) + 1
        raise ImportFileError(
            path, f"line {line}", "starts as UTF-16 text but is not; save the file as UTF-8 and import it again"
        ) from None
    return _no_nul(path, text.removeprefix("\ufeff"))


def _no_nul(path: Path, text: str) -> str:
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
