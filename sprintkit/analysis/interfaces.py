"""Koppelvlakken: the environment pairs that interventions connect, and the 4x4 matrix.

An effect of an intervention placed in one environment on an indicator (or the whole of)
another environment is a koppelvlak: the knob in one place that moves another. The graph itself
is built by :func:`build_graph` (module :mod:`sprintkit.analysis.graph`, re-exported here).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .._gc import paused_gc
from ._index import EffectRow, Node, index, walk
from .graph import ENVIRONMENTS, build_graph

__all__ = [
    "KoppelvlakPair",
    "KoppelvlakMatrix",
    "Koppelvlakken",
    "KoppelvlakAccumulator",
    "koppelvlakken",
    "build_graph",
]


@dataclass(frozen=True, slots=True)
class KoppelvlakPair:
    """One koppelvlak: effects from interventions in ``source`` on targets in ``target``.

    Attributes:
        source: Environment the interventions are placed in.
        target: Environment their effects land in.
        interventions: Ids of the interventions connecting the two, sorted.
        effects: Number of effects across this pair.
        strength: Summed strength (1-3 each).
        weight: Summed strength x confidence.
        positive: Effects that move their target the good way.
        negative: Effects that move it the wrong way (side effects).
    """

    source: str
    target: str
    interventions: tuple[str, ...]
    effects: int
    strength: int
    weight: float
    positive: int
    negative: int


@dataclass(frozen=True, slots=True)
class KoppelvlakMatrix:
    """Effects between the four environments; rows are the source, columns the target.

    The diagonal holds effects that stay inside one environment.
    """

    environments: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    strength: tuple[tuple[int, ...], ...]
    weight: tuple[tuple[float, ...], ...]

    def cell(self, source: str, target: str) -> tuple[int, int]:
        """Number of effects and summed strength from ``source`` to ``target``."""
        i, j = self.environments.index(source), self.environments.index(target)
        return self.counts[i][j], self.strength[i][j]


@dataclass(frozen=True, slots=True)
class Koppelvlakken:
    """All koppelvlakken of a graph: the connected pairs (most effects first) and the matrix."""

    pairs: tuple[KoppelvlakPair, ...]
    matrix: KoppelvlakMatrix

    def pair(self, source: str, target: str) -> KoppelvlakPair | None:
        """The pair from ``source`` to ``target``, or ``None`` when nothing connects them."""
        return next((p for p in self.pairs if (p.source, p.target) == (source, target)), None)


@paused_gc
def koppelvlakken(G: nx.MultiDiGraph) -> Koppelvlakken:
    """Which interventions connect which environments, and how strongly.

    Examples:
        >>> import sprintkit as sk
        >>> G = build_graph(sk.load_casus("molenwijk"))
        >>> kv = koppelvlakken(G)
        >>> "buitenfitness_molenpark" in kv.pair("physical", "social").interventions
        True
        >>> kv.matrix.cell("physical", "social")
        (3, 4)
    """
    acc = KoppelvlakAccumulator()
    walk(index(G), acc)
    return acc.result()


class _Cell:
    """Running totals of the effects from one environment into another."""

    __slots__ = ("count", "strength", "weights", "positive", "interventions")

    def __init__(self) -> None:
        self.count = self.strength = self.positive = 0
        self.weights: list[float] = []
        self.interventions: list[str] = []


class KoppelvlakAccumulator:
    """Collects :func:`koppelvlakken` while :func:`~._index.walk` visits the interventions."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, str], _Cell] = {}
        self.effects = 0

    def add(self, node: Node, rows: Sequence[EffectRow]) -> None:
        """Count one intervention's effects into the cells of their environment pair."""
        cells = self.cells
        self.effects += len(rows)
        for row in rows:
            cell = cells.get((row.source_env, row.target_env))
            if cell is None:
                cell = cells[(row.source_env, row.target_env)] = _Cell()
            cell.count += 1
            cell.strength += row.strength
            cell.weights.append(row.weight)
            cell.positive += row.sign > 0
            if not cell.interventions or cell.interventions[-1] != row.intervention:
                cell.interventions.append(row.intervention)  # visited in id order: sorted

    def result(self) -> Koppelvlakken:
        """The pairs (most effects first) and the 4 x 4 matrix."""
        order = {env: i for i, env in enumerate(ENVIRONMENTS)}
        pairs = [
            KoppelvlakPair(
                source=source,
                target=target,
                interventions=tuple(cell.interventions),
                effects=cell.count,
                strength=cell.strength,
                weight=math.fsum(cell.weights),
                positive=cell.positive,
                negative=cell.count - cell.positive,
            )
            for (source, target), cell in self.cells.items()
            if source != target and source in order and target in order
        ]
        pairs.sort(key=lambda p: (-p.effects, -p.strength, order[p.source], order[p.target]))
        return Koppelvlakken(tuple(pairs), self._matrix())

    def _matrix(self) -> KoppelvlakMatrix:
        def grid(value: Callable[[_Cell], Any]) -> tuple[tuple[Any, ...], ...]:
            return tuple(
                tuple(value(cells[(s, t)]) if (s, t) in cells else 0 for t in ENVIRONMENTS)
                for s in ENVIRONMENTS
            )

        cells = self.cells
        return KoppelvlakMatrix(
            environments=ENVIRONMENTS,
            counts=grid(lambda c: c.count),
            strength=grid(lambda c: c.strength),
            weight=grid(lambda c: math.fsum(c.weights)),
        )
