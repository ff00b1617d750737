"""The shell command, run as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.guard import guarded_env

AS_OF = "2026-11-23"


def snapshot(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"
    }


class CLI:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def __call__(self, *args: str, env_dir: bool = False) -> subprocess.CompletedProcess:
        env = guarded_env(PYTHONIOENCODING="utf-8")
        env.pop("NURTURE_DATA_DIR", None)
        argv = [sys.executable, "-m", "nurture"]
        if env_dir:
            env["NURTURE_DATA_DIR"] = str(self.data_dir)
        else:
            argv += ["--data-dir", str(self.data_dir)]
        return subprocess.run(argv + list(args), capture_output=True, text=True, env=env, timeout=60)

    def ok(self, *args: str) -> str:
        r = self(*args)
        assert r.returncode == 0, r.stderr
        return r.stdout

    def fails(self, *args: str, code: int = 2) -> str:
        """Runs a command that must fail, checking it wrote nothing; returns stderr."""
        before = snapshot(self.data_dir)
        r = self(*args)
        assert r.returncode == code, (r.stdout, r.stderr)
        assert snapshot(self.data_dir) == before, "a failed command changed the data files"
        return r.stderr


@pytest.fixture
def cli(tmp_path: Path) -> CLI:
    return CLI(tmp_path / "data")


def queue(cli: CLI, *extra: str) -> list[dict]:
    return json.loads(cli.ok("queue", "--as-of", AS_OF, "--json", *extra))


def test_new_user_flow_add_log_and_queue(cli):
    assert "Added Ada Lovelace (prospect)" in cli.ok(
        "add", "Ada Lovelace", "--company", "Analytical", "--role", "Engineer", "--tags", "math,eng"
    )
    out = cli.ok(
        "log",
        "ada",
        "--kind",
        "coffee",
        "--on",
        "3d ago",
        "--as-of",
        AS_OF,
        "--note",
        "Loved it",
        "--takeaway",
        "learn Fortran",
        "--todo",
        "send paper",
    )
    assert "Logged coffee with Ada Lovelace on Fri 20 Nov 2026" in out
    assert "now met" in out
    assert "thank-you due 2026-11-21" in out
    items = queue(cli)
    assert [(i["name"], i["reason"], i["due"], i["days_overdue"]) for i in items] == [
        ("Ada Lovelace", "thank-you", "2026-11-21", 2)
    ]
    assert set(items[0]) >= {"contact_id", "name", "reason", "due", "days_overdue"}
    cli.ok("log", "Ada Lovelace", "--kind", "thanks", "--as-of", AS_OF)
    assert queue(cli) == []
    human = cli.ok("queue", "--as-of", "2027-03-01")
    assert "touch-base" in human and "Ada Lovelace" in human and "overdue" in human


def test_queue_within_shows_upcoming_with_negative_days(cli):
    cli.ok("add", "Bob")
    cli.ok("log", "bob", "--kind", "outreach", "--on", "2026-11-20", "--as-of", AS_OF)
    assert queue(cli) == []
    (item,) = queue(cli, "--within", "7")
    assert (item["reason"], item["due"], item["days_overdue"]) == ("nudge", "2026-11-27", -4)
    assert "Nothing due today" in cli.ok("queue", "--as-of", AS_OF)


def test_followup_and_snooze(cli):
    cli.ok("add", "Cy Young", "--stage", "met")
    cli.ok("followup", "cy", "--on", "next fri", "--what", "send the deck", "--as-of", AS_OF)
    (item,) = queue(cli, "--within", "7")
    assert (item["reason"], item["due"]) == ("follow-up", "2026-11-27")
    cli.ok("snooze", "cy", "--until", "2026-12-01", "--as-of", AS_OF)
    assert queue(cli, "--within", "7") == []
    assert json.loads(cli.ok("queue", "--as-of", "2026-12-01", "--json"))[0]["reason"] == "follow-up"
    cli.ok("snooze", "cy", "--clear", "--as-of", AS_OF)
    assert len(queue(cli, "--within", "7")) == 1


def test_referral_and_report_back(cli):
    cli.ok("add", "Maya Okafor", "--stage", "nurturing")
    out = cli.ok("add", "Rafael Souza", "--referred-by", "maya")
    assert "introduced by Maya Okafor" in out
    cli.ok("log", "rafael", "--kind", "video", "--on", "2026-11-21", "--as-of", AS_OF)
    reasons = {(i["name"], i["reason"], i["due"]) for i in queue(cli)}
    assert ("Maya Okafor", "report-back", "2026-11-23") in reasons


def test_list_json_fields(cli):
    cli.ok(
        "add",
        "Ada",
        "--company",
        "A",
        "--email",
        "ada@example.com",
        "--every",
        "6w",
        "--linkedin",
        "linkedin.com/in/ada",
        "--how-met",
        "meetup",
    )
    cli.ok("log", "ada", "--kind", "call", "--on", "2026-11-02", "--as-of", AS_OF)
    (c,) = json.loads(cli.ok("list", "--json"))
    for key in (
        "id",
        "name",
        "role",
        "company",
        "industry",
        "email",
        "phone",
        "linkedin",
        "tags",
        "stage",
        "cadence_days",
        "referred_by",
        "how_met",
        "notes",
        "last_contact",
    ):
        assert key in c, key
    assert c["cadence_days"] == 42 and c["cadence"] == "6w"
    assert c["last_contact"] == "2026-11-02"
    assert c["linkedin"] == "https://linkedin.com/in/ada"
    assert c["stage"] == "met"
    table = cli.ok("list")
    assert table.splitlines()[0].split() == ["NAME", "COMPANY", "ROLE", "STAGE", "LAST", "CONTACT", "TAGS"]


def test_environment_variable_selects_the_data_dir(cli):
    r = cli("add", "Eve", env_dir=True)
    assert r.returncode == 0
    assert json.loads(cli.ok("list", "--json"))[0]["name"] == "Eve"


# --- errors: exit 2, a message naming the input, nothing written ------------------------------


@pytest.fixture
def two_anns(cli):
    cli.ok("add", "Ann Lee", "--company", "Acme")
    cli.ok("add", "Anna Kay")
    return cli


def test_ambiguous_name_lists_candidates(two_anns):
    err = two_anns.fails("log", "an", "--kind", "coffee")
    assert "'an' matches 2 contacts" in err and "Ann Lee (Acme)" in err and "Anna Kay" in err


def test_exact_name_wins_over_prefix(two_anns):
    two_anns.ok("add", "Ann Leeson")  # "ann lee" is Ann Lee's whole name and a prefix of this one
    err = two_anns.fails("log", "ann le", "--kind", "email")
    assert "matches 2 contacts" in err and "Ann Lee (Acme)" in err and "Ann Leeson" in err
    out = two_anns.ok("log", "ann lee", "--kind", "email", "--as-of", AS_OF)
    assert "Logged email with Ann Lee on" in out
    last = {c["name"]: c["last_contact"] for c in json.loads(two_anns.ok("list", "--json"))}
    assert last == {"Ann Lee": AS_OF, "Ann Leeson": None, "Anna Kay": None}


def test_unknown_name(two_anns):
    err = two_anns.fails("log", "zed", "--kind", "coffee")
    assert "no contact matches 'zed'" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["log", "ann lee", "--kind", "coffee", "--on", "someday"], "cannot read date 'someday'"),
        (["log", "ann lee", "--kind", "coffee", "--on", "2026-02-30"], "'2026-02-30' is not a real date"),
        (["log", "ann lee", "--kind", "coffee", "--on", "tomorrow", "--as-of", AS_OF], "in the future"),
        (["log", "ann lee", "--kind", "banana"], "unknown kind 'banana'"),
        (["log", "ann lee", "--kind", "call", "--minutes", "lots"], "'lots' is not a whole number"),
        (["add", "Zed", "--every", "often"], "cannot read cadence 'often'"),
        (["add", "Zed", "--email", "not-an-email"], "does not look like an email"),
        (["add", "   "], "needs a name"),
        (["add", "Ann Lee"], "already exists"),
        (["add", "Zed", "--referred-by", "nobody"], "no contact matches 'nobody'"),
        (["followup", "ann lee", "--on", "whenever", "--what", "x"], "cannot read date 'whenever'"),
        (["followup", "ann lee", "--on", "fri", "--what", "  "], "cannot be blank"),
        (["snooze", "ann lee", "--until", "yesterday"], "not in the future"),
        (["queue", "--as-of", "soon"], "cannot read date 'soon'"),
        (["queue", "--within", "-3"], "--within -3"),
        (["add", "Zed", "--stage", "married"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_naming_it_and_writes_nothing(two_anns, args, needle):
    err = two_anns.fails(*args)
    assert needle in err
    assert "Traceback" not in err


def test_duplicate_name_allowed_on_request(two_anns):
    two_anns.ok("add", "Ann Lee", "--allow-duplicate", "--company", "Other")
    err = two_anns.fails("log", "ann lee", "--kind", "email")
    assert "matches 2 contacts" in err


def test_damaged_data_file_exits_1_naming_it_and_keeps_its_bytes(cli):
    cli.ok("add", "Ada")
    target = cli.data_dir / "contacts.json"
    target.write_bytes(b'{"nurture": {"schema": 1}, "contacts": {"x": ')
    err = cli.fails("add", "Bob", code=1)
    assert str(target) in err and "not valid JSON" in err and "Traceback" not in err
    assert target.read_bytes() == b'{"nurture": {"schema": 1}, "contacts": {"x": '


def test_terminal_escape_in_a_name_is_printed_harmlessly(cli):
    cli.ok("add", "Mallory\x1b[2J\x07")
    out = cli.ok("list")
    assert "\x1b" not in out and "\\x1b[2J" in out
    (c,) = json.loads(cli.ok("list", "--json"))
    assert c["name"] == "Mallory\x1b[2J\x07"  # stored exactly


def test_version_and_help():
    r = subprocess.run([sys.executable, "-m", "nurture", "--help"], capture_output=True, text=True, env=guarded_env())
    assert r.returncode == 0 and "queue" in r.stdout and "3d ago" in r.stdout


# --- the weekly review ------------------------------------------------------------------------


@pytest.fixture
def week_of_work(cli):
    cli.ok("add", "Ada")
    cli.ok("add", "Bob")
    cli.ok("log", "ada", "--kind", "outreach", "--on", "2026-11-16", "--as-of", "2026-11-20")
    cli.ok(
        "log",
        "ada",
        "--kind",
        "coffee",
        "--on",
        "2026-11-18",
        "--as-of",
        "2026-11-20",
        "--takeaway",
        "Portfolios: show the [messy] middle",
        "--todo",
        "send deck",
    )
    cli.ok("log", "bob", "--kind", "outreach", "--on", "2026-11-19", "--as-of", "2026-11-20")
    return cli


def test_review_json_names_every_figure(week_of_work):
    r = json.loads(week_of_work.ok("review", "--as-of", "2026-11-20", "--format", "json"))
    for key in (
        "outreach_sent",
        "replies",
        "reply_rate",
        "conversations",
        "goal",
        "thank_yous",
        "thank_yous_on_time",
        "nudges",
        "updates",
        "new_contacts",
        "referrals",
        "overdue",
        "losing_touch",
        "open_commitments",
        "takeaways",
        "next_week",
        "trend",
    ):
        assert key in r, key
    assert (r["outreach_sent"], r["conversations"], r["reply_rate"]) == (2, 1, 0.5)
    assert r["takeaways"][0]["takeaways"] == ["Portfolios: show the [messy] middle"]
    assert r["open_commitments"]["mine"][0]["text"] == "send deck"
    assert len(r["trend"]) == 12 and r["trend"][-1] == {"week_start": "2026-11-16", "conversations": 1, "outreach": 2}
    # as of Fri 20th: Ada's thank-you (due 19th) is overdue; Bob's nudge (due 26th) is next week's
    assert r["overdue"] == {"thank-you": 1}
    assert [(i["reason"], i["name"], i["due"]) for i in r["next_week"]] == [("nudge", "Bob", "2026-11-26")]


def test_review_markdown_and_text(week_of_work):
    md = week_of_work.ok("review", "--as-of", "2026-11-20", "--format", "markdown")
    assert md.startswith("# Week of Mon 16 Nov – Sun 22 Nov 2026")
    for heading in ("## Activity", "## Attention", "## What I learned", "## Next week", "## Trend"):
        assert heading in md
    assert "show the \\[messy\\] middle" in md  # user text cannot become Markdown links
    text = week_of_work.ok("review", "--as-of", "2026-11-20")
    assert "Conversations           1 of 2" in text and "Reply rate              50% (1 of 2 replied)" in text


def test_review_of_a_past_week_and_marking_it(week_of_work):
    r = json.loads(
        week_of_work.ok(
            "review", "--as-of", "2026-11-30", "--week", "2026-11-18", "--format", "json", "--mark-reviewed"
        )
    )
    assert (r["week_start"], r["reviewed_on"]) == ("2026-11-16", "2026-11-30")
    again = json.loads(week_of_work.ok("review", "--as-of", "2026-11-26", "--week", "last week", "--format", "json"))
    assert again["reviewed_on"] == "2026-11-30"


def test_review_of_a_future_week_is_refused(week_of_work):
    err = week_of_work.fails("review", "--as-of", "2026-11-20", "--week", "2026-12-20")
    assert "has not started yet" in err
