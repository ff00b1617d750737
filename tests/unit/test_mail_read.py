"""Mail files read as a stream of headers (nurture/exchange/mail.py), in the shapes their
producers write: Gmail Takeout, Thunderbird, a Maildir, Outlook and Apple Mail .eml."""

from __future__ import annotations

import os
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from nurture.domain.errors import InputError
from nurture.exchange.mail import (
    Interest,
    MailboxChanged,
    MailCancelled,
    MailMessage,
    Passed,
    Sent,
    Skipped,
    read_mail,
)
from nurture.exchange.mailbox import detect_mail

MAIL = Path(__file__).resolve().parents[1] / "fixtures" / "mail"


def messages(path: Path, fmt: str = "", **kw) -> list[MailMessage | Skipped]:
    return list(read_mail(path, fmt or detect_mail(path), **kw))


def test_a_gmail_takeout_is_read_with_its_labels_names_and_zones():
    got = messages(MAIL / "takeout.mbox")
    assert all(isinstance(m, MailMessage) for m in got)
    first, _, reply, news, github, strangers, _ = got
    assert first.message_id == "<CAout1@mail.gmail.com>"
    assert first.labels == ("Sent", "Opened")
    assert first.date == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert (first.sender.name, first.sender.email) == ("Me Myself", "me@example.org")
    assert [a.email for a in first.to] == ["maya@acme.io"]
    assert first.text == ""  # no body is read unless asked
    assert (reply.sender.name, reply.sender.email) == ("Maya Chén", "maya@acme.io")  # RFC 2047, case folded
    assert reply.date.utcoffset() == timedelta(hours=-8)
    assert news.bulk == "a mailing list (List-Id)"
    assert github.sender.email == "noreply@github.com" and github.bulk == ""
    assert [a.email for a in strangers.to] == ["pat@unknown.example", "sam@other.example"]
    assert [a.email for a in strangers.cc] == ["pat@unknown.example"]


def test_thunderbird_from_quoting_is_undone_in_the_text_and_the_signature_cut():
    first, second, auto = messages(MAIL / "thunderbird.mbox", with_text=True)
    assert isinstance(first, MailMessage) and isinstance(second, MailMessage) and isinstance(auto, MailMessage)
    assert first.sender.email == "me@example.org"  # ME@example.org
    assert first.text == "Maya, it was great to meet.\nFrom what you said, I will read the book."
    assert second.subject == "Re: Thank you for the coffee!"
    assert auto.bulk == "an automatic reply (Auto-Submitted)"


def test_text_is_read_only_for_the_messages_asked_for():
    asked: list[tuple[str, tuple[str, ...], datetime, str]] = []

    def wants(sender: str, recipients: tuple[str, ...], sent: datetime, subject: str) -> bool:
        asked.append((sender, recipients, sent, subject))
        return sender == "me@example.org" and "maya@acme.io" in recipients

    got = messages(MAIL / "takeout.mbox", wants_text=wants)
    texts = {m.message_id: m.text for m in got if isinstance(m, MailMessage)}
    assert texts["<CAout1@mail.gmail.com>"] == "Hi Maya, would you have 20 minutes for a coffee?"
    assert texts["<reply-maya-1@acme.io>"] == ""
    assert texts["<CAstranger1@mail.gmail.com>"] == ""  # to people who are not Maya
    berlin = timezone(timedelta(hours=1))  # the message's own offset: the caller converts
    assert asked[0] == ("me@example.org", ("maya@acme.io",), datetime(2026, 3, 2, 10, 15, tzinfo=berlin),
                        "Coffee in March?")  # fmt: skip
    assert ("me@example.org", ("pat@unknown.example", "sam@other.example", "pat@unknown.example")) in [
        a[:2] for a in asked
    ]


def test_an_outlook_invitation_and_an_apple_mail_message(tmp_path):
    (invite,) = messages(MAIL / "outlook_invite.eml")
    assert isinstance(invite, MailMessage)
    assert invite.sender.name == "Jürgen Müller" and invite.subject == "Kennenlernen – Kaffee"
    assert invite.calendar.startswith(b"BEGIN:VCALENDAR") and b"METHOD:REQUEST" in invite.calendar
    (apple,) = messages(MAIL / "apple.eml", with_text=True)
    assert isinstance(apple, MailMessage)
    assert apple.sender.name == "Zoë Åkesson" and apple.subject == "Danke für das Gespräch"
    assert apple.message_id == "<8F1E6A0B-1234-4C2D-9E8F-ABCDEF012345@studio.se>"
    assert apple.text == "Hej! Gerne wieder."  # the quoted mail after "Am … schrieb" is cut
    assert apple.date.utcoffset() == timedelta(hours=1)
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("outlook_invite.eml", "apple.eml"):
        (folder / name).write_bytes((MAIL / name).read_bytes())
    assert detect_mail(folder) == "eml"
    assert sorted(m.where for m in messages(folder)) == ["apple.eml", "outlook_invite.eml"]


