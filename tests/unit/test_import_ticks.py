"""An import preview counts what the import would do with the people unticked left out."""

from __future__ import annotations

from pathlib import Path

LINKEDIN = Path(__file__).parent.parent / "fixtures" / "exchange" / "linkedin_connections.csv"


def test_leaving_people_out_of_a_plan_counts_what_is_left(service):
    service.add_contact("Zoë Müller 🌱", emails=["zoe@example.com"])
    plan = service.import_file(LINKEDIN, dry_run=True).plan
    assert (len(plan.created), len(plan.updated)) == (3, 1)
    assert plan.leaving_out(()) is plan
    ticked = plan.leaving_out({"line 5", "line 6"})  # Ada, added; Zoë, updated
    assert sorted(c.name for c in ticked.created) == ["José Núñez", "Mallory Formula"]
    assert ticked.updated == [] and ticked.left_out == 2
    assert ticked.summary(dry_run=True).startswith("Would add 2 contacts and update 0;")
    assert ", 2 left out by you" in ticked.summary(dry_run=True)
    assert not plan.leaving_out({"line 5", "line 6", "line 7", "line 9"}).changes
    # the preview's count is what the import then does
    done = service.import_file(LINKEDIN, leave_out=("line 5", "line 6")).plan
    assert done.summary() == ticked.summary()
