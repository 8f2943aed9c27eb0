"""Draw the koppelvlakken maps shown in ``docs/koppelvlakken.md``.

Run from the repository root: ``.venv/bin/python docs/img/make_maps.py [SUFFIX]``. It plays the
Molenwijk demo journey through sprint 7 (the casus' interventions plus the journey's own ideas)
and writes ``docs/img/kaart-molenwijk{SUFFIX}.png``. The "before" picture
(``kaart-molenwijk-voor.png``) was made with the first version of this script (SUFFIX ``-voor``)
on the map as it was before issue 21; later versions add the focus picture.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from sprintkit.analysis import build_graph  # noqa: E402
from sprintkit.plots import write_environment_map  # noqa: E402
from sprintkit.workspace import demo_journey  # noqa: E402

HERE = Path(__file__).resolve().parent


def main(suffix: str = "") -> None:
    journey = demo_journey("molenwijk", 7)
    graph = build_graph(journey.casus, journey.interventions())
    print(write_environment_map(graph, HERE / f"kaart-molenwijk{suffix}.png", dpi=80))


if __name__ == "__main__":
    main(*sys.argv[1:])
