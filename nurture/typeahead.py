"""What is typed reaches what it was typed for, in the order typed, whatever the load.

**Keys.** Textual routes a key the moment the app takes it from its queue: to the widget focused
*then* (``App.on_event``). But the key's binding runs only later, when the key has bubbled back
up from that widget to the app, one message queue at a time (``App._on_key``). A key that opens
a screen (``a`` for the add form) therefore pushes it after the keys typed behind it have
already been sent to the dashboard, where they are lost or act as dashboard keys; and a new
screen focuses its first field only once it is mounted, so keys routed before that reach nothing.
Tab has the same gap: it moves the focus on its way back up, so letters typed right behind it
still land in the field it leaves ("Lukas SchmidtSAP"). ``App.on_event`` also runs priority
bindings at once, ahead of the letters still queued for the field (an export saving the default
path, not the one typed). Pilot waits for the app to be idle after every key, so tests never saw
it; a real terminal delivers a burst, and a busy machine stretches every step.

``TypeAhead`` (mixed into the app) makes key handling sequential, in one place: a key (or a
paste) is routed only once the one before it has been handled all the way, and once the screen
on top is ready for it:

* *handled*: after routing, a callback is passed up the focused widget's ancestors to the app,
  each posted to a node's queue after the key (the key bubbles the same way, so each callback runs
  after that node has handled it), then once more round the app's queue for the ``focus()``
  calls the key's action made; a node closed meanwhile is skipped;
* *ready*: the screen on top is mounted (so its first field is focused: one more turn of the
  app's queue after mounting, as ``focus()`` is deferred), and is not holding keys while it
  loads what it shows (``hold_keys``).

Keys typed meanwhile wait in order, so the next key always finds the focus the previous one left.

**Pastes.** Textual's terminal parser (``textual._xterm_parser``, textual 8.2.8) treats an ESC
inside a bracketed paste as the start of a key sequence: from there to the paste's end the text
comes as separate key events (the ESC as ``^``, a BEL as ``ctrl+g``, which is a binding in
drafts), and the paste's beginning arrives after them, so ``Pasted␛[31mRed␇Bell`` typed
``^[31mRedBellPasted``. ``PasteSafeParser`` drops those ESC bytes before the parser sees them,
and every paste is cleaned as it is routed (``clean_paste``): control characters are dropped in
place; line breaks and tabs are kept in a multi-line editor and become spaces in a one-line
field (which would otherwise keep only the first line)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message
from textual.screen import Screen
from textual.widgets import TextArea
from textual.worker import Worker

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

    # The checker reads the mixin as the App it is mixed into (it uses the app's screen, focus
    # and queue); at run time it is a plain class, first in the app's bases.
    _AppBase = App[Any]
else:
    _AppBase = object

#: A screen may hold keys while it loads this long at most: a bug must never leave the keyboard dead.
HOLD_LIMIT: Final = 10.0
#: How often a wait for a screen (mounting, loading) looks again, and a stalled step is checked.
POLL: Final = 0.02
STALL_CHECK: Final = 0.5

ESC: Final = "\x1b"
_DROP = {c: None for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))}
_ONE_LINE = {**_DROP, 0x09: " ", 0x0A: " "}
_LINES = {**_DROP, 0x09: "\t", 0x0A: "\n"}


def clean_paste(text: str, multiline: bool) -> str:
    """Pasted text as it may go into a field: control characters (ESC, BEL, NUL…) dropped where
    they stand, everything else kept in order. ``multiline`` (an editor) keeps line breaks and
    tabs; a one-line field gets a space for each."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_LINES if multiline else _ONE_LINE)


