"""Mail files read as a stream of headers: an mbox (Gmail Takeout, Thunderbird), a Maildir
(``cur/ new/ tmp/``: mutt, aerc, notmuch, offlineimap, mbsync) or ``.eml`` files.

Mailboxes are gigabytes, so nothing here holds a whole file, or a whole message, in memory. An
mbox is read in binary chunks and cut at its ``From `` lines (bodies quote theirs as ``>From ``);
of each message only its header block is parsed, with the standard library's ``email``
helpers, and only the headers nurture uses: who wrote to whom (``From``/``To``/``Cc``, names
in RFC 2047 decoded), when (``Date``), ``Message-ID``, ``Subject``, what marks it as a
mailing list or an automatic reply, and Gmail's ``X-Gmail-Labels``. The body is looked at only
when it must be: a multipart or ``text/calendar`` message is searched for a calendar part (an
invitation), and the opening of the plain-text part is read only for the messages the caller
asks it for (``wants_text``: to tell a thank-you) or for all with ``with_text``.

A message that cannot be read (headers without a sender or a date, addresses that are not
UTF-8, a file that ends inside its headers) is yielded as a ``Skipped`` with the reason, never
raised: one bad message never stops a mailbox.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from nurture.domain.errors import InputError

MBOX, MAILDIR, EML = "mbox", "maildir", "eml"
MAIL_FORMATS: tuple[str, ...] = (MBOX, MAILDIR, EML)
#: How much of a message's opening is kept to find its headers, its text and its invitation.
HEAD_KEPT = 256 * 1024
#: A header block longer than this is not mail (a file that is not a mailbox, or broken).
MAX_HEADERS = 128 * 1024
#: How much of the plain-text part ``with_text`` keeps (after quotes and signature are cut).
TEXT_KEPT = 2000
#: The size of each read.
CHUNK = 1 << 20

#: ``progress(bytes_read, total_bytes)``.
MailProgress = Callable[[int, int], None]


class MailCancelled(Exception):
    """The caller asked the reading to stop (``stop()`` answered true)."""


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    email: str  # lower case


@dataclass(frozen=True, slots=True)
class MailMessage:
    """One message's headers, as nurture uses them."""

    where: str  # "message 12" / a file name
    message_id: str
    date: datetime  # aware
    sender: Address
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    subject: str
    #: Why it is a mailing list's or an automatic message ("List-Id", "Auto-Submitted"), or "".
    bulk: str = ""
    labels: tuple[str, ...] = ()
    #: The text/calendar part's bytes (an invitation), or b"".
    calendar: bytes = b""
    #: The opening of its plain-text part, quotes and signature cut (when asked for), or "".
    text: str = ""

    @property
    def recipients(self) -> tuple[Address, ...]:
        return self.to + self.cc


@dataclass(frozen=True, slots=True)
class Skipped:
    where: str
    reason: str


def detect_mail(path: Path) -> str:
    """``mbox``, ``maildir`` or ``eml`` when ``path`` looks like one, else ""."""
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return MAILDIR
        if any(p.suffix.lower() == ".eml" for p in _scan_dir(path)):
            return EML
        return ""
    suffix = path.suffix.lower()
    if suffix == ".eml":
        return EML
    if suffix == ".mbox":
        return MBOX
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


def _scan_dir(path: Path) -> list[Path]:
    try:
        return sorted(p for p in path.iterdir() if p.is_file())
    except OSError:
        return []


_HEADER_LINE = re.compile(rb"[!-9;-~]+:")


