"""A plugin's bug or absence never locks a journey: events are set aside, export always works."""

from __future__ import annotations

import json
from typing import Literal

import pytest
from factories import workform_data

from sprintkit import registry
from sprintkit.canvas import CanvasKind
from sprintkit.cli import main
from sprintkit.engine import Journey, exchange
from sprintkit.errors import SprintkitError
from sprintkit.loading import load_method
from sprintkit.model import StrictModel, WorkFormSpec
from sprintkit.store import NewEvent, SQLiteStore
from sprintkit.workspace import workforms_for

PACKAGE = "kaarten-plugin"


class KaartSettings(StrictModel):
    kind: Literal["kaart"] = "kaart"


class Kaart(CanvasKind):
    """Pins on a map; a pin called 'boem' trips a bug half-way through apply."""

    kind = "kaart"
    events = frozenset({"pin_set"})
    settings = KaartSettings

    def apply(self, run, event, payload, author):  # noqa: ANN001, D102
        pins = run.content.setdefault("pins", [])
        pins.append(payload["text"])
        if payload["text"] == "boem":
            raise ZeroDivisionError("delen door nul")


@pytest.fixture
def installed():
    registry.reload()
    registry.register("canvas_kinds", Kaart(), package=PACKAGE)
    yield
    registry.reload()


def _journey(molenwijk, store) -> Journey:
    spec = WorkFormSpec.model_validate(workform_data("kaartje", canvas={"kind": "kaart"}))
    method = load_method(molenwijk.method)
    return Journey.create(molenwijk, method, [*workforms_for(molenwijk), spec], store)


def _reopen(journey: Journey, store: SQLiteStore) -> Journey:
    return Journey(journey.casus, journey.method, journey.workforms(1), store, journey.id)


def test_a_failing_apply_is_set_aside_with_a_dutch_message_and_can_be_undone(molenwijk, installed):
    store = SQLiteStore(":memory:")
    journey = _journey(molenwijk, store)
    run = journey.start_run("kaartje")
    journey.canvas_op(run, "pin_set", {"text": "speeltuin"})
    with pytest.raises(SprintkitError) as info:
        journey.canvas_op(run, "pin_set", {"text": "boem"})
    message = str(info.value)
    assert "'pin_set' is bewaard, maar opzij gezet" in message
    assert "kaart uit kaarten-plugin gaf een fout (ZeroDivisionError: delen door nul)" in message
    assert "sprintkit journey undo" in message
    # nothing half-applied: the copy that failed was dropped
    assert journey.run(run).content == {"pins": ["speeltuin"]}
    reopened = _reopen(journey, store)
    assert reopened.state == journey.state and len(reopened.problems()) == 1
    journey.undo()
    assert journey.state.set_aside == [] and journey.problems() == []
    journey.canvas_op(run, "pin_set", {"text": "plein"})
    assert journey.run(run).content == {"pins": ["speeltuin", "plein"]}


def test_a_journey_whose_kind_is_uninstalled_opens_read_only_and_exports(molenwijk, installed):
    store = SQLiteStore(":memory:")
    journey = _journey(molenwijk, store)
    run = journey.start_run("kaartje")
    journey.canvas_op(run, "pin_set", {"text": "speeltuin"})
    journey.canvas_op(run, "pin_set", {"text": "plein"})
    assert journey.run(run).package == PACKAGE
    registry.reload()  # the plugin is gone
    reopened = _reopen(journey, store)
    assert reopened.read_only
    (problem,) = reopened.problems()
    assert problem.startswith("Invoer voor 'kaart' is opzij gezet (2×)")
    assert "Installeer kaarten-plugin om verder te werken" in problem
    with pytest.raises(SprintkitError, match="^Dit traject is alleen te lezen. Invoer voor 'k"):
        reopened.note_key_factor("betrokkenheid", "gaat goed")
    data = exchange.export_journey(store, journey.id)
    assert [e["kind"] for e in data["events"]].count("pin_set") == 2


def test_an_uninstalled_method_extension_makes_the_journey_read_only(molenwijk, installed):
    store = SQLiteStore(":memory:")
    journey = _journey(molenwijk, store)
    with pytest.raises(SprintkitError, match="onbekende opdracht 'eigen_gemeten'"):
        journey.emit("eigen_gemeten", {"waarde": 3}, phase=1)
    # as an extension that has since been uninstalled once stored it
    store.append(NewEvent(journey=journey.id, kind="eigen_gemeten", payload={}, phase=1))
    reopened = _reopen(journey, store)
    assert reopened.read_only and "'eigen_gemeten'" in reopened.problems()[0]


def test_cli_undo_and_status(tmp_path, capsys):
    store = tmp_path / "sessie.sqlite"
    assert main(["journey", "start", "molenwijk", "--store", str(store)]) == 0
    from sprintkit.workspace import open_journey

    journey = open_journey("molenwijk", store=store)
    journey.note_key_factor("betrokkenheid", "gaat goed")
    capsys.readouterr()
    assert main(["journey", "undo", "molenwijk", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ongedaan gemaakt: key_factor_noted (")
    assert open_journey("molenwijk", store=store).state.phase(1).key_factor_notes == {}
    assert main(["journey", "redo", "molenwijk", "--store", str(store)]) == 0
    assert capsys.readouterr().out.startswith("Teruggezet: key_factor_noted (")
    assert open_journey("molenwijk", store=store).state.phase(1).key_factor_notes != {}


def test_cli_plugins_lists_what_each_package_registers(capsys, installed):
    assert main(["plugins", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kinds = {r["name"]: r for r in data["registered"] if r["group"] == "canvas_kinds"}
    assert kinds["matrix"]["builtin"] and kinds["kaart"]["package"] == PACKAGE
    assert {r["name"] for r in data["registered"] if r["group"] == "extensions"} >= {"kvu"}
    assert main(["plugins"]) == 0
    text = capsys.readouterr().out
    assert "Canvassoorten:" in text and "  matrix  (ingebouwd)" in text
