"""``nurture book``, ``nurture appointments`` and the queue's rows about an appointment, as a
user reads them: the day and time said back, the stage move, the warnings; bad input refused
with a message and exit 2, nothing saved. The shell reads the zone of the machine (``TZ``), and
the time of day is pinned (with ``--as-of`` the shell takes the time of day it is now)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest

from nurture import cli
from tests.unit.test_cli import snapshot

MONDAY = "2026-11-30"
ZOOM = "https://us02web.zoom.us/j/81234567890"


class Shell:
    def __init__(self, data: Path, capsys) -> None:
        self.data, self.capsys = data, capsys

    def __call__(self, *args: str, as_of: str = MONDAY) -> tuple[int, str, str]:
        try:
            code = cli.main(["--data-dir", str(self.data), *args, "--as-of", as_of])
        except SystemExit as e:  # argparse's own usage errors
            code = int(e.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str, as_of: str = MONDAY) -> str:
        code, out, err = self(*args, as_of=as_of)
        assert code == 0, err
        return out

    def fails(self, *args: str, as_of: str = MONDAY) -> str:
        before = snapshot(self.data)
        code, out, err = self(*args, as_of=as_of)
        assert code == 2, (out, err)
        assert snapshot(self.data) == before, "a refused command changed the data files"
        assert out == ""
        return " ".join(err.split())


@pytest.fixture
def hour(monkeypatch) -> list[time]:
    """The time of day the shell's clock says (10:00 unless a test moves it), in Berlin."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    at = [time(10, 0)]
    monkeypatch.setattr(cli, "_clock", lambda as_of, _at=None: lambda: datetime.combine(as_of or date.today(), at[0]))
    return at


@pytest.fixture
def sh(tmp_path: Path, capsys, hour) -> Shell:
    shell = Shell(tmp_path / "data", capsys)
    shell.ok("add", "Maya Chen", "--company", "Figma")
    shell.ok("log", "maya", "--kind", "outreach", as_of="2026-11-23")
    shell.ok("add", "Lucas Martin")
    return shell


def test_book_says_back_the_day_time_length_place_and_stage_move(sh):
    out = sh.ok("book", "maya", "--at", "thu 15:00", "--where", ZOOM)
    assert out.splitlines() == [
        f"Booked a conversation with Maya Chen: Thu 3 Dec 2026, 15:00 (in 3 days), 20 min, Zoom ({ZOOM}).",
        "Maya Chen: requested → scheduled",
        "  next: prepare due 2026-12-02 (meeting Thu 3 Dec 15:00: 0 of 5 questions prepared; prepare 5–7 (Q))",
        "  next: meeting due 2026-12-03 (in 3 days · Thu 3 Dec 15:00 · Zoom · 20 min)",
    ]
    (a,) = json.loads(sh.ok("appointments", "--json"))
    assert {k: v for k, v in a.items() if k not in ("id", "contact_id")} == {
        "name": "Maya Chen",
        "start": "2026-12-03T15:00:00+01:00",
        "zone": "Europe/Berlin",
        "minutes": 20,
        "where": ZOOM,
        "note": "",
        "status": "booked",
        "uid": "",
    }
    (maya,) = [c for c in json.loads(sh.ok("list", "--json")) if c["name"] == "Maya Chen"]
    assert maya["stage"] == "scheduled"


def test_book_warns_of_an_overlap_and_of_another_booking_with_the_person(sh):
    sh.ok("book", "maya", "--at", "thu 15:00", "--where", ZOOM)
    out = sh.ok("book", "lucas", "--at", "thu 15:10", "--minutes", "30", "--where", "Café Ritter", "--note", "bring CV")
    assert out.splitlines()[:3] == [
        "Booked a conversation with Lucas Martin: Thu 3 Dec 2026, 15:10 (in 3 days), 30 min, Café Ritter.",
        "Lucas Martin: prospect → scheduled",
        "warning: it overlaps the conversation with Maya Chen Thu 3 Dec 15:00, 20 min",
    ]
    out = sh.ok("book", "lucas", "--at", "fri 9am")
    assert out.splitlines()[:2] == [
        "Booked a conversation with Lucas Martin: Fri 4 Dec 2026, 09:00 (in 4 days), 20 min.",
        "warning: Lucas Martin already has another conversation booked: Thu 3 Dec 15:10",
    ]  # no stage move: already scheduled


