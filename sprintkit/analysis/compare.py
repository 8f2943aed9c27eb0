"""Compare two states of a journey (before and after a sprint): what the new ideas add."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .._gc import paused_gc
from ._index import GraphIndex, index, walk
from .gaps import ConflictAccumulator, Conflicts, CoverageAccumulator
from .interfaces import KoppelvlakAccumulator, KoppelvlakPair
from .leverage import Leverage, LeverageAccumulator

__all__ = ["PairChange", "Comparison", "compare"]


@dataclass(frozen=True, slots=True)
class PairChange:
    """Interventions that newly connect one environment pair."""

    source: str
    target: str
    interventions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """What changed between two graphs of the same casus.

    Attributes:
        added: Interventions only in ``after``.
        removed: Interventions only in ``before``.
        changed: Interventions in both whose placement or effects differ.
        new_koppelvlakken: Environment pairs connected in ``after`` but not in ``before``.
        pair_changes: Per pair, the interventions that newly connect it.
        gaps_closed: Worsening indicators that something now improves.
        gaps_opened: Worsening indicators that nothing improves any more.
        environments_covered: Environments that now have an intervention.
        new_conflicts: Targets that now get opposite effects (``kind:id``).
        new_side_effects: ``(intervention, target)`` of new negative koppelvlak effects.
        leverage: The ranking entries (in ``after``) of the added and changed interventions.
    """

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    new_koppelvlakken: tuple[tuple[str, str], ...]
    pair_changes: tuple[PairChange, ...]
    gaps_closed: tuple[str, ...]
    gaps_opened: tuple[str, ...]
    environments_covered: tuple[str, ...]
    new_conflicts: tuple[str, ...]
    new_side_effects: tuple[tuple[str, str], ...]
    leverage: tuple[Leverage, ...]


@paused_gc
def compare(before: nx.MultiDiGraph, after: nx.MultiDiGraph, lang: str = "nl") -> Comparison:
    """What the interventions in ``after`` add to ``before``.

    Examples:
        >>> import sprintkit as sk
        >>> casus = sk.load_casus("molenwijk")
        >>> idea = sk.Intervention(id="buurtmoestuin", name="Buurtmoestuin",
        ...     environment="physical", effects=[{"indicator": "vertrouwen_gemeente",
        ...     "sign": "positive", "strength": 2, "confidence": 0.5}])
        >>> diff = compare(sk.analysis.build_graph(casus),
        ...                sk.analysis.build_graph(casus, [idea]))
        >>> diff.added, diff.new_koppelvlakken, diff.gaps_closed
        (('buurtmoestuin',), (('physical', 'institutional'),), ('vertrouwen_gemeente',))
    """
    old, new = _Side(index(before), lang), _Side(index(after), lang)
    added = tuple(sorted(set(new.idx.interventions) - set(old.idx.interventions)))
    both = set(old.idx.interventions) & set(new.idx.interventions)
    changed = tuple(sorted(iv for iv in both if old.signature(iv) != new.signature(iv)))
    pairs_old = {(p.source, p.target): set(p.interventions) for p in old.koppelvlakken.pairs}
    gaps_old = {g.indicator for g in old.coverage.uncovered_worsening}
    gaps_new = {g.indicator for g in new.coverage.uncovered_worsening}
    touched = set(added) | set(changed)
    return Comparison(
        added=added,
        removed=tuple(sorted(set(old.idx.interventions) - set(new.idx.interventions))),
        changed=changed,
        new_koppelvlakken=tuple(
            (p.source, p.target)
            for p in new.koppelvlakken.pairs
            if (p.source, p.target) not in pairs_old
        ),
        pair_changes=_pair_changes(pairs_old, new.koppelvlakken.pairs, touched),
        gaps_closed=tuple(sorted((gaps_old - gaps_new) & set(new.idx.indicators))),
        gaps_opened=tuple(sorted(gaps_new - gaps_old)),
        environments_covered=tuple(
            env
            for env in old.coverage.environments_without_intervention
            if env not in new.coverage.environments_without_intervention
        ),
        new_conflicts=_new_conflicts(old.conflicts, new.conflicts),
        new_side_effects=_new_side_effects(old.conflicts, new.conflicts),
        leverage=tuple(x for x in new.leverage if x.intervention in touched),
    )


class _Side:
    """The analyses of one side of a comparison, from one walk."""

    def __init__(self, idx: GraphIndex, lang: str) -> None:
        kv, lev = KoppelvlakAccumulator(), LeverageAccumulator(idx, lang)
        cov, con = CoverageAccumulator(idx, lang), ConflictAccumulator(idx, lang)
        walk(idx, kv, lev, cov, con, keep_rows=True)
        self.idx = idx
        self.koppelvlakken, self.leverage = kv.result(), lev.result()
        self.coverage, self.conflicts = cov.result(), con.result()

    def signature(self, iv: str) -> tuple:
        """Placement and effects of an intervention, to tell whether it changed."""
        rows = sorted(row[:10] for row in self.idx.rows(iv))
        return self.idx.interventions[iv].environment, tuple(rows)


def _pair_changes(
    before: dict[tuple[str, str], set[str]], after: tuple[KoppelvlakPair, ...], touched: set[str]
) -> tuple[PairChange, ...]:
    changes = []
    for pair in after:
        known = before.get((pair.source, pair.target), set())
        fresh = tuple(iv for iv in pair.interventions if iv not in known or iv in touched)
        if fresh:
            changes.append(PairChange(pair.source, pair.target, fresh))
    return tuple(changes)


def _new_conflicts(old: Conflicts, new: Conflicts) -> tuple[str, ...]:
    before = {(c.target_kind, c.target) for c in old.opposite}
    after = [(c.target_kind, c.target) for c in new.opposite]
    return tuple(f"{kind}:{target}" for kind, target in after if (kind, target) not in before)


def _new_side_effects(old: Conflicts, new: Conflicts) -> tuple[tuple[str, str], ...]:
    before = {(s.intervention, s.target) for s in old.side_effects}
    after = {(s.intervention, s.target) for s in new.side_effects}
    return tuple(sorted(after - before))
