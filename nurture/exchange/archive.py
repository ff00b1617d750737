"""The whole network as Markdown: one section per contact, the card, their appointments, then
the timeline."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from nurture.domain.appointments import Appointment
from nurture.domain.dates import ago
from nurture.domain.models import Contact, Interaction
from nurture.domain.network import Network
from nurture.domain.wording import count
from nurture.tables import markdown_lines
from nurture.tables import markdown_text as md

#: Lines of Markdown gathered before they are handed on as one chunk (a few hundred kB).
_LINES = 4096


class _Days(dict[date, str]):
    """Each date as "05 Mar 2024", formatted once: years of notes share a few thousand days."""

    def __missing__(self, day: date) -> str:
        text = self[day] = f"{day:%d %b %Y}"
        return text


def _block(text: str, indent: str) -> list[str]:
    """Multi-line user text as an indented continuation: each line escaped, its line breaks
    kept (``markdown_lines``)."""
    if text and text.isprintable():  # one line (a line break of any kind is not printable): most notes
        return [f"{indent}{md(text)}" if text.strip() else ""]
    return [f"{indent}{line}" if line else "" for line in markdown_lines(text)]


def markdown_chunks(
    network: Network,
    today: date,
    contacts: Sequence[Contact],
    timelines: Iterable[Interaction],
    logged: int,
    written: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """The archive in pieces, never all of it in memory.

    ``contacts``: in the order of the sections (alphabetical). ``timelines``: each contact's
    interactions, newest first, the contacts in that same order (one contact's records at a
    time are held). ``logged``: how many interactions there are, for the heading.
    ``written(n)``: told, piece by piece, how many contacts the pieces so far hold."""
    out = [
        "# My network",
        "",
        f"Exported from nurture on {today:%d %B %Y}: {count(len(contacts), 'contact')}, "
        f"{count(logged, 'logged interaction')}.",
    ]
    records = iter(timelines)
    pending = next(records, None)
    day = _Days()
    booked: dict[str, list[Appointment]] = {}
    for a in sorted(network.appointments, key=lambda a: (a.start, a.id)):
        booked.setdefault(a.contact_id, []).append(a)
    for n, c in enumerate(contacts, 1):
        timeline: list[Interaction] = []
        while pending is not None and pending.contact_id == c.id:
            timeline.append(pending)
            pending = next(records, None)
        _section(out, network, today, c, timeline, day, booked.get(c.id, ()))
        if len(out) >= _LINES:
            if written is not None:
                written(n)
            yield ("\n".join(out) + "\n").encode("utf-8")
            out = []
    if written is not None:
        written(len(contacts))
    if out:
        yield ("\n".join(out) + "\n").encode("utf-8")


def _section(
    out: list[str],
    network: Network,
    today: date,
    c: Contact,
    timeline: list[Interaction],
    day: _Days,
    appointments: Sequence[Appointment] = (),
) -> None:
    """One contact's section: the card, their appointments (soonest first), then the timeline
    (newest first)."""
    out += ["", f"## {md(c.name)}", ""]
    at = " at ".join(md(x) for x in (c.role, c.company) if x)
    if at:
        out.append(f"{at}  ")
    stage = network.stage(c, today)
    out.append(f"- **Stage:** {stage}{' (archived)' if c.archived else ''}")
    last = network.last_contact(c.id)
    out.append(f"- **Last contact:** {f'{day[last]} ({ago(last, today)})' if last else 'never'}")
    emails, phones = c.emails, c.phones
    for label, value in (
        ("Industry", md(c.industry)),
        ("Location", md(c.location)),
        ("Email" if len(emails) < 2 else "Emails", ", ".join(md(e) for e in emails)),
        ("Phone" if len(phones) < 2 else "Phones", ", ".join(md(p) for p in phones)),
        ("LinkedIn", md(c.linkedin)),
        ("How met", md(c.how_met)),
    ):
        if value:
            out.append(f"- **{label}:** {value}")
    if c.tags:
        out.append(f"- **Tags:** {', '.join(md(t) for t in c.tags)}")
    referrer = network.contacts.get(c.referred_by or "")
    if referrer:
        out.append(f"- **Introduced by:** {md(referrer.name)}")
    introduced = network.referrals.get(c.id, ())
    if introduced:
        out.append(f"- **Introduced you to:** {', '.join(md(r.name) for r in introduced)}")
    if c.notes:
        out += ["", *_block(c.notes, "")]
    if appointments:
        out += ["", "### Appointments", ""]
    for booked in appointments:
        out += _appointment(booked)
    if timeline:
        out += ["", "### Timeline", ""]
    for i in timeline:
        head = f"- **{day[i.on]}** {i.kind}"
        if i.duration_minutes:
            head += f", {i.duration_minutes} min"
        if i.summary:
            head += f": {md(i.summary)}"
        out.append(head)
        if i.notes:
            out += _block(i.notes, "  ")
        for t in i.takeaways:
            out.append(f"  - Takeaway: {md(t)}")
        for a in i.action_items:
            who = "I will" if a.owner == "me" else "They will"
            out.append(f"  - [{'x' if a.done else ' '}] {who}: {md(a.text)}")


def _appointment(a: Appointment) -> list[str]:
    """An appointment as a list item: when, in the zone it was booked in, its length, where and
    status, then its note."""
    at = a.start.astimezone(a.booked_zone)
    head = f"- **{at:%d %b %Y, %H:%M}** ({md(a.zone)}), {a.minutes} min"
    if a.where:
        head += f", {md(a.where)}"
    lines = [f"{head}: {a.status}"]
    if a.note:
        lines += _block(a.note, "  ")
    return lines
