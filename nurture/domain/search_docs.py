"""What full-text search finds: every piece of text a user wrote or was told, cut into
``Doc``s, one per note, takeaway, action item, contact field, meeting in progress, prepared
question, own question, saved draft, or an appointment's note and where.

A ``Doc`` keeps the text as stored (NFC) and says where it comes from (the data file, the
contact, the interaction) and what it is (``field``), so a result can name it ("coffee
takeaway", "action item (yours)") and open it. The search index is built from these and
nothing else: a record's docs are a pure function of the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from nurture.domain.appointments import Appointment
from nurture.domain.library import MeetingDraft, OwnQuestion, Prep
from nurture.domain.models import ME, NOTE, Contact, Interaction
from nurture.domain.text import nfc

SUMMARY, NOTES, TAKEAWAY, TODO_MINE, TODO_THEIRS = "summary", "notes", "takeaway", "todo-mine", "todo-theirs"
CONTACT_NOTES, HOW_MET, ROLE, COMPANY, TAGS = "contact-notes", "how-met", "role", "company", "tags"
MEETING_NOTES, DRAFT, QUESTION, PREP = "meeting-notes", "draft", "question", "prep"
APPOINTMENT_NOTE, APPOINTMENT_WHERE = "appointment-note", "appointment-where"

#: The fields of an interaction, in the order a timeline shows them.
INTERACTION_FIELDS: tuple[str, ...] = (SUMMARY, NOTES, TAKEAWAY, TODO_MINE, TODO_THEIRS)
#: The fields of a contact's card.
CONTACT_FIELDS: tuple[str, ...] = (CONTACT_NOTES, HOW_MET, ROLE, COMPANY, TAGS)
#: Every field a doc can have.
FIELDS: tuple[str, ...] = (
    *INTERACTION_FIELDS, *CONTACT_FIELDS, MEETING_NOTES, DRAFT, QUESTION, PREP, APPOINTMENT_NOTE, APPOINTMENT_WHERE,
)  # fmt: skip
#: Action items, either owner.
TODOS: frozenset[str] = frozenset({TODO_MINE, TODO_THEIRS})

#: What a result row says a doc is, by its field.
LABELS: dict[str, str] = {
    SUMMARY: "summary",
    NOTES: "note",
    TAKEAWAY: "takeaway",
    TODO_MINE: "action item (yours)",
    TODO_THEIRS: "action item (theirs)",
    CONTACT_NOTES: "contact's notes",
    HOW_MET: "how you met",
    ROLE: "role",
    COMPANY: "company",
    TAGS: "tags",
    MEETING_NOTES: "meeting notes (in progress)",
    DRAFT: "saved draft",
    QUESTION: "your question",
    PREP: "prepared question",
    APPOINTMENT_NOTE: "appointment note",
    APPOINTMENT_WHERE: "where you meet",
}

CONTACTS, MEETINGS, QUESTIONS, PREPS, DRAFTS = "contacts", "meetings", "questions", "prep", "drafts"
APPOINTMENTS = "appointments"


@dataclass(frozen=True, slots=True)
class Doc:
    """One searchable text. ``key`` is unique across all docs:

    - ``i:{interaction_id}:{field}:{n}``: an interaction's summary or notes (``n`` 0), its
      ``n``-th takeaway, or its ``n``-th action item (``n`` counts all action items, either owner);
    - ``c:{contact_id}:{field}``: a field of a contact's card;
    - ``m:{contact_id}``: the notes of a meeting in progress;
    - ``p:{contact_id}:{n}``: the ``n``-th question prepared for a contact;
    - ``q:{question_id}``: a question of the user's own;
    - ``d:{name}``: an outreach draft saved as a file;
    - ``a:{appointment_id}:{field}``: an appointment's note, or where it is.
    """

    key: str
    source: str  # the data file: "contacts", "interactions/NN", "meetings", "questions", "prep", "appointments",
    # or "drafts"
    contact_id: str  # "" for own questions and drafts without a contact
    interaction_id: str | None
    on: date | None  # the interaction's date; when a meeting began; when a question or prep list was saved;
    # the day an appointment is on (where it was booked)
    kind: str  # the interaction's kind; "" for everything else
    field: str  # one of FIELDS
    text: str  # the text as stored (NFC)
    done: bool = False  # an action item ticked off

    @property
    def label(self) -> str:
        return label(self.kind, self.field)


def label(kind: str, field: str) -> str:
    """What a result row calls a doc: "coffee note", "call takeaway", "action item (yours)",
    "contact's notes". An interaction's summary and notes are named with its kind (a note of kind
    ``note`` is just "note"); takeaways and action items too, when the kind is known."""
    what = LABELS.get(field, field)
    if not kind or field not in INTERACTION_FIELDS:
        return what
    if kind == NOTE and field == NOTES:
        return what
    return f"{kind} {what}"


def _doc(key: str, source: str, contact_id: str, text: str, field: str, on: date | None = None) -> Doc | None:
    text = nfc(text)
    if not text.strip():
        return None
    return Doc(key, source, contact_id, None, on, "", field, text)


def _of(i: Interaction, source: str, field: str, n: int, text: str, done: bool = False) -> Doc | None:
    text = nfc(text)
    if not text.strip():
        return None
    return Doc(f"i:{i.id}:{field}:{n}", source, i.contact_id, i.id, i.on, i.kind, field, text, done)


def _kept(docs: list[Doc | None]) -> list[Doc]:
    return [d for d in docs if d is not None]


def docs_of_interaction(i: Interaction, source: str) -> list[Doc]:
    """The summary, the notes, each takeaway and each action item (done or not: ``done`` says)
    of an interaction; empty texts left out. ``source`` is the shard the interaction is stored
    in ("interactions/07")."""
    docs = [_of(i, source, SUMMARY, 0, i.summary), _of(i, source, NOTES, 0, i.notes)]
    docs += [_of(i, source, TAKEAWAY, n, t) for n, t in enumerate(i.takeaways)]
    docs += [
        _of(i, source, TODO_MINE if item.owner == ME else TODO_THEIRS, n, item.text, item.done)
        for n, item in enumerate(i.action_items)
    ]
    return _kept(docs)


def docs_of_contact(c: Contact) -> list[Doc]:
    """A contact's notes, how you met, role, company and tags (one doc, the tags joined with
    ", "). Undated: a card is not an event."""
    return _kept(
        [
            _doc(f"c:{c.id}:{CONTACT_NOTES}", CONTACTS, c.id, c.notes, CONTACT_NOTES),
            _doc(f"c:{c.id}:{HOW_MET}", CONTACTS, c.id, c.how_met, HOW_MET),
            _doc(f"c:{c.id}:{ROLE}", CONTACTS, c.id, c.role, ROLE),
            _doc(f"c:{c.id}:{COMPANY}", CONTACTS, c.id, c.company, COMPANY),
            _doc(f"c:{c.id}:{TAGS}", CONTACTS, c.id, ", ".join(c.tags), TAGS),
        ]
    )


def _day_of(moment: datetime | None) -> date | None:
    return moment.date() if moment is not None else None


def _day_of_clock(seconds: float) -> date | None:
    """The local day of a clock time (``time.time`` seconds), None when out of range."""
    try:
        return datetime.fromtimestamp(seconds).date() if seconds > 0 else None
    except (OverflowError, OSError, ValueError):
        return None


def docs_of_meeting(m: MeetingDraft) -> list[Doc]:
    """The notes of a meeting in progress, dated the day it began."""
    return _kept(
        [_doc(f"m:{m.contact_id}", MEETINGS, m.contact_id, m.notes, MEETING_NOTES, on=_day_of_clock(m.started))]
    )


def docs_of_question(q: OwnQuestion) -> list[Doc]:
    """A question of the user's own (no contact), dated when it was added."""
    return _kept([_doc(f"q:{q.id}", QUESTIONS, "", q.text, QUESTION, on=_day_of(q.created))])


