"""Outreach drafts for one contact: pick a template, see it filled in for them, edit it, with a
live word count and a warning when it reads as asking for a job. Copy it (or save it to a file
where the terminal cannot reach the clipboard); mark it sent to log it, so the queue moves on."""

from __future__ import annotations

import os

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static, TextArea
from textual.worker import Worker

from nurture.domain.models import Contact
from nurture.domain.outreach import (
    Template,
    job_ask_note,
    length_note,
    placeholders_in,
    render,
    suggested,
    word_count,
)
from nurture.domain.wording import count
from nurture.screens.base import NurtureScreen
from nurture.screens.form import FormScreen
from nurture.screens.template_form import TemplateEdit, TemplateForm
from nurture.widgets.field import Field
from nurture.widgets.screen_text import screen_text
from nurture.widgets.template_list import TemplateList

#: What to do about a placeholder left unfilled, by placeholder.
FILL_IN = {
    "my_goal": "ctrl+g sets your goal",
    "takeaway": "no takeaway logged with them yet: write it in",
    "referrer": "nobody introduced them: the cold note fits better",
    "first_name": "write their name in",
    "company": "no company on their card: write it in, or add it (e on the dashboard)",
    "role": "no role on their card: write it in, or add it (e on the dashboard)",
}


def clipboard_reachable(env: dict[str, str], headless: bool) -> bool:
    """Whether a copy through the terminal (OSC 52) is likely to land: not inside tmux (which
    drops it unless set-clipboard is on), Apple's Terminal or a bare console."""
    if headless or env.get("TMUX") or env.get("STY"):
        return False
    return env.get("TERM_PROGRAM") != "Apple_Terminal" and env.get("TERM", "") not in ("linux", "dumb", "")


class GoalForm(FormScreen[str]):
    def __init__(self, goal: str) -> None:
        super().__init__("Your goal, in one sentence: it fills {my_goal}")
        self.goal = goal

    def fields(self) -> list[Field]:
        return [
            Field(
                "My goal",
                Input(self.goal, id="goal", placeholder="I'm a teacher moving into learning design."),
                hint="Who you are and what you are exploring; the same for every message.",
                id="f-goal",
            )
        ]

    def collect(self, check) -> str:
        return self.query_one("#goal", Input).value.strip()


