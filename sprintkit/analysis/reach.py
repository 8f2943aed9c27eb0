"""Reach: how far each intervention works through, directly and within two hops.

Weights are strength x confidence. Sums use :func:`math.fsum`, which gives the same result in
any order, so scores (and the ties broken by id) do not depend on how the graph was built.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from .._gc import paused_gc
from ._index import EffectRow, GraphIndex, Node, index, walk
from .graph import ENVIRONMENTS

__all__ = ["Touch", "Reach", "ReachAccumulator", "reach", "reach_all"]


@dataclass(frozen=True, slots=True)
class Touch:
    """An indicator or environment an intervention reaches, with the summed path weight."""

    kind: str
    id: str
    environment: str
    weight: float


@dataclass(frozen=True, slots=True)
class Reach:
    """What one intervention touches directly (one hop) and within two hops.

    Two hops follow effect edges and then ``belongs_to`` (an indicator's environment) or any
    further effect edge; the weight of a path is the product of its edge weights.
    """

    intervention: str
    environment: str
    direct: tuple[Touch, ...]
    within_two: tuple[Touch, ...]

    @property
    def direct_weight(self) -> float:
        """Summed weight of the direct effects."""
        return math.fsum(touch.weight for touch in self.direct)

    @property
    def environments(self) -> tuple[str, ...]:
        """The environments reached within two hops, in the fixed environment order."""
        found = {touch.id for touch in self.within_two if touch.kind == "environment"}
        return tuple(env for env in ENVIRONMENTS if env in found)

    def weight(self, kind: str, ident: str, hops: int = 2) -> float:
        """Weight with which a node is reached in ``hops`` (1 or 2) hops; 0 when it is not."""
        touches = self.direct if hops == 1 else self.within_two
        return next((x.weight for x in touches if (x.kind, x.id) == (kind, ident)), 0.0)


@paused_gc
def reach(G: nx.MultiDiGraph, intervention: str) -> Reach:
    """The reach of one intervention (by id).

    Examples:
        >>> import sprintkit as sk
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> r = reach(G, "buitenfitness_molenpark")
        >>> r.environments
        ('social', 'physical')
        >>> round(r.weight("environment", "social"), 2)
        1.2
    """
    idx = index(G)
    node = idx.interventions[intervention]
    return _reach(idx, node, idx.rows(intervention))


@paused_gc
def reach_all(G: nx.MultiDiGraph) -> tuple[Reach, ...]:
    """The reach of every intervention, sorted by id."""
    idx = index(G)
    acc = ReachAccumulator(idx)
    walk(idx, acc)
    return acc.result()


class ReachAccumulator:
    """Collects :func:`reach_all` while :func:`~._index.walk` visits the interventions."""

    def __init__(self, idx: GraphIndex) -> None:
        self.idx = idx
        self.reaches: list[Reach] = []

    def add(self, node: Node, rows: Sequence[EffectRow]) -> None:
        """Work out the reach of one intervention."""
        self.reaches.append(_reach(self.idx, node, rows))

    def result(self) -> tuple[Reach, ...]:
        """Every reach, sorted by intervention id."""
        return tuple(self.reaches)


def _reach(idx: GraphIndex, node: Node, rows: Sequence[EffectRow]) -> Reach:
    first: dict[object, list[float]] = {}
    rows_by_target: dict[object, EffectRow] = {}
    for row in rows:
        weights = first.get(row.target_key)
        if weights is None:
            first[row.target_key] = [row.weight]
            rows_by_target[row.target_key] = row
        else:
            weights.append(row.weight)
    direct = {
        key: Touch(row.target_kind, row.target, row.target_env, _total(first[key]))
        for key, row in rows_by_target.items()
    }
    second = dict(first)  # shares the lists until a second hop adds to one (copy on write)
    succ = idx.succ
    for target, weights in first.items():
        for further, w2 in succ.get(target, ()):
            paths = [w * w2 for w in weights]
            known = second.get(further)
            second[further] = paths if known is None else known + paths
    # A target reached by the same paths in one and two hops keeps its Touch (most of them).
    within = {key: touch for key, touch in direct.items() if second[key] is first[key]}
    for key, ws in second.items():
        if key not in within and (other := idx.targets.get(key)) is not None:
            within[key] = Touch(other.kind, other.id, other.environment, _total(ws))
    return Reach(node.id, node.environment, _ordered(direct), _ordered(within))


def _total(weights: list[float]) -> float:
    return weights[0] if len(weights) == 1 else math.fsum(weights)


def _ordered(touches: dict[object, Touch]) -> tuple[Touch, ...]:
    return tuple(sorted(touches.values(), key=lambda x: (-x.weight, x.kind, x.id)))
