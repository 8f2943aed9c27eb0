"""``import sprintkit`` must cost little next to its core dependencies (goal <= 1.3x)."""

from __future__ import annotations

from _harness import Figure, python_ms


def run() -> list[Figure]:
    empty = python_ms("pass")
    baseline = python_ms("import networkx, pydantic") - empty
    ours = python_ms("import sprintkit") - empty
    model = python_ms("import sprintkit.model") - empty
    load = python_ms("import sprintkit; sprintkit.load_casus('molenwijk')") - empty
    return [
        Figure("import networkx, pydantic (baseline)", baseline),
        Figure("import sprintkit", ours, baseline, goal=1.3),
        Figure("import sprintkit.model", model, baseline, goal=1.3),
        Figure("import + load_casus('molenwijk') (information)", load, baseline),
    ]
