"""What a form or the shell asks for, as domain requests: each rule lives once, in the request,
and holds the same way whether a form checks a field as it is typed, the shell builds the
request, or the services check it before saving."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nurture.domain.dates import Cadence
from nurture.domain.errors import InputError
from nurture.domain.fields import contact_changes
from nurture.domain.lookup import NameTaken, check_unique_name
from nurture.domain.requests import ContactRequest, FollowUpRequest, LogRequest, SnoozeRequest
from tests.unit.test_cli import cli  # noqa: F401  (the fixture)

TODAY = date(2026, 11, 23)  # a Monday
TOMORROW, YESTERDAY = TODAY + timedelta(days=1), TODAY - timedelta(days=1)


# --- logging: what has happened ------------------------------------------------------------


def test_a_log_is_of_today_or_before_never_ahead():
    assert LogRequest.check_on(TODAY, TODAY) == TODAY
    assert LogRequest.check_on(YESTERDAY, TODAY) == YESTERDAY
    with pytest.raises(
        InputError,
        match=r"^Tue 24 Nov 2026 is in the future; log what has happened "
        r"\(plan what is ahead with a follow-up\)$",
    ):
        LogRequest.check_on(TOMORROW, TODAY)


def test_a_log_without_a_day_is_of_today_and_checked_against_today():
    assert LogRequest("c", "coffee").checked(TODAY).on == TODAY
    with pytest.raises(InputError, match="in the future"):
        LogRequest("c", "coffee", TOMORROW).checked(TODAY)


def test_a_typed_log_is_cleaned_as_the_form_cleans_it():
    request = LogRequest.typed(
        "c",
        " Thanks ",
        summary="  lunch  ",
        notes="\n  indented\n\n",
        takeaways="one\n\n two ",
        todos=["send CV", "  "],
        duration_minutes=" 45 ",
    )
    assert request == LogRequest("c", "thank-you", None, "lunch", "  indented", ("one", "two"), ("send CV",), (), 45)
    with pytest.raises(InputError, match="unknown kind 'banana'"):
        LogRequest.typed("c", "banana")
    with pytest.raises(InputError, match="'lots' is not a whole number"):
        LogRequest.typed("c", "call", duration_minutes="lots")


def test_a_second_nudge_is_refused_however_the_request_was_built(service):
    ada = service.add_contact("Ada Park")
    service.log(LogRequest(ada.id, "outreach", date(2026, 11, 1)))
    service.log(LogRequest(ada.id, "nudge", date(2026, 11, 9)))  # as the log form builds it
    with pytest.raises(InputError, match="already nudged them on Mon 9 Nov 2026"):
        service.log(LogRequest(ada.id, "nudge"))
    with pytest.raises(InputError, match="already nudged them on Mon 9 Nov 2026"):
        service.log(ada.id, "follow-up")  # as a script types it: an alias of nudge


# --- follow-ups: what is ahead -------------------------------------------------------------


def test_a_follow_up_is_due_today_or_later_never_before():
    assert FollowUpRequest.check_due(TODAY, TODAY) == TODAY
    assert FollowUpRequest.check_due(TOMORROW, TODAY) == TOMORROW
    with pytest.raises(
        InputError,
        match=r"^Sun 22 Nov 2026 is in the past; a follow-up is for what is ahead "
        r"\(log what already happened\)$",
    ):
        FollowUpRequest.check_due(YESTERDAY, TODAY)


def test_a_follow_up_says_what_it_is_in_one_line_of_bounded_length():
    assert FollowUpRequest.check_text("  send the article  ") == "send the article"
    with pytest.raises(InputError, match=r"^say what the follow-up is \(it cannot be blank\)$"):
        FollowUpRequest.check_text(" \t ")
    with pytest.raises(InputError, match="follow-up is 1,025 characters long"):
        FollowUpRequest.check_text("x" * 1025)


def test_the_service_holds_a_follow_up_to_both_rules(service):
    ada = service.add_contact("Ada Park")
    with pytest.raises(InputError, match="is in the past"):
        service.add_followup(FollowUpRequest(ada.id, YESTERDAY, "too late"))
    with pytest.raises(InputError, match="cannot be blank"):
        service.add_followup(FollowUpRequest(ada.id, TODAY, "  "))
    assert not service.network().followups
    saved = service.add_followup(FollowUpRequest(ada.id, TODAY, " today is fine "))
    assert (saved.due, saved.text) == (TODAY, "today is fine")


# --- snoozes: until a later day -------------------------------------------------------------


def test_a_snooze_ends_on_a_later_day_than_today():
    assert SnoozeRequest.check_until(TOMORROW, TODAY) == TOMORROW
    for day in (TODAY, YESTERDAY):
        with pytest.raises(InputError, match="is not in the future; a snooze ends on a later day"):
            SnoozeRequest.check_until(day, TODAY)
    assert SnoozeRequest("c", None).checked(TODAY).until is None  # ending a snooze: no day to check


def test_the_service_refuses_a_snooze_ending_today(service):
    ada = service.add_contact("Ada Park")
    with pytest.raises(InputError, match="Mon 23 Nov 2026 is not in the future"):
        service.snooze(SnoozeRequest(ada.id, TODAY))
    assert service.snooze(SnoozeRequest(ada.id, TOMORROW)).snoozed_until == TOMORROW
    assert service.snooze(SnoozeRequest(ada.id, None)).snoozed_until is None


# --- contacts: cleaned fields, one name per person ------------------------------------------


def test_a_typed_contact_is_cleaned_field_by_field():
    request = ContactRequest.typed(
        " Ada   Park ",
        company=" Acme ",
        tags="design, Design ,mentor",
        cadence="6w",
        stage="",
        linkedin="linkedin.com/in/ada",
        industry=None,
    )
    assert (request.name, request.company, request.tags) == ("Ada Park", "Acme", ("design", "mentor"))
    assert request.cadence == Cadence(6, "w") and request.stage is None  # blank: the default stage
    assert request.linkedin == "https://linkedin.com/in/ada" and request.industry is None
    with pytest.raises(InputError, match="does not look like an email"):
        ContactRequest.typed("Ada", email="not-an-email")
    with pytest.raises(TypeError, match="unknown contact field 'shoe_size'"):
        ContactRequest.typed("Ada", shoe_size="42")


def test_an_edit_is_only_the_fields_changed(service):
    ada = service.add_contact("Ada Park", company="Acme", industry="Fintech")
    form = ContactRequest("Ada Park", company="Acme Ltd", cadence=ada.cadence, stage=ada.stage, notes="")
    assert form.edits_to(ada) == {"company": "Acme Ltd"}  # industry is not in the form: left alone
    assert set(contact_changes({"company": " Acme ", "archived": True})) == {"company", "archived"}


def test_a_name_is_one_persons_case_ignored_archived_and_the_one_edited_aside(service):
    ann = service.add_contact("Ann Lee", company="Acme")
    contacts = service.network().contacts.values()
    with pytest.raises(
        NameTaken,
        match=r"^a contact named 'ANN LEE' already exists at Acme; "
        r"add something to tell them apart$",
    ):
        check_unique_name(contacts, "ANN LEE")
    assert check_unique_name(contacts, "Ann Lee", editing=ann.id) == "Ann Lee"  # keeping one's own name
    service.archive(ann.id)
    assert check_unique_name(service.network().contacts.values(), "Ann Lee") == "Ann Lee"


def test_the_shell_refuses_a_namesake_in_the_domain_words_and_says_how_to_add_one_anyway(cli):  # noqa: F811
    cli.ok("add", "Ann Lee", "--company", "Acme")
    err = cli.fails("add", "ann lee")
    assert "a contact named 'ann lee' already exists at Acme; add something to tell them apart" in err
    assert "or add --allow-duplicate for a second person of that name" in err
    cli.ok("add", "ann lee", "--allow-duplicate")


def test_the_services_hold_a_request_built_by_hand_to_what_typing_is(tmp_path):
    """A request that skipped the form's cleaners (a script, a future front end) is cleaned and
    checked again before anything is saved: a blank name, a bad address or kind is refused, and
    text is stored composed (NFC) as typed text is."""
    from nurture.services import Nurture
    from nurture.store import Repository

    service = Nurture(Repository(tmp_path / "data").open(), today=lambda: TODAY)
    for bad in (ContactRequest(name="   "), ContactRequest(name="Bo", email="not an email")):
        with pytest.raises(InputError):
            service.add_contact(bad)
    jose = service.add_contact(ContactRequest(name="Jose\u0301", company="  Acme "))
    assert (jose.name, jose.company) == ("Jos\u00e9", "Acme")
    with pytest.raises(InputError):
        service.log(LogRequest(jose.id, "bogus-kind"))
    service.log(LogRequest(jose.id, "coffee", notes="cafe\u0301 chat", summary=" Jose\u0301 "))
    (logged,) = service.network().timeline(jose.id)
    assert (logged.notes, logged.summary) == ("caf\u00e9 chat", "Jos\u00e9")
    assert [c.name for c in service.network().contacts.values()] == ["Jos\u00e9"]
