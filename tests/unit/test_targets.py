"""Target companies: matching contacts to them, and the coverage each has."""

from __future__ import annotations

from datetime import date

import pytest

from nurture.domain.errors import InputError
from nurture.domain.targets import company_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Stripe", "stripe"),
        ("Acme Inc.", "ACME"),
        ("Lego Group", "LEGO"),
        ("Booking.com", "booking com"),
        ("Wise plc", "Wise"),
    ],
)
def test_company_names_match_ignoring_case_punctuation_and_legal_forms(a, b):
    assert company_key(a) == company_key(b)


def test_different_companies_stay_different():
    assert company_key("Spotify") != company_key("Shopify")
    assert company_key("Group") == "group"  # a name that is only a legal word keeps it


def test_coverage_says_warm_in_progress_or_none_yet_gaps_first(service):
    for name, company in [("Ada", "Stripe"), ("Bo", "stripe inc"), ("Cy", "Figma"), ("Di", "Figma"), ("Ed", "Lego")]:
        service.add_contact(name, company=company)
    people = {c.name: c for c in service.network().contacts.values()}
    service.log(people["Ada"].id, "coffee", date(2026, 11, 1))  # met: warm
    service.log(people["Cy"].id, "outreach", date(2026, 11, 20))  # in progress
    service.log(people["Ed"].id, "outreach", date(2026, 10, 1))
    service.log(people["Ed"].id, "nudge", date(2026, 10, 8))  # gone quiet
    service.archive(people["Di"].id)
    for target in ("Stripe", "Figma", "Airbnb", "LEGO Group"):
        service.add_target(target)
    rows = [
        (c.target.name, c.status, [p.name for p in c.warm], [p.name for p in c.in_progress], [p.name for p in c.quiet])
        for c in service.coverage()
    ]
    assert rows == [
        ("Airbnb", "none yet", [], [], []),
        ("LEGO Group", "none yet", [], [], ["Ed"]),
        ("Figma", "in progress", [], ["Cy"], []),  # Di is archived
        ("Stripe", "warm", ["Ada"], ["Bo"], []),
    ]


def test_a_target_is_added_once_and_a_blank_one_is_refused(service):
    service.add_target("Stripe")
    with pytest.raises(InputError, match="Stripe is already a target"):
        service.add_target("stripe, inc.")
    with pytest.raises(InputError, match="cannot be blank"):
        service.add_target(" ... ")
    (stripe,) = service.targets()
    service.remove_target(stripe.id)
    assert service.targets() == []
