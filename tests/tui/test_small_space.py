"""Small space, big terminal: at 80×24 the names in the queue and the pipeline are whole, the
reasons a sign and a word; a long commitment is read in full on the detail line; the header gives
up the date and counts for a meeting in progress; at 160×50 the columns widen."""

from __future__ import annotations

from nurture.domain.library import MeetingDraft
from nurture.domain.queue import FOLLOW_UP, QueueItem
from nurture.screens.commitments import CommitmentsScreen
from nurture.screens.dashboard import header_line
from nurture.screens.pipeline import PipelineScreen, column_widths
from nurture.widgets.commitment_list import CommitmentList
from nurture.widgets.contact_list import ContactList, layout
from nurture.widgets.pipeline_column import PipelineColumn
from nurture.widgets.queue_list import REASON_LABELS, QueueList
from tests.tui.conftest import TODAY, Seconds, contact_named, lines, make_app, rendered_text, settle

LONG_PROMISE = (
    "Send Sofía the write-up of the research guild's retro, the two interview guides and the "
    "spreadsheet of every team we spoke to, with the notes on which ones are hiring"
)


def add_sofia(app) -> str:
    """Sofía Martínez, with a follow-up due today: a name of typical length."""
    sofia = app.service.add_contact("Sofía Martínez", company="Cabify", role="Product Designer")
    app.service.add_followup(sofia.id, TODAY, "ask about the design system")
    return sofia.id


async def show_in_queue(pilot, app, name: str) -> str:
    """The line the queue draws for ``name``'s first item, once it is scrolled to."""
    queue = app.screen.query_one(QueueList)
    index = next(i for i, r in enumerate(queue.rows) if isinstance(r, QueueItem) and r.name == name)
    queue.move_to(index)
    await settle(pilot)
    return next(line for line in lines(queue) if name.split()[0] in line)


async def test_typical_names_are_whole_in_the_queue_at_80x24(demo_app):
    add_sofia(demo_app)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sofia = await show_in_queue(pilot, demo_app, "Sofía Martínez")
        assert "Sofía Martínez" in sofia and "…" not in sofia
        assert sofia.startswith(" today ") and REASON_LABELS[FOLLOW_UP] in sofia
        peter = await show_in_queue(pilot, demo_app, "Peter Novak")
        assert "Peter Novak" in peter and "➜ nudge" in peter
        assert peter.startswith(" 2d ") and "late" not in peter  # under "Overdue": no "late"
        queue = demo_app.screen.query_one(QueueList)
        width = queue.scrollable_content_region.width
        for row in queue.rows:  # every name of the demo's queue is whole at this size
            if isinstance(row, QueueItem):
                assert row.name in queue.render_row(row, width).plain


async def test_typical_names_are_whole_in_the_pipeline_at_80x24(demo_app):
    add_sofia(demo_app)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(demo_app.screen, PipelineScreen)
        prospect = "\n".join(lines(demo_app.screen.query_one("#col-prospect", PipelineColumn)))
        requested = "\n".join(lines(demo_app.screen.query_one("#col-requested", PipelineColumn)))
        assert "Sofía Martínez" in prospect and "Peter Novak" in requested
        for col in demo_app.screen.query(PipelineColumn):
            shown = "\n".join(lines(col))
            assert "…" not in shown, (col.stage, shown)
            for card in col.rows:  # every name whole, in the scheduled column too
                assert card.name in shown, (col.stage, shown)
        widths = [col.scrollable_content_region.width for col in demo_app.screen.query(PipelineColumn)]
        assert sum(col.outer_size.width for col in demo_app.screen.query(".stage")) <= 80
        assert min(widths) >= len("met 0")  # an empty column keeps its heading, and gives the rest away


