"""The shell's entry point: --as-of before the command or without one, the day it stamps on
what it records, messages that keep their lines, and pipes closed early."""

from __future__ import annotations

import json
from datetime import date

import pytest

from nurture import cli as cli_module
from nurture.domain import collector
from tests.unit.test_cli import cli  # noqa: F401  (the fixture)


def test_as_of_without_a_command_opens_the_dashboard_on_that_day(tmp_path, monkeypatch):
    import nurture.app

    seen = {}

    def run(service, demo=False, own_process=True):
        seen.update(today=service.today(), now=service.now().date(), own_process=own_process)
        return 0

    monkeypatch.setattr(nurture.app, "run", run)
    assert cli_module.main(["--data-dir", str(tmp_path / "data"), "--as-of", "2026-11-02"]) == 0
    # main() in a host process (the tests) never lets the dashboard change what is process-wide
    assert seen == {"today": date(2026, 11, 2), "now": date(2026, 11, 2), "own_process": False}
    assert cli_module.entry(["--data-dir", str(tmp_path / "data"), "--as-of", "2026-11-02"]) == 0
    assert seen["own_process"] is True  # the console script: the dashboard is the whole process
    assert collector.owns_process()  # and the store's pauses of the collector apply


def test_as_of_before_the_command(cli):  # noqa: F811
    out = cli.ok("--as-of", "2026-11-02", "add", "Ada Park")
    assert "Added Ada Park" in out
    (ada,) = json.loads(cli.ok("list", "--json"))
    assert ada["created"].startswith("2026-11-02T")
    assert ada["stage_history"] == [{"on": "2026-11-02", "stage": "prospect"}]
    out = cli.ok("--as-of", "2026-11-05", "log", "ada", "--kind", "outreach")
    assert "on Thu 5 Nov 2026" in out


def test_two_different_as_of_dates_are_refused(cli):  # noqa: F811
    err = cli.fails("--as-of", "2026-11-02", "queue", "--as-of", "2026-11-03")
    assert "--as-of" in err and "2026-11-02" in err and "2026-11-03" in err
    cli.ok("--as-of", "2026-11-02", "queue", "--as-of", "2026-11-02")


def test_a_contact_added_as_of_a_day_counts_in_that_weeks_review(cli):  # noqa: F811
    cli.ok("add", "Ada Park", "--as-of", "2026-11-02")
    cli.ok("log", "ada", "--kind", "outreach", "--as-of", "2026-11-03")
    review = json.loads(cli.ok("review", "--as-of", "2026-11-08", "--format", "json"))
    assert (review["week_start"], review["new_contacts"], review["outreach_sent"]) == ("2026-11-02", 1, 1)
    (ada,) = json.loads(cli.ok("list", "--json"))
    assert ada["created"].startswith("2026-11-02T") and ada["updated"].startswith("2026-11-03T")


def test_an_ambiguous_name_lists_candidates_on_their_own_lines(cli):  # noqa: F811
    cli.ok("add", "Ann Lee", "--company", "Acme\x1b[2J")
    cli.ok("add", "Anna Kay", "--role", "Line\none")
    err = cli.fails("log", "an", "--kind", "coffee")
    lines = err.splitlines()
    assert "\\x0a" not in lines[0] and lines[0].endswith("type more of the name or use the id:")
    assert lines[1].startswith("  Ann Lee (Acme\\x1b[2J)") and "\x1b" not in err  # user text escaped
    assert lines[2].startswith("  Anna Kay (Line\\x0aone)")  # a line break typed in is shown, not made
    assert len(lines) == 3


def _seeded(tmp_path):
    import subprocess
    import sys

    from tests.guard import guarded_env

    data = tmp_path / "data"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nurture",
            "--data-dir",
            str(data),
            "seed",
            "--contacts",
            "300",
            "--interactions",
            "600",
            "--as-of",
            "2026-11-23",
        ],
        check=True,
        capture_output=True,
        env=guarded_env(),
    )
    return data


@pytest.mark.parametrize(
    ("command", "wanted"),
    [
        (["list", "--json"], 10),  # 270 KB: more than the pipe holds, so it is still writing
        (["export", "--format", "json"], 10),
        (["review"], 0),  # 12 KB would fit in the pipe: this reader is gone before it is written
    ],
)
def test_a_reader_that_stops_early_ends_it_quietly(tmp_path, command, wanted):
    import subprocess
    import sys

    from tests.guard import guarded_env

    data = _seeded(tmp_path)
    argv = [sys.executable, "-m", "nurture", "--data-dir", str(data), *command, "--as-of", "2026-11-23"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=guarded_env())
    if wanted:
        proc.stdout.read(wanted)  # a reader that wanted a few bytes, then went away (as head does)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141, err  # as a Unix tool stopped by SIGPIPE reports it
    assert err == ""


def test_a_pipe_into_head_prints_no_traceback(tmp_path):
    import shlex
    import subprocess
    import sys

    from tests.guard import guarded_env

    data = _seeded(tmp_path)
    nurture = f"{shlex.quote(sys.executable)} -m nurture --data-dir {shlex.quote(str(data))}"
    for command in ("review --as-of 2026-11-23 | head -3", "list --json | head", "list | head -1"):
        r = subprocess.run(
            ["sh", "-c", f"{nurture} {command}"], capture_output=True, text=True, env=guarded_env(), timeout=60
        )
        assert r.returncode == 0 and r.stdout and r.stderr == "", (command, r.stderr)


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full")
def test_an_export_to_a_full_disk_says_it_is_incomplete(tmp_path):
    import subprocess
    import sys

    from tests.guard import guarded_env

    data = _seeded(tmp_path)
    with open("/dev/full", "wb") as full:
        r = subprocess.run(
            [sys.executable, "-m", "nurture", "--data-dir", str(data), "export", "--format", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=guarded_env(),
            timeout=60,
        )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "could not write the export to standard output: No space left on device" in r.stderr


# --- process-wide settings: only in a process of nurture's own ---------------------------------


def test_main_in_process_leaves_the_garbage_collector_alone(tmp_path, capsys):
    """The tests call ``main()`` in-process: it must neither switch the collector off (the rest
    of the suite would run without it) nor freeze objects (every run would pin thousands)."""
    import gc

    data = str(tmp_path / "data")
    for argv in (["add", "Ada Park"], ["list", "--json"], ["queue", "--as-of", "2026-11-23"]):
        assert cli_module.main(["--data-dir", data, *argv]) == 0
        assert gc.isenabled(), argv
        assert gc.get_freeze_count() == 0, argv
    assert "Ada Park" in capsys.readouterr().out


def test_the_console_script_switches_the_collector_off_for_a_one_shot_command(tmp_path, capsys):
    import gc

    try:
        assert cli_module.entry(["--data-dir", str(tmp_path / "data"), "list"]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_only_an_app_that_owns_its_process_freezes_what_its_first_load_made(service):
    import gc

    from nurture.app import create_app

    app = create_app(service)
    app.first_load_read()
    assert gc.get_freeze_count() == 0
    app.owns_process = True
    try:
        app.first_load_read()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        app.owns_process = False
