"""The dashboard's command palette: every action of its table (``actions.DASHBOARD``), and
*Go to contact…* for each person.

Names, roles and companies are the user's text: each hit is built as ``Content``, never as a
markup string (Textual reads a string hit, its help and ``Matcher.highlight``'s candidate as
markup: a role of ``[/]`` crashed the palette, a name ``[/] Bob`` hid everyone after it)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from nurture.domain.text import fold, fold_places
from nurture.screens.actions import in_palette
from nurture.widgets.screen_text import screen_text

GO_TO = "Go to contact: "


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
        for a in in_palette():
            yield a.title, partial(screen.run_action, a.action), a.explain
        network = getattr(screen, "network", None)
        if network is not None:
            for c in sorted(network.contacts.values(), key=lambda c: c.name.casefold()):
                if not c.archived:
                    where = screen_text(c.where)
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
                yield Hit(score, shown, callback, text=title, help=Content(help_text) if help_text else None)  # type: ignore[arg-type]
