"""Typed KVU ledger commands: shape in the models, the journey's rules in the extension.

A journey exported before the commands were typed opens, refolds to the state sprintkit folded
then, and today's commands store the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import same_state_with_new_fields_empty
from pydantic import BaseModel

from sprintkit import registry
from sprintkit.commands import Command
from sprintkit.engine import effective, fold
from sprintkit.engine.exchange import export_journey, import_journey
from sprintkit.errors import SprintkitError
from sprintkit.kvu import Kvu
from sprintkit.kvu.commands import (
    COMMANDS,
    LedgerCommand,
    MeasurementRecorded,
    MeasurePlanned,
    MeasureSelected,
    SuccessFactorScored,
)
from sprintkit.kvu.extension import KvuExtension
from sprintkit.kvu.ledger import EVENTS
from sprintkit.store import SQLiteStore
from sprintkit.workspace import demo_journey, open_journey, start_journey

#: The nachtkwartier demo journey exported by sprintkit before the KVU commands were typed, and
#: the state sprintkit folded from it then.
BEFORE = Path(__file__).parent / "journeys" / "nachtkwartier-before-typed-kvu-commands.json"


@pytest.fixture(scope="module")
def before():
    return json.loads(BEFORE.read_text(encoding="utf-8"))


# -- the commands ---------------------------------------------------------------------------------
def test_the_extension_declares_its_commands_and_its_events_follow():
    assert KvuExtension.commands == COMMANDS
    assert KvuExtension.events == EVENTS == {c.kind for c in COMMANDS}
    assert all(issubclass(c, LedgerCommand) and issubclass(c, Command) for c in COMMANDS)
    assert registry.extension_for_event("measure_planned").command_types["measure_planned"] is (
        MeasurePlanned
    )


def test_a_command_is_frozen_and_stores_every_field_in_order():
    scored = SuccessFactorScored.parse({"factor": "stabiliteit", "score": 2, "note": "  Krap "})
    with pytest.raises(ValueError):
        scored.score = 3  # type: ignore[misc]
    assert json.dumps(scored.payload()) == ('{"factor": "stabiliteit", "score": 2, "note": "Krap"}')
    assert SuccessFactorScored.parse({"factor": "x", "score": 5}).payload()["note"] is None


def test_numbers_dates_and_gokit_are_normalised_by_the_model():
    measured = MeasurementRecorded.parse(
        {"indicator": "geweld_per_nacht", "value": "2,1", "date": "2025-01-31", "id": ""}
    )
    assert measured.value == 2.1 and measured.moment == "nulmeting" and len(measured.id) == 12
    plan = MeasurePlanned.parse(
        {
            "measure": "m",
            "owner": "teamchef",
            "deadline": "2025-09-01",
            "goal": " Minder geweld ",
            "budget": "2500,5",
            "gokit": {"tijd": " Start mei ", "geld": "Veiligheidsbudget", "kwaliteit": " "},
        }
    )
    assert plan.budget == 2500.5 and plan.goal == "Minder geweld"
    assert list(plan.gokit.items()) == [("geld", "Veiligheidsbudget"), ("tijd", "Start mei")]


@pytest.mark.parametrize(
    ("command", "payload", "nl"),
    [
        (SuccessFactorScored, {"factor": "f", "score": 0}, "1 tot en met 5 (ingevuld: 0)"),
        (SuccessFactorScored, {"factor": "f", "score": 3.0}, "1 tot en met 5 (ingevuld: 3.0)"),
        (SuccessFactorScored, {"score": 3}, "'succesfactor' is verplicht"),
        (MeasurementRecorded, {"indicator": "i", "value": float("nan")}, "'waarde' moet een getal"),
        (MeasurementRecorded, {"indicator": "i", "value": True}, "'waarde' moet een getal"),
        (MeasurementRecorded, {"indicator": "i", "value": 1, "note": "x" * 4001}, "te lang"),
        (MeasurePlanned, {"measure": "m", "owner": "o", "goal": "g"}, "'deadline' is verplicht"),
        (
            MeasurePlanned,
            {"measure": "m", "owner": "o", "deadline": "2025-09-01", "goal": "g", "gokit": "veel"},
            "'veel' is geen geldige waarde voor 'GOKIT-aspect'",
        ),
        (
            MeasurePlanned,
            {
                "measure": "m",
                "owner": "o",
                "deadline": "2025-09-01",
                "goal": "g",
                "gokit": {"tijd": 5},
            },
            "'Tijd' moet tekst zijn",
        ),
        (MeasureSelected, {"name": "Eigen"}, "'None' is geen geldige waarde voor 'omgeving'"),
        (MeasureSelected, {"problem": "p"}, "'naam' is verplicht"),
        (
            MeasureSelected,
            {"measure": "m", "kleur": "rood"},
            "'kleur' hoort niet bij deze opdracht",
        ),
    ],
)
def test_a_bad_shape_is_refused_in_dutch_before_the_journey_is_asked(command, payload, nl):
    with pytest.raises(SprintkitError) as caught:
        command.parse(payload)
    assert nl in caught.value.text("nl")
    assert caught.value.text("en") != caught.value.text("nl")


def test_a_command_about_a_measure_nobody_chose_says_so_first():
    kvu = Kvu(start_journey("nachtkwartier", store=SQLiteStore(":memory:")))
    with pytest.raises(SprintkitError, match="niet gekozen"):
        kvu.journey.command("measure_planned", {"measure": "nope", "budget": "veel"})


def test_the_journey_completes_what_it_knows():
    kvu = Kvu(start_journey("nachtkwartier", store=SQLiteStore(":memory:")))
    event = kvu.journey.command(
        "measurement_recorded", {"indicator": "geweld_per_nacht", "value": 2}
    )
    assert event.payload["source"] == "politiecijfers" and event.payload["value"] == 2.0
    event = kvu.journey.command("measure_selected", {"measure": "cameratoezicht"})
    assert list(event.payload) == [
        "problem", "reason", "measure", "catalogue", "name", "environment", "category"
    ]  # fmt: skip
    assert event.payload["catalogue"] and event.payload["name"]["nl"] == "Cameratoezicht"
    own = kvu.select(name={"nl": "Eigen", "en": "Own", "de": "x"}, environment="social")
    assert own.startswith("eigen_") and kvu.state["measures"][own]["name"] == {
        "nl": "Eigen",
        "en": "Own",
    }


# -- stored commands: folded without validation ----------------------------------------------------
def test_the_fold_builds_ledger_commands_without_validation(monkeypatch):
    journey = demo_journey("nachtkwartier", through=4)
    live = journey.state

    def refuse(*args, **kwargs):
        raise AssertionError("the fold validated a stored command")

    monkeypatch.setattr(BaseModel, "model_validate", classmethod(refuse))
    assert fold(effective(journey.events)) == live


def test_a_stored_payload_of_an_older_shape_still_folds():
    store = SQLiteStore(":memory:")
    journey = start_journey("nachtkwartier", store=store)
    # no "catalogue", "problem" nor "reason", and a key no version knows: defaults, dropped
    journey.emit(
        "measure_selected",
        {"measure": "m", "name": {"nl": "Oud"}, "environment": "social", "category": "x", "y": 1},
        phase=1,
    )
    journey.emit("measure_progress", {"measure": "m", "status": "klaar"}, phase=1)
    measure = Kvu(journey).state["measures"]["m"]
    assert measure["catalogue"] is False and measure["problem"] is None
    assert measure["category"] == "x" and measure["progress"][0]["status"] == "klaar"
    assert open_journey("nachtkwartier", journey.id, store=store).state == journey.state


# -- a journey from before the commands were typed -------------------------------------------------
def test_a_journey_exported_before_typed_kvu_commands_refolds_identically(before, tmp_path):
    store = SQLiteStore(tmp_path / "oud.sqlite")
    journey_id = import_journey(before["export"], store)
    journey = open_journey("nachtkwartier", journey_id, store=store)
    assert same_state_with_new_fields_empty(journey.state, before["state"])
    assert not journey.problems() and not journey.read_only
    assert export_journey(store, journey_id) == before["export"]


def _ledger_payloads(events) -> list[str]:
    """Each ledger event's payload as stored (key order too), the ids the journey made left out."""
    out = []
    for e in events:
        if e["kind"] not in EVENTS:
            continue
        payload = dict(e["payload"])
        if e["kind"] == "measurement_recorded":
            payload["id"] = "made"
        out.append(f"{e['kind']} {e['phase']} {e['author']} {json.dumps(payload)}")
    return out


def test_todays_demo_stores_the_same_ledger_payloads_as_before(before):
    journey = demo_journey("nachtkwartier")
    today = export_journey(journey.store, journey.id)["events"]
    assert _ledger_payloads(today) == _ledger_payloads(before["export"]["events"])
    assert journey.state == fold(effective(journey.events))


def test_an_extension_without_commands_keeps_getting_plain_dicts():
    from sprintkit.engine.extension import Extension

    class Eigen(Extension):
        name = "eigen"
        methods = frozenset({"wijkaanpak"})
        events = frozenset({"eigen_gemeten"})

    ext, payload = Eigen(), {"x": 1}
    assert Eigen.command_types == {} and ext.command("eigen_gemeten", payload) == payload
    assert ext.stored("eigen_gemeten", payload) is payload
    assert ext.payload(ext.check(None, "eigen_gemeten", {"x": 1}, 1)) == {"x": 1}
