"""Two processes (two Repositories on one directory) saving in turn: each save keeps what the
other saved, and each one's next read shows everything on disk.

What a user would notice if this broke: the dashboard saves a contact after the shell added
one, and its list (and, worse, the file it writes next) has lost the shell's contact."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from nurture.domain.models import Contact, Interaction
from nurture.store import Repository

TODAY = date(2026, 11, 23)


def names(repo: Repository) -> list[str]:
    return sorted(c.name for c in repo.load().contacts.values())


def test_a_save_after_another_process_saved_keeps_and_shows_its_contacts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    a = Repository(data).open()
    a.save(contacts=[Contact("a-1", "Ann")])
    assert names(a) == ["Ann"]  # A has decoded this version
    Repository(data).open().save(contacts=[Contact("b-1", "Bob")])  # B's write: contacts.idx says checked
    a.save(contacts=[Contact("c-1", "Cat")])
    assert names(a) == ["Ann", "Bob", "Cat"]
    assert names(Repository(data).open()) == ["Ann", "Bob", "Cat"]


def test_a_save_after_another_process_saved_twice_keeps_everything(tmp_path: Path) -> None:
    data = tmp_path / "data"
    a = Repository(data).open()
    a.save(contacts=[Contact("a-1", "Ann")])
    assert names(a) == ["Ann"]
    b = Repository(data).open()
    b.save(contacts=[Contact("b-1", "Bob")])
    b.save(contacts=[Contact("b-2", "Bea")])
    a.save(contacts=[Contact("c-1", "Cat")])
    a.save(contacts=[Contact("c-2", "Cy")])
    assert names(a) == ["Ann", "Bea", "Bob", "Cat", "Cy"]
    assert names(Repository(data).open()) == ["Ann", "Bea", "Bob", "Cat", "Cy"]


def test_notes_logged_in_turn_to_one_shard_by_two_processes_are_all_seen(tmp_path: Path) -> None:
    data = tmp_path / "data"
    a = Repository(data).open()
    people = [Contact("a-1", "Ann"), Contact("a-2", "Abe")]  # one shard ("a")
    a.save(contacts=people)

    def note(nid: str, who: str, summary: str) -> Interaction:
        return Interaction(nid, who, TODAY, "coffee", summary=summary, created=datetime(2026, 11, 23, 9))

    a.save(interactions=[note("n-1", "a-1", "first")])
    assert [i.summary for i in a.interactions_of("a-1")] == ["first"]
    assert len(a.load().log.entries()) == 1
    Repository(data).open().save(interactions=[note("n-2", "a-2", "second")])
    a.save(interactions=[note("n-3", "a-1", "third")])
    seen = {e.id for e in a.load().log.entries()}
    assert seen == {"n-1", "n-2", "n-3"}
    assert sorted(i.summary for i in a.interactions_of("a-1")) == ["first", "third"]
    assert [i.summary for i in a.interactions_of("a-2")] == ["second"]
    fresh = Repository(data).open()
    assert {e.id for e in fresh.load().log.entries()} == {"n-1", "n-2", "n-3"}
