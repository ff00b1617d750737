"""``nurture serve``: the token in front of everything, login tickets, the WebSocket's Origin,
the calendar feed and its own token. A real ``nurture serve`` process on loopback, on a port the
test picked, on the demo data, its token kept in a state directory of the test's own."""

from __future__ import annotations

import asyncio
import os
import pty
import queue
import socket
import stat
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import aiohttp
import icalendar
import pytest

from bench.browser import free_port, serving
from nurture.demo import seed_demo
from nurture.serve import TOKEN_FILE, cookie_name, feed_token, is_loopback, load_token, served_command, token_path
from nurture.store import Repository
from tests.guard import allow_loopback, guarded_env

TODAY = date(2026, 11, 23)
AS_OF = ("--as-of", TODAY.isoformat())


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """These tests talk to the server they started, on loopback; anything else still fails."""
    allow_loopback(monkeypatch)


def demo_dir(where: Path) -> Path:
    data = where / "data"
    seed_demo(Repository(data).open(), TODAY)
    return data


def state_env(where: Path) -> dict[str, str]:
    return guarded_env(XDG_STATE_HOME=str(where / "state"))


def token_of(data: Path) -> str:
    """The token as its file holds it (in the test's state directory, beside the data)."""
    return token_path(data.parent / "state" / "nurture", data).read_text().strip()


