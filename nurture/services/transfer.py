"""Import and export, for the shell command and the dashboard alike.

An import reads and checks the whole file before anything is written, then merges it under the
store's lock on a fresh read and writes it in one save, which the store rolls back as a whole if
any file fails: all or nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nurture.domain.errors import InputError, TargetExists
from nurture.domain.importing import ImportPlan, plan_import
from nurture.domain.log import Entry, order_text
from nurture.domain.models import Contact, Interaction
from nurture.domain.restoring import Library, RestorePlan, plan_restore
from nurture.domain.versions import REV, REVS
from nurture.exchange.formats import EXPORT_FORMATS, FORMAT_NAMES, MAX_ICS_DAYS, READ_FORMATS
from nurture.exchange.invites import looks_like_ics
from nurture.exchange.mailbox import MAIL_FORMATS, detect_mail
from nurture.exchange.source import decode, decode_sheet, detect, is_stdin, read_bytes, shown
from nurture.services.core import Context
from nurture.services.invites import InviteResult, Invites

#: ``progress(done, total, what)``: called from the thread doing the work.
Progress = Callable[[int, int, str], None]


@dataclass
class ImportResult:
    path: Path
    format: str
    plan: ImportPlan
    dry_run: bool
    #: What the file was read as, when the format says less: "Outlook CSV".
    layout: str = ""

    def summary(self) -> str:
        return self.plan.summary(self.dry_run)

    @property
    def read_as(self) -> str:
        """How the summary names what was read: "Google Contacts CSV", "vCard"."""
        return self.layout or FORMAT_NAMES[self.format]


class MailboxGiven(InputError):
    """The file given to import is a mailbox (``format``: mbox, maildir or eml): its messages log
    touches (``MailImport``, read as a stream of headers), they add no one. The shell and the
    dashboard send it there."""

    def __init__(self, path: Path, format: str) -> None:
        super().__init__(f"{shown(path)} is a mailbox: import it with `nurture import {shown(path)} --dry-run`")
        self.path = path
        self.format = format


class Transfer:
    def __init__(self, context: Context, invites: Invites | None = None) -> None:
        self.context = context
        self.invites = invites or Invites(context)

    def import_file(
        self,
        path: Path | str,
        fmt: str = "auto",
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        date_order: str = "",
        leave_out: Collection[str] = (),
    ) -> ImportResult | InviteResult:
        """Import ``path`` (``-``: standard input) in ``fmt``, or in the format it looks like.
        ``date_order`` (dmy or mdy) says how a CSV's slashed dates read when their column
        cannot tell. ``leave_out``: where the people a preview unticked were first read
        (``ImportPlan.origins``): the rest is imported, all or nothing."""
        ctx = self.context
        path = Path(path).expanduser()
        if fmt != "auto" and fmt not in READ_FORMATS and fmt not in MAIL_FORMATS:
            raise InputError(f"unknown import format {fmt!r}; use auto or one of: {', '.join(READ_FORMATS)}")
        report = progress or (lambda done, total, what: None)
        mail = fmt if fmt in MAIL_FORMATS else detect_mail(path) if fmt == "auto" and not is_stdin(path) else ""
        if mail:
            # a mailbox is gigabytes: read as a stream of headers (services/mail.py), never whole
            raise MailboxGiven(path, mail)
        report(0, 1, "Reading the file")
        raw = read_bytes(path)
        path = Path(shown(path))  # "-" is named "standard input" from here on
        if fmt == "ics" or (fmt == "auto" and looks_like_ics(path, raw[:64].decode("latin-1"))):
            return self.invites.import_invites(path, raw, dry_run=dry_run, report=report)  # books, adds no one
        if fmt == "auto" and raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:11].upper() == b"BEGIN:VCARD":
            fmt = "vcard"  # read as bytes: its lines may each say their character set (vcard.py)
        text, encoding_note = ("", "") if fmt == "vcard" else decode_sheet(path, raw)
        fmt = detect(path, text) if fmt == "auto" else fmt
        if encoding_note and fmt == "json":
            text = decode(path, raw)  # only spreadsheets come in Windows-1252: refused, naming the line
        today, now = ctx.today(), ctx.now()
        on_record = lambda done, total: report(done, total, "Reading records")  # noqa: E731
        if fmt == "json":
            from nurture.exchange.native import read_json

            doc = read_json(path, text)
            with ctx.repo.locked():
                restore = plan_restore(
                    ctx.network(),
                    doc.contacts,
                    doc.interactions,
                    doc.followups,
                    doc.reviews,
                    doc.settings,
                    now=now,
                    library=doc.library,
                    kept=self._library(),
                )
                if not dry_run:
                    self._write(restore)
            return ImportResult(path, fmt, restore, dry_run)
        layout = ""
        if fmt == "vcard":
            from nurture.exchange.vcard import read_vcards

            parsed = read_vcards(path, raw, today, progress=on_record)
        else:
            from nurture.exchange.tabular import read_csv

            parsed = read_csv(
                path,
                text,
                today,
                linkedin=fmt == "linkedin",
                progress=on_record,
                order=ctx.date_order(),
                date_order=date_order,
                saved_order=ctx.settings().date_order,
            )
            layout = parsed.layout
            if encoding_note:
                parsed.warnings.insert(0, encoding_note)
        total = len(parsed.records)
        with ctx.repo.locked():
            plan = plan_import(
                ctx.network(),
                parsed.records,
                today=today,
                now=now,
                source=path.name,
                skipped=parsed.skipped,
                warnings=parsed.warnings,
                progress=lambda done: report(done, total, "Matching with your contacts"),
                leave_out=leave_out,
            )
            if not dry_run:
                report(total, total, "Saving")
                self._write(plan)
        return ImportResult(path, fmt, plan, dry_run, layout)

    def _write(self, plan: ImportPlan) -> None:
        """The plan in one save: all of it, every file, or nothing."""
        if not plan.changes:
            return
        library = plan if isinstance(plan, RestorePlan) else RestorePlan()  # a restore's prep lists …
        self.context.repo.save(
            contacts=plan.created + plan.updated,
            interactions=plan.interactions,
            followups=plan.followups,
            reviews=plan.reviews,
            settings=plan.settings,
            preps=library.preps,
            questions=library.questions,
            templates=library.templates,
            targets=library.targets,
            meetings=library.meetings,
            appointments=library.appointments,
        )

    def _library(self) -> Library:
        """What the data directory keeps besides the network."""
        repo = self.context.repo
        return Library(
            preps=repo.preps(),
            questions=repo.own_questions(),
            templates=list(repo.templates().values()),
            targets=repo.targets(),
            meetings=repo.meetings(),
            appointments=repo.appointments(),
        )

    def export_chunks(self, fmt: str, *, days: int = 30, progress: Progress | None = None) -> Iterator[bytes]:
        """The network (or, for ``ics``, the queue of the next ``days``) in ``fmt``, in pieces
        to write as they come: JSON, CSV and Markdown never hold the whole output, or every note,
        in memory. A wrong format or number of days, or data that
        cannot be read, is refused here, before the first piece.

        ``progress(done, total, what)``: first while the data is read, then as the pieces are
        made ("Writing 12,000 of 30,000 contacts": records for JSON, contacts for CSV and
        Markdown; the vCard and calendar files are made in one piece)."""
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
        if fmt == "ics" and not 0 <= days <= MAX_ICS_DAYS:
            raise InputError(f"--days {days}: give a number of days from 0 to {MAX_ICS_DAYS}")
        ctx = self.context
        report = progress or _quiet
        report(0, 0, "Reading your data")
        network, today = ctx.network(), ctx.today()

        def counted(total: int, noun: str) -> Callable[[int], None]:
            report(0, total, f"Writing 0 of {total:,} {noun}")
            return lambda done: report(done, total, f"Writing {done:,} of {total:,} {noun}")

        if fmt == "json":
            from nurture.exchange.native import json_chunks

            library = self._library()
            ordered = sorted(network.log.entries(), key=order_text)
            kept = (library.preps, library.questions, library.templates, library.targets, library.meetings,
                    library.appointments)  # fmt: skip
            total = len(network.contacts) + len(ordered) + len(network.followups) + len(network.reviews)
            total += sum(map(len, kept))
            return json_chunks(
                exported=ctx.now(),
                settings=network.settings,
                contacts=network.contacts.values(),
                interactions=self._as_stored(ordered),
                followups=network.followups,
                reviews=network.reviews,
                library=library,
                written=counted(total, "records"),
            )
        if fmt == "csv":
            from nurture.exchange.sheet import csv_chunks

            return csv_chunks(network, today, counted(len(network.contacts), "contacts"))
        if fmt == "markdown":
            from nurture.exchange.archive import markdown_chunks

            contacts = sorted(network.contacts.values(), key=lambda c: c.order_key)
            entries = network.log.entries()
            timelines = self._timelines(contacts, entries)
            return markdown_chunks(
                network, today, contacts, timelines, len(entries), counted(len(contacts), "contacts")
            )
        if fmt == "vcard":
            from nurture.exchange.vcard import vcard_chunks

            contacts = sorted(network.contacts.values(), key=lambda c: c.order_key)
            return vcard_chunks(contacts, counted(len(contacts), "contacts"))
        from nurture.exchange.calendar import write_ics

        report(0, 0, "Writing the calendar")
        return iter([write_ics(network, today, ctx.moment(), days)])

    def _as_stored(self, entries: Sequence[Entry]) -> Iterator[dict[str, Any]]:
        """Each entry's record as ``Interaction.to_dict`` makes it, in the order given, read one
        at a time. What nurture stored is that already, and goes out as stored, not decoded
        (decoding every note was a third of the export's time; the entries already vouch for
        its id, contact, date, kind and time). A record with other fields (edited by hand) is
        decoded first, so the export has one shape whatever is stored, and refused, naming its
        file, if it cannot be read. The record's revisions (``_rev``, ``_revs``) stay home: they
        are this data directory's, for merging its copies, not part of what it holds."""
        repo = self.context.repo
        for d in repo.stored_interactions(entries):
            d.pop(REV, None)  # (each record read is the caller's own)
            d.pop(REVS, None)
            yield d if tuple(d) == _FIELDS else repo.decode_interaction(d).to_dict()

    def _timelines(self, contacts: Sequence[Contact], entries: Sequence[Entry]) -> Iterator[Interaction]:
        """Each contact's interactions, newest first, the contacts in the order given: read one
        record at a time, in that order (never a shard per contact, nor every note at once)."""
        by_contact: dict[str, list[Entry]] = {}
        for e in entries:
            by_contact.setdefault(e.contact_id, []).append(e)
        order: list[Entry] = []
        for c in contacts:
            mine = by_contact.get(c.id)
            if mine:
                mine.sort(key=order_text, reverse=True)
                order += mine
        del by_contact
        repo = self.context.repo
        for d in repo.stored_interactions(order):
            yield repo.decode_interaction(d)

    def export_to(
        self,
        fmt: str,
        target: Path | str,
        *,
        days: int = 30,
        replace: bool = False,
        progress: Progress | None = None,
    ) -> int:
        """Write the export to ``target`` (0600, atomically); the number of bytes written.
        The output goes to a temp file beside ``target`` as it is made, and is renamed into
        place only once complete: a failure (a full disk, a damaged data file) leaves nothing.
        An existing file, or a link (even a dangling one), is only replaced when ``replace`` is set
        (else ``TargetExists``), and then the link itself is replaced, not the file it points to.
        Temp files that killed exports left in the folder are removed first. ``progress``: as
        for ``export_chunks``."""
        target = Path(target).expanduser()
        if target.is_dir():
            raise InputError(f"{target} is a directory; give a file name inside it")
        if not target.parent.is_dir():
            raise InputError(f"directory {target.parent} does not exist")
        if os.path.lexists(target) and not replace:  # a link counts, even one leading nowhere
            raise TargetExists(target)
        chunks = self.export_chunks(fmt, days=days, progress=progress)
        from nurture.store.errors import DataFileError, WriteError
        from nurture.store.files import EXPORT_TAG, atomic_write_chunks, remove_stale_exports

        remove_stale_exports(target.parent)  # what an export killed mid-write left here
        try:
            return atomic_write_chunks(target, chunks, tag=EXPORT_TAG)  # a link is replaced, never written through
        except WriteError as e:
            todo = "Free some space and try again." if "full" in e.why else "Choose a folder you can write to."
            raise DataFileError(f"could not export to {target}: {e.why}. Nothing was written. {todo}") from None


def _quiet(done: int, total: int, what: str) -> None:
    """Progress no one watches."""


#: The fields of a stored interaction, in the order ``Interaction.to_dict`` writes them.
_FIELDS = tuple(Interaction("", "", date.min, "email").to_dict())
