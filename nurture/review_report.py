"""The weekly review as text for the shell, Markdown for a journal, or JSON for scripts."""

from __future__ import annotations

from datetime import date
from collections.abc import Callable
from typing import Any

from nurture.domain.review import WeekReview, sparkline
from nurture.domain.wording import count
from nurture.tables import markdown_text, printable


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def _week_title(r: WeekReview) -> str:
    return f"Week of {r.week_start:%a %d %b} – {r.week_end:%a %d %b %Y}"


def activity_rows(r: WeekReview) -> list[tuple[str, str]]:
    return [
        ("Conversations", f"{r.conversations} of {r.goal}" + (" ✓ goal met" if r.goal_met else "")),
        ("Outreach sent", str(r.outreach_sent)),
        ("Replies received", str(r.replies)),
        ("Reply rate", _pct(r.reply_rate)
         + (f" ({round(r.reply_rate * r.outreach_sent)} of {r.outreach_sent} replied)" if r.reply_rate is not None else "")),
        ("Thank-yous", f"{r.thank_yous} ({r.thank_yous_on_time} within 24 h)" if r.thank_yous else "0"),
        ("Nudges", str(r.nudges)),
        ("Updates, report-backs", str(r.updates)),
        ("New contacts", str(r.new_contacts)),
        ("Referrals gained", str(r.referrals)),
    ]


def to_json(r: WeekReview) -> dict[str, Any]:
    def item(i) -> dict:
        return i.to_dict()

    return {
        "week_start": r.week_start.isoformat(),
        "week_end": r.week_end.isoformat(),
        "as_of": r.as_of.isoformat(),
        "reviewed_on": r.reviewed_on.isoformat() if r.reviewed_on else None,
        "outreach_sent": r.outreach_sent,
        "replies": r.replies,
        "reply_rate": r.reply_rate,
        "conversations": r.conversations,
        "goal": r.goal,
        "goal_met": r.goal_met,
        "thank_yous": r.thank_yous,
        "thank_yous_on_time": r.thank_yous_on_time,
        "nudges": r.nudges,
        "updates": r.updates,
        "new_contacts": r.new_contacts,
        "referrals": r.referrals,
        "overdue": r.overdue,
        "losing_touch": [
            {"contact_id": x.contact_id, "name": x.name, "days_since": x.days_since,
             "last_contact": x.last_contact.isoformat() if x.last_contact else None, "cadence": x.cadence}
            for x in r.losing_touch
        ],
        "unthanked": [
            {"contact_id": u.contact_id, "name": u.name, "kind": u.kind, "date": u.on.isoformat()}
            for u in r.unthanked
        ],
        "open_commitments": {
            owner: [{"contact_id": c.contact_id, "name": c.name, "text": c.text, "date": c.on.isoformat()}
                    for c in items]
            for owner, items in r.open_commitments.items()
        },
        "takeaways": [{"contact_id": cid, "name": name, "takeaways": items} for cid, name, items in r.takeaways],
        "next_week": [item(i) for i in r.next_week],
        "plan": [{"date": d.isoformat(), "items": [item(i) for i in items]} for d, items in r.plan],
        "deferred": [item(i) for i in r.deferred],
        "outreach_cap": r.cap,
        "trend": [{"week_start": w.week_start.isoformat(), "conversations": w.conversations,
                   "outreach": w.outreach} for w in r.trend],
        "streak": r.streak,
    }


