"""A writer for the crash test: logs interactions (and now and then adds a contact, or books an
appointment with one) through the
same services the shell uses, printing each id only after the write returned. Killed at random
by the test; whatever it printed must survive."""

import sys
from datetime import UTC, date, datetime, timedelta
from itertools import count
from pathlib import Path

from nurture.domain.requests import BookRequest
from nurture.services import Nurture
from nurture.store import Repository


def main() -> None:
    data_dir, tag = Path(sys.argv[1]), sys.argv[2]
    print("ready", flush=True)  # imported: the test's random moments start here
    service = Nurture(Repository(data_dir).open(), today=lambda: date(2026, 11, 23), now=datetime.now)
    contact = service.add_contact(f"Writer {tag}", allow_duplicate=True)
    print(f"contact {contact.id}", flush=True)
    for n in count():
        if n % 7 == 6:
            c = service.add_contact(f"Friend {tag}-{n}", company="x" * 200, allow_duplicate=True)
            print(f"contact {c.id}", flush=True)
        elif n % 7 == 3:
            start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2, minutes=30 * n)
            booked = service.book(BookRequest.typed(contact.id, start, where="https://zoom.us/j/1", note=f"chat {n}"))
            print(f"appointment {booked.appointment.id}", flush=True)
        else:
            logged = service.log(contact.id, "email", notes=f"note {tag}-{n} " + "y" * 500)
            print(f"interaction {logged.interaction.id}", flush=True)


if __name__ == "__main__":
    main()