def read_mail(
    path: Path,
    fmt: str,
    *,
    with_text: bool = False,
    wants_text: Callable[[str], bool] | None = None,
    progress: MailProgress | None = None,
    stop: Callable[[], bool] | None = None,
) -> Iterator[MailMessage | Skipped]:
    """Every message of the mailbox at ``path`` (in ``fmt``), in file order. ``wants_text(sender)``
    says for which senders (lower-case address) the opening of the text is read anyway;
    ``progress`` hears bytes read of the total; ``stop()`` true raises ``MailCancelled``."""
    if fmt not in MAIL_FORMATS:
        raise InputError(f"unknown mail format {fmt!r}; use one of: {', '.join(MAIL_FORMATS)}")
    reader = _Reader(with_text, wants_text)
    report = progress or (lambda done, total: None)
    halt = stop or (lambda: False)
    if fmt == MBOX:
        if not path.is_file():
            raise InputError(f"{path} is not an mbox file")
        yield from _mbox(path, reader, report, halt)
        return
    if fmt == MAILDIR:
        if not (path / "cur").is_dir():
            raise InputError(f"{path} is not a Maildir (no cur/ folder)")
        files = [p for sub in ("cur", "new") for p in _scan_dir(path / sub) if not p.name.startswith(".")]
    elif path.is_dir():
        files = [p for p in _scan_dir(path) if p.suffix.lower() == ".eml"]
    elif path.is_file():
        files = [path]
    else:
        raise InputError(f"{path} is neither an .eml file nor a folder of them")
    sizes = [_size(p) for p in files]
    total, done = sum(sizes), 0
    report(0, total)
    for p, size in zip(files, sizes, strict=True):
        if halt():
            raise MailCancelled
        yield _one_file(p, reader)
        done += size
        report(done, total)


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _one_file(p: Path, reader: _Reader) -> MailMessage | Skipped:
    acc = _Message(reader, p.name)
    try:
        with p.open("rb") as f:
            while chunk := f.read(CHUNK):
                acc.feed(chunk)
    except OSError as e:
        return Skipped(p.name, f"could not be read ({e.strerror or e})")
    return acc.done(at_end=True)


_SEP = b"\nFrom "


def _mbox(
    path: Path, reader: _Reader, report: MailProgress, halt: Callable[[], bool]
) -> Iterator[MailMessage | Skipped]:
    """Cut at each line that starts with "From ": only each message's opening is copied out of
    the buffer; the rest is passed over."""
    total = _size(path)
    report(0, total)
    n, done = 0, 0
    acc: _Message | None = None
    with path.open("rb") as f:
        buf = f.read(CHUNK)
        done += len(buf)
        if buf and not buf.startswith(b"From "):
            raise InputError(f"{path} is not an mbox file (it does not start with a 'From ' line)")
        pos = 0
        while buf:
            if halt():
                raise MailCancelled
            if acc is None:
                n += 1
                acc = _Message(reader, f"message {n:,}", mbox=True)
            cut = buf.find(_SEP, pos + 1)
            if cut >= 0:
                acc.feed(buf, pos, cut + 1)
                yield acc.done(at_end=False)
                acc = None
                pos = cut + 1
                continue
            keep = len(buf) - len(_SEP)  # a separator may straddle two reads
            if keep > pos:
                acc.feed(buf, pos, keep)
                pos = keep
            more = f.read(CHUNK)
            done += len(more)
            report(done, total)
            if not more:
                acc.feed(buf, pos, len(buf))
                yield acc.done(at_end=True)
                acc = None
                break
            buf, pos = buf[pos:] + more, 0
    report(total, total)


class _Reader:
    def __init__(self, with_text: bool, wants_text: Callable[[str], bool] | None) -> None:
        self.with_text = with_text
        self.wants_text = wants_text or (lambda sender: False)


