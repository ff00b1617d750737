"""The dashboard in a browser and the queue in a calendar app, from one small web server.

textual-serve (Textualize's) does the browser part: its aiohttp application serves a page with
xterm.js and, for each WebSocket the page opens, runs the dashboard's command in a process of
its own, on the same data directory (the store's lock and the dashboard's live reload let it
run beside the shell and a terminal dashboard). What it lacks is access control; this module
adds it as one aiohttp middleware in front of every route (page, static files, downloads, the
WebSocket, the calendar):

- a secret token, made on the first serve and kept 0600 in the data directory, is given once in
  the printed URL; the page answers with a redirect that drops it from the address and sets it
  as a cookie (HttpOnly, SameSite=Strict, Path=/; Secure over TLS);
- anything without the token gets 403 and no page;
- the WebSocket upgrade also needs the page's own Origin (a page elsewhere cannot drive it);
- ``/calendar.ics`` takes the token in its query as well (calendar apps keep a URL, not a
  cookie) and answers with the export's iCalendar, made again for each request in a thread,
  with an ETag over what it says (its DTSTAMP lines, which change every time, left out).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import hmac
import ipaddress
import os
import re
import secrets
import shlex
import signal
import ssl
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from aiohttp import web
from textual_serve.server import Server

from nurture.domain.errors import NurtureError

#: The token's file in the data directory (kept out of sync: never leaves this machine).
TOKEN_FILE = "serve-token"
#: The cookie that holds the token once the page has been opened with it.
COOKIE = "nurture_token"
#: How long a browser keeps the cookie (rotating the token ends it sooner).
COOKIE_DAYS = 90
#: Seconds the server waits for open sessions when stopping.
SHUTDOWN_SECONDS = 3.0
CALENDAR_PATH = "/calendar.ics"
TEMPLATES = Path(__file__).resolve().parent
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,128}")
_DTSTAMP = re.compile(rb"^DTSTAMP[:;].*\r?\n", re.MULTILINE)
_FORBIDDEN = (
    "403 Forbidden: open the address `nurture serve` printed (it carries the token), "
    "or `nurture serve --new-token` to make a new one.\n"
)
#: Said with every answer to a browser: no framing, no sniffing, no referrer, no caching.
_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class CannotListen(NurtureError):
    """The address or port cannot be listened on (in use, not this machine's, not allowed)."""


def load_token(data_dir: Path, *, new: bool = False) -> str:
    """The serve token kept in ``data_dir`` (made when there is none, or ``new``), readable only
    by you. A data directory that syncs through git keeps it out of git."""
    path = data_dir / TOKEN_FILE
    if not new and path.is_file() and not path.is_symlink():
        token = path.read_text(encoding="ascii", errors="replace").strip()
        if _TOKEN_SHAPE.fullmatch(token):
            if path.stat().st_mode & 0o777 != 0o600:
                os.chmod(path, 0o600)
            _keep_out_of_git(data_dir)
            return token
    token = secrets.token_urlsafe(32)
    tmp = data_dir / f".{TOKEN_FILE}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, f"{token}\n".encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    _keep_out_of_git(data_dir)
    return token


def _keep_out_of_git(data_dir: Path) -> None:
    """A data directory made a git work tree before the token existed has a ``.gitignore``
    without it: git's own exclude file, which never syncs, keeps it out there."""
    info = data_dir / ".git" / "info"
    if not info.is_dir():
        return
    exclude = info / "exclude"
    try:
        lines = exclude.read_text(encoding="utf-8").splitlines() if exclude.exists() else []
        if TOKEN_FILE not in lines and f"/{TOKEN_FILE}" not in lines:
            with exclude.open("a", encoding="utf-8") as f:
                f.write(("\n" if lines and lines[-1] else "") + f"{TOKEN_FILE}\n")
    except OSError:
        pass  # the .gitignore written by `nurture sync` names it too


def served_command(data_dir: Path, as_of: str | None = None) -> str:
    """The shell command textual-serve runs for each browser session: this Python, this
    nurture, the same data directory (and day, when pinned)."""
    argv = [sys.executable, "-m", "nurture", "--data-dir", str(data_dir.absolute())]
    if as_of:
        argv += ["--as-of", as_of]
    return shlex.join(argv)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def calendar_etag(body: bytes) -> str:
    """What the feed says, as an ETag: the same queue gives the same tag whenever it is made."""
    return '"' + hashlib.sha256(_DTSTAMP.sub(b"", body)).hexdigest()[:32] + '"'


class NurtureServer(Server):
    """textual-serve's server with nurture's token, Origin check and calendar feed."""

    def __init__(
        self,
        command: str,
        *,
        token: str,
        calendar: Callable[[], bytes],
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        out: TextIO | None = None,
    ) -> None:
        scheme = "https" if ssl_context is not None else "http"
        netloc = f"[{host}]" if ":" in host and not host.startswith("[") else host
        url = (public_url or f"{scheme}://{netloc}:{port}").rstrip("/")
        super().__init__(command, host=host, port=port, title="nurture", public_url=url, templates_path=TEMPLATES)
        self.token = token
        self.calendar = calendar
        self.ssl_context = ssl_context
        self.out = out or sys.stdout
        #: The one Origin a WebSocket may come from: the page's own.
        self.origin = _origin(url)
        self.secure = url.startswith("https:")
        self._calendar_lock = threading.Lock()  # one calendar made at a time: one reader of the store
        self._sessions: set[asyncio.Task] = set()

    # --- the addresses it prints -------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"{self.public_url}/?token={self.token}"

    @property
    def feed_url(self) -> str:
        return f"{self.public_url}{CALENDAR_PATH}?token={self.token}"

    # --- the application -------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        app.router.add_get(CALENDAR_PATH, self.handle_calendar, name="calendar")
        app.on_shutdown.append(self._end_sessions)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """(textual-serve prints its logo here; ``run`` says what to open instead.)"""

    def _allowed(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode())

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        given = request.query.get("token")
        cookie = request.cookies.get(COOKIE)
        if request.path == CALENDAR_PATH:
            if self._allowed(given) or (given is None and self._allowed(cookie)):
                return await handler(request)
            return _forbidden()
        if given is not None:
            if request.path != "/" or not self._allowed(given):
                return _forbidden()
            # The token leaves the address bar (and the history) at once; the cookie holds it.
            rest = {k: v for k, v in request.query.items() if k != "token"}
            response = web.Response(status=303, headers={"Location": str(request.rel_url.with_query(rest)), **_HEADERS})
            response.set_cookie(
                COOKIE,
                self.token,
                path="/",
                httponly=True,
                samesite="Strict",
                secure=self.secure,
                max_age=COOKIE_DAYS * 86400,
            )
            return response
        if not self._allowed(cookie):
            return _forbidden()
        if request.path == "/ws":
            if request.headers.get("Origin") != self.origin:
                return _forbidden()
            task = asyncio.current_task()
            if task is not None:
                self._sessions.add(task)
                task.add_done_callback(self._sessions.discard)
        answer = await handler(request)
        if not answer.prepared:
            for name, value in _HEADERS.items():
                answer.headers.setdefault(name, value)
        return answer

    async def _end_sessions(self, app: web.Application) -> None:
        """Each open browser session's dashboard is told to quit (textual-serve's own clean-up
        on a cancelled session), so stopping never waits for the tabs to close."""
        for task in list(self._sessions):
            task.cancel()

    async def handle_calendar(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await asyncio.to_thread(self._make_calendar)
        except NurtureError as e:
            return web.Response(status=503, text=f"nurture could not read the data: {e}\n")
        tag = calendar_etag(body)
        headers = {"ETag": tag, "Cache-Control": "private, no-cache", "Referrer-Policy": "no-referrer"}
        wanted = request.headers.get("If-None-Match", "")
        if wanted.strip() == "*" or tag in (t.strip().removeprefix("W/") for t in wanted.split(",")):
            return web.Response(status=304, headers=headers)
        headers["Content-Disposition"] = 'inline; filename="nurture.ics"'
        return web.Response(body=body, content_type="text/calendar", charset="utf-8", headers=headers)

    def _make_calendar(self) -> bytes:
        with self._calendar_lock:
            return self.calendar()

    # --- running ---------------------------------------------------------------------------

    def run(self, *, open_browser: bool = False, ready: Callable[[], None] | None = None) -> None:
        """Serve until Ctrl+C (or SIGTERM). ``CannotListen`` when the port cannot be had."""
        asyncio.run(self._main(open_browser, ready))

    async def _main(self, open_browser: bool, ready: Callable[[], None] | None) -> None:
        app = await self._make_app()
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_SECONDS)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port, ssl_context=self.ssl_context)
            try:
                await site.start()
            except OSError as e:
                raise CannotListen(_why_not(self.host, self.port, e)) from None
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):  # (Windows; not the main thread)
                    loop.add_signal_handler(sig, stop.set)
            self._say_started()
            if ready is not None:
                ready()
            if open_browser:
                import webbrowser

                loop.run_in_executor(None, webbrowser.open, self.url)
            await stop.wait()
            print("Stopping: closing the browser sessions…", file=self.out, flush=True)
        finally:
            await runner.cleanup()
        print("Stopped.", file=self.out, flush=True)

    def _say_started(self) -> None:
        lines = [
            f"nurture serve: the dashboard is at {self.url}",
            f"Calendar feed (subscribe to it in your calendar app): {self.feed_url}",
            "Open the first address once in your browser; it keeps the token in a cookie. Anyone with "
            "either address can see your data: keep them to yourself.",
            "Press Ctrl+C to stop.",
        ]
        print("\n".join(lines), file=self.out, flush=True)


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    netloc = rest.split("/", 1)[0]
    default = {"http": ":80", "https": ":443"}.get(scheme)
    if default and netloc.endswith(default):
        netloc = netloc[: -len(default)]
    return f"{scheme}://{netloc}"


def _forbidden() -> web.Response:
    return web.Response(status=403, text=_FORBIDDEN, headers=_HEADERS)


def _why_not(host: str, port: int, e: OSError) -> str:
    if e.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is in use (another program, or another `nurture serve`). "
            "Choose another with --port N."
        )
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"not allowed to listen on port {port} (below 1024 needs privileges). Choose another with --port N."
    if e.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine. Give one of its own with --host."
    return f"cannot listen on {host}:{port}: {e.strerror or e}"
