"""The garbage collector is paused only in a process of nurture's own, and pauses overlapping in
several threads switch it back on once, when the last ends, never under one still running."""

from __future__ import annotations

import gc

import pytest

from nurture.domain import collector


@pytest.fixture
def owned():
    collector.own_process()
    yield
    collector.own_process(False)
    gc.enable()


def test_not_owned_nothing_changes():
    with collector.collector_paused():
        assert gc.isenabled()
    assert gc.isenabled()


def test_overlapping_pauses_end_with_the_last(owned):
    first, second = collector.collector_paused(), collector.collector_paused()
    first.__enter__()
    second.__enter__()
    assert not gc.isenabled()
    first.__exit__(None, None, None)  # the other is still working: still paused
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off(owned):
    gc.disable()  # as a one-shot shell command leaves it
    with collector.collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_a_pause_ended_by_an_error_still_switches_it_back_on(owned):
    with pytest.raises(ValueError), collector.collector_paused():
        raise ValueError
    assert gc.isenabled()
