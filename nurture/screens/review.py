"""The weekly review: close the week, see what needs attention and what you learned, plan the
next one. ←/→ move between weeks, t back to this one; r marks the week reviewed. The sections lay
out the review's rows (``nurture.domain.review_rows``), as the shell's text and the Markdown
export do.

A list of at most ``SHOWN`` (who to thank, who is losing touch, commitments both ways, who is
over the weekly cap, what you learned) is written out, wrapped. A longer one, and at thirty
thousand connections they run to thousands, shows its count, its first rows and "and 3,412
more" in a ``ReviewSection``: Tab moves into its list, ↑↓/PgUp/PgDn/Home/End browse it, and only
the rows on screen are drawn. Everything is laid out in the worker; the UI thread only places it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from nurture.domain.dates import add_days
from nurture.domain.errors import NurtureError
from nurture.domain.review import Commitment, Losing, Unthanked, week_start
from nurture.domain.review_rows import Later, ReviewRows, review_rows, week_label
from nurture.domain.wording import count
from nurture.screens.base import NurtureScreen
from nurture.widgets.hanging import Hanging, Lines
from nurture.widgets.review_list import SHOWN, Part, ReviewList, ReviewSection
from nurture.widgets.screen_text import screen_text

H, MUTED = "bold $accent", "$text-muted"
OWNERS = {"mine": "You promised", "theirs": "They offered"}


class Person(NamedTuple):
    """A name heading the takeaways learned from them, in the long form of "What you learned"."""

    name: str


class Taught(NamedTuple):
    text: str


def _titled(title: str) -> Lines:
    lines = Lines()
    lines.add((title, H))
    return lines


def activity(r: ReviewRows) -> Hanging:
    lines = _titled("Activity")
    for f in r.activity:
        lines.add((f"{f.label:<22}", MUTED), (f.value, "bold $success" if f.good else ""), indent=22)
    lines.blank()
    return lines.done()


def attention(r: ReviewRows) -> Hanging:
    """The section's title and what is overdue; the lists follow (``attention_lists``)."""
    lines = _titled("Attention")
    lines.blank()
    if r.overdue:
        lines.add(("Overdue now  ", MUTED), (r.overdue, "bold $error"), indent=13)
    else:
        lines.add(("Nothing overdue.", "$success"))
    return lines.done()


# --- one row of each list, as the short form writes it and the long form draws it ---------------


def unthanked_row(r: ReviewRows, u: Unthanked) -> list[Part]:
    return ["  ", screen_text(u.name), (f"  {u.kind} on {r.when(u.on, '%a %d %b')}", MUTED)]


def losing_row(r: ReviewRows, x: Losing) -> list[Part]:
    return ["  ", screen_text(x.name), (f"  {x.days_since:,} days, {x.cadence}", MUTED)]


def commitment_row(r: ReviewRows, c: Commitment) -> list[Part]:
    return [("  ☐ ", "$warning"), screen_text(c.text), (f"  {screen_text(c.name)}, {r.when(c.on)}", MUTED)]


def commitment_list_row(r: ReviewRows, c: Commitment) -> list[Part]:
    """A commitment in a long list, one line cut to the width: whose and when first, so that
    a long promise loses its end, not the person."""
    return [("  ☐ ", "$warning"), (f"{r.when(c.on)}  ", MUTED), f"{screen_text(c.name)}: {screen_text(c.text)}"]


def later_row(r: ReviewRows, p: Later) -> list[Part]:
    return ["  ", screen_text(p.name), (f"  {', '.join(p.reasons)}", MUTED)]


def insight_row(r: ReviewRows, row: Person | Taught) -> list[Part]:
    if isinstance(row, Person):
        return [(screen_text(row.name), "bold")]
    return [("  ★ ", "$success"), screen_text(row.text)]


#: Each attention list's heading: its title and a note on what it holds.
HEADINGS: dict[str, tuple[str, str]] = {
    "unthanked": ("No thank-you yet", ""),
    "losing": ("Losing touch", "over twice their cadence"),
    "mine": (OWNERS["mine"], ""),
    "theirs": (OWNERS["theirs"], ""),
}
#: How each list's rows look, and how far a wrapped row's continuation is indented.
ROWS: dict[str, tuple[Callable[[ReviewRows, Any], list[Part]], int]] = {
    "unthanked": (unthanked_row, 2),
    "losing": (losing_row, 2),
    "mine": (commitment_row, 4),
    "theirs": (commitment_row, 4),
    "later": (later_row, 2),
    "insights": (insight_row, 4),
}


