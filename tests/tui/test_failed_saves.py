"""Nothing typed is lost when a save fails (a full disk, a damaged file): the form comes back with
what was typed and the error shown in it, and once the fault is gone ctrl+s saves. Meeting mode
keeps the notes and the meeting whatever fails."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from textual.widgets import Input, Select, TextArea

from nurture.screens.form import FormScreen
from nurture.screens.meeting import MeetingScreen
from nurture.screens.outreach import OutreachScreen
from nurture.screens.prep import PrepScreen
from nurture.screens.targets import TargetsScreen
from nurture.services import Nurture
from nurture.store.errors import DataFileError
from nurture.widgets.queue_list import QueueList
from tests.tui.conftest import Seconds, contact_named, make_app, open_on, rendered_text, settle, type_text

DISK_FULL = (
    "could not save /home/someone/.local/share/nurture/contacts.json: the disk is full. "
    "Nothing was changed. Free some space and try again."
)


class Fault:
    """Makes service methods raise DataFileError until ``clear()``; with ``slow``, a failing
    call waits for ``fail_now()``, as a write to a slow disk would."""

    def __init__(self, monkeypatch, *methods: str, slow: bool = False) -> None:
        self.on = True
        self.calls = 0
        self.go = threading.Event()
        if not slow:
            self.go.set()
        for name in methods:
            original = getattr(Nurture, name)

            def failing(service, *args, _original=original, **kwargs):
                if self.on:
                    self.calls += 1
                    assert self.go.wait(10)
                    raise DataFileError(DISK_FULL)
                return _original(service, *args, **kwargs)

            monkeypatch.setattr(Nurture, name, failing)

    def clear(self) -> None:
        self.on = False

    def fail_now(self) -> None:
        self.go.set()


def typed(form: FormScreen, widget_id: str):
    widget = form.query_one(f"#{widget_id}")
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, (Input, Select)):
        return widget.value
    raise AssertionError(widget)


def assert_problem_shown(app, form: FormScreen) -> None:
    """The error is in the form, in full, and on screen: not cut off, not scrolled away."""
    problem = form.query_one("#form-problem")
    text = " ".join(rendered_text(problem).split())
    assert "Not saved" in text and "the disk is full. Nothing was changed. Free some space and try again." in text
    assert problem.display and problem.region.height >= 2  # the message wraps; all of it shows
    assert app.screen.region.contains_region(problem.region), (problem.region, app.screen.region)
    visible = form.query_one("#dialog").region.intersection(problem.region)
    assert visible == problem.region


@dataclass
class Case:
    """A form whose answer is saved in the background: how to reach it, what to type, which
    service call fails, and how to see that it was saved in the end."""

    open: Callable[..., Awaitable[None]]
    fill: dict[str, str]
    methods: tuple[str, ...]
    saved: Callable[..., bool]
    form: str = ""
    size: tuple[int, int] = (80, 24)
    keys: list[str] = field(default_factory=list)


async def on_dashboard(pilot, app, name: str | None, key: str) -> None:
    if name is not None:
        app.screen.go_to(contact_named(app, name).id)
    await pilot.press(key)
    await settle(pilot)


async def queue_item(pilot, app, name: str, reason: str) -> None:
    queue = app.screen.query_one(QueueList)
    queue.focus()
    queue.move_to(next(i for i, r in enumerate(queue.rows) if getattr(r, "name", None) == name and r.reason == reason))
    await pilot.press("d")
    await settle(pilot)


async def prep_with(pilot, app, questions: list[str]) -> None:
    app.service.set_prep(contact_named(app, "Peter Novak").id, questions)
    await open_on(pilot, app, "Peter Novak", "Q", PrepScreen)


def timeline(app, name: str):
    return app.service.network().timeline(contact_named(app, name).id)


def stored(app, name: str):
    """The stored contact with this name, or None."""
    return next((c for c in app.service.network().contacts.values() if c.name == name), None)


CASES = {
    "add contact": Case(
        open=lambda pilot, app: on_dashboard(pilot, app, None, "a"),
        fill={"name": "Jane Doe", "company": "Acme Robotics", "tags": "robots, mentor"},
        methods=("add_contact",),
        saved=lambda app: getattr(stored(app, "Jane Doe"), "company", None) == "Acme Robotics",
        form="ContactForm",
    ),
    "edit contact": Case(
        open=lambda pilot, app: on_dashboard(pilot, app, "Peter Novak", "e"),
        fill={"role": "Head of Design", "notes": "Met at the meetup.\nLikes sketching."},
        methods=("update_contact",),
        saved=lambda app: (
            (contact_named(app, "Peter Novak").role, contact_named(app, "Peter Novak").notes)
            == ("Head of Design", "Met at the meetup.\nLikes sketching.")
        ),
        form="ContactForm",
        size=(120, 40),
    ),
    "log interaction": Case(
        open=lambda pilot, app: on_dashboard(pilot, app, "Peter Novak", "l"),
        fill={
            "summary": "Portfolio review",
            "notes": "Two hours of notes\nthat must never be lost",
            "takeaways": "show process",
            "minutes": "45",
        },
        methods=("log",),
        saved=lambda app: any(
            i.summary == "Portfolio review" and i.takeaways == ("show process",) for i in timeline(app, "Peter Novak")
        ),
        form="LogForm",
    ),
    "done": Case(
        open=lambda pilot, app: queue_item(pilot, app, "Peter Novak", "nudge"),
        fill={"note": "Sent the nudge by email"},
        methods=("log",),
        saved=lambda app: timeline(app, "Peter Novak")[-1].notes == "Sent the nudge by email",
        form="DoneForm",
    ),
    "follow-up": Case(
        open=lambda pilot, app: on_dashboard(pilot, app, "Peter Novak", "f"),
        fill={"due": "next fri", "text": "send the research ops article"},
        methods=("add_followup",),
        saved=lambda app: any(f.text == "send the research ops article" for f in app.service.network().followups),
        form="FollowUpForm",
    ),
    "snooze": Case(
        open=lambda pilot, app: on_dashboard(pilot, app, "Peter Novak", "s"),
        fill={"until": "2027-01-10"},
        methods=("snooze",),
        saved=lambda app: str(contact_named(app, "Peter Novak").snoozed_until) == "2027-01-10",
        form="SnoozeForm",
    ),
    "target": Case(
        open=lambda pilot, app: on_dashboard(pilot, app, None, "T"),
        keys=["a"],
        fill={"target": "Wise"},
        methods=("add_target",),
        saved=lambda app: "Wise" in [t.name for t in app.service.targets()],
        form="TargetForm",
    ),
    "own question": Case(
        open=lambda pilot, app: open_on(pilot, app, "Peter Novak", "Q", PrepScreen),
        keys=["n"],
        fill={"question": "What surprised you most in your first year?"},
        methods=("add_question",),
        saved=lambda app: (
            app.service.prep(contact_named(app, "Peter Novak").id) == ["What surprised you most in your first year?"]
        ),
        form="QuestionForm",
        size=(100, 34),
    ),
    "reworded question": Case(
        open=lambda pilot, app: prep_with(pilot, app, ["How did you start?", "What next?"]),
        keys=["shift+tab", "e"],
        fill={"question": "How did you start out in design?"},
        methods=("set_prep",),
        saved=lambda app: (
            app.service.prep(contact_named(app, "Peter Novak").id) == ["How did you start out in design?", "What next?"]
        ),
        form="QuestionForm",
        size=(100, 34),
    ),
    "template": Case(
        open=lambda pilot, app: open_on(pilot, app, "Peter Novak", "o", OutreachScreen),
        keys=["shift+tab", "e"],
        fill={"body": "Hey {first_name}, any news?\nA second line I wrote."},
        methods=("save_template",),
        saved=lambda app: (
            next(t for t in app.service.templates() if t.key == "nudge").body
            == "Hey {first_name}, any news?\nA second line I wrote."
        ),
        form="TemplateForm",
        size=(100, 30),
    ),
    "goal": Case(
        open=lambda pilot, app: open_on(pilot, app, "Sara Bianchi", "o", OutreachScreen),
        keys=["ctrl+g"],
        fill={"goal": "I teach and am moving into design."},
        methods=("update_settings",),
        saved=lambda app: app.service.settings().my_goal == "I teach and am moving into design.",
        form="GoalForm",
    ),
}


async def fill(pilot, form: FormScreen, values: dict[str, str]) -> None:
    """Type into each field as a user would (the first by keys, the rest set directly)."""
    for widget_id, value in values.items():
        widget = form.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            widget.load_text(value)
        else:
            widget.value = value
    await pilot.pause()


@pytest.mark.parametrize("case", sorted(CASES))
async def test_a_failed_save_brings_the_form_back_with_what_was_typed_and_the_error(demo_app, monkeypatch, case):
    spec = CASES[case]
    async with demo_app.run_test(size=spec.size, notifications=True) as pilot:
        await settle(pilot)
        await spec.open(pilot, demo_app)
        for key in spec.keys:
            await pilot.press(key)
            await settle(pilot)
        form = demo_app.screen
        assert type(form).__name__ == spec.form, form
        await fill(pilot, form, spec.fill)
        fault = Fault(monkeypatch, *spec.methods)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert fault.calls >= 1
        again = demo_app.screen
        assert type(again).__name__ == spec.form, again
        for widget_id, value in spec.fill.items():
            assert typed(again, widget_id) == value, widget_id
        assert_problem_shown(demo_app, again)
        assert not spec.saved(demo_app)

        fault.clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(demo_app.screen, FormScreen), demo_app.screen
        assert spec.saved(demo_app)


async def test_keys_pressed_while_saving_act_at_once_and_a_failure_comes_back_on_top(demo_app, monkeypatch):
    """The form closes on ctrl+s and the save runs in the background: the next keys act at once
    (here: a second contact being added). When the first save fails, its form comes back on
    top, filled in; under it, the second form is as it was left."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        fault = Fault(monkeypatch, "add_contact", slow=True)
        await pilot.press("a")
        await type_text(pilot, "Jane Doe")
        await pilot.press("ctrl+s", "a")  # a second add at once, while the first is being written
        await type_text(pilot, "Max")
        assert typed(demo_app.screen, "name") == "Max"
        fault.fail_now()
        await settle(pilot)
        assert typed(demo_app.screen, "name") == "Jane Doe"
        assert_problem_shown(demo_app, demo_app.screen)
        await pilot.press("escape")  # what was typed in it: asks first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert typed(demo_app.screen, "name") == "Max"
        assert not demo_app.screen.query_one("#form-problem").display


