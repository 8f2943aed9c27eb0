"""Gaps, conflicts and ownership: where the district is uncovered, where measures fight.

Key factor 4 asks where the knobs are; key factor 3 ("bestaande structuren") asks who carries
them. These analyses answer both from the same graph index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from .._gc import paused_gc
from ._index import EffectRow, GraphIndex, Node, index, walk
from .graph import ENVIRONMENTS

__all__ = [
    "IndicatorGap",
    "Coverage",
    "OppositeEffects",
    "SideEffect",
    "Conflicts",
    "Carrier",
    "Ownership",
    "CoverageAccumulator",
    "ConflictAccumulator",
    "OwnershipAccumulator",
    "coverage",
    "conflicts",
    "ownership",
]


def _env_order(env: str) -> int:
    return ENVIRONMENTS.index(env) if env in ENVIRONMENTS else len(ENVIRONMENTS)


@dataclass(frozen=True, slots=True)
class IndicatorGap:
    """A worsening indicator that no intervention improves."""

    indicator: str
    label: str
    environment: str
    worsened_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """Gaps in coverage.

    Attributes:
        environments_without_intervention: No intervention is placed there.
        environments_not_reached: No effect lands there (on an indicator or the whole).
        uncovered_worsening: Worsening indicators without an improving effect, with the
            interventions that make them worse.
    """

    environments_without_intervention: tuple[str, ...]
    environments_not_reached: tuple[str, ...]
    uncovered_worsening: tuple[IndicatorGap, ...]


@dataclass(frozen=True, slots=True)
class OppositeEffects:
    """Interventions pulling the same indicator (or whole environment) in opposite directions."""

    target: str
    target_kind: str
    label: str
    environment: str
    improving: tuple[str, ...]
    worsening: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SideEffect:
    """A negative effect that crosses a koppelvlak into another environment."""

    intervention: str
    label: str
    source_environment: str
    target: str
    target_kind: str
    target_label: str
    target_environment: str
    weight: float
    evidence: str


@dataclass(frozen=True, slots=True)
class Conflicts:
    """Opposite effects on one target, and negative side effects across koppelvlakken."""

    opposite: tuple[OppositeEffects, ...]
    side_effects: tuple[SideEffect, ...]


@dataclass(frozen=True, slots=True)
class Carrier:
    """An organisation (or an actor without one) and the interventions it carries."""

    organisation: str
    label: str
    owns: int
    involved: int
    interventions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ownership:
    """Who carries the interventions (key factor 3, existing structures).

    Attributes:
        without_owner: Interventions nobody owns.
        without_organisation: Interventions no organisation takes part in.
        carriers: Organisations by the number of interventions they own or take part in.
    """

    without_owner: tuple[str, ...]
    without_organisation: tuple[str, ...]
    carriers: tuple[Carrier, ...]


@paused_gc
def coverage(G: nx.MultiDiGraph, lang: str = "nl") -> Coverage:
    """Environments without intervention and worsening indicators nothing improves.

    Examples:
        >>> import sprintkit as sk
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> [gap.indicator for gap in coverage(G).uncovered_worsening][:3]
        ['vertrouwen_politie', 'storingen_verlichting', 'afhandeltijd_meldingen']
    """
    idx = index(G)
    acc = CoverageAccumulator(idx, lang)
    walk(idx, acc)
    return acc.result()


class CoverageAccumulator:
    """Collects :func:`coverage` while :func:`~._index.walk` visits the interventions."""

    def __init__(self, idx: GraphIndex, lang: str) -> None:
        self.idx, self.lang = idx, lang
        self.placed: set[str] = set()
        self.reached: set[str] = set()
        self.improved: set[str] = set()
        self.worsened_by: dict[str, list[str]] = {}

    def add(self, node: Node, rows: Sequence[EffectRow]) -> None:
        """Note where one intervention is placed and which indicators it moves."""
        self.placed.add(node.environment)
        for row in rows:
            self.reached.add(row.target_env)
            if row.target_kind != "indicator":
                continue
            if row.sign > 0:
                self.improved.add(row.target)
            else:
                _append_once(self.worsened_by.setdefault(row.target, []), row.intervention)

    def result(self) -> Coverage:
        """The gaps, worsening indicators in environment then id order."""
        gaps = [
            IndicatorGap(
                ind, node.label(self.lang), node.environment, tuple(self.worsened_by.get(ind, ()))
            )
            for ind, node in self.idx.indicators.items()
            if node.trend == "worsening" and ind not in self.improved
        ]
        gaps.sort(key=lambda g: (_env_order(g.environment), g.indicator))
        return Coverage(
            environments_without_intervention=tuple(
                e for e in ENVIRONMENTS if e not in self.placed
            ),
            environments_not_reached=tuple(e for e in ENVIRONMENTS if e not in self.reached),
            uncovered_worsening=tuple(gaps),
        )


def _append_once(ids: list[str], ident: str) -> None:
    """Append unless it is already last (interventions come by in id order: stays sorted)."""
    if not ids or ids[-1] != ident:
        ids.append(ident)


@paused_gc
def conflicts(G: nx.MultiDiGraph, lang: str = "nl") -> Conflicts:
    """Opposite effects on the same target, and negative side effects across koppelvlakken.

    Examples:
        >>> import sprintkit as sk
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> jeugd = [c for c in conflicts(G).opposite if c.target == "overlast_jeugd"][0]
        >>> jeugd.worsening
        ('voetbalkooi_op_slot',)
    """
    idx = index(G)
    acc = ConflictAccumulator(idx, lang)
    walk(idx, acc)
    return acc.result()


class ConflictAccumulator:
    """Collects :func:`conflicts` while :func:`~._index.walk` visits the interventions."""

    def __init__(self, idx: GraphIndex, lang: str) -> None:
        self.idx, self.lang = idx, lang
        #: (kind, target) -> (environment, improving ids, worsening ids)
        self.targets: dict[tuple[str, str], tuple[str, list[str], list[str]]] = {}
        self.side: list[SideEffect] = []

    def add(self, node: Node, rows: Sequence[EffectRow]) -> None:
        """File one intervention's effects under their targets; keep its side effects."""
        side = []
        for r in rows:
            entry = self.targets.get((r.target_kind, r.target))
            if entry is None:
                entry = self.targets[(r.target_kind, r.target)] = (r.target_env, [], [])
            _append_once(entry[1] if r.sign > 0 else entry[2], r.intervention)
            if r.sign < 0 and r.source_env != r.target_env:
                side.append(r)
        # Within one intervention by weight, target and evidence; result() then only needs a
        # stable sort on weight, since interventions come by in id order.
        side.sort(key=lambda r: (-r.weight, r.target_kind, r.target, r.evidence))
        self.side.extend(self._side_effect(node, r) for r in side)

    def _side_effect(self, node: Node, r: EffectRow) -> SideEffect:
        return SideEffect(
            intervention=r.intervention,
            label=node.label(self.lang),
            source_environment=r.source_env,
            target=r.target,
            target_kind=r.target_kind,
            target_label=self.idx.label(r.target_kind, r.target, self.lang),
            target_environment=r.target_env,
            weight=r.weight,
            evidence=r.evidence,
        )

    def result(self) -> Conflicts:
        """Opposite effects by environment and target; side effects heaviest first."""
        opposite = [
            OppositeEffects(
                target, kind, self.idx.label(kind, target, self.lang), env, tuple(good), tuple(bad)
            )
            for (kind, target), (env, good, bad) in self.targets.items()
            if good and bad
        ]
        opposite.sort(key=lambda c: (_env_order(c.environment), c.target_kind, c.target))
        side = sorted(self.side, key=lambda s: -s.weight)
        return Conflicts(tuple(opposite), tuple(side))