class Long(NamedTuple):
    """A list too long to write out: its heading (with the count), every row, and how a row looks."""

    heading: Hanging
    rows: Sequence[Any]
    line: Callable[[Any], Sequence[Part]]


#: Where a row drawn on one line in a long list reads better otherwise than written out.
LIST_ROWS: dict[str, Callable[[ReviewRows, Any], list[Part]]] = {
    "mine": commitment_list_row,
    "theirs": commitment_list_row,
}


def long(r: ReviewRows, name: str, heading: Hanging, rows: Sequence[Any]) -> Long:
    return Long(heading, rows, partial(LIST_ROWS.get(name, ROWS[name][0]), r))


def attention_items(r: ReviewRows) -> dict[str, Sequence[Any]]:
    return {
        "unthanked": r.unthanked,
        "losing": r.losing_touch,
        "mine": r.commitments["mine"],
        "theirs": r.commitments["theirs"],
    }


def attention_heading(name: str, n: int | None = None) -> Hanging:
    """A blank line, then "Losing touch (over twice their cadence)"; with ``n``, the count too."""
    title, note = HEADINGS[name]
    lines = Lines()
    lines.blank()
    parts: list[Part] = [(title, "bold")]
    if n is not None:
        parts.append((f" ({n:,}{', ' + note if note else ''})", MUTED))
    elif note:
        parts.append((f" ({note})", MUTED))
    lines.add(*parts)
    return lines.done()


def written_out(r: ReviewRows, name: str, heading: Hanging, rows: Sequence[Any]) -> Hanging:
    """A short list in full under its heading, each row wrapped with its hanging indent."""
    line, indent = ROWS[name]
    lines = Lines()
    lines.lines.extend(heading.lines)
    for row in rows:
        lines.add(*line(r, row), indent=indent)
    return lines.done()


def attention_lists(r: ReviewRows) -> dict[str, Hanging | Long | None]:
    """Each attention list: None when empty, written out when short, else ``Long``."""
    out: dict[str, Hanging | Long | None] = {}
    for name, items in attention_items(r).items():
        if not items:
            out[name] = None
        elif len(items) <= SHOWN:
            out[name] = written_out(r, name, attention_heading(name), items)
        else:
            out[name] = long(r, name, attention_heading(name, len(items)), items)
    return out


def insights(r: ReviewRows) -> Hanging:
    lines = _titled("What you learned")
    if not r.takeaways:
        lines.add(("No takeaways captured this week. Log them with l.", MUTED))
    for name, items in r.takeaways:
        lines.blank()
        lines.add((screen_text(name), "bold"))
        for t in items:
            lines.add(("  ★ ", "$success"), screen_text(t), indent=4)
    if r.takeaways:
        lines.blank()
    return lines.done()


def insights_are_short(r: ReviewRows) -> bool:
    return len(r.takeaways) <= SHOWN and sum(len(items) for _, items in r.takeaways) <= 4 * SHOWN


def insight_rows(r: ReviewRows) -> list[Person | Taught]:
    """The takeaways as list rows: each person, then what they taught."""
    rows: list[Person | Taught] = []
    for name, items in r.takeaways:
        rows.append(Person(name))
        rows.extend(Taught(t) for t in items)
    return rows


def insights_heading(r: ReviewRows) -> Hanging:
    lines = _titled("What you learned")
    taught = sum(len(items) for _, items in r.takeaways)
    lines.add((f"{count(taught, 'takeaway')} from {count(len(r.takeaways), 'person', 'people')}", MUTED))
    return lines.done()


