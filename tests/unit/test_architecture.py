"""The layering in the README, enforced: import-linter's contracts live in pyproject.toml."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "import-linter is a test dependency: pip install -e '.[test]'"
    env = {**os.environ, "COLUMNS": "200"}  # one line per contract, however long its name
    return subprocess.run([exe, "--no-cache"], cwd=where, capture_output=True, text=True, timeout=120, env=env)


def test_import_contracts_hold():
    r = lint_imports(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("domain/text.py", "import tinydb", "Only the store touches the database"),
        ("domain/text.py", "import nurture.store", "Layers"),
        ("services/review.py", "import nurture.screens.help", "Layers"),
        ("store/files.py", "import nurture.exchange.formats", "Layers"),  # siblings stay apart
        ("services/review.py", "import textual", "Only the dashboard draws"),
        ("domain/wording.py", "import orjson", "orjson and platformdirs only at the edges"),
        ("helpers.py", "x = 1", "Layers"),  # a new module at the top must be given its layer
    ],
)
def test_a_contract_broken_anywhere_fails_the_check(tmp_path, module, line, contract):
    """The contracts name packages, not lists of modules: an import added anywhere in one (or a
    new module at the top) is checked without editing them."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "nurture", tmp_path / "nurture", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "nurture" / module
    with target.open("a") as f:
        f.write(f"\n{line}  # noqa\n")
    r = lint_imports(tmp_path)
    assert r.returncode != 0, r.stdout
    broken = [row for row in r.stdout.splitlines() if row.endswith("BROKEN")]
    assert len(broken) == 1 and broken[0].startswith(contract), r.stdout


def test_shell_commands_do_not_import_the_ui():
    code = (
        "import sys, nurture.cli\n"
        "nurture.cli.main(['--data-dir', sys.argv[1], 'list'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print(bad)\n"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([sys.executable, "-c", code, d], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"
