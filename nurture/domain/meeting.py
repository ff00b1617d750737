"""Meeting mode's rules, free of any UI: the countdown's states, and the notes' line marks that
become takeaways and action items when the conversation is logged.

The timer reads an injected clock (seconds, as ``time.time`` gives), so tests pin it and a
meeting resumed after a crash counts from when it really started.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

#: Minutes asked for unless the user says otherwise.
DEFAULT_MINUTES = 20
#: A notice this many seconds before the end: time to start wrapping up.
WRAP_UP_SECONDS = 120

RUNNING, WRAP_UP, OVER = "running", "wrap-up", "over"

# --- the countdown ---------------------------------------------------------------------------


@dataclass
class Countdown:
    """A countdown to the agreed length, started at ``started`` (clock seconds)."""

    clock: Callable[[], float]
    started: float
    minutes: int = DEFAULT_MINUTES

    @classmethod
    def start(cls, clock: Callable[[], float], minutes: int = DEFAULT_MINUTES) -> Countdown:
        return cls(clock, clock(), minutes)

    def elapsed(self) -> float:
        return max(self.clock() - self.started, 0.0)

    def remaining(self) -> float:
        return self.minutes * 60 - self.elapsed()

    def state(self) -> str:
        left = self.remaining()
        if left <= 0:
            return OVER
        return WRAP_UP if left <= WRAP_UP_SECONDS else RUNNING

    def label(self) -> str:
        """'14:32 left', '1:59 left', '3:05 over'; 'starts in 12:00' before a later start (meeting
        mode opened ahead of an appointment)."""
        ahead = self.started - self.clock()
        if ahead > 0:
            return f"starts in {clock_text(ahead, up=True)}"
        left = self.remaining()
        if left > 0:
            return f"{clock_text(left, up=True)} left"
        return f"{clock_text(-left)} over"

    def minutes_taken(self) -> int:
        """The real length so far, in whole minutes, at least one; the agreed length while it
        has not started (ended ahead of its start: the real length is not known)."""
        if self.clock() < self.started:
            return self.minutes
        return max(round(self.elapsed() / 60), 1)


def clock_text(seconds: float, up: bool = False) -> str:
    """Seconds as m:ss (h:mm:ss past an hour); ``up`` rounds partial seconds up, as a countdown
    shows them (20:00 at the start, never 19:59 a moment early)."""
    whole = int(-(-seconds // 1)) if up else int(seconds)
    h, rest = divmod(max(whole, 0), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def notices_due(previous: str, current: str) -> list[str]:
    """The notices to give when the countdown moved from state ``previous`` to ``current``
    (both given at once if a slow tick skipped the wrap-up)."""
    order = (RUNNING, WRAP_UP, OVER)
    return [s for s in order[order.index(previous) + 1 : order.index(current) + 1]]


NOTICES = {
    WRAP_UP: "Two minutes left. Time to ask: “Is there anyone else you'd suggest I speak with?”",
    OVER: "Time's up. Offer to wrap up: you asked for this long, and keeping to it earns the next talk.",
}

# --- marked lines in the notes ------------------------------------------------------------------

TAKEAWAY, MINE, THEIRS = "takeaway", "mine", "theirs"
#: How each mark is written at the start of a line in the notes.
MARKS: dict[str, str] = {TAKEAWAY: "★ ", MINE: "☐ me: ", THEIRS: "☐ them: "}


def mark_of(line: str) -> str | None:
    body = line.lstrip()
    return next((kind for kind, prefix in MARKS.items() if body.startswith(prefix)), None)


def toggle_mark(line: str, kind: str) -> str:
    """Mark ``line`` as ``kind``; a line already marked so is unmarked, one marked otherwise
    is re-marked."""
    indent = line[: len(line) - len(line.lstrip())]
    body = line.lstrip()
    current = mark_of(line)
    if current is not None:
        body = body[len(MARKS[current]) :]
    return indent + body if current == kind else indent + MARKS[kind] + body


class Parsed(NamedTuple):
    notes: str
    takeaways: tuple[str, ...]
    mine: tuple[str, ...]
    theirs: tuple[str, ...]


def parse_notes(text: str) -> Parsed:
    """Marked lines become takeaways and action items (blank marked lines are dropped); the
    other lines stay the notes."""
    kept: list[str] = []
    found: dict[str, list[str]] = {TAKEAWAY: [], MINE: [], THEIRS: []}
    for line in text.splitlines():
        kind = mark_of(line)
        if kind is None:
            kept.append(line)
            continue
        item = line.lstrip()[len(MARKS[kind]) :].strip()
        if item:
            found[kind].append(item)
    notes = "\n".join(kept).strip("\n")
    return Parsed(notes, tuple(found[TAKEAWAY]), tuple(found[MINE]), tuple(found[THEIRS]))


def nothing_in(notes: str, asked: tuple[str, ...] | list[str], referrals: tuple | list) -> bool:
    """A meeting with nothing in it (no notes typed, no question ticked, no referral): leaving it
    throws it away without asking, as there is nothing to keep."""
    return not notes.strip() and not asked and not referrals


def in_progress_text(name: str, started: float, now: float) -> str:
    """What the dashboard says of a meeting in progress: 'meeting with Maya Chen in progress,
    12 min' (whole minutes since it started, from the same clock; 0 before its start)."""
    return f"meeting with {name} in progress, {minutes_since(started, now)} min"


def minutes_since(started: float, now: float) -> int:
    """Whole minutes a meeting in progress has run (``started`` and ``now`` from one clock; 0
    before its start): what the header and the contact's card say."""
    return max(int((now - started) // 60), 0)