class _Message:
    """One message fed in pieces: its opening kept (``HEAD_KEPT``: its headers, its text and
    its invitation, which mail programs put before any attachment); the rest only counted."""

    __slots__ = ("head", "mbox", "reader", "size", "where")

    def __init__(self, reader: _Reader, where: str, mbox: bool = False) -> None:
        self.reader, self.where, self.mbox = reader, where, mbox
        self.head = b""
        self.size = 0

    def feed(self, buf: bytes, start: int = 0, end: int | None = None) -> None:
        end = len(buf) if end is None else end
        self.size += end - start
        room = HEAD_KEPT - len(self.head)
        if room > 0:
            piece = buf[start : min(end, start + room)]
            self.head = self.head + piece if self.head else piece

    def done(self, at_end: bool) -> MailMessage | Skipped:
        try:
            return self._read(at_end)
        except Exception as e:  # one bad message never stops the mailbox
            return Skipped(self.where, f"could not be read ({type(e).__name__}: {e})"[:200])

    def _read(self, at_end: bool) -> MailMessage | Skipped:
        raw = self.head
        if raw.startswith(b"From "):
            nl = raw.find(b"\n")
            raw = raw[nl + 1 :] if nl >= 0 else b""
        end, gap = _header_end(raw)
        if end < 0:
            if self.size >= HEAD_KEPT:
                return Skipped(self.where, "no end to its headers (not mail, or damaged)")
            if at_end and not raw.endswith(b"\n"):
                return Skipped(self.where, "truncated: the file ends inside its headers")
            end, gap = len(raw), 0  # headers and no body
        if end > MAX_HEADERS:
            return Skipped(self.where, f"headers of {end:,} bytes (more than {MAX_HEADERS:,})")
        headers = _headers(raw[:end])
        if headers is None:
            return Skipped(self.where, "broken headers")
        where = self.where
        try:
            sender_field = _text(headers, "from")
            to_field, cc_field = _text(headers, "to"), _text(headers, "cc")
        except UnicodeDecodeError:
            return Skipped(where, "addresses that are not UTF-8 (8-bit headers)")
        senders = _addresses(sender_field)
        if not senders:
            return Skipped(where, "no sender (From:) nurture can read")
        date_text = _latin(headers.get("date", b""))
        moment = _date(date_text)
        if moment is None:
            return Skipped(where, f"no date nurture can read (Date: {date_text[:40]!r})")
        subject = _decoded(_lenient(headers.get("subject", b"")))
        mid = _latin(headers.get("message-id", b"")).strip()
        if not mid or len(mid) > 998:
            mid = "<" + hashlib.sha1(raw[:end]).hexdigest() + "@no-message-id.nurture>"
        labels = tuple(s.strip() for s in _lenient(headers.get("x-gmail-labels", b"")).split(",") if s.strip())
        ctype = _latin(headers.get("content-type", b"text/plain")).strip().lower()
        body = raw[end + gap :]
        calendar = b""
        if ctype.startswith("text/calendar"):
            calendar = _decoded_body(headers, body)
        elif ctype.startswith("multipart/") and (b"/calendar" in body or b"/CALENDAR" in body):
            calendar = _calendar_part(raw)
        sender = senders[0]
        text = ""
        if self.reader.with_text or self.reader.wants_text(sender.email):
            text = _plain_text(_FROM_QUOTED.sub(rb"\1", raw[:TEXT_SCAN]) if self.mbox else raw)
        return MailMessage(
            where,
            mid,
            moment,
            sender,
            _addresses(to_field),
            _addresses(cc_field),
            subject,
            _bulk(headers),
            labels,
            calendar,
            text,
        )


def _header_end(raw: bytes) -> tuple[int, int]:
    """Where the header block ends and how long the blank line after it is, or (-1, 0)."""
    a, b = raw.find(b"\n\n"), raw.find(b"\r\n\r\n")
    if a < 0 and b < 0:
        return -1, 0
    if b >= 0 and (a < 0 or b < a):
        return b + 2, 2
    return a + 1, 1


_WANTED = frozenset(
    {
        "from",
        "to",
        "cc",
        "date",
        "subject",
        "message-id",
        "list-id",
        "list-unsubscribe",
        "precedence",
        "auto-submitted",
        "x-autoreply",
        "x-autorespond",
        "x-auto-response-suppress",
        "x-gmail-labels",
        "content-type",
        "content-transfer-encoding",
        "content-disposition",
    }
)


