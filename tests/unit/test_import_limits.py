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

FOLDS = 100_000


def folded_note_card(folds: int, eol: str = "\r\n") -> tuple[str, str]:
    """A vCard 3.0 card whose NOTE is folded over ``folds`` lines, and the NOTE it holds (one
    character a line, so 100,000 lines stay within the 100 KB a note may hold)."""
    pieces = [f"{i % 10}" for i in range(folds)]
    card = eol.join(
        ["BEGIN:VCARD", "VERSION:3.0", "FN:Ada Lovelace", "NOTE:start " + pieces[0],
         *(" " + p for p in pieces[1:]), "EMAIL:ada@example.com", "END:VCARD", ""]
    )  # fmt: skip
    return card, ("start " + "".join(pieces)).strip()


@pytest.mark.parametrize("eol", ["\r\n", "\n"])
def test_a_note_folded_over_100_000_lines_imports_whole(service, tmp_path, eol):
    card, note = folded_note_card(FOLDS, eol)
    f = tmp_path / "long.vcf"
    f.write_text(card, newline="")
    service.import_file(f)
    (ada,) = service.network().contacts.values()
    assert (ada.name, ada.email) == ("Ada Lovelace", "ada@example.com")
    assert ada.notes == note


def test_vobject_is_handed_each_line_already_unfolded(service, tmp_path, monkeypatch):
    """vobject joins folded lines by re-reading everything joined so far for each one (time
    grows with the square of the number of folds): it must only ever see unfolded lines."""
    from nurture.exchange import vcard

    seen: list[str] = []
    real = vcard.parseLine
    monkeypatch.setattr(vcard, "parseLine", lambda text, *a: seen.append(text) or real(text, *a))
    card, note = folded_note_card(1000)
    f = tmp_path / "folded.vcf"
    f.write_text(card + (FIXTURES / "android21.vcf").read_text(), newline="")
    service.import_file(f)
    assert seen and all("\n" not in text and "\r" not in text for text in seen)
    assert seen[:4] == ["VERSION:", "FN:", "NOTE:", "EMAIL:"]  # the NOTE's 1000 lines are one
    assert people(service)["Ada Lovelace"].notes == note


def test_quoted_printable_soft_line_breaks_are_not_folds(service, tmp_path):
    """vCard 2.1: ``=`` at the end of a quoted-printable line joins the next line as it is,
    leading spaces included; over many lines too."""
    lines = [f" part {i}=" for i in range(8_000)]  # each continuation starts with a space
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
    assert jo.notes == "café" + "".join(f" part {i}" for i in range(8_000)) + " end"
    assert jo.role == "Chef de cuisine et pâtissier"
    assert jo.company == "FoldedInc"


# --- messages stay readable, whatever the file holds -------------------------------------------

COLUMNS = 100_000


def test_a_csv_of_100_000_columns_is_named_in_a_short_note(service, tmp_path):
    f = tmp_path / "wide.csv"
    f.write_text("Name," + ",".join(f"col{i}" for i in range(COLUMNS)) + "\nAda\n")
    result = service.import_file(f)
    (note,) = result.plan.warnings
    assert note == (
        "columns nurture has no field for, not imported: "
        + ", ".join(f"col{i}" for i in range(10))
        + f" and {COLUMNS - 10:,} more"
    )


def test_a_csv_of_100_000_columns_and_no_name_is_refused_in_one_short_line(service, tmp_path):
    f = tmp_path / "wide.csv"
    f.write_text(",".join(f"col{i}" for i in range(COLUMNS)) + "\nAda\n")
    with pytest.raises(InputError) as e:
        service.import_file(f)
    message = str(e.value)
    assert len(message) < 500 and "\n" not in message
    assert f"(found: col0, col1, col2, col3, col4, col5, col6, col7, col8, col9 and {COLUMNS - 10:,} more)" in message