def plan(r: ReviewRows, later: bool = True) -> Hanging:
    """The next seven days; with ``later``, who is over the cap (when few: see ``later_is_short``)."""
    lines = _titled("Next week")
    lines.blank()
    if r.booked:
        lines.add(("Booked conversations", MUTED))
        for d, bookings in r.booked:
            day = f"{d:%a %d}  "
            for n, b in enumerate(bookings):
                rest = f" · {b.minutes} min" + (f" · {screen_text(b.where)}" if b.where else "")
                head = day if n == 0 else " " * len(day)
                lines.add((head, "bold"), (b.at, "$accent"), " ", screen_text(b.name), (rest, MUTED), indent=len(day))
        lines.blank()
    lines.add((f"At most {count(r.cap, 'reach-out')}, spread so no day is crowded", MUTED))
    for d, planned in r.plan:
        parts: list = [(f"{d:%a %d}  ", "bold")]
        if not planned:
            parts += [("—", MUTED)]
        for n, i in enumerate(planned):
            parts += [("; " if n else ""), (i.reason, "$accent"), " ", screen_text(i.name), (i.late, "$error")]
        lines.add(*parts, indent=len(f"{d:%a %d}  "))
    if r.later and later:
        lines.add((f"Later: {r.deferred:,} more — {r.later_text(screen_text)}", MUTED), indent=len("Later: "))
    if later:
        lines.blank()
    return lines.done()


def later_is_short(r: ReviewRows) -> bool:
    return len(r.later) <= SHOWN


def later_heading(r: ReviewRows) -> Hanging:
    lines = Lines()
    people = count(len(r.later), "person", "people")
    lines.add((f"Later: {r.deferred:,} more, over the weekly cap, for {people}", MUTED))
    return lines.done()


def trend(r: ReviewRows) -> Hanging:
    lines = _titled("Trend, 12 weeks")
    lines.blank()
    lines.add(("Conversations  ", MUTED), (r.conversations, "$success"), f"  {r.conversations_total}", indent=15)
    lines.add(("Outreach       ", MUTED), (r.outreach, "$accent"), f"  {r.outreach_total}", indent=15)
    lines.add(("               ", MUTED), (f"{r.first_week:%d %b} … {r.last_week:%d %b}", MUTED), indent=15)
    lines.add(("Streak         ", MUTED), (r.streak, "bold"), f" meeting the goal of {r.goal}", indent=15)
    return lines.done()


@dataclass(frozen=True)
class ReviewView:
    """The review as the screen lays it out, worked out in the worker: every section's text or
    rows ready, so showing it on the UI thread costs the same for twenty contacts as for
    thirty thousand."""

    rows: ReviewRows
    activity: Hanging
    attention: Hanging
    lists: dict[str, Hanging | Long | None]
    plan: Hanging
    trend: Hanging


def review_view(r: ReviewRows) -> ReviewView:
    lists = attention_lists(r)
    short_later = later_is_short(r)
    lists["later"] = None if short_later else long(r, "later", later_heading(r), r.later)
    short_insights = insights_are_short(r)
    lists["insights"] = insights(r) if short_insights else long(r, "insights", insights_heading(r), insight_rows(r))
    return ReviewView(r, activity(r), attention(r), lists, plan(r, later=short_later), trend(r))


