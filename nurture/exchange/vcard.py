"""vCard (.vcf) in and out.

Reading takes 2.1, 3.0 and 4.0 as Apple, Google, Android, Outlook and CardDAV servers write them.
The file is read as bytes: it is cut into cards at their BEGIN/END lines (so an error names the
card and the line it starts on; a folded line reading " END:VCARD" is part of a value, not the
card's end), each card's folded lines are joined byte for byte (RFC 6350 §3.2 folds at octets,
so a UTF-8 character may be cut in two; a line that starts with a blank always continues the one
before, even if it holds nothing else), quoted-printable values (2.1) are decoded, and only then
is each value read as text: in the ``CHARSET`` its line declares, else UTF-8, else Windows-1252
(Outlook desktop), which the summary mentions. vobject parses each content line (name, group,
parameters); the values nurture keeps are unescaped here, by the version's rules. Every EMAIL
and TEL is kept, the preferred first: ``PREF=1`` (4.0, the lowest number wins), ``TYPE=pref``
(3.0) or a bare ``PREF`` (2.1, as Android and Outlook write it); a ``tel:`` URI (4.0) reads as
its number, its extension as "ext. 102". Categories are tags, without a contacts app's own
(``layouts.SYSTEM_LABELS``: Google's myContacts and starred); web pages other than the LinkedIn
profile go to the notes, as the CSV layouts put them.
Apple's company cards (``X-ABShowAs:COMPANY``) are left out and listed as skipped.

Writing produces vCard 4.0 text directly: escaped (§3.4) and folded at 75 octets between
characters (§3.2), CRLF, the same bytes for the same contacts, with a ``UID`` per contact
(``urn:uuid:<id>``), which the importer matches on.
"""

from __future__ import annotations

import binascii
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from vobject.base import ParseError, parseLine

from nurture.domain.importing import Incoming
from nurture.domain.models import Contact
from nurture.domain.wording import clipped, listing
from nurture.exchange.layouts import system_label, web
from nurture.exchange.parsed import Checker, Parsed, Tick
from nurture.exchange.source import ImportFileError, _no_nul, _utf16, without_controls

#: Properties read into a contact, or that carry no information worth reporting.
_USED = {
    "VERSION",
    "FN",
    "N",
    "ORG",
    "TITLE",
    "EMAIL",
    "TEL",
    "URL",
    "NOTE",
    "CATEGORIES",
    "ADR",
    "UID",
    "REV",
    "PRODID",
    "X-SOCIALPROFILE",
    "X-ABSHOWAS",
    "PHOTO",
    "LOGO",
    "SOUND",
    "KEY",
}
_BEGIN = re.compile(rb"[ \t]*begin:vcard[ \t]*", re.IGNORECASE)
#: A card ends at a line that starts with END:VCARD: with a blank before it, it is a folded
#: piece of a value (RFC 6350 §3.2), such as a note that ends in those words.
_END = re.compile(rb"end:vcard[ \t]*", re.IGNORECASE)
_EOL = re.compile(rb"\r\n|\r|\n")
#: The name and parameters of a content line, up to its first colon outside double quotes.
_HEAD = re.compile(rb'(?:[^:"]|"[^"]*")*')
_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class _Prop:
    """One content line, its value still the bytes of the file (unfolded)."""

    name: str  # upper case, without its group ("item1.")
    params: dict[str, list[str]]  # named parameters, names in upper case
    bare: list[str]  # parameters without a name (2.1: CELL, PREF, QUOTED-PRINTABLE), upper case
    raw: bytes
    line: int


def _cards(path: Path, lines: list[bytes]) -> Iterable[tuple[int, int, list[bytes]]]:
    """(card number, first line, its lines) for each card in the file."""
    start = 0
    buf: list[bytes] = []
    n = 0
    for number, line in enumerate(lines, 1):
        if not start:
            if _BEGIN.fullmatch(line):
                start, buf = number, [line]
            elif line.strip():
                raise ImportFileError(path, f"line {number}", "text outside a card (expected BEGIN:VCARD)")
            continue
        buf.append(line)
        if _END.fullmatch(line):
            n += 1
            yield n, start, buf
            start = 0
    if start:
        raise ImportFileError(path, f"card {n + 1} (line {start})", "never closed (no END:VCARD)")


