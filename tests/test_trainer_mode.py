"""Trainer mode: start any phase with the earlier ones complete from the casus' demo input."""

from __future__ import annotations

import pytest

from sprintkit.engine import Journey
from sprintkit.errors import SprintkitError
from sprintkit.loading import load_casus, load_method
from sprintkit.store import SQLiteStore
from sprintkit.workspace import play_demo, start_journey


@pytest.mark.parametrize("casus_id", ["molenwijk", "nachtkwartier"])
def test_the_whole_demo_journey_passes_every_gate(casus_id):
    casus = load_casus(casus_id)
    method = load_method(casus.method)
    assert sorted(casus.demo) == [p.number for p in method.phases]
    journey = start_journey(casus, store=SQLiteStore(":memory:"))
    for phase in method.phases:
        result = play_demo(journey, phase.number)
        assert result == journey.state.phase(phase.number).closed_result
        assert len(journey.state.runs_of(phase.number)) == len(casus.demo[phase.number].runs)
    assert journey.current_phase is None
    assert journey.interventions(), "the demo journey records ideas and measures"


@pytest.mark.parametrize("at", [1, 2, 4, 7])
def test_start_at_any_sprint_with_earlier_sprints_complete(at, molenwijk):
    journey = start_journey(molenwijk, store=SQLiteStore(":memory:"), at_sprint=at, demo=True)
    assert journey.current_phase == at
    closed = [n for n in range(1, 8) if journey.state.phase(n).status == "closed"]
    assert closed == list(range(1, at))
    view = journey.view()
    assert set(view.inputs) == {n for n in journey.method.phase(at).consumes if n < at}


def test_ontwerpbrief_of_the_demo_is_approved_by_all_betrokkenen(molenwijk):
    journey = start_journey(molenwijk, store=SQLiteStore(":memory:"), at_sprint=4, demo=True)
    brief = journey.state.phase(3).closed_result
    assert brief["betrokkenen"] and all(brief["akkoord"][p] for p in brief["betrokkenen"])
    assert journey.view().inputs[3] == brief


def test_later_start_needs_demo_and_a_refused_start_leaves_nothing(molenwijk):
    store = SQLiteStore(":memory:")
    with pytest.raises(SprintkitError, match="kan alleen met demo-invoer"):
        start_journey(molenwijk, store=store, at_sprint=3)
    with pytest.raises(SprintkitError, match="sprints 1 tot en met 7, niet 9"):
        start_journey(molenwijk, store=store, at_sprint=9, demo=True)
    without_demo = molenwijk.model_copy(deep=True)
    del without_demo.demo[2]
    with pytest.raises(SprintkitError, match="geen demo-invoer voor sprint 2"):
        start_journey(without_demo, store=store, at_sprint=3, demo=True)
    assert Journey.ids(store) == []  # nothing for 'status' or 'report' to pick up


def test_demo_then_reset_starts_clean(molenwijk):
    journey = start_journey(molenwijk, store=SQLiteStore(":memory:"), at_sprint=3, demo=True)
    journey.reset()
    assert journey.current_phase == 1 and journey.state.runs == {}