def to_markdown(r: WeekReview) -> str:
    out = [f"# {_week_title(r)}", ""]
    if r.reviewed_on:
        out += [f"*Reviewed {r.reviewed_on:%a %d %b %Y}.*", ""]
    out += ["## Activity", ""]
    out += [f"- **{label}:** {value}" for label, value in activity_rows(r)]
    out += ["", "## Attention", ""]
    if r.overdue:
        out.append("- **Overdue now:** " + overdue_counts(r))
    else:
        out.append("- Nothing overdue.")
    for u in r.unthanked:
        out.append(f"- Thank **{markdown_text(u.name)}** for the {u.kind} on {u.on:%a %d %b}.")
    for x in r.losing_touch:
        out.append(f"- Losing touch with **{markdown_text(x.name)}**: {x.days_since} days ({x.cadence}).")
    for owner, label in (("mine", "I promised"), ("theirs", "They offered")):
        for c in r.open_commitments[owner]:
            out.append(f"- {label} ({markdown_text(c.name)}, {c.on:%d %b}): {markdown_text(c.text)}")
    out += ["", "## What I learned", ""]
    if not r.takeaways:
        out.append("- No takeaways captured this week.")
    for _, name, items in r.takeaways:
        out.append(f"- **{markdown_text(name)}**")
        out += [f"  - {markdown_text(t)}" for t in items]
    out += ["", "## Next week", ""]
    for d, items in r.plan:
        if items:
            out.append(f"- **{d:%a %d %b}:** " + "; ".join(f"{i.reason} {markdown_text(i.name)}{late(i, d)}" for i in items))
    if r.deferred:
        out.append(f"- Later (over the weekly cap of {r.cap}): {later(r, markdown_text)}")
    if not any(items for _, items in r.plan) and not r.deferred:
        out.append("- Nothing due.")
    out += ["", "## Trend (12 weeks)", "",
            f"- Conversations `{sparkline([w.conversations for w in r.trend])}`",
            f"- Outreach `{sparkline([w.outreach for w in r.trend])}`",
            f"- Streak: {count(r.streak, 'week')} meeting the goal of {r.goal}", ""]
    return "\n".join(out)


def to_text(r: WeekReview, today: date) -> str:
    width = 24
    out = [_week_title(r) + (f"   (reviewed {r.reviewed_on:%d %b})" if r.reviewed_on else ""), ""]
    out += ["ACTIVITY"] + [f"  {label:<{width}}{value}" for label, value in activity_rows(r)]
    out += ["", "ATTENTION"]
    out.append("  Overdue now            " + (overdue_counts(r) or "nothing"))
    for u in r.unthanked:
        out.append(f"  No thank-you yet       {printable(u.name)} ({u.kind} {u.on:%d %b})")
    for x in r.losing_touch:
        out.append(f"  Losing touch           {printable(x.name)}: {x.days_since} days ({x.cadence})")
    for owner, label in (("mine", "You promised"), ("theirs", "They offered")):
        for c in r.open_commitments[owner]:
            out.append(f"  {label:<23}{printable(c.name)}: {printable(c.text)}")
    out += ["", "LEARNED"]
    if not r.takeaways:
        out.append("  No takeaways captured this week.")
    for _, name, items in r.takeaways:
        out.append(f"  {printable(name)}")
        out += [f"    * {printable(t)}" for t in items]
    out += ["", f"PLAN (at most {count(r.cap, 'reach-out')})"]
    for d, items in r.plan:
        names = "; ".join(f"{i.reason} {printable(i.name)}{late(i, d)}" for i in items)
        out.append(f"  {d:%a %d %b}  {names or '—'}")
    if r.deferred:
        out.append(f"  Later      {len(r.deferred)} more: {later(r, printable)}")
    out += ["", "TREND (12 weeks)",
            f"  Conversations  {sparkline([w.conversations for w in r.trend])}",
            f"  Outreach       {sparkline([w.outreach for w in r.trend])}",
            f"  Streak         {count(r.streak, 'week')} meeting the goal of {r.goal}"]
    return "\n".join(out)


def overdue_counts(r: WeekReview) -> str:
    """What is overdue, by reason: "2 nudges, 1 thank-you"."""
    return ", ".join(count(n, reason) for reason, n in r.overdue.items())


def later(r: WeekReview, show: Callable[[str], str]) -> str:
    """The items over the weekly cap, each person once with what their items are:
    "Hannah Cohen (nudge, follow-up); Ada Park (touch-base)". ``show`` makes a name safe where
    it goes (the terminal, Markdown)."""
    people: dict[str, tuple[str, list[str]]] = {}
    for i in r.deferred:
        people.setdefault(i.contact_id, (i.name, []))[1].append(i.reason)
    return "; ".join(f"{show(name)} ({', '.join(reasons)})" for name, reasons in people.values())


def late(item, day: date) -> str:
    """' (due 21 Nov)' for an item planned after its due date, else nothing."""
    return f" (due {item.due:%d %b})" if item.due < day else ""

