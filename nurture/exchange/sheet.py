"""CSV for spreadsheets: every field quoted, UTF-8 with a byte-order mark so Excel reads
accents, control characters other than tab and line breaks left out, and any cell a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return) neutralised with a leading ``'``. "Email" and "Phone" are the preferred ones; "Other
emails" and "Other phones" the rest, ``"; "``-separated. The importer reads these columns back,
quote removed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date

from nurture.domain.network import Network
from nurture.exchange.source import without_controls

HEADER = (
    "Name",
    "Company",
    "Role",
    "Industry",
    "Location",
    "Email",
    "Other emails",
    "Phone",
    "Other phones",
    "LinkedIn",
    "Tags",
    "Stage",
    "Cadence",
    "Introduced by",
    "How met",
    "Notes",
    "Last contact",
)
#: Between a contact's other emails, and other phones, in one cell.
OTHERS = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


#: Rows per chunk of output.
_ROWS = 1000


def csv_chunks(network: Network, today: date, written: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """Every contact, one row each, alphabetically: in pieces of a thousand rows.
    ``written(n)``: told, piece by piece, how many contacts the pieces so far hold."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writerow(HEADER)
    contacts = sorted(network.contacts.values(), key=lambda c: c.order_key)
    for n, c in enumerate(contacts, 1):
        referrer = network.contacts.get(c.referred_by or "")
        last = network.last_contact(c.id)
        row = (
            c.name,
            c.company,
            c.role,
            c.industry,
            c.location,
            c.email,
            OTHERS.join(c.other_emails),
            c.phone,
            OTHERS.join(c.other_phones),
            c.linkedin,
            ", ".join(c.tags),
            network.stage(c, today),
            str(c.cadence or ""),
            referrer.name if referrer else "",
            c.how_met,
            c.notes,
            last.isoformat() if last else "",
        )
        writer.writerow([neutralise(without_controls(str(cell))) for cell in row])
        if n % _ROWS == 0:
            if written is not None:
                written(n)
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    if written is not None:
        written(len(contacts))
    yield buf.getvalue().encode("utf-8")
