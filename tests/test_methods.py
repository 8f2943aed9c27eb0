"""The two methods shipped as data are faithful to the domain reference."""

from __future__ import annotations

import pytest

from sprintkit import catalogue
from sprintkit.loading import builtin_methods, load_method


@pytest.fixture(scope="module")
def wijkaanpak():
    return load_method("wijkaanpak")


@pytest.fixture(scope="module")
def kvu():
    return load_method("kvu")


def test_both_methods_ship():
    assert builtin_methods() == ["kvu", "wijkaanpak"]


def test_wijkaanpak_has_seven_sprints_with_known_dutch_names(wijkaanpak):
    assert [p.number for p in wijkaanpak.phases] == list(range(1, 8))
    names = [p.name.nl for p in wijkaanpak.phases]
    assert names[:3] == ["Zien en voelen", "Dit is er aan de hand", "Wijkwensen"]
    # Sprints 4-7 are not in the available sources: they must say so.
    assert [p.provenance for p in wijkaanpak.phases[3:]] == ["inferred"] * 4
    assert all(p.note is not None for p in wijkaanpak.phases if p.provenance == "inferred")


def test_each_sprint_result_is_input_of_a_later_sprint(wijkaanpak):
    consumed = {n for p in wijkaanpak.phases for n in p.consumes}
    assert consumed >= set(range(1, 7))
    for phase in wijkaanpak.phases[1:]:
        assert phase.consumes, phase.number


def test_ontwerpbrief_has_the_seven_parts_in_order_and_needs_approval(wijkaanpak):
    brief = wijkaanpak.phase(3).result
    assert brief.key == "ontwerpbrief"
    assert brief.max_pages == 1
    parts = [f.key for f in brief.fields if f.kind != "approvals"]
    assert parts == [
        "probleem",
        "feiten",
        "eerdere_sprints",
        "tijdspad",
        "impact",
        "betrokkenen",
        "begeleiders",
    ]
    assert (brief.approval_field, brief.approvers_field) == ("akkoord", "betrokkenen")


def test_six_key_factors_with_a_prompt_for_every_sprint(wijkaanpak):
    assert len(wijkaanpak.key_factors) == 6
    for factor in wijkaanpak.key_factors:
        assert sorted(factor.prompts) == list(range(1, 8)), factor.key
        assert all(p.en for p in factor.prompts.values())
    assert [f.key for f in wijkaanpak.key_factors if f.is_gate] == ["concreet-resultaat"]


def test_glijbaan_has_three_levels_and_marks_the_inferred_one(wijkaanpak):
    assert [g.position for g in wijkaanpak.glijbaan] == [1, 2, 3]
    assert wijkaanpak.glijbaan[2].provenance == "inferred"


def test_every_sprint_suggests_the_two_molenwijk_work_forms(wijkaanpak):
    assert all(len(p.workforms) == 2 for p in wijkaanpak.phases)


def test_kvu_steps_success_factors_and_working_group(kvu):
    assert [p.name.nl for p in kvu.phases][:4] == [
        "Succesfactoren",
        "Initiatief",
        "Veiligheidsanalyse",
        "Plan van aanpak",
    ]
    assert kvu.phases[-1].name.nl == "Evaluatie"
    assert [p.provenance for p in kvu.phases].count("inferred") == 2
    assert len(kvu.success_factors) == 9
    assert len(kvu.working_group.criteria) == 10
    core = {m.kind for m in kvu.working_group.members if m.level == "core"}
    assert core == {"municipality", "police", "horeca_association", "business"}


def test_kvu_declaration_of_intent_has_the_recommended_contents(kvu):
    result = kvu.phase(2).result
    assert result.key == "intentieverklaring"
    keys = {f.key for f in result.fields}
    assert keys >= {
        "partijen",
        "doel",
        "belangen",
        "afhankelijkheden",
        "bijdragen",
        "gemeenschappelijke_doelen",
        "visie_op_aanpak",
        "probleemdefinitie",
        "verantwoordelijkheden",
        "ondertekend",
    }
    assert result.approval_field == "ondertekend"


@pytest.mark.parametrize("method_id", ["wijkaanpak", "kvu"])
def test_every_suggested_work_form_is_in_the_catalogue(method_id):
    method = load_method(method_id)
    for phase in method.phases:
        for slug in phase.workforms:
            spec = catalogue.get(slug)
            assert spec.method == method_id
            assert phase.number in spec.phases, (slug, phase.number)


def test_all_texts_have_english(wijkaanpak, kvu):
    for method in (wijkaanpak, kvu):
        for phase in method.phases:
            assert phase.name.en and phase.goal.en
            assert all(q.en for q in phase.guiding_questions)
            assert all(f.label.en for f in phase.result.fields)
