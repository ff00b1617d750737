"""What a mailbox says about the network: the touches its messages were, by the rules of issue 22.

For each message whose sender or recipients include a contact's address (any of theirs, case
ignored):

- from the user (one of ``my-emails``) to a contact with no earlier touch → ``outreach``;
- from the user the day of a conversation logged with them or up to ``THANKS_WITHIN_DAYS``
  days after, and saying thanks (``THANKS`` in the subject or the opening lines) → ``thank-you``;
- from the user after their outreach went unanswered (no reply, no conversation, no nudge
  since) for at least the nudge delay (``nudge-after``) → ``nudge``;
- any other from the user → ``email``;
- from the contact → ``reply`` (which clears the nudge and the dormant rule, as a logged reply
  does).

Ignored: mailing lists and automatic replies (the reader names why), ``noreply@``-style
senders, and messages that involve no contact. A message already logged (its ``Message-ID``
stored with that contact) is counted, not logged again. The people the user wrote to who are
not contacts are counted, never added.

Each touch sees the ones before it, stored or read from the same mailbox, in the order the
messages were sent, whatever order the file holds them in. A touch logged by hand is known by
its day alone (when it was logged says nothing of when it happened): it comes before every
message sent that day. A message sent the day a touch of its side was logged by hand (``MINE``
for the user's, a reply for the contact's) is that touch: its Message-ID is kept with it
(``MailTouch.matches``), nothing new is logged. Only their reply or a conversation answers an
outreach: the user's emails in between do not. A message dated after ``now`` is left out;
messages unticked in a preview are left out before the kinds are told.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from nurture.domain.log import Entry
from nurture.domain.models import (
    CONVERSATIONS,
    EMAIL,
    NUDGE,
    OUTREACH,
    REPLY,
    THANK_YOU,
    UPDATE,
    email_key,
)
from nurture.domain.wording import count

#: A thank-you is sent this many days after the conversation, or fewer.
THANKS_WITHIN_DAYS = 2
#: Words that say thanks, in any case, in the subject or the opening lines.
THANKS = re.compile(r"\b(thank|thanks|thx|grateful|gratitude|appreciated?|danke|merci|gracias|grazie)", re.IGNORECASE)
#: How much of a message's opening is looked at for thanks.
OPENING = 400
#: Addresses that no one answers: the sender of such a message is not a person.
NOREPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?|notifications?)"
    r"([+._-][^@]*)?@",
    re.IGNORECASE,
)
#: How many people the summary names among those written to who are not contacts.
TOP_STRANGERS = 10


@dataclass(frozen=True, slots=True)
class Mail:
    """One message as the rules read it."""

    where: str
    message_id: str
    sent: datetime  # aware
    sender: str  # lower case
    recipients: tuple[tuple[str, str], ...]  # (name, lower-case address)
    subject: str
    opening: str = ""
    #: Why the reader counts it as bulk or automatic, or "".
    bulk: str = ""
    #: The opening of its text to keep with the interaction (``--with-text``), or "".
    text: str = ""


@dataclass(frozen=True, slots=True)
class Written:
    """A message from the user that names no contact, read only as far as the summary needs:
    who it went to (lower-case addresses, each once, the user's own left out). Never logged."""

    sent: datetime  # aware
    sender: str  # lower case
    recipients: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MailTouch:
    contact_id: str
    kind: str
    #: When it was sent, in the user's zone (aware).
    at: datetime
    subject: str
    message_id: str
    text: str = ""
    #: The id of the touch the user logged by hand that this message is (same day, a kind of
    #: the same side): its Message-ID is kept with that one, no new touch is logged.
    matches: str = ""

    @property
    def on(self) -> date:
        return self.at.date()


@dataclass
class MailPlan:
    touches: list[MailTouch] = field(default_factory=list)
    #: Messages the reader could not read, each "message 12: why".
    skipped: list[str] = field(default_factory=list)
    #: Messages left out, counted by why.
    ignored: Counter[str] = field(default_factory=Counter)
    #: Touches already logged (the same Message-ID stored with that contact).
    already: int = 0
    read: int = 0
    #: The people the user wrote to who are not contacts: address → (a name seen, messages).
    strangers: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: Where the name of one met only in ``Written`` messages is read, when it is shown.
    names: Callable[[str], str] | None = None

    def by_contact(self) -> dict[str, list[MailTouch]]:
        out: dict[str, list[MailTouch]] = {}
        for t in self.touches:
            out.setdefault(t.contact_id, []).append(t)
        return out

    def summary(self, dry_run: bool = False) -> str:
        verb = "Would log" if dry_run else "Logged"
        new = [t for t in self.touches if not t.matches]
        matched = len(self.touches) - len(new)
        kinds = Counter(t.kind for t in new)
        text = f"{verb} {count(len(new), 'touch', 'touches')}"
        if kinds:
            text += " (" + ", ".join(f"{n:,} {kind}" for kind, n in sorted(kinds.items(), key=_most)) + ")"
        text += f" with {count(len({t.contact_id for t in new}), 'contact')}"
        if matched:
            text += f"; {matched:,} {'matches' if matched == 1 else 'match'} what you logged"
        text += f"; {self.already:,} already logged"
        ignored = sum(self.ignored.values())
        if ignored:
            text += f", {ignored:,} left out"
        if self.skipped:
            text += f", {len(self.skipped):,} could not be read"
        return text + f". {count(self.read, 'message')} read."

    def ignored_lines(self) -> list[str]:
        return [f"{n:,} {why}" for why, n in sorted(self.ignored.items(), key=_most)]

    def strangers_line(self) -> str:
        """'37 people you wrote to are not contacts: top 10 …' or ""."""
        if not self.strangers:
            return ""
        top = self.top_strangers(TOP_STRANGERS)
        named = ", ".join(f"{name or email} ({n:,})" if name else f"{email} ({n:,})" for email, name, n in top)
        people = count(len(self.strangers), "person", "people")
        verb = "is" if len(self.strangers) == 1 else "are"
        head = f"top {len(top)}: " if len(self.strangers) > len(top) else ""
        return f"{people} you wrote to {verb} not {'a contact' if verb == 'is' else 'contacts'}: {head}{named}."

    def top_strangers(self, limit: int | None = None) -> list[tuple[str, str, int]]:
        """(address, name, messages), the most written to first (the first ``limit``)."""
        rows = sorted(self.strangers.items(), key=lambda r: (-r[1][1], r[0]))[:limit]
        names = self.names or (lambda email: "")
        return [(email, name or names(email), n) for email, (name, n) in rows]


def _most(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def says_thanks(subject: str, opening: str) -> bool:
    return bool(THANKS.search(subject) or THANKS.search(opening[:OPENING]))


def soon_after(on: date, conversations: Iterable[date]) -> bool:
    """Whether a message the user sent on ``on`` (a day in their zone) is within
    ``THANKS_WITHIN_DAYS`` days after one of these conversations: whether it can be a thank-you."""
    return any(0 <= (on - day).days <= THANKS_WITHIN_DAYS for day in conversations)


def text_needed(subject: str, on: date, conversations: Iterable[date]) -> bool:
    """Whether the opening of a message from the user must be read to tell whether it is a
    thank-you: sent soon after a conversation with one of its recipients (``conversations``:
    the days of theirs), and not already saying thanks in its subject."""
    return soon_after(on, conversations) and not THANKS.search(subject)


def is_noreply(address: str) -> bool:
    return bool(NOREPLY.match(address))


#: The kinds of the user's own that a message of theirs can be, when they logged it by hand.
MINE = frozenset({OUTREACH, NUDGE, THANK_YOU, EMAIL, UPDATE})
#: How a message from the user and one from the contact are told apart in ``_Seen.match``.
_FROM_ME, _FROM_THEM = MINE, frozenset({REPLY})


@dataclass
class _Seen:
    """One contact's touches in order: (when as sortable text, kind, day). A touch logged by
    hand is known by its day alone (``created`` says when it was logged, not when it happened),
    so it sorts before every message sent that day; a message's, by when it was sent."""

    items: list[tuple[str, str, date]] = field(default_factory=list)
    #: The touches logged by hand (no Message-ID) no message has matched yet: (day, kind, id).
    hand: list[tuple[date, str, str]] = field(default_factory=list)

    def before(self, key: str) -> list[tuple[str, str, date]]:
        """The touches up to ``key``: those at the same moment too (several messages sent with
        one ``Date:`` follow one another, in the file's order)."""
        return [i for i in self.items if i[0] <= key]

    def match(self, day: date, kinds: frozenset[str]) -> tuple[str, str] | None:
        """The first touch logged by hand on ``day`` of one of ``kinds``, taken: (id, kind)."""
        for n, (on, kind, iid) in enumerate(self.hand):
            if on == day and kind in kinds:
                del self.hand[n]
                return iid, kind
        return None


def _key(on: date, created: str) -> str:
    """A message's place: its day, then when it was sent."""
    return f"{on.isoformat()}\x01{created}"


def _hand_key(on: date, created: str) -> str:
    """A touch logged by hand: its day, before any message sent that day (``\\x00`` < ``\\x01``)."""
    return f"{on.isoformat()}\x00{created}"


def plan_mail(
    mails: Iterable[Mail | Written],
    *,
    mine: Iterable[str],
    contacts_by_email: Mapping[str, str],
    history: Mapping[str, Sequence[Entry]],
    logged: Iterable[tuple[str, str]],
    nudge_after_days: int,
    zone: tzinfo,
    plan: MailPlan | None = None,
    mailed: Collection[str] = (),
    now: datetime | None = None,
    leave_out: Collection[str | tuple[str, str]] = (),
) -> MailPlan:
    """The touches ``mails`` are. ``contacts_by_email``: each contact's addresses (as
    ``email_key`` keys them) → its id; ``history``: each involved contact's stored touches
    (``Network.touches``); ``mailed``: the ids of those read from mail (the others were logged
    by hand); ``logged``: the (contact id, Message-ID) pairs already stored; ``now`` (aware):
    a message dated later is left out; ``leave_out``: contact ids, Message-IDs and (contact id,
    Message-ID) pairs a preview unticked, left out before the kinds are told, so the rest are
    told without them."""
    plan = plan or MailPlan()
    me = {email_key(m) for m in mine}
    done = set(logged)
    leave = set(leave_out)
    from_mail = set(mailed)
    seen: dict[str, _Seen] = {}
    for cid, entries in history.items():
        items, hand = [], []
        for e in entries:
            if e.id in from_mail:
                items.append((_key(e.on, e.created), e.kind, e.on))
            else:
                items.append((_hand_key(e.on, e.created), e.kind, e.on))
                hand.append((e.on, e.kind, e.id))
        seen[cid] = _Seen(sorted(items), hand)
    ordered = sorted(mails, key=lambda m: m.sent)
    for mail in ordered:
        if isinstance(mail, Written):
            _count_written(plan, mail, me, contacts_by_email)
            continue
        if mail.bulk:
            plan.ignored[mail.bulk] += 1
            continue
        if is_noreply(mail.sender):
            plan.ignored["from a no-reply address"] += 1
            continue
        if now is not None and mail.sent > now:
            plan.ignored["dated in the future"] += 1
            continue
        at = mail.sent.astimezone(zone)
        key = _key(at.date(), at.replace(tzinfo=None).isoformat())
        if mail.sender in me:
            targets: dict[str, None] = {}
            for email, name in _each_once(mail.recipients):
                known = contacts_by_email.get(email)
                if known is not None:
                    targets[known] = None
                elif email not in me and not is_noreply(email):
                    was_name, n = plan.strangers.get(email, ("", 0))
                    plan.strangers[email] = (was_name or name, n + 1)
            if not targets:
                plan.ignored["to no contact"] += 1
                continue
            thanks = says_thanks(mail.subject, mail.opening)
            for cid in targets:
                if _taken(plan, done, leave, cid, mail):
                    continue
                theirs = seen.setdefault(cid, _Seen())
                if _matched(plan, done, theirs, cid, _FROM_ME, at, mail):
                    continue
                kind = _from_me(theirs, key, at.date(), thanks, nudge_after_days)
                _add(plan, done, theirs, cid, kind, at, key, mail)
            continue
        sender = contacts_by_email.get(mail.sender)
        if sender is None:
            plan.ignored["from no contact"] += 1
            continue
        if _taken(plan, done, leave, sender, mail):
            continue
        theirs = seen.setdefault(sender, _Seen())
        if not _matched(plan, done, theirs, sender, _FROM_THEM, at, mail):
            _add(plan, done, theirs, sender, REPLY, at, key, mail)
    plan.touches.sort(key=lambda t: (t.at, t.contact_id))
    return plan


def _taken(plan: MailPlan, done: set[tuple[str, str]], leave: set[str | tuple[str, str]], cid: str,
           mail: Mail) -> bool:  # fmt: skip
    """Whether this message with this contact is no new touch: logged already (counted), or
    unticked in a preview."""
    if (cid, mail.message_id) in done:
        plan.already += 1
        return True
    return cid in leave or mail.message_id in leave or (cid, mail.message_id) in leave


def _matched(plan: MailPlan, done: set[tuple[str, str]], seen: _Seen, cid: str, kinds: frozenset[str],
             at: datetime, mail: Mail) -> bool:  # fmt: skip
    """A touch the user logged by hand on the day this message was sent, of its side (one of
    theirs for a message from them): the same touch. The message's id goes with it (kept as
    they logged it); it is already among ``seen``."""
    found = seen.match(at.date(), kinds)
    if found is None:
        return False
    iid, kind = found
    done.add((cid, mail.message_id))
    plan.touches.append(MailTouch(cid, kind, at, mail.subject, mail.message_id, mail.text, matches=iid))
    return True


def _count_written(plan: MailPlan, mail: Written, me: set[str], contacts_by_email: Mapping[str, str]) -> None:
    """A message from the user to no contact: its recipients counted, as ``plan_mail`` counts
    those of one it read whole (their names are read later, ``MailPlan.names``)."""
    if is_noreply(mail.sender):
        plan.ignored["from a no-reply address"] += 1
        return
    for email in mail.recipients:
        if email not in contacts_by_email and email not in me and not is_noreply(email):
            was_name, n = plan.strangers.get(email, ("", 0))
            plan.strangers[email] = (was_name, n + 1)
    plan.ignored["to no contact"] += 1


def _each_once(recipients: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """(address, name) of each recipient once (one in To and Cc is written to once)."""
    out: dict[str, str] = {}
    for name, email in recipients:
        out[email] = out.get(email) or name
    return list(out.items())


def _add(plan: MailPlan, done: set[tuple[str, str]], seen: _Seen, cid: str, kind: str,
         at: datetime, key: str, mail: Mail) -> None:  # fmt: skip
    done.add((cid, mail.message_id))
    plan.touches.append(MailTouch(cid, kind, at, mail.subject, mail.message_id, mail.text))
    seen.items.append((key, kind, at.date()))
    seen.items.sort()


def _from_me(seen: _Seen, key: str, on: date, thanks: bool, nudge_after_days: int) -> str:
    before = seen.before(key)
    if not before:
        return OUTREACH
    if thanks:  # any conversation of that day or the two before: by day, whenever it was logged
        talks = [day for _, kind, day in seen.items if kind in CONVERSATIONS and day <= on]
        if soon_after(on, talks):
            return THANK_YOU
    outreaches = [i for i, (_, kind, _) in enumerate(before) if kind == OUTREACH]
    if outreaches:
        last = outreaches[-1]
        since = [kind for _, kind, _ in before[last + 1 :]]
        answered = any(kind == REPLY or kind in CONVERSATIONS for kind in since)
        if not answered and NUDGE not in since and (on - before[last][2]).days >= nudge_after_days:
            return NUDGE
    return EMAIL


def infer_my_emails(sent_by: Counter[str]) -> list[str]:
    """The addresses the messages labelled Sent are from, the most frequent first (offered for
    the user to confirm, never taken silently)."""
    return [email for email, _ in sent_by.most_common(5)]
