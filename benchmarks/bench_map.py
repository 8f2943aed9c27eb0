"""Drawing the koppelvlakken map (layout, routes, PNG): Molenwijk, nachtkwartier and 40 x 40.

Each figure is the CPU time (``time.process_time``) of drawing the map into a bare matplotlib
``Figure`` and saving it as a PNG at the reports' 110 dpi, median of a few runs after a warm-up.
The baseline, measured in the same run, is saving an empty figure of the same size (what
matplotlib costs whatever the map shows); the goal is absolute: <= 1.5 s for the 40 x 40 map.
"""

from __future__ import annotations

import io

from _harness import Figure, median_cpu_ms

from sprintkit.analysis import build_graph
from sprintkit.model import Casus, Effect, Environment, Indicator, Intervention, Measurement, Text
from sprintkit.workspace import demo_journey

ENVS = [e.value for e in Environment]


def generated(n: int) -> Casus:
    """``n`` indicators and ``n`` interventions, spread over the environments, 3 effects each."""
    indicators = [
        Indicator(
            id=f"ind{k}",
            name=Text(nl=f"Indicator {k} met een naam van een paar woorden"),
            environment=ENVS[k % 4],
            unit="aantal",
            better="lower",
            past=Measurement(value=10.0, year=2020),
            present=Measurement(value=20.0 if k % 3 else 5.0, year=2024),
        )
        for k in range(n)
    ]
    interventions = [
        Intervention(
            id=f"iv{k}",
            name=Text(nl=f"Interventie {k} met een wat langere naam"),
            environment=ENVS[(k * 3) % 4],
            effects=[
                Effect(
                    indicator=f"ind{(k * 7 + j * 5) % n}", sign="negative" if j == 2 else "positive"
                )
                for j in range(3)
            ],
        )
        for k in range(n)
    ]
    return Casus.model_construct(
        id="gen",
        name="Gegenereerd",
        indicators=indicators,
        interventions=interventions,
        organisations=[],
        actors=[],
    )


def _draw(graph) -> None:
    from matplotlib.figure import Figure as MplFigure

    from sprintkit.plots import draw_environment_map

    fig = MplFigure(figsize=(16, 10))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.93, bottom=0.07)
    draw_environment_map(graph, ax=fig.add_subplot())
    fig.savefig(io.BytesIO(), format="png", dpi=110, bbox_inches="tight")


def _empty() -> None:
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(16, 10))
    fig.add_subplot().set_axis_off()
    fig.savefig(io.BytesIO(), format="png", dpi=110, bbox_inches="tight")


def run() -> list[Figure]:
    graphs = {}
    for name in ("molenwijk", "nachtkwartier"):
        journey = demo_journey(name)
        graphs[name] = build_graph(journey.casus, journey.interventions())
    graphs["40 x 40 generated"] = build_graph(generated(40))
    _draw(graphs["molenwijk"])  # warm-up: imports, fonts
    baseline = median_cpu_ms(_empty, repeat=5)
    figures = [Figure("save an empty 16 x 10 inch figure (baseline)", baseline)]
    for name, graph in graphs.items():
        limit = 1500.0 if name.startswith("40") else None
        value = median_cpu_ms(lambda g=graph: _draw(g), repeat=5)
        figures.append(Figure(f"draw and save the map: {name}", value, baseline, limit=limit))
    return figures
