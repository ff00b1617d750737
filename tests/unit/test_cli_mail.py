"""`nurture import` of a mailbox, as a user runs it: what a dry run lists, what is logged, that a
second run adds nothing, and what the queue says after a reply."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.unit.test_cli import CLI

MAIL = Path(__file__).resolve().parents[1] / "fixtures" / "mail"


@pytest.fixture
def cli(tmp_path, monkeypatch) -> CLI:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    c = CLI(tmp_path / "data")
    c.ok("add", "Maya Chen", "--email", "maya@acme.io", "--as-of", "2026-02-01")
    c.ok("add", "Jürgen Müller", "--email", "Juergen.Mueller@firma.de", "--as-of", "2026-02-01")
    return c


def test_without_my_addresses_nothing_is_read_as_mine_and_the_sent_label_is_offered(cli):
    err = cli.fails("import", str(MAIL / "takeout.mbox"))
    assert "which addresses are yours?" in err
    assert "`nurture config my-emails me@example.org`" in err


def test_dry_run_lists_per_person_kinds_and_dates_and_writes_nothing(cli):
    cli.ok("config", "my-emails", "me@example.org")
    out = cli.ok("import", str(MAIL / "takeout.mbox"), "--dry-run", "--as-of", "2026-03-20")
    assert out.splitlines()[:5] == [
        f"{MAIL / 'takeout.mbox'} (Gmail mbox): Would log 3 touches (1 nudge, 1 outreach, 1 reply) with 1 contact; "
        "0 already logged, 4 left out. 7 messages read.",
        "  Maya Chen",
        "    2026-03-02 10:15  outreach   Coffee in March?",
        "    2026-03-10 09:00  nudge      Re: Coffee in March?",
        "    2026-03-11 18:30  reply      Re: Coffee in March?",  # 09:30 -0800 in Berlin
    ]
    assert "  left out: 1 from no contact" in out  # the newsletter, to me alone: passed over unparsed
    assert "  left out: 1 from a no-reply address" in out
    assert "2 people you wrote to are not contacts: Pat Stranger (2), Sam Other (1)." in out
    assert "Nothing was written (--dry-run)" in out
    assert "Logged" not in cli.ok("list", "--json") and _kinds(cli) == []


def _kinds(cli: CLI) -> list[tuple[str, str, str]]:
    doc = json.loads(cli.ok("export", "--format", "json"))
    return sorted((i["date"], i["kind"], i.get("message_id", "")) for i in doc["interactions"])


def test_import_logs_the_touches_once_and_a_reply_clears_the_nudge(cli, tmp_path):
    cli.ok("config", "my-emails", "me@example.org")
    first = tmp_path / "first.mbox"  # the outreach alone, as an earlier Takeout had it
    first.write_bytes((MAIL / "takeout.mbox").read_bytes().split(b"\nFrom 1780000000000000002@xxx")[0] + b"\n")
    cli.ok("import", str(first), "--as-of", "2026-03-12")
    queue = cli.ok("queue", "--as-of", "2026-03-12")
    assert "nudge   Maya Chen" in queue and "no reply to your request of Mar 02" in queue
    out = cli.ok("import", str(MAIL / "takeout.mbox"), "--as-of", "2026-03-12")
    assert "Logged 2 touches (1 nudge, 1 reply) with 1 contact; 1 already logged" in out
    assert _kinds(cli) == [
        ("2026-03-02", "outreach", "<CAout1@mail.gmail.com>"),
        ("2026-03-10", "nudge", "<CAnudge1@mail.gmail.com>"),
        ("2026-03-11", "reply", "<reply-maya-1@acme.io>"),
    ]
    assert "Nothing due today" in cli.ok("queue", "--as-of", "2026-03-12")
    again = cli.ok("import", str(MAIL / "takeout.mbox"), "--as-of", "2026-03-12")
    assert "Logged 0 touches with 0 contacts; 3 already logged" in again
    assert len(_kinds(cli)) == 3
    contact = next(c for c in json.loads(cli.ok("list", "--json")) if c["name"] == "Maya Chen")
    assert contact["stage"] == "requested"


def test_a_thank_you_after_a_coffee_with_text_kept_and_an_invitation_booked(cli):
    cli.ok("config", "my-emails", "me@example.org")
    cli.ok("log", "Maya", "--kind", "coffee", "--on", "2026-03-15", "--as-of", "2026-03-20")
    out = cli.ok("import", str(MAIL / "thunderbird.mbox"), "--with-text", "--as-of", "2026-03-20")
    assert "Logged 2 touches (1 reply, 1 thank-you) with 1 contact" in out
    assert "left out: 1 an automatic reply (Auto-Submitted)" in out
    doc = json.loads(cli.ok("export", "--format", "json"))
    thanks = next(i for i in doc["interactions"] if i["kind"] == "thank-you")
    assert thanks["summary"] == "Thank you for the coffee!"
    assert thanks["notes"] == "Maya, it was great to meet.\nFrom what you said, I will read the book."
    assert thanks["created"] == "2026-03-16T10:00:00"
    out = cli.ok("import", str(MAIL / "outlook_invite.eml"), "--as-of", "2026-03-20")
    assert "Logged 1 touch (1 reply) with 1 contact" in out
    assert "Invitations: Booked 1 appointment (Jürgen Müller, Wed 25 Mar 11:00)" in out


def test_a_maildir_and_its_format_forced(cli, tmp_path):
    cli.ok("config", "my-emails", "me@example.org")
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "cur" / "1700000000.M1P2.host:2,S").write_bytes((MAIL / "outlook_invite.eml").read_bytes())
    out = cli.ok("import", str(box), "--dry-run", "--as-of", "2026-03-20")
    assert "(Maildir): Would log 1 touch (1 reply) with 1 contact" in out
    assert "    2026-03-18 09:12  reply      Kennenlernen – Kaffee" in out
    out = cli.ok("import", str(box), "--format", "maildir", "--dry-run", "--as-of", "2026-03-20")
    assert "(Maildir): Would log 1 touch" in out


def test_suggest_writes_the_people_written_to_as_an_importable_csv(cli, tmp_path):
    cli.ok("config", "my-emails", "me@example.org")
    target = tmp_path / "people.csv"
    cli.ok("import", str(MAIL / "takeout.mbox"), "--dry-run", "--suggest", str(target))
    assert target.read_text().splitlines() == [
        "Name,Email,Notes",
        "Pat Stranger,pat@unknown.example,You wrote to them 2 times (mailbox)",
        "Sam Other,sam@other.example,You wrote to them 1 time (mailbox)",
    ]
    out = cli.ok("import", str(target))
    assert "Added 2 contacts" in out


def test_a_bad_path_or_format_exits_2_with_a_clear_message(cli, tmp_path):
    cli.ok("config", "my-emails", "me@example.org")
    err = cli.fails("import", str(tmp_path / "nowhere.mbox"), "--format", "mbox")
    assert "no such file or folder" in err
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    assert "is not an mbox file" in cli.fails("import", str(notes), "--format", "mbox")
    assert "is not a Maildir" in cli.fails("import", str(tmp_path), "--format", "maildir")
    assert "--with-text and --suggest are for a mailbox" in cli.fails("import", str(notes), "--with-text")


def test_hostile_headers_are_shown_literally(cli, tmp_path):
    cli.ok("config", "my-emails", "me@example.org")
    box = tmp_path / "hostile.mbox"
    subject = b"[bold red]pay[/] \x1b[31mnow\x1b[0m " + b"x" * 3000
    head = (b"From x@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: Maya <maya@acme.io>\nTo: me@example.org\n"
            b"Date: Mon, 2 Mar 2026 12:00:00 +0100\nMessage-ID: <h@x>\nSubject: ")  # fmt: skip
    box.write_bytes(head + subject + b"\n\nhi\n")
    out = cli.ok("import", str(box), "--dry-run", "--as-of", "2026-03-20")
    assert "reply      [bold red]pay[/] " in out and "\x1b" not in out
    cli.ok("import", str(box), "--as-of", "2026-03-20")
    (stored,) = [i for i in json.loads(cli.ok("export", "--format", "json"))["interactions"]]
    assert stored["summary"].startswith("[bold red]pay[/] ") and "\x1b" not in stored["summary"]
    assert len(stored["summary"]) == 1024


def test_a_contact_posting_to_a_mailing_list_is_no_reply(cli, tmp_path):
    cli.ok("config", "my-emails", "me@example.org")
    box = tmp_path / "list.mbox"
    box.write_bytes(
        b"From x@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: Maya Chen <maya@acme.io>\nTo: team@lists.example\n"
        b"List-Id: <team.lists.example>\nDate: Mon, 2 Mar 2026 12:00:00 +0100\nMessage-ID: <l@x>\n"
        b"Subject: Minutes\n\nhi\n"
    )
    out = cli.ok("import", str(box), "--dry-run", "--as-of", "2026-03-20")
    assert "Would log 0 touches with 0 contacts; 0 already logged, 1 left out. 1 message read." in out
    assert "  left out: 1 a mailing list (List-Id)" in out


def _mine(day: int, hour: int, subject: str, text: str) -> bytes:
    return (
        f"From x@xxx Mon Mar 02 09:15:00 +0000 2026\nFrom: Me <me@example.org>\nTo: Maya Chen <maya@acme.io>\n"
        f"Date: {day} Mar 2026 {hour:02d}:00:00 +0100\nMessage-ID: <{day}.{hour}@x>\nSubject: {subject}\n"
        f"Content-Type: text/plain; charset=UTF-8\n\n{text}\n\n"
    ).encode()


def test_a_messages_text_is_read_only_where_it_can_make_a_thank_you(cli, tmp_path, monkeypatch):
    import nurture.exchange.mail as reader
    from nurture.services.facade import Nurture
    from nurture.store.repository import Repository

    cli.ok("config", "my-emails", "me@example.org")
    cli.ok("log", "Maya", "--kind", "coffee", "--on", "2026-03-15", "--as-of", "2026-03-20")
    box = tmp_path / "sent.mbox"
    box.write_bytes(
        _mine(2, 9, "Coffee?", "Would you have time? Thanks in advance")  # before the coffee: an outreach
        + _mine(16, 10, "Catching up", "Many THANKS for yesterday, it was great.")  # the day after: thanks inside
        + _mine(16, 12, "Thank you!", "Really.")  # the subject says it
        + _mine(25, 9, "Next steps", "Thanks again")  # ten days after: an email, whatever it says
    )
    bodies: list[str] = []
    parse = reader._body

    def spy(msg, calendar_wanted, text_wanted):
        bodies.append(msg["Message-ID"])
        return parse(msg, calendar_wanted, text_wanted)

    monkeypatch.setattr(reader, "_body", spy)
    service = Nurture(Repository(cli.data_dir).open(), today=lambda: date(2026, 3, 20),
                      zone=lambda: ZoneInfo("Europe/Berlin"))  # fmt: skip
    for with_text, parsed in ((False, ["<16.10@x>"]), (True, ["<2.9@x>", "<16.10@x>", "<16.12@x>", "<25.9@x>"])):
        bodies.clear()
        result = service.log_read(service.read_mailbox(box, with_text=with_text), dry_run=True)
        assert [(t.message_id, t.kind) for t in result.plan.touches] == [
            ("<2.9@x>", "outreach"),
            ("<16.10@x>", "thank-you"),
            ("<16.12@x>", "thank-you"),
            ("<25.9@x>", "email"),
        ]
        assert bodies == parsed  # without --with-text, only the one whose opening says it


def test_an_email_of_yours_after_an_unanswered_outreach_leaves_the_nudge_due(cli):
    """Outreach to Clara, no reply; your "Café next week?" 3 days later: the nudge is still due a
    week after the outreach, whether the email was logged by hand or from the mailbox."""
    cli.ok("add", "Clara Diaz", "--email", "clara@x.example", "--as-of", "2026-02-01")
    cli.ok("log", "Clara", "--kind", "outreach", "--on", "2026-03-02", "--as-of", "2026-03-02")
    cli.ok("log", "Clara", "--kind", "email", "--on", "2026-03-05", "--summary", "Café next week?",
           "--as-of", "2026-03-05")  # fmt: skip
    assert "nudge" not in cli.ok("queue", "--as-of", "2026-03-08")
    queue = cli.ok("queue", "--as-of", "2026-03-09")
    assert "nudge   Clara Diaz" in queue and "no reply to your request of Mar 02" in queue
    cli.ok("log", "Clara", "--kind", "nudge", "--on", "2026-03-09", "--as-of", "2026-03-09")
    assert "Clara" not in cli.ok("queue", "--as-of", "2026-03-12")  # one nudge only


def test_the_first_import_finds_the_touches_you_logged_by_hand(cli):
    """The outreach logged by hand on Mar 2, then the mailbox: its mail of Mar 2 is that outreach
    (the Message-ID kept with it), not a second one; a re-import adds nothing."""
    cli.ok("config", "my-emails", "me@example.org")
    cli.ok("log", "Maya", "--kind", "outreach", "--on", "2026-03-02", "--summary", "Asked for coffee",
           "--as-of", "2026-03-02")  # fmt: skip
    out = cli.ok("import", str(MAIL / "takeout.mbox"), "--dry-run", "--as-of", "2026-03-20")
    assert "Would log 2 touches (1 nudge, 1 reply) with 1 contact; 1 matches what you logged; 0 already logged" in out
    assert "    2026-03-02 10:15  outreach   Coffee in March?  (matches what you logged)" in out
    cli.ok("import", str(MAIL / "takeout.mbox"), "--as-of", "2026-03-20")
    assert _kinds(cli) == [
        ("2026-03-02", "outreach", "<CAout1@mail.gmail.com>"),  # the one logged by hand
        ("2026-03-10", "nudge", "<CAnudge1@mail.gmail.com>"),
        ("2026-03-11", "reply", "<reply-maya-1@acme.io>"),
    ]
    doc = json.loads(cli.ok("export", "--format", "json"))
    assert next(i for i in doc["interactions"] if i["kind"] == "outreach")["summary"] == "Asked for coffee"
    again = cli.ok("import", str(MAIL / "takeout.mbox"), "--as-of", "2026-03-20")
    assert "Logged 0 touches with 0 contacts; 3 already logged" in again


def test_mail_dated_in_the_future_is_left_out(cli):
    cli.ok("config", "my-emails", "me@example.org")
    out = cli.ok("import", str(MAIL / "takeout.mbox"), "--dry-run", "--as-of", "2026-03-10")
    assert "Would log 1 touch (1 outreach) with 1 contact" in out  # the nudge of Mar 10 09:00 is later today
    assert "  left out: 2 dated in the future" in out


def _invite_from(sender: bytes, extra: bytes = b"") -> bytes:
    raw = (MAIL / "outlook_invite.eml").read_bytes()
    _, _, rest = raw.partition(b"\n")
    return b"From: " + sender + b"\n" + extra + rest


def test_invitations_are_listed_and_booked_only_with_the_messages_logged(cli, tmp_path):
    cli.ok("config", "my-emails", "me@example.org")
    box = tmp_path / "invites"
    box.mkdir()
    (box / "list.eml").write_bytes(
        _invite_from(b"Team <team@firma.de>", b"List-Id: <team.firma.de>\nMessage-ID: <list@x>\n")
    )
    (box / "noreply.eml").write_bytes(_invite_from(b"Calendar <no-reply@firma.de>", b"Message-ID: <nr@x>\n"))
    out = cli.ok("import", str(box), "--dry-run", "--as-of", "2026-03-20")
    assert "Invitations" not in out and "invitation:" not in out  # a list's, a no-reply's: not booked
    (box / "juergen.eml").write_bytes((MAIL / "outlook_invite.eml").read_bytes())
    out = cli.ok("import", str(box), "--dry-run", "--as-of", "2026-03-20")
    assert "  invitation: 2026-03-25 11:00  Kennenlernen  (juergen.eml)" in out
    assert "Invitations: Would book 1 appointment (Jürgen Müller, Wed 25 Mar 11:00)" in out


def test_an_invitation_unticked_or_of_someone_left_out_is_not_booked(cli):
    from nurture.services.facade import Nurture
    from nurture.store.repository import Repository

    cli.ok("config", "my-emails", "me@example.org")
    service = Nurture(Repository(cli.data_dir).open(), today=lambda: date(2026, 3, 20),
                      now=lambda: datetime(2026, 3, 20, 12), zone=lambda: ZoneInfo("Europe/Berlin"))  # fmt: skip
    read = service.read_mailbox(MAIL / "outlook_invite.eml")
    (invite,) = service.log_read(read, dry_run=True).invitations
    juergen = next(c for c in json.loads(cli.ok("list", "--json")) if c["name"] == "Jürgen Müller")["id"]
    for leave in ({"leave_invites": [invite.message_id]}, {"leave_out": [juergen]}):
        result = service.log_read(read, **leave)
        assert result.invites is None or not result.invites.changes, leave
    result = service.log_read(read, leave_out=[juergen])
    assert result.plan.touches == [] and result.invitations == []
    service.log_read(read)
    assert "Kennenlernen" in json.dumps(json.loads(cli.ok("export", "--format", "json")).get("appointments", []))