async def test_an_edit_whose_conflict_resolution_fails_comes_back(demo_app, monkeypatch):
    from nurture.screens.conflict import ConflictScreen

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        peter = contact_named(demo_app, "Peter Novak")
        await on_dashboard(pilot, demo_app, "Peter Novak", "e")
        demo_app.service.update_contact(peter.id, role="Design Director")  # meanwhile, in a shell
        demo_app.screen.query_one("#role", Input).value = "Head of Design"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, ConflictScreen)
        fault = Fault(monkeypatch, "update_contact")
        await pilot.press("m")  # keep mine
        await settle(pilot)
        assert type(demo_app.screen).__name__ == "ContactForm"
        assert typed(demo_app.screen, "role") == "Head of Design"
        assert_problem_shown(demo_app, demo_app.screen)
        fault.clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        if isinstance(demo_app.screen, ConflictScreen):  # the shell's change is still newer
            await pilot.press("m")
            await settle(pilot)
        assert contact_named(demo_app, "Peter Novak").role == "Head of Design"


# --- meeting mode --------------------------------------------------------------------------------


async def test_a_failed_end_of_meeting_keeps_the_notes_and_the_meeting(tmp_path, monkeypatch):
    seconds = Seconds()
    app = make_app(tmp_path / "data", demo=True, seconds=seconds)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        peter = await open_on(pilot, app, "Peter Novak", "m", MeetingScreen)
        before = len(app.service.network().timeline(peter.id))
        meeting = app.screen
        await type_text(pilot, "They hire twice a year")
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#end-summary", Input).value = "Design leadership chat"
        fault = Fault(monkeypatch, "end_meeting", "save_meeting")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert type(form).__name__ == "EndMeetingForm"
        assert typed(form, "end-summary") == "Design leadership chat"
        assert_problem_shown(app, form)
        assert len(app.service.network().timeline(peter.id)) == before  # nothing logged

        await pilot.press("escape")  # the summary typed: asks first
        await settle(pilot)
        await pilot.press("y")  # back to the meeting: the notes are all there, it goes on
        await settle(pilot)
        assert app.screen is meeting
        assert meeting.query_one("#notes", TextArea).text == "They hire twice a year"
        meeting.autosave()  # the disk is still full: the notes stay to be saved
        await settle(pilot)
        assert app.screen is meeting
        fault.clear()
        meeting.autosave()  # space again: the next autosave keeps them
        await settle(pilot)
        assert app.service.meeting(peter.id).notes == "They hire twice a year"

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert typed(app.screen, "end-summary") == ""
        app.screen.query_one("#end-summary", Input).value = "Design leadership chat"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (MeetingScreen, FormScreen))
        logged = app.service.network().timeline(peter.id)[-1]
        assert (logged.summary, logged.notes) == ("Design leadership chat", "They hire twice a year")
        assert app.service.meeting(peter.id) is None


