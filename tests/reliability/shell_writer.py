"""Writes N interactions through the shell's services, as `nurture log` would, one per write,
with a few milliseconds between writes as separate shell commands have (a process that takes
the lock again the moment it lets go starves every other process polling for it)."""

import sys
import time
from datetime import date
from pathlib import Path

from nurture.services import Nurture
from nurture.store import Repository

data_dir, contact_id, tag, n = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
service = Nurture(Repository(data_dir).open(), today=lambda: date(2026, 11, 23))
for k in range(n):
    service.log(contact_id, "message", notes=f"{tag}-{k}")
    time.sleep(0.005)
print("done", flush=True)
