"""Private, crash-safe files: write a temp file beside the target, fsync, rename over it,
fsync the directory. A reader sees the old file or the new one, never a torn one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from nurture.store.errors import DataFileError, WriteError

DIR_MODE = 0o700
FILE_MODE = 0o600
#: The search index beside the data (``store/search_index.py``): derived, rebuilt by a search.
SEARCH_INDEX = "search.sqlite"
TEMP_SUFFIX = ".tmp"
#: The tag in the temp file of an export (``.NAME.nurture-export.PID.RANDOM.tmp``).
EXPORT_TAG = "nurture-export"
_EXPORT_TEMP = re.compile(rf"^\..+\.{re.escape(EXPORT_TAG)}\.(\d+)\.[0-9a-f]+{re.escape(TEMP_SUFFIX)}$")


def private_dir(path: Path, allow_link: bool = False) -> Path:
    """Create ``path`` if needed, and any missing folder above it, each 0700 whatever the
    umask, and make ``path`` 0700. A folder inside the data directory that is a symbolic link
    is refused (``allow_link`` is for the data directory itself, which a user may link): what
    nurture creates, rotates or deletes must be its own, never a folder a link points at."""
    try:
        if not allow_link and os.path.islink(path):
            raise DataFileError(
                f"{path} is a symbolic link. nurture keeps its own folders inside the data "
                "directory and follows no links there, so nothing elsewhere is changed or "
                "deleted. Move the link away (nurture will create a real folder) and try again."
            )
        if path.exists() and not path.is_dir():
            raise DataFileError(
                f"{path} is a file, where nurture keeps a folder. Move it away (nurture will "
                "create the folder) and try again."
            )
        missing = [p for p in (path, *path.parents) if not p.exists()]
        for p in reversed(missing):
            try:
                p.mkdir(mode=DIR_MODE)
            except FileExistsError:
                continue  # created meanwhile by another process
            os.chmod(p, DIR_MODE)  # the umask may have taken bits away, or (000) left them all
        if path.stat().st_mode & 0o777 != DIR_MODE:
            os.chmod(path, DIR_MODE)
    except OSError as e:
        raise DataFileError(
            f"cannot use data directory {path}: {e.strerror or e}. "
            "Check that it is writable by you, or choose another with --data-dir."
        ) from None
    return path


def temp_path_for(target: Path, tag: str = "") -> Path:
    """``.NAME.[TAG.]PID.RANDOM.tmp`` beside ``target``: hidden, recognisably a temp file of
    ours (``TAG`` names who left it, e.g. ``nurture-export``), and never an existing name."""
    middle = f"{tag}." if tag else ""
    return target.with_name(f".{target.name}.{middle}{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def write_temp(target: Path, payload: bytes, durable: bool = True, tag: str = "",
               mtime_ns: int | None = None) -> tuple[Path, os.stat_result]:  # fmt: skip
    """``payload`` in a new private temp file beside ``target`` (fsynced unless not
    ``durable``; its mtime set to ``mtime_ns`` if given): the temp file and its stat. On
    failure nothing is left behind and a ``WriteError`` says why."""
    tmp = temp_path_for(target, tag)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)  # the umask may have taken bits away; never added any
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            if mtime_ns is not None:
                os.utime(fd, ns=(mtime_ns, mtime_ns))
            if durable:
                os.fsync(fd)
            return tmp, os.fstat(fd)
        finally:
            os.close(fd)
    except OSError as e:
        _unlink_quietly(tmp)
        raise write_failure(target, e) from None


def atomic_write(target: Path, payload: bytes, durable: bool = True, tag: str = "") -> os.stat_result:
    """Replace ``target`` with ``payload`` atomically; returns the new file's stat.
    On any failure the old file is untouched and the temp file removed. ``durable=False``
    skips the fsyncs: for derived files, which a crash may lose but never tear. ``tag`` goes
    into the temp file's name (see ``temp_path_for``)."""
    tmp, st = write_temp(target, payload, durable, tag)
    try:
        os.replace(tmp, target)
    except OSError as e:
        _unlink_quietly(tmp)
        raise write_failure(target, e) from None
    if durable:
        fsync_dir(target.parent)
    return st


def atomic_write_chunks(target: Path, chunks: Iterable[bytes], tag: str = "") -> int:
    """Replace ``target`` atomically with output made piece by piece: each chunk goes to the
    temp file as it comes (the whole is never held at once), then the file is fsynced and
    renamed over ``target``. Returns the number of bytes written. If a write fails (a
    ``WriteError`` says why) or making a chunk raises (that error, as it is), the temp file is
    removed and ``target`` is left as it was."""
    tmp = temp_path_for(target, tag)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    except OSError as e:
        raise write_failure(target, e) from None
    size = 0
    try:
        try:
            _written(target, os.fchmod, fd, FILE_MODE)  # the umask may have taken bits away
            for chunk in chunks:  # what making a chunk raises goes up untouched
                view = memoryview(chunk)
                while view:
                    view = view[_written(target, os.write, fd, view) :]
                size += len(chunk)
            _written(target, os.fsync, fd)
        finally:
            os.close(fd)
        _written(target, os.replace, tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_dir(target.parent)
    return size


def _written(target: Path, call: Callable[..., Any], *args: Any) -> Any:
    """``call(*args)``, a step of writing ``target``: an ``OSError`` becomes a ``WriteError``."""
    try:
        return call(*args)
    except OSError as e:
        raise write_failure(target, e) from None


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def write_failure(target: Path, e: OSError) -> WriteError:
    if e.errno == errno.ENOSPC:
        why = "the disk is full"
        todo = "Free some space and try again."
    elif e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "permission denied" if e.errno != errno.EROFS else "the file system is read-only"
        todo = f"Make {target.parent} writable by you, or choose another with --data-dir."
    else:
        why = e.strerror or str(e)
        todo = "Check the disk and try again."
    return WriteError(f"could not save {target}: {why}. Nothing was changed. {todo}", target, why, todo)


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(directory: Path) -> list[Path]:
    """Remove temp files left by a writer that died mid-write. Call with the lock held."""
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    for p in directory.glob(f".*{TEMP_SUFFIX}"):
        if not (p.is_file() or p.is_symlink()):
            continue
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def remove_stale_exports(directory: Path) -> list[Path]:
    """Remove, from a folder exported to, the temp files of exports that were killed mid-write:
    files of ours named ``.NAME.nurture-export.PID.RANDOM.tmp`` whose process is gone. An
    export still running (its process alive, or this one) keeps its file; so does anything else."""
    removed: list[Path] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        m = _EXPORT_TEMP.match(name)
        if m is None or _running(int(m.group(1))):
            continue
        p = directory / name
        try:
            if os.lstat(p).st_uid == os.getuid():
                p.unlink()
                removed.append(p)
        except OSError:
            pass
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # someone else's process (EPERM), or a number we cannot ask about
    return True
