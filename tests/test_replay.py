"""Replay is the live state: every event kind, folded at once or one by one, from any point.

The fold has a hot path (issue 16): payloads decoded by msgspec, typed commands and notes made
without validation, a built-in canvas kind's events applied by the fold itself. These tests pin
down that it changes nothing: a journey holding every event kind refolds to the state the room
built incrementally, byte for byte, and what replay makes equals what validation makes.
"""

from __future__ import annotations

import json
import math
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintkit import registry
from sprintkit.engine import effective, fold
from sprintkit.engine.fold import CORE_EVENTS, step
from sprintkit.kinds.board.actions import add_note, vote
from sprintkit.kinds.board.logic import NoteAdded, NoteClustered
from sprintkit.kinds.matrix.logic import ItemPlaced, Matrix
from sprintkit.kvu.rounds import start_next_round
from sprintkit.model._unchecked import maker, unchecked, whole
from sprintkit.model.state import NoteState
from sprintkit.store import SQLiteStore, StoreDamaged, events_of
from sprintkit.workspace import demo_journey, open_journey


# -- a journey with every event kind -------------------------------------------------------------
def _builtin(group):
    return [plugin.obj for plugin in registry.entries(group) if plugin.builtin]


def _every_kind() -> set[str]:
    """Every event kind sprintkit itself stores (installed plugins' kinds left out)."""
    kinds = set(CORE_EVENTS)
    for owner in _builtin("canvas_kinds") + _builtin("extensions"):
        kinds |= owner.events
    return kinds


def _run(journey, workform):
    return next(r.id for r in journey.state.runs.values() if r.workform == workform)


