"""Private by default: permissions everywhere, no network, no personal data in crash reports."""

from __future__ import annotations

import socket
import stat

import pytest

from nurture.screens.dashboard import DashboardScreen
from tests.tui.conftest import make_app, settle


async def test_a_crash_report_shows_no_personal_data(tmp_path, monkeypatch, capfd):
    def boom(self) -> None:
        note = "-".join(["SECRET", "NOTE about Ada"])  # noqa: F841  (a local a default report would print)
        raise RuntimeError("something broke")

    monkeypatch.setattr(DashboardScreen, "action_help", boom)
    app = make_app(tmp_path / "data", demo=True)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()
    rendered = capfd.readouterr().err
    assert "something broke" in rendered and "action_help" in rendered
    assert "SECRET-NOTE" not in rendered and "locals" not in rendered
    assert "Your data is safe" in rendered


@pytest.mark.parametrize("command", [[], ["demo"]], ids=["nurture", "nurture demo"])
def test_a_crash_exits_non_zero_with_the_same_private_report(tmp_path, monkeypatch, capfd, command):
    """Through the entry point the shell runs: the dashboard dying of an error is a failure (1),
    not a clean exit (0), and its report holds no personal data either."""
    from nurture import cli
    from nurture.app import NurtureApp

    def boom(self) -> None:
        note = "-".join(["SECRET", "NOTE about Ada"])  # noqa: F841
        raise RuntimeError("something broke")

    real_run = NurtureApp.run
    monkeypatch.setattr(DashboardScreen, "on_mount", boom)
    monkeypatch.setattr(NurtureApp, "run", lambda self, **_: real_run(self, headless=True, size=(80, 24)))
    assert cli.main(["--data-dir", str(tmp_path / "data"), *command]) == 1
    rendered = capfd.readouterr().err
    assert "something broke" in rendered and "on_mount" in rendered
    assert "SECRET-NOTE" not in rendered and "locals" not in rendered
    assert "Your data is safe" in rendered


def test_no_network_connection_is_opened():
    """The whole suite runs under a guard (tests/conftest.py) that fails any connection to a
    network address; this checks the guard itself is armed."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(OSError, match="network access"):
            s.connect(("127.0.0.1", 9))
    finally:
        s.close()


def test_the_guard_covers_subprocesses_too():
    import subprocess
    import sys

    from tests.guard import guarded_env

    code = "import socket; s = socket.socket(); s.connect(('127.0.0.1', 9))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=guarded_env())
    assert r.returncode != 0 and "network access attempted" in r.stderr


def test_every_file_and_folder_is_private_after_real_use(tmp_path):
    from tests.unit.test_cli import CLI

    cli = CLI(tmp_path / "data")
    cli.ok("add", "Ada")
    cli.ok("log", "ada", "--kind", "coffee", "--takeaway", "t")
    cli.ok("followup", "ada", "--on", "next fri", "--what", "x")
    cli.ok("review", "--mark-reviewed")
    cli.ok("add", "Bob")
    from nurture.store.backups import list_backups

    cli.ok("restore", list_backups(cli.data_dir)[0].name)
    paths = [cli.data_dir, *cli.data_dir.rglob("*")]
    modes = {str(p): stat.S_IMODE(p.stat().st_mode) for p in paths}
    assert all(m == (0o700 if p.is_dir() else 0o600) for p, m in zip(paths, modes.values(), strict=False)), modes