class PasteSafeParser(XTermParser):
    """Textual's parser, fed pastes it can read: an ESC inside a bracketed paste (other than the
    paste's end marker) is dropped before the parser sees it. An end marker split across two
    reads is held back until it is whole, so the parser never waits on half of it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pasting = False
        self._held = ""  # in a paste: what may be the start of its end marker
        self._recent = ""  # outside one: the last characters, for a start marker split across reads

    def feed(self, data: str) -> Iterator[Message]:
        if not data:  # the end of input
            if self._held:
                yield from super().feed(self._held)
                self._held = ""
            yield from super().feed(data)
            return
        scrubbed = self.scrub(data)
        if scrubbed:  # never feed "": that is the end of input to the parser
            yield from super().feed(scrubbed)

    def scrub(self, data: str) -> str:
        out: list[str] = []
        text, self._held = self._held + data, ""
        i = 0
        while i < len(text):
            if not self._pasting:
                seen = self._recent + text[i:]
                start = seen.find(BRACKETED_PASTE_START)
                if start == -1:
                    out.append(text[i:])
                    self._recent = seen[-(len(BRACKETED_PASTE_START) - 1) :]
                    break
                after = start + len(BRACKETED_PASTE_START) - len(self._recent)
                out.append(text[i : i + after])
                i += after
                self._pasting, self._recent = True, ""
                continue
            esc = text.find(ESC, i)
            if esc == -1:
                out.append(text[i:])
                break
            out.append(text[i:esc])
            if text.startswith(BRACKETED_PASTE_END, esc):
                out.append(BRACKETED_PASTE_END)
                i = esc + len(BRACKETED_PASTE_END)
                self._pasting = False
            elif BRACKETED_PASTE_END.startswith(text[esc:]):
                self._held = text[esc:]  # the rest comes with the next read
                break
            else:
                i = esc + 1  # an ESC in the pasted text: dropped
        return "".join(out)


def install_paste_safe_parser() -> None:
    """Have Textual's terminal drivers read input with ``PasteSafeParser``. They build their
    parser from the name ``XTermParser`` in their own modules, so that name is what is replaced
    (checked by tests/tui/test_typeahead.py against the installed textual)."""
    from textual.drivers import linux_driver, linux_inline_driver

    for module in (linux_driver, linux_inline_driver):
        if getattr(module, "XTermParser", None) is XTermParser:
            # the driver modules import the name without re-exporting it; replacing it is the point
            module.XTermParser = PasteSafeParser  # type: ignore[attr-defined]


class TypeAhead(_AppBase):
    """Mixed into the App before ``App``: keys and pastes are handled one at a time, each on the
    screen and focus the previous one left (see the module's notes)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._typed: deque[events.Key | events.Paste] = deque()
        self._busy = False  # a key is on its way, or waiting for the screen to be ready
        self._route: list[DOMNode] = []  # the nodes the key in flight passes on its way up to the app
        self._step = 0  # the one callback the key in flight waits for; others are stale
        self._at = 0  # where in ``_route`` that callback was posted
        self._holds: dict[Screen, tuple[Worker, float]] = {}
        self._stall_check: asyncio.TimerHandle | None = None
        self._waiting: asyncio.Task[None] | None = None
        #: The screen last found ready and settled: its focus is where its set-up put it.
        self._settled: Screen | None = None

    # --- screens that load before they take keys -----------------------------------------------

    def hold_keys(self, screen: Screen, until: Worker) -> None:
        """Keys typed for ``screen`` wait until ``until`` (the worker loading what it shows, whose
        end focuses the field keys are for) has finished, however it finished."""
        self._holds = {s: h for s, h in self._holds.items() if s.is_attached}
        self._holds[screen] = (until, time.monotonic() + HOLD_LIMIT)

    def _screen_takes_keys(self) -> bool:
        try:
            screen = self.screen
        except Exception:  # no screen: shutting down
            return True
        if not screen.is_mounted:
            return False
        hold = self._holds.get(screen)
        if hold is None:
            return True
        worker, deadline = hold
        if worker.is_finished or time.monotonic() > deadline:
            del self._holds[screen]
            self._settled = None  # the end of its load focused a field: one more turn first
            return True
        return False

    # --- the queue of what was typed ---------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._typed.append(event)
            if not self._busy:
                await self._next()
            return
        await super().on_event(event)

    async def _next(self) -> None:
        """Route the next thing typed, if the screen on top is ready for it."""
        self._busy = bool(self._typed)
        if not self._typed:
            return
        if not self._screen_takes_keys():
            self._wait_until_ready()
            return
        if self.screen is not self._settled:
            # A screen just mounted, or just loaded, asked for focus with focus(), which takes
            # effect on a later turn of the app's queue: let it, then route.
            self._settled = self.screen
            self._turn()
            return
        event = self._typed.popleft()
        focused = self.focused
        if isinstance(event, events.Paste):
            text = clean_paste(event.text, multiline=isinstance(focused, TextArea))
            if not text:
                await self._next()
                return
            event = events.Paste(text)
        # where App.on_event sends it (unless a priority binding takes it there)
        self._route = (focused or self.screen).ancestors_with_self
        await super().on_event(event)
        self._follow(0)

    async def _stepped(self, step: int, index: int) -> None:
        if step != self._step:  # skipped already (its node closed before running it)
            return
        if index > len(self._route):
            await self._next()  # handled all the way: on to the next key
        else:
            self._follow(index)

    def _follow(self, index: int) -> None:
        """Follow the key up its route: the callback posted to node ``index`` runs after that
        node has handled the key (and sent it on to its parent, if it does). Past the app, once
        more round the app's queue: for the ``focus()`` calls the key's action made."""
        route = self._route
        while index <= len(route):
            node = route[index] if index < len(route) else self
            self._step += 1
            self._at = index
            if node.call_later(self._stepped, self._step, index + 1):
                self._watch_for_stall()
                return
            index += 1

    def _watch_for_stall(self) -> None:
        if self._stall_check is None:
            self._stall_check = asyncio.get_running_loop().call_later(STALL_CHECK, self._check_stall)

    def _check_stall(self) -> None:
        """A node whose messages stopped after it took a step's callback never runs it: go on
        from its parent. (Closing a node normally handles what was queued before; this is the
        safety net that keeps the keyboard alive should one never get that far.)"""
        self._stall_check = None
        if not self._busy or not 0 <= self._at < len(self._route):
            return
        node = self._route[self._at]
        if node._closed or (node._closing and not node._running):
            self._follow(self._at + 1)
        else:
            self._watch_for_stall()

    def _wait_until_ready(self) -> None:
        self._step += 1
        step = self._step
        self._at = -1

        async def wait() -> None:
            while not self._screen_takes_keys():
                if not self.is_running:
                    return
                await asyncio.sleep(POLL)
            if step == self._step:
                self._turn()

        self._waiting = asyncio.create_task(wait())

    def _turn(self) -> None:
        """Route the next key on a later turn of the app's queue."""
        self._step += 1
        self._at = -1
        self.call_later(self._resume, self._step)

    async def _resume(self, step: int) -> None:
        if step == self._step:
            await self._next()
