"""What a heavy networker notices: the dashboard answers keys while it loads and while it saves,
and a contact with a long history opens at once, older entries a key away."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

from textual.widgets import Input

from nurture.domain.models import Interaction, new_id
from nurture.domain.network import Network
from nurture.widgets import contact_detail
from nurture.widgets.contact_detail import TIMELINE_PAGE, ContactDetail
from nurture.widgets.contact_list import ContactList
from tests.tui.conftest import make_app, settle, static_text, type_text
from tests.tui.test_typeahead import burst

TODAY = date(2026, 11, 23)


async def test_while_the_first_load_runs_the_names_show_first_and_keys_still_work(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    release = threading.Event()
    real = app.service.network

    def slow_network():
        release.wait(10)
        return real()

    app.service.network = slow_network
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):  # the names come first, read on their own
            await pilot.pause(0.01)
            if app.screen.query_one(ContactList).rows:
                break
        screen = app.screen
        contacts = screen.query_one(ContactList)
        assert not contacts.loading and "Maya Okafor" in [r.contact.name for r in contacts.rows]
        assert screen.query_one("#queue").loading  # the queue needs everything: it says so
        assert screen.check_action("add", ()) is None  # greyed until everyone is known
        await pilot.press("slash")
        await type_text(pilot, "maya")
        assert screen.query_one("#filter", Input).value == "maya"  # typed while loading
        assert [r.contact.name for r in contacts.rows] == ["Maya Okafor"]  # and filtered already
        await pilot.press("enter")  # into the list: the card shows the name, the rest follows
        assert static_text(app, "#card").startswith("Maya Okafor")
        release.set()
        await settle(pilot)
        assert not screen.query_one("#queue").loading
        assert [r.contact.name for r in contacts.rows] == ["Maya Okafor"]
        assert "Stage" in static_text(app, "#card") and screen.selected_id == contacts.rows[0].contact.id
        assert screen.check_action("add", ()) is True


async def test_keys_pressed_while_a_save_is_on_disk_act_at_once_and_the_save_lands(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    release, started = threading.Event(), threading.Event()
    real_log = app.service.log

    def slow_log(*args, **kwargs):  # a slow disk: the write takes as long as the test says
        started.set()
        release.wait(5)
        return real_log(*args, **kwargs)

    app.service.log = slow_log
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        maya = next(c for c in app.screen.network.contacts.values() if c.name == "Maya Okafor")
        before = len(app.screen.network.timeline(maya.id))
        app.screen.go_to(maya.id)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+s")  # a coffee today, the form's defaults
        await pilot.pause()
        assert started.wait(5)
        await pilot.press("slash")
        await type_text(pilot, "zoë")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "zoë"  # the UI did not wait
        assert [r.contact.name for r in app.screen.query_one(ContactList).rows] == ["Zoë Kowalski"]
        assert len(app.service.network().timeline(maya.id)) == before  # the save is still pending
        release.set()
        await settle(pilot)
        assert len(app.service.network().timeline(maya.id)) == before + 1
        assert "Logged coffee with Maya Okafor" in str([n.message for n in app._notifications])


async def test_a_long_history_shows_a_page_and_plus_shows_more(tmp_path):
    app = make_app(tmp_path / "data", demo=True)
    service = app.service
    mentor = service.add_contact("Long History", stage="nurturing")
    total = 2 * TIMELINE_PAGE + 10
    service.context.repo.save(interactions=[
        Interaction(new_id(), mentor.id, TODAY - timedelta(days=n), "email", summary=f"touch {n}",
                    notes="words " * 80, created=datetime(2026, 1, 1, 9))
        for n in range(total)
    ])  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.go_to(mentor.id)
        await settle(pilot)  # the timeline is read in the background
        shown = static_text(app, "#timeline")
        assert "touch 0\n" in shown and f"touch {TIMELINE_PAGE - 1}\n" in shown
        assert f"touch {TIMELINE_PAGE}\n" not in shown
        assert f"{total - TIMELINE_PAGE} earlier, from {TODAY - timedelta(days=total - 1):%Y-%m-%d}" in shown
        await pilot.press("plus")
        await pilot.pause()
        assert f"touch {2 * TIMELINE_PAGE - 1}\n" in static_text(app, "#timeline")
        await pilot.press("plus")
        await pilot.pause()
        shown = static_text(app, "#timeline")
        assert f"touch {total - 1}" in shown and "earlier" not in shown
        await pilot.press("plus")
        await pilot.pause()
        assert "whole timeline is shown" in str([n.message for n in app._notifications])
        # another contact starts at one page again
        other = next(c for c in app.screen.network.contacts.values() if c.name == "Maya Okafor")
        app.screen.go_to(other.id)
        app.screen.go_to(mentor.id)
        await settle(pilot)
        assert "earlier" in static_text(app, "#timeline")
        assert app.screen.query_one(ContactDetail)


async def test_a_damaged_shard_at_start_is_explained_and_mended_from_the_shell(tmp_path):
    """Opening no longer reads every file up front, so a damaged one may surface in the
    dashboard: it says which file and what to do, never crashes, and recovers once it is fixed."""
    data = tmp_path / "data"
    app = make_app(data, demo=True, poll=0.05)
    shard = sorted((data / "interactions").glob("*.json"))[0]
    good = shard.read_bytes()
    shard.write_bytes(good[: len(good) // 2])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = static_text(app, "#card")
        assert "Your data could not be read" in card and shard.name in card and "nurture doctor" in card
        assert not app.screen.query_one("#contacts").loading
        shard.write_bytes(good)  # e.g. `nurture restore`
        for _ in range(100):
            await pilot.pause(0.05)
            if app.screen.network is not None:
                break
        await settle(pilot)
        assert "could not be read" not in static_text(app, "#card")
        assert app.screen.query_one(ContactList).rows
    assert app.return_code in (None, 0)


async def test_a_timeline_that_cannot_be_read_is_explained_in_its_place(tmp_path):
    from nurture.store.errors import DataFileError

    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        maya = next(c for c in app.screen.network.contacts.values() if c.name == "Maya Okafor")

        def damaged(contact_id):
            raise DataFileError("data file interactions/x.json is not valid JSON. It was left untouched.")

        app.service.context.repo.interactions_of = damaged
        app.screen.network._timelines.clear()
        app.screen.go_to(maya.id)
        await settle(pilot)
        assert "Maya Okafor" in static_text(app, "#card")  # the card still shows
        shown = static_text(app, "#timeline")
        assert "The timeline could not be read" in shown and "x.json" in shown


async def test_browsing_people_never_reads_their_records_on_the_ui_thread(tmp_path, monkeypatch):
    """Showing a contact reads their interactions from a data file: always in the background,
    never on the thread that draws and takes keys, however one moves (list, queue, filter)."""
    decoded: list[threading.Thread] = []
    real = Interaction.from_dict.__func__  # type: ignore[attr-defined]

    def recording(cls, d):
        decoded.append(threading.current_thread())
        return real(cls, d)

    make_app(tmp_path / "data", demo=True)  # the sample data, written (and decoded) here
    monkeypatch.setattr(Interaction, "from_dict", classmethod(recording))
    app = make_app(tmp_path / "data")  # a start on it, its store decoding with the recorder
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        decoded.clear()
        shown = set()
        for _ in range(6):  # the queue: each item's person
            await pilot.press("down")
            await settle(pilot)
            shown.add(app.screen.query_one(ContactDetail).timeline_of)
        app.screen.query_one(ContactList).focus()
        for _ in range(12):  # the list, a person at a time
            await pilot.press("down")
            await settle(pilot)
            shown.add(app.screen.query_one(ContactDetail).timeline_of)
        await pilot.press("slash")
        await type_text(pilot, "maya")
        await pilot.press("enter")
        await settle(pilot)
        assert "Maya Okafor" in static_text(app, "#card")
        assert len(shown) >= 10  # many people's timelines were shown…
        assert decoded  # …and their records read…
        assert threading.main_thread() not in decoded  # …never on the UI thread


async def test_keys_held_down_read_the_person_they_stop_on_not_everyone_on_the_way(tmp_path, monkeypatch):
    monkeypatch.setattr(contact_detail, "COOLDOWN", 1.0)  # keys come far faster than this
    read: list[str] = []
    real = Network.timeline

    def recording(network, contact_id):
        read.append(contact_id)
        return real(network, contact_id)

    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(120, 24)) as pilot:  # the list shows fewer than 12 people
        await settle(pilot)
        contacts = app.screen.query_one(ContactList)
        contacts.focus()
        await pilot.press("home")
        await settle(pilot)
        monkeypatch.setattr(Network, "timeline", recording)
        burst(app, *["down"] * 12)
        await pilot.pause()
        detail = app.screen.query_one(ContactDetail)
        last = contacts.rows[12].contact
        assert contacts.current is contacts.rows[12]
        top = contacts.scroll_offset.y  # scrolled to where the keys stopped
        assert contacts.size.height < 12 and top <= 12 < top + contacts.size.height
        assert static_text(app, "#card").startswith(last.name)  # the card at once
        await settle(pilot)
        assert detail.timeline_of == last.id
        # at most the first step's person (if keys had paused before), then where the keys stopped
        assert len(read) <= 2 and read[-1] == last.id


async def test_a_timeline_read_for_someone_passed_by_is_never_shown_under_another_card(tmp_path, monkeypatch):
    app = make_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        people = {c.name: c for c in app.screen.network.contacts.values()}
        maya, other = people["Maya Okafor"], next(c for n, c in people.items() if n != "Maya Okafor")
        app.screen.network._timelines.clear()
        release = threading.Event()
        real = Network.timeline

        def slow_for_maya(network, contact_id):
            if contact_id == maya.id:
                release.wait(5)
            return real(network, contact_id)

        monkeypatch.setattr(Network, "timeline", slow_for_maya)
        app.screen.go_to(maya.id)
        await pilot.pause(0.05)
        assert "Timeline" in static_text(app, "#timeline-title") and not static_text(app, "#timeline")
        await pilot.pause(contact_detail.LOADING_AFTER)  # long enough to notice: it says so
        assert "Reading the timeline" in static_text(app, "#timeline")
        app.screen.go_to(other.id)  # meanwhile, on to someone else
        release.set()
        await settle(pilot)
        assert static_text(app, "#card").startswith(other.name)
        assert app.screen.query_one(ContactDetail).timeline_of == other.id
        network = app.screen.network
        assert static_text(app, "#timeline") == str(contact_detail.timeline(network.timeline(other.id), TIMELINE_PAGE))
        assert network.timeline(maya.id)  # read: kept for when Maya is shown again, not shown now


async def test_the_palette_lists_a_screenful_of_people_the_best_matches_first(tmp_path):
    from textual.command import CommandList, CommandPalette

    from nurture.screens.palette import GO_TO, PEOPLE_SHOWN

    app = make_app(tmp_path / "data")
    service = app.service
    for n in range(3 * PEOPLE_SHOWN):
        service.add_contact(f"Alex Morgan {n:02d}", allow_duplicate=True)
    service.add_contact("Alexandra Zed")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "alex")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(CommandList)
        people = [options.get_option_at_index(i).hit.text for i in range(options.option_count)]
        people = [p for p in people if p.startswith(GO_TO)]
        assert len(people) == PEOPLE_SHOWN  # not every one of the 61 who match
        await type_text(pilot, "andra")
        await settle(pilot)
        first = options.get_option_at_index(0).hit.text
        assert first == GO_TO + "Alexandra Zed"
        await pilot.press("enter")
        await settle(pilot)
        assert static_text(app, "#card").startswith("Alexandra Zed")
