"""The weekly review as text for the shell, Markdown for a journal, or JSON for scripts. Text and
Markdown lay out the review's rows (``nurture.domain.review_rows``), as the review screen does."""

from __future__ import annotations

from datetime import date
from typing import Any

from nurture.domain.review import WeekReview
from nurture.domain.review_rows import booking_text, review_rows
from nurture.domain.wording import count
from nurture.tables import markdown_text, printable

#: How the text and the Markdown name whose a commitment is.
MARKDOWN_OWNERS = {"mine": "I promised", "theirs": "They offered"}
TEXT_OWNERS = {"mine": "You promised", "theirs": "They offered"}


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
        "conversations_booked": r.conversations_booked,
        "overdue": r.overdue,
        "losing_touch": [
            {
                "contact_id": x.contact_id,
                "name": x.name,
                "days_since": x.days_since,
                "last_contact": x.last_contact.isoformat() if x.last_contact else None,
                "cadence": x.cadence,
            }
            for x in r.losing_touch
        ],
        "unthanked": [
            {"contact_id": u.contact_id, "name": u.name, "kind": u.kind, "date": u.on.isoformat()} for u in r.unthanked
        ],
        "open_commitments": {
            owner: [
                {"contact_id": c.contact_id, "name": c.name, "text": c.text, "date": c.on.isoformat()} for c in items
            ]
            for owner, items in r.open_commitments.items()
        },
        "takeaways": [{"contact_id": cid, "name": name, "takeaways": items} for cid, name, items in r.takeaways],
        "next_week": [item(i) for i in r.next_week],
        "booked": [
            {
                "contact_id": b.contact_id,
                "name": b.name,
                "date": b.day.isoformat(),
                "time": b.at,
                "minutes": b.minutes,
                "where": b.where,
                "appointment_id": b.appointment_id,
            }
            for b in r.booked_ahead
        ],
        "plan": [{"date": d.isoformat(), "items": [item(i) for i in items]} for d, items in r.plan],
        "deferred": [item(i) for i in r.deferred],
        "outreach_cap": r.cap,
        "trend": [
            {"week_start": w.week_start.isoformat(), "conversations": w.conversations, "outreach": w.outreach}
            for w in r.trend
        ],
        "streak": r.streak,
    }


def to_markdown(r: WeekReview) -> str:
    rows, md = review_rows(r), markdown_text
    out = [f"# {rows.title}", ""]
    if rows.reviewed_on:
        out += [f"*Reviewed {rows.reviewed_on:%a %d %b %Y}.*", ""]
    out += ["## Activity", ""]
    out += [f"- **{f.label}:** {f.value}" for f in rows.activity]
    out += ["", "## Attention", ""]
    out.append(f"- **Overdue now:** {rows.overdue}" if rows.overdue else "- Nothing overdue.")
    for u in rows.unthanked:
        out.append(f"- Thank **{md(u.name)}** for the {u.kind} on {rows.when(u.on, '%a %d %b')}.")
    for x in rows.losing_touch:
        out.append(f"- Losing touch with **{md(x.name)}**: {x.days_since:,} days ({x.cadence}).")
    for owner, label in MARKDOWN_OWNERS.items():
        for c in rows.commitments[owner]:
            out.append(f"- {label} ({md(c.name)}, {rows.when(c.on)}): {md(c.text)}")
    out += ["", "## What I learned", ""]
    if not rows.takeaways:
        out.append("- No takeaways captured this week.")
    for name, items in rows.takeaways:
        out.append(f"- **{md(name)}**")
        out += [f"  - {md(t)}" for t in items]
    out += ["", "## Next week", ""]
    for d, bookings in rows.booked:
        out.append(f"- **{d:%a %d %b}, booked:** " + "; ".join(booking_text(b, md) for b in bookings))
    for d, planned in rows.plan:
        if planned:
            out.append(f"- **{d:%a %d %b}:** " + "; ".join(f"{i.reason} {md(i.name)}{i.late}" for i in planned))
    if rows.later:
        out.append(f"- Later (over the weekly cap of {rows.cap}): {rows.later_text(md)}")
    if rows.nothing_planned:
        out.append("- Nothing due.")
    out += [
        "",
        "## Trend (12 weeks)",
        "",
        f"- Conversations `{rows.conversations}`",
        f"- Outreach `{rows.outreach}`",
        f"- Streak: {rows.streak} meeting the goal of {rows.goal}",
        "",
    ]
    return "\n".join(out)


def to_text(r: WeekReview, today: date) -> str:
    rows, width = review_rows(r), 24
    out = [rows.title + (f"   (reviewed {rows.reviewed_on:%d %b})" if rows.reviewed_on else ""), ""]
    out += ["ACTIVITY"] + [f"  {f.label:<{width}}{f.value}" for f in rows.activity]
    out += ["", "ATTENTION"]
    out.append("  Overdue now            " + (rows.overdue or "nothing"))
    for u in rows.unthanked:
        out.append(f"  No thank-you yet       {printable(u.name)} ({u.kind} {rows.when(u.on)})")
    for x in rows.losing_touch:
        out.append(f"  Losing touch           {printable(x.name)}: {x.days_since:,} days ({x.cadence})")
    for owner, label in TEXT_OWNERS.items():
        for c in rows.commitments[owner]:
            out.append(f"  {label:<23}{printable(c.name)}: {printable(c.text)}")
    out += ["", "LEARNED"]
    if not rows.takeaways:
        out.append("  No takeaways captured this week.")
    for name, items in rows.takeaways:
        out.append(f"  {printable(name)}")
        out += [f"    * {printable(t)}" for t in items]
    if rows.booked:
        out += ["", "BOOKED"]
        for d, bookings in rows.booked:
            out += [f"  {d:%a %d %b}  " + ("" if n == 0 else " " * 10) + booking_text(b, printable)
                    for n, b in enumerate(bookings)]  # fmt: skip
    out += ["", f"PLAN (at most {count(rows.cap, 'reach-out')})"]
    for d, planned in rows.plan:
        names = "; ".join(f"{i.reason} {printable(i.name)}{i.late}" for i in planned)
        out.append(f"  {d:%a %d %b}  {names or '—'}")
    if rows.later:
        out.append(f"  Later      {rows.deferred:,} more: {rows.later_text(printable)}")
    out += [
        "",
        "TREND (12 weeks)",
        f"  Conversations  {rows.conversations}",
        f"  Outreach       {rows.outreach}",
        f"  Streak         {rows.streak} meeting the goal of {rows.goal}",
    ]
    return "\n".join(out)
