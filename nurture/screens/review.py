"""The weekly review: close the week, see what needs attention and what you learned, plan the
next one. ←/→ move between weeks; r marks the week reviewed."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nurture.domain.dates import add_days
from nurture.domain.errors import NurtureError
from nurture.domain.review import WeekReview, sparkline, week_start
from nurture.domain.wording import count
from nurture.review_report import activity_rows, late, later, overdue_counts
from nurture.widgets.hanging import Hanging, Lines
from nurture.widgets.screen_text import screen_text

H, MUTED = "bold $accent", "$text-muted"


def _titled(title: str) -> Lines:
    lines = Lines()
    lines.add((title, H))
    return lines


def activity(r: WeekReview) -> Hanging:
    lines = _titled("Activity")
    for label, value in activity_rows(r):
        style = "bold $success" if "goal met" in value else ""
        lines.add((f"{label:<22}", MUTED), (value, style), indent=22)
    lines.blank()
    return lines.done()


def attention(r: WeekReview) -> Hanging:
    lines = _titled("Attention")
    lines.blank()
    if r.overdue:
        lines.add(("Overdue now  ", MUTED), (overdue_counts(r), "bold $error"), indent=13)
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
    for owner, label in (("mine", "You promised"), ("theirs", "They offered")):
        items = r.open_commitments[owner]
        if items:
            lines.blank()
            lines.add((label, "bold"))
            for c in items:
                lines.add(("  ☐ ", "$warning"), screen_text(c.text),
                          (f"  {screen_text(c.name)}, {c.on:%d %b}", MUTED), indent=4)
    lines.blank()
    return lines.done()


def insights(r: WeekReview) -> Hanging:
    lines = _titled("What you learned")
    if not r.takeaways:
        lines.add(("No takeaways captured this week. Log them with l.", MUTED))
    for _, name, items in r.takeaways:
        lines.blank()
        lines.add((screen_text(name), "bold"))
        for t in items:
            lines.add(("  ★ ", "$success"), screen_text(t), indent=4)
    if r.takeaways:
        lines.blank()
    return lines.done()


def plan(r: WeekReview) -> Hanging:
    lines = _titled("Next week")
    lines.blank()
    lines.add((f"At most {count(r.cap, 'reach-out')}, spread so no day is crowded", MUTED))
    for d, items in r.plan:
        parts: list = [(f"{d:%a %d}  ", "bold")]
        if not items:
            parts += [("—", MUTED)]
        for n, i in enumerate(items):
            parts += [("; " if n else ""), (i.reason, "$accent"), " ", screen_text(i.name), (late(i, d), "$error")]
        lines.add(*parts, indent=len(f"{d:%a %d}  "))
    if r.deferred:
        lines.add((f"Later: {len(r.deferred)} more — {later(r, screen_text)}", MUTED), indent=len("Later: "))
    lines.blank()
    return lines.done()


def trend(r: WeekReview) -> Hanging:
    first, last = r.trend[0].week_start, r.trend[-1].week_start
    lines = _titled("Trend, 12 weeks")
    lines.blank()
    lines.add(("Conversations  ", MUTED), (sparkline([w.conversations for w in r.trend]), "$success"),
              f"  {sum(w.conversations for w in r.trend)}", indent=15)
    lines.add(("Outreach       ", MUTED), (sparkline([w.outreach for w in r.trend]), "$accent"),
              f"  {sum(w.outreach for w in r.trend)}", indent=15)
    lines.add(("               ", MUTED), (f"{first:%d %b} … {last:%d %b}", MUTED), indent=15)
    lines.add(("Streak         ", MUTED), (count(r.streak, "week"), "bold"), f" meeting the goal of {r.goal}",
              indent=15)
    return lines.done()


class ReviewScreen(Screen):
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
        Binding("escape,w", "back", "Dashboard"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.review: WeekReview | None = None

    def compose(self):
        yield Header(show_clock=False, icon="◆")
        yield Static("", id="week", markup=False)
        with VerticalScroll(id="body"):
            with Horizontal(id="cols"):
                with Vertical(id="left-col"):
                    yield Static(id="activity")
                    yield Static(id="attention")
                with Vertical(id="right-col"):
                    yield Static(id="plan")
                    yield Static(id="insights")
                    yield Static(id="trend")
        yield Footer()

    @property
    def service(self):
        return self.app.service  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.query_one("#body").focus()
        self.compute()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    @work(thread=True, exclusive=True, group="review")
    def compute(self) -> None:
        review = self.service.review(self.day)
        self.app.call_from_thread(self.show, review)

    def show(self, r: WeekReview) -> None:
        self.review = r
        today = self.service.today()
        status = f"reviewed {r.reviewed_on:%d %b}" if r.reviewed_on else "not reviewed (r)"
        weeks_ago = (week_start(today) - r.week_start).days // 7
        current = "this week" if r.is_current else "last week" if weeks_ago == 1 else f"{weeks_ago} weeks ago"
        self.query_one("#week", Static).update(
            f"{r.week_start:%a %d %b} – {r.week_end:%a %d %b %Y} · {current} · {status}"
        )
        self.query_one("#activity", Static).update(activity(r))
        self.query_one("#attention", Static).update(attention(r))
        self.query_one("#insights", Static).update(insights(r))
        self.query_one("#plan", Static).update(plan(r))
        self.query_one("#trend", Static).update(trend(r))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "week" and parameters and parameters[0] > 0:
            return True if week_start(self.day) < week_start(self.service.today()) else None
        if action == "this_week":
            return True if week_start(self.day) != week_start(self.service.today()) else None
        return True

    def action_week(self, step: int) -> None:
        target = add_days(self.day, 7 * step)
        if week_start(target) > week_start(self.service.today()):
            return
        self.day = min(target, self.service.today())
        self.compute()

    def action_this_week(self) -> None:
        self.day = self.service.today()
        self.compute()

    def action_mark(self) -> None:
        try:
            self.service.mark_reviewed(self.day)
        except NurtureError as e:
            self.notify(screen_text(str(e)), severity="error", markup=False)
            return
        self.notify("Week marked reviewed. Well done keeping the habit.")
        self.compute()

    def action_back(self) -> None:
        self.dismiss()
