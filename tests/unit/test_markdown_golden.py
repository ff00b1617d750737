"""The Markdown export, byte for byte: a seeded network with notes edited by hand to hold
everything the renderer treats specially (Markdown punctuation, line breaks of every kind,
blank and indented lines, control characters, action items, takeaways, a record missing
fields) gives exactly the file nurture wrote before its timelines were rendered from the
stored records instead of decoded ones (``fixtures/exchange/archive.md.gz``)."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from tests.unit.test_cli import AS_OF, CLI

GOLDEN = Path(__file__).parent.parent / "fixtures" / "exchange" / "archive.md.gz"

ODD_TEXT = [
    "Uses *stars*, _underscores_, `code`, [links](x), <b>tags</b>, # hash | pipe \\ back",
    "line one\nline *two*\n\n   \nline four after blank and spaces\n",
    "windows\r\nline breaks\rand\x0bothers\x0cform\x1cfs\x85nel\u2028ls\u2029ps end",
    "tab\there, bell\x07, escape \x1b[31mred\x1b[0m, del\x7f, c1\x9b",
    "\n\nleading blank lines then text\n  indented  \n\t\n",
    "   ",
    "plain one-liner with accents: Sofía, Łódź, 東京",
]


def odd_records(data: Path) -> None:
    """Hand edits, as someone with a text editor would make them, to a few stored notes."""
    shards = sorted((data / "interactions").glob("*.json"))
    for n, shard in enumerate(shards[:4]):
        doc = json.loads(shard.read_text())
        records = list(doc["interactions"].values())
        for i, r in enumerate(records[:8]):
            text = ODD_TEXT[(i + n) % len(ODD_TEXT)]
            r["summary"] = text.replace("\n", " ") if i % 2 else text
            r["notes"] = ODD_TEXT[(i + n + 1) % len(ODD_TEXT)]
            r["takeaways"] = [ODD_TEXT[(i + n + 2) % len(ODD_TEXT)], "a *plain* takeaway", ""]
            r["action_items"] = [
                {"text": ODD_TEXT[(i + n + 3) % len(ODD_TEXT)], "owner": "me", "done": False},
                {"text": "send the [deck]", "owner": "them", "done": True},
            ]
            r["duration_minutes"] = [None, 1, 45, 24 * 60][i % 4]
        partial = records[8]  # written by hand without the optional fields
        doc["interactions"][partial["id"]] = {k: partial[k] for k in ("id", "contact_id", "date", "kind", "summary")}
        reordered = records[9]  # the same fields in another order
        doc["interactions"][reordered["id"]] = dict(reversed(list(reordered.items())))
        shard.write_text(json.dumps(doc, ensure_ascii=n % 2 == 0))
    contacts = json.loads((data / "contacts.json").read_text())
    for i, c in enumerate(list(contacts["contacts"].values())[:5]):
        c["notes"] = ODD_TEXT[i]
        c["role"] = "Head of *Research* <ops>"
    (data / "contacts.json").write_text(json.dumps(contacts))


def export(data: Path) -> bytes:
    r = CLI(data)("export", "--format", "markdown", "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    return r.stdout.encode("utf-8")


def test_the_markdown_export_is_byte_for_byte_what_it_was(tmp_path):
    data = tmp_path / "data"
    CLI(data).ok("seed", "--contacts", "300", "--interactions", "1500", "--as-of", AS_OF)
    odd_records(data)
    made = export(data)
    if os.environ.get("NURTURE_WRITE_GOLDEN"):
        GOLDEN.write_bytes(gzip.compress(made, mtime=0))
    expected = gzip.decompress(GOLDEN.read_bytes())
    assert made.count(b"\n## ") == 300
    assert b"\\*stars\\*" in made and b"  line \\*two\\*\n" in made
    assert made == expected
