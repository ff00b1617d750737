"""CSV for spreadsheets: every field quoted, UTF-8 with a byte-order mark so Excel reads
accents, control characters other than tab and line breaks left out, and any cell a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return) neutralised with a leading ``'``. The importer reads these
columns back, quote removed."""

from __future__ import annotations

import csv
import io
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
    "Phone",
    "LinkedIn",
    "Tags",
    "Stage",
    "Cadence",
    "Introduced by",
    "How met",
    "Notes",
    "Last contact",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_csv(network: Network, today: date) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(HEADER)
    contacts = sorted(network.contacts.values(), key=lambda c: c.order_key)
    for c in contacts:
        referrer = network.contacts.get(c.referred_by or "")
        last = network.last_contact(c.id)
        row = (
            c.name,
            c.company,
            c.role,
            c.industry,
            c.location,
            c.email,
            c.phone,
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
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")
