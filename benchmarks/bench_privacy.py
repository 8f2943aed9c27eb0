"""Anonymising the Molenwijk demo journey export: <= 0.5 s (absolute; plain export as baseline)."""

from __future__ import annotations

from _harness import Figure, median_ms

from sprintkit.engine import exchange
from sprintkit.workspace import demo_journey


def run() -> list[Figure]:
    journey = demo_journey("molenwijk")  # all seven sprints from demo input
    data = exchange.export_journey(journey.store, journey.id)
    export = median_ms(lambda: exchange.export_journey(journey.store, journey.id))
    anonymise = median_ms(lambda: exchange.anonymise(data, journey.casus))
    csv = median_ms(
        lambda: exchange.notes_csv(
            journey.state, exchange.state_anonymiser(journey.casus, journey.state)
        )
    )
    events = len(data["events"])
    return [
        Figure(f"plain export, {events} events (baseline)", export),
        Figure("anonymise the export (goal: absolute)", anonymise, goal=500),
        Figure("anonymise the export, against the plain export (information)", anonymise, export),
        Figure("anonymised notes CSV (information)", csv),
    ]
