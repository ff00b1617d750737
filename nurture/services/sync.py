"""Several machines, one network: sync through git, conflict copies of file-sync folders, and
merging another data directory in. The merge is always nurture's own (``domain/merge.py``),
record by record, field by field: git only carries the files, and never merges a line of them.

**git** (``sync --init URL``, ``sync``, ``sync --status``). The data directory is a git work
tree whose remote ``origin`` is the user's (a bare repository over SSH, a private GitHub or
Gitea repository, a folder on a USB stick); ``.gitignore`` keeps out what never leaves the
machine. ``sync`` commits what changed here, fetches, and merges the remote's head three-way
with their ``git merge-base`` as the ancestor: the records of each file that differs are read
from the three commits (``git cat-file``), merged, and written back under the lock in one
atomic commit (``store/replica.py``); then a commit with both parents records the merge (or,
when only the remote had changes, the branch moves to the remote's head: its files were
written with its very bytes), and it is pushed. A push the remote refuses because another
machine pushed meanwhile runs fetch-merge-push again, up to ``RETRIES`` times.

**Conflicts** are stored in ``conflicts.json`` (``domain/conflicts.py``): data, synced and
merged like any other file, so every machine shows the same; ``resolve`` settles one.

**File-sync folders**: ``settle_copies`` merges each conflict copy a sync tool left
(``store/sync_copies.py``) two-way into the data, and moves it to ``backups/conflict-copies/``.

**``merge DIR``**: another nurture data directory merged in two-way (``merge_dir``).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from nurture.domain.conflicts import SyncConflict, shown
from nurture.domain.errors import InputError
from nurture.domain.merge import Conflict, Merged, Replica, latest, merge
from nurture.domain.versions import REV, kind_of, strip
from nurture.domain.wording import count
from nurture.services.contacts import Contacts
from nurture.services.core import Context
from nurture.store import DataFileError, replica
from nurture.store.files import atomic_write, private_dir
from nurture.store.sync_copies import KEPT, Copy, find
from nurture.store.sync_git import BRANCH, REMOTE, THERE, Git, GitError, masked, rejected

#: How many times a push refused by a remote that moved on meanwhile is tried again.
RETRIES = 3
#: What never leaves the machine: written as the data directory's ``.gitignore``.
GITIGNORE = """\
# nurture: what never leaves this machine (derived files, the lock, this machine's device id,
# backups, drafts of messages, interrupted writes)
.lock
.journal
device.json
*.idx
search.sqlite*
backups/
drafts/
.*.tmp
serve-token
"""
#: Written as the data directory's ``.gitattributes``: a ``git pull`` or ``git merge`` run by
#: hand never writes conflict markers into a data file (nurture merges them record by record);
#: diffs stay readable.
GITATTRIBUTES = """\
# nurture: data files are merged by nurture sync, never line by line
*.json merge=binary
"""
#: Fields both machines change with every edit (when it was made): the later is kept, unsaid.
UNSHOWN = frozenset({"updated"})
#: This machine's record of its last sync (inside .git: never synced).
STATE = "nurture-sync.json"


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    remote: str = ""
    #: Commits here the remote has not, and there (as last fetched) not here.
    ahead: int = 0
    behind: int = 0
    #: Files changed here since the last commit.
    changed: int = 0
    #: When the last sync ended well (aware, in the user's zone), and the last error since ("").
    last_sync: datetime | None = None
    last_error: str = ""
    conflicts: tuple[SyncConflict, ...] = ()

    def header(self, now: datetime) -> str:
        """The dashboard header's few words: "synced 3 min ago", "sync failed: <why>", "not synced
        yet"; "" where sync is not set up."""
        if not self.configured:
            return ""
        if self.last_error:
            return f"sync failed: {short_error(self.last_error)}"
        return f"synced {ago(self.last_sync, now)}" if self.last_sync is not None else "not synced yet"

    def lines(self, now: datetime, name: Callable[[str], str] = lambda cid: "") -> list[str]:
        """What ``--status`` prints; ``name(contact_id)``: whose record a conflict is about."""
        if not self.configured:
            return ["Not set up for sync. `nurture sync --init URL` makes this data directory sync through git."]
        out = [f"Syncs with {masked(self.remote)}"]
        if self.last_sync is not None:
            out.append(f"Last synced {ago(self.last_sync, now)}")
        else:
            out.append("Never synced yet")
        if self.last_error:
            out.append(f"Last error: {self.last_error}")
        out.append(
            f"{count(self.ahead, 'commit')} to push, {count(self.behind, 'commit')} to take "
            f"(as last fetched), {count(self.changed, 'file')} changed since the last sync"
        )
        out.append(f"{count(len(self.conflicts), 'unresolved conflict')}" + (":" if self.conflicts else ""))
        out.extend(f"  {c.describe(name(c.contact_id))}" for c in self.conflicts)
        return out


