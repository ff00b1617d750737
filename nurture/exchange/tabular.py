"""CSV files: LinkedIn's Connections.csv, Outlook and Google Contacts exports, and any spreadsheet
with a header row.

LinkedIn's export starts with a ``Notes:`` paragraph before its header, sometimes behind a
byte-order mark, and older exports lack the URL column; so the header line is searched for, not
assumed. Connected On is when the connection was made: it is kept in "how met", never logged as
a conversation, and the people arrive as prospects, tagged ``linkedin``, so they do not fill the
queue.

The separator is the one of comma, semicolon (Excel on most European locales) and tab (Excel's
"Unicode Text") the header line uses most. The header tells the producer (``layouts``); a
spreadsheet of no known producer is read by column names, case and spacing ignored. Columns
nurture has no field for are reported when they hold data, never silently dropped. A cell a
spreadsheet export neutralised (``'=``) is read back without its quote. Slashed dates are read
the way their whole column reads (``column_dates``).

Blank lines before the header are passed over, and so is the ``sep=;`` line Excel understands
as naming the separator (which it then is).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nurture.domain.limits import MAX_TEXT, as_size
from nurture.domain.wording import listing, quoted
from nurture.exchange.column_dates import column_order, read_cell
from nurture.exchange.layouts import FILLER, Layout, layout_for, norm
from nurture.exchange.parsed import Checker, Parsed, Tick
from nurture.exchange.source import ImportFileError, lines_of

LINKEDIN_HEADER = ("first name", "last name", "connected on")
SEPARATORS = (",", ";", "\t")
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

#: Accepted column names (as ``norm`` writes them) for each field of a spreadsheet.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name", "contact", "contact name"),
    "first": ("first name", "firstname", "given name", "first"),
    "last": ("last name", "lastname", "surname", "family name", "last"),
    "company": ("company", "organization", "organisation", "employer", "company name"),
    "role": ("role", "title", "job title", "position"),
    "industry": ("industry", "field", "sector"),
    "location": ("location", "city", "where"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
    "other_emails": ("other emails", "other email", "other e-mails"),
    "phone": ("phone", "phone number", "mobile", "tel", "telephone", "mobile phone", "cell phone", "work phone"),
    "other_phones": ("other phones", "other phone"),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile", "url", "profile", "profile url"),
    "tags": ("tags", "tag", "labels", "groups"),
    "notes": ("notes", "note", "comments"),
    "how_met": ("how met", "how we met", "met"),
    "stage": ("stage", "status"),
    "cadence": ("cadence", "every", "touch base every"),
    "referred_by": ("introduced by", "referred by", "referrer"),
    "last_contact": ("last contact", "last contact date", "last contacted", "last touch"),
    "connected_on": ("connected on",),
}
_BY_NAME = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")
_LISTED = re.compile(r"\s*[;,]\s*")
#: Between the values of an "Other emails" or "Other phones" cell, as nurture's CSV export
#: writes them (``sheet.OTHERS``) or one a line: never a bare ``;`` (``tel:…;ext=5555``).
_OTHERS = re.compile(r";[ \t]+|[\r\n]+")
#: Excel's first line naming the separator: ``sep=;``.
_SEPARATOR_LINE = re.compile(r'"?sep=(.)"?', re.IGNORECASE)


@dataclass
class ReadSheet(Parsed):
    #: What the file was read as, for the summary: "Outlook CSV", "LinkedIn connections".
    layout: str = ""


class _Cells:
    """One row's cells by column name (``layouts.Get``)."""

    __slots__ = ("index", "row")

    def __init__(self, index: dict[str, int], row: list[str]) -> None:
        self.index = index
        self.row = row

    def __call__(self, column: str) -> str:
        i = self.index.get(column)
        if i is None or i >= len(self.row):
            return ""
        cell = self.row[i]
        return (_NEUTRALISED.sub("", cell) if cell[:1] == "'" else cell).strip()

    def __contains__(self, column: object) -> bool:
        return column in self.index


def _separator_name(sep: str) -> str:
    return _SEPARATOR_NAMES.get(sep) or quoted(sep)


def _header_start(lines: list[str]) -> tuple[int, str]:
    """The index of the header line, blank lines and a ``sep=X`` line before it passed over,
    and the separator that line names ("" when there is none)."""
    n = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    hint = _SEPARATOR_LINE.fullmatch(lines[n].strip(" ")) if n < len(lines) else None
    if hint is None:
        return n, ""
    n = next((i for i in range(n + 1, len(lines)) if lines[i].strip()), len(lines))
    return n, hint.group(1)