def _unfolded(lines: list[bytes], first: int) -> list[tuple[int, bytes]]:
    """The card's logical lines, as bytes, each with the number of the line it starts on.

    A line that starts with a space or tab continues the one before, without that first
    character (RFC 6350 §3.2, RFC 2425), however many blanks follow it (a value may hold a run
    of spaces longer than a line); an empty line ends a property (vCard 2.1 writes one after a
    base64 value); and in a quoted-printable value (vCard 2.1) a line ending in ``=`` continues
    on the next line as it is. That soft line break is resolved here (``=`` and the line break
    dropped, as decoding would). Joining bytes, not text, puts a UTF-8 character that a fold cut
    in two back together. One pass: a note folded over 100,000 lines costs time in proportion
    to its lines."""
    out: list[tuple[int, bytes]] = []
    parts: list[bytes] = []
    at = first
    head = False  # still in the property's name and parameters (before the first ":")
    qp = soft = False  # a quoted-printable property; its last line ended in "="

    def flush() -> None:
        # leading blanks would read as a fold; a line of blanks with no property before it is nothing
        line = b"".join(parts).lstrip(b" \t")
        if line:
            out.append((at, line))
        parts.clear()

    for number, line in enumerate(lines, first):
        if not line:
            flush()
            head = qp = soft = False
            continue
        if soft:
            parts[-1] = parts[-1][:-1]  # the "=" of the soft line break
            piece = line
        elif line[:1] in (b" ", b"\t"):
            piece = line[1:]
        else:
            flush()
            piece, head, qp, at = line, True, False, number
        parts.append(piece)
        if head:  # parameters may be folded too
            params, colon, _ = piece.partition(b":")
            qp = qp or b"quoted-printable" in params.lower()
            head = not colon
        soft = qp and not head and line.endswith(b"=")
    flush()
    return out


class _Reader:
    """Reads the content lines of one file, remembering what the summary should mention."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.windows: str = ""  # the card where text that is not UTF-8 was first read as Windows-1252

    def prop(self, where: str, number: int, line: bytes) -> _Prop:
        colon = line.find(b":")
        if colon >= 0 and b'"' in line[:colon]:  # a quoted parameter value may hold a colon
            head = _HEAD.match(line)
            colon = head.end() if head and head.end() < len(line) else -1
        try:
            if colon < 0:
                raise ParseError(f"Failed to parse line: {self.text(where, number, line, '')}")
            name, params, _, _ = parseLine(self.text(where, number, line[:colon], "") + ":")
        except ParseError as e:
            reason = clipped(e.msg, 120)
            raise ImportFileError(self.path, where, f"cannot be read ({reason})") from None
        named: dict[str, list[str]] = {}
        bare: list[str] = []
        for param in params:
            if len(param) == 1:
                bare.append(param[0].upper())
            else:
                named.setdefault(param[0].upper(), []).extend(param[1:])
        return _Prop(name.upper(), named, bare, line[colon + 1 :], number)

    def value(self, where: str, p: _Prop) -> str:
        """The value as text: quoted-printable decoded, read in the line's CHARSET."""
        data = p.raw
        if "QUOTED-PRINTABLE" in p.bare or any(v.upper() == "QUOTED-PRINTABLE" for v in p.params.get("ENCODING", ())):
            data = binascii.a2b_qp(data)
        return self.text(where, p.line, data, (p.params.get("CHARSET") or [""])[0])

    def text(self, where: str, number: int, data: bytes, charset: str) -> str:
        if charset:
            try:
                return data.decode(charset)
            except LookupError:
                reason = f"CHARSET={clipped(charset, 40)} is not a character set nurture knows"
            except UnicodeDecodeError:
                reason = f"the text is not {clipped(charset, 40)}, the CHARSET the line declares"
            raise ImportFileError(
                self.path, where, f"line {number}: {reason}; save the file as UTF-8 and import it again"
            )
        try:
            return data.decode()
        except UnicodeDecodeError:
            self.windows = self.windows or where
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:  # the 5 bytes Windows-1252 leaves undefined
                return data.decode("latin-1")


