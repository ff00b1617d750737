"""Records read from the data files: a value of the wrong type or out of range is refused with a
message naming the field (and the store names the file and the record), never a traceback later
on, and never "All good" from doctor. Keys nurture does not know are still ignored."""

from __future__ import annotations

import contextlib
import copy
import gc
import io
import json
from datetime import date
from pathlib import Path

import pytest

from nurture import cli
from nurture.demo import seed_demo
from nurture.domain import limits
from nurture.domain.library import MeetingDraft, OwnQuestion, Prep, Target, TemplateText
from nurture.domain.models import (
    ActionItem,
    Contact,
    FollowUp,
    Interaction,
    Review,
    Settings,
    StageChange,
)
from nurture.seed import synthetic_network
from nurture.store import Repository

TODAY = date(2026, 11, 23)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    gc.enable()  # a one-shot command turns the collector off for the rest of its process
    return code, out.getvalue(), err.getvalue()


CONTACT = {
    "id": "c-1", "name": "Ann Lee", "role": "Designer", "company": "Acme", "industry": "", "location": "",
    "email": "ann@example.com", "phone": "", "linkedin": "", "tags": ["design", "mentor"], "stage": "met",
    "cadence": "6w", "referred_by": None, "how_met": "", "notes": "Met at a meetup", "snoozed_until": None,
    "archived": False, "stage_history": [{"on": "2026-01-02", "stage": "prospect"},
                                         {"on": "2026-02-03", "stage": "met", "manual": True}],
    "created": "2026-01-02T09:00:00", "updated": "2026-02-03T10:00:00",
}  # fmt: skip
INTERACTION = {
    "id": "i-1", "contact_id": "c-1", "date": "2026-02-03", "kind": "coffee", "summary": "Coffee",
    "notes": "Good chat", "takeaways": ["show process"], "duration_minutes": 30,
    "action_items": [{"text": "send portfolio", "owner": "me", "done": False}],
    "created": "2026-02-03T10:00:00",
}  # fmt: skip
FOLLOWUP = {
    "id": "f-1",
    "contact_id": "c-1",
    "due": "2026-03-01",
    "text": "Send the deck",
    "done_on": None,
    "created": "2026-02-03T10:00:00",
}
REVIEW = {"id": "2026-11-16", "week_start": "2026-11-16", "reviewed_on": "2026-11-22"}
SETTINGS = Settings().to_dict()
PREP = {"id": "c-1", "contact_id": "c-1", "questions": ["How did you start?"], "updated": None}
QUESTION = {"id": "q-1", "topic": "skills", "text": "What do you read?", "created": None}
MEETING = {
    "id": "c-1",
    "contact_id": "c-1",
    "started": 1_700_000_000.5,
    "minutes": 20,
    "notes": "hi",
    "asked": ["How did you start?"],
    "referrals": [{"name": "Bo", "company": "", "note": ""}],
}
TEMPLATE = {"id": "nudge", "key": "nudge", "body": "Hi {first_name}", "updated": None}
TARGET = {"id": "t-1", "name": "Figma", "added": None}

VALID = [
    (Contact, CONTACT), (Interaction, INTERACTION), (FollowUp, FOLLOWUP), (Review, REVIEW),
    (Settings, SETTINGS), (Prep, PREP), (OwnQuestion, QUESTION), (MeetingDraft, MEETING),
    (TemplateText, TEMPLATE), (Target, TARGET),
]  # fmt: skip


def changed(doc: dict, path: str, value) -> dict:
    """A deep copy of ``doc`` with the value at ``path`` ('a.b.0.c') set (or removed, for
    ``...``)."""
    out = copy.deepcopy(doc)
    *parents, last = path.split(".")
    target = out
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    elif value is ...:
        del target[last]
    else:
        target[last] = value
    return out


