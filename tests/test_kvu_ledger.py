"""The KVU ledger: commands checked, folded like every event, gate gaps and result suggestions."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintkit.engine import effective, exchange, fold
from sprintkit.errors import SprintkitError
from sprintkit.kvu import Kvu
from sprintkit.kvu.ledger import STATUSES
from sprintkit.model import Intervention
from sprintkit.store import SQLiteStore
from sprintkit.workspace import open_journey, start_journey

FACTORS = [
    "gedeelde-visie",
    "samenwerking-afhankelijkheid-draagvlak",
    "visionair-leiderschap",
    "vertrouwen-en-respect",
    "verschillen-overbruggen",
    "stabiliteit",
    "externe-impuls",
    "bestaande-netwerken",
    "intentieverklaring",
]


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "session.sqlite") as s:
        yield s


@pytest.fixture
def kvu(store):
    return Kvu(start_journey("nachtkwartier", store=store))


def own_measure(kvu: Kvu, name: str = "Vast toezichtpunt Tolhekstraat") -> str:
    return kvu.select(
        name=name, environment="criminal", category="veiligheid", problem="Geweld bij sluitingstijd"
    )


def plan(kvu: Kvu, measure: str, **extra) -> None:
    kvu.plan(
        measure,
        owner=extra.pop("owner", "teamchef"),
        deadline=extra.pop("deadline", "2025-09-01"),
        goal=extra.pop("goal", "Geweld per weekendnacht van 2,1 naar 1,5 in een jaar"),
        **extra,
    )


# -- folding --------------------------------------------------------------------------------------
def test_the_measures_cycle_folds_from_the_stored_events(kvu, store):
    a = own_measure(kvu)
    b = own_measure(kvu, "Nachtlijn voor bewoners")
    plan(kvu, a, budget=12000, gokit={"geld": "Uit het veiligheidsbudget", "tijd": "Start mei"})
    kvu.progress(a, "gestart", "Eerste drie weekenden gedraaid", phase=None)
    kvu.drop(b, "Past niet in het budget")
    j = kvu.journey
    assert fold(effective(store.read(j.id))) == j.state
    assert open_journey("nachtkwartier", j.id, store=store).state == j.state
    measures = kvu.state["measures"]
    assert measures[a]["plan"]["budget"] == 12000.0
    assert measures[a]["plan"]["gokit"] == {
        "geld": "Uit het veiligheidsbudget",
        "tijd": "Start mei",
    }
    assert [p["status"] for p in measures[a]["progress"]] == ["gestart"]
    assert measures[b]["dropped"] and measures[b]["dropped_reason"] == "Past niet in het budget"
    rows = kvu.progress_matrix()
    assert [r.id for r in rows] == [a]
    assert rows[0].status == "gestart" and rows[0].owner_name == "Ramon Stuivenberg"
    assert rows[0].gokit_missing == ["organisatie", "kwaliteit", "informatie"]
    assert [r.status for r in kvu.progress_matrix(include_dropped=True)] == ["gestart", "gestopt"]


def test_undo_restores_the_previous_plan_and_reset_clears_the_ledger(kvu):
    a = own_measure(kvu)
    plan(kvu, a, goal="Eerste doel")
    plan(kvu, a, goal="Tweede doel")
    kvu.journey.undo()
    assert kvu.state["measures"][a]["plan"]["goal"] == "Eerste doel"
    kvu.journey.redo()
    assert kvu.state["measures"][a]["plan"]["goal"] == "Tweede doel"
    kvu.journey.reset()
    assert kvu.state == {"scores": {}, "criteria": {}, "measurements": [], "measures": {}}


def test_a_dropped_measure_can_be_chosen_again(kvu):
    a = own_measure(kvu)
    with pytest.raises(SprintkitError, match="al gekozen"):
        kvu.select(a, name="x", environment="social")
    kvu.drop(a)
    kvu.select(a, name="Weer terug", environment="social")
    assert (
        kvu.state["measures"][a]["name"] == {"nl": "Weer terug"}
        and not kvu.state["measures"][a]["dropped"]
    )


def test_scores_are_kept_per_step_and_the_last_one_counts(kvu):
    kvu.score("gedeelde-visie", 2, "Club en bewoners zien een ander probleem")
    kvu.score("gedeelde-visie", 3, phase=2)
    kvu.score("gedeelde-visie", 4, phase=2)
    row = next(r for r in kvu.assessment() if r.factor.key == "gedeelde-visie")
    assert [(s.phase, s.score) for s in row.scores] == [(1, 2), (2, 4)]
    assert not row.weak


# -- refused commands -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "payload", "message"),
    [
        ("success_factor_scored", {"factor": "gedeelde-visie", "score": 0}, "1 tot en met 5"),
        ("success_factor_scored", {"factor": "gedeelde-visie", "score": 6}, "1 tot en met 5"),
        ("success_factor_scored", {"factor": "gedeelde-visie", "score": "3"}, "1 tot en met 5"),
        ("success_factor_scored", {"factor": "gedeelde-visie", "score": True}, "1 tot en met 5"),
        ("success_factor_scored", {"factor": "visie", "score": 3}, "kies uit: gedeelde-visie"),
        ("criterion_confirmed", {"criterion": "mandaat"}, "kies uit: gezamenlijke-aanpak"),
        ("criterion_confirmed", {"criterion": "begrippen", "ok": "ja"}, "true/false"),
        ("measurement_recorded", {"indicator": "x", "value": 1}, "'indicator'"),
        (
            "measurement_recorded",
            {"indicator": "geweld_per_nacht", "value": 1, "moment": "later"},
            "nulmeting, tussenmeting, eindmeting",
        ),
        ("measurement_recorded", {"indicator": "geweld_per_nacht"}, "'waarde' is verplicht"),
        (
            "measurement_recorded",
            {"indicator": "geweld_per_nacht", "value": "veel"},
            "moet een getal zijn",
        ),
        (
            "measurement_recorded",
            {"indicator": "geweld_per_nacht", "value": 2, "date": "31-12-2025"},
            "2025-06-30",
        ),
        (
            "measurement_recorded",
            {"indicator": "geweld_per_nacht", "value": 2, "source": "krant"},
            "politiecijfers",
        ),
        ("measure_selected", {"name": "  "}, "'naam' is verplicht"),
        ("measure_selected", {"name": "x", "environment": "digital"}, "criminal"),
        ("measure_selected", {"name": "x", "environment": "social", "category": "y"}, "borging"),
        ("measure_planned", {"measure": "nope"}, "niet gekozen"),
        ("measure_progress", {"measure": "nope", "status": "gestart"}, "niet gekozen"),
    ],
)
def test_bad_commands_are_refused_in_dutch_and_store_nothing(kvu, kind, payload, message):
    before = len(kvu.journey.events)
    with pytest.raises(SprintkitError, match=message):
        kvu.journey.command(kind, payload)
    assert len(kvu.journey.events) == before


def test_bad_measure_plans_are_refused(kvu):
    a = own_measure(kvu)
    with pytest.raises(SprintkitError, match="geen actor of organisatie"):
        plan(kvu, a, owner="onbekend")
    with pytest.raises(SprintkitError, match="'deadline' moet een datum"):
        plan(kvu, a, deadline="volgend jaar")
    with pytest.raises(SprintkitError, match="'SMART-doel' is verplicht"):
        plan(kvu, a, goal=" ")
    with pytest.raises(SprintkitError, match="negatief"):
        plan(kvu, a, budget=-5)
    with pytest.raises(SprintkitError, match="geld, organisatie"):
        plan(kvu, a, gokit={"budget": "x"})
    with pytest.raises(SprintkitError, match="te lang"):
        plan(kvu, a, goal="x" * 5000)
    with pytest.raises(SprintkitError, match="nog geen plan"):
        kvu.progress(a, "gestart")
    plan(kvu, a, budget="2.500,5".replace(".", ""))
    assert kvu.state["measures"][a]["plan"]["budget"] == 2500.5
    with pytest.raises(SprintkitError, match="op_schema"):
        kvu.progress(a, "klaar")


def test_commands_of_another_method_are_unknown(store, molenwijk):
    j = start_journey(molenwijk, store=store)
    with pytest.raises(SprintkitError, match="onbekende opdracht 'success_factor_scored'"):
        j.command("success_factor_scored", {"factor": "x", "score": 3})
    with pytest.raises(SprintkitError, match="onbekende opdracht 'bogus'"):
        j.command("bogus")


def test_commands_in_a_closed_step_are_refused(kvu):
    for factor in FACTORS:
        kvu.score(factor, 2)
    for key, value in kvu.journey.draft_result(1).items():  # the facilitator saves the draft
        kvu.journey.set_result(key, value, 1)
    kvu.journey.close_phase(1)
    with pytest.raises(SprintkitError, match="al afgerond"):
        kvu.score("stabiliteit", 3, phase=1)


# -- gate -----------------------------------------------------------------------------------------
def extension_gaps(kvu: Kvu, phase: int) -> list[str]:
    return [g.key for g in kvu.journey.missing(phase) if g.kind == "extension"]


def test_step_1_needs_a_score_for_every_success_factor(kvu):
    assert len(extension_gaps(kvu, 1)) == 9
    for factor in FACTORS[:-1]:
        kvu.score(factor, 4)
    assert extension_gaps(kvu, 1) == ["kvu.gap.score:intentieverklaring"]
    gap = next(g for g in kvu.journey.missing(1) if g.kind == "extension")
    assert gap.label("nl") == "succesfactor 'Intentieverklaring' heeft nog geen score"
    assert gap.label("en") == "success factor 'Declaration of intent' has no score yet"
    kvu.score("intentieverklaring", 3)
    assert extension_gaps(kvu, 1) == []


def test_step_3_needs_a_baseline_of_three_indicators(kvu):
    assert extension_gaps(kvu, 3) == ["kvu.gap.baseline"]
    kvu.measure("geweld_per_nacht", 2.1, phase=3)
    kvu.measure("overlast_bewoners", 53, phase=3)
    kvu.measure("geweld_per_nacht", 2.0, "tussenmeting", phase=3)
    assert extension_gaps(kvu, 3) == ["kvu.gap.baseline"]
    kvu.measure("zakkenrollerij", 52, phase=3)
    assert extension_gaps(kvu, 3) == []


def test_step_4_needs_measures_each_with_a_plan(kvu):
    assert extension_gaps(kvu, 4) == ["kvu.gap.no_measures"]
    a = own_measure(kvu)
    assert extension_gaps(kvu, 4) == [f"kvu.gap.plan:{a}"]
    plan(kvu, a)
    assert extension_gaps(kvu, 4) == []


def test_step_6_needs_progress_recorded_in_step_6(kvu):
    a = own_measure(kvu)
    plan(kvu, a)
    kvu.progress(a, "gestart")  # in step 1: does not count for step 6
    assert extension_gaps(kvu, 6) == [f"kvu.gap.progress:{a}"]
    kvu.journey.command("measure_progress", {"measure": a, "status": "op_schema"}, phase=6)
    assert extension_gaps(kvu, 6) == []


def test_step_7_needs_a_final_measurement(kvu):
    kvu.measure("geweld_per_nacht", 2.1, phase=3)
    assert extension_gaps(kvu, 7) == ["kvu.gap.final"]
    kvu.measure("geweld_per_nacht", 1.6, "eindmeting", phase=7)
    assert extension_gaps(kvu, 7) == []


# -- result suggestions ---------------------------------------------------------------------------
def test_step_1_result_is_suggested_from_the_scores(kvu):
    for factor in FACTORS:
        kvu.score(factor, 4, "in orde")
    kvu.score("stabiliteit", 2, "Geen vast budget")
    suggested = kvu.journey.suggested_result(1)
    assert len(suggested["beoordeling"]) == 9
    assert "Stabiliteit: 2/5 – Geen vast budget" in suggested["beoordeling"]
    assert suggested["knelpunten"] == [
        "Stabiliteit: " + kvu.journey.method.success_factors[5].when_weak.nl
    ]


def test_baseline_and_evaluation_are_suggested_and_judged_by_direction(kvu):
    assert kvu.baseline_from_casus(phase=3) == 12
    suggested = kvu.journey.suggested_result(3)
    assert len(suggested["nulmeting"]) == 12
    assert "Politiecijfers" in suggested["bronnen"]
    used, missing = kvu.source_coverage()
    assert [s.key for s in missing] == ["veiligheidsmonitor"]
    kvu.measure("geweld_per_nacht", 1.5, "eindmeting", phase=7)  # lower is better
    kvu.measure("veiligheidsgevoel_bezoekers", 58, "eindmeting", phase=7)  # higher is better
    kvu.measure("zakkenrollerij", 52.5, "tussenmeting", phase=6)  # within 2 percent
    verdicts = {c.indicator.id: c.verdict for c in kvu.comparison()}
    assert verdicts["geweld_per_nacht"] == "beter"
    assert verdicts["veiligheidsgevoel_bezoekers"] == "slechter"
    assert verdicts["zakkenrollerij"] == "gelijk"
    assert verdicts["overlast_bewoners"] == "onbekend"
    effects = kvu.journey.suggested_result(7)["effecten"]
    assert len(effects) == 3
    assert any(
        line.endswith("2,1 → eindmeting 1,5 (gemiddeld aantal per weekendnacht): beter")
        for line in effects
    )


def test_planned_measures_become_the_action_plan_interventions(kvu):
    a = own_measure(kvu)
    own_measure(kvu, "Nog zonder plan")
    plan(kvu, a)
    items = kvu.journey.suggested_result(4)["maatregelen"]
    assert len(items) == 1
    intervention = Intervention.model_validate(items[0])
    assert intervention.owner == "teamchef" and intervention.environment == "criminal"
    kvu.journey.set_result("maatregelen", items, 4)  # accepted by the result field check
    assert [iv.id for iv in kvu.journey.interventions()] == [intervention.id]
    kvu.journey.command(
        "measure_progress",
        {"measure": a, "status": "vertraagd", "note": "Te weinig boa's"},
        phase=6,
    )
    assert kvu.journey.suggested_result(6)["voortgang"] == [
        "Vast toezichtpunt Tolhekstraat – vertraagd (Ramon Stuivenberg): Te weinig boa's"
    ]


def test_weak_scores_warn_with_the_source_reasoning(kvu):
    kvu.score("stabiliteit", 1, "Geen geld")
    warning = next(w for w in kvu.warnings() if w.origin == "score")
    assert warning.text("nl").startswith("'Stabiliteit' scoort zwak (1/5). Te weinig geld")
    assert warning.text("en").startswith("'Stability' scores weak (1/5). Too little money")


def test_plans_without_budget_signal_weak_stability(kvu):
    a = own_measure(kvu)
    plan(kvu, a)
    signals = [w for w in kvu.warnings() if w.origin == "signal"]
    assert any(w.factor.key == "stabiliteit" and "zonder budget" in w.text("nl") for w in signals)


# -- export, import, anonymise ------------------------------------------------------------------
def test_export_import_keeps_the_ledger_and_anonymise_scrubs_people(kvu, store):
    a = own_measure(kvu)
    plan(kvu, a, owner="teamchef", goal="Ramon Stuivenberg stuurt bij", gokit={"tijd": "teamchef"})
    kvu.score("gedeelde-visie", 2, "Dewi Kartosen wil iets anders", author="clubeigenaar")
    data = exchange.export_journey(store, kvu.journey.id)
    with SQLiteStore(":memory:") as other:
        copy = exchange.import_journey(data, other)
        assert open_journey("nachtkwartier", copy, store=other).state.extensions == (
            kvu.journey.state.extensions
        )
    anonymous = exchange.anonymise(data, kvu.journey.casus)
    text = str(anonymous["events"])
    for person in ("Ramon Stuivenberg", "Dewi Kartosen", "teamchef", "clubeigenaar"):
        assert person not in text
    assert "Vast toezichtpunt Tolhekstraat" in text  # not a person: kept


# -- property: live state equals the fold, whatever the order ----------------------------------
commands = st.lists(
    st.one_of(
        st.tuples(st.just("score"), st.sampled_from(FACTORS), st.integers(1, 5)),
        st.tuples(st.just("progress"), st.sampled_from(STATUSES), st.just(0)),
        st.tuples(st.just("undo"), st.just(""), st.just(0)),
    ),
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(commands)
def test_live_state_always_equals_the_refold(tmp_path, steps):
    with SQLiteStore(":memory:") as store:
        kvu = Kvu(start_journey("nachtkwartier", store=store))
        a = own_measure(kvu)
        plan(kvu, a)
        for kind, value, number in steps:
            if kind == "score":
                kvu.score(value, number)
            elif kind == "progress" and kvu.state["measures"].get(a, {}).get("plan"):
                kvu.progress(a, value)
            elif kind == "undo" and len(effective(kvu.journey.events)) > 1:
                kvu.journey.undo()
        assert fold(effective(store.read(kvu.journey.id))) == kvu.journey.state


# -- validation of demo commands and the working group block -----------------------------------
def test_unknown_demo_commands_and_seats_are_located_errors(tmp_path):
    import shutil

    from sprintkit.errors import CasusValidationError
    from sprintkit.loading import load_casus

    folder = tmp_path / "nachtkwartier"
    shutil.copytree("casus/nachtkwartier", folder)
    demo = folder / "demo" / "stap-1.yaml"
    data = yaml.safe_load(demo.read_text(encoding="utf-8"))
    data["commands"] = [{"command": "success_factor_scord", "author": "nobody"}]
    demo.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    casus = folder / "casus.yaml"
    text = casus.read_text(encoding="utf-8")
    if "\nworking_group:" not in text:
        text += "\nworking_group:\n  project_leader: projectleider\n  members: []\n"
    casus.write_text(
        text.replace("project_leader: projectleider", "project_leader: projectleidster"),
        encoding="utf-8",
    )
    with pytest.raises(CasusValidationError) as caught:
        load_casus(folder)
    found = {(p.loc, p.message) for p in caught.value.problems}
    assert (
        "commands[0].command",
        "opdracht 'success_factor_scord' is onbekend; bedoel je 'success_factor_scored'?",
    ) in found
    assert ("commands[0].author", "actor 'nobody' is onbekend") in found
    assert any(f == "working_group.project_leader" and "'projectleidster'" in m for f, m in found)


def test_a_large_unbalanced_working_group_gives_one_stability_signal(store):
    from sprintkit.loading import load_casus
    from sprintkit.model import Actor, Seat, WorkingGroup

    casus = load_casus("nachtkwartier")
    casus.actors += [
        Actor(
            id=f"lid{i}",
            name=f"Lid {i}",
            kind="horeca",
            organisation="gistkelder",
            mandate="consult",
            constituency="gasten",
        )
        for i in range(20)
    ]
    casus.working_group = WorkingGroup(
        project_leader="projectleider",
        members=[
            Seat(actor=a.id, substitute="Vervanger")
            for a in casus.actors
            if a.id != "procesbegeleider"
        ],
    )
    kvu = Kvu(start_journey(casus, store=store))
    check = kvu.working_group()
    whys = [line.why("nl") for line in check.lines if line.key in ("grootte", "evenwicht")]
    # more than 20 members is sprintkit's rule of thumb: a warning, never a fail
    assert [line.status for line in check.lines if line.key == "grootte"] == ["warn"]
    assert check.line("grootte").basis == "own"
    signals = [w for w in kvu.warnings() if w.factor.key == "stabiliteit"]
    assert len(signals) == 1
    assert all(why in signals[0].text("nl") for why in whys)
