"""A contact has several emails and phones: one preferred, shown first, the others kept in order;
the same rules whether they are stored, read back, typed, added or edited."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from nurture.domain.errors import ConflictError, InputError
from nurture.domain.fields import clean_emails, clean_phones, contact_changes
from nurture.domain.limits import MAX_EMAILS, MAX_PHONES, check_contact
from nurture.domain.models import Contact, StageChange
from nurture.domain.requests import ContactRequest
from nurture.domain.stored import FieldError

ADA = Contact(id="c-ada", name="Ada Park", email="ada@work.example", phone="+1 555 0100")


# --- the model ---------------------------------------------------------------------------------


def test_all_emails_and_phones_preferred_first():
    ada = ADA.evolve(other_emails=("ada@home.example",), other_phones=("+44 20 7946 0000",))
    assert ada.emails == ("ada@work.example", "ada@home.example")
    assert ada.phones == ("+1 555 0100", "+44 20 7946 0000")
    assert Contact(id="x", name="Bo").emails == () and Contact(id="x", name="Bo").phones == ()


def test_with_emails_makes_the_first_preferred_and_drops_repeats_case_ignored():
    ada = ADA.with_emails(["ada@home.example", " ADA@work.example ", "", "ada@WORK.example", "a@x.example"])
    assert (ada.email, ada.other_emails) == ("ada@home.example", ("ADA@work.example", "a@x.example"))
    assert ada.with_emails([]).emails == () and ada.with_emails([]).email == ""


def test_with_phones_drops_the_same_number_written_otherwise():
    bo = ADA.with_phones(["+1 (555) 010-0199", "+15550100199", "555 0100199", "+44 20 7946 0000"])
    # the same digits with a leading +, once; without the + it is a number of its own
    assert bo.phones == ("+1 (555) 010-0199", "555 0100199", "+44 20 7946 0000")
    assert bo.phone == "+1 (555) 010-0199"


def test_the_lists_are_stored_and_read_back_and_old_records_have_none():
    ada = ADA.evolve(other_emails=("ada@home.example", "ada@uni.example"), other_phones=("+44 20 7946 0000",))
    stored = ada.to_dict()
    assert stored["other_emails"] == ["ada@home.example", "ada@uni.example"]
    assert stored["other_phones"] == ["+44 20 7946 0000"]
    assert Contact.from_dict(stored) == ada == Contact.checked(stored)
    old = {k: v for k, v in stored.items() if k not in ("other_emails", "other_phones")}
    assert Contact.from_dict(old).emails == ("ada@work.example",) and Contact.from_dict(old).other_phones == ()
    assert Contact.from_dict({**stored, "other_emails": None}).other_emails == ()  # null: empty, as for tags


def test_a_record_with_lists_is_read_on_the_fast_path(monkeypatch):
    """Every contact is read at every start: the lists must not send it field by field."""
    stored = ADA.evolve(other_emails=("ada@home.example",), other_phones=("+44 20 7946 0000",)).to_dict()

    def slow(*args, **kwargs):
        raise AssertionError("read field by field")

    monkeypatch.setattr(Contact, "checked", slow)
    assert Contact.from_dict(stored).other_emails == ("ada@home.example",)
    assert Contact.from_dict({"id": "x", "name": "Bo"}).other_phones == ()


def test_a_damaged_list_is_named():
    stored = {**ADA.to_dict(), "other_emails": ["ada@home.example", 42]}
    with pytest.raises(FieldError, match="other_emails"):
        Contact.from_dict(stored)
    with pytest.raises(FieldError, match="other_phones"):
        Contact.from_dict({**ADA.to_dict(), "other_phones": "+1 555"})


# --- what is typed -----------------------------------------------------------------------------


def test_several_emails_in_one_text_or_a_list():
    assert clean_emails(" ada@work.example, ada@home.example;ada@uni.example  a@x.example ") == (
        "ada@work.example",
        "ada@home.example",
        "ada@uni.example",
        "a@x.example",
    )
    assert clean_emails(["ada@work.example", "ADA@work.example, b@y.example"]) == ("ada@work.example", "b@y.example")
    assert clean_emails("jose\u0301@example.com") == ("jos\u00e9@example.com",)  # composed, as every field
    assert clean_emails("") == () == clean_emails(None)
    with pytest.raises(InputError, match=r"^'ada' does not look like an email address"):
        clean_emails("ada@work.example, ada at home")
    with pytest.raises(InputError, match=f"{MAX_EMAILS + 1} email addresses; the limit is {MAX_EMAILS}"):
        clean_emails([f"a{n}@x.example" for n in range(MAX_EMAILS + 1)])


def test_several_phones_apart_by_a_comma_or_semicolon_with_a_space_or_a_line_break():
    assert clean_phones("+1 555  0100, +44 20 7946 0000; +1-555-0100") == ("+1 555 0100", "+44 20 7946 0000")
    assert clean_phones("+1 555 0100;\t030 1234\n+33 1 23 45 67 89,\n07700 900123") == (
        "+1 555 0100",
        "030 1234",
        "+33 1 23 45 67 89",
        "07700 900123",
    )
    assert clean_phones(["+1 555 0100", "030 1234"]) == ("+1 555 0100", "030 1234")
    with pytest.raises(InputError, match=f"the limit is {MAX_PHONES}"):
        clean_phones(", ".join(f"555 {n:04}" for n in range(MAX_PHONES + 1)))


def test_a_comma_or_semicolon_within_a_phone_number_stays_in_it():
    # a dial pause as Android and Outlook write it; an extension as a vCard's tel: URI gives it
    assert clean_phones("+1 555 0100,,1234") == ("+1 555 0100,,1234",)
    assert clean_phones("+1-555-555-5555;ext=5555") == ("+1-555-555-5555;ext=5555",)
    assert clean_phones("+1 555 0100,,1234, +1-555-555-5555;ext=5555") == (
        "+1 555 0100,,1234",
        "+1-555-555-5555;ext=5555",
    )
    assert clean_phones(["+1 555 0100,,1234"]) == ("+1 555 0100,,1234",)  # an item of a list too
    assert contact_changes({"phones": ["+1 555 0100,,1234"]})["phone"] == "+1 555 0100,,1234"


def test_emails_still_apart_by_commas_semicolons_or_spaces():
    assert clean_emails("a@x.example,b@y.example;c@z.example d@w.example") == (
        "a@x.example",
        "b@y.example",
        "c@z.example",
        "d@w.example",
    )


def test_changes_take_all_the_emails_at_once_or_the_preferred_and_the_others():
    assert contact_changes({"emails": "a@x.example, b@y.example", "phones": "+1 555 0100"}) == {
        "email": "a@x.example",
        "other_emails": ("b@y.example",),
        "phone": "+1 555 0100",
        "other_phones": (),
    }
    # the others never repeat the preferred one
    assert contact_changes({"email": "a@x.example", "other_emails": ["A@x.example", "c@z.example"]}) == {
        "email": "a@x.example",
        "other_emails": ("c@z.example",),
    }
    with pytest.raises(TypeError, match="not both"):
        contact_changes({"emails": "a@x.example", "email": "b@y.example"})


def test_the_limits_hold_for_a_contact_and_for_an_incoming_person():
    crowded = ADA.evolve(other_emails=tuple(f"a{n}@x.example" for n in range(MAX_EMAILS)))
    with pytest.raises(InputError, match=f"emails: {MAX_EMAILS + 1} of them; the limit is {MAX_EMAILS}"):
        check_contact(crowded)
    long = ADA.evolve(other_phones=("1" * 2000,))
    with pytest.raises(InputError, match="phone 2 is 2,000 characters long"):
        check_contact(long)
    check_contact(ADA.evolve(other_emails=("b@y.example",)))  # within the limits: no error


# --- adding and editing --------------------------------------------------------------------------


def test_a_contact_is_added_with_several_and_edited(service):
    ada = service.add_contact(
        "Ada Park", emails=["ada@work.example", "ada@home.example"], phones="+1 555 0100; +44 20 7946 0000"
    )
    stored = service.network().contacts[ada.id]
    assert stored.emails == ("ada@work.example", "ada@home.example") and stored.email == "ada@work.example"
    assert stored.phones == ("+1 555 0100", "+44 20 7946 0000")
    service.update_contact(ada.id, emails="ada@home.example, ada@new.example")
    edited = service.network().contacts[ada.id]
    assert (edited.email, edited.other_emails) == ("ada@home.example", ("ada@new.example",))
    assert edited.phones == stored.phones  # left alone


def test_a_new_contact_has_its_first_stage_and_its_emails_and_phones_preferred_first():
    made = Contact.new(
        "Ada Park",
        date(2026, 11, 23),
        datetime(2026, 11, 23, 12),
        emails=["", "ada@work.example", "ADA@work.example", "ada@home.example"],
        phones=["+1 555 0100,,1234"],
        company="Acme",
    )
    assert (made.email, made.other_emails) == ("ada@work.example", ("ada@home.example",))
    assert (made.phone, made.other_phones) == ("+1 555 0100,,1234", ())
    assert made.stage == "prospect" and made.stage_history == (StageChange(date(2026, 11, 23), "prospect"),)
    assert made.created == made.updated == datetime(2026, 11, 23, 12) and made.company == "Acme"
    other = Contact.new("Bo", date(2026, 11, 23), datetime(2026, 11, 23, 12), stage="met")
    assert other.id != made.id and other.stage_history[-1].stage == "met" and other.emails == ()


def test_a_request_built_by_hand_is_held_to_the_same_rules(service):
    with pytest.raises(InputError, match="does not look like an email"):
        service.add_contact(ContactRequest("Bo", email="bo@x.example", other_emails=("not an email",)))
    bo = service.add_contact(ContactRequest("Bo", email="bo@x.example", other_emails=("BO@x.example", "b@y.example")))
    assert bo.emails == ("bo@x.example", "b@y.example")


def test_an_edit_of_the_emails_is_only_what_changed(service):
    ada = service.add_contact("Ada Park", emails="ada@work.example, ada@home.example")
    form = ContactRequest(
        "Ada Park", email="ada@home.example", other_emails=("ada@work.example",), cadence=None, stage=ada.stage
    )
    assert form.edits_to(ada) == {"email": "ada@home.example", "other_emails": ("ada@work.example",)}


def test_lists_changed_elsewhere_meanwhile_are_kept_or_are_a_conflict(service):
    ada = service.add_contact("Ada Park", emails="ada@work.example")
    seen = service.network().contacts[ada.id]
    service.update_contact(ada.id, other_emails=["ada@home.example"])  # elsewhere, meanwhile
    # the user changed another field: what was added elsewhere stays
    kept = service.update_contact(ada.id, expected=seen, company="Acme")
    assert kept.emails == ("ada@work.example", "ada@home.example") and kept.company == "Acme"
    # the user changed the same list: both are shown, nothing is saved
    with pytest.raises(ConflictError) as e:
        service.update_contact(ada.id, expected=seen, other_emails=["ada@uni.example"])
    assert e.value.conflicts == [("other_emails", ("ada@home.example",), ("ada@uni.example",))]
    assert service.network().contacts[ada.id].other_emails == ("ada@home.example",)


def test_a_new_preferred_email_that_was_among_the_others_is_not_kept_twice(service):
    ada = service.add_contact("Ada Park", emails="ada@work.example, ada@home.example")
    seen = service.network().contacts[ada.id]
    changed = service.update_contact(ada.id, expected=seen, email="ada@home.example")
    assert changed.emails == ("ada@home.example",)  # the others held it already: once, now preferred


def test_a_contact_without_other_addresses_stores_no_lists_for_them():
    """Most contacts have one email or none: their records keep the 20 keys they had (two more
    took every parsed record past a dict's first table: +24 MB at 30,000 contacts)."""
    plain = Contact(id="a", name="Ada", email="ada@x.example")
    assert "other_emails" not in plain.to_dict() and "other_phones" not in plain.to_dict()
    assert Contact.from_dict(plain.to_dict()) == plain
    several = plain.with_emails(["ada@x.example", "ada@home.example"])
    assert several.to_dict()["other_emails"] == ["ada@home.example"] and "other_phones" not in several.to_dict()
    assert Contact.from_dict(several.to_dict()) == several
