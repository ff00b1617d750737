"""What the CSV and Markdown exports hold: every email and phone, and user text that stays
text. The Markdown is rendered with a real CommonMark parser (markdown-it-py), as a reader's
viewer would: only the headings and lists nurture writes appear, and every line typed stays a
line."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from nurture.domain.models import Contact, Interaction
from nurture.domain.network import Network
from nurture.domain.text import printable
from nurture.exchange.archive import markdown_chunks
from nurture.exchange.sheet import HEADER, csv_chunks
from nurture.tables import markdown_text

TODAY = date(2026, 11, 23)

ZOE = Contact(
    "c-1",
    "Zoë Müller",
    company="Lego",
    email="zoe@lego.com",
    other_emails=("zoe@gmail.com", "z.muller@example.org"),
    phone="+45 33 12 34 56",
    other_phones=("+45 20 99 88 77",),
)
#: Lines that Markdown reads as structure when they start a line (CommonMark §4–5).
STRUCTURE = [
    "Heading typed by hand",
    "===",
    "Another one",
    "---",
    "1) first point",
    "2024. A good year",
    "# not a heading",
    "> not a quote",
    "- not a bullet",
    "* nor this",
    "+ nor this",
    "| not | a table |",
    "|---|---|",
    "    not code",
    "~~~",
    "***",
    "-- -",
    "--- ---",
    "* * *",
    "_ _ _",
    "&copy; stays as typed",
]


def csv_rows(network: Network) -> list[dict[str, str]]:
    text = b"".join(csv_chunks(network, TODAY)).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def markdown(network: Network) -> str:
    contacts = sorted(network.contacts.values(), key=lambda c: c.order_key)
    timelines = [i for c in contacts for i in sorted(network.timeline(c.id), key=lambda i: i.on, reverse=True)]
    return b"".join(markdown_chunks(network, TODAY, contacts, iter(timelines), len(timelines))).decode()


def test_the_csv_has_every_email_and_phone_the_preferred_ones_first():
    assert HEADER[HEADER.index("Email") + 1] == "Other emails"
    assert HEADER[HEADER.index("Phone") + 1] == "Other phones"
    (row,) = csv_rows(Network.of([ZOE]))
    assert row["Email"] == "zoe@lego.com"
    assert row["Other emails"] == "zoe@gmail.com; z.muller@example.org"
    assert row["Phone"] == "'+45 33 12 34 56"  # a spreadsheet would run "+…" as a formula
    assert row["Other phones"] == "'+45 20 99 88 77"
    (plain,) = csv_rows(Network.of([Contact("c-2", "Ann Lee", email="ann@example.com")]))
    assert (plain["Other emails"], plain["Other phones"]) == ("", "")


def test_the_markdown_lists_every_email_and_phone():
    md = markdown(Network.of([ZOE, Contact("c-2", "Ann Lee", email="ann@example.com")]))
    assert "- **Emails:** zoe@lego.com, zoe@gmail.com, z.muller@example.org\n" in md
    assert "- **Phones:** +45 33 12 34 56, +45 20 99 88 77\n" in md
    assert "- **Email:** ann@example.com\n" in md


@pytest.fixture
def hostile() -> Network:
    """A contact whose card, notes and conversation notes hold every structure, line by line."""
    notes = "\n".join(STRUCTURE)
    ann = Contact("c-1", "Ann Lee", role="- Staff", company="2024. Inc", notes=notes, location="1) Oslo", stage="met")
    talk = Interaction(
        "i-1",
        "c-1",
        TODAY - timedelta(days=3),
        "coffee",
        summary="# big news",
        notes=notes,
        takeaways=("> quoted?",),
    )
    return Network.of([ann], [talk])


def test_markdown_structure_typed_by_the_user_stays_text(hostile):
    md = markdown(hostile)
    parser = MarkdownIt("commonmark")
    tokens = parser.parse(md)
    kinds = [t.type for t in tokens]
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    assert headings == ["h1", "h2", "h3"]  # "My network", Ann's section, her timeline: no other
    for made in ("ordered_list_open", "hr", "blockquote_open", "table_open", "code_block", "fence", "html_block"):
        assert made not in kinds, (made, md)
    html = parser.render(md)
    assert "<ol" not in html and "<hr" not in html and "<pre" not in html and "<blockquote" not in html
    assert "&copy;" not in html.replace("&amp;copy;", "")  # the entity stays the text typed
    # every line typed is a line: text, then a hard break (<br />), in the card's notes and in
    # the conversation's notes alike
    text = re.sub(r"<[^>]+>", "", html.replace("<br />\n", "\n"))
    unescaped = text.replace("&gt;", ">").replace("&amp;", "&").replace("&lt;", "<")
    lines = unescaped.splitlines()
    for typed in STRUCTURE:
        assert lines.count(typed.strip()) >= 2 or lines.count(typed) >= 2, (typed, lines)
    assert "- Staff at 2024. Inc" in lines
    assert html.count("<br />") >= 2 * (len(STRUCTURE) - 1)


def test_multi_line_notes_keep_their_line_breaks():
    ann = Contact("c-1", "Ann Lee", notes="Met at PyCon\nLikes climbing\n\nAsk about Oslo")
    html = MarkdownIt("commonmark").render(markdown(Network.of([ann])))
    assert "<p>Met at PyCon<br />\nLikes climbing</p>\n<p>Ask about Oslo</p>" in html


@given(st.text(st.characters(max_codepoint=0x2100, exclude_categories=("Cs",)), max_size=12))
@example("- a")
@example("+")
@example("--")
@example("-- -")
@example("--- ---")
@example("--\t-")
@example("- -\t-")
@example("* * *")
@example("_ _ _")
@example("__\t_")
@example("==")
@example("1) x")
@example("2024.")
@example("    x")
@example("\xa0x")
@example("~~~ y")
@example("&copy;")
@example("&#65; and &amp;")
def test_any_one_line_of_text_renders_as_the_text_itself(text):
    """Whatever the text, placed at the start of a line, CommonMark reads it back as that text
    (as ``printable`` shows it, its indentation too; a paragraph drops the spaces at its
    end): one paragraph, no markup."""
    shown = printable(text)
    tokens = MarkdownIt("commonmark").parse(markdown_text(text))
    if not shown.strip():
        assert all(t.type != "heading_open" for t in tokens)
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], (text, markdown_text(text))
    inline = tokens[1].children or []
    assert all(t.type in ("text", "softbreak") for t in inline), (text, [t.type for t in inline])
    assert "".join(t.content for t in inline) == shown.rstrip(), text
