"""Target companies match the real legal forms people's cards carry, and a target's people are
exactly those whose company matches it."""

from __future__ import annotations

import pytest

from nurture.domain.models import Contact
from nurture.domain.search import ContactRow, at_company, haystack
from nurture.domain.targets import company_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lego A/S", "LEGO"),
        ("The LEGO Group", "LEGO"),
        ("Lego Group", "lego a/s"),
        ("Nestlé S.A.", "Nestle"),
        ("Booking B.V.", "Booking"),
        ("Robert Bosch GmbH & Co. KG", "Robert Bosch"),
        ("Ferrari S.p.A.", "Ferrari"),
        ("Toyota K.K.", "Toyota"),
        ("SAP SE", "SAP"),
        ("Philips N.V.", "Philips"),
        ("Maersk A/S", "Maersk"),
        ("Novo Nordisk A/S", "novo nordisk"),
        ("The Guardian", "Guardian"),
        ("Acme, Inc.", "ACME"),
        ("Stripe, Inc", "stripe"),
        ("Spotify AB", "Spotify"),
    ],
)
def test_punctuated_legal_forms_and_a_leading_the_are_ignored(a, b):
    assert company_key(a) == company_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SAP", "Atlassian"),
        ("Spotify", "Shopify"),
        ("Booking.com", "Booking"),
        ("AS Roma", "Roma"),
    ],
)
def test_different_companies_stay_different(a, b):
    assert company_key(a) != company_key(b)


def test_a_name_made_only_of_such_words_keeps_them():
    assert company_key("The") == "the"
    assert company_key("The Group") == "group"
    assert company_key("S.A.") == "sa"


def rows(*people: tuple[str, str]) -> list[ContactRow]:
    out = []
    for n, (name, company) in enumerate(people):
        c = Contact(id=f"c{n}", name=name, company=company)
        out.append(ContactRow(c, "prospect", None, None, haystack(c)))
    return out


def test_the_people_at_a_target_are_exactly_those_whose_company_matches():
    everyone = rows(
        ("Sam Patel", "Atlassian"), ("Ana Silva", "SAP SE"), ("Bo Lind", "sap"), ("Cy Young", "SAPIENT"), ("Di Ho", "")
    )
    assert [r.contact.name for r in at_company(everyone, "SAP")] == ["Ana Silva", "Bo Lind"]
    assert at_company(everyone, "Lego") == []
