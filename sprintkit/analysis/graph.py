"""The koppelvlakken graph: the four environments, indicators, interventions and their owners.

One :class:`networkx.MultiDiGraph` per state of a journey. Node ids are namespaced so that an
indicator and an intervention may share an id: ``env:social``, ``ind:<id>``, ``iv:<id>``,
``party:<id>``. Every node carries ``kind``, ``id`` (the id without namespace), ``label`` (Dutch,
the attribute Gephi and Cytoscape show), ``label_nl``, ``label_en`` and, where it has one,
``environment``. Edges carry ``kind``:

- ``effect`` (intervention -> indicator or environment): ``sign``, ``strength``, ``confidence``,
  ``evidence``, ``weight`` (strength x confidence) and ``koppelvlak`` (the target lies in another
  environment than the one the intervention is placed in);
- ``belongs_to`` (indicator -> environment), ``placed_in`` (intervention -> environment);
- ``owns`` (party -> intervention) and ``partner`` (organisation taking part -> intervention).

Interventions carry ``from_journey``: ``False`` when known in the casus, ``True`` for an idea,
prototype or measure of the journey. Ideas the journey recorded but left out of its plan may be
added with ``dropped=True``: the map shows them, every analysis leaves them out.

All attributes are scalars (no ``None``), so the graph writes to GraphML as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from .._gc import paused_gc
from ..model import Casus, Effect, Environment, Indicator, Intervention, Method

__all__ = [
    "EFFECT",
    "BELONGS_TO",
    "PLACED_IN",
    "OWNS",
    "PARTNER",
    "ENVIRONMENTS",
    "node_id",
    "build_graph",
    "add_intervention",
    "add_effect",
    "interventions_from_results",
]

EFFECT = "effect"
BELONGS_TO = "belongs_to"
PLACED_IN = "placed_in"
OWNS = "owns"
PARTNER = "partner"

#: The four environments in their fixed order (matrix rows and columns, map quadrants).
ENVIRONMENTS: tuple[str, ...] = tuple(env.value for env in Environment)

_PREFIX = {"environment": "env", "indicator": "ind", "intervention": "iv", "party": "party"}

#: Status given to an intervention dict from a phase result that does not state its own.
_STATUS_BY_FIELD = {"ideeen": "idea", "prototypes": "prototype"}


def node_id(kind: str, ident: str) -> str:
    """The namespaced node id of an environment, indicator, intervention or party.

    Examples:
        >>> import sprintkit as sk
        >>> node_id("intervention", "buitenfitness_molenpark")
        'iv:buitenfitness_molenpark'
        >>> node_id("environment", Environment.SOCIAL)
        'env:social'
    """
    return f"{_PREFIX[kind]}:{ident}"


@paused_gc
def build_graph(
    casus: Casus,
    extra_interventions: Iterable[Intervention] = (),
    *,
    dropped: Iterable[Intervention] = (),
    include_parties: bool = True,
) -> nx.MultiDiGraph:
    """The koppelvlakken graph of a casus plus a journey's ideas, prototypes and measures.

    Args:
        casus: The casus with its indicators, known interventions, actors and organisations.
        extra_interventions: Interventions from a journey (see :func:`interventions_from_results`).
            One whose id equals a known intervention replaces it. They get ``from_journey=True``.
        dropped: Interventions the journey recorded but left out of its plan (stopped, or ideas
            the last phase did not carry forward). Added with ``dropped=True`` and without
            parties; one whose id is already in the graph is skipped, so every recorded
            intervention (``journey.interventions(plan=False)``) may be passed as it is.
        include_parties: Add ``party:`` nodes with ``owns`` and ``partner`` edges.

    Returns:
        The graph. Effects on an indicator the casus does not know are left out and counted in
        ``G.graph["skipped_effects"]``.

    Examples:
        >>> import sprintkit as sk
        >>> G = build_graph(sk.load_casus("molenwijk"))
        >>> G.nodes["iv:buitenfitness_molenpark"]["environment"]
        'physical'
        >>> [d["koppelvlak"] for _, v, d in G.out_edges("iv:buitenfitness_molenpark", data=True)
        ...  if d["kind"] == "effect" and v == "ind:sociale_cohesie"]
        [True]
    """
    G = nx.MultiDiGraph(casus=casus.id, name=casus.name, skipped_effects=0)
    for env in Environment:
        G.add_node(
            node_id("environment", env),
            kind="environment",
            id=env.value,
            environment=env.value,
            **_labels(env.label("nl"), env.label("en")),
        )
    for indicator in casus.indicators:
        _add_indicator(G, indicator)
    interventions = {iv.id: iv for iv in casus.interventions}
    journey = {iv.id: iv for iv in extra_interventions}
    interventions.update(journey)
    owners = _owner_organisations(casus)
    for iv in interventions.values():
        owner = owners.get(iv.owner or "", iv.owner)
        add_intervention(G, iv, owner_organisation=owner, from_journey=iv.id in journey)
    for iv in dropped:
        if iv.id not in interventions:
            owner = owners.get(iv.owner or "", iv.owner)
            add_intervention(G, iv, owner_organisation=owner, from_journey=True, dropped=True)
    if include_parties:
        _add_parties(G, casus, interventions.values())
    return G


def add_intervention(
    G: nx.MultiDiGraph,
    intervention: Intervention,
    *,
    owner_organisation: str | None = None,
    from_journey: bool = False,
    dropped: bool = False,
) -> str:
    """Add an intervention node, its ``placed_in`` edge and its effects; return its node id.

    Effects on indicators that are not in ``G`` are skipped and counted in
    ``G.graph["skipped_effects"]``. ``from_journey`` marks the journey's own; a ``dropped``
    intervention is drawn on the map but left out of every analysis.
    """
    node = node_id("intervention", intervention.id)
    attrs: dict[str, Any] = {
        "kind": "intervention",
        "id": intervention.id,
        "environment": intervention.environment.value,
        "status": intervention.status,
        "organisations": ",".join(intervention.organisations),
        "from_journey": from_journey,
        **_labels(intervention.name.get("nl"), intervention.name.get("en")),
    }
    if dropped:
        attrs["dropped"] = True
    if intervention.owner:
        attrs["owner"] = intervention.owner
        attrs["owner_organisation"] = owner_organisation or intervention.owner
    G.add_node(node, **attrs)
    environment = intervention.environment.value
    G.add_edge(node, _ENV_NODE[environment], kind=PLACED_IN)
    nodes = G.nodes
    for effect in intervention.effects:
        target = _target(effect)
        if target not in nodes:
            if effect.indicator is None:  # an environment is always there: not a skip
                raise KeyError(f"no node '{target}' in the graph")
            G.graph["skipped_effects"] = G.graph.get("skipped_effects", 0) + 1
            continue
        _add_effect_edge(G, node, environment, target, effect)
    return node


def add_effect(G: nx.MultiDiGraph, intervention_id: str, effect: Effect) -> None:
    """Add one effect edge from an intervention already in ``G`` to its target.

    Raises:
        KeyError: The intervention or the target indicator is not in ``G``.

    Examples:
        >>> import sprintkit as sk
        >>> G = build_graph(sk.load_casus("molenwijk"))
        >>> add_effect(G, "buurtpreventie_app", Effect(environment="institutional",
        ...            sign="positive", strength=1, confidence=0.5))
        >>> G.has_edge("iv:buurtpreventie_app", "env:institutional")
        True
    """
    source = node_id("intervention", intervention_id)
    target = _target(effect)
    for node in (source, target):
        if node not in G:
            raise KeyError(f"no node '{node}' in the graph")
    _add_effect_edge(G, source, G.nodes[source]["environment"], target, effect)


#: environment value -> its node id (build_graph asks for them once per effect)
_ENV_NODE = {env.value: f"{_PREFIX['environment']}:{env.value}" for env in Environment}


def _target(effect: Effect) -> str:
    """The node id an effect points at: its indicator, else its environment."""
    if effect.indicator is not None:
        return f"{_PREFIX['indicator']}:{effect.indicator}"
    if effect.environment is not None:
        return _ENV_NODE[Environment(effect.environment).value]
    # Effect's validator allows neither, but a model_construct()ed one may have no target
    raise ValueError("an effect needs an indicator or an environment as its target")


def _add_effect_edge(
    G: nx.MultiDiGraph, source: str, source_env: str, target: str, effect: Effect
) -> None:
    G.add_edge(
        source,
        target,
        kind=EFFECT,
        sign=effect.sign,
        strength=effect.strength,
        confidence=effect.confidence,
        weight=effect.strength * effect.confidence,
        evidence=effect.evidence or "",
        koppelvlak=G.nodes[target]["environment"] != source_env,
    )


def interventions_from_results(
    method: Method, results: Mapping[int, Mapping[str, Any]], *, plan: bool = True
) -> list[Intervention]:
    """Collect the interventions in a journey's phase results (ideas, prototypes, measures).

    Only fields of kind ``interventions`` count (wijkaanpak sprint 4 ``ideeen``, sprint 5
    ``prototypes``, sprint 7 ``interventies``; KVU step 4 ``maatregelen``). A value may be a
    list of dicts or :class:`~sprintkit.model.Intervention` objects, or a dict of them by id.
    A later phase replaces an earlier intervention with the same id (a prototype replaces its
    idea). A dict without ``status`` gets ``idea`` or ``prototype`` from its field.

    The result is the *plan*: an intervention whose latest record is ``stopped`` (gestopt) is
    left out, and once the method's last phase with an interventions field (the wijkaanpak's
    sprint 7) is filled, an idea it does not carry forward is dropped too. Until then an idea
    that a middle phase did not prototype stays a candidate (it may come back in sprint 7).
    ``plan=False`` gives every intervention ever recorded, with its latest status.

    Examples:
        >>> import sprintkit as sk
        >>> method = sk.load_method("wijkaanpak")
        >>> idea = {"id": "buurtmoestuin", "name": "Buurtmoestuin", "environment": "physical"}
        >>> [(i.id, i.status) for i in interventions_from_results(method, {4: {"ideeen": [idea]}})]
        [('buurtmoestuin', 'idea')]
    """
    found: dict[str, Intervention] = {}
    final: set[str] | None = None  # the ids of the last interventions phase, once filled
    phases = sorted(method.phases, key=lambda p: p.number)
    last = max(
        (p.number for p in phases if any(f.kind == "interventions" for f in p.result.fields)),
        default=None,
    )
    for phase in phases:
        values = results.get(phase.number) or {}
        for field in phase.result.fields:
            if field.kind != "interventions" or not values.get(field.key):
                continue
            for item in _items(values[field.key]):
                iv = _as_intervention(item, _STATUS_BY_FIELD.get(field.key))
                found.pop(iv.id, None)
                found[iv.id] = iv
                if phase.number == last:
                    final = (final or set()) | {iv.id}
    if not plan:
        return list(found.values())
    return [
        iv for iv in found.values() if iv.status != "stopped" and (final is None or iv.id in final)
    ]


def _items(value: Any) -> list[Any]:
    if isinstance(value, Intervention):
        return [value]
    if isinstance(value, Mapping):
        if "id" in value and "environment" in value:
            return [value]
        return [
            {"id": key, **item} if isinstance(item, Mapping) else item
            for key, item in value.items()
        ]
    return list(value)


def _as_intervention(item: Any, status: str | None) -> Intervention:
    if isinstance(item, Intervention):
        return item
    data = dict(item)
    if status and "status" not in data:
        data["status"] = status
    return Intervention.model_validate(data)


def _labels(nl: str, en: str) -> dict[str, str]:
    return {"label": nl, "label_nl": nl, "label_en": en}


def _add_indicator(G: nx.MultiDiGraph, indicator: Indicator) -> None:
    node = node_id("indicator", indicator.id)
    G.add_node(
        node,
        kind="indicator",
        id=indicator.id,
        environment=indicator.environment.value,
        trend=indicator.trend(),
        better=indicator.better,
        unit=indicator.unit,
        **_labels(indicator.name.get("nl"), indicator.name.get("en")),
    )
    G.add_edge(node, node_id("environment", indicator.environment), kind=BELONGS_TO)


def _owner_organisations(casus: Casus) -> dict[str, str]:
    """Actor id -> the organisation the actor works for (owners may be actors)."""
    return {a.id: a.organisation for a in casus.actors if a.organisation}


def _add_parties(G: nx.MultiDiGraph, casus: Casus, interventions: Iterable[Intervention]) -> None:
    actors = {a.id: a for a in casus.actors}
    organisations = {o.id: o for o in casus.organisations}
    for iv in interventions:
        links = [(iv.owner, OWNS)] if iv.owner else []
        links += [(org, PARTNER) for org in iv.organisations]
        for party, kind in links:
            node = node_id("party", party)
            if node not in G:
                G.add_node(node, **_party_attrs(party, actors, organisations))
            G.add_edge(node, node_id("intervention", iv.id), kind=kind)


def _party_attrs(party: str, actors: dict[str, Any], organisations: dict[str, Any]) -> dict:
    attrs: dict[str, Any] = {"kind": "party", "id": party}
    if party in organisations:
        org = organisations[party]
        attrs.update(party_kind="organisation", organisation=party, **_labels(org.name, org.name))
    elif party in actors:
        actor = actors[party]
        attrs.update(party_kind="actor", **_labels(actor.name, actor.name))
        if actor.organisation:
            attrs["organisation"] = actor.organisation
    else:
        attrs.update(party_kind="unknown", **_labels(party, party))
    return attrs
