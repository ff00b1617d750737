"""The multi-file saves the crash and disk-full suites attack, each set up in a data directory,
and a signature of what a user would see (people, notes, follow-ups, meetings, prep,
appointments) to tell the
state before a save from the state after it.

Every operation runs through the same services the shell and the dashboard use."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from nurture.domain.appointments import Appointment
from nurture.domain.library import MeetingDraft, Referral
from nurture.domain.requests import BookRequest
from nurture.services import Nurture
from nurture.store import Repository
from nurture.store.backups import list_backups
from nurture.store.doctor import restore

TODAY = date(2026, 11, 23)
#: A start ahead of the Ticks' clock, and a video link to meet at.
AHEAD = datetime(2026, 11, 26, 15, tzinfo=UTC)
ZOOM = "https://zoom.us/j/5551234567"


class Ticks:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> datetime:
        self.n += 1
        return datetime(2026, 11, 23, 12) + timedelta(seconds=self.n)


def service_for(data_dir: Path) -> Nurture:
    ticks = Ticks()
    return Nurture(Repository(data_dir, now=ticks).open(), today=lambda: TODAY, now=ticks)


def signature(data_dir: Path) -> tuple:
    """What a user would notice, without ids or timestamps (an import makes new ids)."""
    repo = Repository(data_dir).open()
    net = repo.load()
    names = {cid: c.name for cid, c in net.contacts.items()}
    return (
        tuple(sorted((c.name, c.stage, c.company, tuple(sorted(c.tags))) for c in net.contacts.values())),
        tuple(
            sorted(
                (names.get(i.contact_id, "?"), i.kind, i.on.isoformat(), i.notes, i.summary)
                for i in repo.all_interactions()
            )
        ),
        tuple(sorted((names.get(f.contact_id, "?"), f.due.isoformat(), f.text, str(f.done_on)) for f in net.followups)),
        tuple(sorted(names.get(m, "?") for m in repo.meetings_file.records())),
        tuple(sorted((names.get(p.contact_id, "?"), p.questions) for p in repo.prep_file.records().values())),
        tuple(sorted(r.id for r in net.reviews)),
        tuple(sorted(t.name for t in repo.targets())),
        tuple(
            sorted(
                (names.get(a.contact_id, "?"), a.start.isoformat(), a.minutes, a.where, a.status)
                for a in net.appointments
            )
        ),
    )


@dataclass
class Operation:
    name: str
    prepare: Callable[[Path, Path], None]  # (data_dir, workspace outside it)
    run: Callable[[Path, Path], None]


def _network(service: Nurture, n: int = 24) -> list:
    people = []
    for k in range(n):
        c = service.add_contact(f"Person {k:02d}", company=f"Co {k % 5}", tags=["seed"])
        service.log(c.id, "coffee", notes=f"first chat with {k}", on=TODAY - timedelta(days=30 + k))
        people.append(c)
    return people


def _prepare_import(data_dir: Path, work: Path) -> None:
    service = service_for(data_dir)
    _network(service, 6)
    source = work / "source"
    other = service_for(source)
    _network(other, 0)
    for k in range(40):
        c = other.add_contact(f"Imported {k:02d}", company="Elsewhere", email=f"i{k}@example.org")
        other.log(c.id, "email", notes=f"imported note {k}", on=TODAY - timedelta(days=k + 1))
        other.log(c.id, "video", notes=f"imported call {k}", on=TODAY - timedelta(days=k))
    other.add_followup(c.id, TODAY + timedelta(days=3), "ask about the team")
    (work / "network.json").write_bytes(b"".join(other.export_chunks("json")))
    shutil.rmtree(source)


def _run_import(data_dir: Path, work: Path) -> None:
    service_for(data_dir).import_file(work / "network.json")


def _prepare_restore(data_dir: Path, work: Path) -> None:
    service = service_for(data_dir)
    _network(service, 8)  # this run's backup is empty: no files yet
    later = service_for(data_dir)  # a new run: backs up the 8 people before writing
    for k in range(8, 30):
        c = later.add_contact(f"Later {k:02d}")
        later.log(c.id, "call", notes=f"later call {k}", on=TODAY - timedelta(days=k))


def _run_restore(data_dir: Path, work: Path) -> None:
    repo = Repository(data_dir).open()
    restore(repo, list_backups(data_dir)[-1])


def _prepare_meeting(data_dir: Path, work: Path) -> None:
    service = service_for(data_dir)
    people = _network(service, 10)
    maya = service.add_contact("Maya Okafor", company="Figma", stage="scheduled")
    service.set_prep(maya.id, ["What surprised you most in your first year?"])
    draft = MeetingDraft(
        maya.id, 1_795_435_200.0, 20,
        "★ portfolios win on process\n☐ me: send the case study\n☐ them: intro to Sam\nplain line",
        referrals=(Referral("Sam Reyes", "Figma", "research lead"), Referral("Person 03", "", "")),
    )  # fmt: skip
    service.save_meeting(draft)
    # under way (Ticks: 12:00 and on): ending the meeting, or logging it, marks it held
    service.book(BookRequest.typed(maya.id, datetime(2026, 11, 23, 11, 50, tzinfo=UTC), where=ZOOM))
    assert people


def _run_meeting(data_dir: Path, work: Path) -> None:
    service = service_for(data_dir)
    maya = next(c for c in service.network().contacts.values() if c.name == "Maya Okafor")
    draft = service.meeting(maya.id)
    assert draft is not None
    service.end_meeting(draft, "video", 25, "great chat about design systems")


def _prepare_save(data_dir: Path, work: Path) -> None:
    _network(service_for(data_dir), 20)


def _run_save(data_dir: Path, work: Path) -> None:
    """One save of every kind of record at once, across many shards."""
    from dataclasses import replace

    from nurture.domain.models import FollowUp, Interaction, new_id

    repo = Repository(data_dir).open()
    net = repo.load()
    people = sorted(net.contacts.values(), key=lambda c: c.name)
    repo.save(
        contacts=[replace(c, company="Moved On") for c in people[:10]],
        interactions=[Interaction(new_id(), c.id, TODAY, "note", notes=f"bulk {c.name}") for c in people],
        followups=[FollowUp(new_id(), c.id, TODAY + timedelta(days=9), "check in") for c in people[:5]],
        meetings=[MeetingDraft(people[0].id, 1_795_435_200.0, 20, "notes so far")],
        appointments=[
            Appointment.new(c.id, AHEAD + timedelta(hours=k), datetime(2026, 11, 23, 12, tzinfo=UTC))
            for k, c in enumerate(people[:4])
        ],
    )


def _run_log_conversation(data_dir: Path, work: Path) -> None:
    """A conversation with a prospect: the interaction and the stage move (contacts) together."""
    service = service_for(data_dir)
    maya = next(c for c in service.network().contacts.values() if c.name == "Maya Okafor")
    service.log(maya.id, "coffee", notes="met at last", takeaways=["ask about the research team"])


@dataclass
class Trial:
    """An operation set up in ``template``, and what a user sees before and after it."""

    template: Path
    work: Path
    done: Path
    before: tuple
    after: tuple


def try_out(op: Operation, root: Path, run: Callable[[Path, Path], object] | None = None) -> Trial:
    """Prepare ``op`` under ``root``, run it once on a copy (with ``run``, else ``op.run``) and
    take the signatures on either side; the operation must change something."""
    template, work, done = root / "template", root / "work", root / "done"
    work.mkdir()
    op.prepare(template, work)
    shutil.copytree(template, done, symlinks=True)
    (run or op.run)(done, work)
    trial = Trial(template, work, done, signature(template), signature(done))
    assert trial.after != trial.before, f"{op.name} changed nothing: the test would prove nothing"
    return trial


def _prepare_followup(data_dir: Path, work: Path) -> None:
    service = service_for(data_dir)
    people = _network(service, 12)
    service.add_followup(people[5].id, TODAY, "send the article")


def _prepare_book(data_dir: Path, work: Path) -> None:
    service = service_for(data_dir)
    _network(service, 10)
    service.add_contact("Maya Okafor", company="Figma", stage="requested")


def _maya(service: Nurture) -> str:
    return next(c.id for c in service.network().contacts.values() if c.name == "Maya Okafor")


def _run_book(data_dir: Path, work: Path) -> None:
    """Booking: the appointment and the stage move to scheduled (contacts) together."""
    service = service_for(data_dir)
    service.book(BookRequest.typed(_maya(service), AHEAD, minutes=30, where=ZOOM, note="ask about research"))


def _prepare_booked(data_dir: Path, work: Path) -> None:
    _prepare_book(data_dir, work)
    _run_book(data_dir, work)


def _run_cancel(data_dir: Path, work: Path) -> None:
    """Cancelling: the appointment cancelled and the contact moved back, together."""
    service = service_for(data_dir)
    service.cancel_appointment(_maya(service))


def _run_followup_done(data_dir: Path, work: Path) -> None:
    """`d` on a follow-up in the queue: the touch logged and the follow-up done, in one save."""
    service = service_for(data_dir)
    (followup,) = service.network().followups
    service.log(followup.contact_id, "email", notes="sent it", completes=followup.id)


OPERATIONS = [
    Operation("import", _prepare_import, _run_import),
    Operation("restore", _prepare_restore, _run_restore),
    Operation("meeting-end", _prepare_meeting, _run_meeting),
    Operation("save", _prepare_save, _run_save),
    Operation("log-conversation", _prepare_meeting, _run_log_conversation),
    Operation("followup-done", _prepare_followup, _run_followup_done),
    Operation("book-appointment", _prepare_book, _run_book),
    Operation("cancel-appointment", _prepare_booked, _run_cancel),
]
