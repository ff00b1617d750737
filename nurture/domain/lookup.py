"""Finding a contact from what the user typed: exact name, then unique prefix (case-insensitive),
or an id. Ambiguous or unknown input is an error that lists the candidates."""

from __future__ import annotations

from collections.abc import Iterable

from nurture.domain.errors import InputError
from nurture.domain.models import Contact

_SHOW = 8


def describe(contact: Contact) -> str:
    where = " @ ".join(p for p in (contact.role, contact.company) if p)
    extra = f" ({where})" if where else ""
    archived = " [archived]" if contact.archived else ""
    return f"{contact.name}{extra}{archived}  id {contact.id[:8]}"


def resolve(contacts: Iterable[Contact], query: str) -> Contact:
    contacts = list(contacts)
    q = " ".join((query or "").split()).casefold()
    if not q:
        raise InputError("no contact name given")
    by_id = [c for c in contacts if c.id == query.strip() or (len(q) >= 8 and c.id.startswith(q))]
    if len(by_id) == 1:
        return by_id[0]
    for pool in ([c for c in contacts if not c.archived], contacts):
        exact = [c for c in pool if c.name.casefold() == q]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise _ambiguous(query, exact)
        prefix = [c for c in pool if c.name.casefold().startswith(q)]
        if len(prefix) == 1:
            return prefix[0]
        if len(prefix) > 1:
            raise _ambiguous(query, prefix)
    near = [c for c in contacts if q in c.name.casefold()]
    hint = ""
    if near:
        hint = " Did you mean: " + "; ".join(describe(c) for c in near[:_SHOW])
    raise InputError(f"no contact matches {query!r}.{hint or ' See `nurture list`.'}")


def _ambiguous(query: str, matches: list[Contact]) -> InputError:
    matches = sorted(matches, key=lambda c: c.order_key)
    shown = "\n  ".join(describe(c) for c in matches[:_SHOW])
    more = f"\n  … and {len(matches) - _SHOW} more" if len(matches) > _SHOW else ""
    return InputError(
        f"{query!r} matches {len(matches)} contacts; type more of the name or use the id:"
        f"\n  {shown}{more}"
    )


def namesake(contacts: Iterable[Contact], name: str) -> Contact | None:
    """The first contact (not archived) with this name, case ignored: the one a new contact
    of that name would double."""
    folded = name.casefold()
    return next((c for c in contacts if not c.archived and c.name.casefold() == folded), None)
