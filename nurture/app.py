"""The Textual app: holds the services and the clock, applies the remembered theme, shows the
dashboard. Everything else lives in screens/ and widgets/."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen

from nurture.domain.errors import NurtureError
from nurture.screens.dashboard import DashboardScreen
from nurture.services import Nurture


class NurtureApp(App):
    CSS_PATH = "nurture.tcss"
    TITLE = "nurture"

    def __init__(self, service: Nurture, demo: bool = False, poll_interval: float = 1.0,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.service = service
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

    def _remember_theme(self, theme) -> None:
        if theme.name != self.service.settings().theme:
            try:
                self.service.update_settings(theme=theme.name)
            except NurtureError as e:
                self.notify(str(e), severity="error", markup=False)

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

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, DashboardScreen):
            yield SystemCommand("Help: every key", "Every key and the method", screen.action_help)


def create_app(service: Nurture, demo: bool = False, poll_interval: float = 1.0,
               clock: Callable[[], float] = time.time) -> NurtureApp:
    """The one factory, for the command line and the tests alike."""
    return NurtureApp(service, demo=demo, poll_interval=poll_interval, clock=clock)


def run(service: Nurture, demo: bool = False) -> int:
    create_app(service, demo=demo).run()
    return 0
