"""Question prep for one contact: pick five to seven open questions from the bank (or write
your own), put them in order; the method's closing question is always last. Meeting mode
shows this list as its checklist."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static
from textual.worker import Worker

from nurture.domain.appointments import DEFAULT_MINUTES, next_booked
from nurture.domain.errors import NurtureError
from nurture.domain.models import Contact
from nurture.domain.questions import AIM, CLOSING, Question, counter, on_target, reopen_hint
from nurture.screens.base import NurtureScreen
from nurture.screens.question_form import QuestionDraft, QuestionForm
from nurture.widgets.question_lists import BankList, PrepList, PrepRow, bank_rows
from nurture.widgets.screen_text import screen_text


def about(minutes: int = DEFAULT_MINUTES) -> str:
    """What the list is for, with the length booked with them (the method's 20 minutes if none)."""
    return (
        f"Aim for {AIM[0]}–{AIM[1]} open questions for a {minutes}-minute conversation; "
        "the closing question is always asked last."
    )


class PrepScreen(NurtureScreen[None]):
    DEFAULT_CSS = """
    PrepScreen #prep-pane, PrepScreen #bank-pane {
        border: round $panel-lighten-2; border-title-color: $text-muted; border-title-style: bold;
    }
    PrepScreen #prep-pane:focus-within, PrepScreen #bank-pane:focus-within {
        border: round $accent; border-title-color: $accent;
    }
    PrepScreen #prep-pane { height: auto; max-height: 12; }
    PrepScreen #prep-pane.-on-target { border-title-color: $success; }
    PrepScreen PrepList { height: auto; max-height: 9; }
    PrepScreen #prep-note { height: auto; padding: 0 1; color: $text-muted; }
    PrepScreen #prep-note.-closed { color: $warning; }
    PrepScreen #bank-pane { height: 1fr; }
    """
    BINDINGS = [
        Binding("space", "pick", "Pick"),  # enter too, through the bank's Chosen
        Binding("n", "new", "Write"),
        Binding("e", "reword", "Reword"),
        Binding("x,delete", "remove", "Remove"),
        Binding("shift+up,K", "shift(-1)", "Order", key_display="⇧↑↓"),
        Binding("shift+down,J", "shift(1)", "Move down", show=False),
    ]

    def __init__(self, contact: Contact) -> None:
        super().__init__()
        self.contact = contact
        self.questions: list[str] = []
        self.bank: list[Question] = []
        #: The length of the conversation booked with them: what the questions are for.
        self.minutes = DEFAULT_MINUTES
        self.loaded = False
        #: A save of the list failed: what is shown is not what is stored until the next load.
        self.stale = False

    def body(self):
        with Vertical(id="prep-pane"):
            yield PrepList(id="prep")
            yield Static(about(), id="prep-note", markup=False)
        with Vertical(id="bank-pane"):
            yield BankList(id="bank")

    def on_mount(self) -> None:
        self.query_one("#bank-pane").border_title = "Question bank"
        self._title()
        self.query_one(BankList).focus()
        self.hold_keys(self.load())  # keys act on what it loads

    def load(self) -> Worker[None]:
        contact_id = self.contact.id
        return self.load_in_background(
            lambda service: (service.prep(contact_id), service.question_bank(), _booked_minutes(service, contact_id)),
            lambda found: self.show(*found),
        )

    def show(self, questions: list[str], bank: list[Question], minutes: int = DEFAULT_MINUTES) -> None:
        self.minutes = minutes
        if not self.loaded or self.stale:  # later loads follow our own saves: what is shown is newer
            self.questions = questions
            self.stale = False
        self.loaded = True
        bank_list = self.query_one(BankList)
        keep = bank_list.current
        self.bank = bank
        rows = bank_rows(bank)
        bank_list.set_rows(rows, cursor=rows.index(keep) if keep in rows else None)
        self.query_one("#bank-pane").border_title = f"Question bank · {len(bank)}"
        self._show_questions()

    # --- the contact's list -----------------------------------------------------------------

    def _show_questions(self, cursor: int | None = None) -> None:
        rows = [PrepRow(i, q) for i, q in enumerate(self.questions)] + [PrepRow(None, CLOSING)]
        self.query_one(PrepList).set_rows(rows, cursor=cursor)
        self.query_one(BankList).chosen = {q.casefold() for q in self.questions}
        self.query_one(BankList).redraw()  # its ticks are drawn from ``chosen``
        self._title()
        self._note()
        self.refresh_bindings()

    def _title(self) -> None:
        pane = self.query_one("#prep-pane")
        # a Content, never a markup string: the name is the user's text
        pane.border_title = Content(f"Questions for {screen_text(self.contact.name)} · {counter(len(self.questions))}")
        pane.set_class(on_target(len(self.questions)), "-on-target")

    def _note(self) -> None:
        focused = self.focused_question()
        hint = reopen_hint(focused) if focused and focused != CLOSING else ""
        note = self.query_one("#prep-note", Static)
        note.update(hint or about(self.minutes))
        note.set_class(bool(hint), "-closed")

    def _store(self, message: str | None = None) -> None:
        questions = list(self.questions)
        self._save(
            lambda: self.service.set_prep(self.contact.id, questions),
            (lambda _: self._say(message)) if message else None,
            self._unsaved,
        )

    def _unsaved(self, error: NurtureError) -> bool:
        self.stale = True  # the reload that follows shows the list as it is stored
        return False  # and the error is said (or the form it came from comes back)

    def after_save(self) -> None:
        self.load()

    # --- what is selected ----------------------------------------------------------------------

    def focused_question(self) -> str | None:
        focused = self.focused
        if isinstance(focused, BankList) and isinstance(focused.current, Question):
            return focused.current.text
        if isinstance(focused, PrepList) and focused.current is not None:
            return focused.current.text
        return None

    def prep_index(self) -> int | None:
        """The highlighted prepared question's index, when the list has focus."""
        focused = self.focused
        if isinstance(focused, PrepList) and focused.current is not None:
            return focused.current.position
        return None

    def bank_question(self) -> Question | None:
        focused = self.focused
        if isinstance(focused, BankList) and isinstance(focused.current, Question):
            return focused.current
        return None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "pick":
            return True if self.bank_question() is not None or self.prep_index() is not None else None
        if action == "remove":
            q = self.bank_question()
            return True if self.prep_index() is not None or (q is not None and q.own) else None
        if action == "reword":
            return True if self.prep_index() is not None else None
        if action == "shift":
            i = self.prep_index()
            return True if i is not None and 0 <= i + parameters[0] < len(self.questions) else None
        if action == "new":
            return True if self.loaded else None
        return True

    @on(BankList.Highlighted)
    @on(PrepList.Highlighted)
    def _highlighted(self) -> None:
        self._note()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self._note()
        self.refresh_bindings()

    # --- actions --------------------------------------------------------------------------

    @on(BankList.Chosen)
    def _chosen(self, event: BankList.Chosen) -> None:
        self._toggle(event.question.text)

    def action_pick(self) -> None:
        q = self.bank_question()
        if q is not None:
            self._toggle(q.text)
        elif self.prep_index() is not None:
            self.action_remove()

    def _toggle(self, text: str) -> None:
        if not self.loaded:
            return
        folded = [q.casefold() for q in self.questions]
        if text.casefold() in folded:
            del self.questions[folded.index(text.casefold())]
        else:
            self.questions.append(text)
        self._show_questions()
        self._store()

    def action_remove(self) -> None:
        i = self.prep_index()
        if i is not None:
            del self.questions[i]
            self._show_questions(cursor=min(i, max(len(self.questions) - 1, 0)))
            self._store()
            return
        q = self.bank_question()
        if q is not None and q.own:
            self._save(
                lambda: self.service.remove_question(q.id),
                lambda _: self._say("Removed your question from the bank (lists that hold it keep it)."),
            )

    def action_shift(self, step: int) -> None:
        i = self.prep_index()
        if i is None or not 0 <= i + step < len(self.questions):
            return
        self.questions[i], self.questions[i + step] = self.questions[i + step], self.questions[i]
        self._show_questions(cursor=i + step)
        self._store()

    def action_reword(self) -> None:
        i = self.prep_index()
        if i is None:
            return

        def reworded(draft: QuestionDraft | None) -> None:
            if draft is not None and draft.text != self.questions[i]:
                self.questions[i] = draft.text
                self._show_questions(cursor=i)
                self._store()

        text = self.questions[i]
        self._ask(lambda: QuestionForm(f"Reword for {self.contact.name}", text, topic=None), reworded)

    def action_new(self) -> None:
        def written(draft: QuestionDraft | None) -> None:
            if draft is None or draft.topic is None:
                return
            topic = draft.topic
            if draft.text.casefold() not in (q.casefold() for q in self.questions):
                self.questions.append(draft.text)
                self._show_questions()
            questions = list(self.questions)
            known = any(q.text.casefold() == draft.text.casefold() for q in self.bank)

            def both():
                if not known:
                    self.service.add_question(topic, draft.text)
                return self.service.set_prep(self.contact.id, questions)

            self._save(both, lambda _: self._say(f"Added to the bank under {topic}, and to this list."), self._unsaved)

        self._ask(lambda: QuestionForm("Your own question"), written)


def _booked_minutes(service, contact_id: str) -> int:
    """The length of the next conversation booked with them (the method's 20 if none)."""
    now = service.moment()
    booked = next_booked([a for a in service.appointments() if a.contact_id == contact_id], now)
    return booked.minutes if booked is not None and booked.end > now else DEFAULT_MINUTES