class OutreachScreen(NurtureScreen[str | None]):
    """Dismisses with the contact's id when a message was marked sent, else None."""

    DEFAULT_CSS = """
    OutreachScreen #to-line { height: 1; padding: 0 1; background: $boost; }
    OutreachScreen #outreach-body { height: 1fr; }
    OutreachScreen #templates-pane, OutreachScreen #draft-pane {
        border: round $panel-lighten-2; border-title-color: $text-muted; border-title-style: bold;
        border-subtitle-color: $text-muted;
    }
    OutreachScreen #templates-pane:focus-within, OutreachScreen #draft-pane:focus-within {
        border: round $accent; border-title-color: $accent;
    }
    OutreachScreen #templates-pane { width: 32; }
    OutreachScreen #draft-pane { width: 1fr; }
    OutreachScreen #draft { border: none; height: 1fr; padding: 0 1; }
    OutreachScreen #checks { height: auto; padding: 0 1; color: $text-muted; }
    OutreachScreen #checks.-warning { color: $warning; }
    """
    BINDINGS = [
        Binding("ctrl+t", "copy", "Copy"),
        Binding("ctrl+s", "sent", "Mark sent"),
        Binding("ctrl+g", "goal", "My goal"),
        Binding("ctrl+r", "refill", "Start over", show=False),
        Binding("e", "edit_template", "Edit template"),
        Binding("ctrl+end", "draft_end", "End of draft", show=False, priority=True),
    ]
    QUIT = False  # q is typed into the draft

    def __init__(self, contact: Contact, stage: str) -> None:
        super().__init__()
        self.contact = contact
        self.stage = stage
        self.values: dict[str, str] = {}
        self.templates: list[Template] = []
        self.key: str | None = None
        #: What the user wrote per template, kept while they switch between them.
        self.texts: dict[str, str] = {}
        #: Templates whose wording changed: filled in afresh when next shown.
        self.stale: set[str] = set()

    def body(self):
        yield Static(id="to-line", markup=False)
        with Horizontal(id="outreach-body"):
            with Vertical(id="templates-pane"):
                yield TemplateList(id="templates")
            with Vertical(id="draft-pane"):
                yield TextArea(id="draft", soft_wrap=True)
        yield Static(id="checks", markup=False)

    def on_mount(self) -> None:
        self.query_one("#templates-pane").border_title = "Templates"
        where = screen_text(self.contact.where)
        self.query_one("#to-line", Static).update(
            f"To {screen_text(self.contact.name)}{' · ' + where if where else ''} · {self.stage}"
        )
        self.query_one("#draft", TextArea).disabled = True
        self.hold_keys(self.load())  # keys typed meanwhile wait

    def load(self) -> Worker[None]:
        contact_id = self.contact.id
        return self.load_in_background(
            lambda service: (
                service.templates(),
                service.outreach_values(contact_id),
                service.outreach_template(contact_id),
            ),
            lambda found: self.show(*found),
        )

    def show(self, templates: list[Template], values: dict[str, str], fitting: str | None = None) -> None:
        """The templates, filled for the contact; at first the one that fits (``fitting``: what
        the queue has open for them, ``fitting_template``; else by their stage)."""
        first = not self.templates
        self.templates, self.values = templates, values
        box = self.query_one(TemplateList)
        keys = [t.key for t in templates]
        start = self.key or fitting or suggested(self.stage, bool(values.get("referrer")))
        box.set_rows(templates, cursor=keys.index(start) if start in keys else 0)
        if first:
            self.query_one("#draft", TextArea).disabled = False
            self.query_one("#draft", TextArea).focus()
        self._choose(start, fresh=start in self.stale)
        self.stale.discard(start)

    # --- the draft --------------------------------------------------------------------------

    def template(self) -> Template | None:
        return next((t for t in self.templates if t.key == self.key), None)

    @on(TemplateList.Highlighted)
    def _picked(self, event: TemplateList.Highlighted) -> None:
        if event.template is not None and event.template.key != self.key:
            self._choose(event.template.key)

    def _choose(self, key: str, fresh: bool = False) -> None:
        """Show template ``key``: what was written for it this time, else it filled in for the
        contact (``fresh``: filled in again, dropping what was written)."""
        draft = self.query_one("#draft", TextArea)
        same = self.key == key
        if self.key is not None and not same:
            self.texts[self.key] = draft.text
        self.key = key
        template = self.template()
        if template is None:
            return
        if fresh:
            self.texts.pop(key, None)
        if fresh or not same:
            text = self.texts.get(key)
            draft.load_text(text if text is not None else render(template.body, self.values).text)
        self.query_one("#draft-pane").border_title = f"{template.title} → logs {template.kind}"
        self._check()

    @on(TextArea.Changed, "#draft")
    def _check(self) -> None:
        text = self.query_one("#draft", TextArea).text
        words = word_count(text)
        notes: list[str] = []
        warning = False
        length = length_note(words)
        if length is not None:
            notes.append(length[1])
            warning = warning or length[0] == "warning"
        job = job_ask_note(text)
        if job:
            notes.append(job)
            warning = True
        unfilled = [p for p in dict.fromkeys(placeholders_in(text))]
        for name in unfilled:
            notes.append("{" + name + "}: " + FILL_IN.get(name, "not a placeholder nurture knows: write it out"))
        if unfilled:
            warning = True
        self.query_one("#draft-pane").border_subtitle = count(words, "word")
        checks = self.query_one("#checks", Static)
        checks.update("\n".join(notes) if notes else "Nothing to flag: no job ask, nothing left to fill in.")
        checks.set_class(warning, "-warning")

    # --- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("copy", "sent", "refill", "edit_template"):
            return True if self.template() is not None else None
        return True

    def action_draft_end(self) -> None:
        """ctrl+end: the draft's end, wherever the focus was (to add a sign-off)."""
        draft = self.query_one("#draft", TextArea)
        if not draft.disabled:
            draft.focus()
            draft.move_cursor(draft.document.end)

    def action_refill(self) -> None:
        if self.key is not None:
            self._choose(self.key, fresh=True)

    def action_copy(self) -> None:
        text = self.query_one("#draft", TextArea).text
        self.app.copy_to_clipboard(text)
        if clipboard_reachable(dict(os.environ), self.app.is_headless):
            self.notify(f"Copied to the clipboard ({count(word_count(text), 'word')}).", timeout=4)
            return
        key = self.key or "draft"
        self._save(
            lambda: self.service.save_draft_file(self.contact.id, key, text),
            lambda path: self.notify(
                screen_text(
                    f"This terminal may not pass copies to the clipboard, so the draft is also "
                    f"saved to {path} (readable only by you)."
                ),
                markup=False,
                timeout=10,
            ),
        )

    def action_sent(self) -> None:
        template = self.template()
        if template is None:
            return
        text = self.query_one("#draft", TextArea).text.strip()
        left = list(dict.fromkeys(placeholders_in(text)))
        if left:
            self.notify(
                screen_text("Fill in " + ", ".join("{" + p + "}" for p in left) + " before marking it sent."),
                severity="warning",
                markup=False,
            )
            return
        if not text:
            self.notify("The message is empty.", severity="warning")
            return

        def logged(result) -> None:
            self._say(f"Logged {template.kind} to {self.contact.name}: {template.title}.")
            self.dismiss(self.contact.id)

        self._save(lambda: self.service.mark_sent(self.contact.id, template.key, text), logged)

    def action_goal(self) -> None:
        def set_goal(goal: str | None) -> None:
            if goal is None:
                return

            def saved(_) -> None:
                self.values = {**self.values, "my_goal": goal}
                if goal:  # drafts fill the goal in where it is still a placeholder
                    self.texts = {k: t.replace("{my_goal}", goal) for k, t in self.texts.items()}
                    draft = self.query_one("#draft", TextArea)
                    if "{my_goal}" in draft.text:
                        draft.load_text(draft.text.replace("{my_goal}", goal))
                self._say("Your goal is saved for every draft.")

            self._save(lambda: self.service.update_settings(my_goal=goal), saved)

        self._ask(lambda: GoalForm(self.values.get("my_goal", "")), set_goal)

    def action_edit_template(self) -> None:
        template = self.template()
        if template is None:
            return

        def edited(edit: TemplateEdit | None) -> None:
            if edit is None:
                return
            key = template.key
            self.stale.add(key)  # the draft follows the new wording once it is saved

            def write():
                if edit.body is None:
                    return self.service.reset_template(key)
                return self.service.save_template(key, edit.body)

            self._save(
                write,
                lambda t: self._say(
                    f"{t.title}: back to nurture's wording."
                    if edit.body is None
                    else f"{t.title}: saved in your words."
                ),
            )

        self._ask(lambda: TemplateForm(template), edited)

    def after_save(self) -> None:
        self.load()
