"""Koppelvlakken analysis of 10,000 interventions / 50,000 effects: <= 1 s, and 10n/n <= 12."""

from __future__ import annotations

import random

from _harness import Figure, median_cpu_ms, median_ms

from sprintkit.analysis import analyse, build_graph
from sprintkit.model import (
    Casus,
    Effect,
    Environment,
    Indicator,
    Intervention,
    Measurement,
    Organisation,
    Text,
)

ENVS = list(Environment)


def generate(n: int, seed: int = 42) -> Casus:
    """A casus with ``n`` interventions, 5n effects, n/25 indicators and n/50 organisations.

    Built with ``model_construct`` (no validation): the benchmark times the analysis, not
    pydantic. Half the indicators are worsening; 5 % of the effects target a whole
    environment, 20 % are negative; 10 % of the interventions have no owner.
    """
    rng = random.Random(seed)
    indicators = [_indicator(rng, k) for k in range(max(4, n // 25))]
    orgs = [
        Organisation.model_construct(id=f"org{k}", name=f"Organisatie {k}", kind="other")
        for k in range(max(2, n // 50))
    ]
    interventions = [
        Intervention.model_construct(
            id=f"iv{k}",
            name=Text(nl=f"Interventie {k}"),
            environment=rng.choice(ENVS),
            status="known",
            owner=rng.choice(orgs).id if rng.random() < 0.9 else None,
            organisations=[o.id for o in rng.sample(orgs, 2)],
            effects=[_effect(rng, indicators) for _ in range(5)],
        )
        for k in range(n)
    ]
    return Casus.model_construct(
        id="bench",
        name="Bench",
        indicators=indicators,
        interventions=interventions,
        organisations=orgs,
        actors=[],
    )


def _indicator(rng: random.Random, k: int) -> Indicator:
    return Indicator.model_construct(
        id=f"ind{k}",
        name=Text(nl=f"Indicator {k}"),
        environment=rng.choice(ENVS),
        unit="aantal",
        better="lower",
        past=Measurement.model_construct(value=10.0),
        present=Measurement.model_construct(value=20.0 if k % 2 else 10.0),
    )


def _effect(rng: random.Random, indicators: list[Indicator]) -> Effect:
    target = rng.choice(indicators).id if rng.random() < 0.95 else None
    return Effect.model_construct(
        indicator=target,
        environment=None if target else rng.choice(ENVS),
        sign="positive" if rng.random() < 0.8 else "negative",
        strength=rng.randint(1, 3),
        confidence=rng.choice((0.3, 0.5, 0.7, 0.9)),
        evidence=None,
    )


def run() -> list[Figure]:
    small, large = generate(1_000), generate(10_000)
    build_small = median_ms(lambda: build_graph(small), repeat=7)
    build_large = median_ms(lambda: build_graph(large), repeat=3)
    G_small, G_large = build_graph(small), build_graph(large)
    analyse(G_small), analyse(G_large)  # warm up: imports, the i18n catalogue
    n = median_ms(lambda: analyse(G_small), repeat=21)
    ten_n = median_ms(lambda: analyse(G_large), repeat=9)
    # the scaling ratio in CPU time (time.process_time): it must hold on a busy machine too
    cpu_n = median_cpu_ms(lambda: analyse(G_small), repeat=21)
    cpu_ten_n = median_cpu_ms(lambda: analyse(G_large), repeat=9)
    edges = f"{G_large.number_of_edges():,} edges"
    return [
        Figure("build_graph, 1,000 interventions (information)", build_small),
        Figure("build_graph, 10,000 interventions (information)", build_large, build_small),
        Figure("analyse n: 1,000 interventions / 5,000 effects (baseline)", n),
        Figure(f"analyse 10n: 10,000 interv. / 50,000 effects ({edges})", ten_n, goal=1000),
        Figure("analyse n, CPU time (baseline)", cpu_n),
        Figure("analyse 10n against n, CPU time: time(10n) / time(n)", cpu_ten_n, cpu_n, goal=12),
    ]