_WANTED_LINE = re.compile(
    rb"^(" + b"|".join(re.escape(w.encode()) for w in sorted(_WANTED)) + rb")[ \t]*:(.*(?:\r?\n[ \t].*)*)",
    re.IGNORECASE | re.MULTILINE,
)
_FOLD = re.compile(rb"\r?\n[ \t]+")


def _headers(block: bytes) -> dict[str, bytes] | None:
    """The wanted headers of a header block, unfolded (the first of each name); None when the
    block has no header line at all."""
    out: dict[str, bytes] = {}
    for m in _WANTED_LINE.finditer(block):
        key = m.group(1).decode("ascii").lower()
        if key not in out:
            value = m.group(2)
            out[key] = (_FOLD.sub(b" ", value) if b"\n" in value else value).strip()
    if not out and not _HEADER_LINE.match(block.lstrip()):
        return None
    return out


def _text(headers: dict[str, bytes], key: str) -> str:
    """An address header as text: UTF-8 (RFC 6532) or ASCII; anything else raises."""
    return headers.get(key, b"").decode("utf-8")


def _latin(value: bytes) -> str:
    return value.decode("latin-1")


def _lenient(value: bytes) -> str:
    """A header that is not about who or when: UTF-8, else Windows-1252, so it can be shown."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", "replace")


def _decoded(value: str) -> str:
    """RFC 2047 encoded words decoded; a value that cannot be decoded is kept as it is."""
    if "=?" not in value:
        return " ".join(value.split())
    try:
        return " ".join(str(make_header(decode_header(value))).split())
    except (ValueError, LookupError, UnicodeError, AssertionError):
        return " ".join(value.split())


_SIMPLE_ADDRESS = re.compile(r"\s*(?:([^<>\"(),;:@]*?)\s*<([^<>\s@]+@[^<>\s@]+)>|<?([^<>\s@]+@[^<>\s@]+?)>?)\s*")


def _addresses(value: str) -> tuple[Address, ...]:
    if not value.strip():
        return ()
    simple = _SIMPLE_ADDRESS.fullmatch(value) if "," not in value else None
    if simple:  # "Name <a@b>" or "a@b", the most of mail: no parser needed
        name, addr = (simple.group(1) or "", simple.group(2)) if simple.group(2) else ("", simple.group(3))
        return (Address(_decoded(name).strip(), addr.lower()),)
    out: list[Address] = []
    for name, addr in getaddresses([value]):
        addr = addr.strip().strip("<>").lower()
        if "@" not in addr or len(addr) > 320 or len(addr.split()) != 1:
            continue
        out.append(Address(_decoded(name).strip().strip('"'), addr))
    return tuple(out)


def _date(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _bulk(headers: dict[str, bytes]) -> str:
    if "list-id" in headers:
        return "a mailing list (List-Id)"
    if "list-unsubscribe" in headers:
        return "a mailing list (List-Unsubscribe)"
    if _latin(headers.get("precedence", b"")).strip().lower() in ("bulk", "list", "junk"):
        return "bulk mail (Precedence)"
    auto = _latin(headers.get("auto-submitted", b"")).strip().lower()
    if auto and auto != "no":
        return "an automatic reply (Auto-Submitted)"
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return "an automatic reply (X-Autoreply)"
    return ""


def _decoded_body(headers: dict[str, bytes], body: bytes) -> bytes:
    cte = _latin(headers.get("content-transfer-encoding", b"")).strip().lower()
    if cte == "base64":
        import base64
        import binascii

        try:
            return base64.b64decode(body)
        except (binascii.Error, ValueError):
            return b""
    if cte == "quoted-printable":
        import quopri

        return quopri.decodestring(body)
    return body


def _parsed(raw: bytes):
    from email import policy
    from email.parser import BytesParser

    return BytesParser(policy=policy.compat32).parsebytes(raw)


def _calendar_part(raw: bytes) -> bytes:
    """The first text/calendar part of a multipart message's opening, decoded, or b""."""
    for part in _parsed(raw).walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else b""
    return b""