@pytest.mark.parametrize(("cls", "doc"), VALID, ids=[c.__name__ for c, _ in VALID])
def test_valid_records_decode_and_unknown_keys_are_ignored(cls, doc):
    record = cls.from_dict(doc)
    assert cls.from_dict({**doc, "added_by_a_newer_version": [1, {"x": 2}]}) == record


BAD = [
    # (record, path, value, what the message must say besides the field)
    (Contact, "name", 12, "12"),
    (Contact, "name", "   ", "blank"),
    (Contact, "name", ..., "missing"),
    (Contact, "id", ["c-1"], "['c-1']"),
    (Contact, "id", "", "''"),
    (Contact, "role", 3.5, "3.5"),
    (Contact, "notes", {"a": 1}, "{'a': 1}"),
    (Contact, "tags", [1, 2], "[1, 2]"),
    (Contact, "tags", "design", "'design'"),
    (Contact, "stage", "won", "'won'"),
    (Contact, "stage", ["met"], "['met']"),
    (Contact, "cadence", 30, "30"),
    (Contact, "cadence", "forever", "'forever'"),
    (Contact, "cadence", "99y", "'99y'"),
    (Contact, "referred_by", 7, "7"),
    (Contact, "snoozed_until", "next tuesday", "'next tuesday'"),
    (Contact, "snoozed_until", 20261123, "20261123"),
    (Contact, "archived", "yes", "'yes'"),
    (Contact, "archived", 1, "1"),
    (Contact, "created", "yesterday", "'yesterday'"),
    (Contact, "stage_history", {"on": "2026-01-02"}, "{'on': '2026-01-02'}"),
    (Contact, "stage_history.0", "prospect", "'prospect'"),
    (Contact, "stage_history.0.on", "2026-13-01", "'2026-13-01'"),
    (Contact, "stage_history.1.stage", "won", "'won'"),
    (Contact, "stage_history.1.manual", "yes", "'yes'"),
    (Interaction, "kind", "lunch", "'lunch'"),
    (Interaction, "kind", 3, "3"),
    (Interaction, "date", None, "null"),
    (Interaction, "date", "03/02/2026", "'03/02/2026'"),
    (Interaction, "contact_id", 5, "5"),
    (Interaction, "summary", ["a"], "['a']"),
    (Interaction, "takeaways", [None], "[None]"),
    (Interaction, "duration_minutes", True, "True"),
    (Interaction, "duration_minutes", -5, "-5"),
    (Interaction, "duration_minutes", 10**30, "1000000"),
    (Interaction, "duration_minutes", "30", "'30'"),
    (Interaction, "action_items", [["send"]], "['send']"),
    (Interaction, "action_items.0.owner", "us", "'us'"),
    (Interaction, "action_items.0.text", 5, "5"),
    (Interaction, "action_items.0.done", "no", "'no'"),
    (FollowUp, "id", ["f"], "['f']"),
    (FollowUp, "due", "soon", "'soon'"),
    (FollowUp, "text", 3, "3"),
    (FollowUp, "done_on", 5, "5"),
    (Review, "week_start", 5, "5"),
    (Review, "reviewed_on", ..., "missing"),
    (Settings, "weekly_goal", 10**30, "1000000"),
    (Settings, "weekly_goal", -1, "-1"),
    (Settings, "weekly_goal", True, "True"),
    (Settings, "weekly_outreach_cap", "10", "'10'"),
    (Settings, "nudge_after_days", 10**12, "1000000"),
    (Settings, "thank_you_within_days", 2.5, "2.5"),
    (Settings, "report_back_within_days", -3, "-3"),
    (Settings, "default_cadence", 90, "90"),
    (Settings, "theme", 1, "1"),
    (Settings, "my_goal", ["x"], "['x']"),
    (Prep, "questions", [1], "[1]"),
    (Prep, "contact_id", None, "null"),
    (OwnQuestion, "topic", 5, "5"),
    (OwnQuestion, "text", 4, "4"),
    (MeetingDraft, "started", "noon", "'noon'"),
    (MeetingDraft, "started", True, "True"),
    (MeetingDraft, "started", float("nan"), "nan"),
    (MeetingDraft, "minutes", 10**9, "1000000000"),
    (MeetingDraft, "asked", "all", "'all'"),
    (MeetingDraft, "referrals.0", "Bo", "'Bo'"),
    (MeetingDraft, "referrals.0.name", 5, "5"),
    (TemplateText, "key", 5, "5"),
    (TemplateText, "body", None, "null"),
    (Target, "name", ["Figma"], "['Figma']"),
]


