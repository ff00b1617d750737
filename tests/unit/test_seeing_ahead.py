"""Seeing what will happen: the import plan's people and leaving some out, the contact list's
last column by sort, and the draft that fits once the one nudge was sent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from nurture.domain.models import Contact
from nurture.domain.outreach import BY_KEY, render, suggested
from nurture.domain.queue import QueueItem
from nurture.domain.search import BY_DUE, BY_LAST_CONTACT, BY_NAME, ContactRow, haystack, row_note
from tests.conftest import TODAY

LINKEDIN = Path(__file__).parent.parent / "fixtures" / "exchange" / "linkedin_connections.csv"


def names(service) -> list[str]:
    return sorted(c.name for c in service.network().contacts.values())


def test_the_plan_names_where_each_person_was_read_and_what_an_update_changes(service):
    zoe = service.add_contact("Zoë Müller 🌱", emails=["zoe@example.com"])
    plan = service.import_file(LINKEDIN, dry_run=True).plan
    where = {c.name: plan.origins[c.id] for c in (*plan.created, *plan.updated)}
    assert where == {"Ada Lovelace": "line 5", "José Núñez": "line 7", "Mallory Formula": "line 9",
                     "Zoë Müller 🌱": "line 6"}  # fmt: skip
    assert [c.name for c in plan.updated] == ["Zoë Müller 🌱"]
    assert plan.changed[zoe.id] == ("role", "company", "linkedin", "tags", "how met")


def test_people_left_out_are_not_imported_and_the_rest_is(service):
    service.add_contact("Zoë Müller 🌱", emails=["zoe@example.com"])
    result = service.import_file(LINKEDIN, leave_out=["line 7", "line 6"])
    assert names(service) == ["Ada Lovelace", "Mallory Formula", "Zoë Müller 🌱"]
    zoe = next(c for c in service.network().contacts.values() if c.name == "Zoë Müller 🌱")
    assert (zoe.role, zoe.company) == ("", "")  # her update was left out too
    assert "Added 2 contacts, updated 0" in result.summary()
    assert "2 left out by you" in result.summary()
    assert not any(i.contact_id not in service.network().contacts for i in result.plan.interactions)


def test_leaving_out_nobody_imports_everyone(service):
    result = service.import_file(LINKEDIN, leave_out=["line 99"])  # no such person: nothing left out
    assert len(names(service)) == 4 and "left out" not in result.summary()


def test_someone_introduced_by_a_person_left_out_is_added_with_the_introduction_blank(service, tmp_path):
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Email,Referred by\nAnn Lee,ann@example.com,\nBo Chan,bo@example.com,Ann Lee\n")
    result = service.import_file(sheet, leave_out=["line 2"])
    assert names(service) == ["Bo Chan"]
    (bo,) = service.network().contacts.values()
    assert not bo.referred_by
    assert any("left blank (you left them out)" in w for w in result.plan.warnings)


def _row(last=None, due=None, reason="follow-up"):
    c = Contact(id="ada", name="Ada")
    item = QueueItem(c.id, c.name, reason, due, 0, "") if due else None
    return ContactRow(c, "met", last, item, haystack(c))


def test_the_last_column_says_what_the_list_is_sorted_by():
    row = _row(last=date(2026, 11, 2), due=date(2026, 12, 3), reason="touch-base")
    assert row_note(row, BY_DUE, TODAY) == "Dec 03 touch-base"
    assert row_note(row, BY_LAST_CONTACT, TODAY) == "Nov 02 2026"
    assert row_note(row, BY_NAME, TODAY) == "3w ago"
    assert row_note(_row(), BY_DUE, TODAY) == row_note(_row(), BY_LAST_CONTACT, TODAY) == "—"


def test_once_the_nudge_was_sent_the_nudge_is_not_what_fits():
    assert suggested("requested", False) == "nudge"
    assert suggested("requested", False, nudged=True) == "congratulations"
    assert suggested("prospect", False, nudged=True) == "cold-linkedin"


def test_the_cold_note_fills_the_users_goal_and_never_makes_their_role_the_users_aim():
    body = BY_KEY["cold-linkedin"].body
    values = {"first_name": "Ada", "company": "Acme", "role": "Researcher", "my_goal": "I'm moving into UX research."}
    text = render(body, values).text
    assert "I'm moving into UX research." in text
    assert "your work as Researcher at Acme" in text
    assert "toward Researcher" not in text and "exploring a move" not in text
    assert render(body, {**values, "my_goal": ""}).missing == ("my_goal",)


def test_the_service_says_whether_the_one_nudge_was_sent(service):
    ada = service.add_contact("Ada Park")
    service.log(ada.id, "outreach", date(2026, 11, 1))
    assert not service.outreach_nudged(ada.id)
    service.mark_sent(ada.id, "nudge", "bump")
    assert service.outreach_nudged(ada.id)
    service.log(ada.id, "reply", TODAY)  # they answered: a new round
    assert not service.outreach_nudged(ada.id)