def _maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    one = (MAIL / "apple.eml").read_bytes()
    (root / "cur" / "1700000000.M1P2.host:2,S").write_bytes(one)
    (root / "new" / "1700000100.M3P4.host").write_bytes((MAIL / "outlook_invite.eml").read_bytes())
    (root / "tmp" / "1700000200.M5P6.host").write_bytes(b"From: half")  # being delivered: not read
    return root


def test_a_maildir_reads_cur_and_new_never_tmp(tmp_path):
    box = _maildir(tmp_path / "Mail")
    assert detect_mail(box) == "maildir"
    got = messages(box)
    assert [m.where for m in got] == ["1700000000.M1P2.host:2,S", "1700000100.M3P4.host"]
    assert all(isinstance(m, MailMessage) for m in got)


def test_progress_is_bytes_read_of_the_total_and_stop_cancels():
    path = MAIL / "takeout.mbox"
    heard: list[tuple[int, int]] = []
    messages(path, progress=lambda done, total: heard.append((done, total)))
    size = path.stat().st_size
    assert heard[0] == (0, size) and heard[-1] == (size, size)
    with pytest.raises(MailCancelled):
        messages(path, stop=lambda: True)


MALFORMED = (
    b"From a@xxx Mon Mar 02 09:15:00 +0000 2026\n"
    b"From: Good <good@x.example>\nTo: me@example.org\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n"
    b"Message-ID: <good@x>\nSubject: fine\n\nbody\n\n"
    b"From b@xxx Mon Mar 02 09:15:00 +0000 2026\n"
    b"this is not a header at all\nnor this\n\nbody\n\n"
    b"From c@xxx Mon Mar 02 09:15:00 +0000 2026\n"
    b"From: Caf\xe9 <cafe@x.example>\nTo: me@example.org\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n\nbody\n\n"
    b"From d@xxx Mon Mar 02 09:15:00 +0000 2026\n"
    b"From: d@x.example\nTo: me@example.org\nDate: the day after tomorrow\n\nbody\n\n"
    b"From e@xxx Mon Mar 02 09:15:00 +0000 2026\n"
    b"From: e@x.example\nTo: me@example.org\nSubject: =?x-unknown?Q?=FF?= \xff\xfe\n"
    b"Date: Mon, 2 Mar 2026 11:00:00 +0000\nMessage-ID: <e@x>\n\nbody\n\n"
    b"From f@xxx Mon Mar 02 09:15:00 +0000 2026\n"
    b"From: f@x.example\nTo: me@example.org\nDate: Mon, 2 Mar 20"
)


def test_malformed_messages_are_skipped_with_the_reason_and_the_rest_read(tmp_path):
    path = tmp_path / "broken.mbox"
    path.write_bytes(MALFORMED)
    got = messages(path, "mbox")
    read = [m for m in got if isinstance(m, MailMessage)]
    skipped = {m.where: m.reason for m in got if isinstance(m, Skipped)}
    assert [m.message_id for m in read] == ["<good@x>", "<e@x>"]
    assert read[1].subject.startswith("=?x-unknown?Q?=FF?=")  # an undecodable subject kept as it came
    assert skipped == {
        "message 2": "broken headers",
        "message 3": "addresses that are not UTF-8 (8-bit headers)",
        "message 4": "no date nurture can read (Date: 'the day after tomorrow')",
        "message 6": "truncated: the file ends inside its headers",
    }


