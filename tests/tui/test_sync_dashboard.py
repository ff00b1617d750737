"""Sync on the dashboard: the card's sync conflicts and the keys that settle them (O, K), the
header's last sync, *Sync now* (Y), sync-on-start and sync-on-quit, conflict copies merged on
start, and undo after a sync. The other machine is a data directory of its own, driven through
the shell; both sync through a local bare git repository."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from nurture.domain.requests import SnoozeRequest
from nurture.screens.dashboard import DashboardScreen
from nurture.screens.syncing import SyncBeforeQuit
from nurture.services.sync import Sync
from nurture.store import Repository
from tests.tui.conftest import make_app, settle, static_text
from tests.unit.test_sync import listed, run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")


@pytest.fixture
def machines(tmp_path: Path) -> tuple[Path, Path]:
    """Two machines syncing through a bare repository: A (the dashboard's) made Ada and Carol."""
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    a, b = tmp_path / "a", tmp_path / "b"
    run(a, "add", "Ada Lovelace", "--company", "Babbage", "--role", "Analyst")
    run(a, "add", "Carol Shaw", "--company", "Atari")
    assert run(a, "sync", "--init", str(bare))[0] == 0
    assert run(b, "sync", "--init", str(bare))[0] == 0
    return a, b


@pytest.fixture
def role_conflict(machines) -> tuple[Path, Path]:
    """Ada's role changed on both machines: B's (the later) kept on A, A's set aside."""
    a, b = machines
    run(a, "edit", "Ada Lovelace", "--role", "Staff [b]Designer[/b]")  # the user's text, never markup
    run(b, "edit", "Ada Lovelace", "--role", "Design Manager")
    for side in (a, b, a):
        assert run(side, "sync")[0] == 0
    return a, b


def dashboard(app) -> DashboardScreen:
    return next(s for s in app.screen_stack if isinstance(s, DashboardScreen))


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def titles(app) -> list[str]:
    return [str(n.title) for n in app._notifications]


def stored_role(data: Path, name: str = "Ada Lovelace") -> str:
    return next(c.role for c in Repository(data).open().load().contacts.values() if c.name == name)


async def select(pilot, name: str) -> None:
    await settle(pilot)
    app = pilot.app
    contact = next(c for c in app.service.network().contacts.values() if c.name == name)
    dashboard(app).go_to(contact.id)
    await settle(pilot)


async def sync_done(pilot) -> None:
    """Wait for a sync (its own thread, not a worker) and the reload after it."""
    for _ in range(1000):
        await pilot.pause(0.01)
        if not dashboard(pilot.app).syncing:
            break
    else:
        raise AssertionError("still syncing after 10 s")
    await settle(pilot)


async def test_the_card_says_what_two_machines_changed_and_o_takes_the_other_value(role_conflict, capsys) -> None:
    a, b = role_conflict
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "Ada Lovelace")
        card = static_text(app, "#card")
        assert "Role changed on two machines: kept 'Design Manager', the other was 'Staff [b]Designer[/b]'" in card
        assert "O takes the other value · K keeps what was kept" in card
        await pilot.press("O")
        await settle(pilot)
        assert stored_role(a) == "Staff [b]Designer[/b]"
        assert Sync(app.service.context).conflicts() == []
        assert "changed on two machines" not in static_text(app, "#card")
        assert "Ada Lovelace: role is now 'Staff [b]Designer[/b]'." in notices(app)
    run(a, "sync")
    run(b, "sync")
    assert stored_role(b) == "Staff [b]Designer[/b]"  # settled on the other machine too


async def test_k_keeps_the_value_kept_and_the_palette_has_both(role_conflict) -> None:
    a, _ = role_conflict
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "Ada Lovelace")
        await pilot.press("K")
        await settle(pilot)
        assert stored_role(a) == "Design Manager"
        assert Sync(app.service.context).conflicts() == []
        assert "Ada Lovelace: kept 'Design Manager' as role." in notices(app)
        await pilot.press("K")  # nothing left to settle: said, nothing written
        await settle(pilot)
        assert "No sync conflict on Ada Lovelace's card." in notices(app)
    from nurture.screens.actions import in_palette

    titles_ = [a.title for a in in_palette()]
    assert "Sync conflict: take the other value" in titles_ and "Sync conflict: keep the value kept" in titles_
    assert "Sync now" in titles_


async def test_the_header_says_when_it_last_synced_and_gives_it_up_first_when_narrow(machines) -> None:
    a, _ = machines
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("Y")
        await sync_done(pilot)
        assert app.sub_title == "Mon 23 Nov · 0 overdue · 0 today · review due · synced just now"
        app.service.now.__self__._tick += 180  # three minutes later
        dashboard(app).minute_passed()
        assert app.sub_title.endswith(" · review due · synced 3 min ago")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.sub_title == "Mon 23 Nov · 0 overdue · 0 today · review due"  # no room: the sync's goes first


async def test_no_sync_set_up_no_header_words_and_y_says_how_to_set_it_up(tmp_path: Path) -> None:
    run(tmp_path / "data", "add", "Ada Lovelace")
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.sub_title == "Mon 23 Nov · 0 overdue · 0 today · review due"
        await pilot.press("Y")
        await settle(pilot)
        assert any("Not set up for sync yet. In a shell: nurture sync --init URL" in n for n in notices(app))
        assert not dashboard(app).syncing


