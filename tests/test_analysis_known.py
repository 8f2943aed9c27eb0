"""Koppelvlakken analyses on a hand-built graph whose answers were worked out by hand.

The casus (see test_analysis_cases.small_casus):

    a  physical  -> s1 (social)   + strength 2 x 0.5 = 1.0   koppelvlak
                 -> p1 (physical) + 1 x 1.0 = 1.0
    b  social    -> c1 (criminal) + 3 x 1.0 = 3.0            koppelvlak
                 -> s1 (social)   - 1 x 0.5 = 0.5
    c  criminal  -> c1 (criminal) - 2 x 0.5 = 1.0
                 -> s1 (social)   - 1 x 1.0 = 1.0            koppelvlak (side effect)
    d  physical  -> c2 (criminal) + 1 x 0.5 = 0.5            koppelvlak

Worsening indicators: s1, p1, c1, i1 (c2 is stable). Nothing is placed in institutional.
"""

from __future__ import annotations

import pytest
from test_analysis_cases import indicator, intervention, small_casus

from sprintkit import analysis as kv


@pytest.fixture
def G():
    return kv.build_graph(small_casus())


def test_coverage_gaps(G):
    cov = kv.coverage(G)
    assert cov.environments_without_intervention == ("institutional",)
    assert cov.environments_not_reached == ("institutional",)
    assert [g.indicator for g in cov.uncovered_worsening] == ["i1"]
    assert cov.uncovered_worsening[0].worsened_by == ()


def test_a_worsening_indicator_only_made_worse_is_a_gap_naming_the_culprit():
    case = small_casus()
    extra = intervention("e", "social", ("i1", "negative", 1, 0.5))
    cov = kv.coverage(kv.build_graph(case, [extra]))
    assert [(g.indicator, g.worsened_by) for g in cov.uncovered_worsening] == [("i1", ("e",))]


def test_opposite_effects(G):
    opposite = kv.conflicts(G).opposite
    assert [(c.target, c.improving, c.worsening) for c in opposite] == [
        ("s1", ("a",), ("b", "c")),
        ("c1", ("b",), ("c",)),
    ]


def test_side_effects_only_across_an_interface(G):
    side = kv.conflicts(G).side_effects
    assert [
        (s.intervention, s.target, s.source_environment, s.target_environment) for s in side
    ] == [("c", "s1", "criminal", "social")]
    assert side[0].weight == pytest.approx(1.0)


def test_leverage_ranking_order_and_scores(G):
    ranking = kv.leverage(G)
    assert [(x.rank, x.intervention) for x in ranking] == [(1, "b"), (2, "a"), (3, "d"), (4, "c")]
    assert [x.score for x in ranking] == pytest.approx([3.0, 1.0, 0.5, -1.0])
    assert ranking[3].cross_negative == pytest.approx(1.0)
    assert ranking[0].environments == ("criminal",)


def test_leverage_reasons_in_dutch_and_english(G):
    first, *_, last = kv.leverage(G)
    assert first.reason == (
        "werkt naar verwachting vanuit de sociale omgeving door in de criminele omgeving"
        " (Indicator c1)"
    )
    assert last.reason == "let op: negatief bijeffect in de sociale omgeving (Indicator s1)"
    english = kv.leverage(G, "en")[0].reason
    assert (
        english == "is expected to work from the social environment into the criminal environment"
        " (Indicator c1)"
    )
    assert kv.leverage(G, top=2)[-1].intervention == "a"


def test_leverage_ties_go_to_more_environments_then_to_the_id():
    case = small_casus()
    extra = [
        intervention("z", "social", ("c2", "positive", 1, 0.5)),  # 0.5, one environment
        intervention("y", "social", ("c2", "positive", 1, 0.5)),  # same score, lower id
        intervention("x", "physical", ("social", "positive", 1, 0.25), ("c2", "positive", 1, 0.25)),
    ]
    ranking = [x.intervention for x in kv.leverage(kv.build_graph(case, extra))]
    # x, y, z and d all score 0.5; x reaches two other environments.
    assert ranking == ["b", "a", "x", "d", "y", "z", "c"]


