"""`nurture serve` driven by a real browser: Debian's ``chromium`` (headless) through
``chromium-driver`` and selenium. Shared by the browser test, ``bench/serve_probe.py`` and
``scripts/screenshots.py``.

xterm.js draws the dashboard on a canvas, so there is no text to read in the page; what the page
received is: a script added before the page's own wraps ``WebSocket`` and keeps, as text, every
byte the server sent to the terminal (``screen_text``: its escape sequences taken out). That is
exactly what xterm.js was given to draw.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
DRIVERS = ("chromedriver", "chromium-driver")

#: Runs in the page before its own scripts: what the dashboard's WebSocket brings, as text.
#: ``window.__want`` (set by ``watch_for``): the moment (ms since the epoch) it first arrived.
_HOOK = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder("utf-8");
  window.__screen = "";
  window.__want = null;
  window.__seen = null;
  window.WebSocket = function (url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("message", (event) => {
      if (typeof event.data === "string") return;
      window.__screen += decoder.decode(new Uint8Array(event.data), { stream: true });
      if (window.__want && window.__seen === null) {
        const plain = window.__screen.replace(/\\x1b\\[[0-9;?<>=]*[ -\\/]*[@-~]/g, "");
        if (plain.includes(window.__want)) window.__seen = Date.now();
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def find_chromium() -> tuple[str, str] | None:
    """(browser, driver) when both are installed, else None."""
    browser = next((p for p in map(shutil.which, BROWSERS) if p), None)
    driver = next((p for p in map(shutil.which, DRIVERS) if p), None)
    if browser is None and Path("/usr/lib/chromium/chromium").exists():
        browser = "/usr/lib/chromium/chromium"
    return (browser, driver) if browser and driver else None


def plain(text: str) -> str:
    """Terminal output without its escape sequences."""
    return _ESCAPES.sub("", text)


class Served:
    """A ``nurture serve`` process: ``url`` (with a login ticket, good once), ``feed``."""

    def __init__(self, proc: subprocess.Popen, url: str, feed: str) -> None:
        self.proc, self.url, self.feed = proc, url, feed

    @property
    def base(self) -> str:
        return self.url.split("/?", 1)[0]


def free_port() -> int:
    """A port free on loopback now (for a server a test or probe starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(data_dir: Path, port: int, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``nurture --data-dir DATA serve --port PORT ARGS`` until the block ends (then Ctrl+C)."""
    argv = [sys.executable, "-m", "nurture", "--data-dir", str(data_dir), "serve", "--port", str(port), *args]
    run_env = {**(env or os.environ)}
    run_env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), run_env.get("PYTHONPATH", "")) if p)
    # The serve token of a throw-away data directory stays beside it, not in your state directory.
    run_env.setdefault("XDG_STATE_HOME", str(data_dir.absolute().parent / "state"))
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=run_env)
    assert proc.stdout is not None
    url = feed = ""
    lines = []
    deadline = time.monotonic() + 60
    while not (url and feed) and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "dashboard is at " in line:
            url = line.rsplit(" ", 1)[1].strip()
        if "Calendar feed" in line:
            feed = line.rsplit(" ", 1)[1].strip()
    if not (url and feed):
        proc.kill()
        rest = proc.stdout.read()
        raise RuntimeError(f"nurture serve did not start: {''.join(lines)}{rest}")
    try:
        yield Served(proc, url, feed)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def chromium(width: int = 1280, height: int = 800) -> Iterator[Any]:
    """A headless Chromium under selenium, with the WebSocket hook in every page."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_chromium()
    if found is None:
        raise RuntimeError("no chromium and chromedriver: apt-get install chromium chromium-driver")
    browser, driver_path = found
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--use-gl=swiftshader"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _HOOK})
        yield driver
    finally:
        driver.quit()


def open_dashboard(driver: Any, url: str, want: str | None = None) -> float:
    """Open ``url``; returns the moment (time.time()) the navigation began. With ``want``: the
    page notes when that text first arrives (``seen_at``)."""
    script = "" if want is None else f"window.__want = {json.dumps(want)};"
    if script:
        ident = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script})
    t0 = time.time()
    driver.get(url)
    if script:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": ident["identifier"]})
    return t0


def screen_text(driver: Any) -> str:
    return plain(driver.execute_script("return window.__screen || '';"))


def seen_at(driver: Any) -> float | None:
    """When (time.time()) the wanted text first arrived, or None."""
    ms = driver.execute_script("return window.__seen;")
    return None if ms is None else ms / 1000


def wait_until(check, timeout: float = 30.0, every: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            return result
        time.sleep(every)


def wait_for_text(driver: Any, text: str, timeout: float = 30.0) -> bool:
    return bool(wait_until(lambda: text in screen_text(driver), timeout))


def send_keys(driver: Any, *keys: str) -> None:
    """Keys to the terminal, as typed (selenium's ``Keys`` for special keys; ``ctrl+x``)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    area = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    for key in keys:
        if key.startswith("ctrl+"):
            ActionChains(driver).key_down(Keys.CONTROL).send_keys(key[5:]).key_up(Keys.CONTROL).perform()
        else:
            area.send_keys(key)
        time.sleep(0.05)
