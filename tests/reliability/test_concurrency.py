"""The dashboard open while the shell writes: nothing is lost, and the dashboard sees it all."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from nurture.widgets.contact_list import ContactList
from tests.guard import guarded_env
from tests.tui.conftest import make_app, settle

WRITER = Path(__file__).with_name("shell_writer.py")
N = 300
pytestmark = pytest.mark.slow


async def test_dashboard_and_shell_each_write_300_and_all_600_are_kept(tmp_path):
    app = make_app(tmp_path / "data", poll=0.1)
    ada = app.service.add_contact("Ada")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shell = subprocess.Popen(
            [sys.executable, str(WRITER), str(tmp_path / "data"), ada.id, "shell", str(N)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=guarded_env(),
        )
        for k in range(N):
            app.service.log(ada.id, "email", notes=f"app-{k}")
            if k % 10 == 0:
                await pilot.pause()  # let the dashboard poll and reload in between
        _out, err = await asyncio.to_thread(shell.communicate, timeout=120)
        assert shell.returncode == 0, err
        await pilot.pause(0.3)
        await settle(pilot)
        notes = {i.notes for i in app.service.network().interactions}
        assert notes == {f"app-{k}" for k in range(N)} | {f"shell-{k}" for k in range(N)}
        # and the dashboard shows them: Ada's timeline holds all 600
        assert len(app.screen.network.timeline(ada.id)) == 2 * N
        assert app.screen.query_one(ContactList).rows[0].contact.name == "Ada"
