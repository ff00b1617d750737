"""What comes in is checked before anything is written: an import of any format refuses a file
with a value of the wrong type, out of range or too big, naming the record and the field, and
writes nothing; the shell and the services refuse an oversized field with the same message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nurture.domain import fields, limits
from nurture.domain.errors import InputError
from nurture.domain.library import MeetingDraft
from nurture.domain.limits import MAX_ITEMS, MAX_LINE, MAX_TAGS, MAX_TEXT
from tests.unit.test_cli import snapshot
from tests.unit.test_validation import run

TOO_LONG = "x" * (MAX_TEXT + 1)
LINE_TOO_LONG = "y" * (MAX_LINE + 1)


def export_doc(**records) -> dict:
    doc = {
        "nurture_export": {"version": 1},
        "settings": {"weekly_goal": 2},
        "contacts": [{"id": "c-1", "name": "Ann Lee", "tags": ["design"], "stage": "met"}],
        "interactions": [{"id": "i-1", "contact_id": "c-1", "date": "2026-11-02", "kind": "coffee"}],
        "followups": [{"id": "f-1", "contact_id": "c-1", "due": "2026-12-01", "text": "call"}],
        "reviews": [{"week_start": "2026-11-16", "reviewed_on": "2026-11-22"}],
    }
    for key, value in records.items():
        if isinstance(doc.get(key), list):
            doc[key] = [{**doc[key][0], **value}]
        else:
            doc[key] = {**doc[key], **value}
    return doc


def import_refused(tmp_path: Path, name: str, content: bytes | str) -> str:
    """``nurture import`` of a file that must be refused: exit 2, nothing written; the message."""
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "add", "Already Here")[0] == 0
    f = tmp_path / name
    f.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = snapshot(data)
    code, out, err = run("--data-dir", str(data), "import", str(f))
    assert code == 2, (out, err)
    assert snapshot(data) == before, "a refused import changed the data files"
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    message = err.strip()
    assert message.startswith(f"nurture: error: {f}: ") and message.endswith("Nothing was imported."), message
    code, out, err = run("--data-dir", str(data), "list")
    assert code == 0 and "Already Here" in out and "Ann" not in out
    return message


# --- the JSON import: types and ranges --------------------------------------------------------


def test_json_tags_that_are_not_text_refuse_the_file_naming_contact_and_field(tmp_path):
    message = import_refused(tmp_path, "file.json", json.dumps(export_doc(contacts={"tags": [1, 2]})))
    assert message.endswith(
        "file.json: contact 'Ann Lee' (id c-1): field 'tags' must be a list of text, got [1, 2]. Nothing was imported."
    )


@pytest.mark.parametrize(
    ("records", "says"),
    [
        (
            {"settings": {"weekly_goal": 10**30}},
            "settings: field 'weekly_goal' must be a whole number from 0 to 1000, got 1e+30",
        ),
        ({"settings": {"nudge_after_days": True}}, "settings: field 'nudge_after_days' must be a whole number"),
        ({"followups": {"id": ["x"]}}, "followups[0]: field 'id' must be an id (text, not empty), got ['x']"),
        ({"followups": {"due": "soon"}}, "follow-up f-1 with 'Ann Lee': field 'due' must be a date"),
        (
            {"interactions": {"duration_minutes": -1}},
            "interaction i-1 with 'Ann Lee': field 'duration_minutes' must be a whole number from 1 to 1440, got -1",
        ),
        ({"interactions": {"kind": "lunch"}}, "field 'kind' must be one of outreach, reply"),
        ({"contacts": {"name": 12}}, "contacts[0] (id c-1): field 'name' must be text, not blank, got 12"),
        ({"contacts": {"stage": "won"}}, "contact 'Ann Lee' (id c-1): field 'stage' must be one of"),
        (
            {"contacts": {"stage_history": [{"on": "2026-01-01", "stage": "met", "manual": "no"}]}},
            "field 'stage_history[0].manual' must be true or false, got 'no'",
        ),
        ({"reviews": {"week_start": 7}}, "reviews[0]: field 'week_start' must be a date written YYYY-MM-DD, got 7"),
    ],
    ids=lambda v: str(v)[:40],
)
def test_json_values_of_the_wrong_type_or_range_are_refused(tmp_path, records, says):
    doc = export_doc(**records)
    message = import_refused(tmp_path, "file.json", json.dumps(doc))
    assert says in message, message


def test_two_records_with_one_id_are_refused_not_merged(tmp_path):
    doc = export_doc()
    doc["interactions"].append({**doc["interactions"][0], "kind": "thank-you"})
    message = import_refused(tmp_path, "file.json", json.dumps(doc))
    assert "interactions[1]: has the same id as interactions[0] (i-1)" in message


def test_a_valid_export_still_imports(tmp_path):
    data = tmp_path / "data"
    f = tmp_path / "file.json"
    f.write_text(json.dumps(export_doc()))
    code, out, err = run("--data-dir", str(data), "import", str(f))
    assert code == 0, err
    code, out, _ = run("--data-dir", str(data), "list")
    assert "Ann Lee" in out and "design" in out


# --- every format: text size caps -------------------------------------------------------------


def test_json_notes_over_100_kb_are_refused(tmp_path):
    message = import_refused(tmp_path, "file.json", json.dumps(export_doc(contacts={"notes": TOO_LONG})))
    assert (
        f"contact 'Ann Lee' (id c-1): field 'notes' is {MAX_TEXT + 1:,} characters long; "
        f"the limit is {MAX_TEXT:,} (100 KB) characters"
    ) in message


def test_json_too_many_takeaways_are_refused(tmp_path):
    doc = export_doc(interactions={"takeaways": ["t"] * (MAX_ITEMS + 1)})
    message = import_refused(tmp_path, "file.json", json.dumps(doc))
    assert f"field 'takeaways': {MAX_ITEMS + 1} of them; the limit is {MAX_ITEMS}" in message


def test_a_vcard_with_a_huge_note_is_refused_naming_the_card(tmp_path):
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nNOTE:{TOO_LONG}\r\nEND:VCARD\r\n"
    ok = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Ok\r\nEND:VCARD\r\n"
    message = import_refused(tmp_path, "x.vcf", ok + card)
    assert f"card 2 (line 5): notes is {MAX_TEXT + 1:,} characters long; the limit is {MAX_TEXT:,}" in message


@pytest.mark.parametrize(
    ("header", "cell", "says"),
    [
        ("Company", LINE_TOO_LONG, f"line 2: company is {MAX_LINE + 1:,} characters long; the limit is {MAX_LINE:,}"),
        ("Title", LINE_TOO_LONG, "line 2: role is"),
        ("Tags", ";".join(f"t{n}" for n in range(MAX_TAGS + 1)), f"line 2: tags: {MAX_TAGS + 1} of them"),
        ("Tags", "z" * (limits.MAX_TAG + 1), f"line 2: tag 1 is {limits.MAX_TAG + 1} characters long"),
        ("Notes", TOO_LONG, "line 2: notes is"),
    ],
    ids=["company", "role", "tag-count", "tag-length", "notes"],
)
def test_a_csv_with_an_oversized_cell_is_refused_naming_line_and_field(tmp_path, header, cell, says):
    message = import_refused(tmp_path, "people.csv", f'Name,{header}\nAnn Lee,"{cell}"\n')
    assert says in message, message


def test_a_csv_cell_beyond_what_the_csv_reader_takes_is_refused_with_the_limit(tmp_path):
    message = import_refused(tmp_path, "people.csv", f'Name,Notes\nAnn Lee,"{"n" * 200_000}"\n')
    assert "line 2: a cell is over 131,072 characters long; the limit is 102,400 (100 KB)" in message


def test_a_linkedin_export_with_an_oversized_company_is_refused(tmp_path):
    content = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"Ann,Lee,,,{LINE_TOO_LONG},Designer,15 Mar 2024\n"
    )
    message = import_refused(tmp_path, "Connections.csv", content)
    assert "line 2: company is" in message


# --- the shell: exit 2, the field named, nothing written --------------------------------------


def refused(tmp_path: Path, *argv: str) -> str:
    data = tmp_path / "data"
    if not (data / "contacts.json").exists():
        assert run("--data-dir", str(data), "add", "Ann Lee")[0] == 0
    before = snapshot(data)
    code, out, err = run("--data-dir", str(data), *argv)
    assert code == 2, (out, err)
    assert snapshot(data) == before
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    return err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ["add", "Bo", "--notes", TOO_LONG],
            f"notes is {MAX_TEXT + 1:,} characters long; the limit is {MAX_TEXT:,} (100 KB)",
        ),
        (
            ["add", "Bo", "--company", LINE_TOO_LONG],
            f"company is {MAX_LINE + 1:,} characters long; the limit is {MAX_LINE:,}",
        ),
        (["add", "Bo", "--how-met", LINE_TOO_LONG], "how met is"),
        (["add", "Bo", "--email", "a@b.c" + LINE_TOO_LONG], "email address is"),
        (
            ["add", "Bo", "--tags", ",".join(f"t{n}" for n in range(MAX_TAGS + 1))],
            f"tags: {MAX_TAGS + 1} of them; the limit is {MAX_TAGS}",
        ),
        (["log", "ann", "--kind", "call", "--note", TOO_LONG], "notes is"),
        (["log", "ann", "--kind", "call", "--summary", TOO_LONG], "summary is"),
        (["log", "ann", "--kind", "call", "--takeaway", "ok", "--takeaway", TOO_LONG], "takeaway 2 is"),
        (["log", "ann", "--kind", "call", "--todo", TOO_LONG], "action item 1 is"),
        (["followup", "ann", "--on", "+3d", "--what", LINE_TOO_LONG], f"follow-up is {MAX_LINE + 1:,} characters long"),
    ],
    ids=["notes", "company", "how-met", "email", "tags", "log-note", "summary", "takeaway", "todo", "followup"],
)
def test_the_shell_refuses_an_oversized_field(tmp_path, argv, says):
    err = refused(tmp_path, *argv)
    assert says in err, err


def test_a_100_kb_note_is_still_welcome(tmp_path):
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "add", "Bo", "--notes", "n" * MAX_TEXT)[0] == 0
    assert run("--data-dir", str(data), "log", "bo", "--kind", "call", "--note", "n" * MAX_TEXT)[0] == 0


# --- the services behind the dashboard's forms ------------------------------------------------


def test_the_services_refuse_oversized_fields(service):
    ann = service.add_contact("Ann Lee")
    with pytest.raises(InputError, match="notes is"):
        service.update_contact(ann.id, notes=TOO_LONG)
    with pytest.raises(InputError, match="role is"):
        service.update_contact(ann.id, role=LINE_TOO_LONG)
    with pytest.raises(InputError, match="your goal is"):
        service.update_settings(my_goal=LINE_TOO_LONG)
    with pytest.raises(InputError, match="weekly_goal"):
        service.update_settings(weekly_goal=10**30)
    with pytest.raises(InputError, match="the message is"):
        service.save_template("nudge", TOO_LONG)
    with pytest.raises(InputError, match=f"questions: {MAX_ITEMS + 1} of them"):
        service.set_prep(ann.id, [f"Question number {n}?" for n in range(MAX_ITEMS + 1)])
    with pytest.raises(InputError, match="notes is"):
        service.mark_sent(ann.id, "thank-you", TOO_LONG)
    draft = MeetingDraft(ann.id, 0.0, notes=TOO_LONG)
    service.save_meeting(draft)  # the autosave keeps whatever was typed: nothing is lost
    with pytest.raises(InputError, match="notes is"):
        service.end_meeting(draft, "video", 30)
    assert service.meeting(ann.id) == draft and service.network().log.entries() == []
    assert service.network().contacts[ann.id] == ann


def test_an_edit_is_not_refused_for_a_field_it_leaves_alone(service):
    """Data kept from before the limits stays, and other fields can still be edited."""
    ann = service.add_contact("Ann Lee")
    service.context.repo.save(contacts=[ann.evolve(notes=TOO_LONG)])
    assert service.update_contact(ann.id, company="Acme").company == "Acme"


def test_the_contact_form_checks_show_under_their_field():
    with pytest.raises(InputError, match="email address is"):
        fields.clean_email("a@b.c" + LINE_TOO_LONG)
    with pytest.raises(InputError, match="LinkedIn URL is"):
        fields.clean_linkedin("https://linkedin.com/in/" + LINE_TOO_LONG)
