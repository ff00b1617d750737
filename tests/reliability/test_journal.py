"""The commit record: once the journal is written the save has happened, whatever stops its
renames (an error, not only a kill)."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from nurture.store import DataFileError, Repository
from nurture.store import journal as store_journal
from tests.reliability.saves import TODAY, service_for


def test_a_save_whose_renames_fail_after_the_commit_is_completed_not_torn(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    service = service_for(data_dir)
    ada = service.add_contact("Ada", company="Old Co")
    logged = service.log(ada.id, "email", notes="first", on=TODAY)
    repo = Repository(data_dir).open()
    repo.save_settings(repo.settings())  # this run's backup is made: the save below is the commit alone
    real_replace = os.replace
    calls = {"n": 0}

    def second_fails(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:  # the journal is in place; the first data file's rename fails
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(store_journal.os, "replace", second_fails)
    with pytest.raises(DataFileError, match="will be completed"):
        repo.save(contacts=[replace(ada, company="New Co")],
                  interactions=[replace(logged.interaction, notes="changed")])  # fmt: skip
    monkeypatch.undo()
    again = service_for(data_dir)  # the next process completes it
    (contact,) = again.network().contacts.values()
    (note,) = again.context.repo.all_interactions()
    assert (contact.company, note.notes) == ("New Co", "changed")
    assert not (data_dir / ".journal").exists()