@dataclass
class Synced:
    """What a sync did."""

    #: What the merge changed here, by record type, then each conflict ("nothing to …" when
    #: the remote had nothing new).
    summary: list[str] = field(default_factory=list)
    conflicts: tuple[SyncConflict, ...] = ()
    pushed: bool = False
    #: How many times a refused push was retried.
    retries: int = 0


@dataclass(frozen=True)
class MergedDir:
    """``merge DIR``: what it changes (or would, with --dry-run), and its conflicts."""

    summary: list[str]
    conflicts: tuple[SyncConflict, ...]
    written: bool


#: The most of an error the header shows.
SHORT_ERROR = 40


def short_error(error: str) -> str:
    """An error in a few words: its first line without "git fetch failed: " and "fatal: ",
    cut to ``SHORT_ERROR`` characters."""
    line = next((x.strip() for x in error.splitlines() if x.strip()), "")
    if line.startswith("git ") and " failed: " in line:
        line = line.split(" failed: ", 1)[1]
    for prefix in ("fatal: ", "error: "):
        line = line.removeprefix(prefix)
    return line if len(line) <= SHORT_ERROR else line[: SHORT_ERROR - 1].rstrip() + "…"


def ago(then: datetime, now: datetime) -> str:
    """'just now', '3 min ago', '2 h ago', '4 days ago'. ``then`` aware (``Sync.last``); a naive
    ``now`` is in the user's zone as ``then`` is."""
    if now.tzinfo is None and then.tzinfo is not None:
        now = now.replace(tzinfo=then.tzinfo)
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"


