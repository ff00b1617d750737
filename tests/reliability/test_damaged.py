"""Files nurture cannot read or write: a clear message naming the file and what to do, and the
bytes on disk untouched. (Tests run as root here, which ignores permission bits, so refusals
from the operating system are simulated at the system call.)"""

from __future__ import annotations

import errno
import os

import pytest

from nurture.services import Nurture
from nurture.store import DataFileError, Repository
from nurture.store import files as store_files
from nurture.store import storage as store_storage
from tests.conftest import TODAY


def _service(data_dir) -> Nurture:
    return Nurture(Repository(data_dir).open(), today=lambda: TODAY)


def test_an_unreadable_file_is_named_with_what_to_do(data_dir, monkeypatch):
    _service(data_dir).add_contact("Ada")
    target = data_dir / "contacts.json"
    before = target.read_bytes()
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path) == str(target) and not flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(store_storage.os, "open", refuse)
    with pytest.raises(DataFileError) as e:
        _service(data_dir).network()
    assert str(target) in str(e.value) and "Permission denied" in str(e.value)
    assert "Check its permissions" in str(e.value)
    monkeypatch.undo()
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("err", "says"),
    [
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission denied"),
        (errno.ENOSPC, "disk is full"),
    ],
)
def test_a_directory_that_cannot_be_written_changes_nothing(data_dir, monkeypatch, err, says):
    service = _service(data_dir)
    service.add_contact("Ada")
    before = {p: p.read_bytes() for p in data_dir.rglob("*.json")}
    real_open = os.open

    def refuse(path, flags, *args):
        if flags & os.O_CREAT and str(path).endswith(".tmp"):
            raise OSError(err, os.strerror(err))
        return real_open(path, flags, *args)

    monkeypatch.setattr(store_files.os, "open", refuse)
    with pytest.raises(DataFileError) as e:
        service.add_contact("Bob")
    message = str(e.value)
    assert "contacts.json" in message and says in message and "Nothing was changed" in message
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in data_dir.rglob("*.json")} == before
    assert [c.name for c in _service(data_dir).network().contacts.values()] == ["Ada"]


def test_a_data_directory_that_cannot_be_created_is_explained(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    with pytest.raises(DataFileError) as e:
        Repository(blocker / "data").open()
    assert str(blocker / "data") in str(e.value) and "--data-dir" in str(e.value)