@pytest.mark.parametrize(
    ("cls", "path", "value", "shown"), BAD, ids=[f"{c.__name__}-{p}-{v!r}"[:60] for c, p, v, _ in BAD]
)
def test_a_wrong_value_is_refused_naming_the_field(cls, path, value, shown):
    doc = dict(VALID)[cls]
    with pytest.raises((TypeError, ValueError)) as e:
        cls.from_dict(changed(doc, path, value))
    message = str(e.value)
    top = path.split(".")[0]
    assert f"'{top}" in message, message
    assert shown in message, message
    assert repr(e.value) == message  # the store shows it with !r: it reads as the message


def test_a_record_that_is_not_an_object_is_refused():
    for cls, _ in VALID:
        with pytest.raises((TypeError, ValueError), match="object"):
            cls.from_dict(["not", "a", "record"])  # type: ignore[arg-type]


def test_a_huge_value_is_shortened_in_the_message():
    with pytest.raises(ValueError) as e:
        Contact.from_dict({**CONTACT, "tags": ["x" * 1_000_000, 5]})
    assert len(str(e.value)) < 300


def test_stored_and_optional_forms_still_decode():
    """What older files and hand edits hold: empty optional fields as null or missing."""
    minimal = Contact.from_dict({"id": "c-2", "name": "Bo"})
    assert (minimal.stage, minimal.tags, minimal.cadence, minimal.archived) == ("prospect", (), None, False)
    nulls = Contact.from_dict(
        {
            "id": "c-2",
            "name": "Bo",
            "role": None,
            "tags": None,
            "stage": None,
            "cadence": None,
            "stage_history": None,
            "created": None,
            "referred_by": "",
        }
    )
    assert nulls == minimal
    assert (
        Interaction.from_dict(
            {
                "id": "i",
                "contact_id": "c",
                "date": "2026-01-01",
                "kind": "note",
                "summary": None,
                "notes": None,
                "takeaways": None,
                "action_items": None,
            }
        ).summary
        == ""
    )
    assert Settings.from_dict({}) == Settings()
    assert MeetingDraft.from_dict({"contact_id": "c", "started": 5}).minutes == 20


def test_the_calendar_ends_are_valid_dates():
    c = Contact.from_dict(
        {**CONTACT, "snoozed_until": "9999-12-31", "stage_history": [{"on": "0001-01-01", "stage": "prospect"}]}
    )
    assert c.snoozed_until == date.max and c.stage_history[0].on == date.min


def test_the_ranges_are_named_constants():
    assert limits.MAX_MINUTES == 24 * 60
    s = Settings.from_dict(
        {**SETTINGS, "weekly_goal": limits.MAX_PER_WEEK, "nudge_after_days": limits.MAX_SETTING_DAYS}
    )
    assert s.weekly_goal == limits.MAX_PER_WEEK
    with pytest.raises(ValueError, match=str(limits.MAX_PER_WEEK)):
        Settings.from_dict({**SETTINGS, "weekly_goal": limits.MAX_PER_WEEK + 1})


def test_the_demo_and_a_seeded_network_still_load(tmp_path):
    repo = Repository(tmp_path / "demo").open()
    seed_demo(repo, TODAY)
    fresh = Repository(tmp_path / "demo")
    network = fresh.load()
    assert len(network.contacts) == 40 and len(fresh.all_interactions()) > 100
    assert fresh.prep_file.records() and fresh.targets_file.records()
    contacts, interactions, followups = synthetic_network(300, 1500, TODAY)
    for records in (contacts, interactions, followups):
        for r in records:
            assert type(r).from_dict(r.to_dict()) == r


