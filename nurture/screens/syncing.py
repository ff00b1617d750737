"""Syncing from the dashboard (``services/sync.py``): *Sync now*, sync-on-start and, with the
``sync-on-quit`` setting, the sync before quitting (``SyncBeforeQuit``).

A sync runs git, which goes over the network: it runs in a thread of its own, never on the UI
thread, with git told never to ask anything (``sync(batch=True)``: a remote that wants a
password fails at once, with git's message, instead of waiting for an answer nobody sees). The
thread is a daemon: quitting never waits for a sync (every write it makes is atomic, and what it
had not pushed is pushed by the next sync)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from nurture.domain.errors import NurtureError
from nurture.screens.base import NurtureModal
from nurture.services.sync import Synced
from nurture.widgets.screen_text import screen_text

if TYPE_CHECKING:
    from nurture.services import Nurture


def start_sync(
    app: App, service: Nurture, done: Callable[[list[str]], None], failed: Callable[[NurtureError], None]
) -> threading.Thread:
    """Sync in a daemon thread; then ``done(what it did, in lines: outcome_lines)`` or
    ``failed(why not)`` on the UI thread (unless the app has stopped meanwhile). Call on the UI
    thread."""

    def run() -> None:
        outcome: tuple[Callable, object]
        try:
            outcome = done, outcome_lines(service.sync.sync(batch=True), partial(_name, service))
        except NurtureError as e:
            outcome = failed, e
        except Exception as e:  # never a traceback over the dashboard: said as a failed sync
            outcome = (
                failed,
                NurtureError(f"sync stopped on an unexpected error ({type(e).__name__}); nothing was lost"),
            )
        with suppress(Exception):  # the app has quit meanwhile: nobody to tell
            app.call_from_thread(*outcome)

    thread = threading.Thread(target=run, name="nurture sync", daemon=True)
    thread.start()
    return thread


def _name(service: Nurture, contact_id: str) -> str:
    contact = service.context.repo.contact(contact_id) if contact_id else None
    return contact.name if contact is not None else ""


def outcome_lines(done: Synced, name: Callable[[str], str]) -> list[str]:
    """What a sync did, for its notification: what the merge changed here, each conflict (whose
    record, by ``name(contact id)``), and whether it pushed."""
    lines = [line for line in done.summary if not line.startswith("nothing to merge")]
    if not lines:
        lines = ["Nothing new from your other machines."]
    lines += [f"Conflict: {c.describe(name(c.contact_id))}" for c in done.conflicts]
    retried = f" (after {done.retries} {'retry' if done.retries == 1 else 'retries'})" if done.retries else ""
    lines.append(("Pushed your changes" if done.pushed else "Nothing to push") + retried + ".")
    return lines


class SyncBeforeQuit(NurtureModal[None]):
    """ "Syncing before quitting… (esc to skip)": quits once the sync is done (or skipped); a sync
    that fails quits too, saying why on the terminal."""

    DEFAULT_CSS = """
    SyncBeforeQuit { align: center middle; }
    SyncBeforeQuit > #syncing {
        width: 50; max-width: 100%; height: auto;
        background: $panel; border: thick $accent; padding: 1 2;
    }
    """
    BINDINGS = [Binding("escape", "skip", "Skip")]

    def compose(self):
        with Vertical(id="syncing"):
            yield Static(
                Content.assemble(("Syncing before quitting…", "bold"), ("  (esc to skip)", "$text-muted")),
                id="syncing-text",
            )

    def on_mount(self) -> None:
        start_sync(self.app, self.service, self._done, self._failed)

    def _done(self, _: list[str]) -> None:
        self.app.exit()

    def _failed(self, error: NurtureError) -> None:
        said = screen_text(f"nurture: not synced before quitting: {error}", keep_newlines=True)
        self.app.exit(message=Text(said))

    def action_skip(self) -> None:
        self.app.exit()
