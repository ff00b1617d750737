"""``nurture search``: the rows a user reads, the JSON a script reads, and a bad query refused
with a message and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from nurture import cli
from nurture.services import Nurture
from nurture.store import Repository
from tests.guard import guarded_env

AS_OF = "2026-11-23"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    service = Nurture(Repository(data).open(), today=lambda: date(2026, 11, 23))
    maya = service.add_contact("Maya Okafor", company="Figma", tags="design")
    sofia = service.add_contact("Sofía Martínez", company="Spotify")
    service.log(maya.id, "coffee", date(2026, 3, 5), notes="We talked about portfolios and hiring loops.",
                takeaways=["Portfolios win on process, not polish"], todos=["Send portfolio link"])  # fmt: skip
    service.log(sofia.id, "call", date(2025, 10, 2), notes="Her résumé advice: one page [/] [@click=app.quit]x[/]",
                their_todos=["Will introduce me to the research lead"])  # fmt: skip
    return data


def run(data: Path, capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(["--data-dir", str(data), "search", *args, "--as-of", AS_OF])
    except SystemExit as e:  # argparse's own usage errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_rows_say_when_who_what_and_a_snippet(data, capsys):
    code, out, _ = run(data, capsys, "portfolios")
    assert code == 0
    assert out.splitlines() == [
        "05 Mar 2026 · Maya Okafor · coffee takeaway · Portfolios win on process, not polish",
        "05 Mar 2026 · Maya Okafor · coffee note · We talked about portfolios and hiring loops.",
    ]


def test_several_words_filters_and_a_word_left_out(data, capsys):
    assert run(data, capsys, "portfolio*", "who:maya", "-polish")[1].splitlines() == [
        "05 Mar 2026 · Maya Okafor · coffee action item (yours) · Send portfolio link",
        "05 Mar 2026 · Maya Okafor · coffee note · We talked about portfolios and hiring loops.",
    ]
    assert run(data, capsys, "-hiring", "portfolio*", "is:todo")[1].splitlines() == [
        "05 Mar 2026 · Maya Okafor · coffee action item (yours) · Send portfolio link",
    ]  # "-hiring" is a word left out, not -h and "iring"
    assert run(data, capsys, '"process, not polish"')[1].count("\n") == 1


def test_accents_and_markup_like_text_come_out_as_typed(data, capsys):
    _, out, _ = run(data, capsys, "RESUME")
    assert out == "02 Oct 2025 · Sofía Martínez · call note · Her résumé advice: one page [/] [@click=app.quit]x[/]\n"


def test_a_contact_match_has_no_date(data, capsys):
    assert run(data, capsys, "figma")[1] == "— · Maya Okafor · company · Figma\n"


def test_nothing_found_says_so(data, capsys):
    code, out, _ = run(data, capsys, "zeppelin", "who:sofia")
    assert (code, out) == (0, "Nothing matches zeppelin who:sofia.\n")


def test_no_query_shows_recent_takeaways(data, capsys):
    assert (
        run(data, capsys)[1] == "05 Mar 2026 · Maya Okafor · coffee takeaway · Portfolios win on process, not polish\n"
    )


def test_the_limit_keeps_the_best_and_says_how_many_more(data, capsys):
    _, out, _ = run(data, capsys, "portfolios", "--limit", "1")
    assert out.splitlines() == [
        "05 Mar 2026 · Maya Okafor · coffee takeaway · Portfolios win on process, not polish",
        "… 1 of 2 matches shown, best first; --limit N shows more.",
    ]


def test_json_has_what_a_script_needs(data, capsys):
    code, out, _ = run(data, capsys, "portfolios OR résumé", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [set(r) for r in rows] == [
        {"contact_id", "name", "interaction_id", "date", "kind", "field", "label", "snippet", "score"}
    ] * 3
    assert sorted((r["name"], r["date"], r["kind"], r["field"], r["label"]) for r in rows) == [
        ("Maya Okafor", "2026-03-05", "coffee", "notes", "coffee note"),
        ("Maya Okafor", "2026-03-05", "coffee", "takeaway", "coffee takeaway"),
        ("Sofía Martínez", "2025-10-02", "call", "notes", "call note"),
    ]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)  # best first
    assert [r["snippet"] for r in rows if r["field"] == "takeaway"] == ["Portfolios win on process, not polish"]
    assert all(len(r["contact_id"]) == 36 and len(r["interaction_id"]) == 36 for r in rows)
    company = json.loads(run(data, capsys, "figma", "--json")[1])
    assert [(r["field"], r["interaction_id"], r["date"]) for r in company] == [("company", None, None)]
    assert json.loads(run(data, capsys, "zeppelin", "--json")[1]) == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("kind:xyz",), "kind:xyz"),
        (("after:someday",), "after:someday"),
        (("is:starred",), "is:starred"),
        (("design", "who:nobody"), "who:nobody: no contact matches 'nobody'"),
        (("--limit", "0", "design"), "--limit 0"),
        (("design", "--jsn"), "unrecognized arguments: --jsn"),
    ],
)
def test_a_bad_query_exits_2_saying_which_part(data, capsys, args, needle):
    code, out, err = run(data, capsys, *args)
    assert code == 2, (out, err)
    assert needle in err and out == ""


def test_as_a_user_runs_it(data):
    env = guarded_env(PYTHONIOENCODING="utf-8")
    argv = [sys.executable, "-m", "nurture", "--data-dir", str(data), "--as-of", AS_OF, "search"]
    r = subprocess.run([*argv, "sofia"], capture_output=True, text=True, env=env, timeout=60)
    assert (r.returncode, r.stdout) == (0, "Nothing matches sofia.\n")  # names are not searched: the notes are
    r = subprocess.run([*argv, "résumé", "-nothing"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("02 Oct 2025 · Sofía Martínez · call note · Her résumé")
    r = subprocess.run([*argv, "kind:nope"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 2 and r.stderr.startswith("nurture: error: kind:nope:")


def test_help_names_the_query_language(capsys):
    for flag in ("--help", "-h"):
        with pytest.raises(SystemExit) as e:
            cli.main(["search", flag])
        assert e.value.code == 0
        out = capsys.readouterr().out
        assert "who:NAME" in out and "is:todo" in out and "prefix*" in out and "-word" in out


def test_an_index_that_cannot_be_used_is_a_message_not_a_traceback(data, capsys, monkeypatch):
    import sqlite3

    from nurture.store.search_index import SearchIndex

    def broken(*args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(SearchIndex, "search", broken)
    code, out, err = run(data, capsys, "portfolios")
    assert (code, out) == (1, "")  # the data could not be read: exit 1, as every such error
    assert err.startswith("nurture: The search index ") and "search.sqlite could not be used" in err
    assert "Traceback" not in err
