"""One pass over a koppelvlakken graph into plain lookup tables, shared by every analysis.

Analyses never walk the graph themselves. :func:`index` reads it once (O(nodes + edges)); then
:func:`walk` visits the interventions once, in id order, and feeds each intervention with its
effects to every analysis that was asked for (an *accumulator* with ``add`` and ``result``).
Visiting each intervention once keeps its data in the CPU cache while all analyses look at it,
and visiting in id order means lists come out sorted by id without sorting them again.

Everything is keyed by the node's ``id`` attribute, not the node key, so relabelling nodes
changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import networkx as nx

from .._gc import paused_gc
from .graph import BELONGS_TO, EFFECT

__all__ = ["Node", "EffectRow", "GraphIndex", "Accumulator", "index", "walk"]

_TARGETS = ("indicator", "environment")


class Node(NamedTuple):
    """What the analyses need to know about one node (read from its attributes once)."""

    key: Any
    kind: str
    id: str
    label_nl: str
    label_en: str
    environment: str
    trend: str
    #: The organisation that carries an intervention: its owner's organisation, or its owner.
    carrier: str
    organisations: tuple[str, ...]
    attrs: dict[str, Any]

    def label(self, lang: str = "nl") -> str:
        """The node's label in ``lang``."""
        return self.label_en if lang == "en" else self.label_nl


class EffectRow(NamedTuple):
    """One effect edge from an intervention, with both ends resolved."""

    intervention: str
    target: str
    target_kind: str
    source_env: str
    target_env: str
    sign: int
    strength: int
    confidence: float
    weight: float
    evidence: str
    target_key: Any

    @property
    def koppelvlak(self) -> bool:
        """Whether the effect crosses from one environment into another."""
        return self.source_env != self.target_env