def port_of(served) -> int:
    return int(served.base.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = demo_dir(tmp_path_factory.mktemp("serve"))
    with serving(data, free_port(), *AS_OF, env=state_env(data.parent)) as served:
        served.data = data  # type: ignore[attr-defined]
        served.token = token_of(data)  # type: ignore[attr-defined]
        served.cookie = cookie_name(port_of(served))  # type: ignore[attr-defined]
        yield served


class Answer:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> Answer:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as r:
            return Answer(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Answer(e.code, e.headers, e.read())


def cookie(server, value: str | None = None) -> dict[str, str]:
    return {"Cookie": f"{server.cookie}={value or server.token}"}


def websocket(server, headers: dict[str, str]) -> tuple[int, bytes]:
    """The upgrade's status, and (when it succeeded) what the dashboard sent in its first seconds."""

    async def go() -> tuple[int, bytes]:
        async with aiohttp.ClientSession() as session:
            try:
                ws = await session.ws_connect(f"{server.base}/ws?width=120&height=40", headers=headers)
            except aiohttp.WSServerHandshakeError as e:
                return e.status, b""
            got = b""
            try:
                async with asyncio.timeout(30):
                    while b"Noah Petersen" not in got:
                        message = await ws.receive()
                        if message.type == aiohttp.WSMsgType.BINARY:
                            got += message.data
                        elif message.type != aiohttp.WSMsgType.TEXT:
                            break
            except TimeoutError:
                pass
            await ws.close()
            return 101, got

    return asyncio.run(go())


# --- the token -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/static/js/textual.js", "/calendar.ics", "/download/x", "/nothing"])
def test_without_the_token_everything_is_forbidden_and_shows_nothing(server, path):
    r = fetch(server.base + path)
    assert r.status == 403
    assert b"<html" not in r.body and b"BEGIN:VCALENDAR" not in r.body
    assert b"nurture serve" in r.body  # says what to do


@pytest.mark.parametrize("path", ["/?token=wrong", "/calendar.ics?token=wrong", "/static/css/xterm.css?token=wrong"])
def test_a_wrong_token_is_forbidden(server, path):
    assert fetch(server.base + path).status == 403


def test_a_wrong_cookie_is_forbidden(server):
    assert fetch(server.base + "/", headers=cookie(server, "guess")).status == 403


def test_the_printed_ticket_becomes_a_strict_cookie_named_for_the_port_and_leaves_the_address(server):
    assert "ticket=" in server.url and server.token not in server.url  # the token itself is never printed
    r = fetch(server.url)
    assert r.status == 303
    assert r.headers["Location"] == "/"  # the ticket is gone from the address bar
    set_cookie = r.headers["Set-Cookie"]
    assert set_cookie.startswith(f"nurture_{port_of(server)}={server.token};")  # another port's never clashes
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in set_cookie.split(";")[1:]}
    assert "httponly" in flags
    assert flags["samesite"] == "SameSite=Strict"
    assert flags["path"] == "Path=/"
    assert "secure" not in flags  # plain http on loopback: a Secure cookie would never come back


def test_the_printed_address_works_once_and_then_only_in_the_browser_it_signed_in(server):
    fetch(server.url)  # (opened once, whichever test ran first)
    again = fetch(server.url)
    assert again.status == 403 and b"<html" not in again.body
    same_browser = fetch(server.url, headers=cookie(server))
    assert same_browser.status == 303 and "Set-Cookie" not in same_browser.headers
    assert fetch(f"{server.base}/?ticket=made-up").status == 403


def test_the_redirect_keeps_the_other_parameters(server):
    r = fetch(f"{server.base}/?token={server.token}&fontsize=20")
    assert r.status == 303 and r.headers["Location"] == "/?fontsize=20"


def test_with_the_cookie_the_page_and_its_files_are_served(server):
    page = fetch(server.base + "/", headers=cookie(server))
    assert page.status == 200
    assert b"textual-terminal" in page.body and b"<title>nurture</title>" in page.body
    assert b"googleapis" not in page.body  # the page asks nothing of anyone else
    assert page.headers["X-Frame-Options"] == "DENY"
    policy = dict(part.strip().split(" ", 1) for part in page.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"]  # only the page's own script, by its hash
    script = fetch(server.base + "/static/js/textual.js", headers=cookie(server))
    assert script.status == 200 and len(script.body) > 100_000


# --- the WebSocket -------------------------------------------------------------------------


def test_the_websocket_needs_the_token(server):
    status, _ = websocket(server, {"Origin": server.base})
    assert status == 403


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:1", None])
def test_the_websocket_needs_the_pages_own_origin(server, origin):
    headers = cookie(server) | ({"Origin": origin} if origin else {})
    status, _ = websocket(server, headers)
    assert status == 403


def test_the_websocket_runs_the_dashboard_on_the_same_data(server):
    status, got = websocket(server, cookie(server) | {"Origin": server.base})
    assert status == 101
    assert b"Noah Petersen" in got  # the demo's first overdue contact, drawn for the browser


# --- the calendar feed ---------------------------------------------------------------------


def events(body: bytes) -> dict[str, str]:
    """The feed's events: UID → summary."""
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def exported(data: Path) -> bytes:
    r = subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(data), "export", "--format", "ics", *AS_OF],
        capture_output=True,
        env=guarded_env(),
        check=True,
    )
    return r.stdout


def test_the_feed_is_the_exports_calendar(server):
    r = fetch(server.feed)
    assert r.status == 200
    assert r.headers["Content-Type"] == "text/calendar; charset=utf-8"
    feed = events(r.body)
    assert "touch-base: Noah Petersen" in feed.values()
    assert feed == events(exported(server.data))  # the same events as `nurture export --format ics`


def test_the_feed_takes_the_cookie_too(server):
    r = fetch(server.base + "/calendar.ics", headers=cookie(server))
    assert r.status == 200 and b"BEGIN:VCALENDAR" in r.body


def test_the_feed_answers_not_modified_while_the_queue_stays_the_same(server):
    first = fetch(server.feed)
    tag = first.headers["ETag"]
    again = fetch(server.feed, headers={"If-None-Match": tag})
    assert again.status == 304 and again.body == b"" and again.headers["ETag"] == tag
    assert fetch(server.feed, headers={"If-None-Match": '"other"'}).status == 200


def test_head_says_what_get_would_without_the_body(server):
    head = fetch(server.feed, method="HEAD")
    get = fetch(server.feed)
    assert head.status == 200 and head.body == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Type"] == get.headers["Content-Type"]


