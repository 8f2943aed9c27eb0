"""Typed canvas commands: validated when made, built without validation on refold.

The fold is a dispatch (a table of core events, the run's kind, the owning extension), and a
kind that sets ``events`` by hand (an untyped plugin) still gets plain dicts.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Literal

import pytest
from factories import same_state_with_new_fields_empty, workform_data

from sprintkit import registry
from sprintkit.canvas import CanvasError, CanvasKind, Command, canvas_kind
from sprintkit.engine import Journey, effective, fold
from sprintkit.engine.exchange import export_journey, import_journey
from sprintkit.engine.fold import CORE, CORE_EVENTS
from sprintkit.kinds.board.logic import NoteAdded
from sprintkit.kinds.journey.logic import StepEdited
from sprintkit.kinds.matrix.logic import ItemMoved, ItemPlaced, ItemRemoved, Matrix
from sprintkit.loading import load_method
from sprintkit.model import StrictModel, WorkFormSpec
from sprintkit.store import NewEvent, SQLiteStore
from sprintkit.workspace import demo_journey, open_journey, start_journey, workforms_for

ROOT = Path(__file__).resolve().parent.parent
#: A journey exported (with the molenwijk demo) by sprintkit before commands were typed, and the
#: state that sprintkit folded from it then.
BEFORE = Path(__file__).parent / "journeys" / "molenwijk-before-typed-commands.json"


def _matrix_run(casus):
    journey = start_journey(casus, store=SQLiteStore(":memory:"))
    spec = next(w for w in journey.available_workforms() if w.canvas.kind == "matrix")
    for phase in range(1, spec.phases[0]):
        journey.emit("phase_closed", {"result": {}}, phase=phase)
    return journey, journey.start_run(spec.slug)


# -- the commands -------------------------------------------------------------------------------
def test_a_kind_declares_its_commands_and_its_events_and_creates_follow():
    assert Matrix.commands == (ItemPlaced, ItemMoved, ItemRemoved)
    assert Matrix.events == {"item_placed", "item_moved", "item_removed"}
    assert dict(Matrix.creates) == {"item_placed": "item"}
    assert ItemPlaced.kind == "item_placed" and ItemPlaced.creates == "item"
    for logic in registry.canvas_kinds().values():
        for command in logic.commands:
            assert issubclass(command, Command) and command.kind in logic.events


def test_a_command_is_frozen_and_its_payload_is_what_was_given():
    placed = ItemPlaced(item="i1", text="Licht", x=1, y=0.25)
    with pytest.raises(ValueError):
        placed.text = "anders"  # type: ignore[misc]
    assert placed.payload() == {"item": "i1", "text": "Licht", "x": 1.0, "y": 0.25}
    assert ItemPlaced(text="Licht", x=0.5, y=0.5).payload()["item"]  # the new item gets an id
    assert placed.operation("ria") == ("item_placed", placed.payload(), "ria")


@pytest.mark.parametrize(
    ("payload", "nl"),
    [
        ({"x": 0.5, "y": 0.5}, "'tekst' is verplicht"),
        ({"text": "x", "x": 2, "y": 0.5}, "x moet een getal van 0 tot en met 1 zijn"),
        ({"text": "x", "x": 0.5, "y": "hoog"}, "y moet een getal van 0 tot en met 1 zijn"),
        ({"text": "x", "x": "0.5", "y": 0.5}, "x moet een getal van 0 tot en met 1 zijn"),
        ({"text": 5, "x": 0.5, "y": 0.5}, "'tekst' heeft een waarde van het verkeerde type"),
        ({"text": "x", "x": 0, "y": 0, "kleur": "rood"}, "'kleur' hoort niet bij deze opdracht"),
    ],
)
def test_a_command_refuses_a_bad_payload_in_dutch(payload, nl):
    with pytest.raises(CanvasError) as caught:
        ItemPlaced.parse(payload)
    assert caught.value.text("nl") == nl
    assert caught.value.text("en") != nl


def test_canvas_op_refuses_a_shape_in_dutch_and_stores_nothing(molenwijk):
    journey, run = _matrix_run(molenwijk)
    before = len(journey.events)
    with pytest.raises(CanvasError) as caught:
        journey.canvas_op(run, "item_placed", {"item": "i", "text": "x", "x": 1.5, "y": 0})
    assert str(caught.value) == "x moet een getal van 0 tot en met 1 zijn"
    with pytest.raises(CanvasError, match="er is geen onderdeel 'nope'"):
        journey.canvas_op(run, "item_removed", {"item": "nope"})  # a state check, in check()
    assert len(journey.events) == before


def test_a_typed_caller_stores_a_command_and_gets_the_same_event(molenwijk):
    journey, run = _matrix_run(molenwijk)
    placed = ItemPlaced(text="Licht op de galerij", x=0.8, y=0.2)
    event = journey.canvas_command(run, placed, author="ria_brouwer")
    assert event.kind == "item_placed" and event.payload == placed.payload()
    item = journey.run(run).content["items"][placed.item]
    assert item == {"text": "Licht op de galerij", "x": 0.8, "y": 0.2, "author": "ria_brouwer"}
    journey.canvas_command(run, ItemMoved(item=placed.item, x=0.1, y=0.9))
    assert journey.state == fold(effective(journey.events))
    with pytest.raises(CanvasError):  # a board command on a matrix
        journey.canvas_command(run, NoteAdded(text="x"))


# -- refold: no validation, so old journeys keep opening ----------------------------------------
def test_refold_builds_commands_without_validation(molenwijk, monkeypatch):
    journey, run = _matrix_run(molenwijk)
    # what an older sprintkit could have stored: a text for x, and a key the model does not know
    journey.emit(
        "item_placed",
        {"item": "oud", "text": "Licht", "x": "0.5", "y": 1, "kleur": "rood"},
        phase=journey.run(run).phase,
        run=run,
    )

    def no_validation(*args, **kwargs):
        raise AssertionError("a stored event was validated on refold")

    monkeypatch.setattr(ItemPlaced, "model_validate", no_validation)
    state = fold(effective(journey.events))
    assert state.runs[run].content["items"]["oud"] == {
        "text": "Licht",
        "x": "0.5",
        "y": 1,
        "author": None,
    }
    stored = Matrix().stored("item_placed", {"item": "oud", "text": "Licht", "x": 0.5, "y": 1})
    assert type(stored) is ItemPlaced and stored.model_fields_set == {"item", "text", "x", "y"}


def test_a_stored_command_knows_which_fields_were_given():
    edited = StepEdited.stored({"step": "s1", "feeling": "negative"})
    assert edited.model_fields_set == {"step", "feeling"} and edited.name is None
    assert edited.payload() == {"step": "s1", "feeling": "negative"}


def test_a_journey_exported_before_typed_commands_opens_and_refolds_identically(tmp_path):
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    store = SQLiteStore(tmp_path / "oud.sqlite")
    journey_id = import_journey(before["export"], store)
    journey = open_journey("molenwijk", journey_id, store=store)
    assert same_state_with_new_fields_empty(journey.state, before["state"])
    assert not journey.problems() and not journey.read_only
    assert export_journey(store, journey_id) == before["export"]  # payloads byte-compatible


def test_todays_demo_journey_refolds_to_its_live_state():
    journey = demo_journey("molenwijk")
    assert journey.state == fold(effective(journey.events))
    kinds = {run.canvas for run in journey.state.runs.values()}
    assert kinds >= {"board", "matrix", "journey", "consent_round", "ab_comparison"}


# -- the fold is a dispatch ----------------------------------------------------------------------
def _emitted_core_kinds() -> set[str]:
    """Every event kind the journey itself stores: ``emit("...")`` and ``kind="..."``."""
    tree = ast.parse((ROOT / "sprintkit" / "engine" / "journey.py").read_text(encoding="utf-8"))
    kinds = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "emit":
            if node.args and isinstance(node.args[0], ast.Constant):
                kinds.add(node.args[0].value)
        if isinstance(node, ast.keyword) and node.arg == "kind":
            if isinstance(node.value, ast.Constant):
                kinds.add(node.value.value)
    return kinds


def test_the_fold_table_covers_every_core_event_kind():
    emitted = _emitted_core_kinds()
    assert "journey_started" in emitted and "undo" in emitted
    assert emitted <= set(CORE)
    assert CORE_EVENTS == frozenset(CORE)
    assert all(callable(handler) for handler in CORE.values())
    for logic in registry.canvas_kinds().values():
        assert not logic.events & CORE_EVENTS, logic.kind
    for extension in registry.extensions():
        assert not extension.events & CORE_EVENTS, extension.name


def test_a_core_event_without_its_run_or_phase_is_ignored_as_before(molenwijk):
    journey = start_journey(molenwijk, store=SQLiteStore(":memory:"))
    state = journey.state.model_copy(deep=True)
    for kind in sorted(CORE_EVENTS - {"journey_started", "journey_reset", "undo"}):
        journey.store.append(NewEvent(journey=journey.id, kind=kind, payload={}))
    folded = fold(effective(journey.store.read(journey.id)))
    assert folded.runs == state.runs and folded.phases == state.phases
    assert folded.set_aside == []


# -- a kind without commands (events set by hand) -------------------------------------------------
class PlainSettings(StrictModel):
    kind: Literal["prikbord"] = "prikbord"


class Prikbord(CanvasKind):
    """An untyped kind, as a plugin written before typed commands: ``events`` by hand."""

    kind = "prikbord"
    events = frozenset({"pin_set"})
    creates = {"pin_set": "pin"}
    settings = PlainSettings
    seen: list[object] = []

    def check(self, run, event, payload, spec, author):  # noqa: ANN001, ANN201
        self.seen.append(payload)
        if not payload.get("text"):
            raise CanvasError("een pin heeft tekst nodig")

    def apply(self, run, event, payload, author):  # noqa: ANN001, ANN201
        self.seen.append(payload)
        run.content.setdefault("pins", {})[payload["pin"]] = payload["text"]


def test_a_kind_with_events_set_by_hand_gets_plain_dicts(molenwijk):
    registry.reload()
    try:
        registry.register("canvas_kinds", Prikbord(), package="prikbord-plugin")
        logic = canvas_kind("prikbord")
        assert logic.commands == () and dict(logic.command_types) == {}
        assert logic.events == {"pin_set"} and dict(logic.creates) == {"pin_set": "pin"}
        spec = WorkFormSpec.model_validate(workform_data("prikken", canvas={"kind": "prikbord"}))
        method = load_method(molenwijk.method)
        store = SQLiteStore(":memory:")
        journey = Journey.create(molenwijk, method, [*workforms_for(molenwijk), spec], store)
        run = journey.start_run("prikken")
        pin = journey.item(run, "pin_set", text="speeltuin", kleur="rood")
        with pytest.raises(CanvasError, match="een pin heeft tekst nodig"):
            journey.canvas_op(run, "pin_set", {"pin": "p2"})
        assert journey.run(run).content == {"pins": {pin: "speeltuin"}}
        assert journey.events[-1].payload == {"text": "speeltuin", "kleur": "rood", "pin": pin}
        assert all(type(p) is dict for p in Prikbord.seen)
        assert journey.state == fold(effective(journey.events))
    finally:
        Prikbord.seen.clear()
        registry.reload()