async def test_the_header_says_syncing_meanwhile(machines) -> None:
    a, _ = machines
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = dashboard(app)
        screen.syncing = True  # (a sync under way: it runs in a thread of its own)
        screen.minute_passed()
        assert app.sub_title == "Mon 23 Nov · 0 overdue · 0 today · review due · syncing…"
        await pilot.press("Y")
        assert "Already syncing…" in notices(app)
        screen.syncing = False


async def test_sync_now_brings_the_other_machine_s_changes_and_says_what_changed(machines, capsys) -> None:
    a, b = machines
    run(b, "add", "Grace Hopper", "--company", "Navy")
    run(b, "log", "Ada Lovelace", "--kind", "call", "--summary", "call from B")
    run(b, "sync")
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("Y")
        assert "Syncing…" in notices(app)
        await sync_done(pilot)
        said = next(n for n, t in zip(notices(app), titles(app), strict=True) if t == "Synced")
        assert "contacts: 1 added, 1 changed, 0 deleted" in said.splitlines()  # (Ada: logged with)
        assert "interactions: 1 added, 0 changed, 0 deleted" in said.splitlines()
        assert "Grace Hopper" in {c.name for c in dashboard(app).network.contacts.values()}  # reloaded
    run(b, "sync")
    assert [c["name"] for c in listed(b, capsys)] == ["Ada Lovelace", "Carol Shaw", "Grace Hopper"]


async def test_a_sync_that_fails_says_why_and_the_header_keeps_the_error(machines) -> None:
    a, _ = machines
    subprocess.run(["git", "-C", str(a), "remote", "set-url", "origin", "gone.git"], check=True)
    app = make_app(a)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("Y")
        await sync_done(pilot)
        assert "Sync failed" in titles(app)
        assert "does not appear to be a git repository" in notices(app)[titles(app).index("Sync failed")]
        assert app.sub_title.endswith(" · review due · sync failed: 'gone.git' does not appear to be a git…")


async def test_sync_on_start_syncs_once_the_dashboard_shows(machines) -> None:
    a, b = machines
    run(a, "config", "sync-on-start", "on")
    run(b, "add", "Grace Hopper")
    run(b, "sync")
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await sync_done(pilot)
        assert "Grace Hopper" in {c.name for c in dashboard(app).network.contacts.values()}
        assert app.sub_title.endswith("synced just now")


async def test_sync_on_quit_syncs_then_quits(machines, capsys) -> None:
    a, b = machines
    run(a, "config", "sync-on-quit", "on")
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.service.add_contact("Grace Hopper")
        await pilot.press("q")
        assert isinstance(app.screen, SyncBeforeQuit)
        assert "Syncing before quitting…  (esc to skip)" in static_text(app, "#syncing-text")
        for _ in range(1000):
            if app._exit:
                break
            await pilot.pause(0.01)
        assert app._exit
    run(b, "sync")
    assert "Grace Hopper" in [c["name"] for c in listed(b, capsys)]


async def test_esc_skips_the_sync_before_quitting(machines) -> None:
    a, _ = machines
    run(a, "config", "sync-on-quit", "on")
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dashboard(app).syncing = True  # (as if a sync were under way: the quit waits for nothing)
        await pilot.press("q")
        assert isinstance(app.screen, SyncBeforeQuit)
        await pilot.press("escape")
        await pilot.pause()
        assert app._exit


async def test_a_conflict_copy_is_merged_on_start_and_said(tmp_path: Path) -> None:
    data, other = tmp_path / "data", tmp_path / "other"
    run(data, "add", "Ada Lovelace")
    shutil.copytree(data, other)
    (other / "device.json").unlink()
    run(other, "add", "Grace Hopper")
    copy = data / "contacts.sync-conflict-20261123-101500-ABCDEFG.json"
    shutil.copyfile(other / "contacts.json", copy)
    app = make_app(data)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert any(n.startswith("merged Syncthing's conflict copy") for n in notices(app))
        assert "Grace Hopper" in {c.name for c in dashboard(app).network.contacts.values()}
    assert not copy.exists()


async def test_undo_after_a_sync_refuses_a_step_whose_record_the_merge_changed(machines) -> None:
    a, b = machines
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        ada = next(c for c in app.service.network().contacts.values() if c.name == "Ada Lovelace")
        carol = next(c for c in app.service.network().contacts.values() if c.name == "Carol Shaw")
        until = date(2026, 12, 10)
        app.service.undo.run("snooze of Carol", lambda: app.service.snooze(SnoozeRequest(carol.id, until)))
        app.service.undo.run("edit of Ada", lambda: app.service.update_contact(ada.id, role="Engineer"))
        run(b, "edit", "Ada Lovelace", "--role", "Design Manager")  # later, on the other machine
        run(b, "sync")
        await pilot.press("Y")
        await sync_done(pilot)
        assert stored_role(a) == "Design Manager"
        await pilot.press("ctrl+z")  # the edit of Ada: the merge changed her since
        await settle(pilot)
        assert any("changed since" in n for n in notices(app)), notices(app)
        assert stored_role(a) == "Design Manager"
        await pilot.press("ctrl+z")  # Carol's snooze: untouched by the merge, undone
        await settle(pilot)
        assert "Undid: snooze of Carol." in notices(app)
        assert Repository(a).open().contact(carol.id).snoozed_until is None
