"""A mailbox import's preview: per person, the touches it would log (date and time, kind,
subject; "matches what you logged" for a message that is a touch logged by hand), each ticked;
then the invitations it would book, each ticked. Space on a person leaves all of theirs out, on
a message that one alone (space on a message of someone left out ticks that message alone back
in), on an invitation that one. The screen tells the kinds again without what is unticked
(``set_kinds``). Only the rows on screen are drawn, so a Takeout's thousands of touches scroll
as a handful do."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from rich.text import Text
from textual.message import Message

from nurture.domain.mail import MailTouch
from nurture.domain.wording import count
from nurture.services.mail import MailInvite
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
    #: The message is a touch the user logged by hand: its Message-ID goes with that one.
    matches: bool = False


class InviteHead(NamedTuple):
    invitations: int


class InviteLine(NamedTuple):
    message_id: str
    start: datetime
    summary: str
    cancelled: bool
    where: str


Row = MailPerson | MailLine | InviteHead | InviteLine


def mail_rows(touches: Iterable[MailTouch], names: dict[str, str], invitations: Iterable[MailInvite] = ()) -> list[Row]:
    """Each person (by name) and under them their touches, in the order they were sent; then the
    invitations, by their start."""
    by_person: dict[str, list[MailTouch]] = {}
    for t in touches:
        by_person.setdefault(t.contact_id, []).append(t)
    rows: list[Row] = []
    for cid in sorted(by_person, key=lambda c: (names.get(c, "").casefold(), c)):
        theirs = sorted(by_person[cid], key=lambda t: t.at)
        rows.append(MailPerson(cid, names.get(cid, ""), len(theirs)))
        rows += [MailLine(cid, t.message_id, t.at, t.kind, t.subject, bool(t.matches)) for t in theirs]
    invites = sorted(invitations, key=lambda i: (i.start, i.message_id))
    if invites:
        rows.append(InviteHead(len(invites)))
        rows += [InviteLine(i.message_id, i.start, i.summary, i.cancelled, i.where) for i in invites]
    return rows


class MailPreview(VirtualList[Row]):
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
    #: After the subject of a message that is a touch logged by hand.
    MATCHES = "  · matches what you logged"

    @dataclass
    class Toggled(Message):
        """A person or a message was unticked or ticked again."""

    def __init__(self, **kwargs) -> None:
        super().__init__(empty_text="Nothing to log: no message names a contact, or all are logged.", **kwargs)
        #: The people unticked (all their touches left out), by contact id.
        self.left_people: set[str] = set()
        #: The messages unticked one by one: (contact id, Message-ID).
        self.left_messages: set[tuple[str, str]] = set()
        #: The invitations unticked, by the Message-ID of their message.
        self.left_invites: set[str] = set()
        #: The invitations that would be booked with what is ticked (None: all of them).
        self.booked_invites: set[str] | None = None
        #: Each person's touches ticked, made when drawn (once per tick, not per line).
        self._kept: dict[str, int] | None = None

    def show_touches(self, touches: Sequence[MailTouch], names: dict[str, str],
                     invitations: Sequence[MailInvite] = ()) -> None:  # fmt: skip
        """The touches a preview would log, and the invitations it would book, all ticked."""
        self.left_people.clear()
        self.left_messages.clear()
        self.left_invites.clear()
        self.booked_invites = None
        self._kept = None
        self.set_rows(mail_rows(touches, names, invitations), cursor=0)

    def set_kinds(self, touches: Iterable[MailTouch], invitations: Iterable[MailInvite]) -> None:
        """The kinds the touches ticked are, told again without those unticked (an outreach
        unticked makes the next message the outreach), and the invitations that would be booked."""
        told = {(t.contact_id, t.message_id): t for t in touches}
        rows: list[Row] = []
        for row in self.rows:
            if isinstance(row, MailLine) and (t := told.get((row.contact_id, row.message_id))) is not None:
                row = row._replace(kind=t.kind, matches=bool(t.matches))
            rows.append(row)
        self.booked_invites = {i.message_id for i in invitations}
        self.rows = rows
        self.redraw()

    # --- ticks ----------------------------------------------------------------------------

    def is_out(self, contact_id: str, message_id: str) -> bool:
        return contact_id in self.left_people or (contact_id, message_id) in self.left_messages

    def leave_out(self) -> list[str | tuple[str, str]]:
        """What the import leaves out: the people unticked, and the messages unticked one by one."""
        return [*sorted(self.left_people), *sorted(self.left_messages)]

    def leave_invites(self) -> list[str]:
        """The invitations unticked (their messages' Message-IDs)."""
        return sorted(self.left_invites)

    def invite_out(self, message_id: str) -> bool:
        return message_id in self.left_invites or (
            self.booked_invites is not None and message_id not in self.booked_invites
        )

    def is_selectable(self, row: Row) -> bool:
        return not isinstance(row, InviteHead)

    def ticked(self, touches: Iterable[MailTouch]) -> list[MailTouch]:
        return [t for t in touches if not self.is_out(t.contact_id, t.message_id)]

    def announce_select(self, row: Row) -> None:
        if isinstance(row, InviteHead):
            return
        if isinstance(row, InviteLine):
            self.left_invites ^= {row.message_id}
            self.redraw()
            self.post_message(self.Toggled())
            return
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

    def render_row(self, row: Row, width: int) -> Text:
        box_style = self.get_component_rich_style("mail-preview--box")
        muted = self.get_component_rich_style("mail-preview--muted")
        out_style = self.get_component_rich_style("mail-preview--out")
        if isinstance(row, InviteHead):
            text = Text(" Invitations", style=self.get_component_rich_style("mail-preview--person"))
            text.append(f" · {count(row.invitations, 'event')} (booked with the messages ticked)", style=muted)
            return text
        if isinstance(row, InviteLine):
            out = self.invite_out(row.message_id)
            text = Text("    ")
            text.append(" ☐ " if out else " ☑ ", style=box_style)
            text.append(f"{row.start:%Y-%m-%d %H:%M}  ", style=muted)
            text.append(f"{'cancel' if row.cancelled else 'book':<{KIND_WIDTH}}", style=out_style if out else "")
            text.append(screen_text(row.summary) or "(no title)", style=out_style if out else "")
            text.append(f"  · {screen_text(row.where)}", style=muted)
            return text
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
        if row.matches:
            text.append(self.MATCHES, style=muted)
        return text
