"""The dashboard's actions, in one table: its key bindings, its command palette, the actions that
need a selected contact and the help screen (``?``) are all made from ``DASHBOARD``, so none of
them can drift from the others."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Action:
    #: The screen's ``action_…`` method (or ``app.quit``).
    action: str
    #: Its keys, as Textual names them, comma-separated: "question_mark,f1".
    keys: str
    #: What the footer and the help's key column call it: "Add".
    label: str
    #: Its name in the command palette ("Add contact"); None: not in the palette.
    title: str | None
    #: The longer explanation, beside the key in the help and under the title in the palette.
    explain: str
    #: Shown in the footer.
    show: bool = False
    #: Only with a contact selected (else disabled, and greyed out in the footer).
    needs_contact: bool = False
    key_display: str | None = None
    #: More keys for it, never in the footer (where a focused field takes ``?``, F1 would show).
    also: str = ""

    @property
    def all_keys(self) -> list[str]:
        return [*self.keys.split(","), *(self.also.split(",") if self.also else ())]

    def bindings(self) -> list[Binding]:
        main = Binding(self.keys, self.action, self.label, show=self.show, key_display=self.key_display)
        return [main, Binding(self.also, self.action, self.label, show=False)] if self.also else [main]


#: In the order of the footer and the help.
DASHBOARD: tuple[Action, ...] = (
    Action("add", "a", "Add", "Add contact", "a new person to learn from", show=True),
    Action(
        "log",
        "l",
        "Log",
        "Log interaction",
        "a conversation, request, thank-you… with the selected contact",
        show=True,
        needs_contact=True,
    ),
    Action(
        "done",
        "d",
        "Done",
        "Done with queue item",
        "log the touch the highlighted queue item asks for (a meeting's: meet, prepare or log it)",
        show=True,
    ),
    Action(
        "book",
        "b",
        "Book",
        "Book a conversation",
        "the day, time, length and place they said yes to",
        needs_contact=True,
    ),
    Action(
        "followup", "f", "Follow-up", "Schedule follow-up", "a dated to-do for the selected contact", needs_contact=True
    ),
    Action(
        "snooze",
        "s",
        "Snooze",
        "Snooze contact",
        "hide the selected contact from the queue until a date",
        needs_contact=True,
    ),
    Action("edit", "e", "Edit", "Edit contact", "change the selected contact, its stage or notes", needs_contact=True),
    Action(
        "archive",
        "x",
        "Archive",
        "Archive contact",
        "hide the selected contact everywhere (an archived one, shown with A: bring them back)",
        needs_contact=True,
    ),
    Action(
        "show_archived",
        "A",
        "Show archived",
        "Show archived contacts",
        "list archived contacts too, greyed (A again hides them); x on one brings them back",
    ),
    Action(
        "delete",
        "D",
        "Delete",
        "Delete contact",
        "delete the selected contact for good, with their interactions, follow-ups, prep, drafts… (asks first)",
        needs_contact=True,
    ),
    Action(
        "take_other",
        "O",
        "Take other",
        "Sync conflict: take the other value",
        "the selected contact's first sync conflict (on the card) takes the value the other machine had",
        needs_contact=True,
    ),
    Action(
        "keep_kept",
        "K",
        "Keep",
        "Sync conflict: keep the value kept",
        "the selected contact's first sync conflict (on the card) is settled as it is",
        needs_contact=True,
    ),
    Action(
        "undo",
        "ctrl+z",
        "Undo",
        "Undo",
        "the last change made here: a log, done, follow-up, snooze, archive, edit, booking, stage move…",
    ),
    Action(
        "meeting",
        "m",
        "Meet",
        "Meeting mode",
        "the conversation with the selected contact: questions, countdown, notes",
        show=True,
        needs_contact=True,
    ),
    Action(
        "pipeline", "p", "Pipeline", "Pipeline", "everyone in columns by stage; move people along with keys", show=True
    ),
    Action(
        "review", "w", "Review", "Weekly review", "close the week, see what needs attention, plan the next", show=True
    ),
    Action(
        "outreach",
        "o",
        "Draft",
        "Outreach draft",
        "a request, the one nudge, a thank-you… for the selected contact, from templates",
        needs_contact=True,
    ),
    Action(
        "prep",
        "Q",
        "Questions",
        "Question prep",
        "five to seven open questions for the selected contact, from a bank or your own",
        needs_contact=True,
    ),
    Action(
        "chain",
        "R",
        "Referral chain",
        "Referral chain",
        "who introduced whom, as a tree, from the selected contact",
        needs_contact=True,
    ),
    Action(
        "target",
        "t",
        "Target company",
        "Make their company a target",
        "add the selected contact's company to your target companies",
        needs_contact=True,
    ),
    Action(
        "targets",
        "T",
        "Target companies",
        "Target companies",
        "employers you aim for, and whom you know at each: warm, in progress or nobody yet",
    ),
    Action(
        "commitments",
        "c",
        "Commitments",
        "Commitments",
        "what you promised and what they offered, across everyone; mark them done",
    ),
    Action(
        "search",
        "ctrl+f",
        "Search notes",
        "Search notes",
        "every note, takeaway and action item; enter opens the person at that conversation",
    ),
    Action("filter", "slash", "Filter", "Filter contacts", "by name, company, role or tag; fuzzy"),
    Action("sort", "S", "Sort", "Sort contacts", "by name, last contact or due date"),
    Action(
        "import",
        "i",
        "Import",
        "Import contacts",
        "from LinkedIn, Outlook, Google, vCard, CSV or nurture JSON, and invitations (.ics) as appointments; "
        "re-importing adds no duplicates",
    ),
    Action(
        "export",
        "E",
        "Export",
        "Export",
        "your network as JSON, CSV, vCard or Markdown; the queue and appointments as iCalendar",
    ),
    Action(
        "sync_now",
        "Y",
        "Sync",
        "Sync now",
        "with your other machines, through git (set up with nurture sync --init URL); the header says when",
    ),
    Action(
        "settings",
        "comma",
        "Settings",
        "Settings",
        "your weekly goal, outreach cap, cadence, nudge and thank-you delays, week start, date order, name and goal",
        key_display=",",
    ),
    Action(
        "more_history",
        "plus",
        "Older interactions",
        "Show older interactions",
        "the next 25 in the selected contact's timeline",
        needs_contact=True,
        key_display="+",
    ),
    Action("help", "question_mark", "Help", "Help: every key", "every key and the method", show=True, also="f1"),
    Action("app.quit", "q", "Quit", None, "leave nurture (everything is already saved)", show=True),
)

#: The dashboard's actions that need a selected contact.
NEEDS_CONTACT = frozenset(a.action for a in DASHBOARD if a.needs_contact)


def bindings(actions: tuple[Action, ...] = DASHBOARD) -> list[BindingType]:
    return [b for a in actions for b in a.bindings()]


def in_palette(actions: tuple[Action, ...] = DASHBOARD) -> list[Action]:
    return [a for a in actions if a.title is not None]
