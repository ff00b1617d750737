"""The Textual app: holds the services and the clock, applies the remembered theme, shows the
dashboard. Everything else lives in screens/ and widgets/."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

from textual import events
from textual.app import App
from textual.screen import Screen

from nurture.domain import collector
from nurture.domain.errors import NurtureError
from nurture.screens.dashboard import DashboardScreen
from nurture.services import Nurture
from nurture.typeahead import TypeAhead, install_paste_safe_parser

#: Seconds between two looks at whether another process (the shell) changed the data: a stat
#: of each data file, well under a millisecond.
POLL = 0.5

#: Full collections of the garbage collector, one per this many of the middle generation's
#: (Python's default: 10). Each full pass scans every object alive; the weekly review and a
#: reload allocate millions that live on, so at the default the passes come every few hundred
#: milliseconds and each holds the UI thread for a quarter of a second at 10,000 contacts.
FULL_COLLECTION_EVERY = 1000


class NurtureApp(TypeAhead, App):
    CSS_PATH = "nurture.tcss"
    TITLE = "nurture"
    #: Each screen is marked -big-terminal from this many columns on (nurture.tcss gives the lists more room).
    HORIZONTAL_BREAKPOINTS = [(0, "-normal-terminal"), (140, "-big-terminal")]  # noqa: RUF012 (as Textual declares it)

    def __init__(
        self, service: Nurture, demo: bool = False, poll_interval: float = POLL, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__()
        self.service = service
        #: When the last key or click came (``time.time``, as Textual dates notices): the notices
        #: said before it go when it changes the screen (``screens/base.stale_notices_go``).
        self.input_at: float | None = None
        self.poll_interval = poll_interval
        #: Seconds, for meeting mode's countdown (tests pin it).
        self.clock = clock
        if demo:
            self.title = "nurture demo"

    def on_mount(self) -> None:
        theme = self.service.settings().theme
        if theme and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(DashboardScreen())

    async def action_quit(self) -> None:
        """q (ctrl+q): quit, after a sync when the ``sync-on-quit`` setting asks for one."""
        dashboard = next((s for s in self.screen_stack if isinstance(s, DashboardScreen)), None)
        if dashboard is None or not dashboard.sync_before_quitting():
            self.exit()

    def first_load_read(self) -> None:
        """Called by the dashboard's loading worker once its first load has read the data, which
        made most of the objects this process will ever hold. In a process of its own, move them
        out of the garbage collector's sight: otherwise its next passes scan them all, for
        nothing (they hold no cycles), and the first frame waits on it."""
        if self.owns_process:
            gc.freeze()
            gc.set_threshold(*gc.get_threshold()[:2], FULL_COLLECTION_EVERY)

    @property
    def owns_process(self) -> bool:
        """Whether nurture is the whole process (``run()`` says so), so it may change what holds
        process-wide: never in the tests, which run many apps in one process. One flag for the
        whole process (``nurture.domain.collector``), which the services read too."""
        return collector.owns_process()

    @owns_process.setter
    def owns_process(self, owned: bool) -> None:
        collector.own_process(owned)

    def collector_paused(self) -> AbstractContextManager[None]:
        """The first load, read with the garbage collector paused (in a process of its own): the
        contacts file's parsed records, hundreds of thousands of objects, are dropped as soon as
        they are decoded, and a collection in between (0.4 s at 30,000 contacts, holding the
        interpreter the UI needs) would only have scanned them; what is kept is frozen next."""
        return collector.collector_paused()

    def keys_waiting(self) -> bool:
        """Whether keys typed are still queued behind the one being handled: a burst, or a key
        held down faster than it is handled. They wait in ``TypeAhead``'s queue, or, not taken
        from the app's message queue yet, in that (the terminal's driver posts each key there:
        asyncio's ``Queue`` keeps its items in the deque ``_queue``)."""
        if self._typed:
            return True
        pending = getattr(self._message_queue, "_queue", ())
        return any(isinstance(message, (events.Key, events.Paste)) for message in pending)

    def get_driver_class(self):
        install_paste_safe_parser()  # a paste holding an ESC must not turn into keys
        return super().get_driver_class()

    def _remember_theme(self, theme) -> None:
        if theme.name != self.service.settings().theme:
            try:
                self.service.update_settings(theme=theme.name)
            except NurtureError as e:
                self.notify(str(e), severity="error", markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            self.input_at = time.time()  # notices said before this are about what came before
        if isinstance(event, (events.MouseDown, events.MouseMove)) and self._on_a_removed_widget(event):
            return  # it is gone from the screen already; the next frame shows what is there
        await super().on_event(event)

    def _on_a_removed_widget(self, event: events.MouseEvent) -> bool:
        """Whether the pointer is over a widget already removed but still on the last frame.

        A guard for a Textual bug (seen on textual 8.2.8): a click on a notification dismisses
        it (``Toast._expire`` removes it), but the compositor's map of the screen still holds the
        toast until the next redraw. A second press within that window (a fast double click,
        ~5-30 ms) reaches ``Screen._forward_event`` (textual/screen.py), whose MouseDown branch
        starts a text selection in ``content_widget.parent``, which is None for a removed widget:
        ``AttributeError: 'NoneType' object has no attribute 'region'`` and the app stops.
        Its MouseMove branch does the same while a selection is dragged. The same can happen
        with any widget removed under the pointer. The same traceback (textual/app.py on_event
        → screen._forward_event) is reported by other Textual apps: davep/rogallo#202 and
        agentscope-ai/QwenPaw#6008 (2026); no Textual issue or fix for it was found, and 8.2.8
        is the newest release, so there is no fixed version to pin. Remove this guard once
        Textual no longer takes the parent of a detached widget there: without it,
        tests/tui/test_dashboard.py's double-click test fails."""
        if event.is_forwarded or not self.screen_stack:
            return False
        widget, _ = self.screen.get_widget_and_offset_at(event.x, event.y)
        return widget is not None and not isinstance(widget, Screen) and widget.parent is None

    def _fatal_error(self) -> None:
        """On a crash, show where it happened but never the values in play: Textual's default
        report prints local variables, which here would be people's names and notes."""
        import rich
        from rich.console import Group
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        report = Group(
            Traceback(show_locals=False, width=None, suppress=[rich]),
            "nurture stopped on an unexpected error. Your data is safe: every save is atomic. "
            "The report above shows code locations only, no personal data.",
        )
        self._exit_renderables.append(Segments(self.console.render(report, self.console.options)))
        self._close_messages_no_wait()


def create_app(
    service: Nurture, demo: bool = False, poll_interval: float = POLL, clock: Callable[[], float] = time.time
) -> NurtureApp:
    """The one factory, for the command line and the tests alike."""
    return NurtureApp(service, demo=demo, poll_interval=poll_interval, clock=clock)


def run(service: Nurture, demo: bool = False, own_process: bool = True) -> int:
    """Run the dashboard; the exit status for the shell: 1 when it stopped on an unexpected
    error (Textual has then printed ``_fatal_error``'s report and set ``return_code``), else 0.
    ``own_process``: the dashboard is the whole process (the console script), so it may change
    what holds process-wide (the garbage collector); not when ``cli.main`` runs in a host."""
    app = create_app(service, demo=demo)
    app.owns_process = own_process
    app.run()
    return app.return_code or 0