def separator_of(line: str) -> str:
    """The separator a header line uses: the one of comma, semicolon and tab that appears most
    outside quotes (a comma when none does)."""
    outside = re.sub(r'"[^"]*"', "", line)
    return max(SEPARATORS, key=lambda s: (outside.count(s), s == ","))


def _header_cells(line: str, sep: str) -> list[str]:
    try:
        return [norm(c) for c in next(csv.reader([line], delimiter=sep))]
    except (csv.Error, StopIteration):
        return []


def _linkedin_header_line(lines: list[str]) -> tuple[int, str] | None:
    for n, line in enumerate(lines[:50]):
        for sep in SEPARATORS:
            if sep in line and all(h in _header_cells(line, sep) for h in LINKEDIN_HEADER):
                return n, sep
    return None


def looks_like_linkedin(text: str) -> bool:
    return _linkedin_header_line(lines_of(text[:65536])[:50]) is not None


def _rows(path: Path, text: str, start: int, sep: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for the header and each data row of the CSV that begins after line
    ``start``: the number of the line the row starts on (a quoted value may span lines)."""
    reader = csv.reader(io.StringIO(text), strict=True, delimiter=sep)
    width = 0
    first = 1  # the line the next row starts on
    try:
        for row in reader:
            line = start + first
            first = reader.line_num + 1
            if not width:
                width = len(row)
                yield line, row
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > width:
                raise ImportFileError(
                    path,
                    f"line {line}",
                    f"{len(row)} fields where the header has {width}, read with the {_separator_name(sep)} "
                    f"as separator (is a {_separator_name(sep)} inside a value missing its quotes?)",
                )
            yield line, row
    except csv.Error as e:
        where = f"line {start + first}"
        if "field larger than field limit" in str(e):  # the csv module stops at 128 KB a cell
            raise ImportFileError(
                path,
                where,
                f"a cell is over {csv.field_size_limit():,} characters long; "
                f"the limit is {as_size(MAX_TEXT)} characters. Shorten it",
            ) from None
        raise ImportFileError(path, where, f"not valid CSV ({e})") from None


def _listed(cell: str) -> list[str]:
    return [v for v in _LISTED.split(cell) if v]


def _others(cell: str) -> list[str]:
    """The values of an "Other emails" or "Other phones" cell."""
    return [v.strip() for v in _OTHERS.split(cell) if v.strip()]


_FIELDS = dict.fromkeys((key for key in COLUMNS if key not in ("first", "last", "other_emails", "other_phones")), "")


def _spreadsheet(get: _Cells) -> dict[str, Any]:
    """A row of a spreadsheet read by column names (nurture's own CSV export among them)."""
    values: dict[str, Any] = dict(_FIELDS)
    for key in get.index:
        if key in values:
            values[key] = get(key)
    values["name"] = values["name"] or " ".join(p for p in (get("first"), get("last")) if p)
    values["emails"] = [e for e in [values.pop("email"), *_others(get("other_emails"))] if e]
    values["phones"] = [p for p in [values.pop("phone"), *_others(get("other_phones"))] if p]
    for key in ("notes", "how_met"):  # a cell typed in Excel on Windows breaks its lines with CRLF
        values[key] = values[key].replace("\r\n", "\n").replace("\r", "\n")
    return values


@dataclass
class Sheet:
    """A CSV read row by row, before any field is checked."""

    #: What the file was read as: "Outlook CSV", "LinkedIn connections" ("" for a spreadsheet).
    layout: str
    #: (where, raw values) for each data row, the values as ``Checker.incoming`` takes them.
    rows: list[tuple[str, dict[str, Any]]]
    warnings: list[str]


def read_sheet(path: Path, text: str, *, linkedin: bool = False, progress: Tick | None = None) -> Sheet:
    """The rows of a CSV as its layout reads them."""
    lines = lines_of(text)
    found = _linkedin_header_line(lines) if linkedin else None
    if linkedin and found is None:
        raise ImportFileError(
            path,
            "",
            "has no LinkedIn header (First Name, Last Name, …, Connected On) in its first 50 "
            "lines; is this Connections.csv from LinkedIn's data export?",
        )
    if found:
        start, sep = found
    else:
        start, hint = _header_start(lines)
        sep = hint or separator_of(lines[start] if start < len(lines) else "")
    body = text if start < len(lines) else ""  # nothing but blank lines: empty
    if body and start:  # from the header on, byte for byte: quoted values keep their own line breaks
        breaks = list(itertools.islice(re.finditer(r"\r\n|\r|\n", text), start))
        body = text[breaks[-1].end() :]
    rows = _rows(path, body, start, sep)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(path, "", "is empty; a CSV needs a header row and one row per person")
    header_line, header = first
    named = [norm(h) for h in header]
    layout = None if linkedin else layout_for(named)
    index, used = _columns(path, header_line, header, named, layout, sep)
    total = max(1, len(lines) - start - 1)
    read = layout.values if layout else _spreadsheet
    records: list[tuple[str, dict[str, Any]]] = []
    filled: set[int] = set()
    for count, (line, row) in enumerate(rows, 1):
        if progress and count % 200 == 0:
            progress(count, total)
        if layout:
            filled.update(i for i, cell in enumerate(row) if i not in filled and cell.strip() not in ("", *FILLER))
        records.append((f"line {line}", read(_Cells(index, row))))
    warnings = []
    # a known producer writes all its columns, most of them empty: only those holding data are news
    shown = filled if layout else set(range(len(header)))
    unknown = [header[i].strip() for i in sorted(shown - used) if i < len(header) and header[i].strip()]
    if unknown:
        warnings.append(f"columns nurture has no field for, not imported: {listing(dict.fromkeys(unknown))}")
    title = layout.title if layout else "LinkedIn connections" if linkedin else ""
    return Sheet(title, records, warnings)


def read_csv(
    path: Path,
    text: str,
    today: date,
    *,
    linkedin: bool = False,
    progress: Tick | None = None,
    order: str = "",
    date_order: str = "",
    saved_order: str = "",
) -> ReadSheet:
    """The people in a CSV. ``order`` is the user's own date order (the setting, else the
    locale's); ``saved_order`` the one they set (``nurture settings --date-order``; "" when
    only the locale says); ``date_order`` the one chosen for this import (``--date-order``).
    Last contact dates that read both ways follow ``order``; Connected On dates (the
    producer's, not the user's) only ``saved_order``."""
    sheet = read_sheet(path, text, linkedin=linkedin, progress=progress)
    out = ReadSheet(warnings=sheet.warnings, layout=sheet.layout)
    records = sheet.rows
    last = _column_order(path, records, "last_contact", "Last contact", date_order, order, out)
    check = Checker(path, today, last)
    connected = _column_order(path, records, "connected_on", "Connected On", date_order, saved_order, out)
    exchange: list[str] = []
    for where, values in records:
        name = values.pop("name")
        if not name.strip():
            out.skipped.append(f"{where}: no name")
            continue
        if values.pop("exchange", ()):
            exchange.append(where)
        day = values.pop("connected_on", "")
        if day:
            read_day = check.check(where, "Connected On", lambda t: read_cell(t, connected, today), day)
            values["how_met"] = values.get("how_met") or f"LinkedIn connection since {read_day:%d %b %Y}"
        if linkedin:
            values["tags"] = ["linkedin", *_listed(values.get("tags", ""))]
        out.records.append(check.incoming(where, name, **values))
    if exchange:
        out.warnings.append(f"Outlook-internal addresses (/o=…, not email addresses) left out: {listing(exchange)}")
    return out


def _columns(
    path: Path, line: int, header: list[str], named: list[str], layout: Layout | None, sep: str
) -> tuple[dict[str, int], set[int]]:
    """Where each column a row is read by sits, and the positions read (or knowingly passed
    over); refuses a spreadsheet without a name column."""
    if layout:
        index: dict[str, int] = {}
        for i, name in enumerate(named):
            index.setdefault(name, i)
        return index, {i for i, name in enumerate(named) if layout.reads(name) and index[name] == i}
    by_key: dict[str, int] = {}
    for i, name in enumerate(named):
        key = _BY_NAME.get(name)
        if key is not None:
            by_key.setdefault(key, i)
    if "name" not in by_key and not ({"first", "last"} & by_key.keys()):
        found = listing(h.strip() for h in header if h.strip()) or "nothing"
        hint = ""
        if len(header) == 1 and re.search(r"[|:,;\t]", header[0]):
            hint = (
                f"; the header reads as one column with the {_separator_name(sep)} as separator: "
                "save the file as CSV separated by commas, semicolons or tabs"
            )
        raise ImportFileError(
            path,
            f"line {line}",
            f"no name column; name one column Name, or two First Name and Last Name (found: {found}){hint}",
        )
    return by_key, set(by_key.values())


def _column_order(
    path: Path, records: list[tuple[str, dict]], key: str, label: str, given: str, usual: str, out: Parsed
) -> str:
    """The order the slashed dates of column ``key`` read in (``column_dates.column_order``),
    its note added to the summary; ``usual`` applies where the column cannot tell."""
    cells = [(where, v[key]) for where, v in records if v.get(key)]
    decided, note = column_order(path, label, cells, given, usual, "your date order")
    if note:
        out.warnings.append(note)
    return decided
