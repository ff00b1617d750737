"""Finding a contact from what the user typed: an id, else the exact name, else a unique prefix
of the name, else a unique prefix of one of its words (a surname). Case and accents are ignored
(``nurture.domain.text.fold``: "sofia" and "martinez" find Sofía Martínez). Ambiguous or unknown
input is an error that lists the candidates."""

from __future__ import annotations

from collections.abc import Iterable

from nurture.domain.errors import InputError
from nurture.domain.models import Contact
from nurture.domain.text import fold, printable

_SHOW = 8


def describe(contact: Contact) -> str:
    """One line naming a contact in a message: their text escaped (``printable``), so it can
    neither act on a terminal nor break the message's lines."""
    where = contact.where
    extra = f" ({where})" if where else ""
    archived = " [archived]" if contact.archived else ""
    return printable(f"{contact.name}{extra}{archived}  id {contact.id[:8]}")


def resolve(contacts: Iterable[Contact], query: str) -> Contact:
    contacts = list(contacts)
    q = fold(" ".join((query or "").split()))
    if not q:
        raise InputError("no contact name given")
    by_id = [c for c in contacts if c.id == query.strip() or (len(q) >= 8 and c.id.startswith(q))]
    if len(by_id) == 1:
        return by_id[0]
    names = {c.id: fold(c.name) for c in contacts}
    for pool in ([c for c in contacts if not c.archived], contacts):
        for matches in (
            lambda name: name == q,
            lambda name: name.startswith(q),
            lambda name: any(word.startswith(q) for word in name.split()[1:]),
        ):
            found = [c for c in pool if matches(names[c.id])]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise _ambiguous(query, found)
    near = [c for c in contacts if q in names[c.id]]
    hint = ""
    if near:
        hint = " Did you mean: " + "; ".join(describe(c) for c in near[:_SHOW])
    raise InputError(f"no contact matches {query!r}.{hint or ' See `nurture list`.'}")


def complete(names: Iterable[str], typed: str) -> str | None:
    """The first of ``names`` that starts with what was typed, case and accents ignored: the
    completion a referrer field offers."""
    q = fold(typed.lstrip())
    if not q:
        return None
    return next((name for name in names if fold(name).startswith(q)), None)


def _ambiguous(query: str, matches: list[Contact]) -> InputError:
    matches = sorted(matches, key=lambda c: c.order_key)
    shown = "\n  ".join(describe(c) for c in matches[:_SHOW])
    more = f"\n  … and {len(matches) - _SHOW} more" if len(matches) > _SHOW else ""
    return InputError(
        f"{query!r} matches {len(matches)} contacts; type more of the name or use the id:\n  {shown}{more}"
    )


def namesake(contacts: Iterable[Contact], name: str) -> Contact | None:
    """The first contact (not archived) with this name, case ignored: the one a new contact
    of that name would double."""
    folded = name.casefold()
    return next((c for c in contacts if not c.archived and c.name.casefold() == folded), None)


class NameTaken(InputError):
    """A new name is the name of a contact already there (``twin``)."""

    def __init__(self, name: str, twin: Contact) -> None:
        at = f" at {printable(twin.company)}" if twin.company else ""
        super().__init__(f"a contact named {name!r} already exists{at}; add something to tell them apart")
        self.twin = twin


def check_unique_name(contacts: Iterable[Contact], name: str, editing: str | None = None) -> str:
    """``name``, if no other contact (not archived, not the one being edited, ``editing``) has
    it, case ignored; else ``NameTaken``: two people of one name are told apart by their name."""
    twin = namesake((c for c in contacts if c.id != editing), name)
    if twin is not None:
        raise NameTaken(name, twin)
    return name
