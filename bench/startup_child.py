"""One dashboard start, as a user runs it, timed from the moment the parent launched us.

    BENCH_T0=<time.monotonic() in the parent> python bench/startup_child.py DATA_DIR [--review]

Runs the real entry point (``nurture --data-dir DATA_DIR``) with a headless driver and exits
right after the first frame that shows the data. With ``--review`` it then opens the weekly
review (which reads every note) and exits after that has painted. Prints one JSON line:
seconds from launch to the first frame of the dashboard (interactive: keys work, the panes
show a loading indicator), to the first frame showing the data, to the review, and the
process's peak RSS in bytes.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from functools import partialmethod
from typing import Any

T0 = float(os.environ["BENCH_T0"])


def _patch(owner: type, name: str, value: object) -> None:
    """Replace a method of the app for this one run: the timing hooks below wrap the real ones
    (a plain ``setattr``, as ``unittest.mock`` would cost an import inside the timing)."""
    setattr(owner, name, value)


def main() -> None:
    data_dir, review = sys.argv[1], "--review" in sys.argv[2:]
    from textual.app import App

    from nurture import cli
    from nurture.app import NurtureApp
    from nurture.screens.dashboard import DashboardScreen
    from nurture.screens.review import ReviewScreen

    result: dict[str, float] = {}
    _patch(NurtureApp, "run", partialmethod(App.run, headless=True))
    apply, show, mount = DashboardScreen.apply, ReviewScreen.show, DashboardScreen.on_mount

    def first_frame(screen: DashboardScreen) -> None:
        mount(screen)
        screen.call_after_refresh(lambda: result.setdefault("first", time.monotonic() - T0))

    def first_data_frame(screen: DashboardScreen, *args: Any, **kwargs: Any) -> None:
        apply(screen, *args, **kwargs)
        if "frame" in result:
            return

        def painted() -> None:
            result.setdefault("frame", time.monotonic() - T0)
            if review:
                screen.action_review()
            else:
                screen.app.exit()

        screen.call_after_refresh(painted)

    def review_shown(screen: ReviewScreen, *args: Any, **kwargs: Any) -> None:
        show(screen, *args, **kwargs)

        def painted() -> None:
            result.setdefault("review", time.monotonic() - T0)
            screen.app.exit()

        screen.call_after_refresh(painted)

    _patch(DashboardScreen, "on_mount", first_frame)
    _patch(DashboardScreen, "apply", first_data_frame)
    _patch(ReviewScreen, "show", review_shown)
    cli.entry(["--data-dir", data_dir])
    result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
