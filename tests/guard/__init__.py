"""The network guard for subprocesses; see sitecustomize.py."""

import os
from pathlib import Path

GUARD_DIR = Path(__file__).resolve().parent


def guarded_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess under the network guard."""
    env = {**os.environ, "NURTURE_NO_NETWORK": "1", **extra}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(GUARD_DIR), env.get("PYTHONPATH", "")) if p)
    return env
