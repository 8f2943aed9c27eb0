"""Every catalogue work form's canvas round-trips through the engine's operations.

Parametrised over the catalogue, so a new work form file is tested with no new test.
"""

from __future__ import annotations

import pytest

from sprintkit import catalogue
from sprintkit.canvas import canvas_kind
from sprintkit.canvas.replay import operations
from sprintkit.loading import load_casus
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey

CASES = {"wijkaanpak": load_casus("molenwijk"), "kvu": load_casus("nachtkwartier")}


def sample_content(spec, people):
    """Content that uses every part of the work form's canvas settings."""
    canvas = spec.canvas
    kind = canvas.kind
    if kind == "board":
        voting = canvas.votes_per_person > 0
        return {
            "notes": [
                {
                    "text": f"notitie {i}",
                    "author": people[i % 3],
                    "column": column.key,
                    "cluster": "cluster" if canvas.clustering and i % 2 else None,
                    "votes": [people[(i + 1) % 3]] if voting else [],
                }
                for i, column in enumerate(canvas.columns)
            ]
        }
    if kind == "fields_map":
        return {
            "subject": "Ans",
            "fields": {f.key: [f"{f.key} 1", f"{f.key} 2"] for f in canvas.fields},
        }
    if kind == "journey":
        return {
            "subject": "Een dag",
            "steps": [
                {
                    "name": "Opstaan",
                    "touchpoints": ["galerij"],
                    "feeling": "negative",
                    "pain_points": ["donker"],
                    "actors": [people[0]],
                },
                {"name": "School", "feeling": "neutral"},
            ],
        }
    if kind == "matrix":
        return {
            "items": [
                {"text": "a", "x": 0.2, "y": 0.9, "author": people[0]},
                {"text": "b", "x": 0.8, "y": 0.1, "author": None},
            ]
        }
    if kind == "consent_round":
        return {
            "proposal": "Voorstel",
            "objections": [{"by": people[1], "text": "Te duur", "resolved": True}],
            "amended_proposal": "Goedkoper voorstel",
            "decision": "consent",
            "consenting": [people[0], people[1]],
        }
    if kind == "ab_comparison":
        return {
            "subject": "Verlichting",
            "variants": {"a": "led", "b": "lantaarn"},
            "results": {m.nl: {"a": 1.0, "b": 2.0} for m in canvas.measures},
            "outcome": "B wint",
            "winner": "b",
        }
    if kind == "tijdlijn":  # the example plugin's canvas kind, added in Python
        periods = [p.nl for p in canvas.periods]
        return {"moments": [{"period": p, "text": f"moment {p}"} for p in periods]}
    if kind == "perspectives_grid":
        return {
            "ideas": ["idee 1", "idee 2"],
            "cells": [
                {"perspective": p.value, "idea": "idee 1", "text": f"{p.value} vindt het goed"}
                for p in canvas.perspectives
            ],
        }
    raise AssertionError(kind)


@pytest.mark.parametrize("entry", catalogue.entries(), ids=lambda e: e.spec.slug)
def test_canvas_round_trips_through_the_engine(entry):
    spec = entry.spec
    casus = CASES[spec.method]
    people = [a.id for a in casus.actors[:3]]
    content = sample_content(spec, people)
    model = canvas_kind(spec.canvas.kind).content_model
    if model is not None:
        model.model_validate(content)  # the sample is valid content
    journey = start_journey(casus, store=SQLiteStore(":memory:"))
    for phase in range(1, spec.phases[0]):
        journey.emit("phase_closed", {"result": {}}, phase=phase)
    run = journey.start_run(spec.slug)
    for kind, payload, author in operations(spec.canvas.kind, content):
        journey.canvas_op(run, kind, payload, author)
    logic = canvas_kind(spec.canvas.kind)
    assert logic.content(journey.state.runs[run]) == content
    contribution = journey.suggested_result()
    result = journey.method.phase(spec.phases[0]).result
    # Interventions need an environment, which only the facilitator can choose: not auto-filled.
    kinds = {f.key: f.kind for f in result.fields}  # a form may serve several phases
    fillable = {k for k in spec.feeds if kinds.get(k) not in (None, "interventions")}
    assert set(contribution) <= fillable
    if fillable:
        assert contribution, f"{spec.slug} contributes nothing to {sorted(fillable)}"
