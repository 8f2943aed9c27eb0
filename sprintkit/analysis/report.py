"""All koppelvlakken analyses of one graph at once, from one shared index."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .._gc import paused_gc
from ._index import index, walk
from .gaps import (
    ConflictAccumulator,
    Conflicts,
    Coverage,
    CoverageAccumulator,
    Ownership,
    OwnershipAccumulator,
)
from .interfaces import KoppelvlakAccumulator, Koppelvlakken
from .leverage import Leverage, LeverageAccumulator
from .reach import Reach, ReachAccumulator

__all__ = ["KoppelvlakReport", "analyse"]


@dataclass(frozen=True, slots=True)
class KoppelvlakReport:
    """Every analysis of one graph; ``to_dict()`` gives plain JSON-ready data."""

    casus: str
    name: str
    lang: str
    interventions: int
    indicators: int
    effects: int
    koppelvlak_effects: int
    koppelvlakken: Koppelvlakken
    leverage: tuple[Leverage, ...]
    reach: tuple[Reach, ...]
    coverage: Coverage
    conflicts: Conflicts
    ownership: Ownership

    def to_dict(self) -> dict[str, Any]:
        """The report as dicts, lists, strings and numbers (for ``json.dumps``)."""
        data = dataclasses.asdict(self)
        data["koppelvlakken"]["matrix"]["environments"] = list(
            self.koppelvlakken.matrix.environments
        )
        return data


@paused_gc
def analyse(G: nx.MultiDiGraph, lang: str = "nl") -> KoppelvlakReport:
    """Run every analysis on ``G``, building the lookup index once.

    Examples:
        >>> import sprintkit as sk
        >>> report = analyse(sk.analysis.build_graph(sk.load_casus("molenwijk")))
        >>> report.interventions, report.leverage[0].intervention
        (12, 'hang_en_sluitwerk_roedeflats')
        >>> import json; "koppelvlakken" in json.loads(json.dumps(report.to_dict()))
        True
    """
    idx = index(G)
    kv, lev = KoppelvlakAccumulator(), LeverageAccumulator(idx, lang)
    reach, cov = ReachAccumulator(idx), CoverageAccumulator(idx, lang)
    con, own = ConflictAccumulator(idx, lang), OwnershipAccumulator(idx, lang)
    walk(idx, kv, lev, reach, cov, con, own)
    koppelvlakken = kv.result()
    return KoppelvlakReport(
        casus=str(G.graph.get("casus", "")),
        name=str(G.graph.get("name", "")),
        lang=lang,
        interventions=len(idx.interventions),
        indicators=len(idx.indicators),
        effects=kv.effects,
        koppelvlak_effects=sum(pair.effects for pair in koppelvlakken.pairs),
        koppelvlakken=koppelvlakken,
        leverage=lev.result(),
        reach=reach.result(),
        coverage=cov.result(),
        conflicts=con.result(),
        ownership=own.result(),
    )
