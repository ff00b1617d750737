"""The dashboard as a user drives it, timed from the moment the parent launched us, with the
UI thread's stalls measured rather than guessed.

    BENCH_T0=<time.monotonic() in the parent> python bench/ui_child.py DATA_DIR

Works on a throwaway copy of DATA_DIR (``cp -a`` into a temporary folder, made first; the time
the copy took is added to BENCH_T0, so it never counts) and runs the real entry point
(``nurture --data-dir COPY``) with Textual's headless driver at 120×40. Keys go in as a terminal
sends them: all at once, straight to the app's queue. A frame is "painted" when the compositor
has rendered it (and turned it into the terminal's bytes, as a real terminal needs).

Prints one JSON line (seconds unless said):

``names``        launch → the contact list shows names (or, with no contacts, the empty list);
``data``         launch → the queue, the contact list and the first contact (its timeline too);
``down100``      100 × Down sent at once in the contact list → the last move painted (the card
                 shows that contact);
``filter_worst`` the worst of the keystrokes typing a name into the filter, key → the list
                 filtered and painted;
``review_open``  ``w`` → the weekly review painted with what it read;
``review_back``  ``esc`` → the dashboard painted, anything it reloads landed;
``shell_seen``   ``nurture --data-dir COPY add "Bench Newcomer"`` started as a subprocess → the
                 name in the dashboard's contact list;
``shell_picked`` the same from the moment that command ended (its change on disk) → the name
                 in the list: the dashboard's own part;
``stall_max``    the longest gap between two ticks of a 10 ms timer on the UI thread, after the
                 data landed; ``stall_step`` the step it happened in (a step's name, or
                 "after STEP": the 0.3 s after it, when what it started in the background lands);
``rss``          peak RSS (bytes) after browsing 100 people and the weekly review.

A step that does not finish within a minute is reported as null.

For finding out why (nothing else is printed on stdout):

* ``BENCH_START_ONLY=1``: only ``names`` and ``data`` are measured (the rest is null);
* ``BENCH_PROFILE=PREFIX``: the UI thread is profiled (cProfile) during each step, written to
  PREFIX.STEP.prof;
* ``BENCH_STALLS=FILE``: a watchdog thread samples the UI thread's stack every 5 ms while it
  has not ticked for 50 ms, and FILE gets the commonest stacks of each step, the slow garbage
  collections, the longest gap of each step, the peak RSS after browsing but before the review
  (the dashboard's part) and how long the shell's add took (``shell_seen`` less that: the
  dashboard's part).
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

T0 = float(os.environ["BENCH_T0"])
SIZE = (120, 40)
TICK = 0.01
STEP_TIMEOUT = 60.0
NEWCOMER = "Bench Newcomer"


def copy_data(source: str) -> tuple[Path, Path]:
    """A throwaway copy of the data directory: (the temporary folder, the copy in it)."""
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    tmp = Path(tempfile.mkdtemp(prefix="nurture-ui-", dir=base))
    data = tmp / "data"
    subprocess.run(["cp", "-a", source, str(data)], check=True)
    return tmp, data


def shell_command(data: Path) -> list[str]:
    script = Path(sys.executable).with_name("nurture")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "nurture"]
    return [*head, "--data-dir", str(data), "add", NEWCOMER]


class Probe:
    """What the run watches: each painted frame checks the pending condition; a 10 ms timer
    records the UI thread's gaps."""

    def __init__(self, t0: float) -> None:
        self.t0 = t0
        self.result: dict[str, Any] = {}
        self.pending: tuple[str, float, Callable[[], bool], asyncio.Future[float]] | None = None
        self.step: str | None = None  # stalls are counted only inside a named step
        self.last_tick: float | None = None
        self.stall_max = 0.0
        self.stall_step: str | None = None
        self.on_tick = False
        self.worst: dict[str, float] = {}  # the longest gap in each step
        self.profile_to = os.environ.get("BENCH_PROFILE", "")
        self.rss_browsed = 0  # peak RSS after browsing, before the review (BENCH_STALLS reports it)
        self.shell_took = 0.0  # how long the shell's add took (BENCH_STALLS reports it)
        self.profile: cProfile.Profile | None = None

    # --- frames -----------------------------------------------------------------------------

    def painted(self) -> None:
        pending = self.pending
        if pending is None:
            return
        _, start, ready, future = pending
        try:
            done = ready()
        except Exception:  # the screen is changing under us: the next frame tells
            done = False
        if done and not future.done():
            self.pending, self.on_tick = None, False
            future.set_result(time.monotonic() - start)

    async def until(self, name: str, start: float, ready: Callable[[], bool], on_tick: bool = False) -> float | None:
        """Seconds from ``start`` to the first frame painted with ``ready()`` true (``on_tick``:
        to the first tick of the stall timer, for a step that changes nothing on screen)."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.pending = (name, start, ready, future)
        self.on_tick = on_tick
        try:
            return await asyncio.wait_for(future, STEP_TIMEOUT)
        except TimeoutError:
            self.pending = None
            return None

    # --- stalls -----------------------------------------------------------------------------

    def tick(self) -> None:
        if self.on_tick:
            self.painted()
        now = time.monotonic()
        if self.step is not None and self.last_tick is not None:
            gap = now - self.last_tick
            if gap > self.stall_max:
                self.stall_max, self.stall_step = gap, self.step
            if gap > self.worst.get(self.step, 0.0):
                self.worst[self.step] = gap
        self.last_tick = now

    def enter(self, step: str | None) -> None:
        if self.profile is not None:
            self.profile.disable()
            self.profile.dump_stats(f"{self.profile_to}.{self.step}.prof")
            self.profile = None
        self.step = step
        if self.profile_to and step is not None:
            self.profile = cProfile.Profile()
            self.profile.enable()
        self.last_tick = time.monotonic()  # what the bench did in between never counts


class StallSampler(threading.Thread):
    """Samples the UI thread's stack while it is stalled (``BENCH_STALLS``)."""

    def __init__(self, probe: Probe, path: str) -> None:
        super().__init__(daemon=True)
        self.probe, self.path = probe, path
        self.ui = threading.main_thread().ident
        self.stacks: Counter[tuple[str, str]] = Counter()
        self.stopped = threading.Event()
        self.collections: list[tuple[str | None, int, float]] = []  # step, generation, seconds
        self._gc_started = 0.0
        gc.callbacks.append(self._gc)

    def _gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_started = time.monotonic()
        else:
            self.collections.append((self.probe.step, info["generation"], time.monotonic() - self._gc_started))

    def run(self) -> None:
        while not self.stopped.wait(0.005):
            last, step = self.probe.last_tick, self.probe.step
            if step is None or last is None or time.monotonic() - last < 0.05:
                continue
            frame = sys._current_frames().get(self.ui)  # type: ignore[arg-type]
            if frame is not None:
                lines = traceback.format_list(traceback.extract_stack(frame)[-14:])
                self.stacks[(step, "".join(lines))] += 1

    def write(self) -> None:
        self.stopped.set()
        with open(self.path, "w") as out:
            out.write(f"=== peak RSS after browsing, before the review: {self.probe.rss_browsed} bytes\n")
            out.write(f"=== the shell's add took {self.probe.shell_took:.3f} s\n")
            for step, gap in self.probe.worst.items():
                out.write(f"=== longest UI-thread gap in {step}: {gap:.3f} s\n")
            for (step, stack), n in self.stacks.most_common(25):
                out.write(f"=== {step}: {n} samples ({n * 5} ms)\n{stack}\n")
            slow = sorted((c for c in self.collections if c[2] > 0.01), key=lambda c: -c[2])
            for during, generation, took in slow[:20]:
                out.write(f"=== gc: generation {generation} in {during}: {took:.3f} s\n")


