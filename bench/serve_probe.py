"""The dashboard in a browser against the dashboard in a terminal, at stress (issue 24's figure).

    python bench/serve_probe.py                 10,000 contacts, 50,000 notes; best of 3 each
    python bench/serve_probe.py --contacts N --notes M --runs R
    python bench/serve_probe.py --quick         300 contacts, 600 notes, one run: checks that it runs

A data directory is seeded (``nurture seed``). Then, in one run, alternating, each the best of
``--runs``:

- **terminal**: ``nurture --data-dir DATA`` started in a pseudo-terminal of 120×40 (as a terminal
  emulator starts it) → the first contact name the dashboard shows is among the bytes it wrote
  to the terminal;
- **browser**: ``nurture serve`` already running (as a terminal emulator is already open), the
  address opened in headless Chromium (already started) → that name is among the bytes the
  page's WebSocket received, which is what xterm.js draws (timed in the page, ``bench/browser.py``).

Both start a fresh Python running the dashboard on the same data; the browser adds the page,
its scripts, the WebSocket and textual-serve's relay. Target: browser ≤ 2× terminal. Exits 1 if
it is missed (never with ``--quick``), 3 when no Chromium is installed.
"""

from __future__ import annotations

import argparse
import codecs
import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from browser import chromium, find_chromium, free_port, open_dashboard, plain, seen_at, serving  # noqa: E402

AS_OF = "2026-11-23"
TARGET = 2.0
TIMEOUT = 120.0


def seed(data: Path, contacts: int, notes: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(data), "seed", "--contacts", str(contacts),
         "--interactions", str(notes), "--as-of", AS_OF],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip


def all_names(data: Path) -> list[str]:
    r = subprocess.run(
        [sys.executable, "-m", "nurture", "--data-dir", str(data), "list", "--json", "--as-of", AS_OF],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    return [c["name"] for c in json.loads(r.stdout)]


def terminal(data: Path, want: str | None, settle: float = 0.0) -> tuple[float, str]:
    """Seconds from the dashboard's start in a 120×40 pseudo-terminal to ``want`` among what it
    wrote (with ``want`` None: what it wrote once it has been quiet for ``settle`` s)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    argv = [sys.executable, "-m", "nurture", "--data-dir", str(data), "--as-of", AS_OF]
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    text: list[str] = []
    found = threading.Event()
    last = [time.monotonic()]
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    seen = [float("nan")]

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            text.append(decoder.decode(chunk))
            last[0] = time.monotonic()
            if want is not None and not found.is_set() and want in plain("".join(text)):
                seen[0] = time.monotonic() - t0
                found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = t0 + TIMEOUT
    if want is not None:
        found.wait(TIMEOUT)
    else:
        while time.monotonic() < deadline and (not text or time.monotonic() - last[0] < settle):
            time.sleep(0.1)
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    os.close(leader)
    return seen[0], plain("".join(text))


def browser(page, url: str, want: str) -> float:
    page.get("about:blank")  # the last session's WebSocket closes: its dashboard quits
    t0 = open_dashboard(page, url, want=want)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        at = seen_at(page)
        if at is not None:
            return at - t0
        time.sleep(0.02)
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.contacts, args.notes, args.runs = 300, 600, 1
    if find_chromium() is None:
        print("no Chromium: apt-get install chromium chromium-driver", file=sys.stderr)
        return 3
    tmp = Path(tempfile.mkdtemp(prefix="nurture-serve-probe-"))
    try:
        data = tmp / "data"
        started = time.monotonic()
        seed(data, args.contacts, args.notes)
        print(f"Seeded {args.contacts:,} contacts, {args.notes:,} notes in {time.monotonic() - started:.0f} s",
              file=sys.stderr)  # fmt: skip
        # Which name the first screen shows: the earliest of the contacts' names in what a first
        # start (also a warm-up: the files in the page cache, the indexes made) drew.
        _, screen = terminal(data, None, settle=3.0)
        shown = [(screen.find(n), n) for n in all_names(data) if n in screen]
        if not shown:
            print("the dashboard showed no contact name", file=sys.stderr)
            return 1
        want = min(shown)[1]
        terminals: list[float] = []
        browsers: list[float] = []
        with serving(data, free_port(), "--as-of", AS_OF) as served, chromium() as page:
            browser(page, served.url, want)  # warm-up: the page's files in the browser's cache
            for _ in range(args.runs):
                terminals.append(terminal(data, want)[0])
                browsers.append(browser(page, served.url, want))
            page.get("about:blank")
        t, b = min(terminals), min(browsers)
        ratio = b / t
        met = ratio <= TARGET
        print(f"`python bench/serve_probe.py{' --quick' if args.quick else ''}`: {args.contacts:,} contacts, "
              f"{args.notes:,} notes; names shown ({want!r}); best of {args.runs}\n")  # fmt: skip
        print("| figure | browser | terminal | ratio | target | met |")
        print("| --- | --- | --- | --- | --- | --- |")
        print(f"| names shown | {b:.2f} s | {t:.2f} s | {ratio:.2f}× | ≤ {TARGET:g}× | {'yes' if met else 'NO'} |")
        print(f"\nall runs: terminal {', '.join(f'{x:.2f}' for x in terminals)} s; "
              f"browser {', '.join(f'{x:.2f}' for x in browsers)} s")  # fmt: skip
        return 0 if met or args.quick else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
