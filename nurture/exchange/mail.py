"""Mail files read message by message: an mbox (Gmail Takeout, Thunderbird), a Maildir
(``cur/ new/ tmp/``: mutt, aerc, notmuch, offlineimap, mbsync) or ``.eml`` files.

Mailboxes are gigabytes, so nothing here holds a whole file, or a whole message, in memory. An
mbox is read in binary chunks and cut at its ``From `` lines (bodies quote theirs as ``>From ``);
that is framing. Parsing is the standard library's: each message's header block is read by
``email.parser.BytesHeaderParser`` (policy ``compat32``), names in RFC 2047 by
``email.header``, addresses by ``email.utils.getaddresses``, dates by
``email.utils.parsedate_to_datetime``. The body is parsed (``email.parser.BytesParser`` on the
message's opening, at most ``HEAD_KEPT`` bytes, then ``walk()`` and ``get_payload(decode=True)``)
only when it must be: for an invitation (a ``text/calendar`` message, or a multipart one that
names a calendar part) and for the opening of the plain text, which is read only for the
messages the caller asks it for (``wants_text``: to tell a thank-you) or for all with
``with_text``.

Most of a mailbox involves no contact (newsletters, notifications, mail among others), so the
caller may name an ``Interest``: before anything is parsed, a byte-level prefilter looks for
those addresses in the block's ``From``/``To``/``Cc`` fields, and a message that names none is
yielded as ``Passed``, unparsed.

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
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from nurture.domain.errors import InputError

MBOX, MAILDIR, EML = "mbox", "maildir", "eml"
MAIL_FORMATS: tuple[str, ...] = (MBOX, MAILDIR, EML)
#: How much of a message's opening is kept to find its headers, its text and its invitation.
HEAD_KEPT = 256 * 1024
#: A header block longer than this is not mail (a file that is not a mailbox, or broken).
MAX_HEADERS = 128 * 1024
#: How much of a message's opening is parsed for its text alone (a text part comes before any
#: attachment).
TEXT_SCAN = 64 * 1024
#: How much of a message's body is parsed for the opening of its text alone (to tell thanks).
OPENING_SCAN = 8 * 1024
#: How much of the plain-text part ``with_text`` keeps (after quotes and signature are cut).
TEXT_KEPT = 2000
#: The size of each read.
CHUNK = 1 << 20

#: ``progress(bytes_read, total_bytes)``.
MailProgress = Callable[[int, int], None]
#: ``wants_text(sender, recipients)``, lower-case addresses: read this message's text?
WantsText = Callable[[str, tuple[str, ...]], bool]

# compat32: several times faster than the default policy, and its raw values keep the bytes
# (as surrogate escapes), so an 8-bit header can be told from a UTF-8 one.
_HEADER_PARSER = BytesHeaderParser(policy=policy.compat32)
_PARSER = BytesParser(policy=policy.compat32)


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


@dataclass(frozen=True, slots=True)
class Passed:
    """A message the ``Interest`` prefilter passed over, unparsed: it names none of the
    addresses asked about."""

    where: str


@dataclass(frozen=True, slots=True)
class Interest:
    """Which messages are worth parsing. A message is parsed when its ``From``/``To``/``Cc``
    fields name one of ``addresses`` (the contacts'), when its ``From`` names one of
    ``senders`` (the user's own: what they wrote to people who are not contacts is
    summarised), or, with ``sent_label``, when Gmail labels it ``Sent`` (``X-Gmail-Labels``:
    to offer the user's addresses when none are set). Case is ignored."""

    addresses: frozenset[str] = frozenset()
    senders: frozenset[str] = frozenset()
    sent_label: bool = False


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
    wants_text: WantsText | None = None,
    interest: Interest | None = None,
    progress: MailProgress | None = None,
    stop: Callable[[], bool] | None = None,
) -> Iterator[MailMessage | Skipped | Passed]:
    """Every message of the mailbox at ``path`` (in ``fmt``), in file order: read, skipped
    (with why), or passed over (with ``interest``, one that names none of its addresses).
    ``wants_text(sender, recipients)`` says for which messages the opening of the text is read
    anyway; ``progress`` hears bytes read of the total; ``stop()`` true raises
    ``MailCancelled``."""
    if fmt not in MAIL_FORMATS:
        raise InputError(f"unknown mail format {fmt!r}; use one of: {', '.join(MAIL_FORMATS)}")
    reader = _Reader(with_text, wants_text, interest, mbox=fmt == MBOX)
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


def _one_file(p: Path, reader: _Reader) -> MailMessage | Skipped | Passed:
    acc = _Message(reader, p.name)
    try:
        with p.open("rb") as f:
            while chunk := f.read(CHUNK):
                acc.feed(chunk, 0, len(chunk))
    except OSError as e:
        return Skipped(p.name, f"could not be read ({e.strerror or e})")
    return acc.done(at_end=True)


#: Where the next message starts (the regex engine finds it faster than ``bytes.find``).
_SEP = re.compile(rb"\nFrom ")


def _mbox(
    path: Path, reader: _Reader, report: MailProgress, halt: Callable[[], bool]
) -> Iterator[MailMessage | Skipped | Passed]:
    """Cut at each line that starts with "From ". A message that lies whole in the buffer is
    handed over as offsets into it (one the prefilter passes over is never copied); one that
    straddles reads keeps only its opening."""
    total = _size(path)
    report(0, total)
    n, done = 0, 0
    acc: _Message | None = None
    find = _SEP.search
    with path.open("rb") as f:
        buf = f.read(CHUNK)
        done += len(buf)
        if buf and not buf.startswith(b"From "):
            raise InputError(f"{path} is not an mbox file (it does not start with a 'From ' line)")
        pos = 0
        while buf:
            if halt():
                raise MailCancelled
            cut = find(buf, pos + 1)
            if cut is not None:
                end = cut.start() + 1
                n += 1
                if acc is None:
                    yield reader.take(buf, pos, end, end - pos, False, f"message {n:,}")
                else:
                    acc.feed(buf, pos, end)
                    yield acc.done(at_end=False)
                    acc = None
                pos = end
                continue
            if acc is None:
                acc = _Message(reader, f"message {n + 1:,}")
            keep = len(buf) - 5  # "\nFrom" may straddle two reads
            if keep > pos:
                acc.feed(buf, pos, keep)
                pos = keep
            more = f.read(CHUNK)
            done += len(more)
            report(done, total)
            if not more:
                acc.feed(buf, pos, len(buf))
                n += 1
                yield acc.done(at_end=True)
                acc = None
                break
            buf, pos = buf[pos:] + more, 0
    report(total, total)


class _Message:
    """A message fed in pieces: its opening kept (``HEAD_KEPT``: its headers, its text and its
    invitation, which mail programs put before any attachment); the rest only counted."""

    __slots__ = ("head", "reader", "size", "where")

    def __init__(self, reader: _Reader, where: str) -> None:
        self.reader, self.where = reader, where
        self.head = b""
        self.size = 0

    def feed(self, buf: bytes, start: int, end: int) -> None:
        self.size += end - start
        room = HEAD_KEPT - len(self.head)
        if room > 0:
            piece = buf[start : min(end, start + room)]
            self.head = self.head + piece if self.head else piece

    def done(self, at_end: bool) -> MailMessage | Skipped | Passed:
        return self.reader.take(self.head, 0, len(self.head), self.size, at_end, self.where)


#: Each From/To/Cc field of a header block led by a newline (searched in place, the names in
#: any case), folded lines and repeats included. A field's name starts a line, so none is
#: missed and none is found inside a value.
_FIELDS = re.compile(rb"\n((?i:from|to|cc))[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)")
#: An address as mail writes nearly all of them; the look-behind starts one at a word's start.
_TOKEN = re.compile(rb"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
_PLAIN_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*", re.ASCII)
_LABELS = re.compile(rb"\n(?i:x-gmail-labels)[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)")
_SENT = re.compile(rb"(?:^|,)\s*sent\s*(?:,|$)")


class _Prefilter:
    """``Interest`` in bytes. The addresses ``_TOKEN`` finds in the fields are looked up in a set
    (measured: 2–3 µs a block, where a regex alternation of 2,000 addresses costs milliseconds);
    the few odd ones (a quote, a non-ASCII letter) are searched for as written."""

    __slots__ = ("addresses", "odd", "odd_senders", "senders", "sent_label", "wide")

    def __init__(self, interest: Interest) -> None:
        def split(found: frozenset[str]) -> tuple[frozenset[bytes], tuple[bytes, ...]]:
            low = {a.strip().lower() for a in found if a.strip()}
            plain = {a for a in low if _PLAIN_ADDRESS.fullmatch(a)}
            return frozenset(a.encode() for a in plain), tuple(a.encode() for a in sorted(low - plain))

        self.addresses, self.odd = split(interest.addresses)
        self.senders, self.odd_senders = split(interest.senders)
        # bytes.lower() leaves a non-ASCII capital as it is: with such an address, a block
        # that is not ASCII is parsed rather than searched.
        self.wide = any(not a.isascii() for a in (*interest.addresses, *interest.senders))
        self.sent_label = interest.sent_label

    def wants(self, buf: bytes, start: int, end: int) -> bool:
        """Whether the header block ``buf[start:end]`` (``buf[start]`` the newline that leads
        it) is worth parsing."""
        if self.wide and not buf[start:end].isascii():
            return True
        fields = _FIELDS.findall(buf, start, end)
        if fields:
            values = b"\n".join(value for _, value in fields).lower()
            if not self.addresses.isdisjoint(_TOKEN.findall(values)):
                return True
            if self.odd and any(a in values for a in self.odd):
                return True
            if self.senders or self.odd_senders:
                for name, value in fields:
                    value = value.lower()
                    if name.lower() == b"from" and (
                        not self.senders.isdisjoint(_TOKEN.findall(value)) or any(a in value for a in self.odd_senders)
                    ):
                        return True
        if self.sent_label:
            labels = _LABELS.search(buf, start, end)
            if labels is not None and _SENT.search(b" ".join(labels.group(1).lower().split())):
                return True
        return False


class _Reader:
    __slots__ = ("mbox", "prefilter", "wants_text", "with_text")

    def __init__(self, with_text: bool, wants_text: WantsText | None, interest: Interest | None, mbox: bool) -> None:
        self.with_text = with_text
        self.wants_text: WantsText = wants_text or (lambda sender, recipients: False)
        self.prefilter = _Prefilter(interest) if interest is not None else None
        self.mbox = mbox

    def take(
        self, buf: bytes, start: int, end: int, size: int, at_end: bool, where: str
    ) -> MailMessage | Skipped | Passed:
        """The message whose opening is ``buf[start:end]`` (all of it, unless it is longer than
        ``HEAD_KEPT``), ``size`` bytes in all; ``at_end``: the file ends with it."""
        try:
            return self._take(buf, start, end, size, at_end, where)
        except Exception as e:  # one bad message never stops the mailbox
            return Skipped(where, f"could not be read ({type(e).__name__}: {e})"[:200])

    def _take(self, buf: bytes, start: int, end: int, size: int, at_end: bool,
              where: str) -> MailMessage | Skipped | Passed:  # fmt: skip
        if buf.startswith(b"From ", start, end):  # the mbox's own line, not the message's
            nl = buf.find(b"\n", start, end)
            start = nl + 1 if nl >= 0 else end
        head_end, gap = _header_end(buf, start, end)
        if head_end < 0:
            if size >= HEAD_KEPT:
                return Skipped(where, "no end to its headers (not mail, or damaged)")
            if at_end and buf[end - 1 : end] != b"\n":
                return Skipped(where, "truncated: the file ends inside its headers")
            head_end, gap = end, 0  # headers and no body
        if head_end - start > MAX_HEADERS:
            return Skipped(where, f"headers of {head_end - start:,} bytes (more than {MAX_HEADERS:,})")
        if self.prefilter is not None:
            if start > 0 and buf[start - 1] == 10:  # led by the mbox line's newline: searched in place
                wanted = self.prefilter.wants(buf, start - 1, head_end)
            else:
                wanted = self.prefilter.wants(b"\n" + buf[start:head_end], 0, head_end - start + 1)
            if not wanted:
                return Passed(where)
        return self._parse(buf, start, head_end, head_end + gap, end, where)

    def _parse(self, buf: bytes, start: int, head_end: int, body_start: int, end: int,
               where: str) -> MailMessage | Skipped:  # fmt: skip
        block = buf[start:head_end]
        msg = _HEADER_PARSER.parsebytes(block)
        headers: dict[str, bytes] = {}
        for key, value in msg.raw_items():  # as written: the bytes, surrogate-escaped
            headers.setdefault(key.strip().lower(), value.encode("ascii", "surrogateescape"))
        if not headers:
            return Skipped(where, "broken headers")
        try:
            sender_field = _text(headers, "from")
            to_field, cc_field = _text(headers, "to"), _text(headers, "cc")
        except UnicodeDecodeError:
            return Skipped(where, "addresses that are not UTF-8 (8-bit headers)")
        senders = _addresses(sender_field)
        if not senders:
            return Skipped(where, "no sender (From:) nurture can read")
        date_text = " ".join(_latin(headers.get("date", b"")).split())
        moment = _date(date_text)
        if moment is None:
            return Skipped(where, f"no date nurture can read (Date: {date_text[:40]!r})")
        subject = _decoded(_lenient(headers.get("subject", b"")))
        mid = " ".join(_latin(headers.get("message-id", b"")).split())
        if not mid or len(mid) > 998:
            mid = "<" + hashlib.sha1(block).hexdigest() + "@no-message-id.nurture>"
        labels = tuple(s.strip() for s in _lenient(headers.get("x-gmail-labels", b"")).split(",") if s.strip())
        to, cc = _addresses(to_field), _addresses(cc_field)
        sender = senders[0]
        ctype = msg.get_content_type()
        calendar_wanted = ctype == "text/calendar" or (
            ctype.startswith("multipart/") and any(buf.find(c, body_start, end) >= 0 for c in _CALENDAR)
        )
        text_wanted = self.with_text or self.wants_text(sender.email, tuple(a.email for a in to + cc))
        calendar, text = b"", ""
        if calendar_wanted or text_wanted:
            scan = TEXT_SCAN if self.with_text else OPENING_SCAN
            opening = buf[start : end if calendar_wanted else min(end, body_start + scan)]
            if self.mbox:
                opening = _FROM_QUOTED.sub(rb"\1", opening)
            calendar, text = _body(_PARSER.parsebytes(opening), calendar_wanted, text_wanted)
        return MailMessage(where, mid, moment, sender, to, cc, subject, _bulk(headers), labels, calendar, text)


#: How a multipart message names a calendar part, as mail programs write it.
_CALENDAR = (b"/calendar", b"/Calendar", b"/CALENDAR")
#: An mbox quotes a body line that starts with "From " as ">From " (and ">From " as ">>From ").
_FROM_QUOTED = re.compile(rb"(?m)^>(>*From )")


def _header_end(buf: bytes, start: int, end: int) -> tuple[int, int]:
    """Where the header block of ``buf[start:end]`` ends (after its last line's newline) and how
    long the blank line after it is, or (-1, 0)."""
    a = buf.find(b"\n\n", start, end)
    if a >= 0 and buf.find(b"\r", start, a) < 0:  # no CR before it: no CRLF blank line either
        return a + 1, 1
    b = buf.find(b"\r\n\r\n", start, min(end, a + 4) if a >= 0 else end)
    if b >= 0 and (a < 0 or b < a):
        return b + 2, 2
    if a >= 0:
        return a + 1, 1
    return -1, 0


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
    """RFC 2047 encoded words decoded, folding undone; a value that cannot be decoded is kept as
    it is."""
    if "=?" not in value:
        return " ".join(value.split())
    try:
        return " ".join(str(make_header(decode_header(value))).split())
    except (ValueError, LookupError, UnicodeError, AssertionError):
        return " ".join(value.split())


def _addresses(value: str) -> tuple[Address, ...]:
    if not value.strip():
        return ()
    out: list[Address] = []
    for name, addr in getaddresses([value]):
        addr = addr.strip().lower()
        if "@" not in addr or len(addr) > 320 or len(addr.split()) != 1:
            continue
        out.append(Address(_decoded(name).strip().strip('"'), addr))
    return tuple(out)


def _date(text: str) -> datetime | None:
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


def _body(msg: Message, calendar_wanted: bool, text_wanted: bool) -> tuple[bytes, str]:
    """The first text/calendar part, decoded, and the opening of the first plain-text part that
    is not an attachment, quotes and signature cut: what was wanted of each, else b"" / ""."""
    calendar: bytes | None = None if calendar_wanted else b""
    text: str | None = None if text_wanted else ""
    for part in msg.walk():
        if calendar is not None and text is not None:
            break
        ctype = part.get_content_type()
        if calendar is None and ctype == "text/calendar":
            payload = part.get_payload(decode=True)
            calendar = payload if isinstance(payload, bytes) else b""
        elif text is None and ctype == "text/plain" and part.get_content_disposition() != "attachment":
            payload = part.get_payload(decode=True)
            raw = payload if isinstance(payload, bytes) else b""
            charset = part.get_content_charset() or "utf-8"
            try:
                decoded = raw.decode(charset, "replace")
            except LookupError:
                decoded = raw.decode("utf-8", "replace")
            text = cut_quotes(decoded)[:TEXT_KEPT]
    return calendar or b"", text or ""


_QUOTE_HEAD = re.compile(
    r"^(on .{0,200} wrote:|am .{0,200} schrieb .{0,80}:|le .{0,200} a écrit ?:|-+ ?original message ?-+|"
    r"-+ ?ursprüngliche nachricht ?-+|from: .+|________________________________)\s*$",
    re.IGNORECASE,
)


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
