"""The KVU per-step tables are data: ``ledger:`` per step and ``run:`` per method in the YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from sprintkit.engine.view import StateView
from sprintkit.errors import FileValidationError, SprintkitError
from sprintkit.kvu import Kvu
from sprintkit.kvu.extension import KvuExtension
from sprintkit.loading import load_casus, load_method
from sprintkit.model.state import JourneyState
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey

ROOT = Path(__file__).resolve().parent.parent
KVU_YAML = load_method("kvu")


def _method_file(tmp_path, old, new):
    text = (ROOT / "sprintkit" / "methods" / "kvu.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "kvu.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _view(method):
    state = JourneyState(journey="j", casus="nachtkwartier", method="kvu")
    return StateView(load_casus("nachtkwartier"), method, state)


def test_each_step_says_what_the_ledger_does_there():
    plan = {p.number: p.ledger_spec for p in KVU_YAML.phases}
    assert plan[1].gate == ["scores"] and plan[2].gate == ["working_group"]
    assert plan[6].moment == "tussenmeting" and plan[7].moment == "eindmeting"
    assert plan[5].gate == plan[5].panels == []
    assert KVU_YAML.phase_holding("declaration").number == 2
    assert KVU_YAML.phase_holding("evaluation").number == 7


def test_a_renamed_step_keeps_its_gate(tmp_path):
    path = _method_file(tmp_path, "key: veiligheidsanalyse\n", "key: analyse\n")
    renamed = load_method(path)
    assert renamed.phase(3).key == "analyse"
    gaps = KvuExtension().gaps(_view(renamed), 3)
    assert [g.key for g in gaps] == ["kvu.gap.baseline"]


def test_an_unknown_gate_rule_is_a_located_error(tmp_path):
    path = _method_file(tmp_path, "gate: [baseline]", "gate: [basline]")
    with pytest.raises(FileValidationError) as info:
        load_method(path)
    (problem,) = info.value.problems
    assert problem.loc == "phases[2].ledger.gate[0]" and problem.line is not None


def test_a_declaration_held_twice_is_a_located_error(tmp_path):
    path = _method_file(tmp_path, "holds: [evaluation]", "holds: [declaration]")
    with pytest.raises(FileValidationError) as info:
        load_method(path)
    (problem,) = info.value.problems
    assert problem.loc == "phases[6].ledger.holds[0]" and problem.line is not None
    assert "fase 2" in problem.message


def test_views_read_a_state_view_and_commands_need_a_journey():
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    Kvu(journey).score("stabiliteit", 2, "Geen vast budget")
    kvu = Kvu(StateView(journey.casus, journey.method, journey.state))
    assert [w.factor.key for w in kvu.warnings() if w.origin == "score"] == ["stabiliteit"]
    with pytest.raises(SprintkitError, match="Open het traject om KVU-invoer te geven"):
        kvu.score("stabiliteit", 3)


def test_the_run_plan_comes_from_the_method():
    from sprintkit.runner import notebook_plan

    assert notebook_plan(KVU_YAML, 2) == [
        ("kvu.ipynb", "kvu-stap-1.ipynb", {"stap": 1}),
        ("kvu.ipynb", "kvu-stap-2.ipynb", {"stap": 2}),
    ]
    wijk = notebook_plan(load_method("wijkaanpak"), 7)
    assert wijk[6] == ("sprint-7.ipynb", "sprint-7.ipynb", {})