def test_the_feed_follows_the_data_live(server):
    before = fetch(server.feed)
    assert "touch-base: Rafael Souza" in events(before.body).values()
    subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(server.data), "snooze", "Rafael Souza", "--until",
         "2027-06-01", *AS_OF],
        capture_output=True, env=guarded_env(), check=True,
    )  # fmt: skip
    after = fetch(server.feed, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200  # changed: the tag no longer matches
    assert "touch-base: Rafael Souza" not in events(after.body).values()
    assert "touch-base: Noah Petersen" in events(after.body).values()


# --- starting and stopping -----------------------------------------------------------------


def test_a_port_in_use_is_said_and_exits_2(tmp_path):
    data = tmp_path / "data"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = subprocess.run(
            [sys.executable, "-m", "nurture", "--data-dir", str(data), "serve", "--port", str(port)],
            capture_output=True, text=True, env=guarded_env(), timeout=60,
        )  # fmt: skip
    assert r.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use" in r.stderr and "--port" in r.stderr
    assert "Traceback" not in r.stderr


def test_start_up_says_where_and_how_to_stop_and_ctrl_c_stops_it(tmp_path):
    data = demo_dir(tmp_path)
    with serving(data, free_port(), env=state_env(tmp_path)) as served:
        assert served.url.startswith("http://127.0.0.1:") and "/?ticket=" in served.url
        assert "/calendar.ics?token=" in served.feed
        served.proc.send_signal(2)  # Ctrl+C
        assert served.proc.wait(timeout=20) == 0
        assert served.proc.stdout is not None
        assert "Stopped." in served.proc.stdout.read()
    assert not (data / TOKEN_FILE).exists()  # the token is not in the data directory (it syncs)


def test_enter_in_the_terminal_prints_a_new_address_that_opens_once(tmp_path):
    data = demo_dir(tmp_path)
    port = free_port()
    keyboard, terminal = pty.openpty()
    argv = [sys.executable, "-m", "nurture", "--data-dir", str(data), "serve", "--port", str(port), *AS_OF]
    proc = subprocess.Popen(argv, stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=state_env(tmp_path), text=True)  # fmt: skip
    assert proc.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
    try:
        said = ""
        while "Ctrl+C" not in said:
            said += lines.get(timeout=60)
        first = said.split("dashboard is at ", 1)[1].split()[0]
        os.write(keyboard, b"\n")
        line = lines.get(timeout=30)
        assert "Open once, within ten minutes: " in line
        second = line.rsplit(" ", 1)[1].strip()
        assert second != first and "?ticket=" in second
        assert fetch(second).status == 303
        assert fetch(second).status == 403  # once
        assert fetch(first).status == 303  # the first is its own
    finally:
        proc.send_signal(2)
        proc.wait(timeout=20)
        os.close(keyboard)
        os.close(terminal)


# --- the feed's own token ------------------------------------------------------------------


def test_the_feed_has_its_own_token_that_opens_nothing_else(server):
    given = server.feed.split("token=", 1)[1]
    assert given == feed_token(server.token) and given != server.token
    assert fetch(server.feed).status == 200
    for path in ("/", "/static/js/textual.js", "/download/x"):
        assert fetch(f"{server.base}{path}?token={given}").status == 403
    assert fetch(server.base + "/", headers=cookie(server, given)).status == 403
    status, _ = websocket(server, cookie(server, given) | {"Origin": server.base})
    assert status == 403


def test_the_dashboards_token_does_not_open_the_feed_by_address(server):
    assert fetch(f"{server.base}/calendar.ics?token={server.token}").status == 403


# --- any name for the host -----------------------------------------------------------------


def test_the_page_uses_the_address_it_was_opened_at(server):
    port = port_of(server)
    page = fetch(server.base + "/", headers=cookie(server) | {"Host": f"localhost:{port}"})
    assert page.status == 200
    assert f'href="http://localhost:{port}/static/css/xterm.css"'.encode() in page.body
    assert f'data-session-websocket-url="ws://localhost:{port}/ws"'.encode() in page.body
    assert b"127.0.0.1" not in page.body


def test_the_websockets_origin_is_the_pages_in_any_case(server):
    port = port_of(server)
    headers = cookie(server) | {"Host": f"localhost:{port}", "Origin": f"HTTP://LocalHost:{port}"}
    status, got = websocket(server, headers)
    assert status == 101 and b"Noah Petersen" in got
    other = cookie(server) | {"Host": f"localhost:{port}", "Origin": server.base}  # 127.0.0.1 ≠ localhost
    assert websocket(server, other)[0] == 403


def test_a_mapped_ipv4_loopback_address_is_loopback():
    assert is_loopback("::ffff:127.0.0.1") and is_loopback("[::1]") and is_loopback("LOCALHOST")
    assert not is_loopback("::ffff:192.168.1.20") and not is_loopback("0.0.0.0")


def test_a_dashboards_errors_never_reach_the_servers_output(tmp_path):
    command = served_command(tmp_path / "data", "not-a-day")  # the dashboard fails at once, saying why
    r = subprocess.run(command, shell=True, capture_output=True, env=guarded_env(), timeout=60)
    assert r.returncode != 0
    assert r.stderr == b"" and b"not-a-day" not in r.stdout


# --- a new token ---------------------------------------------------------------------------


def test_a_new_token_ends_the_old_addresses(tmp_path):
    data = demo_dir(tmp_path)
    env = state_env(tmp_path)
    port = free_port()
    with serving(data, port, env=env) as first:
        old_feed = first.feed
    old = token_of(data)
    with serving(data, port, env=env) as same:
        assert same.feed == old_feed and token_of(data) == old  # kept between runs
    with serving(data, port, "--new-token", env=env) as rotated:
        assert rotated.feed != old_feed and token_of(data) != old
        assert fetch(f"{rotated.base}/?token={old}").status == 403
        assert fetch(old_feed).status == 403
        assert fetch(rotated.feed).status == 200


def test_a_new_token_reaches_the_server_already_running(tmp_path):
    data = demo_dir(tmp_path)
    env = state_env(tmp_path)
    port = free_port()
    with serving(data, port, env=env) as running:
        old = token_of(data)
        signed_in = {"Cookie": f"{cookie_name(port)}={old}"}
        assert fetch(running.base + "/", headers=signed_in).status == 200
        r = subprocess.run(
            [sys.executable, "-m", "nurture", "--data-dir", str(data), "serve", "--port", str(port), "--new-token"],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert r.returncode == 2 and "is in use" in r.stderr
        assert "now refuses the old addresses" in r.stderr
        new = token_of(data)
        assert new != old
        assert fetch(running.feed).status == 403  # the old feed address
        assert fetch(running.base + "/", headers=signed_in).status == 403  # the old cookie
        assert fetch(f"{running.base}/calendar.ics?token={feed_token(new)}").status == 200
        assert fetch(running.base + "/", headers={"Cookie": f"{cookie_name(port)}={new}"}).status == 200


# --- the token file ------------------------------------------------------------------------


def test_the_token_file_is_readable_only_by_you_outside_the_data_directory(tmp_path):
    data = tmp_path / "data"
    path = token_path(tmp_path / "state", data)
    assert data not in path.parents
    token = load_token(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.read_text().strip() == token and len(token) >= 40
    os.chmod(path, 0o644)  # loosened by hand: tightened again, the token kept
    assert load_token(path) == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rotated = load_token(path, new=True)
    assert rotated != token and path.read_text().strip() == rotated
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert token_path(tmp_path / "state", tmp_path / "other") != path  # one per data directory


def test_a_token_kept_in_the_data_directory_moves_out(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    old = "k" * 43
    (data / TOKEN_FILE).write_text(old + "\n")
    path = token_path(tmp_path / "state", data)
    assert load_token(path, legacy_dir=data) == old  # the addresses handed out keep working
    assert not (data / TOKEN_FILE).exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_token_stays_out_of_git_where_an_older_nurture_left_it():
    from nurture.services.sync import GITIGNORE

    assert TOKEN_FILE in GITIGNORE.splitlines()