def _assert_replay_is_live(journey):
    """The live state equals every way of replaying the stored events."""
    live = journey.state.model_dump_json()
    events = journey.store.read(journey.id)
    counted = effective(events)
    assert fold(counted).model_dump_json() == live  # one fold (a refold)
    state = None
    for e in counted:  # one event at a time (the room, the import checks)
        state = step(state, e)
    assert state is not None and state.model_dump_json() == live
    for cut in (1, 2, len(counted) // 3, len(counted) // 2, len(counted) - 1):
        # catching up: a fold from a state (a writer reading the others' events)
        assert fold(counted[cut:], fold(counted[:cut])).model_dump_json() == live
    assert open_journey(journey.casus, journey.id, store=journey.store).state == journey.state


def _canvas_events(journey):
    """The canvas events the demo does not play, on its own runs (phases reopened)."""
    for phase in (1, 2, 3, 6, 7):
        journey.reopen_phase(phase)
    board = _run(journey, "praktijksafari")
    notes = list(journey.run(board).notes)
    journey.canvas_op(board, "note_edited", {"note": notes[0], "text": "Anders gezegd"})
    journey.canvas_op(board, "note_moved", {"note": notes[1], "column": "gehoord"})
    journey.canvas_op(board, "note_clustered", {"note": notes[2], "cluster": "Licht"})
    journey.canvas_op(board, "note_removed", {"note": notes[3]})
    journey.add_person("Kees Stemmer")
    vote(journey, board, notes[4], "Kees Stemmer")
    journey.canvas_op(board, "vote_withdrawn", {"note": notes[4]}, author="Kees Stemmer")
    journey.canvas_op(board, "notes_shuffled", {"seed": 2**70 + 7})  # beyond 64 bits
    journey.time_run(board, 25.5)
    journey.set_stage("capture", board)
    items = list(journey.run(_run(journey, "empathiekaart")).content["items"])
    journey.canvas_op(_run(journey, "empathiekaart"), "field_item_removed", {"item": items[0]})
    steps = list(journey.run(_run(journey, "klantreis")).content["steps"])
    journey.canvas_op(_run(journey, "klantreis"), "step_edited", {"step": steps[0], "name": "x"})
    journey.canvas_op(_run(journey, "klantreis"), "step_removed", {"step": steps[1]})
    matrix = _run(journey, "aanname-analyse")
    items = list(journey.run(matrix).content["items"])
    journey.canvas_op(matrix, "item_moved", {"item": items[0], "x": 0.125, "y": 1})
    journey.canvas_op(matrix, "item_removed", {"item": items[1]})
    choice = {"variant": "a", "text": "Meer licht 😀"}
    journey.canvas_op(_run(journey, "ab-testen"), "choice_made", choice, author="Kees Stemmer")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Molenwijk's demo and then everything it does not do; the Nachtkwartier in two rounds."""
    store = SQLiteStore(tmp_path_factory.mktemp("replay") / "session.sqlite")
    journey = demo_journey("molenwijk", store=store)
    _canvas_events(journey)
    journey.edit_person("Kees Stemmer", name="Kees de Stemmer")
    journey.add_person("Els Weg")
    journey.remove_person("Els Weg")
    journey.undo()
    journey.redo()
    journey.undo()
    kvu = demo_journey("nachtkwartier", store=store)
    second, _ = start_next_round(kvu)
    return journey, kvu, second


def test_the_mixed_journeys_hold_every_event_kind(mixed):
    journey, kvu, second = mixed
    seen = {e.kind for j in mixed for e in j.events}
    later = {"journey_reset", "person_forgotten", "journey_expired"}  # the tests below
    assert _every_kind() - seen == later
    kinds = {run.canvas for run in journey.state.runs.values()}
    assert kinds == {logic.kind for logic in _builtin("canvas_kinds")}


def test_replay_of_every_event_kind_is_the_live_state(mixed):
    for journey in mixed:
        _assert_replay_is_live(journey)


def test_replay_after_erasure_and_reset_is_the_live_state(backend):
    journey = demo_journey("molenwijk", through=2, store=backend.open())  # PostgreSQL too
    journey.reopen_phase(1)
    board = _run(journey, "praktijksafari")
    journey.add_person("Ria Vergeet")
    add_note(journey, board, "Het is hier donker", author="Ria Vergeet")
    journey.forget("Ria Vergeet")
    _assert_replay_is_live(journey)
    journey.reset()
    run = journey.start_run("praktijksafari")
    add_note(journey, run, "Opnieuw begonnen", author="dani")
    _assert_replay_is_live(journey)
    journey.expire(30)
    _assert_replay_is_live(journey)
    kinds = {e.kind for e in journey.events}
    assert {"person_forgotten", "journey_reset", "journey_expired"} <= kinds


# -- what replay makes equals what validation makes ----------------------------------------------
def test_commands_made_without_validation_equal_validated_ones(mixed):
    compared = set()
    for journey in mixed:
        owners = {}
        for run in journey.state.runs.values():
            owners[run.id] = registry.canvas(run.canvas)
        for e in journey.events:
            if e.run in owners and e.kind in owners[e.run].events:
                owner = owners[e.run]
            elif (extension := registry.extension_for_event(e.kind)) is not None:
                owner = extension
            else:
                continue
            stored, checked = owner.maker(e.kind)(e.payload), owner.command(e.kind, e.payload)
            assert type(stored) is type(checked)
            assert stored == checked and stored.model_fields_set == checked.model_fields_set
            assert stored.model_dump_json() == checked.model_dump_json()
            assert stored.payload() == checked.payload() == e.payload
            compared.add(e.kind)
    assert compared == _every_kind() - CORE_EVENTS  # every typed command kind, at least once


def test_notes_made_on_refold_equal_validated_notes(mixed):
    journey = mixed[0]
    notes = [n for run in fold(effective(journey.events)).runs.values() for n in run.notes.values()]
    assert len(notes) > 50
    for note in notes:
        assert list(vars(note)) == list(NoteState.model_fields)  # a dump keeps the field order
        assert note == NoteState.model_validate(note.model_dump())
        assert note.model_dump_json() == NoteState(**note.model_dump()).model_dump_json()


def test_instances_given_every_field_share_a_set_that_never_changes():
    a = NoteClustered.stored({"note": "n1", "cluster": "Licht"})
    b = NoteClustered.stored({"note": "n2", "cluster": None})
    assert a.model_fields_set is b.model_fields_set == {"note", "cluster"}
    copied = a.model_copy(update={"cluster": "Donker"})
    assert copied.cluster == "Donker" and b.model_fields_set == {"note", "cluster"}
    partial = NoteAdded.stored({"note": "n3", "text": "Kort"})
    assert partial.model_fields_set == {"note", "text"} and partial.personal is False
    assert (
        partial.model_fields_set
        is not NoteAdded.stored({"note": "n4", "text": "x"}).model_fields_set
    )
    note = whole(NoteState)(
        {
            "id": "n1",
            "text": "t",
            "author": None,
            "column": None,
            "cluster": None,
            "votes": [],
            "personal": False,
        }
    )
    other = unchecked(NoteState, {**note.model_dump(), "id": "n2"})
    note.cluster = "Licht"  # pydantic adds the name to the set: it is there already
    assert note.model_fields_set is other.model_fields_set == set(NoteState.model_fields)
    assert maker(NoteState) is maker(NoteState)  # made once per model


def test_an_owner_that_reads_stored_payloads_its_own_way_is_still_asked():
    class OldMatrix(Matrix):
        def stored(self, event, payload):  # noqa: ANN001, ANN201
            return super().stored(event, {**payload, "y": payload.get("hoogte", 0.5)})

    made = OldMatrix().maker("item_placed")({"item": "i1", "text": "Licht", "x": 1, "hoogte": 0})
    assert type(made) is ItemPlaced and made.y == 0
    assert Matrix().maker("item_placed") is maker(ItemPlaced)  # the plain case: no wrapper


# -- decoding: msgspec reads what json reads -------------------------------------------------------
def _rows(payloads):
    return [
        (i, f"e{i}", "2026-12-01T10:00:00+00:00", "k", p, 1, "r", "a")
        for i, p in enumerate(payloads, 1)
    ]


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=10), JSON, max_size=5))
def test_payloads_decode_exactly_as_json_reads_them(payload):
    for text in (json.dumps(payload, ensure_ascii=False), json.dumps(payload)):
        (event,) = events_of(_rows([text]), "j1", "store")
        assert event.payload == json.loads(text)
        assert json.dumps(event.payload) == json.dumps(json.loads(text))  # int stays int