async def test_a_failed_autosave_keeps_the_notes_to_save_and_says_so_once(tmp_path, monkeypatch):
    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        peter = await open_on(pilot, app, "Peter Novak", "m", MeetingScreen)
        meeting = app.screen
        fault = Fault(monkeypatch, "save_meeting")
        await type_text(pilot, "first")
        meeting.autosave()
        await settle(pilot)
        meeting.autosave()  # nothing typed since, but the notes are not saved yet: try again
        await settle(pilot)
        assert fault.calls == 2
        told = [str(n.message) for n in app._notifications if "disk is full" in str(n.message)]
        assert len(told) == 1, told  # not a notice every three seconds
        assert "not saved" in str(meeting.query_one("#notes-pane").border_subtitle)
        fault.clear()
        meeting.autosave()
        await settle(pilot)
        assert app.service.meeting(peter.id).notes == "first"
        assert "saved at" in str(meeting.query_one("#notes-pane").border_subtitle)


async def test_leaving_a_meeting_when_its_save_fails_keeps_the_notes(tmp_path, monkeypatch):
    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        peter = await open_on(pilot, app, "Peter Novak", "m", MeetingScreen)
        fault = Fault(monkeypatch, "save_meeting")
        await type_text(pilot, "notes that must survive")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k")  # keep it for later
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)  # back in the meeting, notes and all
        assert app.screen.query_one("#notes", TextArea).text == "notes that must survive"
        assert any("disk is full" in str(n.message) for n in app._notifications)
        fault.clear()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert not isinstance(app.screen, MeetingScreen)
        assert app.service.meeting(peter.id).notes == "notes that must survive"