def test_reach_direct_and_within_two_hops(G):
    r = kv.reach(G, "a")
    assert {(t.kind, t.id): t.weight for t in r.direct} == {
        ("indicator", "s1"): 1.0,
        ("indicator", "p1"): 1.0,
    }
    assert r.environments == ("social", "physical")
    assert r.weight("environment", "social") == pytest.approx(1.0)
    assert r.weight("environment", "social", hops=1) == 0.0
    assert r.direct_weight == pytest.approx(2.0)


def test_reach_of_an_effect_on_a_whole_environment():
    case = small_casus()
    extra = intervention("e", "social", ("criminal", "positive", 3, 1.0))
    r = kv.reach(kv.build_graph(case, [extra]), "e")
    assert [(t.kind, t.id, t.weight) for t in r.direct] == [("environment", "criminal", 3.0)]
    assert r.environments == ("criminal",)


def test_reach_all_is_sorted_by_id(G):
    assert [r.intervention for r in kv.reach_all(G)] == ["a", "b", "c", "d"]


def test_koppelvlakken_pairs_and_matrix(G):
    result = kv.koppelvlakken(G)
    assert [(p.source, p.target, p.interventions) for p in result.pairs] == [
        ("social", "criminal", ("b",)),
        ("physical", "social", ("a",)),
        ("physical", "criminal", ("d",)),
        ("criminal", "social", ("c",)),
    ]
    m = result.matrix
    assert m.environments == ("social", "physical", "institutional", "criminal")
    assert m.counts == ((1, 0, 0, 1), (1, 1, 0, 1), (0, 0, 0, 0), (1, 0, 0, 1))
    assert m.strength == ((1, 0, 0, 3), (2, 1, 0, 1), (0, 0, 0, 0), (1, 0, 0, 2))
    assert m.cell("criminal", "social") == (1, 1)
    assert result.pair("institutional", "social") is None
    assert result.pair("criminal", "social").negative == 1


def test_ownership(G):
    own = kv.ownership(G)
    assert own.without_owner == ("c", "d")
    assert own.without_organisation == ("d",)
    # b is owned by actor ann, who works for org2; the tie on counts goes to the lower id.
    assert [(c.organisation, c.owns, c.involved) for c in own.carriers] == [
        ("org1", 1, 2),
        ("org2", 1, 2),
    ]
    assert own.carriers[0].label == "Gemeente Teststad"


def test_compare_reports_what_a_new_idea_adds(G):
    idea = intervention(
        "e", "institutional", ("i1", "positive", 2, 0.5), ("c2", "negative", 1, 0.5)
    )
    diff = kv.compare(G, kv.build_graph(small_casus(), [idea]))
    assert diff.added == ("e",)
    assert diff.removed == diff.changed == ()
    assert diff.new_koppelvlakken == (("institutional", "criminal"),)
    assert [(p.source, p.target, p.interventions) for p in diff.pair_changes] == [
        ("institutional", "criminal", ("e",))
    ]
    assert diff.gaps_closed == ("i1",)
    assert diff.gaps_opened == ()
    assert diff.environments_covered == ("institutional",)
    assert diff.new_conflicts == ("indicator:c2",)
    assert diff.new_side_effects == (("e", "c2"),)
    assert [x.intervention for x in diff.leverage] == ["e"]


def test_compare_sees_a_replaced_intervention_as_changed(G):
    better_b = intervention("b", "social", ("c1", "positive", 3, 1.0), owner="ann")
    diff = kv.compare(G, kv.build_graph(small_casus(), [better_b]))
    assert diff.changed == ("b",)
    assert diff.added == ()
    assert kv.compare(G, G).changed == ()


def test_an_extra_intervention_replaces_the_known_one_with_its_id():
    replacement = intervention("a", "social", ("i1", "positive", 1, 1.0))
    G = kv.build_graph(small_casus(), [replacement])
    assert G.nodes["iv:a"]["environment"] == "social"
    targets = {v for _, v, d in G.out_edges("iv:a", data=True) if d["kind"] == "effect"}
    assert targets == {"ind:i1"}


def test_empty_casus_gives_empty_answers():
    from test_analysis_cases import casus

    G = kv.build_graph(casus([indicator("x", "social", "improving")], []))
    report = kv.analyse(G)
    assert report.leverage == ()
    assert report.koppelvlakken.pairs == ()
    assert report.coverage.environments_without_intervention == kv.ENVIRONMENTS
    assert report.coverage.uncovered_worsening == ()
    assert "geen" in kv.format_report(report)