def test_what_msgspec_refuses_is_read_by_json_and_what_neither_reads_is_damage():
    odd = ['{"x": NaN}', '{"x": 1e400}', '{"x": "\\ud800"}', f'{{"x": {2**70}}}', '{"x": -0.0}']
    events = events_of(_rows(['{"gewoon": true}', *odd]), "j1", "store")
    assert events[0].payload == {"gewoon": True} and events[0].journey == "j1"
    assert math.isnan(events[1].payload["x"]) and events[2].payload["x"] == math.inf
    assert events[3].payload["x"] == "\ud800" and events[4].payload["x"] == 2**70
    assert type(events[4].payload["x"]) is int and math.copysign(1, events[5].payload["x"]) == -1
    for damaged in ("{kapot", None, "[1,2", ""):
        with pytest.raises(StoreDamaged):
            events_of(_rows(['{"a": 1}', damaged]), "j1", "store")


def test_a_store_written_by_hand_reads_as_json_reads_it(tmp_path):
    store = SQLiteStore(tmp_path / "session.sqlite")
    journey = demo_journey("molenwijk", through=1, store=store)
    before = store.read(journey.id)
    with sqlite3.connect(tmp_path / "session.sqlite") as db:
        db.execute(
            "UPDATE events SET payload = ? WHERE seq = ?",
            (
                '{"target": "nope", "extra": [NaN, 1e999, 123456789012345678901234567890]}',
                before[-1].seq,
            ),
        )
    last = store.read(journey.id)[-1]
    assert last.payload["extra"][2] == 123456789012345678901234567890
    assert math.isnan(last.payload["extra"][0]) and last.payload["extra"][1] == math.inf
    assert store.read(journey.id)[:-1] == before[:-1]
    with sqlite3.connect(tmp_path / "session.sqlite") as db:
        db.execute("UPDATE events SET payload = 'geen json' WHERE seq = ?", (before[-1].seq,))
    with pytest.raises(StoreDamaged):
        store.read(journey.id)