async def test_a_save_that_fails_after_its_screen_was_left_says_so(demo_app, monkeypatch):
    """Left within the moment the write takes: the form cannot come back over a screen that is
    gone, so the error is a notice (and nothing crashes)."""
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(demo_app.screen, TargetsScreen)
        fault = Fault(monkeypatch, "add_target", slow=True)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Wise")
        await pilot.press("ctrl+s", "escape")
        fault.fail_now()
        await settle(pilot)
        assert demo_app.is_running
        assert not isinstance(demo_app.screen, (TargetsScreen, FormScreen)), demo_app.screen
        assert any("disk is full" in str(n.message) for n in demo_app._notifications)


async def test_a_question_picked_when_the_save_fails_is_not_shown_as_picked(demo_app, monkeypatch):
    """Question prep shows a pick at once and saves it behind; if that save fails, the list goes
    back to what is stored, so it never shows a pick that was not kept."""
    from nurture.widgets.question_lists import PrepList

    async with demo_app.run_test(size=(100, 34), notifications=True) as pilot:
        await settle(pilot)
        peter = await open_on(pilot, demo_app, "Peter Novak", "Q", PrepScreen)
        fault = Fault(monkeypatch, "set_prep")
        await pilot.press("space")
        await settle(pilot)
        assert fault.calls == 1
        assert demo_app.service.prep(peter.id) == []
        assert demo_app.screen.questions == []
        assert [r.position for r in demo_app.screen.query_one(PrepList).rows] == [None]  # the closing one only
        assert any("disk is full" in str(n.message) for n in demo_app._notifications)
        fault.clear()
        await pilot.press("space")
        await settle(pilot)
        assert len(demo_app.service.prep(peter.id)) == 1
