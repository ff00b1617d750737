"""The dashboard's command palette: every action, and *Go to contact…* for each person.

Names, roles and companies are the user's text: each hit is built as ``Content``, never as a
markup string (Textual reads a string hit, its help and ``Matcher.highlight``'s candidate as
markup: a role of ``[/]`` crashed the palette, a name ``[/] Bob`` hid everyone after it)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from nurture.domain.text import fold, fold_places
from nurture.widgets.screen_text import screen_text

GO_TO = "Go to contact: "

PALETTE_ACTIONS = [
    ("Add contact", "add", "a new person to learn from"),
    ("Log interaction", "log", "a conversation, request, thank-you… with the selected contact"),
    ("Schedule follow-up", "followup", "a dated to-do for the selected contact"),
    ("Snooze contact", "snooze", "hide the selected contact from the queue until a date"),
    ("Edit contact", "edit", "change the selected contact, its stage or notes"),
    ("Archive contact", "archive", "hide the selected contact everywhere"),
    ("Undo archive", "undo", "bring back the contact you just archived"),
    ("Done with queue item", "done", "log the touch the highlighted queue item asks for"),
    ("Filter contacts", "filter", "by name, company, role or tag; fuzzy"),
    ("Sort contacts", "sort", "by name, last contact or due date"),
    ("Import contacts", "import", "from LinkedIn, vCard, CSV or nurture JSON; re-importing adds no duplicates"),
    ("Export", "export", "your network as JSON, CSV, vCard or Markdown; the queue as iCalendar"),
    ("Show older interactions", "more_history", "the next 25 in the selected contact's timeline"),
    ("Outreach draft", "outreach", "a request, the one nudge, a thank-you… for the selected contact, from templates"),
    ("Meeting mode", "meeting", "the conversation with the selected contact: questions, countdown, notes"),
    ("Question prep", "prep", "five to seven open questions for the selected contact, from a bank or your own"),
    ("Referral chain", "chain", "who introduced whom, as a tree, from the selected contact"),
    ("Make their company a target", "target", "add the selected contact's company to your target companies"),
    ("Target companies", "targets", "employers you aim for, and whom you know at each: warm, in progress or nobody yet"),
    ("Pipeline", "pipeline", "everyone in columns by stage; move people along with keys"),
    ("Commitments", "commitments", "what you promised and what they offered, across everyone; mark them done"),
    ("Weekly review", "review", "close the week, see what needs attention, plan the next"),
    ("Help: every key", "help", "every key and the method"),
]


def folded_match(matcher: Matcher, candidate: str, folded: str, places: tuple[int, ...]) -> tuple[float, Content]:
    """How well ``candidate`` matches, ignoring case and accents ("tomas" finds Tomás; the
    matcher was made with the folded query, ``folded`` is the candidate folded and ``places``
    where each of its characters comes from), and ``candidate`` as it is with the matched
    letters highlighted."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, folded)
    content = Content(candidate)
    if score > 0:
        for at in sorted({places[o] for o in offsets if not folded[o].isspace()}):
            content = content.stylize(matcher.match_style, at, at + 1)
    return score, content


class DashboardCommands(Provider):
    """Every dashboard action, and 'Go to contact…' for each contact (the screen it runs on
    has ``run_action``, ``network`` and ``go_to``). What each keystroke searches is built once,
    when the palette opens: the titles, folded, with their callbacks."""

    _entries: list[tuple[str, str, tuple[int, ...], Callable[[], object], str]] | None = None

    def _targets(self):
        screen = self.screen
        for title, action, help_text in PALETTE_ACTIONS:
            yield title, partial(screen.run_action, action), help_text
        network = getattr(screen, "network", None)
        if network is not None:
            for c in sorted(network.contacts.values(), key=lambda c: c.name.casefold()):
                if not c.archived:
                    where = " @ ".join(screen_text(p) for p in (c.role, c.company) if p)
                    yield GO_TO + screen_text(c.name), partial(screen.go_to, c.id), where  # type: ignore[attr-defined]

    def _searchable(self) -> list[tuple[str, str, tuple[int, ...], Callable[[], object], str]]:
        if self._entries is None:
            self._entries = [(title, *fold_places(title), callback, help_text)
                             for title, callback, help_text in self._targets()]  # fmt: skip
        return self._entries

    async def startup(self) -> None:
        self._searchable()

    async def discover(self) -> Hits:
        for title, callback, help_text in self._targets():
            if not title.startswith(GO_TO):
                yield DiscoveryHit(Content(title), callback, text=title, help=Content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold(query))
        for title, folded, places, callback, help_text in self._searchable():
            score, shown = folded_match(matcher, title, folded, places)
            if score > 0:
                yield Hit(score, shown, callback, text=title,
                          help=Content(help_text) if help_text else None)  # type: ignore[arg-type]