@dataclass
class GraphIndex:
    """Lookup tables of a graph: nodes by kind and id, effects by intervention.

    The effect rows of an intervention are read from the graph the first time they are asked
    for (:meth:`rows`), normally while :func:`walk` visits that intervention, so they are used
    while they are still in the CPU cache.
    """

    interventions: dict[str, Node] = field(default_factory=dict)
    indicators: dict[str, Node] = field(default_factory=dict)
    environments: dict[str, Node] = field(default_factory=dict)
    parties: dict[str, Node] = field(default_factory=dict)
    #: interventions the journey dropped (``dropped=True``): on the map, in no analysis.
    dropped: dict[str, Node] = field(default_factory=dict)
    #: node key -> [(node key, weight)]: belongs_to edges, and effect edges that do not start
    #: at an intervention (the second hop of reach; the first hop is an intervention's rows).
    succ: dict[Any, list[tuple[Any, float]]] = field(default_factory=dict)
    nodes: dict[Any, Node] = field(default_factory=dict)
    #: node key -> node, for indicators and environments only (small: stays in the CPU cache).
    targets: dict[Any, Node] = field(default_factory=dict)
    tables: dict[str, dict[str, Node]] = field(default_factory=dict)
    #: intervention id -> its effect rows, filled by :meth:`rows`.
    by_intervention: dict[str, list[EffectRow]] = field(default_factory=dict)
    #: node key -> raw out-neighbours in the graph, for the interventions' rows.
    adjacency: dict[Any, dict[Any, dict[Any, dict[str, Any]]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tables = {
            "intervention": self.interventions,
            "indicator": self.indicators,
            "environment": self.environments,
            "party": self.parties,
        }

    def node(self, kind: str, ident: str) -> Node:
        """The node of ``kind`` with ``ident``."""
        return self.tables[kind][ident]

    def label(self, kind: str, ident: str, lang: str = "nl") -> str:
        """The label of a node in ``lang``, or its id when it is unknown."""
        node = self.tables.get(kind, {}).get(ident)
        return ident if node is None else (node.label_en if lang == "en" else node.label_nl)

    def rows(self, intervention: str) -> list[EffectRow]:
        """The effects of one intervention on indicators and environments."""
        rows = self.by_intervention.get(intervention)
        if rows is None:
            node = self.interventions[intervention]
            rows = _effect_rows(node, self.adjacency.get(node.key), self.targets)
            self.by_intervention[intervention] = rows
        return rows

    @property
    def effects(self) -> list[EffectRow]:
        """Every effect of every intervention, by intervention id."""
        return [row for ident in sorted(self.interventions) for row in self.rows(ident)]


class Accumulator(Protocol):
    """One analysis fed intervention by intervention (in id order) by :func:`walk`."""

    def add(self, node: Node, rows: Sequence[EffectRow]) -> None:
        """Take in one intervention and its effects on indicators and environments."""


def walk(idx: GraphIndex, *accumulators: Accumulator, keep_rows: bool = False) -> None:
    """Feed every intervention, in id order, with its effects to each accumulator.

    Rows not read before are made for the visit and dropped after it (so the next
    intervention's rows reuse the same, cached, memory) unless ``keep_rows``.
    """
    adders = [acc.add for acc in accumulators]
    by_intervention, adjacency, targets = idx.by_intervention, idx.adjacency, idx.targets
    for ident, node in sorted(idx.interventions.items()):
        rows = by_intervention.get(ident)
        if rows is None:
            rows = _effect_rows(node, adjacency.get(node.key), targets)
            if keep_rows:
                by_intervention[ident] = rows
        for add in adders:
            add(node, rows)


@paused_gc
def index(G: nx.MultiDiGraph) -> GraphIndex:
    """Read the nodes of ``G`` and the edges that do not start at an intervention.

    The interventions' own edges are read per intervention by :meth:`GraphIndex.rows`.
    """
    idx = GraphIndex()
    tables, nodes = idx.tables, idx.nodes
    for key, data in G.nodes(data=True):
        node = nodes[key] = _node(key, data)
        if node.kind == "intervention" and data.get("dropped"):
            idx.dropped[node.id] = node
        elif node.kind in tables:
            tables[node.kind][node.id] = node
        if node.kind in _TARGETS:
            idx.targets[key] = node
    for u, neighbours in G.adjacency():
        kind = nodes[u].kind
        if kind == "intervention":  # a dropped one's rows are never asked for
            idx.adjacency[u] = neighbours
        elif kind != "party":  # owns and partner edges: read from the intervention nodes
            _other_edges(u, neighbours, idx)
    return idx


def _node(key: Any, data: dict[str, Any]) -> Node:
    ident = str(data["id"]) if "id" in data else _plain_id(key)
    label = data.get("label_nl", data.get("label", ident))
    organisations = tuple(o for o in str(data.get("organisations", "")).split(",") if o)
    return Node(
        key,
        data.get("kind", ""),
        ident,
        label,
        data.get("label_en", label),
        data.get("environment", ""),
        data.get("trend", ""),
        data.get("owner_organisation") or data.get("owner") or "",
        organisations,
        data,
    )


def _other_edges(u: Any, neighbours: dict[Any, dict[Any, dict[str, Any]]], idx: GraphIndex) -> None:
    """belongs_to edges, and effects between other nodes: the second hop of reach."""
    for v, edges in neighbours.items():
        for data in edges.values():
            kind = data.get("kind")
            if kind == BELONGS_TO:
                idx.succ.setdefault(u, []).append((v, 1.0))
            elif kind == EFFECT:
                weight = data.get("strength", 1) * data.get("confidence", 1.0)
                idx.succ.setdefault(u, []).append((v, weight))


def _effect_rows(
    source: Node,
    neighbours: dict[Any, dict[Any, dict[str, Any]]] | None,
    targets: dict[Any, Node],
) -> list[EffectRow]:
    rows: list[EffectRow] = []
    for v, edges in (neighbours or {}).items():
        target = targets.get(v)
        if target is None:  # not an indicator or environment
            continue
        for data in edges.values():
            if data.get("kind") == EFFECT:
                rows.append(_effect_row(source, target, data))
    return rows


def _plain_id(key: Any) -> str:
    """``ind:s1`` -> ``s1``: node-link JSON keeps the node key in ``id`` and drops the attribute."""
    text = str(key)
    prefix, _, rest = text.partition(":")
    return rest if rest and prefix in ("env", "ind", "iv", "party") else text


def _effect_row(source: Node, target: Node, data: dict[str, Any]) -> EffectRow:
    strength = data.get("strength", 1)
    confidence = data.get("confidence", 1.0)
    return EffectRow(
        source.id,
        target.id,
        target.kind,
        source.environment,
        target.environment,
        -1 if data.get("sign") == "negative" else 1,
        strength,
        confidence,
        strength * confidence,
        data.get("evidence", ""),
        target.key,
    )
