"""The search index (store/search_index.py): a derived SQLite FTS5 file beside the data, built
from the records, kept current by each write and by ``refresh``, rebuilt when damaged, private,
never in a backup, and never the reason a save fails."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from nurture.domain.library import MeetingDraft, OwnQuestion, Prep
from nurture.domain.models import ActionItem, Contact, Interaction
from nurture.domain.search_query import fts_match, parse_query
from nurture.store import Repository
from nurture.store.doctor import check
from nurture.store.errors import DataFileError
from nurture.store.search_index import FILE_NAME, SearchIndex

DAY = date(2026, 3, 5)


def note(nid: str, who: str, on: date, summary: str = "", **more: object) -> Interaction:
    return Interaction(nid, who, on, str(more.pop("kind", "coffee")), summary=summary, **more)  # type: ignore[arg-type]


def corpus(data: Path) -> Repository:
    repo = Repository(data).open()
    repo.save(
        contacts=[
            Contact("a-1", "Maya Okafor", company="Figma", notes="Loves typography"),
            Contact("b-2", "Sofía Ruiz", role="Research lead", tags=("design",)),
        ],
        interactions=[
            note(
                "i-1",
                "a-1",
                DAY,
                "Portfolio review",
                notes="Portfolios win on process, not polish",
                takeaways=("Show the messy middle",),
                action_items=(ActionItem("Send the case study"), ActionItem("Intro to Lee", owner="them", done=True)),
            ),
            note("i-2", "b-2", date(2026, 1, 10), "Call about research at Spotify", kind="call"),
            note("i-3", "b-2", date(2026, 2, 1), notes="Spotify hires researchers in spring", kind="video"),
        ],
        questions=[OwnQuestion("q-1", "craft", "What does a great portfolio show?", datetime(2026, 1, 2, 9))],
        preps=[Prep("a-1", ("Ask about the design crit",), datetime(2026, 3, 1, 9))],
        meetings=[MeetingDraft("b-2", datetime(2026, 3, 4, 10).timestamp(), notes="Talked about Łódź")],
    )
    return repo


def typed(text: str) -> str:
    """The MATCH expression of what a user types."""
    return fts_match(parse_query(text, DAY))


def keys(found: tuple[list, int]) -> set[str]:
    return {r.key for r in found[0]}


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return corpus(tmp_path / "data")


@pytest.fixture
def index(repo: Repository) -> SearchIndex:
    index = SearchIndex(repo)
    index.refresh()
    return index


def test_everything_searched_is_found_with_what_it_is(index: SearchIndex) -> None:
    rows, total = index.search('"polish"')
    assert total == 1
    row = rows[0]
    assert (row.key, row.contact_id, row.interaction_id, row.on, row.kind, row.field) == (
        "i:i-1:notes:0",
        "a-1",
        "i-1",
        DAY,
        "coffee",
        "notes",
    )
    assert row.text == "Portfolios win on process, not polish"
    assert row.bm25 < 0
    assert keys(index.search('"typography"')) == {"c:a-1:contact-notes"}
    assert keys(index.search('"figma"')) == {"c:a-1:company"}
    assert keys(index.search('"messy"')) == {"i:i-1:takeaway:0"}
    assert keys(index.search('"case"')) == {"i:i-1:todo-mine:0"}
    assert keys(index.search('"crit"')) == {"p:a-1:0"}
    assert keys(index.search('"great"')) == {"q:q-1"}
    assert keys(index.search('"lodz"')) == {"m:b-2"}  # accents folded in the index


def test_case_and_accents_are_ignored_and_the_original_text_kept(index: SearchIndex) -> None:
    assert keys(index.search('"sofia"')) == set()  # names are not notes
    rows, _ = index.search('"LODZ"')
    assert rows[0].text == "Talked about Łódź"
    assert keys(index.search('"portfolio"*')) == {"i:i-1:summary:0", "i:i-1:notes:0", "q:q-1"}


def test_best_match_first_and_the_total_beyond_the_limit(index: SearchIndex) -> None:
    rows, total = index.search('"spotify"', limit=1)
    assert total == 2 and len(rows) == 1
    rows, total = index.search('"spotify"')
    assert [r.bm25 for r in rows] == sorted(r.bm25 for r in rows)


def test_each_filter(index: SearchIndex) -> None:
    assert keys(index.search('"spotify"', contact_ids=["a-1"])) == set()
    assert keys(index.search('"spotify"', contact_ids=["b-2"])) == {"i:i-2:summary:0", "i:i-3:notes:0"}
    assert keys(index.search('"spotify"', kinds=["call"])) == {"i:i-2:summary:0"}
    assert keys(index.search('"portfolio"*', fields=["summary", "question"])) == {"i:i-1:summary:0", "q:q-1"}
    assert keys(index.search('"spotify"', after=date(2026, 2, 1))) == {"i:i-3:notes:0"}  # on or after
    assert keys(index.search('"spotify"', before=date(2026, 2, 1))) == {"i:i-2:summary:0"}  # strictly before
    assert keys(index.search('"spotify"', before=date(2026, 1, 10))) == set()
    assert keys(index.search('"figma"', after=date(2020, 1, 1))) == set()  # a card has no date
    assert keys(index.search('"spotify"', after=date(2026, 1, 11), before=date(2026, 1, 31))) == set()
    # is:todo: open action items only (the one done is left out)
    assert keys(index.search('"intro" OR "send"', todo_open=True)) == {"i:i-1:todo-mine:0"}
    assert keys(index.search('"intro"')) == {"i:i-1:todo-theirs:1"}
    assert keys(index.search("", todo_open=True)) == {"i:i-1:todo-mine:0"}
    assert keys(index.search('"spotify"', contact_ids=[])) == set()  # a filter that admits no one
    assert keys(index.search('"spotify"', kinds=["call", "video"], fields=["notes"])) == {"i:i-3:notes:0"}
    assert keys(index.search('"spotify"', contact_ids=["b-2", "a-1"], after=date(2026, 1, 11))) == {"i:i-3:notes:0"}
    assert keys(index.search(typed("spotify -hires"), contact_ids=["b-2"])) == {"i:i-2:summary:0"}


def test_a_filter_of_thousands_of_people_finds_what_one_of_few_does(index: SearchIndex) -> None:
    many = [f"nobody-{n}" for n in range(3000)]
    for people in (["b-2"], ["a-1", "b-2"]):
        few = index.search(typed("spotify OR portfolio"), contact_ids=people)
        assert keys(index.search(typed("spotify OR portfolio"), contact_ids=[*many, *people])) == keys(few)
        assert index.search(typed("spotify OR portfolio"), contact_ids=[*many, *people])[1] == few[1]
    assert keys(index.search(typed("spotify"), contact_ids=[*many, "b-2"])) == {"i:i-2:summary:0", "i:i-3:notes:0"}
    assert index.search(typed("spotify"), contact_ids=many) == ([], 0)
    assert keys(index.search(typed("spotify"), contact_ids=[*many, "b-2"], after=date(2026, 2, 1))) == {"i:i-3:notes:0"}


def test_an_open_action_item_ranks_as_an_identical_done_one(tmp_path: Path) -> None:
    repo = Repository(tmp_path / "data").open()
    repo.save(
        contacts=[Contact("a-1", "Maya Okafor")],
        interactions=[
            note("i-1", "a-1", DAY, action_items=(ActionItem("Send the zine draft"),)),
            note("i-2", "a-1", DAY, action_items=(ActionItem("Send the zine draft", done=True),)),
        ],
    )
    index = SearchIndex(repo)
    index.refresh()
    rows, total = index.search(typed("zine"))
    assert total == 2
    assert {r.done for r in rows} == {True, False}
    assert rows[0].bm25 == rows[1].bm25


def test_recent_is_newest_first(repo: Repository, index: SearchIndex) -> None:
    repo.save(interactions=[note("i-4", "b-2", date(2026, 4, 1), takeaways=("Apply in spring",))])
    index.refresh()
    rows, total = index.recent(["takeaway"], 10)
    assert [r.key for r in rows] == ["i:i-4:takeaway:0", "i:i-1:takeaway:0"]
    assert total == 2
    assert [r.key for r in index.recent(["takeaway"], 1)[0]] == ["i:i-4:takeaway:0"]


def test_a_save_updates_the_index(repo: Repository, index: SearchIndex) -> None:
    repo.save(interactions=[note("i-1", "a-1", DAY, "Portfolio review", notes="Process beats polish")])
    assert keys(index.search('"process"')) == {"i:i-1:notes:0"}
    assert keys(index.search('"messy"')) == set()  # the takeaway was edited away
    repo.delete_interaction(note("i-3", "b-2", date(2026, 2, 1)))
    repo.delete_question("q-1")
    repo.save(meetings_ended=["b-2"], contacts=[Contact("a-1", "Maya Okafor", company="Canva")])
    assert keys(index.search('"spotify"')) == {"i:i-2:summary:0"}
    assert keys(index.search('"great"')) == set()
    assert keys(index.search('"lodz"')) == set()
    assert keys(index.search('"canva"')) == {"c:a-1:company"}
    assert keys(index.search('"figma"')) == set()
    # the save moved the fingerprints on: a refresh has nothing left to do
    before = index.path.stat().st_mtime_ns
    index.refresh()
    assert index.path.stat().st_mtime_ns == before


def test_another_process_s_write_is_found_after_refresh(tmp_path: Path, index: SearchIndex) -> None:
    other = Repository(tmp_path / "data").open()
    sidelined = index.path.with_name("aside")
    os.rename(index.path, sidelined)  # the other process finds no index to update (a crash, a copy)
    other.save(interactions=[note("i-9", "a-1", DAY, notes="Met the hiring manager at Notion")])
    os.rename(sidelined, index.path)
    (tmp_path / "data" / "drafts").mkdir(mode=0o700, exist_ok=True)
    other.write_private("drafts/maya-thanks.txt", "Thanks for the Notion intro")
    assert keys(index.search('"notion"')) == set()
    index.refresh()
    assert keys(index.search('"notion"')) == {"i:i-9:notes:0", "d:maya-thanks.txt"}


def test_a_write_while_the_index_was_behind_leaves_that_source_to_refresh(tmp_path: Path, index: SearchIndex) -> None:
    data = tmp_path / "data"
    other = Repository(data).open()
    sidelined = index.path.with_name("aside")
    os.rename(index.path, sidelined)
    other.save(interactions=[note("i-8", "a-2", DAY, notes="Zeppelin")])  # shard "a", unseen by the index
    os.rename(sidelined, index.path)
    other.save(interactions=[note("i-7", "a-1", DAY, notes="Xylophone")])  # same shard, index is behind it
    assert keys(index.search('"xylophone"')) == {"i:i-7:notes:0"}
    index.refresh()  # the shard's fingerprint stayed behind, so it is re-indexed
    assert keys(index.search('"zeppelin"')) == {"i:i-8:notes:0"}
    assert keys(index.search('"xylophone"')) == {"i:i-7:notes:0"}


def test_refresh_reads_the_data_before_taking_the_index_s_write_lock(
    tmp_path: Path, index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save holds the repository's lock and then waits for the index's: refresh must never
    hold the index's write lock while it waits for the repository's."""
    import contextlib
    import sqlite3

    other = Repository(tmp_path / "data").open()
    sidelined = index.path.with_name("aside")
    os.rename(index.path, sidelined)
    # two small sources: updated in place, the second read after the first is written
    other.save(
        interactions=[note("i-6", "b-2", DAY, notes="Zanzibar")],
        questions=[OwnQuestion("q-2", "craft", "Who reads a zine?", datetime(2026, 1, 3, 9))],
    )
    os.rename(sidelined, index.path)
    inode = index.path.stat().st_ino
    free: list[bool] = []
    taking = index.repo.locked

    @contextlib.contextmanager
    def locked(write: bool = True):  # type: ignore[no-untyped-def]
        probe = sqlite3.connect(index.path, isolation_level=None, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")  # fails at once if refresh holds the write lock
            probe.execute("ROLLBACK")
            free.append(True)
        except sqlite3.OperationalError:
            free.append(False)
        finally:
            probe.close()
        with taking(write):
            yield

    monkeypatch.setattr(index.repo, "locked", locked)
    index.refresh()
    assert free and all(free)
    assert index.path.stat().st_ino == inode  # updated, not rebuilt
    assert keys(index.search('"zanzibar"')) == {"i:i-6:notes:0"}
    assert keys(index.search('"zine"')) == {"q:q-2"}


def test_when_much_of_the_data_changed_refresh_rebuilds(tmp_path: Path, index: SearchIndex) -> None:
    other = Repository(tmp_path / "data").open()
    sidelined = index.path.with_name("aside")
    os.rename(index.path, sidelined)
    other.save(
        contacts=[Contact("a-1", "Maya Okafor", company="Vimeo")],
        interactions=[note("i-1", "a-1", DAY, notes="Quokka")],
    )
    os.rename(sidelined, index.path)
    inode = index.path.stat().st_ino
    index.refresh()
    assert index.path.stat().st_ino != inode  # built again and renamed into place
    assert keys(index.search('"quokka"')) == {"i:i-1:notes:0"}
    assert keys(index.search('"vimeo"')) and not keys(index.search('"figma"'))
    assert keys(index.search('"spotify"')) == {"i:i-2:summary:0", "i:i-3:notes:0"}


def test_a_damaged_index_is_rebuilt_with_nothing_lost(index: SearchIndex) -> None:
    everything = keys(index.search('"portfolio"* OR "spotify" OR "lodz" OR "crit" OR "figma"'))
    index.path.write_bytes(b"\x00garbage, not a database" * 300)
    index.refresh()
    assert keys(index.search('"portfolio"* OR "spotify" OR "lodz" OR "crit" OR "figma"')) == everything
    assert len(everything) == 8
    index.path.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    assert keys(index.search('"portfolio"* OR "spotify" OR "lodz" OR "crit" OR "figma"')) == everything


def test_a_dropped_table_is_rebuilt_and_searched_again(index: SearchIndex) -> None:
    import sqlite3

    everything = keys(index.search('"portfolio"* OR "spotify"'))
    assert len(everything) >= 3
    db = sqlite3.connect(index.path)
    db.execute("DROP TABLE texts")
    db.commit()
    db.close()
    assert keys(index.search('"portfolio"* OR "spotify"')) == everything
    db = sqlite3.connect(index.path)
    db.execute("DROP TABLE docs")
    db.commit()
    db.close()
    rows, total = index.recent(["takeaway"], 10)
    assert total == 1 and rows[0].text == "Show the messy middle"


def test_a_busy_index_is_a_clear_error_not_a_crash(index: SearchIndex) -> None:
    import sqlite3

    holder = sqlite3.connect(index.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        index.timeout = 0.1
        with pytest.raises(DataFileError, match="busy"):
            index.search('"polish"')
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert keys(index.search('"polish"'))


def test_a_busy_index_is_not_taken_for_a_damaged_one(tmp_path: Path, index: SearchIndex) -> None:
    import sqlite3

    Repository(tmp_path / "data").open().save(interactions=[note("i-5", "b-2", DAY, notes="Walrus")])
    holder = sqlite3.connect(index.path, isolation_level=None)
    holder.execute("DELETE FROM sources WHERE source = 'questions'")  # a stale source to re-index
    holder.execute("BEGIN EXCLUSIVE")
    try:
        index.timeout = 0.1
        inode = index.path.stat().st_ino
        index.refresh()  # cannot write it now: left as it is, not deleted
        assert index.path.stat().st_ino == inode
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert keys(index.search('"walrus"')) == {"i:i-5:notes:0"}


def test_the_index_is_private(index: SearchIndex) -> None:
    assert stat.S_IMODE(index.path.stat().st_mode) == 0o600
    assert index.path == index.repo.data_dir / FILE_NAME
    assert stat.S_IMODE(index.repo.data_dir.stat().st_mode) == 0o700


def test_a_save_never_fails_because_of_the_index(repo: Repository, index: SearchIndex) -> None:
    index.path.write_bytes(b"garbage" * 100)  # damaged: the update fails
    repo.save(interactions=[note("i-5", "a-1", DAY, notes="Saved anyway")])
    index.path.unlink()
    index.path.mkdir()  # in the way: the index cannot even be opened
    repo.save(interactions=[note("i-6", "a-1", DAY, notes="Saved again")])
    assert {i.id for i in repo.interactions_of("a-1")} >= {"i-5", "i-6"}
    with pytest.raises(DataFileError, match="not a plain file"):
        index.refresh()  # search says what is wrong; saving never did
    index.path.rmdir()
    index.refresh()
    assert keys(index.search('"saved"')) == {"i:i-5:notes:0", "i:i-6:notes:0"}


def test_a_save_never_fails_when_updating_the_index_raises(
    repo: Repository, index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("nurture.store.search_index._insert", broken)
    repo.save(interactions=[note("i-5", "a-1", DAY, notes="Still saved")])
    monkeypatch.undo()
    assert "i-5" in {i.id for i in repo.interactions_of("a-1")}
    index.refresh()
    assert keys(index.search('"still"')) == {"i:i-5:notes:0"}


def test_backups_leave_the_index_out(tmp_path: Path) -> None:
    data = tmp_path / "data"
    repo = corpus(data)
    SearchIndex(repo).refresh()
    again = Repository(data).open()  # a new run: its first write makes a backup
    again.save(contacts=[Contact("c-3", "Lee")])
    backups = again.backups()
    assert backups
    for b in backups:
        names = {p.name for p in b.rglob("*")}
        assert FILE_NAME not in names
        assert not any(name.startswith("search") for name in names)


def test_doctor_checks_the_index_s_permissions_and_says_a_damaged_one_will_be_rebuilt(index: SearchIndex) -> None:
    repo = index.repo
    report = check(repo)
    assert report.healthy
    assert not any("search" in n for n in report.notes)
    os.chmod(index.path, 0o644)
    assert any(f"{index.path} is readable by others" in p for p in check(repo).problems)
    os.chmod(index.path, 0o600)
    index.path.write_bytes(b"\x00garbage" * 500)
    report = check(repo)
    assert report.healthy  # derived: its damage is not the data's
    assert any(str(index.path) in n and "will be rebuilt" in n for n in report.notes)
    assert index.path.read_bytes() == b"\x00garbage" * 500  # checking changed nothing


def test_any_script_is_found_by_its_words_a_run_of_chinese_by_its_characters(repo: Repository) -> None:
    repo.save(
        interactions=[
            note("i-20", "a-1", DAY, notes="她在北京做研究"),
            note("i-21", "a-1", DAY, notes="Встреча с Ольгой в Москве"),  # noqa: RUF001
        ]
    )
    index = SearchIndex(repo)
    index.refresh()
    assert keys(index.search(typed("北京"))) == {"i:i-20:notes:0"}  # a word in the middle of a run
    assert keys(index.search(typed("ольгой"))) == {"i:i-21:notes:0"}
    assert keys(index.search(typed("ОЛЬГОИ"))) == {"i:i-21:notes:0"}  # case and the breve folded
    repo.save(interactions=[note("i-20", "a-1", DAY, notes="上海")])  # the row leaves the index whole
    assert keys(index.search(typed("北京"))) == set()
    assert keys(index.search(typed("上海"))) == {"i:i-20:notes:0"}


def test_an_appointment_is_indexed_by_its_note_and_where_and_kept_current(tmp_path: Path, repo: Repository) -> None:
    from datetime import UTC

    from nurture.domain.appointments import Appointment

    booked = Appointment("ap-1", "a-1", datetime(2026, 3, 9, 23, 30, tzinfo=UTC), "Asia/Tokyo", where="Shibuya Sky",
                         note="Ask about the Osaka studio")  # fmt: skip
    index = SearchIndex(repo)
    index.refresh()
    repo.save(appointments=[booked])  # indexed by the save
    (row,), total = index.search('"osaka"')
    assert total == 1
    assert (row.key, row.contact_id, row.on, row.field) == ("a:ap-1:appointment-note", "a-1", date(2026, 3, 10),
                                                            "appointment-note")  # fmt: skip
    assert keys(index.search('"shibuya"')) == {"a:ap-1:appointment-where"}
    repo.save(appointments=[booked.evolve(datetime(2026, 3, 1, tzinfo=UTC), note="Ask about Kyoto")])
    assert keys(index.search('"osaka"')) == set()
    assert keys(index.search('"kyoto"')) == {"a:ap-1:appointment-note"}
    # another process's booking, which found no index to update: the next refresh finds it
    sidelined = index.path.with_name("aside")
    os.rename(index.path, sidelined)
    Repository(tmp_path / "data").open().save(appointments=[Appointment("ap-2", "b-2", booked.start, note="Nagoya")])
    os.rename(sidelined, index.path)
    index.refresh()
    assert keys(index.search('"nagoya"')) == {"a:ap-2:appointment-note"}


def test_an_index_of_the_schema_before_appointments_is_rebuilt(repo: Repository) -> None:
    import sqlite3
    from datetime import UTC

    from nurture.domain.appointments import Appointment
    from nurture.store.search_index import VERSION, damage

    repo.save(appointments=[Appointment("ap-1", "a-1", datetime(2026, 3, 9, 15, tzinfo=UTC), note="Osaka")])
    index = SearchIndex(repo)
    index.refresh()
    db = sqlite3.connect(index.path)
    with db:
        db.execute("UPDATE meta SET value = ? WHERE name = 'schema'", (VERSION.replace("7 ", "6 ", 1),))
        db.execute("DELETE FROM docs WHERE source = 'appointments'")
    db.close()
    assert damage(repo.data_dir) == "of another version"
    assert keys(index.search('"osaka"')) == set()  # the old index never had it
    index.refresh()
    assert damage(repo.data_dir) == ""
    assert keys(index.search('"osaka"')) == {"a:ap-1:appointment-note"}
