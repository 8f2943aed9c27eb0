"""The koppelvlakken graph: nodes, edges, journey interventions, and export."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from test_analysis_cases import intervention, small_casus

from sprintkit import analysis as kv
from sprintkit.loading import load_method
from sprintkit.model import Effect, Intervention


@pytest.fixture
def G():
    return kv.build_graph(small_casus())


def test_nodes_are_namespaced_and_carry_kind_label_environment(G):
    kinds = {d["kind"] for _, d in G.nodes(data=True)}
    assert kinds == {"environment", "indicator", "intervention", "party"}
    assert G.nodes["env:social"] == {
        "kind": "environment",
        "id": "social",
        "environment": "social",
        "label": "sociale omgeving",
        "label_nl": "sociale omgeving",
        "label_en": "social environment",
    }
    assert G.nodes["ind:s1"]["trend"] == "worsening"
    assert G.nodes["iv:a"]["environment"] == "physical"
    assert G.nodes["party:ann"]["party_kind"] == "actor"
    assert G.nodes["party:ann"]["organisation"] == "org2"
    assert G.nodes["iv:b"]["owner_organisation"] == "org2"


def test_edges_by_kind(G):
    def edges(kind):
        return sorted((u, v) for u, v, d in G.edges(data=True) if d["kind"] == kind)

    assert ("ind:s1", "env:social") in edges("belongs_to")
    assert edges("placed_in") == [
        ("iv:a", "env:physical"),
        ("iv:b", "env:social"),
        ("iv:c", "env:criminal"),
        ("iv:d", "env:physical"),
    ]
    assert edges("owns") == [("party:ann", "iv:b"), ("party:org1", "iv:a")]
    assert ("party:org2", "iv:a") in edges("partner")
    assert len(edges("effect")) == 7


def test_effect_edge_attributes(G):
    (data,) = [d for d in G.get_edge_data("iv:a", "ind:s1").values()]
    assert data == {
        "kind": "effect",
        "sign": "positive",
        "strength": 2,
        "confidence": 0.5,
        "weight": 1.0,
        "evidence": "",
        "koppelvlak": True,
    }
    (inside,) = G.get_edge_data("iv:a", "ind:p1").values()
    assert inside["koppelvlak"] is False


def test_without_parties():
    G = kv.build_graph(small_casus(), include_parties=False)
    assert not [n for n, d in G.nodes(data=True) if d["kind"] == "party"]
    assert kv.ownership(G).carriers[0].organisation == "org1"


def test_effects_on_unknown_indicators_are_skipped_and_counted():
    idea = intervention("e", "social", ("nope", "positive", 1, 0.5), ("s1", "positive", 1, 0.5))
    G = kv.build_graph(small_casus(), [idea])
    assert G.graph["skipped_effects"] == 1
    assert G.has_edge("iv:e", "ind:s1")


def test_add_effect_needs_known_nodes(G):
    with pytest.raises(KeyError, match="iv:nope"):
        kv.add_effect(G, "nope", Effect(indicator="s1", sign="positive"))
    with pytest.raises(KeyError, match="ind:nope"):
        kv.add_effect(G, "a", Effect(indicator="nope", sign="positive"))


def test_interventions_from_wijkaanpak_results():
    method = load_method("wijkaanpak")
    known = intervention("a", "social", ("s1", "positive", 1, 0.5))
    results = {
        4: {"ideeen": [{"id": "idee", "name": "Idee", "environment": "social"}, known]},
        5: {"prototypes": {"idee": {"name": "Prototype", "environment": "physical"}}},
        7: {
            "interventies": [
                {"id": "z", "name": "Z", "environment": "criminal", "status": "implemented"}
            ]
        },
        3: {"ontwerpbrief": "geen interventies hier"},
    }
    found = kv.interventions_from_results(method, results, plan=False)
    assert [(i.id, i.status, i.environment.value) for i in found] == [
        ("a", "known", "social"),
        ("idee", "prototype", "physical"),
        ("z", "implemented", "criminal"),
    ]
    assert all(isinstance(i, Intervention) for i in found)
    # the plan: sprint 7 is filled, so what it does not carry forward was dropped
    plan = kv.interventions_from_results(method, results)
    assert [i.id for i in plan] == ["z"]
    del results[7]
    assert [i.id for i in kv.interventions_from_results(method, results)] == ["a", "idee"]


def test_interventions_from_kvu_results():
    method = load_method("kvu")
    keys = {p.number: {f.key for f in p.result.fields} for p in method.phases}
    step = next(number for number, fields in keys.items() if "maatregelen" in fields)
    measure = {"id": "m1", "name": "Maatregel", "environment": "institutional"}
    found = kv.interventions_from_results(method, {step: {"maatregelen": [measure]}})
    assert [(i.id, i.status) for i in found] == [("m1", "known")]
    assert kv.interventions_from_results(method, {}) == []


def test_graphml_round_trip(G, tmp_path):
    path = kv.write_graphml(G, tmp_path / "wijk.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    assert back.nodes["iv:a"]["label_en"] == "Interventie a"
    effect = next(iter(back.get_edge_data("iv:a", "ind:s1").values()))
    assert effect["strength"] == 2 and effect["koppelvlak"] is True


def test_graphml_turns_non_scalars_into_text(G, tmp_path):
    G.nodes["iv:a"]["tags"] = ["x", "y"]
    G.nodes["iv:a"]["nothing"] = None
    back = nx.read_graphml(kv.write_graphml(G, tmp_path / "wijk.graphml"))
    assert json.loads(back.nodes["iv:a"]["tags"]) == ["x", "y"]
    assert "nothing" not in back.nodes["iv:a"]


def test_node_link_round_trip(G, tmp_path):
    data = json.loads(json.dumps(kv.to_node_link(G)))
    back = kv.from_node_link(data)
    assert back.is_multigraph() and back.is_directed()
    assert sorted(back.edges(keys=True)) == sorted(G.edges(keys=True))
    assert kv.analyse(back).to_dict() == kv.analyse(G).to_dict()
    written = kv.write_node_link(G, tmp_path / "wijk.json")
    assert json.loads(written.read_text(encoding="utf-8"))["graph"]["casus"] == "testwijk"


def test_analyses_pause_the_garbage_collector_and_switch_it_back_on(G):
    import gc

    seen = []

    class Spy:
        def add(self, node, rows):
            seen.append(gc.isenabled())

    from sprintkit._gc import paused_gc
    from sprintkit.analysis._index import index, walk

    paused_gc(lambda: walk(index(G), Spy()))()
    assert seen and not any(seen)
    assert gc.isenabled()
    kv.analyse(G)
    assert gc.isenabled()

    @paused_gc
    def boom():
        raise ValueError("x")

    with pytest.raises(ValueError):
        boom()
    assert gc.isenabled()
    gc.disable()
    try:
        kv.analyse(G)
        assert not gc.isenabled()  # it was off, so it stays off
    finally:
        gc.enable()
