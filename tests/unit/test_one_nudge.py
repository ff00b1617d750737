"""One nudge, never more: the rule lives once in the domain and holds at every entry point that
logs a touch (the service's log, so the shell, the dashboard's log form and its done action,
and outreach drafts); imports record history and are exempt."""

from __future__ import annotations

import json
from datetime import date

import pytest

from nurture.domain.errors import InputError
from nurture.domain.log import Entry
from nurture.domain.queue import check_one_nudge, earlier_nudge
from tests.unit.test_cli import AS_OF, cli  # noqa: F401  (the fixture)


def entries(*pairs: tuple[str, str]) -> list[Entry]:
    return [Entry(f"i{n}", "c", date.fromisoformat(on), kind, f"{on}T12:00:0{n}") for n, (on, kind) in enumerate(pairs)]


def test_a_second_nudge_is_one_since_the_latest_outreach_with_no_answer_in_between():
    sent = entries(("2026-11-01", "outreach"), ("2026-11-08", "nudge"))
    assert earlier_nudge(sent, date(2026, 11, 12)).on == date(2026, 11, 8)
    # anything one-way in between is still no answer: an email you sent, an update
    assert earlier_nudge(sent + entries(("2026-11-10", "email"))[-1:], date(2026, 11, 12)) is not None
    # a new request starts afresh; so does an answer (a reply, a conversation)
    for kind in ("outreach", "reply", "coffee", "call", "video", "meeting"):
        answered = [*sent, Entry("x", "c", date(2026, 11, 10), kind, "2026-11-10T12:00:00")]
        assert earlier_nudge(answered, date(2026, 11, 12)) is None, kind
    # the first nudge, with or without an outreach logged before it
    assert earlier_nudge(entries(("2026-11-01", "outreach")), date(2026, 11, 8)) is None
    assert earlier_nudge([], date(2026, 11, 8)) is None


def test_a_backdated_nudge_is_in_the_cycle_of_its_date():
    sent = entries(("2026-11-01", "outreach"), ("2026-11-10", "nudge"))
    assert earlier_nudge(sent, date(2026, 11, 5)).on == date(2026, 11, 10)  # before the one sent
    # before the outreach: it belongs to no request of this cycle
    assert earlier_nudge(sent, date(2026, 10, 20)) is None
    later = sent + entries(("2026-11-15", "reply"))[-1:]
    assert earlier_nudge(later, date(2026, 11, 20)) is None


def test_the_refusal_names_the_day_of_the_one_nudge():
    with pytest.raises(InputError, match="already nudged them on Sun 8 Nov 2026: the method is one polite nudge"):
        check_one_nudge(entries(("2026-11-01", "outreach"), ("2026-11-08", "nudge")), date(2026, 11, 20))


def test_the_service_refuses_a_second_nudge_from_every_entry_point(service):
    ada = service.add_contact("Ada Park")
    service.log(ada.id, "outreach", date(2026, 11, 1))
    service.log(ada.id, "nudge", date(2026, 11, 9))
    with pytest.raises(InputError, match="already nudged them on Mon 9 Nov"):
        service.log(ada.id, "nudge")  # the log form, the shell
    with pytest.raises(InputError, match="already nudged"):
        service.log(ada.id, "follow-up")  # an alias of nudge
    with pytest.raises(InputError, match="already nudged"):
        service.mark_sent(ada.id, "nudge", "bump")  # outreach drafts
    assert [i.kind for i in service.network().timeline(ada.id)] == ["outreach", "nudge"]
    service.log(ada.id, "reply", date(2026, 11, 20))
    service.log(ada.id, "nudge")  # they answered since: a nudge about something new
    assert [i.kind for i in service.network().timeline(ada.id)][-1] == "nudge"


def test_the_done_action_is_held_to_it_too(service):
    ada = service.add_contact("Ada Park")
    service.log(ada.id, "outreach", date(2026, 11, 1))
    service.log(ada.id, "nudge", date(2026, 11, 9))
    followup = service.add_followup(ada.id, date(2026, 11, 23), "try again")
    with pytest.raises(InputError, match="already nudged"):
        service.log(ada.id, "nudge", date(2026, 11, 23), completes=followup.id)
    assert service.context.repo.followup(followup.id).done_on is None  # nothing of it was saved


def test_imports_record_history_as_it_was(service, tmp_path):
    ada = service.add_contact("Ada Park")
    service.log(ada.id, "outreach", date(2026, 11, 1))
    service.log(ada.id, "nudge", date(2026, 11, 9))
    exported = json.loads(b"".join(service.export_chunks("json")))
    twice = next(i for i in exported["interactions"] if i["kind"] == "nudge")
    exported["interactions"].append({**twice, "id": "second-nudge", "date": "2026-11-16"})
    path = tmp_path / "old.json"
    path.write_text(json.dumps(exported))
    service.import_file(path)
    assert [i.kind for i in service.network().timeline(ada.id)] == ["outreach", "nudge", "nudge"]


def test_the_shell_refuses_a_second_nudge_with_exit_2(cli):  # noqa: F811
    cli.ok("add", "Ada Park")
    cli.ok("log", "ada", "--kind", "outreach", "--on", "2026-11-02", "--as-of", AS_OF)
    cli.ok("log", "ada", "--kind", "nudge", "--on", "2026-11-10", "--as-of", AS_OF)
    err = cli.fails("log", "ada", "--kind", "nudge", "--as-of", AS_OF)
    assert "already nudged them on Tue 10 Nov 2026" in err and "one polite nudge, never more" in err
    cli.fails("log", "ada", "--kind", "nudge", "--on", "2026-11-05", "--as-of", AS_OF)
