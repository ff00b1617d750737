"""Input that is not an ordinary file, or far bigger than any address book: refused (or, for
standard input, read within the same limit) before it can hang nurture, exhaust its memory or
flood the screen. Nothing is written when an input is refused."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from nurture.domain.errors import InputError
from nurture.exchange import source
from tests.guard import guarded_env
from tests.unit.test_cli import CLI, snapshot
from tests.unit.test_import import FIXTURES, people


@contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging the suite) if the block takes longer than ``seconds``."""

    def expired(signum, frame):
        raise AssertionError(f"still running after {seconds} s: it hangs")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def stdin_of(monkeypatch, data: bytes, *, tty: bool = False) -> None:
    class Stdin(io.TextIOWrapper):
        def isatty(self) -> bool:
            return tty

    monkeypatch.setattr(sys, "stdin", Stdin(io.BytesIO(data), encoding="utf-8"))


# --- special files ---------------------------------------------------------------------------


def test_a_fifo_with_no_writer_is_refused_at_once(service, data_dir, tmp_path):
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)
    before = snapshot(data_dir)
    with deadline(10), pytest.raises(InputError, match=r"contacts.csv: is a named pipe") as e:
        service.import_file(fifo)
    assert str(e.value).endswith("Nothing was imported.")
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused_without_being_read(service, data_dir, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    before = snapshot(data_dir)
    with deadline(10), pytest.raises(InputError, match=rf"^{device}: is a device, not a file"):
        service.import_file(device)
    assert snapshot(data_dir) == before


def test_a_regular_file_still_imports_and_a_directory_is_named(service, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("Name,Company\nAda,Acme\n")
    assert len(service.import_file(f).plan.created) == 1
    with pytest.raises(InputError, match="is a directory; give the file inside it"):
        service.import_file(tmp_path)


def test_a_file_whose_size_says_less_than_it_holds_is_still_limited(monkeypatch):
    """The limit holds for what is read, not for the size the file reports: files under /proc
    say they are empty (so do pipes), and a file may grow after its size was checked."""
    if not os.path.exists("/proc/self/maps"):
        pytest.skip("no /proc here")
    assert os.stat("/proc/self/maps").st_size == 0
    monkeypatch.setattr(source, "MAX_BYTES", 100)
    with pytest.raises(InputError, match=r"^/proc/self/maps: is over 0 MB"):
        source.read_bytes(Path("/proc/self/maps"))


# --- standard input --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["-", "/dev/stdin", "/proc/self/fd/0"])
def test_standard_input_is_read_by_any_of_its_names(service, monkeypatch, name):
    stdin_of(monkeypatch, b"Name,Company\nAda,Acme\nGrace,Navy\n")
    result = service.import_file(name)
    assert result.format == "csv"
    assert sorted(c.name for c in service.network().contacts.values()) == ["Ada", "Grace"]


def test_standard_input_format_is_detected_by_content(service, monkeypatch):
    stdin_of(monkeypatch, b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")
    assert service.import_file("-").format == "vcard"


def test_standard_input_over_the_limit_is_refused_after_reading_only_the_limit(service, data_dir, monkeypatch):
    monkeypatch.setattr(source, "MAX_BYTES", 1000)
    data = io.BytesIO(b"Name\n" + b"x\n" * 100_000)
    read = []

    class Stdin(io.TextIOWrapper):
        def isatty(self) -> bool:
            return False

    class Counting(io.BufferedReader):
        def read(self, n=-1):
            chunk = super().read(n)
            read.append(len(chunk))
            return chunk

    monkeypatch.setattr(sys, "stdin", Stdin(Counting(data), encoding="utf-8"))
    before = snapshot(data_dir)
    with pytest.raises(InputError, match=r"^standard input: is over 0 MB; nurture imports files up to 0 MB"):
        service.import_file("-")
    assert sum(read) <= 1001
    assert snapshot(data_dir) == before


def test_a_terminal_as_standard_input_is_refused_rather_than_waited_on(service, monkeypatch):
    stdin_of(monkeypatch, b"", tty=True)
    with pytest.raises(InputError, match=r"^standard input: is a terminal"):
        service.import_file("-")


def test_import_dash_reads_a_pipe_from_the_shell(tmp_path):
    cli = CLI(tmp_path / "data")
    env = guarded_env(PYTHONIOENCODING="utf-8")
    env.pop("NURTURE_DATA_DIR", None)
    argv = [sys.executable, "-m", "nurture", "--data-dir", str(cli.data_dir), "import", "-"]
    r = subprocess.run(argv, input=b"Name,Company\nAda,Acme\n", capture_output=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert b"standard input (CSV): Added 1 contact" in r.stdout
    assert "Ada" in cli.ok("list")


def test_a_pipe_over_50_mb_is_refused_with_exit_2_and_nothing_written(tmp_path):
    """The 59 MB pipe that used to be read whole: stat says a pipe is 0 bytes long."""
    cli = CLI(tmp_path / "data")
    cli.ok("add", "Someone")
    before = snapshot(cli.data_dir)
    env = guarded_env(PYTHONIOENCODING="utf-8")
    env.pop("NURTURE_DATA_DIR", None)
    payload = b"Name\n" + b"x" * (source.MAX_BYTES + 10)
    for name in ("-", "/dev/stdin"):
        argv = [sys.executable, "-m", "nurture", "--data-dir", str(cli.data_dir), "import", name]
        r = subprocess.run(argv, input=payload, capture_output=True, env=env, timeout=120)
        err = r.stderr.decode()
        assert r.returncode == 2, err
        assert err.count("\n") == 1 and "is over 50 MB; nurture imports files up to 50 MB" in err
        assert snapshot(cli.data_dir) == before


# --- vCard: folded lines cost time in proportion to their number ------------------------------

FOLDS = 200_000


def folded_note_card(folds: int, eol: str = "\r\n") -> tuple[str, str]:
    """A vCard 3.0 card whose NOTE is folded over ``folds`` lines, and the NOTE it holds."""
    pieces = [f"word{i % 10} " for i in range(folds)]
    card = eol.join(
        ["BEGIN:VCARD", "VERSION:3.0", "FN:Ada Lovelace", "NOTE:start " + pieces[0],
         *(" " + p for p in pieces[1:]), "EMAIL:ada@example.com", "END:VCARD", ""]
    )  # fmt: skip
    return card, ("start " + "".join(pieces)).strip()


@pytest.mark.parametrize("eol", ["\r\n", "\n"])
def test_a_note_folded_over_200_000_lines_imports_whole(service, tmp_path, eol):
    card, note = folded_note_card(FOLDS, eol)
    f = tmp_path / "long.vcf"
    f.write_text(card, newline="")
    service.import_file(f)
    (ada,) = service.network().contacts.values()
    assert (ada.name, ada.email) == ("Ada Lovelace", "ada@example.com")
    assert ada.notes == note


def test_vobject_is_handed_each_card_already_unfolded(service, tmp_path, monkeypatch):
    """vobject joins folded lines by re-reading everything joined so far for each one (time
    grows with the square of the number of folds): it must only ever see unfolded lines."""
    import vobject

    seen: list[str] = []
    real = vobject.readOne
    monkeypatch.setattr(vobject, "readOne", lambda text, **kw: seen.append(text) or real(text, **kw))
    card, note = folded_note_card(1000)
    f = tmp_path / "folded.vcf"
    f.write_text(card + (FIXTURES / "android21.vcf").read_text(), newline="")
    service.import_file(f)
    assert seen and all("\n " not in text and "\n\t" not in text for text in seen)
    assert len(seen[0].splitlines()) == 6  # BEGIN VERSION FN NOTE EMAIL END
    assert people(service)["Ada Lovelace"].notes == note


def test_quoted_printable_soft_line_breaks_are_not_folds(service, tmp_path):
    """vCard 2.1: ``=`` at the end of a quoted-printable line joins the next line as it is,
    leading spaces included; over many lines too."""
    lines = [f" part {i}=" for i in range(20_000)]  # each continuation starts with a space
    card = "\r\n".join(
        ["BEGIN:VCARD", "VERSION:2.1", "N:Bloggs;Jo;;;", "FN:Jo Bloggs",
         "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=", *lines, " end",
         "TITLE;ENCODING=QUOTED-PRINTABLE:Chef de cuisine =", "  et p=C3=A2tissier",
         "ORG:Folded", " Inc", "END:VCARD", ""]
    )  # fmt: skip
    f = tmp_path / "qp.vcf"
    f.write_text(card, newline="")
    service.import_file(f)
    jo = people(service)["Jo Bloggs"]
    assert jo.notes == "café" + "".join(f" part {i}" for i in range(20_000)) + " end"
    assert jo.role == "Chef de cuisine et pâtissier"
    assert jo.company == "FoldedInc"