def docs_of_prep(p: Prep) -> list[Doc]:
    """Each question prepared for a contact, dated when the list was last saved."""
    on = _day_of(p.updated)
    return _kept(
        [_doc(f"p:{p.contact_id}:{n}", PREPS, p.contact_id, q, PREP, on=on) for n, q in enumerate(p.questions)]
    )


def docs_of_appointment(a: Appointment) -> list[Doc]:
    """An appointment's note and where (a place or a link), whatever its status, dated the day
    it is on in the zone it was booked in (a record's docs depend on nothing but the record)."""
    on = a.day(a.booked_zone)
    return _kept(
        [
            _doc(f"a:{a.id}:{APPOINTMENT_NOTE}", APPOINTMENTS, a.contact_id, a.note, APPOINTMENT_NOTE, on=on),
            _doc(f"a:{a.id}:{APPOINTMENT_WHERE}", APPOINTMENTS, a.contact_id, a.where, APPOINTMENT_WHERE, on=on),
        ]
    )


def docs_of_draft(name: str, text: str, contact_id: str = "", on: date | None = None) -> list[Doc]:
    """An outreach draft saved as a file (``name``: the file's name), of a contact when known."""
    return _kept([_doc(f"d:{name}", DRAFTS, contact_id, text, DRAFT, on=on)])
