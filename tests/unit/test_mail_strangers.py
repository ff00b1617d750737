"""The people the user wrote to who are not contacts, counted without parsing each message
(nurture/exchange/mail.py ``Sent`` + ``StrangerNames``): the counts and names are those a full
parse of every message gives."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from nurture.domain.mail import Mail, MailPlan, Written, plan_mail
from nurture.exchange.mail import Interest, MailMessage, Sent, StrangerNames, read_mail

ME = "me@example.org"
CONTACTS = {"maya@acme.io": "c-maya"}


def _box(tmp_path: Path) -> Path:
    def msg(day: int, to: str, cc: str = "", sender: str = "Me <ME@example.org>") -> bytes:
        return (
            f"From x@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: {sender}\nTo: {to}\n"
            + (f"Cc: {cc}\n" if cc else "")
            + f"Date: {day} Mar 2026 10:00:00 +0000\nMessage-ID: <m{day}@x>\nSubject: hello\n\nhi\n\n"
        ).encode()

    path = tmp_path / "sent.mbox"
    path.write_bytes(
        msg(9, "Sam Late <sam@x.example>")  # first in the file, sent last
        + msg(3, "=?UTF-8?Q?Ren=C3=A9e_M=C3=BCller?= <renee@y.example>, me@example.org")
        + msg(5, "sam@x.example")  # no name
        + msg(2, "Sam Early <SAM@x.example>")  # the earliest: its name is the one shown
        + msg(6, "pat@z.example", cc="Only In Cc <cc@z.example>, Sam <sam@x.example>")
        + msg(7, '"Smith, John" <john@w.example>')
        + msg(8, "Maya <maya@acme.io>", cc="Kim <kim@v.example>")  # to a contact: read whole, logged
        + msg(4, "Me <me@example.org>", sender="Kim <kim@v.example>")  # to me: passed over
    )
    return path


def _plan(path: Path, counted: bool) -> tuple[MailPlan, int]:
    """The plan from the reader with the prefilter (``counted``), or from every message parsed."""
    names = StrangerNames()
    mails: list[Mail | Written] = []
    light = 0
    interest = Interest(frozenset(CONTACTS), frozenset({ME})) if counted else None
    for m in read_mail(path, "mbox", interest=interest, names=names):
        if isinstance(m, Sent):
            light += 1
            mails.append(Written(m.date, m.sender, m.recipients))
        elif isinstance(m, MailMessage):
            mails.append(Mail(m.where, m.message_id, m.date, m.sender.email,
                              tuple((a.name, a.email) for a in m.recipients), m.subject, bulk=m.bulk))  # fmt: skip
    plan = plan_mail(mails, mine=[ME], contacts_by_email=CONTACTS, history={}, logged=set(), nudge_after_days=7,
                     zone=UTC, plan=MailPlan(names=names.name))  # fmt: skip
    return plan, light


def test_strangers_counted_unparsed_have_the_counts_and_names_a_full_parse_gives(tmp_path):
    path = _box(tmp_path)
    counted, light = _plan(path, counted=True)
    full, none = _plan(path, counted=False)
    assert light == 6 and none == 0  # the user's mail to no contact was counted, not parsed
    expected = [
        ("sam@x.example", "Sam Early", 4),  # in many messages, To and Cc; the earliest message's name
        ("cc@z.example", "Only In Cc", 1),  # only ever in Cc
        ("john@w.example", "Smith, John", 1),  # a quoted name with a comma
        ("kim@v.example", "Kim", 1),  # copied on mail to a contact (read whole)
        ("pat@z.example", "", 1),
        ("renee@y.example", "Renée Müller", 1),  # RFC 2047; the user's own address left out
    ]
    assert counted.top_strangers() == full.top_strangers() == expected
    assert counted.strangers_line() == full.strangers_line()
    assert counted.ignored["to no contact"] == full.ignored["to no contact"] == 6  # never logged
    assert [(t.contact_id, t.kind) for t in counted.touches] == [(t.contact_id, t.kind) for t in full.touches]
    assert [(t.contact_id, t.kind) for t in counted.touches] == [("c-maya", "outreach")]


def test_the_summary_parses_only_the_names_it_shows(tmp_path):
    path = _box(tmp_path)
    names = StrangerNames()
    for _ in read_mail(path, "mbox", interest=Interest(frozenset(CONTACTS), frozenset({ME})), names=names):
        pass
    assert names.name("renee@y.example") == "Renée Müller"
    assert names.name("pat@z.example") == ""
    assert names.name("nobody@else.example") == ""
