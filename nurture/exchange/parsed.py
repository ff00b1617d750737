"""What a reader hands back, and the field checks every reader shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from nurture.domain import fields, limits
from nurture.domain.dates import PAST, Cadence, parse_date
from nurture.domain.errors import InputError
from nurture.domain.importing import Incoming
from nurture.domain.wording import quoted
from nurture.exchange.source import ImportFileError

T = TypeVar("T")
#: ``tick(done, total)``: how far a reader has got.
Tick = Callable[[int, int], None]


@dataclass
class Parsed:
    records: list[Incoming] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Checker:
    """Runs the shared field checks, turning a refusal into an error naming file and place."""

    def __init__(self, path: Path, today: date, order: str = "") -> None:
        self.path = path
        self.today = today
        self.order = order  # how slashed dates read (nurture.domain.dates.parse_date)

    def check(self, where: str, label: str, clean: Callable[[str], T], value: str) -> T:
        try:
            return clean(value)
        except InputError as e:
            raise ImportFileError(self.path, where, f"{label}: {e}") from None

    def incoming(self, where: str, name: str, **values: Any) -> Incoming:
        """An ``Incoming`` with every field checked, and held to the limits on text
        (``nurture.domain.limits``); ``values`` are the raw texts."""
        c = self.check
        out: dict = {"where": where, "name": c(where, "name", fields.clean_name, name)}
        for key in ("company", "role", "industry", "location", "how_met"):
            if values.get(key):
                out[key] = fields.clean_line(str(values[key]))
        emails = [c(where, "email", fields.clean_email, e) for e in _several(values, "email")]
        phones = [fields.clean_line(p) for p in _several(values, "phone")]
        if emails:
            out["email"] = emails[0]
        if phones:
            out["phone"] = phones[0]
        extra = [f"Other email: {', '.join(emails[1:])}" if emails[1:] else ""]
        extra.append(f"Other phone: {', '.join(phones[1:])}" if phones[1:] else "")
        notes = "\n".join(filter(None, [str(values.get("notes") or ""), *extra]))
        if notes:
            out["notes"] = fields.clean_text(notes)
        if values.get("linkedin"):
            out["linkedin"] = c(where, "LinkedIn", fields.clean_linkedin, values["linkedin"])
        if values.get("tags"):
            tags = values["tags"]
            out["tags"] = fields.clean_tags(tags.replace(";", ",") if isinstance(tags, str) else tags)
        if values.get("stage"):
            out["stage"] = c(where, "stage", fields.clean_stage, values["stage"])
        if values.get("cadence"):
            out["cadence"] = c(where, "cadence", Cadence.parse, values["cadence"])
        if values.get("referred_by"):
            out["referred_by"] = fields.clean_line(values["referred_by"])
        if values.get("last_contact"):
            out["last_contact"] = c(where, "last contact", self.past_date, values["last_contact"])
        incoming = Incoming(**out)
        try:
            limits.check_contact(incoming)
            limits.check_text("introduced by", incoming.referred_by, limits.MAX_NAME)
        except InputError as e:
            raise ImportFileError(self.path, where, str(e)) from None
        return incoming

    def past_date(self, text: str) -> date:
        day = parse_date(text, self.today, PAST, self.order)
        if day > self.today:
            raise InputError(f"{quoted(text)} is in the future")
        return day


def _several(values: dict[str, Any], key: str) -> list[str]:
    """``key`` (one text) and ``key + "s"`` (several), the single one first, blanks and repeats
    left out."""
    given = [values.get(key) or "", *(values.get(key + "s") or ())]
    return list(dict.fromkeys(v.strip() for v in map(str, given) if v.strip()))
