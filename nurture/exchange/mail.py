"""Mail files read message by message: an mbox (Gmail Takeout, Thunderbird), a Maildir
(``cur/ new/ tmp/``: mutt, aerc, notmuch, offlineimap, mbsync) or ``.eml`` files.

Mailboxes are gigabytes, so nothing here holds a whole file, or a whole message, in memory. An
mbox is read in chunks into one reused buffer and cut at its ``From `` lines (bodies quote
theirs as ``>From ``); that is framing. One that another program truncates or rewrites while it
is read (a mail program compacting it) stops the reading with ``MailboxChanged``: nothing read
from it is used. Parsing is the standard library's, for every message that is parsed: the
lines of its header block the rules read (a regex frames them, with their continuations, out of
the ``Received``/``DKIM``/``ARC`` bulk) go to ``email.parser.BytesHeaderParser`` (policy
``compat32``), addresses to ``email.utils.getaddresses``, names and subjects in RFC 2047 to
``email.header``, dates to ``email.utils.parsedate_to_datetime``. The body is parsed
(``email.parser.BytesParser`` on the message's opening, at most ``HEAD_KEPT`` bytes, then
``walk()`` and ``get_payload(decode=True)``) only when it must be: for an invitation (a
``text/calendar`` message, or a multipart one that names a calendar part) and for the opening
of the plain text, which is read only for the messages the caller asks it for (``wants_text``:
to tell a thank-you) or for all with ``with_text``.

Most of a mailbox involves no contact (newsletters, notifications, mail among others), so the
caller may name an ``Interest``: before anything is parsed, a byte-level prefilter looks for
those addresses in the block's ``From``/``To``/``Cc`` fields (found in the same pass that finds
the block's end), and a message that names none is yielded as ``Passed``, unparsed. The
prefilter only decides whether a message is parsed. The user's own mail that names none is
parsed as far as counting it goes (who, when, whether it is bulk) and yielded as ``Sent``: its
recipients' addresses, counted for the "people you wrote to" summary; their names are decoded
only when shown (``StrangerNames``), once per address.

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
from functools import lru_cache
from pathlib import Path

from nurture.domain.errors import InputError
from nurture.domain.models import email_key
from nurture.exchange.mailbox import MAIL_FORMATS, MAILDIR, MBOX, scan_dir

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
#: The size of each read of a Maildir's or an .eml's file.
CHUNK = 1 << 20
#: The buffer an mbox is read into (a message longer than half of it keeps its opening only).
BUFFER = 4 << 20

#: ``progress(bytes_read, total_bytes)``.
MailProgress = Callable[[int, int], None]
#: ``wants_text(sender, recipients, date, subject)`` (lower-case addresses, the aware date, the
#: decoded subject): read this message's text?
WantsText = Callable[[str, tuple[str, ...], datetime, str], bool]

# compat32: several times faster than the default policy, and its raw values keep the bytes
# (as surrogate escapes), so an 8-bit header can be told from a UTF-8 one.
_HEADER_PARSER = BytesHeaderParser(policy=policy.compat32)
_PARSER = BytesParser(policy=policy.compat32)
#: What messages are read from: a file's bytes, or the buffer an mbox is read into.
Buffer = bytes | bytearray


class MailCancelled(Exception):
    """The caller asked the reading to stop (``stop()`` answered true)."""


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    email: str  # as email_key keys it (case folded)


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


def read_mail(
    path: Path,
    fmt: str,
    *,
    with_text: bool = False,
    wants_text: WantsText | None = None,
    interest: Interest | None = None,
    names: StrangerNames | None = None,
    progress: MailProgress | None = None,
    stop: Callable[[], bool] | None = None,
) -> Iterator[MailMessage | Skipped | Passed | Sent]:
    """Every message of the mailbox at ``path`` (in ``fmt``), in file order: read, skipped
    (with why), or passed over (with ``interest``, one that names none of its addresses).
    ``wants_text(sender, recipients, date, subject)`` says for which messages the opening of the text is read
    anyway; ``progress`` hears bytes read of the total; ``stop()`` true raises
    ``MailCancelled``."""
    if fmt not in MAIL_FORMATS:
        raise InputError(f"unknown mail format {fmt!r}; use one of: {', '.join(MAIL_FORMATS)}")
    reader = _Reader(with_text, wants_text, interest, fmt == MBOX, names)
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
        files = [p for sub in ("cur", "new") for p in scan_dir(path / sub) if not p.name.startswith(".")]
    elif path.is_dir():
        files = [p for p in scan_dir(path) if p.suffix.lower() == ".eml"]
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


def _one_file(p: Path, reader: _Reader) -> MailMessage | Skipped | Passed | Sent:
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
#: How far the reading goes between two progress reports (and two looks at ``stop``).
STEP = 4 << 20


class MailboxChanged(InputError):
    """The mbox was truncated or rewritten while it was read (a mail program compacting it, or
    filing mail into it): what was read may mix two versions of it, so none of it is used."""


def _mbox(
    path: Path, reader: _Reader, report: MailProgress, halt: Callable[[], bool]
) -> Iterator[MailMessage | Skipped | Passed | Sent]:
    """Cut at each line that starts with "From ". The file is read in chunks into one buffer,
    reused: each message that lies whole in it is handed over as offsets into it (none is
    copied); the one a read cuts is moved to the buffer's start before the next read, and one
    longer than half the buffer keeps only its opening (``HEAD_KEPT``), the rest counted. So
    memory stays one buffer, whatever the file's size.

    Only the bytes the file held when it was opened are read. A file that shrinks or is
    rewritten meanwhile raises ``MailboxChanged`` (mail appended at its end is left for the
    next import)."""
    with path.open("rb", buffering=0) as f:
        opened = os.fstat(f.fileno())
        total = opened.st_size
        report(0, total)
        if halt():
            raise MailCancelled
        if total == 0:
            return
        buf = bytearray(BUFFER)
        view = memoryview(buf)
        take, finditer = reader.take, _SEP.finditer
        filled = f.readinto(view[: min(BUFFER, total)]) or 0
        done = filled
        if buf[:5] != b"From ":
            raise InputError(f"{path} is not an mbox file (it does not start with a 'From ' line)")
        n = pos = 0
        look = 1  # where the search for the next "\nFrom " goes on from
        opening: bytes | None = None  # a long message's opening, once its start left the buffer
        dropped = 0  # how many of its bytes left the buffer
        mark = STEP
        while True:
            for cut in finditer(buf, look, filled):
                end = cut.start() + 1
                n += 1
                if opening is None:
                    yield take(buf, pos, min(end, pos + HEAD_KEPT), end - pos, False, f"message {n:,}")
                else:
                    yield take(opening, 0, len(opening), dropped + end - pos, False, f"message {n:,}")
                    opening, dropped = None, 0
                pos = end
            if done >= total:
                break
            if done >= mark:
                mark = done + STEP
                report(done, total)
                if halt():
                    raise MailCancelled
                _unchanged(f.fileno(), path, opened, done)
            # What follows the last cut is a message the read cut: moved to the start, or, when
            # it fills half the buffer, its opening kept and the rest but the last 5 bytes (a
            # "\nFrom" the next read may complete) let go.
            rest = filled - pos
            if rest > BUFFER // 2:
                if opening is None:
                    opening = bytes(buf[pos : pos + HEAD_KEPT])
                dropped += rest - 5
                buf[:5] = buf[filled - 5 : filled]
                rest, look = 5, 0
            else:
                buf[:rest] = buf[pos:filled]
                look = max(rest - 5, 1)
            pos = 0
            got = f.readinto(view[rest : rest + min(BUFFER - rest, total - done)]) or 0
            if got == 0:  # shorter than it was
                raise _changed(path)
            filled = rest + got
            done += got
        _unchanged(f.fileno(), path, opened, total, at_end=True)
        n += 1
        if opening is None:
            yield take(buf, pos, min(filled, pos + HEAD_KEPT), filled - pos, True, f"message {n:,}")
        else:
            yield take(opening, 0, len(opening), dropped + filled - pos, True, f"message {n:,}")
    report(total, total)


def _unchanged(fd: int, path: Path, opened: os.stat_result, done: int, at_end: bool = False) -> None:
    """Raise ``MailboxChanged`` unless the file still holds what it held when opened, as far as
    can be told: not shorter, and not written to since, unless by mail appended at its end."""
    now = os.fstat(fd)
    if now.st_size < opened.st_size:
        raise _changed(path)
    if now.st_mtime_ns == opened.st_mtime_ns and now.st_size == opened.st_size:
        return
    if now.st_size == opened.st_size:  # written to in place
        raise _changed(path)
    if at_end and os.pread(fd, 6, opened.st_size - 1) != b"\nFrom ":  # grown, but not by a message
        raise _changed(path)


def _changed(path: Path) -> MailboxChanged:
    return MailboxChanged(
        f"{path} changed while it was read (a mail program compacting it or filing mail into it?): "
        "nothing was imported. Import it again once that program is done with it"
    )


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

    def done(self, at_end: bool) -> MailMessage | Skipped | Passed | Sent:
        return self.reader.take(self.head, 0, len(self.head), self.size, at_end, self.where)


#: One pass over a header block led by a newline: each From/To/Cc field (group 1 its name, group
#: 2 its value, folded lines included; the names in any case), and the blank line that ends the
#: block (group 3). A field's name starts a line, so none is missed and none is found inside a
#: value; the search stops at the blank line, so a body's quoted "From:" is never read.
_SCAN = re.compile(rb"\n(?:((?i:from|to|cc))[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)|\r?(\n))")
#: An address as mail writes nearly all of them; the look-behind starts one at a word's start.
_TOKEN = re.compile(rb"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
_PLAIN_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*", re.ASCII)
_LABELS = re.compile(rb"\n(?i:x-gmail-labels)[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)")
_SENT = re.compile(rb"(?:^|,)\s*sent\s*(?:,|$)")


#: The verdicts of the prefilter: pass the message over, parse it to count it as the user's mail
#: to people who are not contacts (``Sent``), or parse it whole.
_PASS, _COUNT, _PARSE = 0, 1, 2
#: The lines of a header block the rules read, with their continuations: only they are handed
#: to the header parser (framing: a received message's block is mostly ``Received``,
#: ``DKIM-Signature`` and ``ARC-*``, which nothing here reads). The parser reads them.
_READ_FIELDS = re.compile(
    rb"\n((?i:from|to|cc|date|subject|message-id|x-gmail-labels|content-type|content-transfer-encoding"
    rb"|mime-version|list-[\w-]+|auto-[\w-]+|precedence|x-autoreply|x-autorespond)[ \t]*:[^\n]*(?:\n[ \t][^\n]*)*)"
)

#: The lines the user's own mail to people who are not contacts is counted from: who, when, and
#: whether it is bulk or automatic (then the rules read it whole, to say why it is left out).
_COUNT_FIELDS = re.compile(
    rb"\n((?i:from|to|cc|date|x-gmail-labels|list-[\w-]+|auto-[\w-]+|precedence|x-autoreply|x-autorespond)"
    rb"[ \t]*:[^\n]*(?:\n[ \t][^\n]*)*)"
)


class _Prefilter:
    """``Interest`` in bytes: it says only whether a message is parsed. The addresses ``_TOKEN``
    finds in the From/To/Cc fields are looked up in a set (measured: 2–3 µs a block, where a
    regex alternation of 2,000 addresses costs milliseconds); the few odd ones (a quote, a
    non-ASCII letter) are searched for as written."""

    __slots__ = ("addresses", "mine", "odd", "odd_senders", "senders", "sent_label", "wide")

    def __init__(self, interest: Interest) -> None:
        def split(found: frozenset[str]) -> tuple[frozenset[bytes], tuple[bytes, ...]]:
            low = {a.strip().lower() for a in found if a.strip()}
            plain = {a for a in low if _PLAIN_ADDRESS.fullmatch(a)}
            return frozenset(a.encode() for a in plain), tuple(a.encode() for a in sorted(low - plain))

        self.addresses, self.odd = split(interest.addresses)
        self.senders, self.odd_senders = split(interest.senders)
        #: The user's addresses as ``email_key`` keys them: what a parsed sender is matched with.
        self.mine = frozenset(email_key(a) for a in interest.senders if a.strip())
        # bytes.lower() leaves a non-ASCII capital as it is: with such an address, a block
        # that is not ASCII is parsed rather than searched.
        self.wide = any(not a.isascii() for a in (*interest.addresses, *interest.senders))
        self.sent_label = interest.sent_label

    def verdict(self, fields: list[tuple[bytes, bytes]], buf: Buffer, start: int, end: int) -> int:
        """What to do with the header block ``buf[start:end]`` (``buf[start]`` the newline that
        leads it) whose From/To/Cc fields are ``fields``: pass it over, parse it, or parse it to
        count it (the user's own mail to people who are none of the addresses asked about)."""
        if self.wide and not buf[start:end].isascii():
            return _PARSE
        if fields:
            values = b"\n".join([value for _, value in fields]).lower()
            tokens = _TOKEN.findall(values)
            if not self.addresses.isdisjoint(tokens):
                return _PARSE
            if self.odd and any(a in values for a in self.odd):
                return _PARSE
            if (self.senders and not self.senders.isdisjoint(tokens)) or (
                self.odd_senders and any(a in values for a in self.odd_senders)
            ):
                for name, value in fields:
                    value = value.lower()
                    if name.lower() == b"from" and (
                        not self.senders.isdisjoint(_TOKEN.findall(value)) or any(a in value for a in self.odd_senders)
                    ):
                        return _COUNT
        if self.sent_label:
            labels = _LABELS.search(buf, start, end)
            if labels is not None and _SENT.search(b" ".join(labels.group(1).lower().split())):
                return _PARSE
        return _PASS


@dataclass(frozen=True, slots=True)
class Sent:
    """A message from the user that names none of the ``Interest``'s addresses (no contact):
    not parsed, only counted, for "people you wrote to who are not contacts". Its recipients
    are each address once (lower case), the user's own left out; their names are read at the
    end, one parse per address, by ``StrangerNames``."""

    where: str
    date: datetime  # aware
    sender: str  # lower case
    recipients: tuple[str, ...]
    #: Gmail wrote it (``X-Gmail-Labels``).
    gmail: bool = False


#: The longest To+Cc kept to read a name from later; a longer one is parsed at once.
FIELDS_KEPT = 4096


class StrangerNames:
    """The names of the people the user wrote to in ``Sent`` messages, read when asked for: per
    address, one To/Cc slice is kept (the earliest-dated one that writes the address after a
    name, ``Name <address>``, else the first met) and parsed by ``email.utils.getaddresses`` on
    the first ``name(address)``, so a summary's top ten costs ten parses, not one per message."""

    __slots__ = ("_kept", "_named")

    def __init__(self) -> None:
        #: address → (the message's date, whether it writes a name, its To and Cc as written)
        self._kept: dict[str, tuple[datetime, bool, bytes]] = {}
        self._named: dict[str, str] = {}

    def offer(self, address: str, named: bool, date: datetime, fields: bytes) -> None:
        if address in self._named:
            return
        kept = self._kept.get(address)
        if kept is None or (named and (not kept[1] or date < kept[0])):
            if len(fields) > FIELDS_KEPT:
                self._named[address] = self._parse(address, fields)
                self._kept.pop(address, None)
            else:
                self._kept[address] = (date, named, fields)

    def name(self, address: str) -> str:
        """The name the kept message gives ``address`` (decoded, RFC 2047), or ""."""
        if address not in self._named:
            kept = self._kept.pop(address, None)
            self._named[address] = self._parse(address, kept[2]) if kept is not None else ""
        return self._named[address]

    @staticmethod
    def _parse(address: str, fields: bytes) -> str:
        return next((a.name for a in _addresses(fields.decode("utf-8")) if a.email == address), "")


class _Reader:
    __slots__ = ("mbox", "names", "prefilter", "wants_text", "with_text")

    def __init__(self, with_text: bool, wants_text: WantsText | None, interest: Interest | None, mbox: bool,
                 names: StrangerNames | None = None) -> None:  # fmt: skip
        self.with_text = with_text
        self.wants_text: WantsText = wants_text or (lambda sender, recipients, date, subject: False)
        self.prefilter = _Prefilter(interest) if interest is not None else None
        self.mbox = mbox
        self.names = names

    def take(
        self, buf: Buffer, start: int, end: int, size: int, at_end: bool, where: str
    ) -> MailMessage | Skipped | Passed | Sent:
        """The message whose opening is ``buf[start:end]`` (all of it, unless it is longer than
        ``HEAD_KEPT``), ``size`` bytes in all; ``at_end``: the file ends with it."""
        try:
            return self._take(buf, start, end, size, at_end, where)
        except Exception as e:  # one bad message never stops the mailbox
            return Skipped(where, f"could not be read ({type(e).__name__}: {e})"[:200])

    def _take(self, buf: Buffer, start: int, end: int, size: int, at_end: bool,
              where: str) -> MailMessage | Skipped | Passed | Sent:  # fmt: skip
        if buf[start : start + 5] == b"From ":  # the mbox's own line, not the message's
            nl = buf.find(b"\n", start, end)
            start = nl + 1 if nl >= 0 else end
        # The header block is searched where it lies, led by the newline before it (a message
        # read from a file of its own is copied behind one): ``block[lead + 1 + i]`` is
        # ``buf[start + i]``.
        if start > 0 and buf[start - 1] == 10:
            block, lead, shift = buf, start - 1, 0
        else:
            block, lead, shift = b"\n" + bytes(buf[start:end]), 0, start - 1
        fields: list[tuple[bytes, bytes]] = []
        head_end = body_start = -1
        for m in _SCAN.finditer(block, lead, end - shift):
            if m.lastindex == 3:  # the blank line
                head_end, body_start = m.start() + 1 + shift, m.end() + shift
                break
            fields.append((m[1], m[2]))
        if head_end < 0:
            if size >= HEAD_KEPT:
                return Skipped(where, "no end to its headers (not mail, or damaged)")
            if at_end and buf[end - 1 : end] != b"\n":
                return Skipped(where, "truncated: the file ends inside its headers")
            head_end = body_start = end  # headers and no body
        if head_end - start > MAX_HEADERS:
            return Skipped(where, f"headers of {head_end - start:,} bytes (more than {MAX_HEADERS:,})")
        verdict = _PARSE
        if self.prefilter is not None:
            verdict = self.prefilter.verdict(fields, block, lead, head_end - shift)
            if verdict == _PASS:
                return Passed(where)
        # The lines the rules read (and their continuations), framed out of the block, for the
        # parser; a block in which none is found goes to the parser whole, which says what it
        # makes of it.
        read = (_COUNT_FIELDS if verdict == _COUNT else _READ_FIELDS).findall(block, lead, head_end - shift)
        lines = b"\n".join(read) + b"\n" if read else bytes(buf[start:head_end])
        msg = _HEADER_PARSER.parsebytes(lines)
        headers = _raw(msg)
        if verdict == _COUNT:
            counted = self._count(headers, where)
            if counted is not None:
                return counted
            read = _READ_FIELDS.findall(block, lead, head_end - shift)  # the rules read it whole
            lines = b"\n".join(read) + b"\n" if read else bytes(buf[start:head_end])
            msg = _HEADER_PARSER.parsebytes(lines)
            headers = _raw(msg)
        return self._parse(buf, msg, headers, lines, head_end, body_start, end, where)

    def _count(self, headers: dict[str, bytes], where: str) -> Sent | None:
        """The user's message to people who are not contacts, as a ``Sent`` (its recipients'
        names are read when shown, ``StrangerNames``); None when the rules must see it whole
        (bulk or automatic mail, a sender or a date that cannot be read)."""
        assert self.prefilter is not None
        if _bulk(headers):
            return None
        try:
            senders = _addresses(_text(headers, "from"), names=False)
            to, cc = _text(headers, "to"), _text(headers, "cc")
        except UnicodeDecodeError:
            return None
        mine = self.prefilter.mine
        if not senders or senders[0].email not in mine:
            return None
        moment = _date(" ".join(_latin(headers.get("date", b"")).split()))
        if moment is None:
            return None
        found: dict[str, bool] = {}
        for name, email in _pairs(", ".join(v for v in (to, cc) if v.strip())):
            if email not in mine:
                found[email] = found.get(email, False) or bool(name)
        if self.names is not None and found:
            kept = (to + ", " + cc if cc.strip() else to).encode("utf-8")
            for email, named in found.items():
                self.names.offer(email, named, moment, kept)
        labelled = "x-gmail-labels" in headers
        return Sent(where, moment, senders[0].email, tuple(found), labelled)

    def _parse(self, buf: Buffer, msg: Message, headers: dict[str, bytes], lines: bytes, head_end: int,
               body_start: int, end: int, where: str) -> MailMessage | Skipped:  # fmt: skip
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
            mid = _stand_in_id(headers)
        labels = tuple(s.strip() for s in _lenient(headers.get("x-gmail-labels", b"")).split(",") if s.strip())
        to, cc = _addresses(to_field), _addresses(cc_field)
        sender = senders[0]
        ctype = msg.get_content_type()
        calendar_wanted = ctype == "text/calendar" or (
            ctype.startswith("multipart/") and any(buf.find(c, body_start, end) >= 0 for c in _CALENDAR)
        )
        text_wanted = self.with_text or self.wants_text(sender.email, tuple(a.email for a in to + cc), moment, subject)
        calendar, text = b"", ""
        if calendar_wanted or text_wanted:
            scan = TEXT_SCAN if self.with_text else OPENING_SCAN
            opening = lines + buf[head_end : end if calendar_wanted else min(end, body_start + scan)]
            if self.mbox:
                opening = _FROM_QUOTED.sub(rb"\1", opening)
            calendar, text = _body(_PARSER.parsebytes(opening), calendar_wanted, text_wanted)
        return MailMessage(where, mid, moment, sender, to, cc, subject, _bulk(headers), labels, calendar, text)


def _raw(msg: Message) -> dict[str, bytes]:
    """The first of each field the parser read, by its name in lower case: its value as written
    (the parser's compat32 policy keeps the bytes, surrogate-escaped)."""
    headers: dict[str, bytes] = {}
    for key, value in msg.raw_items():
        headers.setdefault(key.strip().lower(), value.encode("ascii", "surrogateescape"))
    return headers


#: What makes a message without a Message-ID the same message in every export of it: who, when
#: and what, as written (folding undone). Labels and status flags, which change, are no part.
_IDENTITY = ("from", "to", "cc", "date", "subject")


def _stand_in_id(headers: dict[str, bytes]) -> str:
    identity = b"\0".join(b" ".join(headers.get(key, b"").split()) for key in _IDENTITY)
    return "<" + hashlib.sha1(identity).hexdigest() + "@no-message-id.nurture>"


#: How a multipart message names a calendar part, as mail programs write it.
_CALENDAR = (b"/calendar", b"/Calendar", b"/CALENDAR")
#: An mbox quotes a body line that starts with "From " as ">From " (and ">From " as ">>From ").
_FROM_QUOTED = re.compile(rb"(?m)^>(>*From )")


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
    """RFC 2047 encoded words decoded by ``email.header``, folding undone; a value that cannot be
    decoded is kept as it is."""
    if "=?" not in value:
        return " ".join(value.split())
    try:
        return " ".join(str(make_header(decode_header(value))).split())
    except (ValueError, LookupError, UnicodeError, AssertionError):
        return " ".join(value.split())


@lru_cache(maxsize=4096)
def _pairs(value: str) -> tuple[tuple[str, str], ...]:
    """(name as written, address as ``email_key`` keys it) of each address of an address field,
    as ``email.utils.getaddresses`` reads them; what is no address is left out. Remembered for
    the last few thousand fields: the user's own ``From`` is the same in all they sent."""
    if not value.strip():
        return ()
    out: list[tuple[str, str]] = []
    for name, addr in getaddresses([value]):
        addr = email_key(addr)
        if "@" not in addr or len(addr) > 320 or len(addr.split()) != 1:
            continue
        out.append((name, addr))
    return tuple(out)


def _addresses(value: str, names: bool = True) -> tuple[Address, ...]:
    """The addresses of an address field (names decoded unless ``names`` is false, addresses as
    ``email_key`` keys them), as ``email.utils.getaddresses`` reads them."""
    return tuple(Address(_decoded(name).strip().strip('"') if names else "", addr) for name, addr in _pairs(value))


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
