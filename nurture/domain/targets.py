"""Target companies and how well the network covers them: for each, the warm contacts there
(met or nurturing), those in progress (prospect to scheduled), or none yet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nurture.domain import fields
from nurture.domain.errors import InputError
from nurture.domain.library import Target
from nurture.domain.models import DORMANT, MET, NURTURING, Contact
from nurture.domain.network import Network
from nurture.domain.text import fold

WARM, IN_PROGRESS, NONE_YET = "warm", "in progress", "none yet"
MAX_TARGET = 100
#: Legal-form words that do not tell two companies apart ("Acme Inc." is "Acme"), as they read
#: once punctuation is gone ("A/S" is "as", "S.p.A." is "spa", "GmbH & Co. KG" is three).
_SUFFIXES = {
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "co",
    "corp",
    "corporation",
    "company",
    "group",
    "gmbh",
    "ag",
    "kg",
    "kgaa",
    "se",
    "sa",
    "sas",
    "sarl",
    "sl",
    "bv",
    "nv",
    "ab",
    "as",
    "asa",
    "aps",
    "oy",
    "oyj",
    "srl",
    "spa",
    "kk",
    "pty",
    "pte",
    "bhd",
    "sdn",
    "sro",
}
#: Single letters joined by dots or slashes: "a/s", "s.p.a.", "k.k." (not "booking.com").
_INITIALS = re.compile(r"(?<![^\W_])[^\W\d_](?:[./][^\W\d_])+\.?(?![^\W_])")


def company_key(name: str) -> str:
    """How company names are compared: case, accents, punctuation, a leading "The" and legal
    forms at the end ignored ("The LEGO Group", "Lego A/S" and "LEGO" are one company)."""
    folded = _INITIALS.sub(lambda m: re.sub(r"[./]", "", m.group()), fold(name))
    words = re.findall(r"[^\W_]+", folded)
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)


def clean_target(name: str) -> str:
    clean = fields.clean_text(name)
    if not company_key(clean):
        raise InputError("write the company's name (it cannot be blank)")
    if len(clean) > MAX_TARGET:
        raise InputError(f"the name is {len(clean)} characters long; keep it under {MAX_TARGET}")
    return clean


@dataclass(frozen=True)
class Coverage:
    target: Target
    warm: tuple[Contact, ...]
    in_progress: tuple[Contact, ...]
    quiet: tuple[Contact, ...]

    @property
    def status(self) -> str:
        return WARM if self.warm else IN_PROGRESS if self.in_progress else NONE_YET


_STATUS_ORDER = {NONE_YET: 0, IN_PROGRESS: 1, WARM: 2}


def coverage(network: Network, targets: list[Target], today: date) -> list[Coverage]:
    """Every target with its contacts, the gaps first (none yet, then in progress, then warm)."""
    by_company: dict[str, list[Contact]] = {}
    for c in network.contacts.values():
        if not c.archived and c.company:
            by_company.setdefault(company_key(c.company), []).append(c)
    out = []
    for t in targets:
        people = sorted(by_company.get(company_key(t.name), []), key=lambda c: c.order_key)
        stages = {c.id: network.stage(c, today) for c in people}
        out.append(
            Coverage(
                t,
                tuple(c for c in people if stages[c.id] in (MET, NURTURING)),
                tuple(c for c in people if stages[c.id] not in (MET, NURTURING, DORMANT)),
                tuple(c for c in people if stages[c.id] == DORMANT),
            )
        )
    out.sort(key=lambda cov: (_STATUS_ORDER[cov.status], cov.target.name.casefold()))
    return out
