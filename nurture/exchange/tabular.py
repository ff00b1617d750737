"""CSV files: LinkedIn's Connections.csv and any spreadsheet with a header row.

LinkedIn's export starts with a ``Notes:`` paragraph before its header, sometimes behind a
byte-order mark, and older exports lack the URL column; so the header line is searched for, not
assumed. Connected On is when the connection was made: it is kept in "how met", never logged as
a conversation, and the people arrive as prospects, tagged ``linkedin``, so they do not fill the
queue.

Spreadsheet columns are matched by name, case and spacing ignored; columns nurture has no field
for are reported, never silently dropped. A cell a spreadsheet export neutralised (``'=``) is read
back without its quote.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import partial
from pathlib import Path

from nurture.domain.errors import InputError
from nurture.domain.limits import MAX_TEXT, as_size
from nurture.domain.wording import listing, quoted
from nurture.exchange.parsed import Checker, Parsed, Tick
from nurture.exchange.source import ImportFileError, lines_of

LINKEDIN_HEADER = ("first name", "last name", "connected on")

#: Accepted column names (normalised: lower case, single spaces) for each field.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name", "contact", "contact name"),
    "first": ("first name", "firstname", "given name", "first"),
    "last": ("last name", "lastname", "surname", "family name", "last"),
    "company": ("company", "organization", "organisation", "employer", "company name"),
    "role": ("role", "title", "job title", "position"),
    "industry": ("industry", "field", "sector"),
    "location": ("location", "city", "where"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
    "phone": ("phone", "phone number", "mobile", "tel", "telephone"),
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


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").replace("-", " ").split()).casefold().replace("e mail", "e-mail")


def _header_cells(line: str) -> list[str]:
    try:
        return [_norm(c) for c in next(csv.reader([line]))]
    except (csv.Error, StopIteration):
        return []


def _linkedin_header_line(lines: list[str]) -> int | None:
    for n, line in enumerate(lines[:50]):
        cells = _header_cells(line)
        if all(h in cells for h in LINKEDIN_HEADER):
            return n
    return None


def looks_like_linkedin(text: str) -> bool:
    return _linkedin_header_line(lines_of(text[:65536])[:50]) is not None


def _rows(path: Path, text: str, start: int):
    """(line number, header, row) for each data row of the CSV that begins at line ``start``."""
    reader = csv.reader(io.StringIO(text), strict=True)
    lines_before = start
    header: list[str] | None = None
    try:
        for row in reader:
            line = lines_before + reader.line_num
            if header is None:
                header = row
                yield line, header, None
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise ImportFileError(
                    path,
                    f"line {line}",
                    f"{len(row)} fields where the header has {len(header)} "
                    "(is a comma inside a value missing its quotes?)",
                )
            yield line, header, row
    except csv.Error as e:
        where = f"line {lines_before + reader.line_num}"
        if "field larger than field limit" in str(e):  # the csv module stops at 128 KB a cell
            raise ImportFileError(
                path,
                where,
                f"a cell is over {csv.field_size_limit():,} characters long; "
                f"the limit is {as_size(MAX_TEXT)} characters. Shorten it",
            ) from None
        raise ImportFileError(path, where, f"not valid CSV ({e})") from None


def _cell(row: list[str], i: int | None) -> str:
    if i is None or i >= len(row):
        return ""
    return _NEUTRALISED.sub("", row[i]).strip()


def _column(row: list[str], columns: Mapping[str, int], key: str) -> str:
    """The cell of field ``key`` in ``row`` ("" when the file has no column for it)."""
    return _cell(row, columns.get(key))


def read_csv(
    path: Path,
    text: str,
    today: date,
    *,
    linkedin: bool = False,
    progress: Tick | None = None,
    order: str = "",
) -> Parsed:
    lines = lines_of(text)
    start = _linkedin_header_line(lines) if linkedin else None
    if linkedin and start is None:
        raise ImportFileError(
            path,
            "",
            "has no LinkedIn header (First Name, Last Name, …, Connected On) in its first 50 "
            "lines; is this Connections.csv from LinkedIn's data export?",
        )
    start = start or 0
    body = text
    if start:  # from the header on, byte for byte: quoted values keep their own line breaks
        breaks = list(itertools.islice(re.finditer(r"\r\n|\r|\n", text), start))
        body = text[breaks[-1].end() :]
    check = Checker(path, today, order)
    out = Parsed()
    rows = _rows(path, body, start)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(path, "", "is empty; a CSV needs a header row and one row per person")
    header_line, header, _ = first
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for i, title in enumerate(header):
        key = _BY_NAME.get(_norm(title))
        if key is None or key in columns:
            if title.strip():
                unknown.append(title.strip())
            continue
        columns[key] = i
    if "name" not in columns and not ({"first", "last"} & columns.keys()):
        raise ImportFileError(
            path,
            f"line {header_line}",
            "no name column; name one column Name, or two First Name and Last Name "
            f"(found: {listing(h.strip() for h in header if h.strip()) or 'nothing'})",
        )
    if unknown:
        out.warnings.append(f"columns nurture has no field for, not imported: {listing(unknown)}")
    total = max(1, len(lines) - start - 1)
    for count, (line, _, row) in enumerate(rows, 1):
        if progress and count % 200 == 0:
            progress(count, total)
        get = partial(_column, row, columns)
        name = get("name") or " ".join(p for p in (get("first"), get("last")) if p)
        where = f"line {line}"
        if not name.strip():
            out.skipped.append(f"{where}: no name")
            continue
        values = {key: get(key) for key in COLUMNS if key not in ("name", "first", "last")}
        connected = values.pop("connected_on")
        if connected:
            day = check.check(where, "Connected On", _linkedin_date, connected)
            values["how_met"] = values["how_met"] or f"LinkedIn connection since {day:%d %b %Y}"
        if linkedin:
            values["tags"] = ",".join(filter(None, ["linkedin", values["tags"]]))
        out.records.append(check.incoming(where, name, **values))
    return out


def _linkedin_date(text: str) -> date:
    for fmt in ("%d %b %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise InputError(f"{quoted(text)} is not a date like 15 Mar 2024")