def test_the_shell_prints_a_short_note_for_100_000_columns(tmp_path):
    f = tmp_path / "wide.csv"
    f.write_text("Name," + ",".join(f"col{i}" for i in range(COLUMNS)) + "\nAda\n")
    out = CLI(tmp_path / "data").ok("import", str(f), "--dry-run")
    assert len(out) < 1000 and f"and {COLUMNS - 10:,} more" in out


def test_long_column_names_are_shortened_in_the_note(service, tmp_path):
    f = tmp_path / "long.csv"
    f.write_text("Name," + "x" * 100_000 + "\nAda,1\n")
    (note,) = service.import_file(f).plan.warnings
    assert len(note) < 200 and note.endswith("…")


def test_a_huge_value_is_shortened_where_an_error_quotes_it(service, tmp_path):
    f = tmp_path / "email.csv"
    f.write_text("Name,Email,Stage\nAda," + "a" * 1000 + ",\nGrace,g@example.com," + "b" * 100_000 + "\n")
    with pytest.raises(InputError, match=r"line 2: email: 'a+…' does not look like an email address") as e:
        service.import_file(f)
    assert len(str(e.value)) < 300
    f.write_text("Name,Stage\nGrace," + "b" * 100_000 + "\n")
    with pytest.raises(InputError, match=r"line 2: stage: unknown stage 'b+…'; use one of") as e:
        service.import_file(f)
    assert len(str(e.value)) < 300


def test_vcard_fields_without_a_place_are_listed_briefly(service, tmp_path):
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P{i}\r\nX-FIELD-{i}:v\r\nEND:VCARD\r\n" for i in range(500))
    f = tmp_path / "many.vcf"
    f.write_text(cards, newline="")
    (note,) = service.import_file(f).plan.warnings
    assert note.startswith("vCard fields nurture has no place for, not imported: X-FIELD-0 (1), ")
    assert note.endswith(" and 490 more") and len(note) < 300


def test_an_unreadable_vcard_line_is_not_echoed_whole(service, tmp_path):
    f = tmp_path / "bad.vcf"
    f.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n" + "x" * 100_000 + "\r\nEND:VCARD\r\n", newline="")
    with pytest.raises(InputError, match=r"card 1 \(line 1\): cannot be read \(Failed to parse line: x+…\)") as e:
        service.import_file(f)
    assert len(str(e.value)) < 300


def test_a_json_export_with_huge_values_is_refused_briefly(service, tmp_path):
    f = tmp_path / "x.json"
    f.write_text('{"nurture_export": {"version": "' + "9" * 100_000 + '"}}')
    with pytest.raises(InputError, match=r"is a nurture export of version '9+…'") as e:
        service.import_file(f)
    assert len(str(e.value)) < 300
    ada = {"id": "a", "name": "Ada", "referred_by": "z" * 100_000}
    f.write_text('{"nurture_export": {"version": 1}, "contacts": [' + __import__("json").dumps(ada) + "]}")
    with pytest.raises(InputError, match=r"contacts\[0\]: introduced by 'z+…', who is not in the file") as e:
        service.import_file(f)
    assert len(str(e.value)) < 300


def test_introducers_left_blank_are_listed_ten_then_counted(service, tmp_path):
    f = tmp_path / "intro.csv"
    f.write_text("Name,Introduced by\n" + "".join(f"P{i},Nobody {i}\n" for i in range(50)))
    warnings = service.import_file(f).plan.warnings
    assert warnings[:10] == [
        f"line {i + 2}: introduced by 'Nobody {i}' left blank (no contact has that name)" for i in range(10)
    ]
    assert warnings[10:] == ["… and 40 more introduced by someone left blank"]


def test_every_import_error_is_one_readable_line_at_most():
    """The last safeguard: whatever a reason quotes, the message stays short."""
    e = source.ImportFileError("f.csv", "line 2", "cannot be read (" + "x" * 100_000 + ")")
    assert len(str(e)) < 1000 and str(e).endswith("…. Nothing was imported.")
