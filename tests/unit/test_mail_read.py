"""Mail files read as a stream of headers (nurture/exchange/mail.py), in the shapes their
producers write: Gmail Takeout, Thunderbird, a Maildir, Outlook and Apple Mail .eml."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from nurture.domain.errors import InputError
from nurture.exchange.mail import MailCancelled, MailMessage, Skipped, detect_mail, read_mail

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


def test_text_is_read_only_for_the_senders_asked_for():
    got = messages(MAIL / "takeout.mbox", wants_text=lambda sender: sender == "me@example.org")
    texts = {m.message_id: m.text for m in got if isinstance(m, MailMessage)}
    assert texts["<CAout1@mail.gmail.com>"] == "Hi Maya, would you have 20 minutes for a coffee?"
    assert texts["<reply-maya-1@acme.io>"] == ""


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
