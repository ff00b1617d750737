"""A mailbox imported from the dashboard (``i``): read in a worker with a progress bar, esc stops
it and nothing is written, the user's addresses are asked for (the Gmail Sent ones offered) and
saved, the preview lists per person what would be logged with kinds and dates, and the people
and messages unticked are not logged."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Input, ProgressBar

from nurture.exchange.mail import MailCancelled
from nurture.screens.import_form import ImportScreen
from nurture.screens.mail_addresses import MailAddressesScreen
from nurture.screens.mail_import import MailImportScreen, mail_notice, size_text
from nurture.services import mail as mail_service
from nurture.widgets.mail_preview import MailLine, MailPerson, MailPreview
from tests.tui.conftest import all_rows_text, make_app, rendered_text, settle

MAIL = Path(__file__).resolve().parents[1] / "fixtures" / "mail"


def maildir_of(tmp_path: Path) -> Path:
    """A Maildir holding the Gmail Takeout's messages, one a file (as mbsync writes them), and
    Zoë's Apple Mail reply."""
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    raw = (MAIL / "takeout.mbox").read_bytes()
    for i, message in enumerate(raw.split(b"\nFrom ")):
        body = message.split(b"\n", 1)[1]  # without its "From " line
        (box / "cur" / f"17000000{i:02d}.M{i}P1.host:2,S").write_bytes(body)
    (box / "new" / "1700000100.M9P1.host").write_bytes((MAIL / "apple.eml").read_bytes())
    return box


def app_with_contacts(tmp_path: Path, mine: bool = True):
    app = make_app(tmp_path / "data")
    app.service.add_contact("Maya Chen", email="maya@acme.io")
    app.service.add_contact("Zoë Åkesson", email="zoe@studio.se")
    if mine:
        app.service.update_settings(my_emails=("me@example.org",))
    return app


async def open_mail(pilot, path: Path | str, wait: bool = True) -> MailImportScreen:
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ImportScreen)
    pilot.app.screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    if wait:
        await settle(pilot)
    for _ in range(200):
        if isinstance(pilot.app.screen, MailImportScreen):
            break
        await pilot.pause(0.01)
    return pilot.app.screen


def summary(screen) -> str:
    return rendered_text(screen.query_one("#summary"))


def stored(app) -> list[tuple[str, str, str, str]]:
    """Every interaction stored: (whom, date, kind, summary)."""
    network = app.service.network()
    return sorted(
        (network.contacts[i.contact_id].name, i.on.isoformat(), i.kind, i.summary)
        for i in app.service.context.repo.all_interactions()
    )


async def press_on(pilot, preview: MailPreview, row_text: str) -> None:
    """Space on the row that shows ``row_text``."""
    index = next(i for i, line in enumerate(all_rows_text(preview)) if row_text in line)
    preview.move_to(index)
    await pilot.press("space")
    for _ in range(500):  # the kinds are told again in a worker; its answer lands a beat later
        await settle(pilot)
        if getattr(pilot.app.screen, "planned", True) is not None:
            break
    else:
        raise AssertionError("the preview never took the tick in")


async def test_a_maildir_previewed_per_person_and_the_unticked_left_out(tmp_path):
    app = app_with_contacts(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mail(pilot, maildir_of(tmp_path))
        preview = screen.query_one(MailPreview)
        assert all_rows_text(preview) == [
            " ☑ Maya Chen · 3 touches",
            "     ☑ 2026-03-02 09:15  outreach  Coffee in March?",
            "     ☑ 2026-03-10 08:00  nudge     Re: Coffee in March?",
            "     ☑ 2026-03-11 17:30  reply     Re: Coffee in March?",
            " ☑ Zoë Åkesson · 1 touch",
            "     ☑ 2026-03-19 17:45  reply     Danke für das Gespräch",
        ]
        said = summary(screen)
        assert "Maildir: Would log 4 touches (2 reply, 1 nudge, 1 outreach) with 2 contacts" in said
        assert "2 people you wrote to are not contacts: Pat Stranger (2), Sam Other (1)." in said
        assert "Left out: 2 to no contact, 1 from a no-reply address, 1 from no contact." in said
        assert stored(app) == []  # a preview writes nothing

        await press_on(pilot, preview, "Zoë Åkesson")  # the person: all of theirs
        await press_on(pilot, preview, "nudge")  # one message
        rows = all_rows_text(preview)
        assert rows[0] == " ☑ Maya Chen · 2 of 3" and rows[4] == " ☐ Zoë Åkesson · 0 of 1"
        said = summary(screen)
        assert "Would log 2 touches (1 outreach, 1 reply) with 1 contact" in said  # the counts follow
        assert "2 touches unticked by you" in said

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (MailImportScreen, ImportScreen))
        assert stored(app) == [
            ("Maya Chen", "2026-03-02", "outreach", "Coffee in March?"),
            ("Maya Chen", "2026-03-11", "reply", "Re: Coffee in March?"),
        ]
        notices = [n.message for n in app._notifications]
        assert any("Maildir: Logged 2 touches (1 outreach, 1 reply) with 1 contact" in m for m in notices)
        assert any("Maya Chen: outreach 2 Mar, reply 11 Mar" in m for m in notices)


