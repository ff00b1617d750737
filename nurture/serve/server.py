"""The dashboard in a browser and the queue in a calendar app, from one small web server.

textual-serve (Textualize's) does the browser part: its aiohttp application serves a page with
xterm.js and, for each WebSocket the page opens, runs the dashboard's command in a process of
its own, on the same data directory (the store's lock and the dashboard's live reload let it
run beside the shell and a terminal dashboard). What it lacks is access control; this module
adds it as one aiohttp middleware in front of every route (page, static files, downloads, the
WebSocket, the calendar):

- a secret token, made on the first serve and kept 0600 outside the data directory (in this
  machine's state directory: a data directory that syncs never carries it), is read again
  whenever its file changes, so ``nurture serve --new-token`` ends the old addresses of a
  server that is already running;
- the printed address carries a login ticket, not the token: random, kept in memory, good once
  and for ten minutes. The page swaps it for a cookie that holds the token (HttpOnly,
  SameSite=Strict, named after the port; Secure over TLS) and drops it from the address, so
  neither the browser's history nor ``ps`` (``--open``) ever shows the token;
- anything without the cookie gets 403 and no page;
- the WebSocket upgrade also needs the page's own Origin (a page elsewhere cannot drive it);
- ``/calendar.ics`` takes a token of its own in its query (calendar apps keep a URL, not a
  cookie): derived from the token, good for the feed and nothing else, so the address a
  calendar service stores reads the queue and cannot open the dashboard. The feed answers with
  the export's iCalendar, made again for each request in a thread, with an ETag over what it
  says (its DTSTAMP lines, which change every time, left out).
"""

from __future__ import annotations

import asyncio
import base64
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
import socket
import ssl
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from nurture.domain.errors import NurtureError

#: The token's file name: once kept in the data directory (moved out on the next serve).
TOKEN_FILE = "serve-token"
#: Where the tokens live, under this machine's state directory: one file per data directory.
TOKENS_DIR = "serve-tokens"
#: How long a browser keeps the cookie (rotating the token ends it sooner).
COOKIE_DAYS = 90
#: How long a printed address (its login ticket) can be opened, once.
TICKET_SECONDS = 600
#: Seconds the server waits for open sessions when stopping.
SHUTDOWN_SECONDS = 3.0
CALENDAR_PATH = "/calendar.ics"
TEMPLATES = Path(__file__).resolve().parent
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,128}")
_DTSTAMP = re.compile(rb"^DTSTAMP[:;].*\r?\n", re.MULTILINE)
_WILDCARDS = ("0.0.0.0", "::", "[::]", "")
_FORBIDDEN = (
    "403 Forbidden: open the address `nurture serve` printed (it works once, within ten minutes; "
    "press Enter where `nurture serve` runs for a new one), or `nurture serve --new-token` to make a new token.\n"
)
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _script_hashes() -> str:
    """The page's own inline script, allowed by its hash (and no other inline script)."""
    page = (TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
        for m in _SCRIPT.finditer(page)
    )


#: Said with every answer to a browser: nothing from anywhere else, no framing, no sniffing, no
#: referrer, no caching.
_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        f"default-src 'self'; script-src 'self' {_script_hashes()}; connect-src 'self'; "
        "img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class CannotListen(NurtureError):
    """The address or port cannot be listened on (in use, not this machine's, not allowed)."""


