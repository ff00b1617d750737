"""The shell and several emails and phones: ``add`` takes them repeated or several in one option,
the first preferred (a phone number keeps a comma or semicolon of its own: ",," a dial pause,
";ext=" an extension); ``list --json`` gives them all as ``emails`` and ``phones``, and ``email``
and ``phone`` stay the preferred ones."""

from __future__ import annotations

import json

from tests.unit.test_cli import cli  # noqa: F401  (the fixture)


def test_add_takes_several_and_list_json_gives_them_all(cli):  # noqa: F811
    cli.ok(
        "add", "Ada Park",
        "--email", "ada@work.example, ada@home.example",
        "--email", "ADA@work.example",  # a repeat, case ignored: kept once
        "--email", "ada@uni.example",
        "--phone", "+1 555 0100; +44 20 7946 0000",
        "--phone", "+1-555-0100",  # the same number
    )  # fmt: skip
    cli.ok("add", "Bo")
    ada, bo = json.loads(cli.ok("list", "--json"))
    assert ada["email"] == "ada@work.example" and ada["phone"] == "+1 555 0100"
    assert ada["emails"] == ["ada@work.example", "ada@home.example", "ada@uni.example"]
    assert ada["phones"] == ["+1 555 0100", "+44 20 7946 0000"]
    assert (bo["email"], bo["emails"], bo["phone"], bo["phones"]) == ("", [], "", [])
    assert "other_emails" not in ada  # one way to read them: "emails"


def test_one_bad_address_among_several_is_named_and_nothing_is_added(cli):  # noqa: F811
    cli.ok("add", "Bo")
    err = cli.fails("add", "Ada Park", "--email", "ada@work.example", "--email", "ada-at-home")
    assert "'ada-at-home' does not look like an email address" in err
    assert [c["name"] for c in json.loads(cli.ok("list", "--json"))] == ["Bo"]


def test_add_keeps_a_comma_or_semicolon_within_a_phone_number(cli):  # noqa: F811
    cli.ok(
        "add", "Pat Dial",
        "--phone", "+1 555 0100,,1234, +1-555-555-5555;ext=5555",  # a dial pause; an extension
        "--phone", "030 1234;\t+44 20 7946 0000",
        "--tags", "Design, UX,Mentors",
    )  # fmt: skip
    (pat,) = json.loads(cli.ok("list", "--json"))
    assert pat["phones"] == ["+1 555 0100,,1234", "+1-555-555-5555;ext=5555", "030 1234", "+44 20 7946 0000"]
    assert pat["tags"] == ["Design", "UX", "Mentors"]
    assert 'several split at ", " or "; "' in " ".join(cli.ok("add", "--help").split())
