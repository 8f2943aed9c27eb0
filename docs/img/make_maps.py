"""Draw the koppelvlakken maps shown in ``docs/koppelvlakken.md``.

Run from the repository root: ``PYTHONPATH=. .venv/bin/python docs/img/make_maps.py``. It plays
the Molenwijk demo journey through sprint 7 (the casus' interventions plus the journey's own,
with the ideas it dropped) and writes ``docs/img/kaart-molenwijk.png`` and the same map focused
on the outdoor fitness equipment, ``docs/img/kaart-molenwijk-focus.png``. The "before" picture
(``kaart-molenwijk-voor.png``) was made by the first version of this script (commit f180cb9,
``make_maps.py -voor``) on the map as it was before issue 21.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from sprintkit.analysis import build_graph  # noqa: E402
from sprintkit.plots import write_environment_map  # noqa: E402
from sprintkit.workspace import demo_journey  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Write the map and its focused version next to this script."""
    journey = demo_journey("molenwijk", 7)
    everything = journey.interventions(plan=False)
    graph = build_graph(journey.casus, journey.interventions(), dropped=everything)
    print(write_environment_map(graph, HERE / "kaart-molenwijk.png", dpi=80))
    focus = "intervention:buitenfitness_molenpark"
    print(write_environment_map(graph, HERE / "kaart-molenwijk-focus.png", dpi=80, focus=focus))


if __name__ == "__main__":
    main()
