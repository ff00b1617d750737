"""The touch-base rules at pinned dates. Expected dates are worked out by hand in each test."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from nurture.domain.dates import Cadence
from nurture.domain.models import KINDS, Contact, FollowUp, Interaction, Settings
from nurture.domain.queue import REASONS, build_queue
from nurture.domain.stages import stage_after

AS_OF = date(2026, 11, 23)


class History:
    """A tiny fixture builder: contacts and interactions with hand-picked dates."""

    def __init__(self) -> None:
        self.contacts: dict[str, Contact] = {}
        self.interactions: list[Interaction] = []
        self.followups: list[FollowUp] = []
        self.settings = Settings()

    def person(self, name: str, stage: str = "prospect", **kw) -> str:
        cid = f"c{len(self.contacts):03d}"
        self.contacts[cid] = Contact(id=cid, name=name, stage=stage, created=datetime(2026, 1, 1), **kw)
        return cid

    def log(self, cid: str, on: str, kind: str) -> None:
        n = len(self.interactions)
        self.interactions.append(
            Interaction(
                id=f"i{n:04d}",
                contact_id=cid,
                on=date.fromisoformat(on),
                kind=kind,
                created=datetime(2026, 1, 1) + timedelta(seconds=n),
            )
        )
        c = self.contacts[cid]
        self.contacts[cid] = c.evolve(stage=stage_after(c.stage, kind))

    def followup(self, cid: str, due: str, text: str = "call back", done: str | None = None):
        self.followups.append(
            FollowUp(
                f"f{len(self.followups)}",
                cid,
                date.fromisoformat(due),
                text,
                date.fromisoformat(done) if done else None,
            )
        )

    def queue(self, as_of: date = AS_OF, within: int = 0):
        return build_queue(self.contacts.values(), self.interactions, self.followups, self.settings, as_of, within)

    def rows(self, as_of: date = AS_OF, within: int = 0):
        return [(i.name, i.reason, i.due.isoformat(), i.days_overdue) for i in self.queue(as_of, within)]


# --- 1. thank-you ------------------------------------------------------------------------


def test_conversation_without_thank_you_is_due_the_next_day():
    h = History()
    ada = h.person("Ada")
    h.log(ada, "2026-11-20", "coffee")
    assert h.rows() == [("Ada", "thank-you", "2026-11-21", 2)]


def test_thank_you_on_the_same_day_or_later_clears_it():
    h = History()
    ada, bob = h.person("Ada"), h.person("Bob")
    h.log(ada, "2026-11-20", "video")
    h.log(ada, "2026-11-20", "thank-you")
    h.log(bob, "2026-11-18", "call")
    h.log(bob, "2026-11-22", "thank-you")
    assert [r for r in h.rows() if r[1] == "thank-you"] == []


def test_thank_you_before_a_later_conversation_does_not_cover_it():
    h = History()
    ada = h.person("Ada")
    h.log(ada, "2026-10-01", "coffee")
    h.log(ada, "2026-10-02", "thank-you")
    h.log(ada, "2026-11-22", "meeting")
    assert h.rows() == [("Ada", "thank-you", "2026-11-23", 0)]


def test_thank_you_item_is_upcoming_until_the_day_after():
    h = History()
    ada = h.person("Ada")
    h.log(ada, "2026-11-23", "coffee")
    assert h.rows() == []
    assert h.rows(within=1) == [("Ada", "thank-you", "2026-11-24", -1)]


# --- 2. nudge and dormancy ---------------------------------------------------------------


def test_unanswered_outreach_is_nudged_after_seven_days():
    h = History()
    ada = h.person("Ada")
    h.log(ada, "2026-11-16", "outreach")
    assert h.rows() == [("Ada", "nudge", "2026-11-23", 0)]
    assert h.rows(as_of=date(2026, 11, 22)) == []


def test_their_reply_or_a_conversation_after_the_outreach_cancels_the_nudge():
    for kind in ("reply", "coffee", "call", "video", "meeting"):
        h = History()
        ada = h.person("Ada")
        h.log(ada, "2026-11-01", "outreach")
        h.log(ada, "2026-11-03", kind)
        assert [r for r in h.rows() if r[1] == "nudge"] == [], kind


def test_what_you_send_while_the_request_is_unanswered_does_not_clear_the_nudge():
    """Outreach to Clara on Nov 1, no reply; "Café next week?" from you on Nov 4 (an email): the
    nudge stays due 7 days after the outreach, and comes back on no later date only once."""
    for kind in ("email", "message", "update", "event"):
        h = History()
        clara = h.person("Clara")
        h.log(clara, "2026-11-01", "outreach")
        h.log(clara, "2026-11-04", kind)
        assert h.rows(as_of=date(2026, 11, 7)) == [], kind
        assert h.rows(as_of=date(2026, 11, 8)) == [("Clara", "nudge", "2026-11-08", 0)], kind
        assert h.rows(as_of=date(2026, 11, 20)) == [("Clara", "nudge", "2026-11-08", 12)], kind
        h.log(clara, "2026-11-20", "nudge")  # the one nudge: the item goes
        h.log(clara, "2026-11-21", "email")  # and another word from you does not bring a second
        assert h.rows(as_of=date(2026, 11, 25)) == [], kind
        from nurture.domain.network import Network

        net = Network.of(h.contacts.values(), h.interactions)
        assert net.stage(h.contacts[clara], date(2026, 11, 26)) == "requested", kind
        assert net.stage(h.contacts[clara], date(2026, 11, 27)) == "dormant", kind  # 7 days after the nudge


def test_a_new_outreach_after_an_email_starts_a_new_round():
    h = History()
    clara = h.person("Clara")
    h.log(clara, "2026-11-01", "outreach")
    h.log(clara, "2026-11-08", "nudge")
    h.log(clara, "2026-11-09", "email")
    h.log(clara, "2026-11-10", "outreach")  # a new request: its own nudge
    assert h.rows(as_of=date(2026, 11, 17)) == [("Clara", "nudge", "2026-11-17", 0)]


def test_a_note_to_self_is_not_a_reply():
    h = History()
    ada = h.person("Ada")
    h.log(ada, "2026-11-10", "outreach")
    h.log(ada, "2026-11-12", "note")
    assert h.rows() == [("Ada", "nudge", "2026-11-17", 6)]


def test_only_one_nudge_then_dormant_after_seven_more_days():
    h = History()
    ada = h.person("Ada")
    h.log(ada, "2026-11-01", "outreach")
    h.log(ada, "2026-11-08", "nudge")
    assert h.rows(as_of=date(2026, 11, 14)) == []  # waiting on the nudge: nothing to do
    assert h.rows(as_of=date(2026, 11, 30)) == []  # dormant: never a second nudge
    from nurture.domain.network import Network

    net = Network.of(h.contacts.values(), h.interactions)
    assert net.stage(h.contacts[ada], date(2026, 11, 14)) == "requested"
    assert net.stage(h.contacts[ada], date(2026, 11, 15)) == "dormant"


def test_dormant_contacts_keep_only_the_follow_ups_you_scheduled():
    h = History()
    ada = h.person("Ada")
    h.log(ada, "2026-10-01", "outreach")
    h.log(ada, "2026-10-08", "nudge")
    h.followup(ada, "2026-11-20", "try again after the reorg")
    assert h.rows() == [("Ada", "follow-up", "2026-11-20", 3)]


def test_a_reply_after_the_nudge_brings_them_back():
    h = History()
    ada = h.person("Ada")
    h.log(ada, "2026-10-01", "outreach")
    h.log(ada, "2026-10-08", "nudge")
    h.log(ada, "2026-11-20", "reply")
    from nurture.domain.network import Network

    assert Network.of(h.contacts.values(), h.interactions).stage(h.contacts[ada], AS_OF) == ("requested")


# --- 3. follow-ups -----------------------------------------------------------------------


def test_follow_ups_are_due_on_their_date_until_done():
    h = History()
    ada = h.person("Ada")
    h.followup(ada, "2026-11-20", "send portfolio")
    h.followup(ada, "2026-11-25", "ask about the team")
    h.followup(ada, "2026-11-10", "old one", done="2026-11-10")
    assert h.rows() == [("Ada", "follow-up", "2026-11-20", 3)]
    assert h.rows(within=2) == [
        ("Ada", "follow-up", "2026-11-20", 3),
        ("Ada", "follow-up", "2026-11-25", -2),
    ]


# --- 4. report-back ----------------------------------------------------------------------


def test_meeting_a_referred_contact_asks_to_report_back_to_the_referrer():
    h = History()
    maya = h.person("Maya", stage="nurturing")
    h.log(maya, "2026-11-01", "coffee")
    h.log(maya, "2026-11-01", "thank-you")
    raf = h.person("Rafael", referred_by=maya)
    h.log(raf, "2026-11-19", "video")
    h.log(raf, "2026-11-19", "thank-you")
    items = h.queue()
    assert [(i.name, i.reason, i.due.isoformat(), i.days_overdue) for i in items] == [
        ("Maya", "report-back", "2026-11-21", 2)
    ]
    assert "Rafael" in items[0].detail


def test_any_later_interaction_with_the_referrer_clears_the_report_back():
    h = History()
    maya = h.person("Maya")
    raf = h.person("Rafael", referred_by=maya)
    h.log(raf, "2026-11-19", "video")
    h.log(raf, "2026-11-19", "thank-you")
    h.log(maya, "2026-11-20", "update")
    assert [r for r in h.rows() if r[1] == "report-back"] == []


def test_an_earlier_interaction_with_the_referrer_does_not_clear_it():
    h = History()
    maya = h.person("Maya")
    raf = h.person("Rafael", referred_by=maya)
    h.log(maya, "2026-11-10", "email")
    h.log(raf, "2026-11-19", "video")
    h.log(raf, "2026-11-19", "thank-you")
    assert ("Maya", "report-back", "2026-11-21", 2) in h.rows()


# --- 5. touch-base -----------------------------------------------------------------------


def test_met_contacts_are_due_at_last_contact_plus_cadence():
    h = History()
    ada = h.person("Ada", cadence=Cadence(6, "w"))
    h.log(ada, "2026-10-01", "coffee")
    h.log(ada, "2026-10-02", "thank-you")
    # 2026-10-02 + 6 weeks = 2026-11-13
    assert h.rows() == [("Ada", "touch-base", "2026-11-13", 10)]


def test_default_cadence_is_ninety_days_and_months_are_calendar_months():
    h = History()
    bob = h.person("Bob")
    h.log(bob, "2026-08-20", "call")
    h.log(bob, "2026-08-21", "thank-you")
    assert h.rows() == [("Bob", "touch-base", "2026-11-19", 4)]  # Aug 21 + 90 days
    h.contacts[bob] = h.contacts[bob].evolve(cadence=Cadence(3, "m"))
    assert h.rows() == [("Bob", "touch-base", "2026-11-21", 2)]  # Aug 21 + 3 months


def test_any_logged_touch_resets_the_clock_but_a_note_does_not():
    for kind in sorted(set(KINDS) - {"note"}):
        h = History()
        ada = h.person("Ada", stage="nurturing")
        h.log(ada, "2026-05-01", "coffee")
        h.log(ada, "2026-05-01", "thank-you")
        h.log(ada, "2026-11-20", kind)
        reasons = [r[1] for r in h.rows()]
        assert "touch-base" not in reasons, kind
    h = History()
    ada = h.person("Ada", stage="nurturing")
    h.log(ada, "2026-05-01", "coffee")
    h.log(ada, "2026-05-01", "thank-you")
    h.log(ada, "2026-11-20", "note")
    assert [r[1] for r in h.rows()] == ["touch-base"]


def test_prospects_and_requested_contacts_have_no_touch_base():
    h = History()
    h.person("Ada")
    h.person("Bob", stage="requested")
    h.person("Cy", stage="scheduled")
    assert h.rows(within=3650) == []


def test_a_met_contact_with_no_interactions_counts_from_when_added():
    h = History()
    h.person("Ada", stage="met")  # created 2026-01-01
    assert h.rows() == [("Ada", "touch-base", "2026-04-01", (AS_OF - date(2026, 4, 1)).days)]


# --- visibility ---------------------------------------------------------------------------


def test_snoozed_contacts_return_on_their_snooze_date():
    h = History()
    ada = h.person("Ada", snoozed_until=date(2026, 11, 25))
    h.log(ada, "2026-11-10", "outreach")
    assert h.rows() == []
    assert h.rows(as_of=date(2026, 11, 25)) == [("Ada", "nudge", "2026-11-17", 8)]


def test_archived_contacts_never_appear():
    h = History()
    ada = h.person("Ada", archived=True)
    h.log(ada, "2026-11-10", "outreach")
    h.followup(ada, "2026-11-20")
    assert h.rows(within=365) == []


# --- order ---------------------------------------------------------------------------------


def test_order_is_due_then_reason_then_name():
    h = History()
    zed, amy, bob = h.person("zed"), h.person("Amy"), h.person("Bob")
    h.followup(amy, "2026-11-21")
    h.log(zed, "2026-11-20", "coffee")  # thank-you due 11-21
    h.log(bob, "2026-11-14", "outreach")  # nudge due 11-21
    h.followup(bob, "2026-11-21")
    h.followup(zed, "2026-11-19")
    assert h.rows() == [
        ("zed", "follow-up", "2026-11-19", 4),
        ("zed", "thank-you", "2026-11-21", 2),
        ("Bob", "nudge", "2026-11-21", 2),
        ("Amy", "follow-up", "2026-11-21", 2),
        ("Bob", "follow-up", "2026-11-21", 2),
    ]


def test_item_fields_for_json():
    h = History()
    ada = h.person("Ada")
    h.log(ada, "2026-11-20", "coffee")
    d = h.queue()[0].to_dict()
    assert d == {
        "contact_id": ada,
        "name": "Ada",
        "reason": "thank-you",
        "due": "2026-11-21",
        "days_overdue": 2,
        "detail": d["detail"],
    }


# --- properties -----------------------------------------------------------------------------

day_offsets = st.integers(min_value=0, max_value=400)


@st.composite
def histories(draw):
    h = History()
    h.settings = Settings(default_cadence=draw(st.sampled_from([Cadence(30, "d"), Cadence(3, "m")])))
    n = draw(st.integers(min_value=1, max_value=5))
    ids = [
        h.person(
            draw(st.sampled_from(["Ada", "ada", "Bob", "Émile", "Zoë", "[/]"])),
            stage=draw(st.sampled_from(["prospect", "requested", "met", "nurturing"])),
        )
        for _ in range(n)
    ]
    for i, cid in enumerate(ids[1:], 1):
        if draw(st.booleans()):
            c = h.contacts[cid]
            h.contacts[cid] = c.evolve(referred_by=ids[draw(st.integers(0, i - 1))])
    events = draw(st.lists(st.tuples(st.sampled_from(ids), day_offsets, st.sampled_from(KINDS)), max_size=25))
    for cid, offset, kind in sorted(events, key=lambda e: e[1], reverse=True):
        h.log(cid, (AS_OF - timedelta(days=offset)).isoformat(), kind)
    for cid, offset in draw(st.lists(st.tuples(st.sampled_from(ids), st.integers(-30, 60)), max_size=4)):
        h.followup(cid, (AS_OF - timedelta(days=offset)).isoformat())
    return h


def _overdue(h: History, cid: str) -> int:
    return max([0] + [i.days_overdue for i in h.queue(within=10_000) if i.contact_id == cid])


@settings(max_examples=300, deadline=None)
@given(histories(), st.data())
def test_logging_an_interaction_never_makes_that_contact_more_overdue(h, data):
    cid = data.draw(st.sampled_from(sorted(h.contacts)))
    kind = data.draw(st.sampled_from(KINDS))
    before = _overdue(h, cid)
    h.log(cid, AS_OF.isoformat(), kind)
    assert _overdue(h, cid) <= before


@settings(max_examples=200, deadline=None)
@given(histories(), st.randoms(use_true_random=False))
def test_queue_order_is_total_and_stable(h, rnd: random.Random):
    first = h.queue(within=400)
    keys = [i.sort_key for i in first]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)  # total: no two items compare equal
    contacts = list(h.contacts.values())
    interactions, followups = list(h.interactions), list(h.followups)
    rnd.shuffle(contacts)
    rnd.shuffle(interactions)
    rnd.shuffle(followups)
    again = build_queue(contacts, interactions, followups, h.settings, AS_OF, 400)
    assert again == first
    assert all(i.reason in REASONS for i in first)
