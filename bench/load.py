"""Opening a data directory and decoding everything in it, as one figure to compare two versions.

    .venv/bin/nurture --data-dir /tmp/s10k seed --contacts 10000 --interactions 50000 --as-of 2026-11-23
    python bench/load.py /tmp/s10k                       # this checkout
    git archive REV nurture | tar -x -C /tmp/old && PYTHONPATH=/tmp/old python bench/load.py /tmp/s10k

Prints, in ms, the median of N cold runs (a new Repository each time) of ``open().load()`` plus
``all_interactions()`` (every shard decoded), wall and CPU time; and the CPU time of decoding
the parsed records alone (``Contact.from_dict`` and ``Interaction.from_dict``). Run the two
versions alternately a few times: on a busy machine, compare medians.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

import orjson

from nurture.domain.models import Contact, Interaction
from nurture.store import Repository


def cold_load(data: Path) -> tuple[float, float]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    repo = Repository(data).open()
    repo.load()
    repo.all_interactions()
    return time.perf_counter() - wall, time.process_time() - cpu


def decode_only(contacts: list[dict], interactions: list[dict]) -> float:
    gc.disable()
    cpu = time.process_time()
    [Contact.from_dict(d) for d in contacts]
    [Interaction.from_dict(d) for d in interactions]
    spent = time.process_time() - cpu
    gc.enable()
    return spent


def main(argv: list[str]) -> None:
    data, runs = Path(argv[0]), int(argv[1]) if len(argv) > 1 else 7
    cold_load(data)  # warms the page cache and writes any missing index
    loads = [cold_load(data) for _ in range(runs)]
    contacts = list(orjson.loads((data / "contacts.json").read_bytes())["contacts"].values())
    interactions = [
        d
        for p in sorted((data / "interactions").glob("*.json"))
        for d in orjson.loads(p.read_bytes())["interactions"].values()
    ]
    decode_only(contacts, interactions)
    decodes = [decode_only(contacts, interactions) for _ in range(runs)]
    ms = lambda xs: f"{statistics.median(xs) * 1000:.0f}"  # noqa: E731
    print(f"load wall {ms([w for w, _ in loads])} cpu {ms([c for _, c in loads])} decode {ms(decodes)}")


if __name__ == "__main__":
    main(sys.argv[1:])