def read_vcards(path: Path, raw: bytes, today: date, progress: Tick | None = None) -> Parsed:
    """The people in the vCard file whose bytes are ``raw``."""
    check = Checker(path, today)
    reader = _Reader(path)
    out = Parsed()
    ignored: Counter[str] = Counter()
    lines = _EOL.split(_bytes(path, raw))
    total = max(1, sum(1 for line in lines if line[:6].lower() == b"begin:"))
    cards = 0
    for n, start, card_lines in _cards(path, lines):
        cards = n
        if progress and n % 100 == 0:
            progress(n, total)
        where = f"card {n} (line {start})"
        props: dict[str, list[_Prop]] = {}
        for number, line in _unfolded(card_lines[1:-1], start + 1):
            p = reader.prop(where, number, line)
            props.setdefault(p.name, []).append(p)
        card = _Card(reader, where, props)
        if card.first("X-ABSHOWAS").upper() == "COMPANY":
            out.skipped.append(f"{where}: a company card (X-ABShowAs:COMPANY), not a person")
            continue
        for key in props:
            if key not in _USED:
                ignored[key] += 1
        name = card.name()
        if not name:
            out.skipped.append(f"{where}: no name (FN or N)")
            continue
        out.records.append(card.incoming(check, name))
    if cards == 0:
        raise ImportFileError(path, "", "has no cards (no BEGIN:VCARD line)")
    if reader.windows:
        out.warnings.append(
            f"text that is not UTF-8 was read as Windows-1252 (first in {reader.windows}): check accented names"
        )
    if ignored:
        listed = listing(f"{k} ({v})" for k, v in sorted(ignored.items()))
        out.warnings.append(f"vCard fields nurture has no place for, not imported: {listed}")
    return out


def _bytes(path: Path, raw: bytes) -> bytes:
    """The file's bytes without a UTF-8 byte-order mark; UTF-16 behind its byte-order mark
    (as some Windows programs save text) as UTF-8. Which bytes are text is decided value by
    value (``_Reader.text``), so only UTF-16 and NUL bytes are dealt with here, as ``source``
    does for every other format: a NUL byte is refused, naming its line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(path, raw).encode()
    raw = raw.removeprefix(_BOM)
    if b"\x00" in raw:
        _no_nul(path, raw.decode("latin-1"))  # one character per byte: its line is counted right
    return raw


class _Card:
    """The values of one card that nurture keeps, read by its version's rules."""

    def __init__(self, reader: _Reader, where: str, props: dict[str, list[_Prop]]) -> None:
        self.reader = reader
        self.where = where
        self.props = props
        #: vCard 2.1 escapes only ";" (a backslash before anything else is itself).
        version = props.get("VERSION", [])
        self.old = bool(version) and reader.value(where, version[0]).strip() == "2.1"

    def values(self, name: str) -> list[str]:
        return [self.reader.value(self.where, p) for p in self.props.get(name, ())]

    def first(self, name: str) -> str:
        return next((v for v in (self.unescaped(v).strip() for v in self.values(name)) if v), "")

    def text(self, name: str) -> str:
        return "\n".join(v for v in (self.unescaped(v).strip() for v in self.values(name)) if v)

    def unescaped(self, text: str) -> str:
        if "\\" not in text:
            return text
        if self.old:
            return text.replace("\\;", ";")
        return _ESCAPE.sub(_unescape_one, text)

    def fields(self, text: str, sep: str) -> list[str]:
        """``text`` split at each ``sep`` that is not escaped, each part unescaped."""
        return [self.unescaped(part).strip() for part in _split(text, sep)]

    def ranked(self, name: str) -> list[str]:
        """The values of every ``name`` line, the preferred first, else in file order."""
        lines = sorted(self.props.get(name, ()), key=_rank)
        return [v for v in (self.unescaped(self.reader.value(self.where, p)).strip() for p in lines) if v]

    def name(self) -> str:
        fn = " ".join(self.first("FN").split())
        if fn:
            return fn
        for value in self.values("N"):
            parts = self.fields(value, ";")
            ordered = [parts[i] for i in (3, 1, 2, 0, 4) if i < len(parts)]  # prefix given middle family suffix
            name = " ".join(" ".join(p.replace(",", " ").split()) for p in ordered if p)
            if name:
                return name
        return ""

    def location(self) -> str:
        for value in self.values("ADR"):
            parts = self.fields(value, ";")
            place = [parts[i] for i in (3, 4, 6) if i < len(parts) and parts[i]]  # city, region, country
            if place:
                return ", ".join(place)
        return ""

    def incoming(self, check: Checker, name: str) -> Incoming:
        org = next((self.fields(v, ";") for v in self.values("ORG")), [])
        org = [p for p in org if p]
        role = self.text("TITLE").replace("\n", ", ")
        department = ", ".join(org[1:])
        if department:
            role = f"{role}, {department}" if role else department
        urls = [u.replace("\\:", ":") for u in self.ranked("URL") + self.ranked("X-SOCIALPROFILE")]
        tags = [t for v in self.values("CATEGORIES") for t in self.fields(v, ",")]
        return check.incoming(
            self.where,
            name,
            company=org[0] if org else "",
            role=role,
            location=self.location(),
            emails=self.ranked("EMAIL"),
            phones=[_phone(p) for p in self.ranked("TEL")],
            uid=self.first("UID"),
            tags=[t for t in tags if t and not system_label(t)],
            **web(urls, self.text("NOTE")),
        )


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
#: What an escaped character stands for (RFC 6350 §3.4; Google escapes ":" in URLs too); a
#: backslash before any other character is kept as it is.
_ESCAPED = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}


