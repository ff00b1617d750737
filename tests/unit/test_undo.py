"""Undo's recorder (``services/undo.py``): each step holds every record a change wrote, before
and after; undoing writes the before-images back in one atomic save, and refuses when a record
was changed since."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from nurture.domain.errors import InputError
from nurture.domain.requests import SnoozeRequest
from nurture.domain.undo import Change, History, Step, same
from nurture.services import Nurture
from nurture.services.undo import NotUndone, Undo
from nurture.store import Repository
from nurture.store.errors import DataFileError
from tests.conftest import TODAY


def test_a_log_is_recorded_with_every_record_it_wrote_and_undone_whole(service):
    maya = service.add_contact("Maya Chen")
    follow = service.add_followup(maya.id, TODAY, "ask about the team")
    before = service.network()
    logged = service.undo.run(
        lambda r: f"logged {r.interaction.kind} with Maya Chen",
        lambda: service.log(maya.id, "coffee", TODAY, completes=follow.id, summary="coffee at the corner"),
    )
    assert service.undo.next_label() == "logged coffee with Maya Chen"
    after = service.network()
    assert after.contacts[maya.id].stage == "met"
    assert after.followups[0].done_on == TODAY

    step = service.undo.undo()

    assert step.label == "logged coffee with Maya Chen"
    assert {c.kind for c in step.changes} == {"contacts", "interactions", "followups"}
    now = service.network()
    assert now.contacts[maya.id] == before.contacts[maya.id]  # stage, history, updated: all as before
    assert now.followups == before.followups
    assert service.context.repo.interaction(maya.id, logged.interaction.id) is None
    assert list(now.log.of(maya.id)) == []
    assert service.undo.next_label() is None


def test_a_call_outside_a_step_is_not_recorded(service):
    maya = service.add_contact("Maya Chen")
    service.archive(maya.id)
    assert len(service.undo) == 0
    with pytest.raises(InputError, match="nothing to undo"):
        service.undo.undo()


def test_a_change_made_since_is_never_clobbered(service, data_dir, clock):
    maya = service.add_contact("Maya Chen", role="Designer")
    service.undo.run("archive of Maya Chen", lambda: service.archive(maya.id))
    # another window, or the shell: a Nurture of its own on the same files
    other = Nurture(Repository(data_dir, now=clock.now).open(), today=clock.today, now=clock.now)
    other.update_contact(maya.id, role="Design lead")

    with pytest.raises(NotUndone) as refused:
        service.undo.undo()

    said = str(refused.value)
    assert said.startswith("Not undone (archive of Maya Chen): Maya Chen was changed since")
    stored = service.context.repo.contact(maya.id)
    assert stored.archived and stored.role == "Design lead"  # nothing was written
    assert len(service.undo) == 0  # the step is dropped: the next ctrl+z goes further back


def test_a_step_about_someone_deleted_since_is_refused(service):
    maya = service.add_contact("Maya Chen")
    service.undo.run("snooze of Maya Chen", lambda: service.snooze(SnoozeRequest(maya.id, date(2026, 12, 7))))
    service.delete_contact(maya.id)  # for good: not a step
    assert len(service.undo) == 1
    with pytest.raises(NotUndone, match=r"Maya Chen was deleted for good since\. Nothing was changed\."):
        service.undo.undo()
    assert service.context.repo.contact(maya.id) is None  # not brought back by a half undo


def test_thirty_steps_are_undone_one_by_one_newest_first(service):
    maya = service.add_contact("Maya Chen", role="v0")
    for n in range(1, 31):
        service.undo.run(f"edit {n}", lambda n=n: service.update_contact(maya.id, role=f"v{n}"))
    assert service.context.repo.contact(maya.id).role == "v30"
    for n in range(30, 0, -1):
        assert service.undo.undo().label == f"edit {n}"
        assert service.context.repo.contact(maya.id).role == f"v{n - 1}"
    assert service.undo.next_label() is None


def test_the_oldest_steps_fall_off_past_the_limit(service):
    undo = Undo(service.context, keep=3)  # (it now listens to the repository instead of service.undo)
    maya = service.add_contact("Maya Chen", role="v0")
    for n in range(1, 6):
        undo.run(f"edit {n}", lambda n=n: service.update_contact(maya.id, role=f"v{n}"))
    assert [undo.undo().label for _ in range(3)] == ["edit 5", "edit 4", "edit 3"]
    assert len(undo) == 0
    assert service.context.repo.contact(maya.id).role == "v2"


def test_the_undo_is_one_atomic_commit(service, monkeypatch):
    maya = service.add_contact("Maya Chen")
    follow = service.add_followup(maya.id, TODAY, "ask")
    service.undo.run("done", lambda: service.log(maya.id, "coffee", TODAY, completes=follow.id))
    repo = service.context.repo
    commits = []
    real = repo.commit

    def counted(files):
        commits.append(sorted(f.path.name for f in files))
        return real(files)

    monkeypatch.setattr(repo, "commit", counted)
    service.undo.undo()
    assert len(commits) == 1
    assert "contacts.json" in commits[0] and "followups.json" in commits[0]


def test_an_undo_that_fails_to_write_changes_nothing_and_can_be_tried_again(service, monkeypatch):
    maya = service.add_contact("Maya Chen")
    follow = service.add_followup(maya.id, TODAY, "ask")
    service.undo.run("done", lambda: service.log(maya.id, "coffee", TODAY, completes=follow.id))
    repo = service.context.repo

    def full_disk(records):
        raise DataFileError("the disk is full")

    monkeypatch.setattr(repo.followups_file, "put", full_disk)
    with pytest.raises(DataFileError):
        service.undo.undo()
    assert repo.contact(maya.id).stage == "met"  # the contact's part was not written alone
    assert repo.followup(follow.id).done_on == TODAY
    monkeypatch.undo()
    assert service.undo.undo().label == "done"
    assert repo.contact(maya.id).stage == "prospect"
    assert repo.followup(follow.id).done_on is None


def test_a_removed_target_and_the_settings_come_back(service):
    acme = service.add_target("Acme")
    service.undo.run("target Acme removed", lambda: service.remove_target(acme.id))
    service.undo.run("settings change", lambda: service.update_settings(weekly_goal=9))
    assert service.settings().weekly_goal == 9
    assert service.undo.undo().label == "settings change"
    assert service.settings().weekly_goal != 9
    assert service.undo.undo().label == "target Acme removed"
    assert [t.name for t in service.targets()] == ["Acme"]


def test_another_threads_write_meanwhile_is_not_part_of_the_step(service):
    maya = service.add_contact("Maya Chen")
    ravi = service.add_contact("Ravi Patel")
    other = threading.Thread(target=lambda: service.archive(ravi.id))

    def both():
        service.archive(maya.id)
        other.start()
        other.join()

    service.undo.run("archive of Maya Chen", both)
    step = service.undo.undo()
    assert [c.id for c in step.changes] == [maya.id]
    assert not service.context.repo.contact(maya.id).archived
    assert service.context.repo.contact(ravi.id).archived


def test_a_failed_call_records_nothing(service):
    with pytest.raises(InputError):
        service.undo.run("edit", lambda: service.update_contact("nobody", role="x"))
    assert len(service.undo) == 0


# --- the pure step model ----------------------------------------------------------------------


def test_a_record_read_back_from_the_file_is_the_same_as_the_one_written(service):
    maya = service.add_contact("Maya Chen", tags=["design", "berlin"], email="maya@example.com")
    assert same(maya, service.context.repo.contact(maya.id))
    assert not same(maya, service.context.repo.contact(maya.id).evolve(role="x"))
    assert same(None, None) and not same(maya, None)


def test_history_keeps_the_newest_and_ignores_empty_steps():
    history = History(keep=2)
    history.push(Step("nothing", ()))
    assert len(history) == 0
    for n in range(3):
        history.push(Step(f"s{n}", (Change("targets", str(n), None, None),)))
    assert [history.pop().label, history.pop().label, history.pop()] == ["s2", "s1", None]  # type: ignore[union-attr]


def test_an_import_is_a_step_ctrl_z_stops_at_and_says_how_to_go_back(service, data_dir, clock):
    """An import cannot be undone; the next undo says so (and the backup that puts back the
    state before it), writes nothing, and only the one after undoes the step before the import."""
    from pathlib import Path

    sara = service.add_contact("Sara Bianchi")
    session = Nurture(Repository(data_dir, now=clock.now).open(), today=clock.today, now=clock.now)  # the dashboard
    session.undo.run("logged outreach with Sara Bianchi", lambda: session.log(sara.id, "outreach", TODAY))
    csv = Path(__file__).parent.parent / "fixtures" / "exchange" / "contacts.csv"
    session.import_file(csv)
    session.undo.mark("The import of contacts.csv", "import of contacts.csv")
    assert session.undo.next_label() == "import of contacts.csv (can't be undone: ctrl+z steps past it)"

    reached = session.undo.undo()

    backup = session.context.repo.backups()[-1].name  # made before the session's first save
    assert reached.said == (
        f"The import of contacts.csv can't be undone (nurture restore {backup} puts back the state this "
        "session started from, before it and the changes made here before it)"
    )
    names = {c.name for c in session.network().contacts.values()}
    assert "Dana Scully" in names and list(session.network().log.of(sara.id))  # nothing written
    assert session.undo.next_label() == "logged outreach with Sara Bianchi"

    assert session.undo.undo().label == "logged outreach with Sara Bianchi"
    assert list(session.network().log.of(sara.id)) == []
    assert "Dana Scully" in {c.name for c in session.network().contacts.values()}  # the import stays

    session.restore(backup)  # what the notice says to type puts back the state before the import
    assert "Dana Scully" not in {c.name for c in session.network().contacts.values()}


def test_a_change_that_cannot_be_undone_first_in_a_session_restores_to_just_before_it(service, data_dir, clock):
    maya = service.add_contact("Maya Chen")
    session = Nurture(Repository(data_dir, now=clock.now).open(), today=clock.today, now=clock.now)
    session.delete_contact(maya.id)
    session.undo.mark("Deleting Maya Chen for good", "deleting Maya Chen for good")
    reached = session.undo.undo()
    assert reached.said.startswith("Deleting Maya Chen for good can't be undone (nurture restore 2026")
    assert reached.said.endswith("puts back the state before it)")
    assert session.context.repo.contact(maya.id) is None
    assert session.undo.next_label() is None


def test_with_no_backup_from_before_it_ctrl_z_says_so(service):
    maya = service.add_contact("Maya Chen")  # a brand-new data folder: nothing to back up
    service.delete_contact(maya.id)
    service.undo.mark("Deleting Maya Chen for good", "deleting Maya Chen for good")
    assert service.undo.undo().said == "Deleting Maya Chen for good can't be undone (there is no backup from before it)"


def test_nothing_to_undo_yet_until_a_step_was_kept(service):
    maya = service.add_contact("Maya Chen")
    assert service.undo.nothing() == "nothing to undo yet"
    service.undo.run("archive of Maya Chen", lambda: service.archive(maya.id))
    service.undo.undo()
    assert service.undo.nothing() == "nothing to undo"


def test_a_step_whose_person_was_deleted_for_good_names_them(service):
    zoe = service.add_contact("Zoë Kowalski")
    service.undo.run("logged coffee with Zoë Kowalski", lambda: service.log(zoe.id, "coffee", date(2026, 11, 20)))
    service.undo.run(
        "scheduling a follow-up with Zoë Kowalski", lambda: service.add_followup(zoe.id, date(2026, 12, 4), "x")
    )
    service.delete_contact(zoe.id)

    with pytest.raises(NotUndone) as follow_up:  # the step wrote only the follow-up: named all the same
        service.undo.undo()
    with pytest.raises(NotUndone) as log:
        service.undo.undo()

    assert str(follow_up.value) == (
        "Not undone (scheduling a follow-up with Zoë Kowalski): the follow-up with Zoë Kowalski was "
        "deleted for good since. Nothing was changed."
    )
    said = str(log.value)
    assert said.startswith("Not undone (logged coffee with Zoë Kowalski): ")
    assert "was deleted for good since. Nothing was changed." in said and "someone" not in said
    assert "Zoë Kowalski was deleted for good" in said or "the coffee with Zoë Kowalski on 20 Nov 2026" in said
    assert "another window" not in said