async def test_a_message_of_someone_unticked_ticks_that_message_alone(tmp_path):
    app = app_with_contacts(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mail(pilot, MAIL / "takeout.mbox")
        preview = screen.query_one(MailPreview)
        await press_on(pilot, preview, "Maya Chen")
        await press_on(pilot, preview, "reply")
        assert all_rows_text(preview)[:4] == [
            " ☑ Maya Chen · 1 of 3",
            "     ☐ 2026-03-02 09:15  outreach  Coffee in March?",
            "     ☐ 2026-03-10 08:00  nudge     Re: Coffee in March?",
            "     ☑ 2026-03-11 17:30  reply     Re: Coffee in March?",
        ]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(app) == [("Maya Chen", "2026-03-11", "reply", "Re: Coffee in March?")]


async def test_nothing_ticked_offers_no_ctrl_s_and_esc_logs_nothing(tmp_path):
    app = app_with_contacts(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mail(pilot, MAIL / "takeout.mbox")
        await press_on(pilot, screen.query_one(MailPreview), "Maya Chen")
        assert "Nothing to log." in summary(screen)
        assert screen.check_action("save", ()) is False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "Nothing was logged from the mailbox." in rendered_text(app.screen.query_one("#preview"))
        assert stored(app) == []


async def test_my_addresses_are_asked_with_the_gmail_sent_ones_offered_and_saved(tmp_path):
    app = app_with_contacts(tmp_path, mine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mail(pilot, MAIL / "takeout.mbox")
        asked = app.screen
        assert isinstance(asked, MailAddressesScreen)
        assert "Gmail labels Sent are from me@example.org" in rendered_text(asked.query_one("#why"))
        field = asked.query_one("#mine", Input)
        assert field.value == "me@example.org"  # offered, not taken: nothing saved yet
        assert app.service.context.settings().my_emails == ()
        field.value = "me@example.org, Me@Work.example"
        await pilot.press("enter")
        await settle(pilot)
        assert app.service.context.settings().my_emails == ("me@example.org", "me@work.example")
        screen = app.screen
        assert isinstance(screen, MailImportScreen)
        assert [r.kind for r in screen.query_one(MailPreview).rows if isinstance(r, MailLine)] == [
            "outreach",
            "nudge",
            "reply",
        ]


async def test_addresses_not_given_read_nothing_as_mine(tmp_path):
    app = app_with_contacts(tmp_path, mine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mail(pilot, MAIL / "apple.eml")
        asked = app.screen
        assert isinstance(asked, MailAddressesScreen)
        assert asked.query_one("#mine", Input).value == ""  # no Gmail labels: nothing to offer
        await pilot.press("enter")  # an empty answer is refused under the field
        await pilot.pause()
        assert app.screen is asked and "give at least one address" in rendered_text(asked.query_one(".field--error"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "nurture needs your addresses" in rendered_text(app.screen.query_one("#preview"))
        assert app.service.context.settings().my_emails == () and stored(app) == []


async def test_esc_while_reading_stops_it_and_writes_nothing(tmp_path, monkeypatch):
    """The reading is held after the second message until esc is pressed: the progress bar says
    how far it got, esc stops the reader at its next message, nothing is logged."""
    box = maildir_of(tmp_path)
    real = mail_service.read_mail
    holding, stopped = threading.Event(), threading.Event()

    def held(path, fmt, **kw):
        stop = kw["stop"]
        try:
            for n, message in enumerate(real(path, fmt, **kw)):
                yield message
                if n == 1:
                    holding.set()
                    deadline = time.monotonic() + 10
                    while not stop() and time.monotonic() < deadline:
                        time.sleep(0.005)
        except MailCancelled:
            stopped.set()
            raise

    monkeypatch.setattr(mail_service, "read_mail", held)
    app = app_with_contacts(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mail(pilot, box, wait=False)
        assert isinstance(screen, MailImportScreen)
        for _ in range(500):
            if holding.is_set():
                break
            await pilot.pause(0.01)
        await pilot.pause(0.05)
        bar = screen.query_one("#progress", ProgressBar)
        total = sum(p.stat().st_size for p in box.rglob("*") if p.is_file())
        assert bar.display and bar.total == total and 0 < bar.progress < total
        assert f"of {size_text(total)}… esc stops (nothing is written)" in summary(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert stopped.wait(5)
        assert isinstance(app.screen, ImportScreen)
        assert "Reading stopped: nothing was logged." in rendered_text(app.screen.query_one("#preview"))
        assert stored(app) == []


def test_the_notice_names_whom_what_was_logged_with(tmp_path):
    from nurture.services import Nurture
    from nurture.store import Repository
    from tests.conftest import Clock

    clock = Clock()
    service = Nurture(Repository(tmp_path / "data", now=clock.now).open(), today=clock.today, now=clock.now)
    service.add_contact("Maya Chen", email="maya@acme.io")
    service.update_settings(my_emails=("me@example.org",))
    result = service.import_mail(MAIL / "takeout.mbox")
    assert mail_notice(result).splitlines() == [
        "takeout.mbox: Logged 3 touches (1 nudge, 1 outreach, 1 reply) with 1 contact; 0 already logged, "
        "4 left out. 7 messages read.",
        "Maya Chen: outreach 2 Mar, nudge 10 Mar, reply 11 Mar",
    ]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_mail_preview_snapshot(snap_compare, tmp_path, monkeypatch, size):
    """The preview of a Gmail Takeout with a message unticked: per person, kinds, dates."""
    monkeypatch.chdir(Path(__file__).parent.parent.parent)  # a path that is the same everywhere
    app = app_with_contacts(tmp_path)

    async def run_before(pilot) -> None:
        screen = await open_mail(pilot, "tests/fixtures/mail/takeout.mbox")
        await press_on(pilot, screen.query_one(MailPreview), "nudge")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_rows_are_people_then_their_messages_in_order():
    from datetime import UTC, datetime

    from nurture.domain.mail import MailTouch
    from nurture.widgets.mail_preview import mail_rows

    late = MailTouch("b", "reply", datetime(2026, 3, 5, tzinfo=UTC), "Re", "<2>")
    early = MailTouch("b", "outreach", datetime(2026, 3, 1, tzinfo=UTC), "Hi", "<1>")
    other = MailTouch("a", "email", datetime(2026, 3, 3, tzinfo=UTC), "Yo", "<3>")
    rows = mail_rows([late, other, early], {"a": "Zed", "b": "ann"})
    assert [(type(r).__name__, getattr(r, "message_id", r.contact_id)) for r in rows] == [
        ("MailPerson", "b"),
        ("MailLine", "<1>"),
        ("MailLine", "<2>"),
        ("MailPerson", "a"),
        ("MailLine", "<3>"),
    ]
    assert isinstance(rows[0], MailPerson) and rows[0].touches == 2


async def test_unticking_the_outreach_makes_the_next_message_the_outreach(tmp_path):
    app = app_with_contacts(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mail(pilot, MAIL / "takeout.mbox")
        preview = screen.query_one(MailPreview)
        await press_on(pilot, preview, "outreach")
        await settle(pilot)
        assert all_rows_text(preview)[:4] == [
            " ☑ Maya Chen · 2 of 3",
            "     ☐ 2026-03-02 09:15  outreach  Coffee in March?",
            "     ☑ 2026-03-10 08:00  outreach  Re: Coffee in March?",  # told again: the first now
            "     ☑ 2026-03-11 17:30  reply     Re: Coffee in March?",
        ]
        assert "Would log 2 touches (1 outreach, 1 reply) with 1 contact" in summary(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(app) == [
            ("Maya Chen", "2026-03-10", "outreach", "Re: Coffee in March?"),
            ("Maya Chen", "2026-03-11", "reply", "Re: Coffee in March?"),
        ]


async def test_a_touch_logged_by_hand_that_day_is_shown_as_matching_and_not_logged_again(tmp_path):
    from datetime import date

    app = app_with_contacts(tmp_path)
    maya = next(c for c in app.service.network().contacts.values() if c.name == "Maya Chen")
    app.service.log(maya.id, "outreach", on=date(2026, 3, 2), summary="Asked for coffee")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mail(pilot, MAIL / "takeout.mbox")
        preview = screen.query_one(MailPreview)
        rows = all_rows_text(preview)
        assert rows[1] == "     ☑ 2026-03-02 09:15  outreach  Coffee in March?  · matches what you logged"
        assert "Would log 2 touches (1 nudge, 1 reply) with 1 contact; 1 matches what you logged" in summary(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(app) == [
            ("Maya Chen", "2026-03-02", "outreach", "Asked for coffee"),  # theirs, kept as they logged it
            ("Maya Chen", "2026-03-10", "nudge", "Re: Coffee in March?"),
            ("Maya Chen", "2026-03-11", "reply", "Re: Coffee in March?"),
        ]
        ids = {i.message_id for i in app.service.context.repo.all_interactions()}
        assert "<CAout1@mail.gmail.com>" in ids


async def test_an_invitation_is_a_row_and_unticked_is_not_booked(tmp_path):
    from datetime import date, datetime

    app = app_with_contacts(tmp_path)
    app.service.context.today = lambda: date(2026, 3, 20)  # before the meeting it invites to
    app.service.context.now = lambda: datetime(2026, 3, 20, 12)
    app.service.add_contact("Jürgen Müller", email="juergen.mueller@firma.de")
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_mail(pilot, MAIL / "outlook_invite.eml")
        preview = screen.query_one(MailPreview)
        rows = all_rows_text(preview)
        assert rows[2].startswith(" Invitations · 1 event")
        assert rows[3] == "     ☑ 2026-03-25 10:00  book      Kennenlernen  · outlook_invite.eml"  # UTC here
        assert "Invitations: Would book 1 appointment" in summary(screen)
        await press_on(pilot, preview, "book      Kennenlernen")
        await settle(pilot)
        assert all_rows_text(preview)[3].startswith("     ☐ 2026-03-25 10:00  book")
        assert "Invitations" not in summary(screen)
        await pilot.press("ctrl+s")

        await settle(pilot)
        assert [k for _, _, k, _ in stored(app)] == ["reply"]
        assert app.service.context.repo.appointments() == []


async def test_hostile_headers_are_shown_literally_in_the_preview_and_the_notice(tmp_path):
    """A subject and a sender name written as markup, an action link and terminal escapes: shown
    as typed (escapes removed), never run or styled, in the rows, the summary and the notice."""
    app = app_with_contacts(tmp_path)
    app.service.add_contact("[b]Eve[/b] [@click=app.quit]x[/]", email="eve@example.net")
    box = tmp_path / "hostile.mbox"
    box.write_bytes(
        b"From x@xxx Mon Mar 02 09:15:00 +0000 2026\n"
        b"From: =?utf-8?q?=5B=2F=5D_Eve?= <eve@example.net>\nTo: me@example.org\n"
        b"Date: Mon, 2 Mar 2026 12:00:00 +0100\nMessage-ID: <h@x>\n"
        b"Subject: [bold red]pay[/] [@click=app.quit]now[/] \x1b[31mred\x1b[0m\n\nhi\n"
    )
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await open_mail(pilot, box)
        rows = all_rows_text(screen.query_one(MailPreview))
        assert rows[0].startswith(" ☑ [b]Eve[/b] [@click=app.quit]x[/] · 1 touch")
        assert "reply     [bold red]pay[/] [@click=app.quit]now[/] " in rows[1] and "\x1b" not in rows[1]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running  # the action link was never run
        notices = " ".join(str(n.message) for n in app._notifications)
        assert "[b]Eve[/b] [@click=app.quit]x[/]: reply 2 Mar" in notices
        (logged,) = app.service.context.repo.all_interactions()
        assert logged.summary.startswith("[bold red]pay[/] [@click=app.quit]now[/] ")