async def test_the_demo_pipeline_at_80x24_shows_every_name_whole_and_the_meeting_to_log(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        for col in demo_app.screen.query(PipelineColumn):
            shown = "\n".join(lines(col))
            assert "…" not in shown and all(card.name in shown for card in col.rows), (col.stage, shown)
        scheduled = [line.rstrip() for line in lines(demo_app.screen.query_one("#col-scheduled", PipelineColumn))]
        # the meeting that is over and not logged yet: a sign, not "to log" cut into the name
        assert any(line.startswith("Samuel Adeyemi") and line.endswith("✎") for line in scheduled), scheduled
        assert any(line.startswith("Lucas Martin") and line.endswith("Thu") for line in scheduled), scheduled


async def test_the_commitments_detail_line_shows_the_highlighted_row_in_full(demo_app):
    emily = contact_named(demo_app, "Emily Chen")
    demo_app.service.log(emily.id, "call", TODAY, todos=[LONG_PROMISE])
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(demo_app.screen, CommitmentsScreen)
        box = demo_app.screen.query_one(CommitmentList)
        index = next(i for i, r in enumerate(box.rows) if getattr(r, "text", "") == LONG_PROMISE)
        row = next(line for line in lines(box) if "Emily Chen" in line and "Send Sofía" in line)
        assert LONG_PROMISE not in row and row.rstrip().endswith("…")  # the row cuts it
        box.move_to(index)
        await settle(pilot)
        detail = rendered_text(demo_app.screen.query_one("#commitment-detail"))
        assert " ".join(detail.split()) == f"You promised Emily Chen on {TODAY:%a %d %b %Y}: {LONG_PROMISE}"
        await pilot.press("up")
        await settle(pilot)
        above = box.current
        detail = " ".join(rendered_text(demo_app.screen.query_one("#commitment-detail")).split())
        assert above.text in detail and LONG_PROMISE not in detail  # it follows the cursor


def test_the_header_gives_up_the_date_then_the_counts_for_a_meeting():
    meeting = "meeting with Sofía Martínez in progress, 12 min"
    parts = ("Mon 30 Nov", "10 overdue · 3 today", "review due")
    assert header_line(meeting, parts, 200) == f"{meeting} · Mon 30 Nov · 10 overdue · 3 today · review due"
    assert header_line(meeting, parts, 90) == f"{meeting} · 10 overdue · 3 today · review due"
    assert header_line(meeting, parts, 70) == f"{meeting} · review due"
    assert header_line(meeting, parts, 47) == meeting


async def test_at_80_columns_the_header_shows_the_meeting_in_progress_whole(tmp_path):
    seconds = Seconds()
    app = make_app(tmp_path / "data", demo=True, seconds=seconds)
    sofia_id = add_sofia(app)
    app.service.save_meeting(MeetingDraft(sofia_id, started=seconds() - 12 * 60, notes="half-way"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = app.sub_title
        assert said.startswith("meeting with Sofía Martínez in progress, 12 min")
        assert "Mon" not in said and "overdue" not in said  # the date and counts gave way
        header = app.screen.query_one("HeaderTitle")
        assert "in progress, 12 min" in str(header.render())
        await pilot.resize_terminal(160, 50)
        await settle(pilot)
        assert "overdue" in app.sub_title  # room again: the counts come back
        assert app.sub_title.startswith("meeting with Sofía Martínez in progress, 12 min · ")


async def test_sorted_by_due_at_120x40_the_names_are_whole(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contacts = demo_app.screen.query_one(ContactList)
        contacts.focus()
        while demo_app.screen.sort != "due":
            await pilot.press("S")
            await settle(pilot)
        shown = "\n".join(lines(contacts))
        for row in contacts.rows[: contacts.size.height]:
            assert row.contact.name in shown  # "Noah Petersen", "Samuel Adeyemi": whole
        assert "…" not in shown


def test_the_contact_list_gives_the_name_its_room_first():
    name, company, role, stage = layout(18)
    assert (name, company, role, stage) == (18, 0, 0, 0)
    name, company, role, stage = layout(31)  # by due at 120 columns: no company, the name wider
    assert name >= 18 and stage == 10 and company == 0
    name, company, role, stage = layout(59)  # 160 columns: company and role too
    assert name > 18 and company and role
    # by content: short names give their room to the company and the role, each whole
    assert layout(69, name_need=16, company_need=17, role_need=26) == (16, 17, 26, 10)
    assert layout(75, name_need=16, company_need=17, role_need=26) == (18, 19, 28, 10)  # to spare: even gaps
    # too little for all: the wider of company and role gives way first
    name, company, role, stage = layout(50, name_need=16, company_need=10, role_need=26)
    assert (name, company, role, stage) == (16, 10, 14, 10)


def test_pipeline_columns_fit_what_they_hold():
    # too narrow for all: the widest give way, the empty one keeps only its heading
    widths = column_widths([14, 14, 22, 6, 16, 14], [11, 12, 12, 6, 13, 10], 80)
    assert sum(widths) == 80 and widths[3] == 6 and widths[0] == 14 and widths[1] == 14
    # room to spare: the narrowest grow first, to even columns
    widths = column_widths([14, 14, 22, 6, 16, 14], [11, 12, 12, 6, 13, 10], 160)
    assert sum(widths) == 160 and max(widths) - min(widths) <= 1
    # an empty column keeps its heading's width and gives the rest to the others
    empty = [False, False, False, True, False, False]
    widths = column_widths([14, 14, 22, 6, 16, 14], [11, 12, 12, 6, 13, 10], 160, empty)
    assert sum(widths) == 160 and widths[3] == 6
    others = [w for i, w in enumerate(widths) if i != 3]
    assert max(others) - min(others) <= 1


def on_screen_entries(detail) -> int:
    """How many timeline entries (a line starting with their date) the contact pane shows now."""
    import re

    from textual.geometry import Region
    from textual.widgets import Static

    body = detail.query_one("#timeline", Static)
    strips = body.render_lines(Region(0, 0, body.size.width, body.size.height))
    top = body.virtual_region.y - detail.scroll_offset.y
    shown = [s.text for y, s in enumerate(strips) if 0 <= top + y < detail.scrollable_content_region.height]
    return sum(1 for line in shown if re.match(r"\s*\d{4}-\d{2}-\d{2}", line))


async def test_at_160x50_the_columns_widen_and_the_queue_shows_the_detail(demo_app):
    from nurture.widgets.contact_detail import ContactDetail

    maya = contact_named(demo_app, "Maya Okafor")  # 13 conversations logged
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        demo_app.screen.go_to(maya.id)
        await settle(pilot)
        at_120 = on_screen_entries(demo_app.screen.query_one(ContactDetail))
        await pilot.resize_terminal(160, 50)
        await settle(pilot)
        assert on_screen_entries(demo_app.screen.query_one(ContactDetail)) > at_120 >= 1
        demo_app.screen.query_one(QueueList).move_to(0)
        await settle(pilot)
        queue = demo_app.screen.query_one(QueueList)
        width = queue.scrollable_content_region.width
        for row in queue.rows:  # every name and every reason of the demo's queue whole
            if isinstance(row, QueueItem):
                shown = queue.render_row(row, width).plain
                assert row.name in shown and queue.detail(row) in shown, shown
                assert "…" not in shown
        assert "how did it go? yesterday 11:00, 20 min: log the conversation" in "\n".join(lines(queue))
        contacts = demo_app.screen.query_one(ContactList)
        width = contacts.scrollable_content_region.width
        for row in contacts.rows:  # name, company and role whole: "Accessibility Specialist" too
            shown = contacts.render_row(row, width).plain
            for value in (row.contact.name, row.contact.company, row.contact.role):
                assert value in shown, shown
            assert "…" not in shown
        await pilot.press("p")
        await settle(pilot)
        widths = {c.id: c.outer_size.width for c in demo_app.screen.query(".stage")}
        assert sum(widths.values()) == 160
        assert widths["stage-met"] == len("met 0") + 1  # empty: its heading, and the rest to the others
        others = [w for stage, w in widths.items() if stage != "stage-met"]
        assert min(others) >= 30 and max(others) - min(others) <= 1
