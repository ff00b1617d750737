"""``nurture serve``: the token in front of everything, the WebSocket's Origin, the calendar
feed. A real ``nurture serve`` process on loopback, on a port the test picked, on the demo data."""

from __future__ import annotations

import asyncio
import os
import socket
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import aiohttp
import icalendar
import pytest

from bench.browser import serving
from nurture.demo import seed_demo
from nurture.serve import TOKEN_FILE, load_token
from nurture.store import Repository
from tests.guard import allow_loopback, guarded_env

TODAY = date(2026, 11, 23)
AS_OF = ("--as-of", TODAY.isoformat())


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """These tests talk to the server they started, on loopback; anything else still fails."""
    allow_loopback(monkeypatch)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_dir(where: Path) -> Path:
    data = where / "data"
    seed_demo(Repository(data).open(), TODAY)
    return data


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = demo_dir(tmp_path_factory.mktemp("serve"))
    with serving(data, free_port(), *AS_OF, env=guarded_env()) as served:
        served.data = data  # type: ignore[attr-defined]
        served.token = served.url.split("token=", 1)[1]  # type: ignore[attr-defined]
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


def cookie(server) -> dict[str, str]:
    return {"Cookie": f"nurture_token={server.token}"}


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
    assert fetch(server.base + "/", headers={"Cookie": "nurture_token=guess"}).status == 403


def test_the_token_in_the_address_becomes_a_strict_cookie_and_leaves_the_address(server):
    r = fetch(server.url)
    assert r.status == 303
    assert r.headers["Location"] == "/"  # the token is gone from the address bar
    set_cookie = r.headers["Set-Cookie"]
    assert set_cookie.startswith(f"nurture_token={server.token};")
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in set_cookie.split(";")[1:]}
    assert "httponly" in flags
    assert flags["samesite"] == "SameSite=Strict"
    assert flags["path"] == "Path=/"
    assert "secure" not in flags  # plain http on loopback: a Secure cookie would never come back


def test_the_redirect_keeps_the_other_parameters(server):
    r = fetch(server.url + "&fontsize=20")
    assert r.status == 303 and r.headers["Location"] == "/?fontsize=20"


def test_with_the_cookie_the_page_and_its_files_are_served(server):
    page = fetch(server.base + "/", headers=cookie(server))
    assert page.status == 200
    assert b"textual-terminal" in page.body and b"<title>nurture</title>" in page.body
    assert b"googleapis" not in page.body  # the page asks nothing of anyone else
    assert page.headers["X-Frame-Options"] == "DENY"
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
    with serving(data, free_port(), env=guarded_env()) as served:
        assert served.url.startswith("http://127.0.0.1:") and "/?token=" in served.url
        assert "/calendar.ics?token=" in served.feed
        served.proc.send_signal(2)  # Ctrl+C
        assert served.proc.wait(timeout=20) == 0
        assert served.proc.stdout is not None
        assert "Stopped." in served.proc.stdout.read()


def test_a_new_token_ends_the_old_addresses(tmp_path):
    data = demo_dir(tmp_path)
    with serving(data, free_port(), env=guarded_env()) as first:
        old = first.url.split("token=", 1)[1]
    with serving(data, free_port(), env=guarded_env()) as same:
        assert same.url.split("token=", 1)[1] == old  # kept between runs
    with serving(data, free_port(), "--new-token", env=guarded_env()) as rotated:
        new = rotated.url.split("token=", 1)[1]
        assert new != old
        assert fetch(f"{rotated.base}/?token={old}").status == 403
        assert fetch(f"{rotated.base}/calendar.ics?token={old}").status == 403
        assert fetch(rotated.feed).status == 200


# --- the token file ------------------------------------------------------------------------


def test_the_token_file_is_readable_only_by_you(tmp_path):
    token = load_token(tmp_path)
    path = tmp_path / TOKEN_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == token and len(token) >= 40
    os.chmod(path, 0o644)  # loosened by hand: tightened again, the token kept
    assert load_token(tmp_path) == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rotated = load_token(tmp_path, new=True)
    assert rotated != token and path.read_text().strip() == rotated
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_token_never_syncs(tmp_path):
    from nurture.services.sync import GITIGNORE

    assert TOKEN_FILE in GITIGNORE.splitlines()
    (tmp_path / ".git" / "info").mkdir(parents=True)  # a data directory that synced before the token existed
    load_token(tmp_path)
    load_token(tmp_path)
    assert (tmp_path / ".git" / "info" / "exclude").read_text().splitlines().count(TOKEN_FILE) == 1
