"""Reading a mailbox (issue 22): scanning a 1 GB mbox of realistic messages costs ≤ 4× ``grep -c
'^From '`` on the same file, and peak memory stays under 200 MB.

    python bench/mail_probe.py                 a 1 GB mbox (~100,000 messages), generated under /tmp
    python bench/mail_probe.py --megabytes 8   a small one: checks that it runs
    python bench/mail_probe.py --keep PATH     generate into PATH and leave it there

The mbox is made in the shape Gmail Takeout writes (``From <id>@xxx`` lines, ``X-GM-THRID``,
``X-Gmail-Labels``, multipart/alternative bodies, base64 attachments from 20 KB to 5 MB, a few
invitations, ``>From `` quoting), from a fixed seed, in the mix of a real Gmail mailbox: most
of one is newsletters and notifications (55 %: ``List-Unsubscribe``, no-reply senders) and mail
from people who are not contacts (25 %); the user's own sent mail is 15 % (a third of it to
contacts, the rest to others, which the "people you wrote to" summary needs read), mail from
contacts 4 %, and mail among others that copies a contact 1 %. Received mail carries what
Gmail adds to it (a chain of ``Received:``, ``DKIM-Signature``, ``ARC-*``,
``Authentication-Results``: 2–4 KB of headers), sent mail a short block, as in a Takeout. The
reader is given what ``nurture import`` gives it: the 2,000 contacts' addresses and the user's,
as an ``Interest`` (the prefilter), and the text asked for of the user's mail to contacts.

Both figures are measured in subprocesses on the same file, after a first read that puts it in
the page cache for both: ``grep -c '^From '`` (the floor: one pass over the bytes), then
``nurture.exchange.mail.read_mail`` over every message, its peak resident memory from
``getrusage`` (the interpreter included). The file is deleted afterwards unless ``--keep``
named it. The machine's other load is noise in both: run it on a quiet machine for the figure.

Exits 1 if a target is missed at 256 MB or more (a small file's ratio is all start-up cost).
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATIO_TARGET, MEMORY_TARGET_MB = 4.0, 200
CONTACTS = [f"person{i}@company{i % 97}.example" for i in range(2_000)]
ME = "me@example.org"

_CHILD = """
import resource, sys, time
from pathlib import Path
from nurture.exchange.mail import Interest, MailMessage, Passed, read_mail
path, me = Path(sys.argv[1]), sys.argv[2]
contacts = frozenset(sys.argv[3].split(","))
interest = Interest(contacts, frozenset({me}))
start = time.perf_counter()
read = skipped = passed = invites = 0
for m in read_mail(path, "mbox", interest=interest,
                   wants_text=lambda sender, to: sender == me and any(r in contacts for r in to)):
    if isinstance(m, MailMessage):
        read += 1
        invites += bool(m.calendar)
    elif isinstance(m, Passed):
        passed += 1
    else:
        skipped += 1
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{took:.3f} {read} {passed} {skipped} {invites} {peak:.1f}")
"""


def _received(rng: random.Random, n: int) -> str:
    hops = []
    for _ in range(n):
        hops.append(
            f"Received: from mail-sor-f{rng.randint(10, 99)}.google.com (mail-sor-f{rng.randint(10, 99)}.google.com. "
            f"[209.85.220.{rng.randint(1, 254)}])\n        by mx.google.com with SMTPS id "
            f"{rng.getrandbits(64):x}sor{rng.randint(1000, 9999)}.{rng.randint(10, 99)}.2026.03.02.01.15.00\n"
            f"        for <{ME}>\n        (Google Transport Security);\n        Mon, 2 Mar 2026 01:15:00 -0800 (PST)\n"
        )
    return "".join(hops)


def _signed(rng: random.Random, domain: str) -> str:
    """What Gmail's and the sender's servers add to received mail: signatures and verdicts."""

    def b64(n: int) -> str:
        text = base64.b64encode(rng.randbytes(n)).decode("ascii")
        return "\n\t ".join(text[i : i + 70] for i in range(0, len(text), 70))

    return (
        f"ARC-Seal: i=1; a=rsa-sha256; t=1772442900; cv=none;\n        d=google.com; s=arc-20240605;\n"
        f"        b={b64(256)}\n"
        f"ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=google.com; s=arc-20240605;\n"
        f"        h=to:subject:message-id:date:from:mime-version:dkim-signature;\n        bh={b64(32)};\n"
        f"        fh=; b={b64(256)}\n"
        f"ARC-Authentication-Results: i=1; mx.google.com;\n       dkim=pass header.i=@{domain} header.s=s1;\n"
        f"       spf=pass (google.com: domain of bounce@{domain} designates 209.85.220.41 as permitted sender)"
        f" smtp.mailfrom=bounce@{domain};\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from={domain}\n"
        f"Return-Path: <bounce-{rng.getrandbits(40):x}@{domain}>\n"
        f"Received-SPF: pass (google.com: domain of bounce@{domain} designates 209.85.220.41 as permitted sender)"
        f" client-ip=209.85.220.41;\n"
        f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=s1; t=1772442900;\n"
        f"        h=to:subject:message-id:date:from:mime-version:from:to:cc:subject:date:message-id;\n"
        f"        bh={b64(32)};\n        b={b64(256)}\n"
        f"X-Google-Smtp-Source: {b64(60)}\n"
    )


def generate(path: Path, megabytes: int, seed: int = 22) -> int:
    """An mbox of about ``megabytes`` MB at ``path``; the number of messages written."""
    rng = random.Random(seed)
    blob = base64.encodebytes(rng.randbytes(6 * 1024 * 1024))  # attachments are slices of it
    words = ("coffee meeting thanks project update intro call next week great idea from the team "
             "would you have time to chat about your work on data platforms").split()  # fmt: skip
    senders = ("newsletter", "noreply", "notifications", "news", "updates", "no-reply", "info", "team")
    target = megabytes * 1024 * 1024
    written = n = 0
    with path.open("wb") as f:
        while written < target:
            n += 1
            roll = rng.random()
            stranger = f"someone{rng.randint(1, 50_000)}@mail{rng.randint(1, 300)}.example"
            cc = ""
            if roll < 0.55:  # a newsletter or a notification, to me
                kind = "bulk"
                sender, to = f"{rng.choice(senders)}@service{rng.randint(1, 400)}.example", ME
            elif roll < 0.80:  # from someone who is not a contact
                kind, sender, to = "other", stranger, ME
            elif roll < 0.95:  # mine: a third to contacts, the rest to others
                kind, sender = "mine", ME
                to = rng.choice(CONTACTS) if rng.random() < 1 / 3 else stranger
            elif roll < 0.99:  # from a contact, now and then with others copied
                kind, sender, to = "contact", rng.choice(CONTACTS), ME
                if rng.random() < 0.3:
                    cc = f"Cc: {stranger}, Colleague <colleague{rng.randint(1, 99)}@mail.example>\n"
            else:  # among others, a contact copied
                kind, sender, to = "copied", stranger, f"group{rng.randint(1, 50)}@lists.example"
                cc = f"Cc: Friend <{rng.choice(CONTACTS)}>, {ME}\n"
            mine, listy = kind == "mine", kind == "bulk"
            day, hour = rng.randint(1, 28), rng.randint(0, 23)
            lines = " ".join(rng.choice(words) for _ in range(rng.randint(10, 250)))
            text = "\n".join(lines[i : i + 72] for i in range(0, len(lines), 72))
            if rng.random() < 0.05:
                text += "\n>From the last time we spoke, I remember this.\n"
            shape = rng.random()
            boundary = f"000000000000{rng.getrandbits(48):012x}"
            labels = "Sent" if mine else "Inbox,Opened" + (",Category Updates" if listy else "")
            head = (
                f"From {rng.getrandbits(62)}@xxx Mon Mar {day:02d} {hour:02d}:15:00 +0000 2026\n"
                f"X-GM-THRID: {rng.getrandbits(62)}\nX-Gmail-Labels: {labels}\n"
            )
            if not mine:
                domain = sender.split("@")[1]
                head += (
                    f"Delivered-To: {ME}\n" + _received(rng, rng.randint(1, 3))
                    + f"X-Received: by 2002:a05:6402:{rng.getrandbits(16):x} with SMTP id {rng.getrandbits(64):x};\n"
                    f"        Mon, 2 Mar 2026 01:15:00 -0800 (PST)\n" + _signed(rng, domain)
                )  # fmt: skip
            head += (
                f"MIME-Version: 1.0\nFrom: Person {n} <{sender}>\n"
                f"Date: {['Mon', 'Tue', 'Wed'][n % 3]}, {day} Mar 2026 {hour:02d}:15:00 +0100\n"
                f"Message-ID: <CA{rng.getrandbits(80):x}@mail.gmail.com>\n"
                f"Subject: =?UTF-8?Q?Re=3A_{rng.choice(words)}_=E2=80=93_{n}?=\n"
                f"To: Someone <{to}>\n{cc}"
            )
            if listy:
                head += f"List-Unsubscribe: <mailto:unsub-{n}@list.example>\nList-Id: <news.list.example>\n"
            if shape < 0.6:  # text and html
                body = (
                    f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n--{boundary}\n'
                    f'Content-Type: text/plain; charset="UTF-8"\n\n{text}\n\n--{boundary}\n'
                    f'Content-Type: text/html; charset="UTF-8"\n\n<div dir="ltr">{text}</div>\n\n--{boundary}--\n'
                )
            elif shape < 0.95:  # plain text
                body = f'Content-Type: text/plain; charset="UTF-8"\n\n{text}\n'
            else:  # an attachment, now and then a large one, now and then an invitation
                size = rng.choice((20, 40, 60, 120, 250)) * 1024
                if rng.random() < 0.005:
                    size = 5 * 1024 * 1024
                start = rng.randint(0, len(blob) - size - 1)
                attachment = blob[start : start + size].decode("ascii")
                invite = ""
                if rng.random() < 0.1:
                    invite = (
                        f'--{boundary}\nContent-Type: text/calendar; charset="UTF-8"; method=REQUEST\n\n'
                        f"BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nUID:{n}@google.com\n"
                        "DTSTART:20260410T090000Z\nDTEND:20260410T093000Z\nSUMMARY:Chat\nEND:VEVENT\nEND:VCALENDAR\n"
                    )
                body = (
                    f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n--{boundary}\n'
                    f'Content-Type: text/plain; charset="UTF-8"\n\n{text}\n\n{invite}--{boundary}\n'
                    f'Content-Type: application/pdf; name="doc{n}.pdf"\nContent-Disposition: attachment; '
                    f'filename="doc{n}.pdf"\nContent-Transfer-Encoding: base64\n\n{attachment}\n--{boundary}--\n'
                )
            data = (head + body + "\n").encode("utf-8")
            f.write(data)
            written += len(data)
    return n


def _timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    took = time.perf_counter() - start
    if r.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed: {r.stderr[-2000:]}")
    return took, r.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=1024, help="the mbox's size (default 1024)")
    parser.add_argument("--keep", metavar="PATH", help="generate into PATH and leave it there")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="nurture-mail-probe-"))
    path = Path(args.keep) if args.keep else folder / "takeout.mbox"
    try:
        start = time.perf_counter()
        n = generate(path, args.megabytes)
        size = path.stat().st_size
        print(f"generated {n:,} messages, {size / 1e6:,.0f} MB in {time.perf_counter() - start:.0f} s")
        with path.open("rb") as f:  # into the page cache, for both
            while f.read(1 << 24):
                pass
        grep_s, grep_out = _timed(["grep", "-c", "^From ", str(path)])
        total_s, out = _timed([sys.executable, "-c", _CHILD, str(path), ME, ",".join(CONTACTS)])
        took, read, passed, skipped, invites, peak = out.split()
        ratio = float(took) / grep_s
        print(f"grep -c '^From ': {grep_s:.2f} s ({grep_out} lines)")
        print(f"read_mail: {float(took):.2f} s in the reader ({total_s:.2f} s with start-up); "
              f"{int(read):,} read, {int(skipped):,} skipped, {int(passed):,} passed over (no contact, "
              f"not sent by me), {int(invites):,} invitations")  # fmt: skip
        ratio_met, memory_met = ratio <= RATIO_TARGET, float(peak) < MEMORY_TARGET_MB
        print("| figure | measured | target | met |")
        print("| --- | --- | --- | --- |")
        print(f"| scan vs grep -c '^From ' | {ratio:.2f} × | ≤ {RATIO_TARGET:g}× | {'yes' if ratio_met else 'NO'} |")
        print(f"| peak memory | {float(peak):.0f} MB | < {MEMORY_TARGET_MB} MB | {'yes' if memory_met else 'NO'} |")
        if int(read) + int(passed) + int(skipped) != n or int(skipped):
            print(f"expected {n:,} messages read and none skipped", file=sys.stderr)
            return 1
        if args.megabytes >= 256 and not (ratio_met and memory_met):
            return 1
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder.exists():
            os.rmdir(folder)


if __name__ == "__main__":
    sys.exit(main())
