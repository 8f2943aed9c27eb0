"""Properties of the fold: deterministic, exact export round trip, undo restores."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintkit.canvas import CanvasError
from sprintkit.engine import effective, exchange, fold
from sprintkit.errors import SprintkitError
from sprintkit.kinds.board.actions import add_note, cluster_note, vote
from sprintkit.loading import load_casus
from sprintkit.store import SQLiteStore
from sprintkit.workspace import open_journey, start_journey

CASUS = load_casus("molenwijk")
PEOPLE = ["ria_brouwer", "dani", "samir_el_amrani", "noor"]
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30)

ACTION = st.one_of(
    st.tuples(st.just("note"), TEXT, st.sampled_from(PEOPLE)),
    st.tuples(st.just("vote"), st.integers(0, 20), st.sampled_from(PEOPLE)),
    st.tuples(st.just("cluster"), st.integers(0, 20), st.sampled_from(["A", "B", None])),
    st.tuples(st.just("factor"), st.sampled_from(["betrokkenheid", "werkvormen"]), TEXT),
    st.tuples(st.just("undo"), st.just(0), st.just(None)),
    st.tuples(st.just("result"), st.sampled_from(["urgentie"]), TEXT),
)


def apply(journey, action):
    """One generated action on the journey's first run; a refused command stores nothing."""
    if not journey.state.runs:
        return  # the run itself was undone
    run = next(iter(journey.state.runs))
    notes = list(journey.state.runs[run].notes)
    kind, a, b = action
    try:
        if kind == "note":
            add_note(journey, run, a, author=b)
        elif kind == "vote" and notes:
            vote(journey, run, notes[a % len(notes)], b)
        elif kind == "cluster" and notes:
            cluster_note(journey, run, notes[a % len(notes)], b)
        elif kind == "factor":
            journey.note_key_factor(a, b)
        elif kind == "undo":
            journey.undo()
        elif kind == "result":
            journey.set_result(a, b)
    except (CanvasError, SprintkitError):
        pass  # the properties must hold whether or not a command was accepted


def play(actions):
    journey = start_journey(CASUS, store=SQLiteStore(":memory:"))
    journey.start_run("praktijksafari")
    for action in actions:
        apply(journey, action)
    return journey


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(ACTION, max_size=25))
def test_fold_is_deterministic(actions):
    journey = play(actions)
    events = journey.store.read(journey.id)
    first = fold(effective(events))
    second = fold(effective(list(events)))
    assert first == second == journey.state
    assert first.model_dump_json() == second.model_dump_json()


@SETTINGS
@given(st.lists(ACTION, max_size=25))
def test_export_import_export_is_identical(actions):
    journey = play(actions)
    data = exchange.export_journey(journey.store, journey.id)
    other = SQLiteStore(":memory:")
    exchange.import_journey(json.loads(json.dumps(data)), other)
    assert exchange.export_journey(other, journey.id) == data
    assert open_journey(CASUS, journey.id, store=other).state == journey.state


@SETTINGS
@given(st.lists(ACTION, max_size=25), ACTION)
def test_undo_restores_the_previous_state(actions, last):
    journey = play(actions)
    before = journey.state.model_dump(exclude={"last_seq", "events"})
    count = len(journey.events)
    if last[0] == "undo":
        return  # undoing an undo is redo: covered by test_engine
    apply(journey, last)
    if len(journey.events) == count:
        return  # the action was refused: nothing to undo
    journey.undo()
    assert journey.state.model_dump(exclude={"last_seq", "events"}) == before