class Sync:
    def __init__(self, context: Context, program: str = "git") -> None:
        self.context = context
        self.program = program

    @property
    def data_dir(self) -> Path:
        return self.context.repo.data_dir

    # --- git --------------------------------------------------------------------------------

    def configured(self) -> bool:
        return (self.data_dir / ".git").is_dir()

    def init(self, url: str) -> Synced:
        """Make the data directory a git work tree syncing with ``url``: ``.gitignore``, a first
        commit of what is here, then a sync (what the remote already holds is merged in, two-way
        when the two share no history; an empty remote receives this data)."""
        if not url.strip():
            raise InputError("give the remote's URL: nurture sync --init URL (an SSH address, a path, a git URL)")
        git = Git(self.data_dir, self.program)
        repo = self.context.repo
        with repo.locked():
            if self.configured():
                current = git.out("remote", "get-url", REMOTE, check=False)
                if current and current != url:
                    if git.rev(THERE) is not None:  # it synced with that remote: changing it is a choice
                        raise InputError(
                            f"{self.data_dir} already syncs with {masked(current)}. To change it: "
                            f"git -C {self.data_dir} remote set-url {REMOTE} URL"
                        )
                    git.run("remote", "set-url", REMOTE, url)  # never synced (a mistyped URL): replaced
            else:
                git.run("init", "-q", "-b", BRANCH)
            ignore = self.data_dir / ".gitignore"
            if not ignore.exists():
                atomic_write(ignore, GITIGNORE.encode())
            self._attributes()
            self._identity(git)
            if not git.out("remote", "get-url", REMOTE, check=False):
                git.run("remote", "add", REMOTE, url)
            self._commit_local(git, "first commit")
        return self.sync()

    def sync(self, batch: bool = False) -> Synced:
        """Commit what changed here, fetch, merge, push (again, when another machine pushed
        meanwhile, up to ``RETRIES`` times). ``batch`` (the dashboard): git never asks for a
        password or passphrase (``sync_git.batch_env``): a remote that wants one fails at once."""
        git = self._git(batch)
        try:
            done = self._sync(git)
        except (GitError, DataFileError) as e:
            self._remember(error=str(e))
            raise
        self._remember()
        return done

    def _sync(self, git: Git) -> Synced:
        repo = self.context.repo
        done = Synced()
        for attempt in range(RETRIES + 1):
            done.retries = attempt
            with repo.locked():
                if attempt == 0:
                    self._attributes()  # (a data directory set up before there was one)
                self._commit_local(git, "changes")
            git.run("fetch", "-q", REMOTE)
            with repo.locked():
                self._commit_local(git, "changes")
                head, there = git.revs("HEAD", THERE)
                if there is not None and head != there:
                    summary, conflicts = self._merge_from(git, THERE)
                    done.summary = summary or done.summary
                    done.conflicts += conflicts
                    head, there = git.revs("HEAD", THERE)
            if head is None or head == there:
                return done
            try:
                self._push(git)
            except GitError as e:
                if rejected(e) and attempt < RETRIES:
                    continue
                if rejected(e):
                    raise GitError(
                        f"the remote kept changing while this machine synced ({RETRIES + 1} tries); "
                        "nothing was lost: sync again",
                        e.stderr,
                    ) from None
                raise
            done.pushed = True
            return done
        return done

    def _push(self, git: Git) -> None:
        git.run("push", "-q", REMOTE, f"HEAD:refs/heads/{BRANCH}")
        git.run("update-ref", THERE, "HEAD")  # what the remote now holds (as a fetch would say)

    def status(self) -> SyncStatus:
        """Where this machine stands: ahead and behind (as last fetched), files changed since the
        last commit, the last sync and error, the conflicts. Nothing goes over the network."""
        conflicts = tuple(self.conflicts())
        if not self.configured():
            return SyncStatus(False, conflicts=conflicts)
        git = self._git()
        last = self.last()
        head, there = git.rev("HEAD"), git.rev(THERE)
        ahead, behind = git.ahead_behind(head, there) if head and there else (0, 0)
        if head and not there:
            ahead = int(git.out("rev-list", "--count", head))
        changed = len([line for line in git.out("status", "--porcelain").splitlines() if line.strip()])
        return SyncStatus(True, git.out("remote", "get-url", REMOTE, check=False), ahead, behind, changed,
                          last.last_sync, last.last_error, conflicts)  # fmt: skip

    def last(self) -> SyncStatus:
        """Whether sync is set up, and this machine's last sync and error since: read from a small
        file, no git run (the dashboard's header reads it after every load)."""
        if not self.configured():
            return SyncStatus(False)
        state = self._state()
        at = state.get("at")
        when = None
        if isinstance(at, str) and at:
            with contextlib.suppress(ValueError):
                when = datetime.fromisoformat(at)
                if when.tzinfo is None:  # (written before it said its zone: the user's)
                    when = when.replace(tzinfo=self.context.zone())
        error = state.get("error")
        return SyncStatus(True, last_sync=when, last_error=error if isinstance(error, str) else "")

    def _git(self, batch: bool = False) -> Git:
        git = Git(self.data_dir, self.program, batch=batch)
        if not self.configured():
            raise InputError(
                f"{self.data_dir} is not set up for sync yet. `nurture sync --init URL` sets it up "
                "(URL: a git remote you own, e.g. user@host:nurture.git or a path to a bare repository)."
            )
        return git

    def _attributes(self) -> None:
        attributes = self.data_dir / ".gitattributes"
        if not attributes.exists() and not attributes.is_symlink():
            atomic_write(attributes, GITATTRIBUTES.encode())

    def _identity(self, git: Git) -> None:
        device = self.context.repo.clock.device
        git.config_default("user.name", f"nurture {device}")
        git.config_default("user.email", f"nurture-{device}@localhost")

    def _commit_local(self, git: Git, what: str) -> bool:
        """Commit every change here (under the lock). True if there was one."""
        head, changed = git.changes()
        if head is not None and not changed:
            return False  # (one ``git status``: nothing is hashed or added when nothing changed)
        self._check_data()
        self._identity(git)
        git.run("add", "-A")
        if head is not None and git.ok("diff", "--cached", "--quiet"):
            return False
        device = self.context.repo.clock.device
        git.run("commit", "-q", "--allow-empty", "--no-verify", "-m", f"nurture: {what} on {device}")
        return True

    def _check_data(self) -> None:
        """Refuse to commit (so to push) a damaged data file: the other machines could not merge it."""
        for f in replica.sources(self.context.repo).values():
            if f.path.exists():
                try:
                    f.checked()
                except DataFileError as e:
                    raise DataFileError(
                        f"{e} Nothing was committed or pushed (the other machines could not merge it): "
                        "sync again once it is mended."
                    ) from None

    def _merge_from(self, git: Git, ref: str) -> tuple[list[str], tuple[SyncConflict, ...]]:
        """Merge the commit ``ref`` names into HEAD (which holds every change here): under the lock.
        Python's cycle collector waits meanwhile (``_no_cycles``)."""
        with _no_cycles():
            return self._merge_commits(git, ref)

    def _merge_commits(self, git: Git, ref: str) -> tuple[list[str], tuple[SyncConflict, ...]]:
        repo = self.context.repo
        head, there = git.rev("HEAD"), git.rev(ref)
        assert head is not None and there is not None
        base = git.merge_base(head, there)
        if head == there or base == there:
            return [], ()  # nothing there this machine has not
        paths = replica.relative(repo)
        trees = {name: git.tree(commit) for name, commit in (("here", head), ("there", there))}
        base_tree = git.tree(base) if base else {}
        # a file the same there as in the base: nothing to take (only this machine changed it)
        differ = [s for s, p in paths.items() if trees["here"].get(p) != trees["there"].get(p)
                  and not (base and trees["there"].get(p) == base_tree.get(p))]  # fmt: skip
        summary: list[str] = []
        found: tuple[SyncConflict, ...] = ()
        if differ:
            ids = [trees["there"][paths[s]] for s in differ if paths[s] in trees["there"]]
            ids += [base_tree[paths[s]] for s in differ if paths[s] in base_tree]
            blobs = git.blobs(ids)
            short = there[:8]
            there_bytes = {s: blobs[trees["there"][paths[s]]] for s in differ if paths[s] in trees["there"]}
            base_bytes = {s: blobs[base_tree[paths[s]]] for s in differ if paths[s] in base_tree}
            records = [s for s in differ if s != replica.TOMBSTONES]
            here_r = replica.local(repo, only=set(records))
            # a file changed on both sides: only the records whose bytes differ there from the
            # base are parsed (``replica.three_sides``), when the files are as nurture writes them
            split: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
            if base and base != head:
                for s in records:
                    if s in there_bytes and s in base_bytes and s in here_r.records:
                        where = f"{REMOTE} {short}/{paths[s]}"
                        try:
                            sides = replica.three_sides(repo, s, here_r.records[s], there_bytes[s],
                                                        base_bytes[s], where)  # fmt: skip
                        except DataFileError as e:
                            raise self._damaged(git, there, there_bytes, here_r, e) from None
                        if sides is not None:
                            split[s] = sides
            whole = {s: raw for s, raw in there_bytes.items() if s not in split}
            try:
                there_r = replica.replica_of(repo, whole, f"{REMOTE} {short}", unless=here_r)
            except DataFileError as e:
                raise self._damaged(git, there, there_bytes, here_r, e) from None
            there_r = Replica({s: split[s][0] if s in split else there_r.records.get(s, {}) for s in records},
                              there_r.tombstones if replica.TOMBSTONES in differ else here_r.tombstones)  # fmt: skip
            base_r = None
            if base:
                ancestors = {s: raw for s, raw in base_bytes.items() if s not in split}
                got = replica.replica_of(repo, ancestors, f"base {base[:8]}", unless=here_r)
                base_r = Replica({s: split[s][1] if s in split else got.records.get(s, {}) for s in records},
                                 got.tombstones)  # fmt: skip
            there_bytes = whole  # (a split file's records there are not all there's: never taken whole)
            merged = merge(here_r, there_r, base_r)
            if base == head:  # only the remote has changes (it merged ours already): take its files
                replica.write(repo, there_r, here_r, there_r, there_bytes)
                found = _arrived_conflicts(there_r, here_r)  # (the machine that merged recorded them)
                summary = counts(merged, [kind_of(c.source) for c in found])
            else:
                found, replaced = self._write(merged, here_r, there_r, there_bytes)
                summary = counts(merged) + replaced
        summary += self._take_others(git, trees, base_tree, set(paths.values()))
        git.run("add", "-A")
        tree = git.out("write-tree")
        if base == head and tree == git.out("rev-parse", f"{there}^{{tree}}"):
            git.run("reset", "-q", "--soft", there)  # only the remote had changes: take its head
        else:
            device = repo.clock.device
            commit = git.out("commit-tree", tree, "-p", head, "-p", there, "-m", f"nurture: merged on {device}")
            git.run("update-ref", "HEAD", commit, head)
        return summary, found

    def _damaged(self, git: Git, there: str, blobs: dict[str, bytes], here: Replica, e: DataFileError) -> DataFileError:
        """The error a damaged data file pushed by another machine is refused with: which commit
        of which machine brought it, and that nothing here changed."""
        repo = self.context.repo
        paths = replica.relative(repo)
        path, why = "", str(e)
        for source, raw in blobs.items():  # which file it is (the error names the first only)
            try:
                replica.replica_of(repo, {source: raw}, f"{REMOTE} {there[:8]}", unless=here)
            except DataFileError as one:
                path, why = paths[source], str(one)
                break
        said = git.out("log", "-1", "--format=%h%x09%an%x09%s", there, "--", *([path] if path else []), check=False)
        commit, _, rest = said.partition("\t")
        author, _, subject = rest.partition("\t")
        ours = re.fullmatch(r"nurture: .* on (\S+)", subject.strip())  # (as ``_commit_local`` says it)
        device = ours.group(1) if ours else author.removeprefix("nurture ").strip() or "unknown"
        return DataFileError(
            f"the data another machine pushed (commit {commit or there[:8]} from device {device}) is damaged: "
            f"{why} Your data here is untouched and nothing was pushed. On that machine run `nurture doctor` "
            "(and `nurture restore` if it says so), then `nurture sync` there; then sync here again."
        )

    def _take_others(self, git: Git, trees: dict[str, dict[str, str]], base: dict[str, str],
                     known: set[str]) -> list[str]:  # fmt: skip
        """The files of the repository that are not nurture's data files (a README, a file a newer
        version of nurture writes, a sync tool's settings): one changed on one side only is taken
        from that side, so both machines end with the same; one changed on both keeps this
        machine's (said). Lines to show."""
        here, there = trees["here"], trees["there"]
        take: dict[str, str | None] = {}
        said = []
        for path in sorted({*here, *there} - known):
            mine, theirs, was = here.get(path), there.get(path), base.get(path)
            if mine == theirs or theirs == was:
                continue
            if mine == was:
                take[path] = theirs
            else:
                said.append(f"{path} changed on both machines: this machine's kept")
        blobs = git.blobs(b for b in take.values() if b is not None)
        root = self.data_dir.resolve()
        for path, blob in take.items():
            target = self.data_dir / path
            if target.resolve().parent != root and root not in target.resolve().parents:
                continue  # (never outside the data directory)
            if blob is None:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(target, blobs[blob])
        return said

    # --- the merge, written ----------------------------------------------------------------------

    def _write(self, merged: Merged, here: Replica, there: Replica | None = None,
               there_bytes: dict[str, bytes] | None = None) -> tuple[tuple[SyncConflict, ...], list[str]]:  # fmt: skip
        """Write ``merged`` (from ``here``, read under the same lock) with its conflicts recorded
        in ``conflicts.json``; the conflicts recorded, and a line for each that replaced an
        earlier conflict on the same field whose set-aside value is no longer offered. A
        conflict keeps when it was first found (``nurture conflicts`` numbers them so)."""
        repo = self.context.repo
        found = _shown(merged.conflicts)
        result = merged.replica
        stored: tuple[SyncConflict, ...] = ()
        replaced: list[str] = []
        if found:
            rev = repo.clock.tick([latest(replica.arrived(result, here))])
            now = self.context.now().isoformat(timespec="seconds")
            device = repo.clock.device
            if "conflicts" in result.records:
                table = dict(result.records["conflicts"])
            else:
                f = repo.conflicts_file
                table = dict(f.table.raw()) if f.path.exists() else {}
                here = Replica({**here.records, "conflicts": dict(table)}, here.tombstones)
            stored = tuple(SyncConflict.of(c, _contact_of(c, result), now, device) for c in found)
            for n, c in enumerate(stored):
                old = table.get(c.id)
                if isinstance(old, dict) and isinstance(old.get("found"), str):
                    stored = (*stored[:n], replace(c, found=old["found"]), *stored[n + 1 :])
                    before = old.get("other")
                    if not c.deleted and before is not None and before not in (c.kept, c.other):
                        replaced.append(
                            f"{self._about(c)}: {c.field} changed on both machines again; "
                            f"{shown(before)}, set aside before, is no longer offered"
                        )
            for c in stored:
                table[c.id] = {**c.to_dict(), REV: str(rev)}
            result = Replica({**result.records, "conflicts": table}, result.tombstones)
        replica.write(repo, result, here, there, there_bytes)
        return stored, replaced

    def _about(self, c: SyncConflict) -> str:
        """Whose record a conflict is about, as a line begins: "contact Ada Lovelace", "settings"."""
        contact = self.context.repo.contact(c.contact_id) if c.contact_id else None
        if contact is None:
            return f"{c.kind} {c.record_id}" if kind_of(c.source) != "settings" else "settings"
        return f"contact {contact.name}" if kind_of(c.source) == "contacts" else f"{c.kind} of {contact.name}"

    # --- conflicts ---------------------------------------------------------------------------

    def conflicts(self, contact_id: str | None = None) -> list[SyncConflict]:
        """The unresolved conflicts (one contact's, when given), oldest first."""
        repo = self.context.repo
        with repo.locked(write=False):
            every = list(repo.conflicts_file.records().values())
        return sorted((c for c in every if contact_id is None or c.contact_id == contact_id),
                      key=lambda c: (c.found, c.id))  # fmt: skip

    def resolve(self, conflict_id: str, take: str = "kept") -> SyncConflict:
        """Settle a conflict: ``take="kept"`` keeps the value the merge kept; ``"other"`` puts the
        value it set aside back in the record (a change made here, so it wins everywhere once
        synced). The conflict is deleted either way (that deletion syncs too)."""
        if take not in ("kept", "other"):
            raise InputError(f"take {take!r}: say kept or other")
        repo = self.context.repo
        with repo.locked():
            c = repo.conflicts_file.records().get(conflict_id)
            if c is None:
                raise InputError(f"no conflict {conflict_id!r}: `nurture sync --status` lists them")
            source_file = repo._sources().get(c.source)
            if take == "other" and c.source == "contacts" and not c.field:
                # the other machine deleted the contact: deleted here too, with everything of theirs
                # (their conflicts, this one among them, go with them)
                if repo.contact(c.record_id) is not None:
                    Contacts(self.context).delete(c.record_id)
                if c.id in repo.conflicts_file.records():
                    repo.write_back([("conflicts", c.id, None)])
                return c
            if take == "other" and source_file is not None:
                doc = repo.stored_one(c.source, c.record_id)
                if not c.field:  # the other machine deleted it: delete it here too
                    if doc is not None:
                        repo.write_back([(c.source, c.record_id, None)])
                elif doc is None:
                    raise InputError(f"the {c.kind} of that conflict is gone (deleted since): nothing to put back")
                else:
                    fields = {**_plain(doc), c.field: c.other}
                    repo.write_back([(c.source, c.record_id, source_file.decode_one(c.record_id, fields))])
            repo.write_back([("conflicts", c.id, None)])
            return c

    # --- file-sync folders --------------------------------------------------------------------

    def conflict_copies(self) -> list[Copy]:
        return find(self.data_dir)

    def settle_copies(self) -> list[str]:
        """Merge every conflict copy a file-sync tool left beside the data files two-way into the
        data, and move it to ``backups/conflict-copies/``: one line each, to show the user. A copy
        that cannot be read is left where it is (the line says why)."""
        copies = self.conflict_copies()
        if not copies:
            return []
        repo = self.context.repo
        said = []
        with repo.locked():
            # the tombstones first: a record deleted on the other machine is then known as deleted
            for copy in sorted(copies, key=lambda c: (c.source != replica.TOMBSTONES, c.path.name)):
                if copy.source == "device":
                    self._set_aside(copy)
                    said.append(f"set aside {copy.path.name} (another machine's device id; {copy.vendor})")
                    continue
                try:
                    there = replica.replica_of(repo, {copy.source: copy.path.read_bytes()}, str(copy.path.parent))
                    here = replica.local(repo, only={copy.source})
                    merged = merge(here, there)
                    _, replaced = self._write(merged, here)
                except (DataFileError, OSError) as e:
                    said.append(f"could not merge {copy.vendor}'s conflict copy {copy.path.name}: {e}")
                    continue
                moved = self._set_aside(copy)
                what = "; ".join(counts(merged))  # (with the conflicts it recorded)
                said.append(
                    f"merged {copy.vendor}'s conflict copy {copy.path.name} into {copy.original} ({what}); "
                    f"the copy is now {moved}"
                )
                said.extend(replaced)
        return said

    def _set_aside(self, copy: Copy) -> str:
        folder = private_dir(self.data_dir / KEPT)
        target = folder / copy.path.name
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{copy.path.stem}.{n}{copy.path.suffix}"
        os.replace(copy.path, target)
        return target.relative_to(self.data_dir).as_posix()

    # --- another data directory ---------------------------------------------------------------

    def merge_dir(self, folder: Path, dry_run: bool = False) -> MergedDir:
        """Merge another nurture data directory (an old copy, a backup folder, a friend's) into
        this one, two-way; ``dry_run``: say what would change, write nothing."""
        folder = folder.expanduser()
        if not folder.is_dir():
            raise InputError(f"{folder} is not a directory: give a nurture data directory (or a backup folder)")
        repo = self.context.repo
        if folder.resolve() == self.data_dir.resolve():
            raise InputError(f"{folder} is this data directory: give another one")
        with repo.locked(write=not dry_run):
            there, _ = replica.read_folder(repo, folder)
            here = replica.local(repo)
            merged = merge(here, there)
            if dry_run:
                now = self.context.now().isoformat(timespec="seconds")
                shown_ = tuple(
                    SyncConflict.of(c, _contact_of(c, merged.replica), now, "") for c in _shown(merged.conflicts)
                )
                return MergedDir(counts(merged), shown_, False)
            stored, replaced = self._write(merged, here)
        return MergedDir(counts(merged) + replaced, stored, True)

    # --- this machine's record of its syncs --------------------------------------------------

    def _state(self) -> dict[str, Any]:
        try:
            doc = json.loads((self.data_dir / ".git" / STATE).read_bytes())
        except (OSError, ValueError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def _remember(self, error: str = "") -> None:
        state = self._state()
        if error:
            state["error"] = error
        else:
            state = {"at": self.context.moment().isoformat(timespec="seconds"), "error": ""}
        with contextlib.suppress(DataFileError, OSError):
            atomic_write(self.data_dir / ".git" / STATE, json.dumps(state).encode(), durable=False)


@contextlib.contextmanager
def _no_cycles() -> Iterator[None]:
    """Python's cycle collector paused: a merge holds three versions of the changed files parsed
    (hundreds of thousands of dicts, none in a cycle), and every collection the new objects set
    off would walk them all again (it took as long as the parsing itself). Freed by reference
    counting as usual; the collector resumes as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _shown(conflicts: tuple[Conflict, ...]) -> list[Conflict]:
    """The conflicts worth recording (not those of bookkeeping fields, nor of conflicts)."""
    return [c for c in conflicts if c.source != "conflicts" and c.field not in UNSHOWN]


def counts(merged: Merged, conflict_kinds: list[str] | None = None) -> list[str]:
    """What a merge changes here, a line per record type, with the conflicts recorded (those of
    bookkeeping fields, such as when a record was last updated, are neither counted nor shown;
    ``conflict_kinds``: the record type of each conflict to count instead of the merge's)."""
    shown: dict[str, int] = {}
    for kind in conflict_kinds if conflict_kinds is not None else [c.kind for c in _shown(merged.conflicts)]:
        shown[kind] = shown.get(kind, 0) + 1
    lines = []
    for kind, c in sorted(merged.counts.items()):
        conflicts = shown.get(kind, 0)
        if c.added or c.changed or c.deleted or conflicts:
            parts = [f"{c.added} added", f"{c.changed} changed", f"{c.deleted} deleted"]
            if conflicts:
                parts.append(count(conflicts, "conflict"))
            lines.append(f"{kind}: {', '.join(parts)}")
    return lines or ["nothing to merge: both sides hold the same records"]


def _arrived_conflicts(there: Replica, here: Replica) -> tuple[SyncConflict, ...]:
    """The conflicts ``there`` holds that ``here`` does not (as they are): those another machine's
    merge recorded, arriving with its data."""
    mine = here.records.get("conflicts", {})
    out = []
    for rid, doc in there.records.get("conflicts", {}).items():
        if rid not in mine or strip(mine[rid]) != strip(doc):
            with contextlib.suppress(KeyError, TypeError):
                out.append(SyncConflict.from_dict(strip(doc)))
    return tuple(sorted(out, key=lambda c: (c.found, c.id)))


def _contact_of(c: Conflict, merged: Replica) -> str:
    """Whose record a conflict is about ("" for settings, templates …)."""
    if c.source == "contacts":
        return c.record_id
    doc = merged.records.get(c.source, {}).get(c.record_id)
    value = (doc or {}).get("contact_id")
    if type(value) is str:
        return value
    for side in (c.here, c.there):
        if isinstance(side, dict) and type(side.get("contact_id")) is str:
            return str(side["contact_id"])
    return c.record_id if c.source in ("prep", "meetings") else ""


def _plain(record: Any) -> dict[str, Any]:
    """A stored record (decoded) as its stored form, without revisions."""
    doc = record.to_dict() if hasattr(record, "to_dict") else dict(record)
    return {k: v for k, v in doc.items() if not k.startswith("_rev")}


__all__ = ["GITIGNORE", "RETRIES", "MergedDir", "Sync", "SyncStatus", "Synced", "ago", "short_error"]