def token_path(state_dir: Path, data_dir: Path) -> Path:
    """The token file for ``data_dir``: in this machine's state directory, never in the data
    directory (a folder that syncs would carry it to every device and service it syncs with)."""
    key = hashlib.sha256(str(data_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return state_dir / TOKENS_DIR / key


def load_token(path: Path, *, new: bool = False, legacy_dir: Path | None = None) -> str:
    """The serve token kept at ``path`` (made when there is none, or ``new``), readable only by
    you, in a directory only you can enter. A token an older nurture kept in ``legacy_dir`` (the
    data directory) is moved here (kept when there is none here yet, removed there in any case)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.parent.stat().st_mode & 0o777 != 0o700:
        os.chmod(path.parent, 0o700)
    if legacy_dir is not None:
        _move_legacy(legacy_dir / TOKEN_FILE, path)
    if not new:
        token = _read_token(path)
        if token is not None:
            if path.stat().st_mode & 0o777 != 0o600:
                os.chmod(path, 0o600)
            return token
    token = secrets.token_urlsafe(32)
    _write_token(path, token)
    return token


def _read_token(path: Path) -> str | None:
    try:
        if path.is_symlink() or not path.is_file():
            return None
        token = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return token if _TOKEN_SHAPE.fullmatch(token) else None


def _write_token(path: Path, token: str) -> None:
    tmp = path.parent / f".{path.name}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, f"{token}\n".encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def _move_legacy(old: Path, path: Path) -> None:
    if not (old.exists() or old.is_symlink()):
        return
    token = _read_token(old)
    if token is not None and _read_token(path) is None:
        _write_token(path, token)  # the addresses already handed out keep working
    with contextlib.suppress(OSError):
        old.unlink()


def feed_token(token: str) -> str:
    """The calendar feed's own token: made from the dashboard's, opens the feed and nothing else
    (a new dashboard token makes a new one)."""
    return hmac.new(token.encode("ascii"), b"nurture calendar feed", hashlib.sha256).hexdigest()


class TokenFile:
    """The token as the file says now: its file looked at (one ``stat``) on each request and read
    again when it changed; a file gone or damaged opens nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int, int] | None = None
        self._token: str | None = None
        self._lock = threading.Lock()

    def current(self) -> str | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        seen = (st.st_mtime_ns, st.st_ino, st.st_size)
        with self._lock:
            if seen != self._seen:
                self._token, self._seen = _read_token(self.path), seen
            return self._token

    def rotate(self) -> str:
        token = load_token(self.path, new=True)
        self._seen = None
        return token


def served_command(data_dir: Path, as_of: str | None = None) -> str:
    """The shell command textual-serve runs for each browser session: this Python, this
    nurture, the same data directory (and day, when pinned). Its error output goes nowhere:
    textual-serve would copy it to the server's output, and a traceback can carry your data."""
    argv = [sys.executable, "-m", "nurture", "--data-dir", str(data_dir.absolute())]
    if as_of:
        argv += ["--as-of", as_of]
    return f"{shlex.join(argv)} 2>{os.devnull}"


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def is_wildcard(host: str) -> bool:
    return host in _WILDCARDS


def cookie_name(port: int) -> str:
    """The cookie's name: one per port, so two servers on one machine (two data directories)
    never overwrite each other's (browsers keep cookies per host, whatever the port)."""
    return f"nurture_{port}"


def machine_addresses() -> list[str]:
    """This machine's addresses other machines can reach (for a wildcard --host)."""
    found: list[str] = []
    with contextlib.suppress(OSError):
        for *_, sockaddr in socket.getaddrinfo(socket.gethostname(), None, proto=socket.IPPROTO_TCP):
            address = str(sockaddr[0])
            if not is_loopback(address) and not address.startswith("fe80") and address not in found:
                found.append(address)
    # The address of the default route (a UDP "connect" sends nothing).
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))
        address = s.getsockname()[0]
        if not is_loopback(address) and address not in found:
            found.insert(0, address)
    return found


def calendar_etag(body: bytes) -> str:
    """What the feed says, as an ETag: the same queue gives the same tag whenever it is made."""
    return '"' + hashlib.sha256(_DTSTAMP.sub(b"", body)).hexdigest()[:32] + '"'