def _unescape_one(m: re.Match[str]) -> str:
    return _ESCAPED.get(m[1], m[0])


def _split(text: str, sep: str) -> list[str]:
    if "\\" not in text:
        return text.split(sep)
    parts, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == sep:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _phone(value: str) -> str:
    """A TEL value as a person reads it. A ``tel:`` URI (RFC 3966, as vCard 4.0 writes a phone)
    is its number, percent-escapes decoded, with its extension as "ext. 102"; its other
    parameters (``isub``, ``phone-context``) are dropped. Any other value is kept as it is."""
    if value[:4].casefold() != "tel:":
        return value
    number, *params = value[4:].split(";")
    ext = next((v for k, _, v in (p.partition("=") for p in params) if k.strip().casefold() == "ext"), "")
    number, ext = unquote(number).strip(), unquote(ext).strip()
    return f"{number} ext. {ext}" if ext else number


def _rank(p: _Prop) -> int:
    """1 for the most preferred, 101 for a line that says nothing (RFC 6350 §5.3: PREF from
    1 to 100, the lowest wins; ``TYPE=pref`` in 3.0 and a bare ``PREF`` in 2.1 say "preferred")."""
    pref = p.params.get("PREF")
    if pref and pref[0].strip().isdigit():
        return min(max(int(pref[0]), 1), 100)
    if "PREF" in p.bare or any(t.strip().upper() == "PREF" for v in p.params.get("TYPE", ()) for t in v.split(",")):
        return 1
    return 101


# --- writing --------------------------------------------------------------------------------

#: RFC 6350 §3.4: in a text value, backslash, comma, semicolon and line break are escaped.
_ESCAPES = str.maketrans({"\\": "\\\\", ",": "\\,", ";": "\\;", "\n": "\\n"})
_SPECIAL = re.compile(r"[\\,;\n\r]")
#: Octets a line may hold before it is folded (RFC 6350 §3.2), the line break not counted.
FOLD_AT = 75
#: Words before a name, and after it, that are not given or family names.
_PREFIXES = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "prof", "prof.", "sir", "dame"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d.", "esq", "esq.", "mba"}
#: Words that start a family name made of several ("van der Berg", "de la Cruz", "bin Salman").
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten", "bin", "al"}
_EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _escaped(text: str) -> str:
    """``text`` as a vCard text value: control characters shown, one kind of line break, and
    the four characters RFC 6350 escapes escaped."""
    text = without_controls(text)
    if not _SPECIAL.search(text):
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_ESCAPES)


