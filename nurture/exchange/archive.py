"""The whole network as Markdown: one section per contact, the card then the timeline."""

from __future__ import annotations

from datetime import date

from nurture.domain.dates import ago
from nurture.domain.network import Network
from nurture.domain.wording import count
from nurture.tables import markdown_text as md


def _block(text: str, indent: str) -> list[str]:
    """Multi-line user text, each line escaped, as an indented continuation."""
    return [f"{indent}{md(line)}" if line.strip() else "" for line in text.splitlines()]


def write_markdown(network: Network, today: date) -> bytes:
    contacts = sorted(network.contacts.values(), key=lambda c: c.order_key)
    n = len(contacts)
    out = [
        "# My network",
        "",
        f"Exported from nurture on {today:%d %B %Y}: {count(n, 'contact')}, "
        f"{count(len(network.interactions), 'logged interaction')}.",
    ]
    for c in contacts:
        out += ["", f"## {md(c.name)}", ""]
        at = " at ".join(md(x) for x in (c.role, c.company) if x)
        if at:
            out.append(f"{at}  ")
        stage = network.stage(c, today)
        out.append(f"- **Stage:** {stage}{' (archived)' if c.archived else ''}")
        last = network.last_contact(c.id)
        out.append(f"- **Last contact:** {f'{last:%d %b %Y} ({ago(last, today)})' if last else 'never'}")
        for label, value in (
            ("Industry", c.industry),
            ("Location", c.location),
            ("Email", c.email),
            ("Phone", c.phone),
            ("LinkedIn", c.linkedin),
            ("How met", c.how_met),
        ):
            if value:
                out.append(f"- **{label}:** {md(value)}")
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
        timeline = network.timeline(c.id)
        if timeline:
            out += ["", "### Timeline", ""]
        for i in reversed(timeline):
            head = f"- **{i.on:%d %b %Y}** {i.kind}"
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
    return ("\n".join(out) + "\n").encode("utf-8")