_QUOTE_HEAD = re.compile(
    r"^(on .{0,200} wrote:|am .{0,200} schrieb .{0,80}:|le .{0,200} a écrit ?:|-+ ?original message ?-+|"
    r"-+ ?ursprüngliche nachricht ?-+|from: .+|________________________________)\s*$",
    re.IGNORECASE,
)


#: An mbox quotes a body line that starts with "From " as ">From " (and ">From " as ">>From ").
_FROM_QUOTED = re.compile(rb"(?m)^>(>*From )")


def _plain_text(raw: bytes) -> str:
    """The opening of the message's plain-text part: quoted replies and the signature cut.
    The part is found by hand in the message's opening (a text part comes before any
    attachment): the ``email`` parser would compile a pattern per multipart message."""
    part = _first_plain(raw[:TEXT_SCAN], 0)
    if part is None:
        return ""
    headers, body = part
    payload = _decoded_body(headers, body)
    m = _CHARSET.search(headers.get("content-type", b""))
    charset = m.group(1).decode("ascii", "replace") if m else "utf-8"
    try:
        text = payload.decode(charset, "replace")
    except LookupError:
        text = payload.decode("utf-8", "replace")
    return cut_quotes(text)[:TEXT_KEPT]


#: How much of a message's opening is searched for its text.
TEXT_SCAN = 64 * 1024
_CHARSET = re.compile(rb'(?i)charset\s*=\s*"?([A-Za-z0-9_.:-]+)')
_BOUNDARY = re.compile(rb'(?i)boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))')


def _first_plain(raw: bytes, depth: int) -> tuple[dict[str, bytes], bytes] | None:
    """The headers and body of the first text/plain part (not an attachment) of ``raw``."""
    end, gap = _header_end(raw)
    if end < 0:
        return None
    headers = _headers(raw[:end]) or {}
    ctype = headers.get("content-type", b"text/plain").strip().lower()
    body = raw[end + gap :]
    if ctype.startswith(b"text/plain") or not ctype:
        return None if b"attachment" in headers.get("content-disposition", b"").lower() else (headers, body)
    if not ctype.startswith(b"multipart/") or depth > 3:
        return None
    m = _BOUNDARY.search(headers.get("content-type", b""))
    if not m:
        return None
    sep = b"--" + (m.group(1) or m.group(2))
    for chunk in body.split(sep)[1:]:
        if chunk.startswith(b"--"):
            break
        found = _first_plain(chunk.lstrip(b"\r\n") if chunk[:1] in (b"\r", b"\n") else chunk, depth + 1)
        if found is not None:
            return found
    return None


def cut_quotes(text: str) -> str:
    """A message's own words: quoted lines (``>``), what follows an "On … wrote:" line and the
    signature (after ``-- ``) left out."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.rstrip() == "--" or line.startswith("-- "):
            break
        if _QUOTE_HEAD.match(line.strip()):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def path_size(path: Path) -> int:
    """How many bytes reading ``path`` goes through (a folder: its messages)."""
    if path.is_file():
        return _size(path)
    total = 0
    for root, _dirs, files in os.walk(path):
        total += sum(_size(Path(root) / f) for f in files)
    return total


def strangers_csv(rows: list[tuple[str, str, int]]) -> str:
    """The people the user wrote to who are not contacts ((address, name, messages) each), as a
    CSV nurture imports (Name, Email, Notes): edit it, keep the ones to add, import it. A cell
    that a spreadsheet would run as a formula is quoted with '."""
    import csv
    import io

    from nurture.exchange.sheet import neutralise

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Name", "Email", "Notes"])
    for email, name, n in rows:
        times = f"{n} time{'s' if n != 1 else ''}"
        w.writerow([neutralise(name or email.split("@")[0]), neutralise(email), f"You wrote to them {times} (mailbox)"])
    return out.getvalue()
