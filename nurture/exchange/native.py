"""nurture's own JSON: everything, ids included, so export → import into an empty database
gives the same data back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from nurture import __version__
from nurture.domain.models import KINDS, STAGES, Contact, FollowUp, Interaction, Review, Settings
from nurture.domain.network import Network
from nurture.domain.wording import clipped, quoted
from nurture.exchange.source import ImportFileError

FORMAT_KEY = "nurture_export"
FORMAT_VERSION = 1


@dataclass
class Native:
    contacts: list[Contact]
    interactions: list[Interaction]
    followups: list[FollowUp]
    reviews: list[Review]
    settings: Settings | None


def write_json(network: Network, now: datetime) -> bytes:
    contacts = sorted(network.contacts.values(), key=lambda c: c.order_key)
    doc = {
        FORMAT_KEY: {"version": FORMAT_VERSION, "exported": now.isoformat(timespec="seconds"),
                     "app": f"nurture {__version__}"},
        "settings": network.settings.to_dict(),
        "contacts": [c.to_dict() for c in contacts],
        "interactions": [i.to_dict() for i in sorted(network.interactions, key=lambda i: i.order_key)],
        "followups": [f.to_dict() for f in sorted(network.followups, key=lambda f: (f.due, f.id))],
        "reviews": [r.to_dict() for r in sorted(network.reviews, key=lambda r: r.week_start)],
    }
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


def _contact(d: dict[str, Any]) -> Contact:
    c = Contact.from_dict(d)
    if not isinstance(d["name"], str) or not c.name.strip():
        raise ValueError("no name")
    if c.stage not in STAGES:
        raise ValueError(f"unknown stage {quoted(c.stage)}")
    return c


def _interaction(d: dict[str, Any]) -> Interaction:
    i = Interaction.from_dict(d)
    if i.kind not in KINDS:
        raise ValueError(f"unknown kind {quoted(i.kind)}")
    return i


def read_json(path: Path, text: str) -> Native:
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        line = text[: getattr(e, "pos", 0)].count("\n") + 1
        raise ImportFileError(path, f"line {line}", f"not valid JSON ({e.msg})") from None
    meta = doc.get(FORMAT_KEY) if isinstance(doc, dict) else None
    if not isinstance(meta, dict):
        raise ImportFileError(
            path, "", "is JSON but not a nurture export (made by `nurture export --format json`)"
        )
    version = meta.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportFileError(
            path, "", f"is a nurture export of version {quoted(version)}; this nurture reads version "
            f"{FORMAT_VERSION}. Upgrade nurture to import it"
        )

    def records(key: str, decode: Callable[[dict[str, Any]], Any]) -> list:
        items = doc.get(key) or []
        if not isinstance(items, list):
            raise ImportFileError(path, key, "should be a list of records")
        out = []
        for n, item in enumerate(items):
            try:
                if not isinstance(item, dict):
                    raise TypeError("not an object")
                out.append(decode(item))
            except (KeyError, TypeError, ValueError) as e:
                what = clipped(f"missing {e}" if isinstance(e, KeyError) else str(e), 120)
                raise ImportFileError(path, f"{key}[{n}]", f"damaged record ({what})") from None
        return out

    contacts = records("contacts", _contact)
    interactions = records("interactions", _interaction)
    followups = records("followups", FollowUp.from_dict)
    reviews = records("reviews", Review.from_dict)
    settings = None
    if isinstance(doc.get("settings"), dict):
        try:
            settings = Settings.from_dict(doc["settings"])
        except (KeyError, TypeError, ValueError) as e:
            raise ImportFileError(path, "settings", f"damaged ({clipped(e, 120)})") from None
    ids = {c.id for c in contacts}
    if len(ids) != len(contacts):
        raise ImportFileError(path, "contacts", "the same id appears twice")
    for key, items in (("interactions", interactions), ("followups", followups)):
        for n, r in enumerate(items):
            if r.contact_id not in ids:
                raise ImportFileError(
                    path, f"{key}[{n}]", f"refers to contact {quoted(r.contact_id)}, which is not in the file"
                )
    for n, c in enumerate(contacts):
        if c.referred_by and c.referred_by not in ids:
            raise ImportFileError(
                path, f"contacts[{n}]", f"introduced by {quoted(c.referred_by)}, who is not in the file"
            )
    return Native(contacts, interactions, followups, reviews, settings)