def test_book_held_logs_the_conversation_that_took_place(sh):
    out = sh.ok("book", "maya", "--at", "yesterday 15:00", "--held", "--where", ZOOM, "--minutes", "25")
    assert out.splitlines()[:3] == [
        f"Logged the video with Maya Chen that took place: Sun 29 Nov 2026, 15:00 (yesterday), 25 min, Zoom ({ZOOM}).",
        "Maya Chen: requested → met",
        "  next: thank-you due 2026-11-30 (thank them for the video on Nov 29)",
    ]
    (a,) = json.loads(sh.ok("appointments", "--all", "--json"))
    assert (a["status"], a["minutes"]) == ("held", 25)
    assert sh.ok("appointments") == 'Nothing booked. Book a conversation: nurture book NAME --at "thu 15:00"\n'
    out = sh.ok("book", "lucas", "--at", "yesterday 15:00", "--held", "--kind", "coffee")
    assert out.startswith("Logged the coffee with Lucas Martin that took place: Sun 29 Nov 2026, 15:00")


def test_book_held_marks_the_booked_one_held(sh, hour):
    sh.ok("book", "maya", "--at", "thu 15:00", "--where", ZOOM)
    hour[0] = time(16, 0)
    out = sh.ok("book", "maya", "--at", "15:00", "--held", as_of="2026-12-03")
    assert "The conversation booked today 15:00 is marked held." in out.splitlines()
    statuses = [a["status"] for a in json.loads(sh.ok("appointments", "--all", "--json"))]
    assert statuses == ["held"]  # that one, not a second


def test_cancel_says_what_was_cancelled_and_moves_the_stage_back(sh):
    sh.ok("book", "maya", "--at", "thu 15:00", "--where", ZOOM)
    out = sh.ok("book", "maya", "--cancel")
    assert out.splitlines() == [
        f"Cancelled the conversation with Maya Chen Thu 3 Dec 15:00, 20 min, Zoom ({ZOOM}).",
        "Maya Chen: scheduled → requested",
        "  next: nudge due 2026-11-30 (no reply to your request of Nov 23: one polite nudge)",
    ]
    (a,) = json.loads(sh.ok("appointments", "--all", "--json"))
    assert a["status"] == "cancelled"
    assert "nothing is booked with Maya Chen" in sh.fails("book", "maya", "--cancel")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("book", "maya"), "book needs --at: the day and time agreed, as in thu 15:00"),
        (("book", "maya", "--at", "thu"), "'thu' has no time of day; add one, as in thu 15:00"),
        (("book", "maya", "--at", "thu 25:00"), "'thu 25:00' is not a time of day"),
        (("book", "maya", "--at", "yesterday 15:00"), "Sun 29 Nov 2026, 15:00 (yesterday) is in the past"),
        (("book", "maya", "--at", "9:00"), "Mon 30 Nov 2026, 09:00 (today) is in the past"),
        (("book", "maya", "--at", "tomorrow 15:00", "--held"), "has not happened yet; --held is for a conversation"),
        (("book", "maya", "--at", "2027-03-28 02:30"), "02:30 on Sun 28 Mar 2027 does not exist in Europe/Berlin"),
        (("book", "nobody", "--at", "thu 15:00"), "no contact matches 'nobody'"),
        (("book", "maya", "--at", "thu 15:00", "--minutes", "0"), "length 0 is out of range"),
        (("book", "maya", "--at", "thu 15:00", "--minutes", "soon"), "length 'soon' is not a number of minutes"),
        (("book", "maya", "--at", "thu 15:00", "--kind", "coffee"), "--kind goes with --held"),
        (("book", "maya", "--cancel"), "nothing is booked with Maya Chen"),
        (("book", "maya", "--cancel", "--at", "thu 15:00"), "--cancel takes no --at"),
        (("book", "maya", "--at", "thu 15:00", "--held", "--kind", "email"), "invalid choice: 'email'"),
    ],
)
def test_bad_input_is_refused_with_exit_2_and_nothing_saved(sh, args, message):
    assert message in sh.fails(*args)


def test_appointments_table_soonest_first_and_all_with_status(sh, hour):
    sh.ok("book", "lucas", "--at", "fri 9am", "--minutes", "30", "--where", "Café Ritter")
    sh.ok("book", "maya", "--at", "tomorrow 15:00", "--where", ZOOM)
    assert sh.ok("appointments").splitlines() == [
        "WHEN             CONTACT       LENGTH  WHERE",
        "tomorrow 15:00   Maya Chen     20 min  Zoom",
        "Fri 4 Dec 09:00  Lucas Martin  30 min  Café Ritter",
    ]
    hour[0] = time(12, 0)
    sh.ok("book", "lucas", "--cancel", as_of="2026-12-01")
    assert sh.ok("appointments", "--all", as_of="2026-12-02").splitlines() == [
        "WHEN             CONTACT       LENGTH  WHERE        STATUS",
        "yesterday 15:00  Maya Chen     20 min  Zoom         to log",
        "Fri 4 Dec 09:00  Lucas Martin  30 min  Café Ritter  cancelled",
    ]
    assert sh.ok("appointments", as_of="2026-12-02").splitlines()[1] == (
        "yesterday 15:00 · to log  Maya Chen  20 min  Zoom"
    )