class ReviewScreen(NurtureScreen[None]):
    DEFAULT_CSS = """
    ReviewScreen #week { padding: 0 1; height: auto; text-style: bold; background: $boost; }
    ReviewScreen #body { padding: 0 1; }
    ReviewScreen #cols { height: auto; }
    ReviewScreen #cols > Vertical { width: 1fr; height: auto; }
    ReviewScreen #cols > Vertical > Static { margin: 1 1 0 0; }
    ReviewScreen #insights { margin-top: 1; }
    ReviewScreen.-narrow #left-col { padding-bottom: 1; }  /* a blank line before the plan below */
    ReviewScreen.-narrow #cols { layout: vertical; }
    """
    BINDINGS = [
        Binding("left", "week(-1)", "Previous week", priority=True),
        Binding("right", "week(1)", "Next week", priority=True),
        Binding("t", "this_week", "This week", show=False),
        Binding("r", "mark", "Mark reviewed"),
        Binding("ctrl+z", "undo", "Undo", show=False),
    ]
    BACK = ("escape,w", "Dashboard")

    def __init__(self, day: date, first_weekday: int = 0) -> None:
        super().__init__()
        self.day = day
        #: The day the user's weeks start on (the settings' ``first_weekday``).
        self.first_weekday = first_weekday
        self.review: ReviewRows | None = None
        #: A review is being worked out; ``_again``: the week changed meanwhile (see ``compute``).
        self._computing = self._again = False

    def body(self):
        yield Static("", id="week", markup=False)
        with VerticalScroll(id="body"), Horizontal(id="cols"):
            with Vertical(id="left-col"):
                yield Static(id="activity")
                yield Static(id="attention")
                for name in ("unthanked", "losing", "mine", "theirs"):
                    yield ReviewSection(id=name)
            with Vertical(id="right-col"):
                yield Static(id="plan")
                yield ReviewSection(id="later")
                yield ReviewSection(id="insights")
                yield Static(id="trend")

    def on_mount(self) -> None:
        body = self.query_one("#body")
        body.focus()
        body.loading = True
        self.compute()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    def compute(self) -> None:
        """The week's review, read and laid out in a worker: the UI thread only places it. The
        header names the week at once. While one is being worked out, weeks stepped through
        (← held down) start none of their own: when it is done, the week then chosen is."""
        self._header(self._start(self.day), "…")
        if self._computing:
            self._again = True
            return
        self._computing, day = True, self.day
        self.load_in_background(
            lambda service: review_view(review_rows(service.review(day))), self._computed, self._failed
        )

    def _computed(self, view: ReviewView) -> None:
        self._computing = False
        if self._again:  # stale: the user has moved on to another week
            self._again = False
            self.compute()
            return
        self.show(view)

    def _failed(self, _error: NurtureError) -> None:
        """The week could not be read (the error is said): back to the week still shown."""
        self._computing = self._again = False
        r = self.review
        if r is not None:
            self.day = self.today if r.is_current else r.week_start
            self._header(r.week_start, self._status(r))
        else:
            self._header(self._start(self.day), "not read")
        self.refresh_bindings()

    def _start(self, day: date) -> date:
        """The first day of the week of ``day``, as the user's weeks start."""
        return week_start(day, self.first_weekday)

    def _header(self, start: date, status: str) -> None:
        weeks_ago = (self._start(self.today) - start).days // 7
        ago = "this week" if weeks_ago == 0 else "last week" if weeks_ago == 1 else f"{weeks_ago} weeks ago"
        self.query_one("#week", Static).update(f"{week_label(start)} · {ago} · {status}")

    @staticmethod
    def _status(r: ReviewRows) -> str:
        return f"reviewed {r.reviewed_on:%d %b}" if r.reviewed_on else "not reviewed (r)"

    def show(self, view: ReviewView) -> None:
        self.query_one("#body").loading = False
        r = self.review = view.rows
        self._header(r.week_start, self._status(r))
        self.query_one("#activity", Static).update(view.activity)
        self.query_one("#attention", Static).update(view.attention)
        self.query_one("#plan", Static).update(view.plan)
        self.query_one("#trend", Static).update(view.trend)
        for name, found in view.lists.items():
            section = self.query_one(f"#{name}", ReviewSection)
            if isinstance(found, Long):
                section.show_long(found.heading, found.rows, found.line)
            else:
                section.show_all(found)
        focused = self.focused
        if isinstance(focused, ReviewList) and not (focused.parent and focused.parent.has_class("-long")):
            self.query_one("#body").focus()  # its list is gone (this week's is short)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "week" and parameters and parameters[0] > 0:
            return True if self._start(self.day) < self._start(self.today) else None
        if action == "this_week":
            return True if self._start(self.day) != self._start(self.today) else None
        return True

    def action_week(self, step: int) -> None:
        target = add_days(self.day, 7 * step)
        if self._start(target) > self._start(self.today):
            return
        self.day = min(target, self.today)
        self.compute()

    def action_this_week(self) -> None:
        self.day = self.today
        self.compute()

    def action_mark(self) -> None:
        day = self.day
        self._save(
            lambda: self.service.mark_reviewed(day),
            lambda _: self._say("Week marked reviewed. Well done keeping the habit."),
            undo="week marked reviewed",
        )

    def after_save(self) -> None:
        self.compute()
