"""Meeting mode: the conversation itself. The prepared questions as a checklist, a countdown to
the length you asked for, notes that autosave every few seconds, keys to mark a line as a
takeaway or an action item (yours or theirs) and to capture a referral. Ending it logs the
conversation; the thank-you then shows in the queue, due the next day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, tzinfo

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea
from textual.worker import Worker

from nurture.domain.appointments import Appointment, link_in, where_label
from nurture.domain.errors import NurtureError
from nurture.domain.library import MeetingDraft, Referral
from nurture.domain.meeting import (
    MARKS,
    MINE,
    NOTICES,
    OVER,
    RUNNING,
    TAKEAWAY,
    THEIRS,
    WRAP_UP,
    Countdown,
    clock_text,
    nothing_in,
    notices_due,
    parse_notes,
    toggle_mark,
)
from nurture.domain.models import Contact
from nurture.domain.questions import with_closing
from nurture.domain.wording import count, sentence
from nurture.screens.base import NurtureScreen
from nurture.screens.key_question import Answer, KeyQuestion
from nurture.screens.meeting_forms import EndDraft, EndMeetingForm, ReferralForm
from nurture.services.meetings import appointment_today, meeting_day
from nurture.widgets.checklist import Checklist, Item
from nurture.widgets.screen_text import screen_text

#: Seconds between autosaves of the notes (a crash loses at most this much typing).
AUTOSAVE_SECONDS = 3.0
LEGEND = f"Marks: {MARKS[TAKEAWAY]}takeaway · {MARKS[MINE]}you'll do · {MARKS[THEIRS]}they'll do (logged as such)"


#: esc's answers: keep the meeting for later, or throw it away.
KEEP, DISCARD = "keep", "discard"


def leave_question(name: str) -> KeyQuestion:
    """esc in a meeting with something in it."""
    return KeyQuestion(
        f"Leave the meeting with {name}?",
        "Keep it for later (m on them resumes it, notes and all), or discard it: nothing is logged.",
        [Answer("k", "Keep for later", KEEP), Answer("d", "Discard", DISCARD)],
        back="Back to the meeting",
    )


#: Meeting mode opened this long or less before an appointment counts down from its start.
EARLY_SECONDS = 6 * 3600


class MeetingScreen(NurtureScreen[str | None]):
    """Dismisses with the contact's id once the meeting is logged, else None."""

    DEFAULT_CSS = """
    MeetingScreen #meeting-bar { height: 1; padding: 0 1; background: $primary 30%; text-style: bold; }
    MeetingScreen #meeting-bar.-wrap-up { background: $warning 50%; }
    MeetingScreen #meeting-bar.-over { background: $error 60%; }
    MeetingScreen #questions-pane, MeetingScreen #notes-pane {
        border: round $panel-lighten-2; border-title-color: $text-muted; border-title-style: bold;
        border-subtitle-color: $text-muted;
    }
    MeetingScreen #questions-pane:focus-within, MeetingScreen #notes-pane:focus-within {
        border: round $accent; border-title-color: $accent;
    }
    MeetingScreen #questions-pane { height: auto; max-height: 11; }
    MeetingScreen Checklist { height: auto; max-height: 9; }
    MeetingScreen #meeting-appointment { height: auto; padding: 0 1; color: $text-muted; display: none; }
    MeetingScreen #meeting-appointment.-shown { display: block; }
    MeetingScreen #referrals { padding: 0 1; color: $secondary; display: none; }
    MeetingScreen #referrals.-shown { display: block; }
    MeetingScreen #notes-pane { height: 1fr; min-height: 5; }
    MeetingScreen #notes { border: none; height: 1fr; padding: 0 1; }
    MeetingScreen #legend { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+t,f2", "mark('takeaway')", "Takeaway"),
        Binding("ctrl+o,f3", "mark('mine')", "Mine"),
        Binding("ctrl+b,f4", "mark('theirs')", "Theirs"),
        Binding("ctrl+n", "next_question", "Next question asked", show=False),
        Binding("ctrl+r,f5", "referral", "Referral"),
        Binding("ctrl+s", "end", "End"),
        Binding("ctrl+up", "length(5)", "5 minutes more", show=False),
        Binding("ctrl+down", "length(-5)", "5 minutes less", show=False),
    ]
    BACK = ("escape", "Leave")  # the meeting is kept first: ``action_back``
    QUIT = False  # q is typed into the notes

    def __init__(self, contact: Contact) -> None:
        super().__init__()
        self.contact = contact
        self.draft: MeetingDraft | None = None
        self.countdown: Countdown | None = None
        self.questions: list[str] = []
        #: The booked appointment this meeting is (today's, or the resumed draft's), if any.
        self.appointment: Appointment | None = None
        #: The day the meeting is logged on: the appointment's, else today.
        self.day: date | None = None
        self.state = RUNNING
        self.dirty = False
        self.ended = False
        #: esc was pressed: the notes are being kept, then the screen closes.
        self.leaving = False
        #: The last autosave failed (said once, retried at every autosave until one lands).
        self.unsaved = False

    def body(self):
        yield Static(id="meeting-bar", markup=False)
        yield Static(id="meeting-appointment", markup=False)
        with Vertical(id="questions-pane"):
            yield Checklist(empty_text="Loading…", id="checklist")
            yield Static(id="referrals", markup=False)
        with Vertical(id="notes-pane"):
            yield TextArea(id="notes", soft_wrap=True, show_line_numbers=False)
        yield Static(LEGEND, id="legend", markup=False)

    def on_mount(self) -> None:
        self.query_one("#questions-pane").border_title = "Questions"
        self.query_one("#questions-pane").border_subtitle = "space ticks · ^n ticks the next"
        self.query_one("#notes-pane").border_title = "Notes"
        notes = self.query_one("#notes", TextArea)
        notes.disabled = True  # until the draft is read: nothing typed may be lost or doubled
        self.hold_keys(self.load())  # keys typed meanwhile wait

    # --- starting or resuming ---------------------------------------------------------------

    def load(self) -> Worker[None]:
        contact_id = self.contact.id
        return self.load_in_background(
            lambda service: (
                service.meeting(contact_id),
                service.prep(contact_id),
                service.appointments(every=True),
                service.moment(),
                service.zone(),
            ),
            lambda found: self.begin(*found),
        )

    def begin(
        self,
        draft: MeetingDraft | None,
        prepared: list[str],
        appointments: list[Appointment] | None = None,
        now: datetime | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        resumed = draft is not None
        appointment = None
        if now is not None and zone is not None:
            appointment = self._appointment(draft, appointments or [], now, zone)
            self.day = meeting_day(appointment, zone, now.date())
            self._show_appointment(appointment, zone)
        self.appointment = appointment
        if draft is None:
            draft = MeetingDraft(self.contact.id, self.clock())
            if appointment is not None:  # its length counts down (from its start), and ending it logs it
                ahead = (appointment.start - now).total_seconds() if now is not None else 0.0
                started = draft.started + ahead if 0 < ahead < EARLY_SECONDS else draft.started
                draft = replace(draft, started=started, minutes=appointment.minutes, appointment_id=appointment.id)
        self.draft = draft
        self.countdown = Countdown(self.clock, draft.started, draft.minutes)
        self.state = self.countdown.state()  # a resumed meeting gives no notice already past
        self.questions = with_closing(prepared)
        notes = self.query_one("#notes", TextArea)
        notes.load_text(draft.notes)
        notes.disabled = False
        notes.focus()
        notes.move_cursor(notes.document.end)
        self._show_questions()
        self._show_referrals()
        self._tick()
        self.set_interval(1.0, self._tick)
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)
        if resumed:
            minutes = int(self.countdown.elapsed() // 60)
            self._say(f"Resumed the meeting with {self.contact.name}, {count(minutes, 'minute')} in. Nothing was lost.")
        else:
            self._store(draft)  # the start itself is kept: a crash now still resumes this meeting
        if len(self.questions) == 1:
            self.notify("No questions prepared for this person: Q on the dashboard prepares them.", timeout=6)

    def _appointment(
        self, draft: MeetingDraft | None, appointments: list[Appointment], now: datetime, zone: tzinfo
    ) -> Appointment | None:
        """A resumed meeting's own appointment; a new one's, today's with this person."""
        if draft is not None:
            mine = draft.appointment_id
            return next((a for a in appointments if mine and a.id == mine and a.contact_id == draft.contact_id), None)
        return appointment_today(appointments, self.contact.id, now, zone)

    def _show_appointment(self, appointment: Appointment | None, zone: tzinfo) -> None:
        box = self.query_one("#meeting-appointment", Static)
        box.set_class(appointment is not None, "-shown")
        if appointment is None:
            return
        box.update(appointment_line(appointment, zone))

    # --- the countdown --------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.countdown is None:
            return
        state = self.countdown.state()
        for notice in notices_due(self.state, state):
            self.notify(
                NOTICES[notice],
                title="Wrap up" if notice == WRAP_UP else "Time",
                severity="warning" if notice == WRAP_UP else "error",
                timeout=20,
            )
        self.state = state
        bar = self.query_one("#meeting-bar", Static)
        where = screen_text(self.contact.where)
        label, minutes = self.countdown.label(), self.countdown.minutes
        length = f"{label}  ·  {minutes} min" if label.startswith("starts") else f"{label} of {minutes} min"
        bar.update(f"◷ {length}  ·  {screen_text(self.contact.name)}{'  ·  ' + where if where else ''}")
        bar.set_class(state == WRAP_UP, "-wrap-up")
        bar.set_class(state == OVER, "-over")

    def action_length(self, step: int) -> None:
        if self.countdown is not None:
            self.countdown.minutes = min(max(self.countdown.minutes + step, 5), 180)
            self.state = self.countdown.state()
            self.dirty = True
            self._tick()

    # --- the checklist ----------------------------------------------------------------------------

    def _show_questions(self, cursor: int | None = None) -> None:
        assert self.draft is not None
        asked = {a.casefold() for a in self.draft.asked}
        rows = [Item(q, q.casefold() in asked) for q in self.questions]
        checklist = self.query_one(Checklist)
        checklist.set_rows(rows, cursor=cursor)
        done = sum(r.asked for r in rows)
        self.query_one("#questions-pane").border_title = f"Questions · {done} of {len(rows)} asked"

    @on(Checklist.Toggled)
    def _toggled(self, event: Checklist.Toggled) -> None:
        self._tick_off(event.text)

    def _tick_off(self, text: str, cursor: int | None = None) -> None:
        if self.draft is None:
            return
        asked = list(self.draft.asked)
        folded = [a.casefold() for a in asked]
        if text.casefold() in folded:
            del asked[folded.index(text.casefold())]
        else:
            asked.append(text)
        self.draft = replace(self.draft, asked=tuple(asked))
        self.dirty = True
        self._show_questions(cursor)

    def action_next_question(self) -> None:
        """Tick the first question not asked yet, without leaving the notes."""
        if self.draft is None:
            return
        asked = {a.casefold() for a in self.draft.asked}
        index = next((i for i, q in enumerate(self.questions) if q.casefold() not in asked), None)
        if index is not None:
            following = next(
                (i for i, q in enumerate(self.questions) if i > index and q.casefold() not in asked), index
            )
            self._tick_off(self.questions[index], cursor=following)

    # --- notes ----------------------------------------------------------------------------------

    @on(TextArea.Changed, "#notes")
    def _typed(self) -> None:
        self.dirty = True

    def action_mark(self, kind: str) -> None:
        notes = self.query_one("#notes", TextArea)
        if notes.disabled:
            return
        row, _ = notes.cursor_location
        line = notes.document.get_line(row)
        marked = toggle_mark(line, kind)
        notes.replace(marked, (row, 0), (row, len(line)))
        notes.move_cursor((row, len(marked)))
        notes.focus()

    def action_referral(self) -> None:
        def captured(referral: Referral | None) -> None:
            if referral is not None and self.draft is not None:
                self.draft = replace(self.draft, referrals=(*self.draft.referrals, referral))
                self.dirty = True
                self._show_referrals()
                self._say(f"Noted {referral.name}: added as a prospect when you log the meeting.")

        self.app.push_screen(ReferralForm(self.contact.name), captured)

    def _show_referrals(self) -> None:
        refs = self.draft.referrals if self.draft else ()
        box = self.query_one("#referrals", Static)
        box.update(
            "Referrals: "
            + ", ".join(screen_text(r.name) + (f" ({screen_text(r.company)})" if r.company else "") for r in refs)
        )
        box.set_class(bool(refs), "-shown")

    # --- saving -------------------------------------------------------------------------------------

    def current(self) -> MeetingDraft | None:
        if self.draft is None:
            return None
        minutes = self.countdown.minutes if self.countdown else self.draft.minutes
        self.draft = replace(self.draft, notes=self.query_one("#notes", TextArea).text, minutes=minutes)
        return self.draft

    def autosave(self) -> None:
        if self.dirty and not self.ended:
            draft = self.current()
            if draft is not None:
                self.dirty = False
                self._store(draft)

    def _store(self, draft: MeetingDraft) -> None:
        def saved(_) -> None:
            self.unsaved = False
            at = clock_text(self.countdown.elapsed()) if self.countdown else "0:00"
            self.query_one("#notes-pane").border_subtitle = f"saved at {at} into the meeting"

        def failed(error: NurtureError) -> bool:
            self.dirty = True  # still to keep: the next autosave tries again
            self.query_one("#notes-pane").border_subtitle = "not saved yet: trying again every few seconds"
            if not self.unsaved:  # once, not every three seconds
                self.unsaved = True
                self._not_saved(error)
            return True

        self._save(lambda: self.service.save_meeting(draft), saved, failed)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("mark", "next_question", "referral", "end", "length"):
            return True if self.draft is not None and not self.ended else None
        return True

    # --- leaving and ending -----------------------------------------------------------------------

    def action_back(self) -> None:
        """Leave without logging: keep the meeting for later (m resumes it) or discard it. A
        meeting with nothing in it is discarded without asking."""
        if self.leaving:
            return
        draft = self.current()
        if draft is None or self.ended:  # nothing to keep (not loaded, or logged already)
            self.dismiss(None)
            return
        if nothing_in(draft.notes, draft.asked, draft.referrals):
            self._discard(said=False)
            return

        def answered(answer: str | None) -> None:
            if answer == KEEP:
                self._keep()
            elif answer == DISCARD:
                self._discard(said=True)
            else:
                self.query_one("#notes", TextArea).focus()

        self.app.push_screen(leave_question(self.contact.name), answered)

    def _discard(self, said: bool) -> None:
        """Throw the meeting away (nothing logged) and close."""
        self.leaving = self.ended = True
        name = self.contact.name

        def gone(_) -> None:
            if said:
                self.app.notify(screen_text(f"The meeting with {name} is discarded: nothing was logged."), markup=False)
            self.dismiss(None)

        contact_id = self.contact.id
        failed = self._stays_open("The meeting stays open: esc tries again.", "Not discarded")
        self._save(lambda: self.service.discard_meeting(contact_id), gone, failed)

    def _keep(self) -> None:
        """Keep the meeting for later: the screen closes once the notes are saved; should that
        fail, it stays open with them and says why."""
        draft = self.current()
        if draft is None:
            self.dismiss(None)
            return
        self.leaving = self.ended = True  # no autosave, no marks meanwhile
        notes = self.query_one("#notes", TextArea)
        notes.read_only = True  # what is typed now would not be in the saved notes

        def kept(_) -> None:
            self.app.notify(screen_text(f"The meeting with {self.contact.name} is kept: m resumes it."), markup=False)
            self.dismiss(None)

        failed = self._stays_open("The meeting stays open with your notes: esc tries again.", "Not saved")
        self._save(lambda: self.service.save_meeting(draft), kept, failed)

    def _stays_open(self, then: str, title: str) -> Callable[[NurtureError], bool]:
        """What a failed keep or discard does: the meeting goes on (its notes editable, marked
        unsaved), and the error says so."""

        def failed(error: NurtureError) -> bool:
            self.leaving = self.ended = False
            self.dirty = True
            self.query_one("#notes", TextArea).read_only = False
            self.notify(screen_text(f"{error} {then}"), title=title, severity="error", markup=False, timeout=10)
            return True

        return failed

    def action_end(self) -> None:
        draft = self.current()
        if draft is None or self.countdown is None:
            return
        parsed = parse_notes(draft.notes)
        referrals = len(draft.referrals)
        what = (
            f"Logs {count(len(parsed.takeaways), 'takeaway')}, {len(parsed.mine)} for you to do, "
            f"{len(parsed.theirs)} they offered, and adds "
            + (f"{count(referrals, 'referral')} as {_prospects(referrals)}. " if referrals else "no referrals. ")
            + "The thank-you is then due tomorrow."
        )
        if self.appointment is not None and self.day is not None:
            what += f" Logged on {_day_text(self.day)}, the appointment's day; it is then held."

        def chosen(end: EndDraft) -> None:
            self.ended = True
            final = self.current()
            assert final is not None

            def logged(result) -> None:
                added = (
                    f" Added {', '.join(c.name for c in result.added)} as {_prospects(len(result.added))}."
                    if result.added
                    else ""
                )
                self._say(
                    sentence(f"Logged a {end.minutes}-minute {end.kind} with {self.contact.name}")
                    + f" Thank them by tomorrow: it is in the queue.{added}"
                )
                self.dismiss(self.contact.id)

            def failed(error: NurtureError) -> bool:
                self.ended = False  # nothing was logged: keep going, keep autosaving
                self.dirty = True  # and keep these notes: the meeting stays resumable
                return False  # the end form comes back, as filled in, with the error

            self._save(
                lambda: self.service.end_meeting(final, end.kind, end.minutes, end.summary),
                logged,
                failed,
                undo=f"logged meeting ({end.kind}) with {self.contact.name}",
            )

        minutes = self.countdown.minutes_taken()
        self._ask(lambda: EndMeetingForm(self.contact.name, minutes, what), chosen)


def _day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def appointment_line(appointment: Appointment, zone: tzinfo) -> Text:
    """Which appointment the meeting is: 'Thu 3 Dec 15:00 · 30 min · Google Meet', and the
    video link (a link) when there is one."""
    local = appointment.local(zone)
    parts = [f"{_day_text(local.date())} {local:%H:%M}", f"{appointment.minutes} min"]
    label = where_label(appointment.where)
    if label:
        parts.append(screen_text(label))
    line = Text("Appointment: " + " · ".join(parts))
    url = link_in(appointment.where)
    if url:
        line.append("  ")
        line.append(screen_text(url), style=Style(link=url, underline=True))
    return line


def _prospects(n: int) -> str:
    return "a prospect" if n == 1 else "prospects"
