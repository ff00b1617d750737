"""The weekly review: close the week, see what needs attention and what you learned, plan the
next one. ←/→ move between weeks; r marks the week reviewed. The sections lay out the review's
rows (``nurture.domain.review_rows``), as the shell's text and the Markdown export do."""

from __future__ import annotations

from datetime import date

from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from nurture.domain.dates import add_days
from nurture.domain.review import week_start
from nurture.domain.review_rows import ReviewRows, review_rows
from nurture.domain.wording import count
from nurture.screens.base import NurtureScreen
from nurture.widgets.hanging import Hanging, Lines
from nurture.widgets.screen_text import screen_text

H, MUTED = "bold $accent", "$text-muted"
OWNERS = {"mine": "You promised", "theirs": "They offered"}


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
    lines = _titled("Attention")
    lines.blank()
    if r.overdue:
        lines.add(("Overdue now  ", MUTED), (r.overdue, "bold $error"), indent=13)
    else:
        lines.add(("Nothing overdue.", "$success"))
    if r.unthanked:
        lines.blank()
        lines.add(("No thank-you yet", "bold"))
        for u in r.unthanked:
            lines.add("  ", screen_text(u.name), (f"  {u.kind} on {u.on:%a %d %b}", MUTED), indent=2)
    if r.losing_touch:
        lines.blank()
        lines.add(("Losing touch", "bold"), (" (over twice their cadence)", MUTED))
        for x in r.losing_touch:
            lines.add("  ", screen_text(x.name), (f"  {x.days_since} days, {x.cadence}", MUTED), indent=2)
    for owner, label in OWNERS.items():
        items = r.commitments[owner]
        if items:
            lines.blank()
            lines.add((label, "bold"))
            for c in items:
                lines.add(
                    ("  ☐ ", "$warning"),
                    screen_text(c.text),
                    (f"  {screen_text(c.name)}, {c.on:%d %b}", MUTED),
                    indent=4,
                )
    lines.blank()
    return lines.done()


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


def plan(r: ReviewRows) -> Hanging:
    lines = _titled("Next week")
    lines.blank()
    lines.add((f"At most {count(r.cap, 'reach-out')}, spread so no day is crowded", MUTED))
    for d, planned in r.plan:
        parts: list = [(f"{d:%a %d}  ", "bold")]
        if not planned:
            parts += [("—", MUTED)]
        for n, i in enumerate(planned):
            parts += [("; " if n else ""), (i.reason, "$accent"), " ", screen_text(i.name), (i.late, "$error")]
        lines.add(*parts, indent=len(f"{d:%a %d}  "))
    if r.later:
        lines.add((f"Later: {r.deferred} more — {r.later_text(screen_text)}", MUTED), indent=len("Later: "))
    lines.blank()
    return lines.done()


def trend(r: ReviewRows) -> Hanging:
    lines = _titled("Trend, 12 weeks")
    lines.blank()
    lines.add(("Conversations  ", MUTED), (r.conversations, "$success"), f"  {r.conversations_total}", indent=15)
    lines.add(("Outreach       ", MUTED), (r.outreach, "$accent"), f"  {r.outreach_total}", indent=15)
    lines.add(("               ", MUTED), (f"{r.first_week:%d %b} … {r.last_week:%d %b}", MUTED), indent=15)
    lines.add(("Streak         ", MUTED), (r.streak, "bold"), f" meeting the goal of {r.goal}", indent=15)
    return lines.done()


class ReviewScreen(NurtureScreen[None]):
    DEFAULT_CSS = """
    ReviewScreen #week { padding: 0 1; height: auto; text-style: bold; background: $boost; }
    ReviewScreen #body { padding: 0 1; }
    ReviewScreen #cols { height: auto; }
    ReviewScreen #cols > Vertical { width: 1fr; height: auto; }
    ReviewScreen #cols > Vertical > Static { margin: 1 1 0 0; }
    ReviewScreen.-narrow #cols { layout: vertical; }
    """
    BINDINGS = [
        Binding("left", "week(-1)", "Previous week", priority=True),
        Binding("right", "week(1)", "Next week", priority=True),
        Binding("t", "this_week", "This week", show=False),
        Binding("r", "mark", "Mark reviewed"),
    ]
    BACK = ("escape,w", "Dashboard")

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.review: ReviewRows | None = None

    def body(self):
        yield Static("", id="week", markup=False)
        with VerticalScroll(id="body"), Horizontal(id="cols"):
            with Vertical(id="left-col"):
                yield Static(id="activity")
                yield Static(id="attention")
            with Vertical(id="right-col"):
                yield Static(id="plan")
                yield Static(id="insights")
                yield Static(id="trend")

    def on_mount(self) -> None:
        self.query_one("#body").focus()
        self.compute()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    def compute(self) -> None:
        """The week's review, read (every note of the week) and worked out in a worker."""
        day = self.day
        self.load_in_background(lambda service: review_rows(service.review(day)), self.show)

    def show(self, r: ReviewRows) -> None:
        self.review = r
        status = f"reviewed {r.reviewed_on:%d %b}" if r.reviewed_on else "not reviewed (r)"
        weeks_ago = (week_start(self.today) - r.week_start).days // 7
        current = "this week" if r.is_current else "last week" if weeks_ago == 1 else f"{weeks_ago} weeks ago"
        self.query_one("#week", Static).update(f"{r.week} · {current} · {status}")
        self.query_one("#activity", Static).update(activity(r))
        self.query_one("#attention", Static).update(attention(r))
        self.query_one("#insights", Static).update(insights(r))
        self.query_one("#plan", Static).update(plan(r))
        self.query_one("#trend", Static).update(trend(r))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "week" and parameters and parameters[0] > 0:
            return True if week_start(self.day) < week_start(self.today) else None
        if action == "this_week":
            return True if week_start(self.day) != week_start(self.today) else None
        return True

    def action_week(self, step: int) -> None:
        target = add_days(self.day, 7 * step)
        if week_start(target) > week_start(self.today):
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
        )

    def after_save(self) -> None:
        self.compute()
