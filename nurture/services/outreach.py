"""Outreach drafts: the templates in the user's wording, what fills them, and a draft sent."""

from __future__ import annotations

from pathlib import Path

from nurture.domain.erasure import draft_slug
from nurture.domain.errors import InputError
from nurture.domain.library import TemplateText
from nurture.domain.outreach import BUILT_IN, BY_KEY, Template, check_template, fitting_template
from nurture.domain.queue import earlier_nudge
from nurture.domain.requests import LogRequest
from nurture.services.core import Context, Logged
from nurture.services.interactions import Interactions


class Outreach:
    def __init__(self, context: Context, interactions: Interactions) -> None:
        self.context = context
        self.interactions = interactions

    def templates(self) -> list[Template]:
        """The six templates, each in the user's wording where they edited it."""
        own = self.context.repo.templates()
        return [t._replace(body=own[t.key].body, edited=True) if t.key in own else t for t in BUILT_IN]

    def save_template(self, key: str, body: str) -> Template:
        if key not in BY_KEY:
            raise InputError(f"unknown template {key!r}")
        text = check_template(body)
        self.context.repo.save_template(TemplateText(key, text, self.context.now()))
        return BY_KEY[key]._replace(body=text, edited=True)

    def reset_template(self, key: str) -> Template:
        self.context.repo.reset_template(key)
        return BY_KEY[key]

    def values(self, contact_id: str) -> dict[str, str]:
        """What fills the placeholders for this contact: their name, company and role, who
        introduced them, the user's goal and name (the settings), and the latest takeaway from a conversation."""
        ctx = self.context
        network, settings = ctx.network(), ctx.settings()
        contact = network.contacts.get(contact_id) or ctx.contact(contact_id)
        referrer = network.contacts.get(contact.referred_by) if contact.referred_by else None
        takeaway = next((i.takeaways[-1] for i in reversed(network.timeline(contact_id)) if i.takeaways), "")
        return {
            "first_name": contact.first_name, "company": contact.company, "role": contact.role,
            "referrer": referrer.name if referrer else "", "my_goal": settings.my_goal,
            "my_name": settings.my_name,
            "takeaway": takeaway,
        }  # fmt: skip

    def nudged(self, contact_id: str) -> bool:
        """Whether the one nudge of the round under way was sent: a second would be refused."""
        ctx = self.context
        return earlier_nudge(ctx.network_around(contact_id).touches(contact_id), ctx.today()) is not None

    def fitting(self, contact_id: str) -> str:
        """The key of the template that fits this contact now (``fitting_template``: what the
        queue has open for them, the one nudge, their stage)."""
        ctx = self.context
        network = ctx.network_around(contact_id)
        contact = network.contacts.get(contact_id) or ctx.contact(contact_id)
        return fitting_template(network, contact, ctx.today(), ctx.moment())

    def mark_sent(self, contact_id: str, key: str, text: str) -> Logged:
        """Log the message as sent: the template's interaction, with the text as its notes (a
        second nudge is refused, as everywhere)."""
        template = BY_KEY[key]
        return self.interactions.log(LogRequest.typed(contact_id, template.kind, summary=template.title, notes=text))

    def save_draft_file(self, contact_id: str, key: str, text: str) -> Path:
        contact = self.context.contact(contact_id)
        slug = draft_slug(contact.name)
        return self.context.repo.write_private(f"drafts/{slug}-{key}.txt", text.rstrip("\n") + "\n")
