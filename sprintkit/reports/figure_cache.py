"""Figures rendered once per journey state, shared by every format and every report kind.

Rendering a figure (matplotlib's ``savefig``) is most of the cost of a report: the journey
report's koppelvlakken map and glijbaan took about 0.9 s of its 1.1 s. A figure depends only on
the journey's state, the language and whether names are replaced, so the same figure serves the
DOCX, the HTML and the Markdown file, and the same sprint chart serves the sprint and the
journey report. The key is the journey's id, its last sequence number and number of events
(every stored event, undo included, moves them), the language, the anonymisation and the
figure's kind (with its phase where it has one). The casus and method objects must be the very
ones the figure was drawn from, so a casus read again from changed files draws anew.

Only contexts of a live journey carry a state key (:meth:`ReportContext.of`); a hand-built
state is drawn every time, since nothing tells two such states apart. The cache is per process
and keeps the last :data:`SIZE` figures.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from .blocks import Figure

__all__ = ["SIZE", "CacheInfo", "cached_figure", "cache_info", "clear"]

#: How many figures the process keeps (the journey report's map is about 0.5 MB).
SIZE = 32


class CacheInfo(NamedTuple):
    """How often a figure was found (``hits``) or drawn (``misses``) since the last clear."""

    hits: int
    misses: int
    size: int


class _Entry(NamedTuple):
    sources: tuple[weakref.ref[Any], ...]
    figure: Figure


_figures: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
_lock = threading.Lock()
_counts = {"hits": 0, "misses": 0}


def cached_figure(
    key: tuple[Hashable, ...] | None, sources: tuple[object, ...], draw: Callable[[], Figure]
) -> Figure:
    """The figure under ``key``: drawn by ``draw`` once, then shared.

    ``sources`` are the objects it is drawn from (the casus and the method): a figure is only
    found again for these very objects. ``key=None`` draws every time.
    """
    if key is None:
        return draw()
    full = (*(id(s) for s in sources), *key)
    with _lock:
        entry = _figures.get(full)
        if entry is not None and all(r() is s for r, s in zip(entry.sources, sources, strict=True)):
            _figures.move_to_end(full)
            _counts["hits"] += 1
            return entry.figure
    figure = draw()  # outside the lock: drawing takes long, and a second draw is only waste
    with _lock:
        _counts["misses"] += 1
        _figures[full] = _Entry(tuple(weakref.ref(s) for s in sources), figure)
        while len(_figures) > SIZE:
            _figures.popitem(last=False)
    return figure


def cache_info() -> CacheInfo:
    """Hits and misses since the last :func:`clear`, and how many figures are kept."""
    with _lock:
        return CacheInfo(_counts["hits"], _counts["misses"], len(_figures))


def clear() -> None:
    """Forget every figure and reset the counts."""
    with _lock:
        _figures.clear()
        _counts.update(hits=0, misses=0)
