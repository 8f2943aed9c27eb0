"""Property tests on random koppelvlakken graphs (hypothesis)."""

from __future__ import annotations

import random

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st
from test_analysis_cases import casus, indicator, intervention

from sprintkit import analysis as kv
from sprintkit.model import Effect

ENVS = ("social", "physical", "institutional", "criminal")
TRENDS = ("worsening", "stable", "improving")


@st.composite
def specs(draw):
    """A random casus as plain data: indicators, interventions and their effects."""
    n_ind = draw(st.integers(1, 8))
    n_iv = draw(st.integers(1, 8))
    indicators = [
        (f"i{k}", draw(st.sampled_from(ENVS)), draw(st.sampled_from(TRENDS))) for k in range(n_ind)
    ]
    targets = st.one_of(st.sampled_from([f"i{k}" for k in range(n_ind)]), st.sampled_from(ENVS))
    effect = st.tuples(
        targets,
        st.sampled_from(("positive", "negative")),
        st.integers(1, 3),
        st.sampled_from((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)),
    )
    interventions = [
        (f"v{k}", draw(st.sampled_from(ENVS)), draw(st.lists(effect, max_size=5)))
        for k in range(n_iv)
    ]
    return indicators, interventions


def build(spec, rename=lambda x: x):
    indicators, interventions = spec
    inds = [indicator(rename(i), env, trend) for i, env, trend in indicators]
    ivs = [
        intervention(
            rename(v), env, *[(t if t in ENVS else rename(t), *rest) for t, *rest in effects]
        )
        for v, env, effects in interventions
    ]
    return kv.build_graph(casus(inds, ivs))


def tie_groups(ranking, back=lambda x: x):
    """The ranking as consecutive groups of equal (score, environments) with their ids."""
    groups = []
    for x in ranking:
        key = (round(x.score, 9), len(x.environments))
        if groups and groups[-1][0] == key:
            groups[-1][1].add(back(x.intervention))
        else:
            groups.append((key, {back(x.intervention)}))
    return groups


@settings(max_examples=60, deadline=None)
@given(spec=specs(), seed=st.integers(0, 10_000))
def test_ranking_is_stable_under_relabelling_of_ids(spec, seed):
    indicators, interventions = spec
    names = [i for i, *_ in indicators] + [v for v, *_ in interventions]
    shuffled = random.Random(seed).sample(range(len(names)), len(names))
    mapping = {name: f"n{k:03d}" for name, k in zip(names, shuffled, strict=True)}
    inverse = {new: old for old, new in mapping.items()}
    before = kv.leverage(build(spec))
    after = kv.leverage(build(spec, mapping.__getitem__))
    assert tie_groups(after, inverse.__getitem__) == tie_groups(before)
    assert {inverse[x.intervention]: x.score for x in after} == {
        x.intervention: x.score for x in before
    }


@settings(max_examples=40, deadline=None)
@given(spec=specs(), seed=st.integers(0, 10_000))
def test_every_analysis_ignores_node_keys_and_insertion_order(spec, seed):
    G = build(spec)
    rng = random.Random(seed)
    keys = list(G.nodes)
    order = rng.sample(range(len(keys)), len(keys))
    H = nx.relabel_nodes(G, {key: f"x{k}" for key, k in zip(keys, order, strict=True)})
    shuffled = nx.MultiDiGraph(**G.graph)
    shuffled.add_nodes_from(rng.sample(list(H.nodes(data=True)), len(H)))
    shuffled.add_edges_from(rng.sample(list(H.edges(data=True)), H.number_of_edges()))
    assert kv.analyse(shuffled).to_dict() == kv.analyse(G).to_dict()


@settings(max_examples=60, deadline=None)
@given(
    spec=specs(),
    pick=st.integers(0, 1_000),
    target=st.integers(0, 1_000),
    sign=st.sampled_from(("positive", "negative")),
    strength=st.integers(1, 3),
    confidence=st.floats(0.0, 1.0),
)
def test_adding_an_edge_never_lowers_reach(spec, pick, target, sign, strength, confidence):
    G = build(spec)
    indicators, interventions = spec
    before = {r.intervention: r for r in kv.reach_all(G)}
    source = interventions[pick % len(interventions)][0]
    goals = [("indicator", i) for i, *_ in indicators] + [("environment", e) for e in ENVS]
    kind, ident = goals[target % len(goals)]
    new = Effect(**{kind: ident}, sign=sign, strength=strength, confidence=confidence)
    kv.add_effect(G, source, new)
    after = {r.intervention: r for r in kv.reach_all(G)}
    assert set(after) == set(before)
    for iv, old in before.items():
        for hops, touches in ((1, old.direct), (2, old.within_two)):
            for touch in touches:
                assert after[iv].weight(touch.kind, touch.id, hops) >= touch.weight - 1e-12
    assert after[source].weight(kind, ident, hops=1) >= before[source].weight(kind, ident, 1)


@settings(max_examples=40, deadline=None)
@given(spec=specs())
def test_matrix_and_pairs_account_for_every_effect(spec):
    report = kv.analyse(build(spec))
    m = report.koppelvlakken.matrix
    assert sum(map(sum, m.counts)) == report.effects
    assert sum(p.effects for p in report.koppelvlakken.pairs) == report.koppelvlak_effects
    assert [x.rank for x in report.leverage] == list(range(1, report.interventions + 1))
    scores = [(-x.score, -len(x.environments), x.intervention) for x in report.leverage]
    assert scores == sorted(scores)
