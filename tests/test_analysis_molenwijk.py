"""The koppelvlakken analysis on the built-in training cases Molenwijk and Nachtkwartier."""

from __future__ import annotations

import json

import pytest

from sprintkit import analysis as kv
from sprintkit.loading import load_casus, load_method


@pytest.fixture(scope="module")
def G():
    return kv.build_graph(load_casus("molenwijk"))


def test_fitness_equipment_is_a_physical_to_social_koppelvlak(G):
    (edge,) = G.get_edge_data("iv:buitenfitness_molenpark", "ind:sociale_cohesie").values()
    assert edge["koppelvlak"] is True and edge["sign"] == "positive"
    pair = kv.koppelvlakken(G).pair("physical", "social")
    assert "buitenfitness_molenpark" in pair.interventions
    fitness = next(x for x in kv.leverage(G) if x.intervention == "buitenfitness_molenpark")
    assert "fysieke omgeving door in de sociale omgeving (Sociale cohesie)" in fitness.reason
    assert kv.reach(G, "buitenfitness_molenpark").environments == ("social", "physical")


def test_known_conflicts(G):
    result = kv.conflicts(G)
    jeugd = next(c for c in result.opposite if c.target == "overlast_jeugd")
    assert "ambulant_jongerenwerk" in jeugd.improving
    assert jeugd.worsening == ("voetbalkooi_op_slot",)
    camera = [s for s in result.side_effects if s.intervention == "cameratoezicht_zwichtplein"]
    assert [(s.target, s.source_environment, s.target_environment) for s in camera] == [
        ("meldingen_drugshandel", "physical", "criminal")
    ]
    whole = [s for s in result.side_effects if s.target_kind == "environment"]
    assert [(s.intervention, s.target) for s in whole] == [("sluiting_drugspanden", "social")]


def test_unowned_intervention(G):
    own = kv.ownership(G)
    assert own.without_owner == ("popup_winkels_zwichtplein",)
    assert own.without_organisation == ("popup_winkels_zwichtplein",)
    # The mayor owns two interventions as a person; they count for the municipality.
    assert own.carriers[0].organisation == "gemeente_veenstede"
    assert own.carriers[0].owns == 5


def test_every_environment_has_an_intervention_but_institutional_gaps_remain(G):
    cov = kv.coverage(G)
    assert cov.environments_without_intervention == ()
    uncovered = {g.indicator for g in cov.uncovered_worsening}
    assert {"afspraken_nagekomen", "partners_wijkoverleg", "vertrouwen_politie"} <= uncovered
    assert "sociale_cohesie" not in uncovered  # fitness and the app improve it


def test_matrix_totals_match_the_effects(G):
    report = kv.analyse(G)
    m = report.koppelvlakken.matrix
    assert sum(map(sum, m.counts)) == report.effects == 25
    off_diagonal = sum(m.counts[i][j] for i in range(4) for j in range(4) if i != j)
    assert (
        off_diagonal
        == report.koppelvlak_effects
        == sum(p.effects for p in report.koppelvlakken.pairs)
    )


def test_report_as_dutch_text_and_json(G):
    report = kv.analyse(G)
    text = kv.format_report(report)
    for expected in (
        "Koppelvlakken in Molenwijk (molenwijk)",
        "fysieke omgeving → sociale omgeving",
        "Buitenfitnesstoestellen in het Molenpark",
        "Hefboomwerking",
        "Zonder eigenaar: Pop-upwinkels in leegstaande panden aan het Zwichtplein",
        "Tegengestelde effecten",
    ):
        assert expected in text, expected
    data = json.loads(json.dumps(report.to_dict()))
    assert data["leverage"][0]["rank"] == 1
    assert len(data["reach"]) == 12


def test_english_report():
    G = kv.build_graph(load_casus("molenwijk"))
    text = kv.format_report(kv.analyse(G, "en"))
    assert "Outdoor fitness equipment in Molenpark" in text
    assert "physical environment → social environment" in text
    assert "Without an owner: Pop-up shops in vacant units on Zwichtplein" in text


def test_a_journey_idea_on_molenwijk_fills_a_gap():
    method = load_method("wijkaanpak")
    idea = {
        "id": "buurtbudget_jongeren",
        "name": "Buurtbudget dat jongeren zelf beheren",
        "environment": "institutional",
        "effects": [
            {
                "indicator": "vertrouwen_gemeente",
                "sign": "positive",
                "strength": 2,
                "confidence": 0.5,
            },
            {"indicator": "overlast_jeugd", "sign": "positive", "strength": 1, "confidence": 0.4},
        ],
    }
    casus = load_casus("molenwijk")
    extra = kv.interventions_from_results(method, {4: {"ideeen": [idea]}})
    diff = kv.compare(kv.build_graph(casus), kv.build_graph(casus, extra))
    assert diff.added == ("buurtbudget_jongeren",)
    assert diff.gaps_closed == ("vertrouwen_gemeente",)
    assert ("institutional", "criminal") in [(p.source, p.target) for p in diff.pair_changes]


def test_nachtkwartier_kvu_case():
    G = kv.build_graph(load_casus("nachtkwartier"))
    report = kv.analyse(G)
    assert report.interventions == 9
    assert report.ownership.without_owner == ()
    side = {(s.intervention, s.target) for s in report.conflicts.side_effects}
    assert ("uniforme_toegangstijd", "social") in side
    assert report.leverage[0].score > 0
