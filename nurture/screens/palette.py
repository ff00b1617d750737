"""The dashboard's command palette: every action of its table (``actions.DASHBOARD``), and
*Go to contact…* for each person.

Names, roles and companies are the user's text: each hit is built as ``Content``, never as a
markup string (Textual reads a string hit, its help and ``Matcher.highlight``'s candidate as
markup: a role of ``[/]`` crashed the palette, a name ``[/] Bob`` hid everyone after it)."""

from __future__ import annotations

import asyncio
import heapq
import re
from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from nurture.domain.network import Network
from nurture.domain.text import fold, fold_places
from nurture.screens.actions import Action, in_palette
from nurture.widgets.screen_text import screen_text

GO_TO = "Go to contact: "


def undo_title(screen: object, action: Action) -> str:
    """The palette's "Undo: logged call with Maya Chen" (what ctrl+z would undo), or "Undo"."""
    service = getattr(getattr(screen, "app", None), "service", None)
    label = service.undo.next_label() if service is not None else None
    return f"{action.title}: {screen_text(label)}" if label is not None else str(action.title)


def _explain(title: str, action: Action, nothing: str = "nothing to undo yet") -> str:
    """Beside Undo in the palette: what it does, or ``nothing`` ("nothing to undo (yet)")."""
    return nothing if action.action == "undo" and title == action.title else action.explain


def nothing_said(screen: object) -> str:
    """ "nothing to undo yet", or "nothing to undo" once something was undone or dropped."""
    service = getattr(getattr(screen, "app", None), "service", None)
    return service.undo.nothing() if service is not None else "nothing to undo yet"


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


#: Contacts listed for what is typed, best first: a screenful. Scoring and listing every match
#: on the UI thread (30,000 for one letter) froze the dashboard for seconds.
PEOPLE_SHOWN = 20
#: How many people a search scores between two looks at whether a newer search replaced it.
_CHUNK = 512


def _in_order(query: str) -> re.Pattern[str]:
    """The letters of ``query`` in order, anywhere: what the fuzzy matcher needs for a score
    above zero, checked at the regular expression engine's speed first."""
    return re.compile("".join(f"[^{re.escape(c)}]*{re.escape(c)}" for c in query), re.DOTALL)


def _people(network: Network) -> list[tuple[str, str]]:
    """Everyone not archived, by name: (their title, folded, and their id)."""
    people = sorted((c for c in network.contacts.values() if not c.archived), key=lambda c: c.order_key)
    return [(fold(GO_TO + screen_text(c.name)), c.id) for c in people]


class DashboardCommands(Provider):
    """Every dashboard action, and 'Go to contact…' for each contact (the screen it runs on
    has ``run_action``, ``network`` and ``go_to``). The actions are searched as typed; the people
    in a worker thread, which scores everyone and brings back the best ``PEOPLE_SHOWN``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._actions: list[tuple[str, str, tuple[int, ...], Callable[[], object], str]] = []
        self._network: Network | None = None
        self._everyone: list[tuple[str, str]] = []
        self._search_number = 0  # the newest search: an older one still scoring stops

    async def startup(self) -> None:
        screen = self.screen
        titled = [(a.title or "", a) for a in in_palette()]  # (the table's palette actions all have one)
        titled = [(undo_title(screen, a) if a.action == "undo" else t, a) for t, a in titled]
        nothing = nothing_said(screen)
        self._actions = [(title, *fold_places(title), partial(screen.run_action, a.action), _explain(title, a, nothing))
                         for title, a in titled]  # fmt: skip
        network = getattr(screen, "network", None)
        if network is not None:
            self._network = network
            self._everyone = await asyncio.to_thread(_people, network)

    async def discover(self) -> Hits:
        for title, _, _, callback, help_text in self._actions:
            yield DiscoveryHit(Content(title), callback, text=title, help=Content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        folded_query = fold(query)
        matcher = self.matcher(folded_query)
        for title, folded, places, callback, help_text in self._actions:
            score, shown = folded_match(matcher, title, folded, places)
            if score > 0:
                yield Hit(score, shown, callback, text=title, help=Content(help_text) if help_text else None)  # type: ignore[arg-type]
        network, everyone = self._network, self._everyone
        if network is None or not everyone or not folded_query:
            return
        self._search_number += 1
        best = await asyncio.to_thread(self._best, matcher, folded_query, everyone, self._search_number)
        go_to = getattr(self.screen, "go_to")  # noqa: B009 (the dashboard's; the provider is built for it)
        for contact_id in best:
            contact = network.contacts[contact_id]
            title = GO_TO + screen_text(contact.name)
            score, shown = folded_match(matcher, title, *fold_places(title))
            where = screen_text(contact.where)
            yield Hit(score, shown, partial(go_to, contact_id), text=title, help=Content(where) if where else None)  # type: ignore[arg-type]

    def _best(self, matcher: Matcher, query: str, everyone: list[tuple[str, str]], number: int) -> list[str]:
        """The ids of the ``PEOPLE_SHOWN`` best matches, best first (by name among equals).
        Runs in a worker thread; stops early, with nothing, once a newer search has begun."""
        letters_in_order = _in_order(query).search
        score = matcher.fuzzy_search.match
        scored: list[tuple[float, int, str]] = []
        for start in range(0, len(everyone), _CHUNK):
            if number != self._search_number:
                return []
            for n, (folded, contact_id) in enumerate(everyone[start : start + _CHUNK], start):
                if letters_in_order(folded) is not None:
                    points = score(query, folded)[0]
                    if points > 0:
                        scored.append((-points, n, contact_id))
        return [contact_id for _, _, contact_id in heapq.nsmallest(PEOPLE_SHOWN, scored)]
