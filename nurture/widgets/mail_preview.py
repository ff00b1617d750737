"""A mailbox import's preview: per person, the touches it would log (date and time, kind,
subject), each ticked. Space on a person leaves all of theirs out, on a message that one alone
(space on a message of someone left out ticks that message alone back in). Only the rows on
screen are drawn, so a Takeout's thousands of touches scroll as a handful do."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from rich.text import Text
from textual.message import Message

from nurture.domain.mail import MailTouch
from nurture.domain.wording import count
from nurture.widgets.screen_text import screen_text
from nurture.widgets.virtual_list import VirtualList

#: The kinds' column: "thank-you" is the longest.
KIND_WIDTH = 10


class MailPerson(NamedTuple):
    contact_id: str
    name: str
    touches: int


class MailLine(NamedTuple):
    contact_id: str
    message_id: str
    at: datetime
    kind: str
    subject: str


def mail_rows(touches: Iterable[MailTouch], names: dict[str, str]) -> list[MailPerson | MailLine]:
    """Each person (by name) and under them their touches, in the order they were sent."""
    by_person: dict[str, list[MailTouch]] = {}
    for t in touches:
        by_person.setdefault(t.contact_id, []).append(t)
    rows: list[MailPerson | MailLine] = []
    for cid in sorted(by_person, key=lambda c: (names.get(c, "").casefold(), c)):
        theirs = sorted(by_person[cid], key=lambda t: t.at)
        rows.append(MailPerson(cid, names.get(cid, ""), len(theirs)))
        rows += [MailLine(cid, t.message_id, t.at, t.kind, t.subject) for t in theirs]
    return rows


class MailPreview(VirtualList[MailPerson | MailLine]):
    DEFAULT_CSS = """
    MailPreview { height: 1fr; min-height: 3; }
    MailPreview > .mail-preview--box { color: $success; text-style: bold; }
    MailPreview > .mail-preview--out { color: $text-muted; text-style: strike; }
    MailPreview > .mail-preview--muted { color: $text-muted; }
    MailPreview > .mail-preview--person { text-style: bold; }
    """
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "mail-preview--box",
        "mail-preview--out",
        "mail-preview--muted",
        "mail-preview--person",
    }
    BINDINGS = [("space", "select", "Leave out / keep")]

    @dataclass
    class Toggled(Message):
        """A person or a message was unticked or ticked again."""

    def __init__(self, **kwargs) -> None:
        super().__init__(empty_text="Nothing to log: no message names a contact, or all are logged.", **kwargs)
        #: The people unticked (all their touches left out), by contact id.
        self.left_people: set[str] = set()
        #: The messages unticked one by one: (contact id, Message-ID).
        self.left_messages: set[tuple[str, str]] = set()
        #: Each person's touches ticked, made when drawn (once per tick, not per line).
        self._kept: dict[str, int] | None = None

    def show_touches(self, touches: Sequence[MailTouch], names: dict[str, str]) -> None:
        """The touches a preview would log, all ticked."""
        self.left_people.clear()
        self.left_messages.clear()
        self._kept = None
        self.set_rows(mail_rows(touches, names), cursor=0)

    # --- ticks ----------------------------------------------------------------------------

    def is_out(self, contact_id: str, message_id: str) -> bool:
        return contact_id in self.left_people or (contact_id, message_id) in self.left_messages

    def leave_out(self) -> list[str | tuple[str, str]]:
        """What the import leaves out: the people unticked, and the messages unticked one by one."""
        return [*sorted(self.left_people), *sorted(self.left_messages)]

    def ticked(self, touches: Iterable[MailTouch]) -> list[MailTouch]:
        return [t for t in touches if not self.is_out(t.contact_id, t.message_id)]

    def announce_select(self, row: MailPerson | MailLine) -> None:
        cid = row.contact_id
        theirs = [r for r in self.rows if isinstance(r, MailLine) and r.contact_id == cid]
        if isinstance(row, MailPerson):
            if cid in self.left_people or self._kept_of(cid) == 0:
                self.left_people.discard(cid)  # ticked again: all of theirs
                self.left_messages -= {(cid, r.message_id) for r in theirs}
            else:
                self.left_people.add(cid)
        elif cid in self.left_people:  # this message alone, of someone left out
            self.left_people.discard(cid)
            self.left_messages |= {(cid, r.message_id) for r in theirs if r.message_id != row.message_id}
        else:
            self.left_messages ^= {(cid, row.message_id)}
        self._kept = None
        self.redraw()
        self.post_message(self.Toggled())

    def _kept_of(self, contact_id: str) -> int:
        if self._kept is None:
            kept: dict[str, int] = {}
            for r in self.rows:
                if isinstance(r, MailLine):
                    kept[r.contact_id] = kept.get(r.contact_id, 0) + (not self.is_out(r.contact_id, r.message_id))
            self._kept = kept
        return self._kept.get(contact_id, 0)

    # --- drawing --------------------------------------------------------------------------

    def render_row(self, row: MailPerson | MailLine, width: int) -> Text:
        box_style = self.get_component_rich_style("mail-preview--box")
        muted = self.get_component_rich_style("mail-preview--muted")
        out_style = self.get_component_rich_style("mail-preview--out")
        if isinstance(row, MailPerson):
            kept = self._kept_of(row.contact_id)
            out = kept == 0
            name_style = out_style if out else self.get_component_rich_style("mail-preview--person")
            text = Text.assemble(
                Text(" ☐ " if out else " ☑ ", style=box_style), Text(screen_text(row.name), style=name_style)
            )
            said = count(row.touches, "touch", "touches") if kept == row.touches else f"{kept:,} of {row.touches:,}"
            text.append(f" · {said}", style=muted)
            return text
        out = self.is_out(row.contact_id, row.message_id)
        text = Text("    ")
        text.append(" ☐ " if out else " ☑ ", style=box_style)
        text.append(f"{row.at:%Y-%m-%d %H:%M}  ", style=muted)
        text.append(f"{row.kind:<{KIND_WIDTH}}", style=out_style if out else "")
        text.append(screen_text(row.subject) or "(no subject)", style=out_style if out else "")
        return text
