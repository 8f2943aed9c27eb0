"""Reports of a demo journey: each kind in each format within 1 s, figures drawn once.

Per report kind the figure cache is emptied, then the formats are written in turn (HTML, Markdown,
DOCX), so the first format pays for drawing the figures and the others share them, as
``sprintkit run`` and a notebook do. The baseline, measured in the same run, is building the
demo journey itself (reading the casus and playing its demo input); the goal is absolute:
<= 1 s per report kind and format (median, after one warm-up round for imports).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from _harness import Figure, median_ms

from sprintkit.reports import figure_cache, kinds, write_report
from sprintkit.workspace import demo_journey

#: report kind -> the demo casus it is made for (the KVU kinds need a KVU journey)
CASUS = {"intentieverklaring": "nachtkwartier", "voortgang": "nachtkwartier"}
FORMATS = ("html", "md", "docx")
REPEAT = 3


def run() -> list[Figure]:
    baseline = median_ms(lambda: demo_journey("molenwijk"), 3)
    journeys = {name: demo_journey(name) for name in ("molenwijk", "nachtkwartier")}
    figures = [Figure("build the Molenwijk demo journey (baseline)", baseline)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        _round(journeys, out)  # warm-up: imports (matplotlib, python-docx, networkx)
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(REPEAT):
            for key, ms in _round(journeys, out).items():
                times.setdefault(key, []).append(ms)
    for (kind, fmt), values in times.items():
        casus = CASUS.get(kind, "molenwijk")
        name = f"{kind} ({casus}) as {fmt}"
        figures.append(Figure(name, statistics.median(values), baseline, limit=1000.0))
    return figures


def _round(journeys: dict, out: Path) -> dict[tuple[str, str], float]:
    """Every report kind in every format once; the figure cache emptied per kind."""
    times = {}
    for kind in kinds():
        journey = journeys[CASUS.get(kind, "molenwijk")]
        figure_cache.clear()
        for fmt in FORMATS:
            start = time.perf_counter()
            write_report(journey, kind, out / f"{kind}.{fmt}")
            times[(kind, fmt)] = (time.perf_counter() - start) * 1000
    return times