def test_the_fast_and_the_careful_decoders_agree(tmp_path):
    """Contacts and interactions are decoded by a fast path; anything it does not take goes to
    the careful one, which names the problem. Both give the same record for valid data."""
    from nurture.demo import demo_records

    contacts, interactions, _ = demo_records(TODAY)
    for c in contacts:
        d = c.to_dict()
        assert Contact.from_dict(d) == Contact.checked(d) == c
    for i in interactions:
        d = i.to_dict()
        assert Interaction.from_dict(d) == Interaction.checked(d) == i
    assert StageChange.from_dict({"on": "2026-01-01", "stage": "met"}) == StageChange(date(2026, 1, 1), "met")
    assert ActionItem.from_dict({"text": "x"}) == ActionItem("x")


# --- end to end: the data directory ------------------------------------------------------------


def _damage(data_dir: Path, file: str, table: str, record_id: str, **fields) -> None:
    path = data_dir / file
    doc = json.loads(path.read_text())
    doc[table][record_id].update(fields)
    path.write_text(json.dumps(doc))


def test_a_contact_named_12_gives_one_clear_line_not_a_traceback(tmp_path):
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "add", "Ann Lee")[0] == 0
    (cid,) = json.loads((data / "contacts.json").read_text())["contacts"]
    _damage(data, "contacts.json", "contacts", cid, name=12)
    for command in (["list"], ["queue"], ["review"], ["log", "ann", "--kind", "call"]):
        code, out, err = run("--data-dir", str(data), *command)
        assert code == 1, (command, out, err)
        assert len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
        assert str(data / "contacts.json") in err and cid in err
        assert "field 'name' must be text" in err and "got 12" in err
        assert "nurture restore" in err  # and what to do about it
    code, out, _ = run("--data-dir", str(data), "doctor")
    assert code == 1 and "All good" not in out
    assert "contacts.json" in out and "damaged" in out and "field 'name'" in out


@pytest.mark.parametrize(
    ("name", "table", "fields", "says"),
    [
        ("settings.json", "settings", {"weekly_goal": 10**30}, "field 'weekly_goal'"),
        ("followups.json", "followups", {"due": "someday"}, "field 'due'"),
        ("contacts.json", "contacts", {"tags": [1, 2]}, "field 'tags' must be a list of text"),
    ],
)
def test_doctor_reports_a_wrong_value_in_any_file(tmp_path, name, table, fields, says):
    data = tmp_path / "data"
    run("--data-dir", str(data), "add", "Ann Lee")
    run("--data-dir", str(data), "followup", "ann", "--on", "+3d", "--what", "call")
    Repository(data).open().save_settings(Settings())
    (rid,) = json.loads((data / name).read_text())[table]
    _damage(data, name, table, rid, **fields)
    code, out, _ = run("--data-dir", str(data), "doctor")
    assert code == 1 and "All good" not in out and says in out, out
    code, _, err = run("--data-dir", str(data), "review")
    assert code == 1 and says in err and "Traceback" not in err


def test_an_unknown_kind_is_refused_when_nurture_opens(tmp_path):
    """An interaction whose kind nurture does not know is named at start (where the queue is
    computed from the shard's index), not only when its timeline is read."""
    import orjson

    from tests.unit.test_cli import CLI

    shell = CLI(tmp_path / "data")
    shell.ok("add", "Ada")
    shell.ok("log", "ada", "--kind", "email")
    (shard,) = (shell.data_dir / "interactions").glob("*.json")
    doc = orjson.loads(shard.read_bytes())
    for rec in doc["interactions"].values():
        rec["kind"] = "lunch"
    shard.write_bytes(orjson.dumps(doc))
    err = shell.fails("queue", code=1)
    assert str(shard) in err and "kind" in err and "lunch" in err