@paused_gc
def ownership(G: nx.MultiDiGraph, lang: str = "nl") -> Ownership:
    """Interventions without owner or organisation, and who carries the most.

    An owner who is an actor counts for the organisation the actor works for.

    Examples:
        >>> import sprintkit as sk
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> own = ownership(G)
        >>> own.without_owner, own.carriers[0].organisation
        (('popup_winkels_zwichtplein',), 'gemeente_veenstede')
    """
    idx = index(G)
    acc = OwnershipAccumulator(idx, lang)
    walk(idx, acc)
    return acc.result()


class OwnershipAccumulator:
    """Collects :func:`ownership` while :func:`~._index.walk` visits the interventions."""

    def __init__(self, idx: GraphIndex, lang: str) -> None:
        self.idx, self.lang = idx, lang
        self.owns: dict[str, int] = {}
        self.involved: dict[str, list[str]] = {}
        self.without_owner: list[str] = []
        self.without_organisation: list[str] = []

    def add(self, node: Node, rows: Sequence[EffectRow]) -> None:
        """Count one intervention for its carrier and the organisations taking part."""
        if node.carrier:
            self.owns[node.carrier] = self.owns.get(node.carrier, 0) + 1
            self.involved.setdefault(node.carrier, []).append(node.id)
        else:
            self.without_owner.append(node.id)
        if not node.organisations:
            self.without_organisation.append(node.id)
        for org in node.organisations:
            _append_once(self.involved.setdefault(org, []), node.id)

    def result(self) -> Ownership:
        """Carriers by interventions involved in, then owned, then id."""
        carriers = [
            Carrier(
                org,
                self.idx.label("party", org, self.lang),
                self.owns.get(org, 0),
                len(ids),
                tuple(ids),
            )
            for org, ids in self.involved.items()
        ]
        carriers.sort(key=lambda c: (-c.involved, -c.owns, c.organisation))
        return Ownership(
            tuple(self.without_owner), tuple(self.without_organisation), tuple(carriers)
        )
