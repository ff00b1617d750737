"""The ``git`` program, run for ``nurture sync``: a small runner, no library.

Every call runs ``git -C DATA_DIR …`` with the user's environment (their SSH keys and
credential helpers reach the remote they configured; nothing else is contacted: only ``fetch``
and ``push`` of the remote named ``origin`` go over the network). A missing ``git`` is an
``GitMissing`` (exit 2) that says what to install; a command that fails is a ``GitError``
with git's own message.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from nurture.domain.errors import InputError, NurtureError

REMOTE = "origin"
BRANCH = "main"
#: The remote branch as fetched.
THERE = f"refs/remotes/{REMOTE}/{BRANCH}"

INSTALL = (
    "nurture sync uses the git program, which was not found on your PATH. Install git "
    "(Debian/Ubuntu: sudo apt install git; Fedora: sudo dnf install git; macOS: xcode-select --install "
    "or brew install git; Windows: https://git-scm.com/download/win) and try again. Nothing was changed."
)


class GitMissing(InputError):
    """``git`` is not installed (or not on the PATH)."""


class GitError(NurtureError):
    """A git command failed; the message is git's."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr


def batch_env(environ: dict[str, str], ssh_configured: bool) -> dict[str, str]:
    """``environ`` for a git that must never ask anything (the dashboard's syncs: a prompt for a
    password or a passphrase would wait, unseen, behind the full-screen dashboard): no terminal
    prompt, no ask-pass program, and ssh in batch mode unless the user chose their own ssh
    command (``ssh_configured``: GIT_SSH, GIT_SSH_COMMAND or core.sshCommand is set). A remote
    that needs a password then fails at once, with git's message; keys from an agent, and
    credential helpers, still work."""
    env = {**environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS_REQUIRE": "never"}
    env.pop("SSH_ASKPASS", None)
    if not ssh_configured:
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=20"
    return env


def require(program: str = "git") -> None:
    """``GitMissing`` (saying what to install) unless ``program`` is on the PATH: checked before
    anything is made."""
    if shutil.which(program) is None:
        raise GitMissing(INSTALL)


def masked(url: str) -> str:
    """A remote's URL as shown: a user name and password or token in it (``https://TOKEN@host``)
    replaced by ``***``."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]+@", r"\1***@", url)


class Git:
    def __init__(self, work: Path, program: str = "git", batch: bool = False) -> None:
        self.work = work
        found = shutil.which(program)
        if found is None:
            raise GitMissing(INSTALL)
        self.program = found
        #: Never ask anything (``batch_env``); the process runs detached from the terminal.
        self.batch = batch
        self._env: dict[str, str] | None = None

    def env(self) -> dict[str, str]:
        if self._env is None:
            env = {**os.environ, "LC_ALL": "C", "GIT_MERGE_AUTOEDIT": "no"}
            if self.batch:
                own_ssh = bool(env.get("GIT_SSH") or env.get("GIT_SSH_COMMAND"))
                if not own_ssh:
                    own_ssh = bool(self._call(["config", "--get", "core.sshCommand"], None, env).stdout.strip())
                env = batch_env(env, own_ssh)
            self._env = env
        return self._env

    def _call(self, args: list[str], input: bytes | None, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [self.program, "-C", str(self.work), *args],
            input=input,
            stdin=subprocess.DEVNULL if input is None and self.batch else None,
            capture_output=True,
            env=env,
            check=False,
            start_new_session=self.batch,  # no terminal to open and ask on
        )

    def run(self, *args: str, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        try:
            done = self._call(list(args), input, self.env())
        except OSError as e:
            raise GitMissing(f"{INSTALL} ({e.strerror or e})") from None
        if check and done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace").replace("\r", "").strip()  # (ssh ends lines \r\n)
            # one line (the shell prints an error's line breaks as escapes): git's lines joined
            line = "; ".join(part.strip() for part in said.splitlines() if part.strip())
            raise GitError(f"git {args[0]} failed: {line or 'exit ' + str(done.returncode)}", said)
        return done

    def out(self, *args: str, check: bool = True) -> str:
        return self.run(*args, check=check).stdout.decode("utf-8", "replace").strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def rev(self, name: str) -> str | None:
        """The commit ``name`` names, or None (no such ref, an unborn branch)."""
        done = self.run("rev-parse", "-q", "--verify", f"{name}^{{commit}}", check=False)
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def revs(self, *names: str) -> tuple[str | None, ...]:
        """The commits these names name (None for one that names none): one ``rev-parse`` when
        all of them do."""
        done = self.run("rev-parse", *(f"{n}^{{commit}}" for n in names), check=False)
        found = done.stdout.decode().split()
        if done.returncode == 0 and len(found) == len(names):
            return tuple(found)
        return tuple(self.rev(n) for n in names)

    def changes(self) -> tuple[str | None, bool]:
        """The commit HEAD names (None on a branch yet unborn), and whether the work tree has
        changes to commit (as ``git add -A`` would see them): one ``git status``."""
        raw = self.run("status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all").stdout
        head: str | None = None
        changed = False
        for entry in raw.split(b"\0"):
            if entry.startswith(b"# branch.oid "):
                oid = entry[len(b"# branch.oid ") :].decode().strip()
                head = None if oid == "(initial)" else oid
            elif entry and not entry.startswith(b"#"):
                changed = True
        return head, changed

    def merge_base(self, a: str, b: str) -> str | None:
        done = self.run("merge-base", a, b, check=False)
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def tree(self, commit: str) -> dict[str, str]:
        """Every file of ``commit`` by path: its blob id."""
        raw = self.run("ls-tree", "-r", "-z", commit).stdout
        out = {}
        for entry in raw.split(b"\0"):
            if entry:
                meta, _, path = entry.partition(b"\t")
                out[path.decode("utf-8", "surrogateescape")] = meta.split()[2].decode()
        return out

    def blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of these blobs, by id (one ``git cat-file --batch``)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        raw = self.run("cat-file", "--batch", input="".join(f"{i}\n" for i in wanted).encode()).stdout
        out: dict[str, bytes] = {}
        at = 0
        for blob in wanted:
            end = raw.index(b"\n", at)
            header = raw[at:end].split()
            if len(header) != 3:
                raise GitError(f"git cat-file: blob {blob} is missing from the repository")
            size = int(header[2])
            out[blob] = raw[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
        return out

    def ahead_behind(self, a: str, b: str) -> tuple[int, int]:
        """How many commits ``a`` has that ``b`` has not, and the other way round."""
        ahead, behind = self.out("rev-list", "--left-right", "--count", f"{a}...{b}").split()
        return int(ahead), int(behind)

    def config_default(self, key: str, value: str) -> None:
        """Set ``key`` in this repository's own config when no config (global, system) sets it."""
        if not self.ok("config", "--get", key):
            self.run("config", "--local", key, value)


def rejected(e: GitError) -> bool:
    """Whether a push failed because the remote moved on meanwhile (fetch, merge, push again)."""
    said = e.stderr.lower()
    return any(w in said for w in ("non-fast-forward", "fetch first", "[rejected]", "failed to update ref",
                                   "cannot lock ref", "stale info"))  # fmt: skip
