"""A tag never holds a comma, whichever way it came in, so that every comma-separated list of tags
(the form's line, ``--tags``, a CSV export's "Tags" column) gives back the same tags: a vCard's
``CATEGORIES:Design\\, UX`` (an escaped comma within one category) is the tags "Design" and "UX"."""

from __future__ import annotations

from pathlib import Path

from nurture.domain.fields import clean_tags, contact_changes
from nurture.services import Nurture
from nurture.store import Repository

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "exchange"


def test_an_item_of_a_list_is_split_at_its_commas_too():
    assert clean_tags(["Design, UX", "Mentors", "ux"]) == ("Design", "UX", "Mentors")
    assert clean_tags("Design, UX,Mentors") == ("Design", "UX", "Mentors")
    assert contact_changes({"tags": ("Design, UX",)}) == {"tags": ("Design", "UX")}


def test_tags_from_a_vcard_survive_a_csv_export_and_import(service, tmp_path, clock):
    service.import_file(FIXTURES / "icloud_comma_category.vcf")
    (grace,) = service.network().contacts.values()
    assert set(grace.tags) == {"Design", "UX", "Mentors"}
    sheet = tmp_path / "network.csv"
    service.export_to("csv", sheet)
    again = Nurture(Repository(tmp_path / "again", now=clock.now).open(), today=clock.today, now=clock.now)
    again.import_file(sheet)
    (back,) = again.network().contacts.values()
    assert (back.name, set(back.tags)) == ("Grace Hopper", set(grace.tags))
