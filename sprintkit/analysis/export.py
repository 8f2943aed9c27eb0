"""Export the koppelvlakken graph for Gephi, Cytoscape or Kumu: GraphML and JSON node-link."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from .._atomic_write import write_text

__all__ = ["to_node_link", "from_node_link", "write_graphml", "write_node_link"]

_SCALARS = (str, int, float, bool)


def to_node_link(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as JSON node-link data (``nodes`` and ``edges``; edge keys included).

    Each node's ``id`` is its namespaced key (``iv:buitenfitness_molenpark``), as d3 and most
    tools expect; the analyses read the plain id back from it.

    Examples:
        >>> import sprintkit as sk
        >>> data = to_node_link(sk.analysis.build_graph(sk.load_casus("molenwijk")))
        >>> sorted(data)[:3], data["directed"], data["multigraph"]
        (['directed', 'edges', 'graph'], True, True)
    """
    return nx.node_link_data(G, edges="edges")


def from_node_link(data: dict[str, Any]) -> nx.MultiDiGraph:
    """Read node-link data written by :func:`to_node_link` back into a graph."""
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def write_node_link(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write :func:`to_node_link` as UTF-8 JSON to ``path``; return the path."""
    return write_text(path, json.dumps(to_node_link(G), ensure_ascii=False, indent=1))


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the graph as GraphML; return the path.

    GraphML holds scalars only: ``None`` values are left out and any other non-scalar is
    written as JSON text.

    Examples:
        >>> import sprintkit as sk
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "molenwijk.graphml"
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> nx.read_graphml(write_graphml(G, out)).number_of_edges() == G.number_of_edges()
        True
    """
    path = Path(path)
    nx.write_graphml(_scalar_copy(G), path, encoding="utf-8")
    return path


def _scalar_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph(**_scalars(G.graph))
    H.add_nodes_from((node, _scalars(data)) for node, data in G.nodes(data=True))
    H.add_edges_from(
        (u, v, key, _scalars(data)) for u, v, key, data in G.edges(keys=True, data=True)
    )
    return H


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value if isinstance(value, _SCALARS) else json.dumps(value, default=str)
        for key, value in data.items()
        if value is not None
    }
