"""Koppelvlakken analysis: the four environments of a district as a networkx graph.

Pure logic (models + networkx, no drawing): build the graph with :func:`build_graph`, then ask
where interventions cross from one environment into another (:func:`koppelvlakken`), how far
they reach (:func:`reach`), where the gaps and conflicts are (:func:`coverage`,
:func:`conflicts`), which knobs move most (:func:`leverage`), who carries them
(:func:`ownership`) and what a sprint's new ideas add (:func:`compare`). :func:`analyse` runs
them all at once. Plots live in :mod:`sprintkit.plots`.

Examples:
    >>> import sprintkit as sk
    >>> from sprintkit import analysis
    >>> G = analysis.build_graph(sk.load_casus("molenwijk"))
    >>> pair = analysis.koppelvlakken(G).pair("physical", "social")
    >>> "buitenfitness_molenpark" in pair.interventions
    True
"""

from .compare import Comparison, PairChange, compare
from .export import from_node_link, to_node_link, write_graphml, write_node_link
from .gaps import (
    Carrier,
    Conflicts,
    Coverage,
    IndicatorGap,
    OppositeEffects,
    Ownership,
    SideEffect,
    conflicts,
    coverage,
    ownership,
)
from .graph import (
    ENVIRONMENTS,
    add_effect,
    add_intervention,
    build_graph,
    interventions_from_results,
    node_id,
)
from .interfaces import Koppelvlakken, KoppelvlakMatrix, KoppelvlakPair, koppelvlakken
from .leverage import Leverage, join_words, leverage
from .reach import Reach, Touch, reach, reach_all
from .report import KoppelvlakReport, analyse
from .text import format_report

__all__ = [
    "ENVIRONMENTS",
    "node_id",
    "build_graph",
    "add_intervention",
    "add_effect",
    "interventions_from_results",
    "KoppelvlakPair",
    "KoppelvlakMatrix",
    "Koppelvlakken",
    "koppelvlakken",
    "Touch",
    "Reach",
    "reach",
    "reach_all",
    "Leverage",
    "leverage",
    "join_words",
    "IndicatorGap",
    "Coverage",
    "coverage",
    "OppositeEffects",
    "SideEffect",
    "Conflicts",
    "conflicts",
    "Carrier",
    "Ownership",
    "ownership",
    "PairChange",
    "Comparison",
    "compare",
    "KoppelvlakReport",
    "analyse",
    "format_report",
    "to_node_link",
    "from_node_link",
    "write_graphml",
    "write_node_link",
]