class NurtureServer(Server):
    """textual-serve's server with nurture's token, login tickets, Origin check and calendar feed."""

    def __init__(
        self,
        command: str,
        *,
        token_file: Path,
        calendar: Callable[[], bytes],
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        rotate: bool = False,
        out: TextIO | None = None,
    ) -> None:
        scheme = "https" if ssl_context is not None else "http"
        shown = host
        if is_wildcard(host):
            shown = next(iter(machine_addresses()), "127.0.0.1")
        netloc = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
        url = (public_url or f"{scheme}://{netloc}:{port}").rstrip("/")
        super().__init__(command, host=host, port=port, title="nurture", public_url=url, templates_path=TEMPLATES)
        self.tokens = TokenFile(token_file)
        self.rotate = rotate
        self.calendar = calendar
        self.ssl_context = ssl_context
        self.out = out or sys.stdout
        self.cookie = cookie_name(port)
        #: Given: the address browsers use (a proxy's); else each page's own address is its request's.
        self.fixed_url = public_url.rstrip("/") if public_url else None
        self.secure = url.startswith("https:")
        self._tickets: dict[str, float] = {}  # login ticket → when it stops working (monotonic)
        self._calendar_lock = threading.Lock()  # one calendar made at a time: one reader of the store
        self._sessions: set[asyncio.Task] = set()

    # --- the addresses it prints -------------------------------------------------------------

    def new_ticket(self) -> str:
        now = time.monotonic()
        self._tickets = {t: until for t, until in self._tickets.items() if until > now}
        ticket = secrets.token_urlsafe(24)
        self._tickets[ticket] = now + TICKET_SECONDS
        return ticket

    def login_url(self, base: str | None = None) -> str:
        """An address that opens the dashboard once, within ten minutes."""
        return f"{base or self.public_url}/?ticket={self.new_ticket()}"

    @property
    def feed_url(self) -> str:
        return f"{self.public_url}{CALENDAR_PATH}?token={feed_token(self.tokens.current() or '')}"

    # --- the application -------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        app.router.add_get(CALENDAR_PATH, self.handle_calendar, name="calendar")
        app.on_shutdown.append(self._end_sessions)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """(textual-serve prints its logo here; ``run`` says what to open instead.)"""

    def _base(self, request: web.Request) -> str:
        """The address this page was asked for (``localhost`` or ``127.0.0.1``, the tablet's
        ``192.168.…``), unless --public-url names the proxy's."""
        return self.fixed_url or _origin(f"{request.scheme}://{request.host}")

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """textual-serve's page, its files and WebSocket at the address the browser used."""
        base = self._base(request)
        ws = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1]
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws}{request.app.router['websocket'].url_for()}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }

    @staticmethod
    def _same(given: str | None, secret: str | None) -> bool:
        return (
            given is not None
            and secret is not None
            and hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode("ascii"))
        )

    def _take_ticket(self, given: str) -> bool:
        until = self._tickets.pop(given, None) if len(given) < 100 else None
        return until is not None and until > time.monotonic()

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        token = self.tokens.current()
        given = request.query.get("token")
        ticket = request.query.get("ticket")
        signed_in = self._same(request.cookies.get(self.cookie), token)
        if request.path == CALENDAR_PATH:
            # The feed's own token (never the dashboard's) in the address, or the browser's cookie.
            if ticket is None and (
                self._same(given, feed_token(token) if token else None) or (given is None and signed_in)
            ):
                return await handler(request)
            return _forbidden()
        if ticket is not None or given is not None:
            if request.path != "/" or token is None:
                return _forbidden()
            fresh = self._take_ticket(ticket) if ticket is not None else self._same(given, token)
            if not (fresh or signed_in):  # a used ticket, opened again in the browser it signed in
                return _forbidden()
            # The ticket leaves the address bar (and the history) at once; the cookie holds the token.
            rest = {k: v for k, v in request.query.items() if k not in ("token", "ticket")}
            response = web.Response(status=303, headers={"Location": str(request.rel_url.with_query(rest)), **_HEADERS})
            if fresh:
                response.set_cookie(
                    self.cookie,
                    token,
                    path="/",
                    httponly=True,
                    samesite="Strict",
                    secure=self.secure,
                    max_age=COOKIE_DAYS * 86400,
                )
            return response
        if not signed_in:
            return _forbidden()
        if request.path == "/ws":
            if (request.headers.get("Origin") or "").lower() != self._base(request).lower():
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
        loop = asyncio.get_running_loop()
        reading = False
        try:
            site = web.TCPSite(runner, self.host, self.port, ssl_context=self.ssl_context)
            try:
                await site.start()
            except OSError as e:
                raise CannotListen(_why_not(self.host, self.port, e)) from None
            if self.rotate:  # only now: a port that cannot be had leaves the token as it was
                self.tokens.rotate()
            stop = asyncio.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):  # (Windows; not the main thread)
                    loop.add_signal_handler(sig, stop.set)
            self._say_started()
            reading = self._read_enter(loop)
            if ready is not None:
                ready()
            if open_browser:
                import webbrowser

                loop.run_in_executor(None, webbrowser.open, self.login_url())
            await stop.wait()
            print("Stopping: closing the browser sessions…", file=self.out, flush=True)
        finally:
            if reading:
                loop.remove_reader(sys.stdin.fileno())
            await runner.cleanup()
        print("Stopped.", file=self.out, flush=True)

    def _read_enter(self, loop: asyncio.AbstractEventLoop) -> bool:
        """Enter pressed in the terminal: a new address to open (its ticket fresh)."""
        try:
            if not sys.stdin.isatty():
                return False
            fd = sys.stdin.fileno()
        except (AttributeError, OSError, ValueError):
            return False

        def pressed() -> None:
            try:
                line = os.read(fd, 1024)
            except OSError:
                line = b""
            if not line:
                loop.remove_reader(fd)
                return
            print(f"Open once, within ten minutes: {self.login_url()}", file=self.out, flush=True)

        try:
            loop.add_reader(fd, pressed)
        except (NotImplementedError, OSError, ValueError):
            return False
        return True

    def _say_started(self) -> None:
        lines = [
            f"nurture serve: the dashboard is at {self.login_url()}",
            f"Calendar feed (subscribe to it in your calendar app): {self.feed_url}",
        ]
        if is_wildcard(self.host) and not self.fixed_url:
            scheme = "https" if self.ssl_context else "http"
            addresses = machine_addresses()
            lines += [f"  or at this machine's other address: {self.login_url(f'{scheme}://{_netloc(a)}:{self.port}')}"
                      for a in addresses[1:]]  # fmt: skip
            if not addresses:
                lines.append(f"  (from another device: http://<this machine's address>:{self.port}/?ticket=… )")
        lines += [
            "The dashboard's address works once, within ten minutes; the browser then keeps a cookie. "
            "Press Enter here for another address (another browser, another device).",
            "The feed's address only reads the calendar; keep both to yourself.",
            "Press Ctrl+C to stop.",
        ]
        print("\n".join(lines), file=self.out, flush=True)


def _netloc(address: str) -> str:
    return f"[{address}]" if ":" in address else address


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
