"""The ``nurture`` command: the dashboard, and every everyday action from the shell."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from nurture import __version__
from nurture.clock import local_zone
from nurture.domain import collector, fields
from nurture.domain.appointments import (
    BOOKED,
    MOMENT_FORMS,
    Appointment,
    moment_text,
    next_booked,
    split_time,
    until_text,
    when_text,
    where_label,
)
from nurture.domain.config import BY_KEY as CONFIG_KEYS
from nurture.domain.config import SETTINGS, setting
from nurture.domain.conflicts import shown
from nurture.domain.dates import (
    CADENCE_FORMS,
    DATE_ORDERS,
    DMY,
    FUTURE,
    PAST,
    ago,
    locale_date_order,
    parse_date,
    spoken,
    when,
)
from nurture.domain.errors import InputError, NurtureError, TargetExists
from nurture.domain.lookup import NameTaken
from nurture.domain.models import CONVERSATIONS, KINDS, STAGES, Settings
from nurture.domain.network import Network
from nurture.domain.queue import APPOINTMENT_REASONS, PREPARE, QueueItem, items_for
from nurture.domain.requests import (
    BookedInPast,
    BookRequest,
    ContactRequest,
    FollowUpRequest,
    LogRequest,
    SnoozeRequest,
)
from nurture.domain.retention import KEPT_TEXT, when_made
from nurture.domain.wording import count
from nurture.exchange.formats import EXPORT_FORMATS, READ_FORMATS
from nurture.exchange.mailbox import MAIL_FORMATS, detect_mail

if TYPE_CHECKING:
    from nurture.services import Nurture
from nurture.tables import printable, render, tsv

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: The reader of the output went away (`nurture list | head`): what a shell reports for a Unix
#: tool that SIGPIPE stopped (128 + 13), so `set -o pipefail` sees it as other tools do.
EXIT_PIPE = 141


def default_data_dir() -> Path:
    env = os.environ.get("NURTURE_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("nurture", appauthor=False))


# --- argument parsing --------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own usage errors: exit 2 with a hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"nurture: error: {message}\n")


def _as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help='act as if today were DATE (default: today); a time too ("thu 15:10") pins the time of day',
    )


def _table_flags(p: argparse.ArgumentParser) -> None:
    """--json, --tsv and --wide: how a command that prints a table prints it."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print JSON")
    g.add_argument("--tsv", action="store_true", help="print tab-separated values, every cell whole")
    p.add_argument("--wide", action="store_true", help="print every cell whole, however wide the terminal")


def _last_contact(day: date | None, today: date, tsv: bool) -> str:
    """'3w ago' for a person reading; the ISO date (or nothing) for a program reading TSV."""
    if tsv:
        return day.isoformat() if day else ""
    return ago(day, today)


def _print_table(args: argparse.Namespace, headers: list[str], rows: list[list[str]]) -> None:
    """A table as ``_table_flags`` asked: TSV, or columns fitted to the terminal (whole when
    --wide or when the output is no terminal: a pipe, a file)."""
    if args.tsv:
        print(tsv(headers, rows))
    else:
        print(render(headers, rows, width=None if args.wide else _terminal_width()))


