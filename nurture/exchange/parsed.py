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
from nurture.domain.models import distinct, email_key, phone_key
from nurture.domain.noted import addresses_in_notes
from nurture.domain.wording import count, quoted
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
        """An ``Incoming`` with every field checked, its text composed (NFC, as nurture stores
        all text), and held to the limits on text (``nurture.domain.limits``); ``values`` are
        the raw texts.

        Email addresses come as ``emails`` (a list, the preferred first) and/or ``email`` (one,
        put first); phone numbers as ``phones`` and/or ``phone``. The record's first address
        (the preferred one, or the only one a single email column holds) that does not look
        like one refuses the file, as before: it usually means a column read as the wrong one.
        A further address that does not is left out, and the import's warnings name the record
        and the value: one bad secondary address does not refuse a 20,000-record file. Past
        ``limits.MAX_EMAILS`` addresses (``MAX_PHONES`` numbers) the rest are left out, with a
        notice, rather than the file refused. ``uid`` is the vCard UID, kept as given."""
        c = self.check
        out: dict = {"where": where, "name": c(where, "name", fields.clean_name, name)}
        for key in ("company", "role", "industry", "location", "how_met"):
            if values.get(key):
                out[key] = fields.clean_line(str(values[key]))
        noted = addresses_in_notes(fields.clean_text(str(values["notes"]))) if values.get("notes") else None
        if noted and noted.notes:  # "Other email:" lines an export of nurture before 2 addresses wrote
            out["notes"] = noted.notes
        notices: list[str] = []
        emails = self._emails(where, [*_one_then_many(values, "email"), *(noted.emails if noted else ())], notices)
        if emails:
            out["emails"] = _at_most(emails, limits.MAX_EMAILS, where, "email", notices)
        given_phones = [*_one_then_many(values, "phone"), *(noted.phones if noted else ())]
        phones = distinct((fields.clean_line(str(v)) for v in given_phones), phone_key)
        if phones:
            out["phones"] = _at_most(phones, limits.MAX_PHONES, where, "phone", notices)
        if values.get("uid"):
            out["uid"] = fields.clean_line(str(values["uid"]))
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
        if notices:
            out["notices"] = tuple(notices)
        incoming = Incoming(**out)
        try:
            limits.check_contact(incoming)
            limits.check_text("UID", incoming.uid, limits.MAX_LINE)
            limits.check_text("introduced by", incoming.referred_by, limits.MAX_NAME)
        except InputError as e:
            raise ImportFileError(self.path, where, str(e)) from None
        return incoming

    def _emails(self, where: str, raw: list[str], notices: list[str]) -> tuple[str, ...]:
        """The addresses in ``raw``, checked: a bad first one refuses the file, a bad further
        one is left out with a notice (``incoming``)."""
        kept: dict[str, str] = {}
        for n, text in enumerate(t for t in raw if t.strip()):
            if n == 0:
                email = self.check(where, "email", fields.clean_email, text)
            else:
                try:
                    email = fields.clean_email(text)
                except InputError as e:
                    notices.append(f"{where}: another email address left out: {e}")
                    continue
            kept.setdefault(email_key(email), email)
        return tuple(kept.values())

    def past_date(self, text: str) -> date:
        day = parse_date(text, self.today, PAST, self.order)
        if day > self.today:
            raise InputError(f"{quoted(text)} is in the future")
        return day


def _at_most(values: tuple[str, ...], limit: int, where: str, kind: str, notices: list[str]) -> tuple[str, ...]:
    """The first ``limit`` of a record's ``values``; the rest left out with a notice."""
    if len(values) > limit:
        notices.append(
            f"{where}: {count(len(values) - limit, kind)} left out: a contact holds at most {limit:,} {kind}s"
        )
    return values[:limit]


def _one_then_many(values: dict[str, Any], key: str) -> list[str]:
    """The one ``key`` value, then the ``key + "s"`` list (or one text), as texts."""
    many = values.get(key + "s") or []
    if isinstance(many, str):
        many = [many]
    one = values.get(key)
    return [str(v) for v in ([one] if one else []) + list(many) if v]