def test_appointments_user_text_is_printable(sh):
    sh.ok("book", "maya", "--at", "thu 15:00", "--where", "Room \x1b[31m4")
    assert "\x1b" not in sh.ok("appointments")
    assert "\x1b" not in sh.ok("queue", "--within", "7")


def test_queue_rows_say_how_long_until_and_json_gives_at(sh, hour):
    sh.ok("book", "maya", "--at", "thu 15:00", "--where", ZOOM)
    hour[0] = time(12, 50)
    rows = sh.ok("queue", as_of="2026-12-03").splitlines()
    assert rows[0].split() == ["DUE", "WHEN", "REASON", "CONTACT", "WHAT"]
    assert any(r.startswith("2026-12-03  today") and "meeting" in r and
               "in 2 h 10 min · today 15:00 · Zoom · 20 min" in r for r in rows)  # fmt: skip
    items = json.loads(sh.ok("queue", "--json", as_of="2026-12-03"))
    meeting = next(i for i in items if i["reason"] == "meeting")
    assert meeting["at"] == "2026-12-03T14:00:00+00:00"
    assert meeting["detail"] == "today 15:00 · Zoom · 20 min"
    hour[0] = time(15, 30)
    rows = sh.ok("queue", as_of="2026-12-03").splitlines()
    assert any("log-meeting" in r and "ended 10 min ago · how did it go?" in r for r in rows)


def test_the_shell_shows_times_in_the_zone_the_user_is_in(sh, monkeypatch):
    sh.ok("book", "maya", "--at", "thu 15:00", "--where", ZOOM)  # booked in Berlin
    monkeypatch.setenv("TZ", "America/New_York")
    assert sh.ok("appointments").splitlines()[1] == "Thu 3 Dec 09:00 (15:00 Berlin)  Maya Chen  20 min  Zoom"
    (a,) = json.loads(sh.ok("appointments", "--json"))
    assert (a["start"], a["zone"]) == ("2026-12-03T09:00:00-05:00", "Europe/Berlin")
    assert sh.ok("appointments", as_of="2026-12-04").splitlines()[1] == (
        "yesterday 09:00 (15:00 Berlin) · to log  Maya Chen  20 min  Zoom"
    )  # not clipped


def test_as_of_with_a_time_pins_the_time_of_day_so_the_shell_shows_the_meeting(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    shell = Shell(tmp_path / "data", capsys)
    shell.ok("add", "Maya Chen")
    shell.ok("book", "maya", "--at", "thu 15:00", "--where", ZOOM, as_of="2026-11-30 10:00")
    out = " ".join(shell.ok("queue", as_of="2026-12-03 14:30").split())
    assert "today meeting Maya Chen in 30 min · today 15:00 · Zoom · 20 min" in out
    out = " ".join(shell.ok("queue", as_of="2026-12-03 15:25").split())
    assert "log-meeting Maya Chen ended 5 min ago · how did it go? today 15:00, 20 min: log the conversation" in out


def test_a_booked_appointment_of_someone_in_another_zone_is_said_in_both(sh, monkeypatch):
    sh.ok("book", "maya", "--at", "thu 15:00")
    monkeypatch.setenv("TZ", "America/New_York")
    out = sh.ok("appointments")
    assert "Thu 3 Dec 09:00 (15:00 Berlin)" in out


def test_logging_the_conversation_after_the_meeting_takes_its_day_and_length_and_says_it_is_held(sh):
    sh.ok("book", "maya", "--at", "thu 15:00", "--minutes", "30", "--where", ZOOM)
    out = sh.ok("log", "maya", "--kind", "video", "--note", "great talk", as_of="2026-12-04")
    assert out.splitlines()[:2] == [
        "Logged video with Maya Chen on Thu 3 Dec 2026. Maya Chen is now met.",
        "It was the conversation booked yesterday 15:00: marked held.",
    ]
    (a,) = json.loads(sh.ok("appointments", "--all", "--json"))
    assert a["status"] == "held"


def test_move_changes_the_next_booked_conversation_and_keeps_what_is_not_given(sh):
    sh.ok("book", "maya", "--at", "thu 15:00", "--where", ZOOM, "--minutes", "30")
    out = sh.ok("book", "maya", "--move", "--at", "fri 11:00")
    assert out.splitlines() == [
        f"Changed the conversation with Maya Chen: Thu 3 Dec 15:00 → Fri 4 Dec 11:00, 30 min, Zoom ({ZOOM})."
    ]
    (a,) = json.loads(sh.ok("appointments", "--json"))
    assert (a["start"], a["minutes"], a["where"]) == ("2026-12-04T11:00:00+01:00", 30, ZOOM)
    assert "--move needs what changes" in sh.fails("book", "maya", "--move")
    assert "nothing is booked ahead with Lucas Martin" in sh.fails("book", "lucas", "--move", "--at", "fri 9am")