def _terminal_width() -> int | None:
    """The terminal's width in cells (COLUMNS, when set, says it), or None when the output is
    no terminal."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _merge_as_of(args: argparse.Namespace) -> None:
    """``--as-of`` may come before the command (or without one: the dashboard) or after it;
    ``args.as_of`` is the one given. Two different dates are refused."""
    before, after = args.global_as_of, getattr(args, "as_of", None)
    if before and after and before != after:
        raise InputError(f"two dates for --as-of: {before!r} before the command and {after!r} after it; give one")
    args.as_of = after or before


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nurture",
        description="Grow your network through informational interviews. With no command, opens the dashboard.",
        epilog=f"Dates: 2026-11-23, 'Nov 23', 23.11.2026 (day first), 11/23/2026 (as `nurture "
        f"settings` says), today, yesterday, '3d ago', 'in 2 weeks', +2w, fri, 'next fri'. "
        f"Cadences: {CADENCE_FORMS}.",
    )
    parser.add_argument("--version", action="version", version=f"nurture {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where your data lives (default: $NURTURE_DATA_DIR, else the user data directory)",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        dest="global_as_of",
        help="act as if today were DATE, for the command or the dashboard (default: today); a time too "
        '("thu 15:10") pins the time of day',
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("demo", help="open the dashboard on a throwaway copy of sample data")
    p.add_argument("--keep", action="store_true", help="keep the sample data; print where")
    _as_of(p)

    p = sub.add_parser(
        "seed",
        help="fill an empty --data-dir with a synthetic network, to try nurture at scale",
        description="Write N synthetic contacts and M interactions of realistic shape into an "
        "empty directory given with the global --data-dir (it refuses any other). The same "
        "numbers and date always give the same data.",
    )
    p.add_argument("--contacts", type=int, required=True, metavar="N")
    p.add_argument("--interactions", type=int, required=True, metavar="M")
    _as_of(p)

    p = sub.add_parser("add", help="add a contact")
    p.add_argument("name")
    p.add_argument("--company", default="")
    p.add_argument("--role", default="")
    p.add_argument("--industry", default="")
    p.add_argument("--location", default="")
    p.add_argument(
        "--email",
        action="append",
        metavar="ADDRESS",
        help="repeatable, or several separated by commas; the first is the preferred one",
    )
    p.add_argument(
        "--phone",
        action="append",
        metavar="NUMBER",
        help=f"repeatable, or several {fields.PHONES_APART_WORDS} (a comma or semicolon within a number, "
        'as in "+1 555 0100,,12" or ";ext=12", stays in it); the first is the preferred one',
    )
    p.add_argument("--linkedin", default="", metavar="URL")
    p.add_argument("--tags", default="", metavar="A,B", help="comma-separated tags")
    p.add_argument("--every", metavar="CADENCE", help="touch-base cadence, e.g. 6w, quarterly")
    p.add_argument("--referred-by", metavar="NAME", help="who introduced you")
    p.add_argument("--stage", choices=STAGES, metavar="STAGE", help=" | ".join(STAGES))
    p.add_argument("--how-met", default="", metavar="TEXT")
    p.add_argument("--notes", default="", metavar="TEXT")
    p.add_argument("--allow-duplicate", action="store_true", help="add even if the name is already taken")
    _as_of(p)

    p = sub.add_parser(
        "edit",
        help="change a contact's fields",
        description="Change the fields given, cleaned and checked as `nurture add` and the edit form do; "
        "the others are kept. An empty value clears a field (--every '' restores the default cadence).",
    )
    p.add_argument("name")
    p.add_argument("--name", dest="new_name", metavar="NAME", help="their new name")
    for option in ("company", "role", "industry", "location", "linkedin", "tags", "notes"):
        p.add_argument(f"--{option}", metavar="TEXT")
    p.add_argument("--how-met", metavar="TEXT")
    p.add_argument(
        "--email", action="append", metavar="ADDRESS", help="all their emails (repeatable), the first preferred"
    )
    p.add_argument(
        "--phone", action="append", metavar="NUMBER", help="all their phones (repeatable), the first preferred"
    )
    p.add_argument("--every", metavar="CADENCE", help="touch-base cadence, e.g. 6w, quarterly")
    p.add_argument("--referred-by", metavar="NAME", help="who introduced you ('' for nobody)")
    p.add_argument("--stage", choices=STAGES, metavar="STAGE", help=" | ".join(STAGES))
    _as_of(p)

    p = sub.add_parser(
        "config",
        help="list the settings; change one (KEY VALUE) or put it back (KEY --reset)",
        description="With no KEY: every setting, its value and its default. Keys: " + ", ".join(CONFIG_KEYS) + ".",
    )
    p.add_argument("key", nargs="?", metavar="KEY")
    p.add_argument("value", nargs="?", metavar="VALUE")
    p.add_argument("--reset", action="store_true", help="put KEY back to its default")

    p = sub.add_parser("log", help="log a conversation or touch with a contact")
    p.add_argument("name")
    p.add_argument("--kind", required=True, metavar="KIND", help=" | ".join(KINDS))
    p.add_argument("--on", metavar="DATE", help="when it happened (default: today)")
    p.add_argument("--summary", default="", metavar="TEXT", help="one line")
    p.add_argument("--note", default="", metavar="TEXT", help="notes")
    p.add_argument("--takeaway", action="append", default=[], metavar="T", help="repeatable")
    p.add_argument("--todo", action="append", default=[], metavar="T", help="yours; repeatable")
    p.add_argument("--their-todo", action="append", default=[], metavar="T", help="theirs; repeatable")
    p.add_argument("--minutes", metavar="N", help="how long it lasted")
    _as_of(p)

    p = sub.add_parser("followup", help="schedule a dated follow-up with a contact")
    p.add_argument("name")
    p.add_argument("--on", required=True, metavar="DATE")
    p.add_argument("--what", required=True, metavar="TEXT")
    _as_of(p)

    p = sub.add_parser("snooze", help="hide a contact from the queue until a date")
    p.add_argument("name")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--until", metavar="DATE")
    g.add_argument("--clear", action="store_true", help="end the snooze now")
    _as_of(p)

    p = sub.add_parser(
        "book",
        help="book the conversation a contact said yes to (or --cancel it)",
        description="Book a conversation: the contact moves to scheduled (cancelling moves them back). "
        "The queue asks you to prepare 5 questions the day before, shows the meeting on its day, and "
        "asks how it went once it has ended, until you log it. Times are in your time zone.",
    )
    p.add_argument("name")
    p.add_argument("--at", metavar="WHEN", help=f"the day and time, e.g. {MOMENT_FORMS}")
    p.add_argument("--minutes", metavar="N", help="how long (default 20)")
    p.add_argument("--where", default="", metavar="TEXT", help="a place, or a video link")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--held", action="store_true", help="it took place already: log it as a conversation")
    p.add_argument(
        "--kind",
        choices=sorted(CONVERSATIONS),
        metavar="KIND",
        help="with --held: " + " | ".join(sorted(CONVERSATIONS)) + " (default: video for a link, else meeting)",
    )
    p.add_argument("--cancel", action="store_true", help="cancel the next conversation booked with them")
    p.add_argument(
        "--move",
        action="store_true",
        help="change the next conversation booked with them: --at, --minutes, --where, --note as given, the rest kept",
    )
    _as_of(p)

    p = sub.add_parser("appointments", help="the conversations booked, soonest first")
    p.add_argument("--all", action="store_true", help="include cancelled and held ones")
    _table_flags(p)
    _as_of(p)

    p = sub.add_parser("queue", help="whom to contact, why and by when")
    p.add_argument("--within", type=int, default=0, metavar="DAYS", help="include the next DAYS")
    _table_flags(p)
    _as_of(p)

    p = sub.add_parser("review", help="the weekly review: activity, attention, learning, a plan")
    p.add_argument("--week", metavar="DATE", help="any day of the week to review (default: this week)")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("--mark-reviewed", action="store_true", help="record that you reviewed that week")
    _as_of(p)

    p = sub.add_parser("doctor", help="check the data files and list backups by date")

    p = sub.add_parser(
        "restore",
        help="put a backup back (the current state is backed up first)",
        description="Put a backup back, by its name or by date: --before WHEN takes the newest backup made "
        "before WHEN (a day is its start: --before yesterday is the last backup of the day before). "
        f"Kept: {KEPT_TEXT}. The current state is backed up first.",
    )
    p.add_argument("backup", metavar="BACKUP", nargs="?", help="a backup's name, as `nurture doctor` lists them")
    p.add_argument(
        "--before",
        metavar="WHEN",
        help='the newest backup made before WHEN: "1 hour ago", "2 days ago", yesterday, 2026-11-20, "28 Nov 15:00"',
    )

    p = sub.add_parser(
        "import",
        help="bring contacts in: LinkedIn Connections.csv, Outlook or Google CSV, any CSV, vCard or nurture "
        "JSON; or calendar invitations (.ics) as appointments",
        description="Import contacts. Re-importing a file adds no duplicates: people are matched "
        "by vCard UID, then email, then phone, then LinkedIn URL, then name and company when no email, "
        "LinkedIn URL or UID says they are different people. A match only adds: empty fields are "
        "filled, and emails, phones and tags are joined; nothing is overwritten. "
        "An .ics file of invitations (Google Calendar, Outlook, Zoom) books each event with the contact "
        "whose email is its organizer or an attendee; the same UID again moves or cancels it. "
        "A mailbox (an mbox file such as a Gmail Takeout, a Maildir folder, .eml files) logs the touches "
        "its messages were with your contacts (outreach, nudge, thank-you, email, reply; headers only, "
        "set your addresses first: nurture config my-emails you@example.org); the same message is never "
        "logged twice. Nothing is written unless the whole file can be read.",
    )
    p.add_argument("file", metavar="FILE", help="the file to import; - reads standard input")
    p.add_argument(
        "--format",
        choices=("auto", *READ_FORMATS, *MAIL_FORMATS),
        default="auto",
        help="auto (default) | " + " | ".join((*READ_FORMATS, *MAIL_FORMATS)),
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument(
        "--with-text",
        action="store_true",
        help="a mailbox: keep the first 2,000 characters of each message's text (quotes and signature cut) "
        "as the interaction's notes (default: the subject only)",
    )
    p.add_argument(
        "--suggest",
        metavar="CSV",
        help="a mailbox: write the people you wrote to who are not contacts to CSV (Name, Email, Notes), "
        "to edit and import",
    )
    p.add_argument(
        "--date-order",
        choices=DATE_ORDERS,
        default="",
        help="how a CSV's slashed dates read when the file cannot tell: dmy (05/03/2024 is 5 March) or mdy (3 May)",
    )
    _as_of(p)

    p = sub.add_parser(
        "export",
        help="take your network out: json, csv, vcard, markdown, or the queue as ics",
    )
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS, metavar="FORMAT", help=" | ".join(EXPORT_FORMATS))
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (0600) instead of stdout")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--days", type=int, default=30, metavar="N", help="ics: the queue for the next N days (default 30)")
    _as_of(p)

    p = sub.add_parser(
        "serve",
        help="the dashboard in a browser, and the queue as a calendar feed",
        description="Serve the dashboard (every screen and key) to a browser, and the queue and appointments "
        "as a calendar feed (/calendar.ics) that calendar apps subscribe to. The printed address opens the "
        "dashboard once, within ten minutes (Enter prints another); the browser then holds a secret token in a "
        "cookie (kept 0600 in this machine's state directory, never in the data directory). The feed's address "
        "has a token of its own that only reads the calendar. Stop with Ctrl+C.",
    )
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this machine)")
    p.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    p.add_argument("--open", action="store_true", help="open the dashboard in your web browser")
    p.add_argument(
        "--new-token",
        action="store_true",
        help="make a new token: the old feed address and cookies stop working, in a server already running too",
    )
    p.add_argument("--certfile", metavar="FILE", help="serve over TLS with this certificate (PEM)")
    p.add_argument("--keyfile", metavar="FILE", help="the certificate's private key (PEM)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when a proxy in front serves it (https://nurture.example.org)",
    )
    p.add_argument("--days", type=int, default=30, metavar="N", help="the feed: the next N days (default 30)")
    _as_of(p)

    p = sub.add_parser("settings", help="show how dates are read; change it")
    p.add_argument(
        "--date-order",
        choices=("dmy", "mdy", "auto"),
        help="how a slashed date like 04/12/2026 reads: dmy (4 December), mdy (12 April), "
        "or auto (your locale's way, else month first). Dotted dates are always day first.",
    )

    p = sub.add_parser(
        "search",
        help="find anything you were told: notes, takeaways, action items, contacts' notes…",
        description="Search every note, summary, takeaway and action item, contacts' notes, how-met, "
        "role, company and tags, meetings in progress, drafts, prep and your own questions. Words: all must "
        "match, in any order, case and accents ignored. '\"exact phrase\"', prefix*, -word (leave out), "
        "a OR b; who:NAME (as for other commands), kind:coffee, tag:design, company:figma, after:DATE (that "
        "day or later), before:DATE (earlier than that day; any date form the other commands take, quoted "
        "if it has spaces), is:takeaway, is:todo (open action items). No query: your recent takeaways.",
        add_help=False,  # no -h: "-hiring" leaves out a word, it is not -h with "iring"
    )
    p.add_argument("--help", action="help", help="show this help message and exit")
    p.add_argument("query", nargs="*", metavar="QUERY", help="words and filters (quote a phrase: '\"a b\"')")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, default=200, metavar="N", help="at most N results, best first (default 200)")
    _as_of(p)

    p = sub.add_parser("list", help="list contacts")
    p.add_argument("--all", action="store_true", help="include archived contacts")
    p.add_argument("--archived", action="store_true", help="only archived contacts")
    _table_flags(p)
    _as_of(p)

    p = sub.add_parser("archive", help="hide a contact everywhere (their records are kept)")
    p.add_argument("name")
    p = sub.add_parser("unarchive", help="bring an archived contact back")
    p.add_argument("name")
    p = sub.add_parser(
        "delete",
        help="delete a contact for good, with everything of theirs",
        description="Delete a contact for good: the contact, their interactions, follow-ups, prep list, "
        "meeting in progress, saved drafts and appointments leave the data files at once, in one save. "
        "People they introduced keep the link as text in how-met ('introduced by NAME (deleted)'). "
        "Backups made before still hold them until they rotate out (8 weeks after, at the latest, once 5 "
        "later runs have saved). Asks you to type the name.",
    )
    p.add_argument("name")
    p.add_argument("--yes", action="store_true", help="do not ask (needed when stdin is not a terminal)")

    p = sub.add_parser(
        "sync",
        help="sync with your other machines through git: commit, fetch, merge record by record, push",
        description="Sync this data directory through a git remote you own (a bare repository over SSH, a "
        "private GitHub/GitLab/Gitea repository, a folder on a USB stick). Changes here are committed, the "
        "remote's fetched and merged record by record, field by field (never git's line merge); a field "
        "changed on both machines keeps the later change and records a conflict; then it is pushed.",
    )
    p.add_argument("--init", metavar="URL", help="set up: this data directory syncs with the git remote URL")
    p.add_argument("--status", action="store_true", help="ahead/behind, last sync, unresolved conflicts (no network)")

    p = sub.add_parser(
        "merge",
        help="merge another nurture data directory (an old copy, a backup folder) into this one",
        description="Merge another nurture data directory into this one, record by record: for each field the "
        "later change wins, lists merge as sets, deletions are known from tombstones. Prints what changed and "
        "every conflict. The other directory is only read.",
    )
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")

    p = sub.add_parser(
        "conflicts",
        help="the fields two machines changed differently, numbered; settle one with --take",
        description="List the conflicts a sync or merge recorded (a field changed on two machines to different "
        "values: the later change was kept, the other set aside; a record deleted on one machine and changed on "
        "the other: kept). --take kept N keeps the value kept; --take other N puts the other value back (or "
        "deletes the record, as the other machine did). Settling one settles it on every machine once synced.",
    )
    p.add_argument("which", nargs="?", metavar="N", help="a conflict's number in the list (or its id)")
    p.add_argument(
        "--take", choices=("kept", "other"), help="settle conflict N: keep the kept value, or take the other one"
    )
    return parser


# --- entry point -------------------------------------------------------------------------


def entry(argv: list[str] | None = None) -> int:
    """The console script (``nurture``) and ``python -m nurture``: ``main`` in a process of its
    own, which may also set what holds for the whole process (the garbage collector)."""
    return main(argv, own_process=True)


def main(argv: list[str] | None = None, *, own_process: bool = False) -> int:
    """The ``nurture`` command. A reader that stops early (``| head``) ends it quietly.

    Without ``own_process`` it changes nothing beyond its command's work, so it can run inside
    another program (the tests call it in-process)."""
    try:
        code = _main(argv, own_process)
        sys.stdout.flush()  # here, not at exit, where a closed pipe could only be reported
        return code
    except BrokenPipeError:
        # The standard recipe: whatever is still buffered goes nowhere, not to a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_PIPE


def _main(argv: list[str] | None, own_process: bool) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Said once, here, for everything below: the store and the review pause the collector
    # while they decode only in a process of nurture's own (``nurture.domain.collector``).
    collector.own_process(own_process)
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # bytes the locale could not decode arrive as surrogates
            raw = arg.encode("utf-8", "surrogateescape")
            print(f"nurture: error: the argument {raw!r} is not UTF-8 text. Set your terminal "
                  "to UTF-8 (e.g. LANG=C.UTF-8) and try again; nothing was changed.",
                  file=sys.stderr)  # fmt: skip
            return EXIT_USAGE
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # a word to leave out of a search (-word) looks like an option to argparse
        if args.command != "search" or any(not a.startswith("-") or a.startswith("--") for a in extra):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        if "-h" in extra:  # the search command's help, as -h gives every other's
            parser.parse_args(["search", "--help"])
        args.query = [*args.query, *extra]
    order = locale_date_order(os.environ)  # how 04/12 reads where the settings do not say
    try:
        _merge_as_of(args)
        if args.command == "demo":
            return _demo(args, _today(args, order), order, own_process)
        if args.command == "seed":
            return _seed(args, _today(args, order))
        if args.command == "serve":  # a long-running server: the collector stays on
            return _serve(args, order)
        third_party = args.command == "import" or (args.command == "export" and args.format in ("vcard", "ics"))
        if own_process and args.command is not None and not third_party:
            # A one-shot command allocates tens of thousands of records that live until it
            # exits and hold no cycles: the cyclic collector would only scan them. (import, and
            # the vCard and iCalendar exports, keep it: third-party parsers and writers may build
            # cycles.) Only in a process of its own: in a host process (the tests) it would
            # outlive the call.
            gc.disable()
        if args.command == "sync":  # before the data directory is made or opened
            from nurture.store.sync_git import require

            require()
        service = _service(args, order)
        if args.command is None:
            return _open_dashboard(service, own_process)
        return COMMANDS[args.command](service, args)
    except InputError as e:  # the user text in it is escaped where it is quoted; its lines are its own
        print(f"nurture: error: {printable(str(e), keep_newlines=True)}", file=sys.stderr)
        return EXIT_USAGE
    except NurtureError as e:
        print(f"nurture: {printable(str(e))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


def _today(args: argparse.Namespace, order: str) -> date:
    real = date.today()
    as_of = getattr(args, "as_of", None)
    return parse_date(split_time(as_of)[0] or "today", real, PAST, order) if as_of else real


def _service(args: argparse.Namespace, order: str, today: date | None = None, prepare=None):
    """The services on the data directory, with today pinned (``--as-of``, read in the date
    order of the settings, else ``order``: the locale's). ``prepare(repo)``: run on the opened
    repository first (the demo writes its sample data)."""
    from nurture.services import Nurture
    from nurture.store import Repository

    data_dir = Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()
    repo = Repository(data_dir)
    given = today is None and args.as_of
    if today is None:
        today = _today(args, order)  # a date that cannot be read is refused before anything is made
    if args.command != "doctor":  # doctor opens it itself, and reports what stops it opening
        repo.open()
        if prepare is not None:
            prepare(repo)
        if args.command not in (None, "restore", "demo"):
            _settle_copies(repo)
        if given and args.command != "restore":  # (restore must run whatever the files hold)
            setting = repo.settings().date_order
            if setting and setting != order:
                today = _today(args, setting)
    pinned, zone = today, local_zone()
    at = split_time(args.as_of)[1] if args.as_of else None
    return Nurture(repo, today=lambda: pinned, now=_clock(today if args.as_of else None, at), date_order=order,
                   zone=lambda: zone)  # fmt: skip


def _settle_copies(repo) -> None:
    """Conflict copies a file-sync tool left beside the data files: merged in, said on stderr."""
    from nurture.services.core import Context
    from nurture.services.sync import Sync

    for line in Sync(Context(repo, date.today)).settle_copies():
        print(f"nurture: {printable(line)}", file=sys.stderr)


def _clock(as_of: date | None, at: time | None = None):
    """When records are stamped (created, updated, logged), and the moment appointments are
    compared with: now; with --as-of, that day at the time it gives ("2026-12-03 15:10"), else
    at the time of day it is now, so what is recorded "as of" a day is dated that day throughout
    (the weekly review counts it in its week) and keeps the order it was recorded in."""
    if as_of is None:
        return datetime.now
    if at is not None:
        pinned = datetime.combine(as_of, at)
        return lambda: pinned
    return lambda: datetime.combine(as_of, datetime.now().time())


def _open_dashboard(service: Nurture, own_process: bool) -> int:
    from nurture.app import run

    return run(service, own_process=own_process)


def _demo(args: argparse.Namespace, today: date, order: str, own_process: bool) -> int:
    import shutil
    import tempfile

    from nurture.demo import check_day, seed_demo

    check_day(today)  # before any folder is made
    tmp = Path(tempfile.mkdtemp(prefix="nurture-demo-"))
    args.data_dir = str(tmp / "data")
    service = _service(args, order, today, prepare=lambda repo: seed_demo(repo, today, local_zone()))
    try:
        from nurture.app import run

        return run(service, demo=True, own_process=own_process)
    finally:
        if args.keep:
            print(f"The demo data is kept in {tmp / 'data'}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _serve(args: argparse.Namespace, order: str) -> int:
    """``nurture serve``: the data directory opened here first (made, checked, copies settled),
    then served until Ctrl+C; a port that cannot be had: said, exit 2."""
    from nurture.exchange.formats import MAX_ICS_DAYS
    from nurture.serve import CannotListen, NurtureServer, is_loopback, load_token, served_command, token_path

    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: give a port from 1 to 65535")
    if not 0 <= args.days <= MAX_ICS_DAYS:
        raise InputError(f"--days {args.days}: give a number of days from 0 to {MAX_ICS_DAYS}")
    if bool(args.certfile) != bool(args.keyfile):
        raise InputError("--certfile and --keyfile go together: give both, or neither")
    context = None
    if args.certfile:
        import ssl

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            context.load_cert_chain(args.certfile, args.keyfile)
        except (OSError, ssl.SSLError) as e:
            raise InputError(f"cannot use {args.certfile} and {args.keyfile} for TLS: {e}") from None
    service = _service(args, order)
    repo = service.context.repo
    if not args.as_of:  # the feed follows the calendar while the server runs for days
        from nurture.services import Nurture

        service = Nurture(repo, today=date.today, now=datetime.now, date_order=order, zone=service.zone)
    from platformdirs import user_state_dir

    tokens = token_path(Path(user_state_dir("nurture", appauthor=False)), repo.data_dir)
    load_token(tokens, legacy_dir=repo.data_dir)  # (one kept in the data directory moves out)
    server = NurtureServer(
        served_command(repo.data_dir, args.as_of),
        token_file=tokens,
        rotate=args.new_token,  # once the port is ours, so the feed address it prints carries the new one
        calendar=lambda: b"".join(service.export_chunks("ics", days=args.days)),
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        ssl_context=context,
    )
    if not is_loopback(args.host) and context is None:
        print(f"nurture serve: warning: listening on {args.host}, which other machines can reach, without TLS: "
              "the token and your data cross the network unencrypted. Put it behind a TLS proxy (see the "
              "README), or give --certfile and --keyfile.", file=sys.stderr)  # fmt: skip
    try:
        server.run(open_browser=args.open)
    except CannotListen as e:
        print(f"nurture serve: {e}", file=sys.stderr)
        if args.new_token:  # what was asked still happens: a server already running takes it up
            load_token(tokens, new=True)
            print("nurture serve: the token is new all the same: a `nurture serve` already running on this "
                  "data directory now refuses the old addresses and cookies (restart it for new ones).",
                  file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    return EXIT_OK


def _seed(args: argparse.Namespace, today: date) -> int:
    import time

    from nurture.seed import synthetic_appointments, synthetic_network
    from nurture.store import Repository

    for flag, n in (("--contacts", args.contacts), ("--interactions", args.interactions)):
        if n < 0:
            raise InputError(f"{flag} {n}: give a number, 0 or more")
    if args.interactions and not args.contacts:
        raise InputError("--interactions needs at least one contact (--contacts 1 or more)")
    if not args.data_dir:
        raise InputError(
            "seed needs --data-dir DIR (before the command: nurture --data-dir DIR seed …). "
            "It writes synthetic people, so it never uses your own data directory by default."
        )
    target = Path(args.data_dir).expanduser()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "is not a directory" if not target.is_dir() else "is not empty"
        raise InputError(
            f"{target} {what}. seed writes only into an empty or new directory, so synthetic "
            "people never mix with real ones. Choose another --data-dir."
        )
    started = time.perf_counter()
    contacts, interactions, followups = synthetic_network(args.contacts, args.interactions, today)
    appointments = synthetic_appointments(contacts, interactions, today)
    # stamped as of the day given, by no device of the user's: the same bytes every time
    written = datetime.combine(today, datetime.min.time())
    Repository(target, now=lambda: written, device="seed").open().save(
        contacts=contacts, interactions=interactions, followups=followups, appointments=appointments
    )
    print(
        f"Wrote {len(contacts):,} contacts, {len(interactions):,} interactions, {len(followups):,} "
        f"follow-ups and {len(appointments):,} appointments to {target} in {time.perf_counter() - started:.1f} s."
    )
    return EXIT_OK


def print_json(value) -> None:
    """Indented JSON, UTF-8 as is (the same text as json.dumps(indent=2, ensure_ascii=False),
    several times faster for a big queue)."""
    import orjson

    print(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode())


# --- commands ----------------------------------------------------------------------------


def cmd_add(service, args) -> int:
    referrer = service.find(args.referred_by) if args.referred_by else None
    request = ContactRequest.typed(
        args.name,
        company=args.company,
        role=args.role,
        industry=args.industry,
        location=args.location,
        emails=args.email or (),
        phones=args.phone or (),
        linkedin=args.linkedin,
        tags=args.tags,
        cadence=args.every,
        referred_by=referrer.id if referrer else None,
        stage=args.stage,
        how_met=args.how_met,
        notes=args.notes,
    )
    try:
        contact = service.add_contact(request, allow_duplicate=args.allow_duplicate)
    except NameTaken as e:
        raise InputError(f"{e}, or add --allow-duplicate for a second person of that name") from None
    via = f", introduced by {referrer.name}" if referrer else ""
    print(printable(f"Added {contact.name} ({contact.stage}{via})."))
    return EXIT_OK


def cmd_log(service, args) -> int:
    contact = service.find(args.name)
    on = service.read_date(args.on, PAST) if args.on else None
    request = LogRequest.typed(contact.id, args.kind, on, summary=args.summary, notes=args.note,
                               takeaways=args.takeaway, todos=args.todo, their_todos=args.their_todo,
                               duration_minutes=args.minutes)  # fmt: skip
    if on is None and request.kind in CONVERSATIONS:
        # the booked conversation that has started is this one: its day and length, unless given
        now = service.moment()
        started = [a for a in service.appointments() if a.contact_id == contact.id and a.start <= now]
        if started:
            a = max(started, key=lambda a: a.start)
            request = replace(request, on=a.day(service.zone()), duration_minutes=request.duration_minutes or a.minutes)
    logged = service.log(request)
    i = logged.interaction
    stage = f" {contact.name} is now {logged.contact.stage}." if logged.stage_changed else ""
    print(printable(f"Logged {i.kind} with {contact.name} on {spoken(i.on)}.{stage}"))
    zone, today = service.zone(), service.today()
    for held in logged.held:
        print(printable(f"It was the conversation booked {when_text(held, zone, today)}: marked held."))
    _print_next_for(service, logged.contact)
    return EXIT_OK


def cmd_followup(service, args) -> int:
    contact = service.find(args.name)
    due = service.read_date(args.on, FUTURE)
    f = service.add_followup(FollowUpRequest(contact.id, due, args.what))
    print(printable(f"Follow-up with {contact.name} on {spoken(f.due)}: {f.text}"))
    return EXIT_OK


def cmd_snooze(service, args) -> int:
    contact = service.find(args.name)
    if args.clear:
        service.snooze(SnoozeRequest(contact.id, None))
        print(printable(f"{contact.name} is back in the queue."))
        return EXIT_OK
    until = service.read_date(args.until, FUTURE)
    service.snooze(SnoozeRequest(contact.id, until))
    print(printable(f"{contact.name} is snoozed until {spoken(until)}."))
    return EXIT_OK


def cmd_queue(service, args) -> int:
    if args.within < 0:
        raise InputError(f"--within {args.within}: give a number of days, 0 or more")
    items = service.queue(service.today(), args.within)
    if args.json:
        print_json([item.to_dict() for item in items])
        return EXIT_OK
    if not items and not args.tsv:  # TSV: the header row alone
        horizon = f" in the next {args.within} days" if args.within else " today"
        print(f"Nothing due{horizon}. Try `nurture queue --within 14` to look ahead.")
        return EXIT_OK
    now, booked = service.moment(), _appointments_by_id(service.network())
    # TSV is read by programs: days overdue as a number (negative: days ahead), not "in 1d"
    late = (lambda i: str(i.days_overdue)) if args.tsv else (lambda i: when(i.days_overdue))
    rows = [[i.due.isoformat(), late(i), i.reason, i.name, item_text(i, booked, now)] for i in items]
    headers = ["DUE", "DAYS OVERDUE" if args.tsv else "WHEN", "REASON", "CONTACT", "WHAT"]
    _print_table(args, headers, rows)
    return EXIT_OK


def _appointments_by_id(network: Network) -> dict[str, Appointment]:
    return {a.id: a for a in network.appointments}


def item_text(item: QueueItem, appointments: dict[str, Appointment], now: datetime) -> str:
    """What a queue item asks, led by how long until its appointment starts (or since it
    ended) for the reasons about one, where a clipped cell keeps it: "in 2 h 10 min · today
    15:00 · Zoom · 20 min"."""
    appointment = appointments.get(item.ref) if item.reason in _TIMED else None
    return f"{until_text(appointment, now)} · {item.detail}" if appointment is not None else item.detail


#: The reasons whose row says how long until the appointment (a prepare item is due by the day).
_TIMED = frozenset(APPOINTMENT_REASONS - {PREPARE})


def cmd_book(service, args) -> int:
    contact = service.find(args.name)
    if args.cancel:
        given = [flag for flag, value in (("--at", args.at), ("--minutes", args.minutes), ("--where", args.where),
                 ("--note", args.note), ("--held", args.held), ("--kind", args.kind), ("--move", args.move))
                 if value]  # fmt: skip
        if given:
            raise InputError(
                f"--cancel takes no {', '.join(given)}: it cancels the next conversation booked with "
                f"{contact.name}. To move one, cancel it and book the new time."
            )
        cancelled = service.cancel_appointment(contact.id)
        a = cancelled.appointment
        zone, today = service.zone(), service.today()
        print(printable(f"Cancelled the conversation with {contact.name} {when_text(a, zone, today)}, "
                        f"{_length_where(a)}."))  # fmt: skip
        if cancelled.stage_changed:
            print(printable(f"{contact.name}: {contact.stage} → {cancelled.contact.stage}"))
        _print_next_for(service, cancelled.contact)
        return EXIT_OK
    if args.move:
        return _move_booked(service, contact, args)
    if not args.at:
        raise InputError(
            f"book needs --at: the day and time agreed, as in {MOMENT_FORMS} "
            f'(nurture book "{contact.name}" --at "thu 15:00"); or --cancel to cancel one'
        )
    if args.kind and not args.held:
        raise InputError("--kind goes with --held (the kind of conversation that took place); leave it out to book one")
    start = service.read_moment(args.at, PAST if args.held else FUTURE)
    request = BookRequest.typed(contact.id, start, minutes=args.minutes, where=args.where, note=args.note,
                                held=args.held, kind=args.kind or "")  # fmt: skip
    try:
        booked = service.book(request)
    except BookedInPast as e:
        raise InputError(f"{e} (--held records one that took place)") from None
    a, zone, today = booked.appointment, service.zone(), service.today()
    said = f"{moment_text(a.local(zone), today)}, {_length_where(a)}"
    if booked.logged is not None:
        print(printable(f"Logged the {booked.logged.interaction.kind} with {contact.name} that took place: {said}."))
        for held in booked.logged.held:
            print(printable(f"The conversation booked {when_text(held, zone, today)} is marked held."))
    else:
        print(printable(f"Booked a conversation with {contact.name}: {said}."))
    if booked.stage_changed:
        print(printable(f"{contact.name}: {contact.stage} → {booked.contact.stage}"))
    if booked.woke:
        print(printable(f"{contact.name} was {booked.woke}: a booked conversation brings them back to the queue."))
    if booked.overlaps or booked.also_booked:
        _print_booking_warnings(service, contact.name, booked.overlaps, booked.also_booked)
    _print_next_for(service, booked.contact)
    return EXIT_OK


def _move_booked(service, contact, args) -> int:
    """``nurture book NAME --move``: the next conversation booked with them, changed."""
    if args.held or args.kind:
        raise InputError("--move changes a conversation ahead; --held is for one that took place")
    if not (args.at or args.minutes or args.where or args.note):
        raise InputError("--move needs what changes: --at, --minutes, --where or --note")
    now, zone, today = service.moment(), service.zone(), service.today()
    a = next_booked([a for a in service.appointments() if a.contact_id == contact.id], now)
    if a is None or a.end <= now:
        raise InputError(f'nothing is booked ahead with {contact.name}; book one: nurture book "{contact.name}" --at …')
    start = service.read_moment(args.at) if args.at else a.local(zone)
    request = BookRequest.typed(contact.id, start, minutes=args.minutes or a.minutes, where=args.where or a.where,
                                note=args.note or a.note)  # fmt: skip
    moved = service.move_appointment(a.id, request)
    b = moved.appointment
    was = f"{when_text(a, zone, today)} → " if a.start != b.start else ""
    print(
        printable(
            f"Changed the conversation with {contact.name}: {was}{when_text(b, zone, today)}, {_length_where(b)}."
        )
    )
    if moved.overlaps:
        _print_booking_warnings(service, contact.name, moved.overlaps, [])
    return EXIT_OK


def _length_where(a: Appointment) -> str:
    """'20 min, Zoom (https://zoom.us/j/1)', '30 min, Café Ritter', '20 min'."""
    if not a.where:
        return f"{a.minutes} min"
    label = where_label(a.where)
    return f"{a.minutes} min, {label}" if label == a.where else f"{a.minutes} min, {label} ({a.where})"


def _print_booking_warnings(service, name: str, overlaps: list[Appointment], also: list[Appointment]) -> None:
    names = {cid: c.name for cid, c in service.network().contacts.items()}
    zone, today = service.zone(), service.today()
    for other in overlaps:
        who = names.get(other.contact_id, "someone")
        print(printable(f"warning: it overlaps the conversation with {who} {when_text(other, zone, today)}, "
                        f"{other.minutes} min"))  # fmt: skip
    if also:
        times = "; ".join(when_text(other, zone, today) for other in also[:3])
        more = f" and {len(also) - 3} more" if len(also) > 3 else ""
        print(printable(f"warning: {name} already has another conversation booked: {times}{more}"))


def cmd_appointments(service, args) -> int:
    appointments = service.appointments(every=args.all)
    names = {cid: c.name for cid, c in service.network().contacts.items()}
    zone, today, now = service.zone(), service.today(), service.moment()
    if args.json:
        print_json([appointment_json(a, names.get(a.contact_id, ""), zone) for a in appointments])
        return EXIT_OK
    if not appointments and not args.tsv:
        print(
            "No appointments yet."
            if args.all
            else 'Nothing booked. Book a conversation: nurture book NAME --at "thu 15:00"'
        )
        return EXIT_OK

    def status(a: Appointment) -> str:
        return "to log" if a.booked and a.end <= now else a.status

    rows = []
    for a in appointments:
        at = when_text(a, zone, today)
        row = [at if args.all or status(a) == BOOKED else f"{at} · to log", names.get(a.contact_id, ""),
               f"{a.minutes} min", where_label(a.where)]  # fmt: skip
        rows.append([*row, status(a)] if args.all else row)
    headers = ["WHEN", "CONTACT", "LENGTH", "WHERE"]
    _print_table(args, [*headers, "STATUS"] if args.all else headers, rows)
    return EXIT_OK


def appointment_json(a: Appointment, name: str, zone) -> dict:
    return {
        "id": a.id,
        "contact_id": a.contact_id,
        "name": name,
        "start": a.local(zone).isoformat(),
        "zone": a.zone,
        "minutes": a.minutes,
        "where": a.where,
        "note": a.note,
        "status": a.status,
        "uid": a.uid,
    }


def cmd_review(service, args) -> int:
    from nurture import review_report

    today = service.today()
    day = service.read_date(args.week, PAST) if args.week else today
    if day > today:
        raise InputError(f"--week {args.week}: that week has not started yet; review this or a past week")
    if args.mark_reviewed:
        service.mark_reviewed(day)
    review = service.review(day)
    if args.format == "json":
        print_json(review_report.to_json(review))
    elif args.format == "markdown":
        print(review_report.to_markdown(review))
    else:
        print(review_report.to_text(review, today))
    return EXIT_OK


def cmd_doctor(service, args) -> int:
    report = service.doctor()
    print(f"Data directory {report.data_dir}")
    for f in report.files:
        status = "damaged" if f.problem else f"ok, {f.records} record{'s' if f.records != 1 else ''}"
        print(f"  {f.path.relative_to(report.data_dir)!s:<22}{status}")
        if f.problem:
            print(f"      {printable(f.problem)}")
    for note in report.notes:
        print(f"  note: {printable(note)}")
    for problem in report.problems:
        print(f"  problem: {printable(problem)}")
    print(
        "Backups, newest first:"
        if report.backups
        else "No backups yet (one is made before the first write of each run)."
    )
    now = report.checked_at or datetime.now()
    made = [when_made(b.made, now) if b.made else b.created for b in report.backups]
    width = max(map(len, made), default=0)
    for b, label in zip(report.backups, made, strict=True):
        state = "damaged: see above" if b.problem else "intact"
        print(f"  {label:<{width}}  {b.path.name}  {b.files} file{'s' if b.files != 1 else ''}, {state}")
    if report.backups:
        size = f", {_size(report.backup_bytes)} on disk" if report.backup_bytes else ""
        print(f"  ({count(len(report.backups), 'backup')}{size}; kept: {KEPT_TEXT})")
    if report.healthy:
        print("All good.")
        return EXIT_OK
    usable = [b.path.name for b in report.backups if not b.problem]
    hint = f" (newest intact: {usable[0]})" if usable else ""
    print(f"Problems found. To go back to a backup: nurture restore NAME{hint}")
    return EXIT_FAILED


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def cmd_restore(service, args) -> int:
    if (args.backup is None) == (args.before is None):
        raise InputError(
            "give a backup's name or --before WHEN, not both"
            if args.backup
            else 'give a backup\'s name (as `nurture doctor` lists them) or --before WHEN ("2 days ago")'
        )
    done = service.restore_before(args.before) if args.before is not None else service.restore(args.backup)
    kept = f"kept as backup {done.kept.name}" if done.kept else "not kept (there was nothing to keep)"
    print(f"Restored {done.backup.name}: {done.after}. Before: {done.before}; that state is {kept}.")
    return EXIT_OK


def _is_mailbox(args) -> bool:
    if args.format in MAIL_FORMATS:
        return True
    if args.format != "auto" or args.file in ("-", "/dev/stdin"):
        return False
    return bool(detect_mail(Path(args.file).expanduser()))


def cmd_import(service, args) -> int:
    if _is_mailbox(args):
        return _import_mail(service, args)
    if args.with_text or args.suggest:
        raise InputError("--with-text and --suggest are for a mailbox (mbox, Maildir, .eml)")
    result = service.import_file(args.file, args.format, dry_run=args.dry_run, date_order=args.date_order)
    plan = result.plan
    print(printable(f"{result.path} ({result.read_as}): {result.summary()}"))
    for line in plan.warnings:
        print(printable(f"  note: {line}"))
    for line in plan.skipped[:20]:
        print(printable(f"  skipped {line}"))
    if len(plan.skipped) > 20:
        print(f"  … and {len(plan.skipped) - 20} more skipped")
    for line in plan.merged[:20]:
        print(printable(f"  {line}"))
    if len(plan.merged) > 20:
        print(f"  … and {len(plan.merged) - 20:,} more merged into an earlier record")
    if args.dry_run and plan.changes:
        print("Nothing was written (--dry-run). Run again without it to import.")
    return EXIT_OK


def _import_mail(service, args) -> int:
    """A mailbox: the touches it holds, per person with kinds and dates under --dry-run."""
    suggest = Path(args.suggest).expanduser() if args.suggest else None
    if suggest is not None and (suggest.is_dir() or not suggest.parent.is_dir()):
        raise InputError(f"--suggest {printable(args.suggest)}: give a file name in a folder that exists")
    shown_progress = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if shown_progress and total:
            print(f"\rReading the mailbox: {done * 100 // total:3d}% of {total / 1e6:,.0f} MB", end="", file=sys.stderr)

    try:
        result = service.import_mail(
            args.file, args.format, dry_run=args.dry_run, with_text=args.with_text, progress=progress
        )
    finally:
        if shown_progress:
            print("\r\033[K", end="", file=sys.stderr)
    plan = result.plan
    print(printable(f"{result.path} ({result.read_as}): {result.summary()}"))
    if args.dry_run:
        for cid, touches in plan.by_contact().items():
            contact = result.contacts[cid]
            print(printable(f"  {contact.name}"))
            for t in touches:
                said = "  (matches what you logged)" if t.matches else ""
                print(printable(f"    {t.at:%Y-%m-%d %H:%M}  {t.kind:<9}  {t.subject}{said}"))
        for invite in result.invitations:
            what = "cancel" if invite.cancelled else "invitation"
            print(printable(f"  {what}: {invite.start:%Y-%m-%d %H:%M}  {invite.summary}  ({invite.where})"))
    for line in plan.ignored_lines():
        print(printable(f"  left out: {line}"))
    for line in plan.skipped[:20]:
        print(printable(f"  could not read {line}"))
    if len(plan.skipped) > 20:
        print(f"  … and {len(plan.skipped) - 20:,} more that could not be read")
    invites = result.invites
    if invites is not None:
        for line in invites.skipped[:20]:
            print(printable(f"  invitation not booked: {line}"))
    strangers = plan.strangers_line()
    if strangers:
        print(printable(strangers))
        if suggest is None:
            print("  --suggest FILE lists them as a CSV to edit and import.")
    if suggest is not None:
        from nurture.exchange.mail import strangers_csv

        suggest.write_text(strangers_csv(plan.top_strangers()), encoding="utf-8")
        print(printable(f"Wrote {len(plan.strangers):,} people you wrote to who are not contacts to {suggest}."))
    if args.dry_run and plan.touches:
        print("Nothing was written (--dry-run). Run again without it to log them.")
    return EXIT_OK


def cmd_export(service, args) -> int:
    if not args.output:
        chunks = service.export_chunks(args.format, days=args.days)  # refuses bad input before any output
        sys.stdout.flush()
        out = sys.stdout.buffer
        written = False
        try:
            for chunk in chunks:  # written as it is made: the whole export is never in memory
                rest = memoryview(chunk)
                while rest:  # a write can take part of it and report the rest's failure only on the next
                    rest = rest[out.write(rest) :]
                written = True
            out.flush()
        except BrokenPipeError:
            raise
        except OSError as e:  # a full disk behind `> file`: say so, never end as if all was written
            raise NurtureError(
                f"could not write the export to standard output: {e.strerror or e}. What was written is incomplete."
            ) from None
        except NurtureError as e:  # the data could not be read part way through
            if not written:
                raise
            raise NurtureError(f"{e} What was written to standard output is incomplete.") from None
        return EXIT_OK
    try:
        size = service.export_to(args.format, args.output, days=args.days, replace=args.force)
    except TargetExists as e:
        raise InputError(
            f"{printable(str(e.path))} exists; choose another name, or add --force to replace it"
        ) from None
    print(printable(f"Wrote {args.output} ({size:,} bytes, readable only by you)."), file=sys.stderr)
    return EXIT_OK


def cmd_search(service, args) -> int:
    if args.limit < 1:
        raise InputError(f"--limit {args.limit}: give a number of results, 1 or more")
    text = " ".join(args.query)
    found = service.search(text, limit=args.limit)
    if args.json:
        print_json([search_json(hit) for hit in found.hits])
        return EXIT_OK
    if not found.hits:
        print(printable(f"Nothing matches {text}." if text.strip() else "No takeaways yet."))
        return EXIT_OK
    for hit in found.hits:
        on = f"{hit.on:%d %b %Y}" if hit.on else "—"
        print(printable(f"{on} · {hit.name or 'you'} · {hit.label} · {hit.snippet}"))
    if found.total > len(found.hits):
        print(f"… {len(found.hits):,} of {found.total:,} matches shown, best first; --limit N shows more.")
    return EXIT_OK


def search_json(hit) -> dict:
    return {
        "contact_id": hit.contact_id or None,
        "name": hit.name,
        "interaction_id": hit.interaction_id,
        "date": hit.on.isoformat() if hit.on else None,
        "kind": hit.kind,
        "field": hit.field,
        "label": hit.label,
        "snippet": hit.snippet,
        "score": round(hit.score, 4),
    }


def cmd_settings(service, args) -> int:
    if args.date_order:
        service.update_settings(date_order="" if args.date_order == "auto" else args.date_order)
    setting = service.settings().date_order
    order = service.date_order()
    first = "day first" if order == DMY else "month first"
    example = parse_date("04/12/2026", service.today(), PAST, order)
    why = "as you set it" if setting else "from your locale" if order else "the default: your locale names no country"
    print(
        f"Slashed dates read {first}, {why}: 04/12/2026 is {spoken(example)}. "
        "Dotted dates (04.12.2026) are always day first."
    )
    print("Change it: nurture settings --date-order dmy|mdy|auto")
    return EXIT_OK


#: ``nurture edit``'s options, by the contact field each sets.
_EDIT_OPTIONS = {
    "new_name": "name", "company": "company", "role": "role", "industry": "industry", "location": "location",
    "linkedin": "linkedin", "tags": "tags", "notes": "notes", "how_met": "how_met", "email": "emails",
    "phone": "phones", "every": "cadence", "stage": "stage",
}  # fmt: skip


def cmd_edit(service, args) -> int:
    contact = service.find(args.name)
    given = {
        field: getattr(args, option) for option, field in _EDIT_OPTIONS.items() if getattr(args, option) is not None
    }
    if args.referred_by is not None:  # a name, found as other commands find it; '' for nobody
        given["referred_by"] = service.find(args.referred_by).id if args.referred_by.strip() else None
    if not given:
        print(printable(f"Nothing to change for {contact.name}: give a field, e.g. --role 'Staff Designer' "
                        "(nurture edit --help lists them)."))  # fmt: skip
        return EXIT_OK
    clean = fields.contact_changes(given)
    stage = clean.pop("stage", None)
    if stage is not None:  # a move by hand, recorded and kept even where the rules show another stage
        shown_stage = service.network().stage(contact, service.today())
        moved = stage != shown_stage or stage != contact.stage
        if moved:
            contact = service.move_stage(contact.id, stage)
            print(printable(f"{contact.name}: stage '{shown_stage}' → '{stage}'"))
        if not clean:
            if not moved:
                print(printable(f"{contact.name}: nothing changed (it already reads so)."))
            return EXIT_OK
    changes = {k: v for k, v in clean.items() if getattr(contact, k) != v}
    if not changes:
        if stage is None:
            print(printable(f"{contact.name}: nothing changed (it already reads so)."))
        return EXIT_OK
    updated = service.update_contact(contact.id, expected=contact, **changes)
    network = service.network()

    def shown(c, key: str) -> str:
        value = getattr(c, key)
        if key == "referred_by" and value in network.contacts:
            value = network.contacts[value].name
        return _shown(value)

    said = "; ".join(f"{_FIELD_WORDS.get(k, k)} {shown(contact, k)} → {shown(updated, k)}" for k in changes)
    print(printable(f"{contact.name}: {said}"))
    return EXIT_OK


_FIELD_WORDS = {
    "other_emails": "other emails", "other_phones": "other phones", "how_met": "how met",
    "referred_by": "introduced by",
}  # fmt: skip


def _shown(value) -> str:
    if value is None or value == "" or value == ():
        return "(none)"
    if isinstance(value, tuple):
        return repr(", ".join(value))
    return repr(str(value))


def cmd_config(service, args) -> int:
    if args.key is None:
        if args.reset or args.value is not None:
            raise InputError("give the setting to change: nurture config KEY VALUE, or nurture config KEY --reset")
        settings = service.settings()
        rows = [[s.key, s.text(settings), s.default(), s.explain] for s in SETTINGS]
        print(render(["KEY", "VALUE", "DEFAULT", "WHAT IT CHANGES"], rows))
        print("Change one: nurture config KEY VALUE; put it back: nurture config KEY --reset")
        return EXIT_OK
    chosen = setting(args.key)
    if args.reset and args.value is not None:
        raise InputError(f"give {chosen.key} a value (nurture config {chosen.key} VALUE) or --reset, not both")
    if not args.reset and args.value is None:  # the key alone: what it is now
        now = chosen.text(service.settings())
        print(printable(f"{chosen.key} is {now} (default {chosen.default()}): {chosen.explain}"))
        return EXIT_OK
    before = chosen.text(service.settings())
    value = getattr(Settings(), chosen.attr) if args.reset else chosen.read(args.value)
    after = chosen.text(service.update_settings(**{chosen.attr: value}))
    print(printable(f"{chosen.key}: {before!r} → {after!r}" if before != after else f"{chosen.key} is {after!r}"))
    return EXIT_OK


def cmd_list(service, args) -> int:
    network = service.network()
    today = service.today()
    contacts = sorted(
        (c for c in network.contacts.values() if (c.archived if args.archived else args.all or not c.archived)),
        key=lambda c: c.order_key,
    )
    if args.json:
        print_json([contact_json(network, c, today) for c in contacts])
        return EXIT_OK
    if not contacts and args.archived and not args.tsv:
        print("No archived contacts.")
        return EXIT_OK
    if not contacts and not args.tsv:
        print('No contacts yet. Add one: nurture add "Ada Lovelace" --company Analytical')
        return EXIT_OK
    rows = [
        [
            c.name,
            c.company,
            c.role,
            network.stage(c, today) + (" (archived)" if c.archived else ""),
            _last_contact(network.last_contact(c.id), today, args.tsv),
            ", ".join(c.tags),
        ]
        for c in contacts
    ]
    _print_table(args, ["NAME", "COMPANY", "ROLE", "STAGE", "LAST CONTACT", "TAGS"], rows)
    return EXIT_OK


def cmd_archive(service, args) -> int:
    contact = service.find(args.name)
    if contact.archived:
        print(printable(f"{contact.name} is already archived. Bring them back: nurture unarchive {args.name!r}"))
        return EXIT_OK
    service.archive(contact.id)
    print(printable(f"Archived {contact.name}: hidden from the queue and lists (nurture list --archived)."))
    return EXIT_OK


def cmd_unarchive(service, args) -> int:
    contact = service.find(args.name)
    if not contact.archived:
        print(printable(f"{contact.name} is not archived."))
        return EXIT_OK
    service.archive(contact.id, archived=False)
    print(printable(f"{contact.name} is back."))
    return EXIT_OK


def cmd_delete(service, args) -> int:
    contact = service.find(args.name)
    gone = service.erasure(contact.id)
    if not args.yes:
        if not sys.stdin.isatty():
            raise InputError(
                f"deleting {contact.name} asks you to type the name, and stdin is not a terminal. "
                "Run it in a terminal, or add --yes; nothing was deleted."
            )
        print(printable(f"Delete {contact.name} for good? This removes:"))
        for line in gone.lines():
            print(printable(f"  - {line}"))
        if gone.kept():
            print(printable(gone.kept()))
        print("Backups made before keep them until they rotate out (up to 8 weeks).")
        print(printable(f"Type the name ({contact.name}) to delete: "), end="", flush=True)
        typed = sys.stdin.readline()
        if " ".join(typed.split()).casefold() != " ".join(contact.name.split()).casefold():
            raise InputError(f"{typed.strip()!r} is not {contact.name!r}; nothing was deleted.")
    gone = service.delete_contact(contact.id)
    print(printable(f"Deleted {contact.name}: " + ", ".join(gone.lines()[1:]) + "."))
    if gone.kept():
        print(printable(gone.kept()))
    return EXIT_OK


def contact_json(network: Network, c, today: date) -> dict:
    d = c.to_dict()
    d.pop("other_emails", None), d.pop("other_phones", None)  # all of them are in "emails" and "phones"
    d["emails"], d["phones"] = list(c.emails), list(c.phones)  # the preferred first: "email", "phone"
    d["stage"] = network.stage(c, today)
    d["stored_stage"] = c.stage
    d["cadence_days"] = c.cadence.nominal_days if c.cadence else None
    last = network.last_contact(c.id)
    d["last_contact"] = last.isoformat() if last else None
    return d


def _print_next_for(service, contact) -> None:
    network = service.network_around(contact)
    now = service.moment()
    items = sorted(items_for(network, contact, service.today(), now), key=lambda i: i.sort_key)
    booked = _appointments_by_id(network)
    for item in items[:3]:
        print(printable(f"  next: {item.reason} due {item.due.isoformat()} ({item_text(item, booked, now)})"))


def cmd_sync(service, args) -> int:
    sync = service.sync
    if args.status:
        if args.init:
            raise InputError("give --init URL or --status, not both")
        for line in sync.status().lines(service.moment(), _contact_name(service)):
            print(printable(line))
        return EXIT_OK
    done = sync.init(args.init) if args.init else sync.sync()
    for line in done.summary:
        print(printable(line))
    name = _contact_name(service)
    for c in done.conflicts:
        print(f"conflict: {printable(c.describe(name(c.contact_id)))}")
    retried = f" (after {count(done.retries, 'retry', 'retries')})" if done.retries else ""
    print(f"Synced{retried}: " + ("pushed to the remote." if done.pushed else "nothing to push."))
    return EXIT_OK


def cmd_merge(service, args) -> int:
    done = service.sync.merge_dir(Path(args.folder), dry_run=args.dry_run)
    if args.dry_run:
        print(f"Dry run: nothing was written. Merging {args.folder} would change:")
    for line in done.summary:
        print(printable(line))
    name = _contact_name(service)
    for c in done.conflicts:
        print(f"conflict: {printable(c.describe(name(c.contact_id)))}")
    return EXIT_OK


def cmd_conflicts(service, args) -> int:
    """The unresolved conflicts, numbered; ``--take kept|other N`` settles one (by number or id)."""
    sync = service.sync
    every = sync.conflicts()
    name = _contact_name(service)
    if args.take is None:
        if args.which:
            raise InputError("say which value to take: nurture conflicts --take kept N, or --take other N")
        if not every:
            print("No unresolved conflicts.")
            return EXIT_OK
        print(f"{count(len(every), 'unresolved conflict')}:")
        for n, c in enumerate(every, 1):
            print(printable(f"{n:>3}. {c.describe(name(c.contact_id))}"))
        print("Settle one: nurture conflicts --take kept N (keep the value kept) or --take other N (the other one).")
        return EXIT_OK
    if not args.which:
        raise InputError("say which conflict: its number in `nurture conflicts`, or its id")
    chosen = next((c for c in every if c.id == args.which), None)
    if chosen is None and args.which.isdigit() and 1 <= int(args.which) <= len(every):
        chosen = every[int(args.which) - 1]
    if chosen is None:
        raise InputError(
            f"no conflict {args.which!r}: give its number as `nurture conflicts` lists them (1 to {len(every)})"
            if every
            else "there are no unresolved conflicts"
        )
    about = name(chosen.contact_id)
    sync.resolve(chosen.id, take=args.take)
    what = chosen.describe(about)
    if args.take == "kept":
        print(printable(f"Kept: {what}."))
    elif chosen.deleted:
        print(printable(f"Deleted, as the other machine did: {what}."))
    else:
        print(printable(f"Took the other value ({shown(chosen.other)}): {what}."))
    return EXIT_OK


def _contact_name(service):
    """The name of a contact by id ("" when none): whose record a conflict is about."""

    def name(contact_id: str) -> str:
        contact = service.context.repo.contact(contact_id) if contact_id else None
        return contact.name if contact is not None else ""

    return name


COMMANDS = {
    "sync": cmd_sync,
    "merge": cmd_merge,
    "conflicts": cmd_conflicts,
    "add": cmd_add,
    "log": cmd_log,
    "edit": cmd_edit,
    "config": cmd_config,
    "followup": cmd_followup,
    "snooze": cmd_snooze,
    "book": cmd_book,
    "appointments": cmd_appointments,
    "queue": cmd_queue,
    "review": cmd_review,
    "doctor": cmd_doctor,
    "restore": cmd_restore,
    "list": cmd_list,
    "archive": cmd_archive,
    "unarchive": cmd_unarchive,
    "delete": cmd_delete,
    "search": cmd_search,
    "settings": cmd_settings,
    "import": cmd_import,
    "export": cmd_export,
}