def _folded(line: str) -> bytes:
    """The line as UTF-8, folded every ``FOLD_AT`` octets (CRLF and a space) between two
    characters, never inside one."""
    data = line.encode()
    if len(data) <= FOLD_AT:
        return data
    pieces = []
    start, width = 0, FOLD_AT
    while len(data) - start > width:
        cut = start + width
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character's start
            cut -= 1
        pieces.append(data[start:cut])
        start, width = cut, FOLD_AT - 1  # the space that starts a continuation line counts
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def name_parts(name: str) -> tuple[str, str, str, str, str]:
    """(family, given, additional, prefix, suffix) of a full name, the order of vCard's N:
    honorifics before and after it apart, a family name of several words kept whole ("van der
    Berg"), a one-word name as the given name, Chinese, Japanese and Korean names read family
    name first ("李 雷"), and words without a letter (an emoji) left to the full name."""
    words = [w for w in name.split() if any(ch.isalpha() for ch in w)] or [name.strip()]
    prefix: list[str] = []
    suffix: list[str] = []
    middle: list[str] = []
    while len(words) > 1 and words[0].casefold() in _PREFIXES:
        prefix.append(words.pop(0))
    while len(words) > 1 and words[-1].casefold() in _SUFFIXES:
        suffix.insert(0, words.pop())
    if len(words) == 1:
        family, given = "", words[0]
    elif _EAST_ASIAN.search(name):
        family, given = words[0], " ".join(words[1:])
    else:
        split = len(words) - 1
        while split > 1 and words[split - 1].casefold() in _PARTICLES:
            split -= 1
        family, given, middle = " ".join(words[split:]), words[0], words[1:split]
    return family, given, " ".join(middle), " ".join(prefix), " ".join(suffix)


def _card(c: Contact) -> bytes:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:urn:uuid:{_escaped(c.id)}", f"FN:{_escaped(c.name)}"]
    lines.append("N:" + ";".join(_escaped(part) for part in name_parts(without_controls(c.name))))
    if c.company:
        lines.append(f"ORG:{_escaped(c.company)}")
    if c.role:
        lines.append(f"TITLE:{_escaped(c.role)}")
    several = len(c.emails) > 1
    for i, email in enumerate(c.emails):
        lines.append(f"EMAIL{';PREF=1' if several and not i else ''}:{_escaped(email)}")
    several = len(c.phones) > 1
    for i, phone in enumerate(c.phones):
        lines.append(f"TEL;VALUE=text{';PREF=1' if several and not i else ''}:{_escaped(phone)}")
    if c.linkedin:
        lines.append(f"URL:{_escaped(c.linkedin)}")
    if c.location:
        lines.append(f"ADR:;;;{_escaped(c.location)};;;")
    if c.tags:
        lines.append("CATEGORIES:" + ",".join(_escaped(t) for t in c.tags))
    if c.notes:
        lines.append(f"NOTE:{_escaped(c.notes)}")
    lines.append("END:VCARD")
    return b"\r\n".join(_folded(line) for line in lines) + b"\r\n"


#: Cards in one piece of ``vcard_chunks``.
PIECE = 1000


def vcard_chunks(contacts: Iterable[Contact], written: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """vCard 4.0, one card per contact in the order given, in pieces of ``PIECE`` cards.
    ``written(n)``: told, piece by piece, how many contacts the pieces so far hold."""
    piece: list[bytes] = []
    n = 0
    for n, c in enumerate(contacts, 1):
        piece.append(_card(c))
        if len(piece) == PIECE:
            yield b"".join(piece)
            piece.clear()
            if written:
                written(n)
    if piece:
        yield b"".join(piece)
    if written:
        written(n)


def write_vcards(contacts: Iterable[Contact]) -> bytes:
    """vCard 4.0, one card per contact, in the order given."""
    return b"".join(vcard_chunks(contacts))
