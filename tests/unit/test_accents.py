"""Names are matched ignoring accents wherever a person types one, and text is stored in one
canonical form (NFC) whichever way it was typed."""

from __future__ import annotations

import json
import unicodedata
from datetime import date

import pytest

from nurture.domain.errors import InputError
from nurture.domain.lookup import complete, resolve
from nurture.domain.models import Contact
from nurture.domain.search import ContactRow, filter_rows, haystack
from nurture.domain.text import fold, fold_places, nfc
from tests.unit.test_cli import AS_OF, cli  # noqa: F401  (the fixture)

SOFIA = "Sofía Martínez"
NFD = unicodedata.normalize("NFD", SOFIA)  # as a Mac keyboard sends it


def test_fold_ignores_case_and_accents():
    assert fold(SOFIA) == fold(NFD) == fold("SOFIA MARTINEZ") == "sofia martinez"
    assert fold("Zoë Łukasz Søren") == "zoe lukasz soren"
    assert fold("Straße") == "strasse"
    assert fold("Ada") == "ada"


def test_fold_places_point_back_at_the_original():
    folded, places = fold_places("Zoë Straße")
    assert folded == "zoe strasse"
    assert "".join("Zoë Straße"[p] for p in places) == "Zoë Straßße"


def test_nfc_composes():
    assert nfc(NFD) == SOFIA and len(nfc(NFD)) == len(SOFIA) < len(NFD)
    assert nfc("plain") == "plain"


def rows(*names: str) -> list[ContactRow]:
    out = []
    for n, name in enumerate(names):
        c = Contact(id=f"c{n}", name=name, company="Atlassian" if n == 0 else "")
        out.append(ContactRow(c, "prospect", None, None, haystack(c)))
    return out


@pytest.mark.parametrize("query", ["sofia", "martinez", "SOFÍA", "sofi mart", "sfa mrtz", NFD])
def test_the_dashboard_filter_ignores_accents(query):
    found = filter_rows(rows(SOFIA, "Ada Park"), query)
    assert [r.contact.name for r in found] == [SOFIA]


def test_an_accent_typed_finds_the_plain_name_too():
    assert [r.contact.name for r in filter_rows(rows("Sofia Martinez"), "sofía")] == ["Sofia Martinez"]


def people(*names: str) -> list[Contact]:
    return [Contact(id=f"{n:08d}-0000", name=name) for n, name in enumerate(names)]


@pytest.mark.parametrize("query", ["sofia", "Sofia Martinez", "martinez", "MARTÍNEZ", NFD, "sofía martínez"])
def test_the_shell_name_ignores_accents_and_finds_a_surname(query):
    assert resolve(people(SOFIA, "Ada Park", "Marta Lind"), query).name == SOFIA


def test_a_surname_shared_is_ambiguous_and_a_prefix_still_wins():
    with pytest.raises(InputError, match="matches 2 contacts"):
        resolve(people("Ann Lee", "Bo Lee"), "lee")
    assert resolve(people("Lee Marvin", "Ann Lee"), "lee").name == "Lee Marvin"  # start of the name first


def test_completion_of_a_referrer_ignores_accents():
    names = ["Ada Park", SOFIA]
    assert complete(names, "sofi") == SOFIA
    assert complete(names, "SOFÍ") == SOFIA
    assert complete(names, "zed") is None
    assert complete(names, "") is None


def test_text_is_stored_composed_from_every_entry_point(service, tmp_path):
    def composed(text: str) -> bool:
        return unicodedata.is_normalized("NFC", text)

    bo = service.add_contact("Bo Lind")
    sofia = service.add_contact(
        NFD, company=unicodedata.normalize("NFD", "Café Ñu"), tags=NFD, how_met=NFD, referred_by=bo.id
    )
    assert sofia.name == SOFIA and sofia.company == "Café Ñu" and sofia.tags == (SOFIA,)
    service.update_contact(sofia.id, role=NFD, notes=NFD)
    logged = service.log(
        sofia.id, "coffee", date(2026, 11, 20), summary=NFD, notes=NFD, takeaways=[NFD], todos=[NFD], their_todos=[NFD]
    )
    followup = service.add_followup(sofia.id, date(2026, 12, 1), NFD)
    target = service.add_target(NFD)
    service.update_settings(my_goal=NFD)
    question = service.add_question("advice", NFD + "?")
    template = service.save_template("thank-you", NFD)
    stored = service.network().contacts[sofia.id]
    i = logged.interaction
    texts = [
        stored.name,
        stored.company,
        stored.role,
        stored.notes,
        stored.how_met,
        *stored.tags,
        i.summary,
        i.notes,
        *i.takeaways,
        *(a.text for a in i.action_items),
        followup.text,
        target.name,
        service.settings().my_goal,
        question.text,
        template.body,
    ]
    assert all(composed(t) for t in texts), [t for t in texts if not composed(t)]

    csv = tmp_path / "people.csv"
    csv.write_text("Name,Company,Notes\n" + unicodedata.normalize("NFD", "José Núñez,Señor SA,Día\n"))
    service.import_file(csv)
    jose = next(c for c in service.network().contacts.values() if c.name.startswith("Jos"))
    assert (jose.name, jose.company, jose.notes) == ("José Núñez", "Señor SA", "Día")

    doc = json.loads(b"".join(service.export_chunks("json")))
    doc["contacts"] = [{**doc["contacts"][0], "id": "new-one", "name": NFD + " II", "email": ""}]
    doc["interactions"] = doc["followups"] = []
    native = tmp_path / "native.json"
    native.write_text(json.dumps(doc, ensure_ascii=False))
    service.import_file(native)
    assert service.network().contacts["new-one"].name == SOFIA + " II"


def test_the_shell_finds_people_and_referrers_ignoring_accents(cli):  # noqa: F811
    cli.ok("add", SOFIA, "--company", "Atlassian")
    cli.ok("add", NFD + " Jr", "--allow-duplicate")
    out = cli.ok("add", "Bo Lind", "--referred-by", "sofia martinez")
    assert f"introduced by {SOFIA}" in out
    assert f"Logged email with {SOFIA}" in cli.ok("log", "sofia martinez", "--kind", "email", "--as-of", AS_OF)
    err = cli.fails("log", "martinez", "--kind", "email", "--as-of", AS_OF)
    assert "matches 2 contacts" in err
    names = [c["name"] for c in json.loads(cli.ok("list", "--json"))]
    assert f"{SOFIA} Jr" in names  # stored composed, whatever the terminal sent


def test_an_imported_introducer_is_found_ignoring_accents(service, tmp_path):
    sofia = service.add_contact(SOFIA)
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Introduced by\nBo Lind,Sofia Martinez\n")
    service.import_file(csv)
    bo = next(c for c in service.network().contacts.values() if c.name == "Bo Lind")
    assert bo.referred_by == sofia.id