def main() -> None:
    copy_started = time.monotonic()
    tmp, data = copy_data(sys.argv[1])
    t0 = T0 + (time.monotonic() - copy_started)
    try:
        run(data, t0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(data: Path, t0: float) -> None:
    from textual import events
    from textual._compositor import CompositorUpdate
    from textual.app import App
    from textual.worker import WorkerState

    from nurture import cli
    from nurture.app import NurtureApp
    from nurture.domain.search import filter_rows
    from nurture.screens.base import NurtureScreen
    from nurture.screens.dashboard import DashboardScreen
    from nurture.screens.review import ReviewScreen

    probe = Probe(t0)
    display, came_back = App._display, NurtureScreen._came_back

    def painted(app: App, screen: Any, renderable: Any) -> None:
        display(app, screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)  # what a terminal would be sent
        probe.painted()

    def landed(screen: NurtureScreen, *args: Any) -> None:
        came_back(screen, *args)
        screen._bench_landed = True  # type: ignore[attr-defined]

    setattr(App, "_display", painted)  # noqa: B010 (a plain setattr: no mock import in the timing)
    setattr(NurtureScreen, "_came_back", landed)  # noqa: B010

    def dashboard(app: App) -> DashboardScreen | None:
        for screen in app.screen_stack:
            if isinstance(screen, DashboardScreen):
                return screen
        return None

    def loading_done(screen: DashboardScreen) -> bool:
        busy = (WorkerState.PENDING, WorkerState.RUNNING)
        return not any(w.node is screen and w.group == "load" and w.state in busy for w in screen.app.workers)

    async def drive(app: NurtureApp) -> None:
        driver = app._driver
        assert driver is not None

        def send(key: str, char: str | None = None) -> None:
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)

        seen_loading = False

        def names() -> bool:
            nonlocal seen_loading
            screen = dashboard(app)
            if screen is None or not screen.is_mounted:
                return False
            contacts = screen.query_one("#contacts")
            if contacts.loading:
                seen_loading = True
                return False
            return bool(contacts.rows) or seen_loading or screen.network is not None  # type: ignore[attr-defined]

        def first_contact_shown(screen: DashboardScreen) -> bool:
            if screen.network is None:
                return False
            if any(screen.query_one(pane).loading for pane in ("#queue", "#contacts")):
                return False
            wanted = screen.selected_id
            if wanted is None:
                return True
            detail = screen.query_one("#detail")
            return bool(getattr(detail, "timeline_of", getattr(detail, "_shown_id", None)) == wanted)

        probe.result["names"] = await probe.until("names", t0, names)
        probe.result["data"] = await probe.until("data", t0, lambda: first_contact_shown(dashboard(app)))  # type: ignore[arg-type]
        if os.environ.get("BENCH_START_ONLY"):
            return
        app.set_interval(TICK, probe.tick)  # from here on: stalls count only after the data landed
        screen = dashboard(app)
        assert screen is not None
        contacts: Any = screen.query_one("#contacts")
        detail: Any = screen.query_one("#detail")
        probe.enter("after data")
        await asyncio.sleep(0.3)

        # 100 × Down in the contact list, sent at once
        probe.enter(None)
        contacts.focus()
        await asyncio.sleep(0.3)  # the footer redrawn for the new focus: not part of the 100 moves
        target = min(max(contacts.cursor, 0) + 100, len(contacts.rows) - 1)
        target_id = contacts.rows[target].contact.id if contacts.rows else None
        probe.enter("down100")
        start = time.monotonic()
        for _ in range(100):
            send("down")
        if target_id is None:  # no one to move to: the keys handled is all there is
            probe.result["down100"] = await probe.until("down100", start, lambda: not app._typed, on_tick=True)
        else:
            probe.result["down100"] = await probe.until(
                "down100", start, lambda: contacts.cursor == target and detail._shown_id == target_id
            )
        probe.enter("after down100")
        await asyncio.sleep(0.3)
        probe.rss_browsed = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

        # the filter: a name typed a key at a time
        probe.enter(None)
        send("slash", "/")
        await asyncio.sleep(0.1)
        everyone = list(contacts.rows)
        name = everyone[len(everyone) // 3].contact.name.lower() if everyone else "maria ana"
        typed = name[:6] if len(name) >= 6 else (name + " " * 6)[:6]
        expected = {typed[:n]: len(filter_rows(everyone, typed[:n])) for n in range(1, len(typed) + 1)}
        box: Any = screen.query_one("#filter")
        worst: float | None = 0.0
        for n in range(1, len(typed) + 1):
            probe.enter("filter")
            prefix, before = typed[:n], contacts.rows
            char = typed[n - 1]
            start = time.monotonic()
            send("space" if char == " " else char, char)

            def filtered(p: str = prefix, b: object = before) -> bool:
                return bool(box.value == p and contacts.rows is not b and len(contacts.rows) == expected[p])

            took = await probe.until("filter", start, filtered)
            worst = None if took is None or worst is None else max(worst, took)
            probe.enter(None)
            await asyncio.sleep(0.05)
        probe.result["filter_worst"] = worst
        send("escape")
        await asyncio.sleep(0.2)

        # the weekly review and back
        probe.enter("review_open")
        start = time.monotonic()
        send("w", "w")
        probe.result["review_open"] = await probe.until(
            "review_open",
            start,
            lambda: isinstance(app.screen, ReviewScreen) and getattr(app.screen, "_bench_landed", False),
        )
        probe.enter("after review_open")
        await asyncio.sleep(0.3)
        probe.enter("review_back")
        start = time.monotonic()
        send("escape")
        probe.result["review_back"] = await probe.until(
            "review_back",
            start,
            lambda: app.screen is screen and screen._message_queue.empty() and loading_done(screen),
        )
        probe.enter("after review_back")
        await asyncio.sleep(0.3)
        probe.result["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

        # a contact added from the shell
        probe.enter(None)
        count = len(contacts.rows)
        probe.enter("shell_seen")
        start = time.monotonic()
        shell = subprocess.Popen(shell_command(data), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        ended = asyncio.ensure_future(asyncio.to_thread(shell.communicate))
        ended.add_done_callback(lambda _: setattr(probe, "shell_took", time.monotonic() - start))
        probe.result["shell_seen"] = await probe.until("shell_seen", start, lambda: len(contacts.rows) == count + 1)
        probe.enter(None)
        _, err = await ended
        if shell.returncode != 0:
            sys.stderr.write(err.decode("utf-8", "replace"))
            probe.result["shell_seen"] = None
        elif not any(row.contact.name == NEWCOMER for row in contacts.rows):
            probe.result["shell_seen"] = None
        seen = probe.result["shell_seen"]
        probe.result["shell_picked"] = None if seen is None else max(0.0, seen - probe.shell_took)
        probe.result["stall_max"] = probe.stall_max
        probe.result["stall_step"] = probe.stall_step

    def run_driven(app: NurtureApp, *args: Any, **kwargs: Any) -> Any:
        async def go() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await drive(app)
                await pilot.pause()

        asyncio.run(go())
        return app.return_value

    setattr(NurtureApp, "run", run_driven)  # noqa: B010
    sampler = StallSampler(probe, os.environ["BENCH_STALLS"]) if os.environ.get("BENCH_STALLS") else None
    if sampler is not None:
        sampler.start()
    cli.entry(["--data-dir", str(data)])
    if sampler is not None:
        sampler.write()
    keys = ("names", "data", "down100", "filter_worst", "review_open", "review_back", "shell_seen", "shell_picked")
    out = {k: probe.result.get(k) for k in (*keys, "stall_max", "stall_step", "rss")}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