def test_a_50_mb_attachment_is_passed_over_in_bounded_memory(tmp_path):
    path = tmp_path / "big.mbox"
    with path.open("wb") as f:
        f.write(b"From a@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: me@example.org\nTo: maya@acme.io\n"
                b"Date: Mon, 2 Mar 2026 10:00:00 +0000\nMessage-ID: <big@x>\n"
                b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nsee attached\n'
                b"--b\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n")  # fmt: skip
        line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\n"
        for _ in range(50 * 1024 * 1024 // len(line)):
            f.write(line)
        f.write(b"--b--\n\nFrom b@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: maya@acme.io\nTo: me@example.org\n"
                b"Date: Mon, 2 Mar 2026 12:00:00 +0000\nMessage-ID: <after@x>\n\nthanks\n")  # fmt: skip
    tracemalloc.start()
    try:
        got = messages(path, "mbox", with_text=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [m.message_id for m in got if isinstance(m, MailMessage)] == ["<big@x>", "<after@x>"]
    assert got[0].text == "see attached"
    assert peak < 8 * 1024 * 1024  # a few reads' worth, never the 50 MB


def test_a_path_that_is_no_mailbox_is_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    assert detect_mail(text) == ""
    with pytest.raises(InputError, match="is not an mbox file"):
        messages(text, "mbox")
    with pytest.raises(InputError, match="is not a Maildir"):
        messages(tmp_path, "maildir")


def test_a_date_without_a_zone_is_read_as_utc(tmp_path):
    path = tmp_path / "one.eml"
    path.write_bytes(b"From: a@x.example\nTo: me@example.org\nDate: Mon, 2 Mar 2026 10:00:00 -0000\n\nhi\n")
    (m,) = messages(path)
    assert isinstance(m, MailMessage)
    assert m.date == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert m.message_id.endswith("@no-message-id.nurture>")  # the same one each time it is read
    assert messages(path)[0].message_id == m.message_id  # type: ignore[union-attr]


def _box(tmp_path: Path, *heads: bytes) -> Path:
    path = tmp_path / "box.mbox"
    path.write_bytes(b"".join(b"From x@xxx Mon Mar 02 09:15:00 +0000 2026\n" + h + b"\nhi\n\n" for h in heads))
    return path


DATE = b"Date: Mon, 2 Mar 2026 10:00:00 +0000\n"
CONTACTS = frozenset({"maya@acme.io", "juergen.mueller@firma.de", "o'neil@pub.ie"})


def test_the_prefilter_finds_a_contact_however_the_headers_write_the_address(tmp_path):
    path = _box(
        tmp_path,
        b"From: Ben <ben@b.example>\nTo: me@example.org\nCc: Maya <maya@acme.io>\n" + DATE + b"Message-ID: <cc@x>\n",
        b"From: ben@b.example\nTo: Juergen <Juergen.Mueller@FIRMA.de>\n" + DATE + b"Message-ID: <case@x>\n",
        b"From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen.mueller@firma.de>\nTo: me@example.org\n"
        + DATE
        + b"Message-ID: <2047@x>\n",
        b"From: ben@b.example\nTo: Someone Else <someone@else.example>,\n\tMaya Chen\n <maya@acme.io>\n"
        + DATE
        + b"Message-ID: <folded@x>\n",
        b"FROM: Ben <ben@b.example>\ncc:  me@example.org, o'neil@pub.ie\n" + DATE + b"Message-ID: <odd@x>\n",
    )
    got = messages(path, "mbox", interest=Interest(CONTACTS))
    assert [m.message_id for m in got if isinstance(m, MailMessage)] == [
        "<cc@x>", "<case@x>", "<2047@x>", "<folded@x>", "<odd@x>"
    ]  # fmt: skip
    folded = got[3]
    assert isinstance(folded, MailMessage)
    assert [(a.name, a.email) for a in folded.to] == [
        ("Someone Else", "someone@else.example"),
        ("Maya Chen", "maya@acme.io"),
    ]
    assert isinstance(got[2], MailMessage) and got[2].sender.name == "Jürgen Müller"


def test_the_prefilter_passes_over_what_names_no_contact_and_keeps_what_the_user_sent(tmp_path):
    path = _box(
        tmp_path,
        # a newsletter to me: my address is everywhere in it, but not in From
        b"Delivered-To: me@example.org\nReceived: by mx for <me@example.org>;\n Mon, 2 Mar 2026\n"
        b"From: News <news@shop.example>\nTo: me@example.org\nReply-To: maya@acme.io.invalid\n"
        + DATE
        + b"Message-ID: <news@x>\nList-Id: <shop>\n",
        # mail among others, a contact named only in the body and a Message-ID
        b"From: a@b.example\nTo: c@d.example\n" + DATE + b"Message-ID: <maya@acme.io>\nX-Note: maya@acme.io\n",
        # from me to someone who is not a contact: counted, for "people you wrote to"
        b"From: Me <ME@Example.org>\nTo: pat@unknown.example\n" + DATE + b"Message-ID: <mine@x>\n",
        # an address that merely ends like a contact's
        b"From: x@y.example\nTo: notmaya@acme.io, maya@acme.io.evil.example\n" + DATE + b"Message-ID: <near@x>\n",
    )
    got = messages(path, "mbox", interest=Interest(CONTACTS, frozenset({"me@example.org"})))
    assert [type(m).__name__ for m in got] == ["Passed", "Passed", "Sent", "Passed"]
    assert [m.where for m in got] == ["message 1", "message 2", "message 3", "message 4"]
    assert isinstance(got[2], Sent) and got[2].sender == "me@example.org"
    assert got[2].recipients == ("pat@unknown.example",)
    assert all(isinstance(m, MailMessage) for m in messages(path, "mbox"))  # no interest: all read


def test_without_my_addresses_only_what_gmail_labels_sent_is_read(tmp_path):
    path = _box(
        tmp_path,
        b"X-Gmail-Labels: Inbox,Sent Later,Opened\nFrom: a@b.example\nTo: me@example.org\n"
        + DATE
        + b"Message-ID: <in@x>\n",
        b"X-Gmail-Labels: Opened,\n Sent\nFrom: me@example.org\nTo: pat@unknown.example\n"
        + DATE
        + b"Message-ID: <sent@x>\n",
    )
    got = messages(path, "mbox", interest=Interest(sent_label=True))
    assert isinstance(got[0], Passed)
    assert isinstance(got[1], MailMessage) and got[1].labels == ("Opened", "Sent")


def test_a_contact_with_a_non_ascii_address_is_not_missed_in_8_bit_headers(tmp_path):
    path = _box(tmp_path, "From: Zoë <ZOË@studio.se>\nTo: me@example.org\n".encode() + DATE + b"Message-ID: <z@x>\n")
    (m,) = messages(path, "mbox", interest=Interest(frozenset({"zoë@studio.se"})))
    assert isinstance(m, MailMessage) and m.sender.email == "zoë@studio.se"
    (m,) = messages(path, "mbox", interest=Interest(CONTACTS))
    assert isinstance(m, Passed)


def _long_box(path: Path, n: int = 400) -> int:
    """An mbox of ``n`` messages of about 4 KB each, the user's to Maya; its size."""
    body = b"".join(b"line %d of a message long enough to need several reads\n" % i for i in range(60))
    path.write_bytes(b"".join(
        b"From x@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: me@example.org\nTo: maya@acme.io\n"
        + DATE + b"Message-ID: <%d@x>\n\n" % i + body + b"\n" for i in range(n)
    ))  # fmt: skip
    return path.stat().st_size


@pytest.fixture
def small_reads(monkeypatch):
    """Reads of 64 KB and a look at the file every 16 KB, so a test mailbox takes many of each."""
    import nurture.exchange.mail as mail

    monkeypatch.setattr(mail, "BUFFER", 64 * 1024)
    monkeypatch.setattr(mail, "STEP", 16 * 1024)


@pytest.mark.parametrize(
    "change",
    [
        lambda path, size: os.truncate(path, size // 2),  # truncated, as a compaction begins
        lambda path, size: _rewrite(path, b"X"),  # rewritten in place, the same size
        lambda path, size: os.truncate(path, 0),  # emptied
    ],
    ids=["truncated", "rewritten", "emptied"],
)
def test_a_mailbox_changed_while_it_is_read_stops_the_reading_with_a_clear_message(tmp_path, small_reads, change):
    path = tmp_path / "box.mbox"
    size = _long_box(path)
    heard: list[int] = []

    def progress(done: int, total: int) -> None:
        heard.append(done)
        if len(heard) == 3:  # mid-read
            change(path, size)

    got: list[object] = []
    with pytest.raises(MailboxChanged, match=r"changed while it was read .* nothing was imported. Import it again"):
        for m in read_mail(path, "mbox", progress=progress):
            got.append(m)
    assert 0 < heard[-1] < size and len(got) < 400  # stopped where it noticed, not after the end


def _rewrite(path: Path, byte: bytes) -> None:
    with path.open("r+b") as f:
        f.write(byte * 10)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a clock step the file system shows


def test_mail_appended_while_the_mailbox_is_read_is_left_for_the_next_import(tmp_path, small_reads):
    path = tmp_path / "box.mbox"
    _long_box(path)
    new = b"From y@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: maya@acme.io\nTo: me@example.org\n" + DATE
    new += b"Message-ID: <new@x>\n\nhello\n\n"

    def progress(done: int, total: int) -> None:
        if done and done < total and path.stat().st_size == total:
            with path.open("ab") as f:  # a mail program delivers a message
                f.write(new)
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))

    got = messages(path, "mbox", progress=progress)
    assert [m.message_id for m in got if isinstance(m, MailMessage)] == [f"<{i}@x>" for i in range(400)]
    assert messages(path, "mbox")[-1].message_id == "<new@x>"  # type: ignore[union-attr]


def test_a_message_longer_than_the_buffer_keeps_its_opening_and_the_next_is_found(tmp_path, small_reads):
    path = tmp_path / "box.mbox"
    filler = b"A" * 75 + b"\n"
    path.write_bytes(
        b"From x@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: me@example.org\nTo: maya@acme.io\n" + DATE
        + b"Message-ID: <long@x>\n\nthe opening\n" + filler * 5000 + b"\n"
        + b"From y@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: maya@acme.io\nTo: me@example.org\n" + DATE
        + b"Message-ID: <next@x>\n\nhi\n"
    )  # fmt: skip
    got = messages(path, "mbox", with_text=True)
    assert [(m.message_id, m.text[:11]) for m in got if isinstance(m, MailMessage)] == [
        ("<long@x>", "the opening"),
        ("<next@x>", "hi"),
    ]


def test_every_message_the_prefilter_lets_through_is_parsed_by_the_email_package(tmp_path, monkeypatch):
    """Project rule: mail is parsed with the standard library's ``email`` (the header parser on
    each header block, ``getaddresses`` on each address field, ``email.header`` on each encoded
    word), whatever shape the message is in; the prefilter only says whether to parse."""
    from email import header, utils

    from nurture.exchange import mail

    calls = {"parser": 0, "getaddresses": 0, "decode_header": 0}
    real_parse = mail._HEADER_PARSER.parsebytes

    class Spy:
        def parsebytes(self, data, headersonly=True):
            calls["parser"] += 1
            return real_parse(data)

    def getaddresses(values):
        calls["getaddresses"] += 1
        return utils.getaddresses(values)

    def decode_header(value):
        calls["decode_header"] += 1
        return header.decode_header(value)

    mail._pairs.cache_clear()  # each address field read once by getaddresses, then remembered
    monkeypatch.setattr(mail, "_HEADER_PARSER", Spy())
    monkeypatch.setattr(mail, "getaddresses", getaddresses)
    monkeypatch.setattr(mail, "decode_header", decode_header)
    path = _box(
        tmp_path,
        # plainly written, one encoded word: the shapes the old fast paths read by hand
        b"From: Me <me@example.org>\nTo: =?UTF-8?Q?Ren=C3=A9e?= <renee@y.example>\n" + DATE
        + b"Message-ID: <a@x>\nSubject: =?UTF-8?Q?caf=C3=A9?=\n",
        b"From: Maya <maya@acme.io>\nTo: me@example.org\n" + DATE + b"Message-ID: <b@x>\nSubject: plain\n",
        b"From: News <news@shop.example>\nTo: me@example.org\n" + DATE + b"Message-ID: <c@x>\n",
    )  # fmt: skip
    got = messages(path, "mbox", interest=Interest(CONTACTS, frozenset({"me@example.org"})))
    assert [type(m).__name__ for m in got] == ["Sent", "MailMessage", "Passed"]
    assert calls["parser"] == 2  # the two let through; the newsletter passed over unparsed
    assert calls["getaddresses"] >= 2
    full = messages(path, "mbox")
    assert isinstance(full[0], MailMessage) and full[0].subject == "café" and full[0].to[0].name == "Renée"
    assert calls["decode_header"] >= 2  # the subject's and the name's encoded words


def test_a_message_without_message_id_keeps_its_stand_in_when_its_labels_change(tmp_path):
    """The stand-in id is made of From, To, Cc, Date and Subject: what Gmail or Thunderbird change
    between two exports (labels, status flags) does not make it a new message."""
    base = b"From: me@example.org\nTo: maya@acme.io\n" + DATE + b"Subject: Coffee?\n"
    first = _box(tmp_path, b"X-Gmail-Labels: Sent,Unread\nX-Mozilla-Status: 0001\n" + base)
    (a,) = messages(first, "mbox")
    (tmp_path / "box.mbox").unlink()
    second = _box(tmp_path, b"X-Gmail-Labels: Sent,Opened,Important\nX-Mozilla-Status: 0011\nStatus: RO\n" + base)
    (b,) = messages(second, "mbox")
    assert isinstance(a, MailMessage) and isinstance(b, MailMessage)
    assert a.message_id == b.message_id and a.message_id.endswith("@no-message-id.nurture>")
    (tmp_path / "box.mbox").unlink()
    other = _box(tmp_path, base.replace(b"Coffee?", b"Tea?"))
    (c,) = messages(other, "mbox")
    assert isinstance(c, MailMessage) and c.message_id != a.message_id
