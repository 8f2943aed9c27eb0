"""Hand-built casus shared by the koppelvlakken tests (no tests here; imported by the others)."""

from __future__ import annotations

from sprintkit.model import Casus, Intervention

TRENDS = {
    "worsening": ({"value": 10}, {"value": 20}),
    "stable": ({"value": 10}, {"value": 10}),
    "improving": ({"value": 20}, {"value": 10}),
}


def indicator(ident, env, trend="worsening", name=None):
    past, present = TRENDS[trend]
    return {
        "id": ident,
        "name": name or f"Indicator {ident}",
        "environment": env,
        "unit": "aantal",
        "better": "lower",
        "past": past,
        "present": present,
    }


def effect(target, sign="positive", strength=2, confidence=0.5):
    key = (
        "environment"
        if target in ("social", "physical", "institutional", "criminal")
        else "indicator"
    )
    return {key: target, "sign": sign, "strength": strength, "confidence": confidence}


def intervention(ident, env, *effects, owner=None, orgs=(), name=None):
    return Intervention.model_validate(
        {
            "id": ident,
            "name": name or f"Interventie {ident}",
            "environment": env,
            "owner": owner,
            "organisations": list(orgs),
            "effects": [effect(*e) for e in effects],
        }
    )


def casus(indicators, interventions, actors=(), organisations=()):
    return Casus.model_validate(
        {
            "id": "testwijk",
            "name": "Testwijk",
            "fictional": True,
            "method": "wijkaanpak",
            "description": "Een kleine wijk om mee te testen.",
            "area": {"municipality": "Teststad", "inhabitants": 1000},
            "indicators": list(indicators),
            "interventions": [i.model_dump() for i in interventions],
            "actors": list(actors),
            "organisations": list(organisations),
        }
    )


def small_casus():
    """Four interventions with known answers (worked out by hand in test_analysis_known.py)."""
    return casus(
        [
            indicator("s1", "social"),
            indicator("p1", "physical"),
            indicator("c1", "criminal"),
            indicator("c2", "criminal", "stable"),
            indicator("i1", "institutional"),
        ],
        [
            intervention(
                "a",
                "physical",
                ("s1", "positive", 2, 0.5),
                ("p1", "positive", 1, 1.0),
                owner="org1",
                orgs=("org1", "org2"),
            ),
            intervention(
                "b",
                "social",
                ("c1", "positive", 3, 1.0),
                ("s1", "negative", 1, 0.5),
                owner="ann",
                orgs=("org2",),
            ),
            intervention(
                "c",
                "criminal",
                ("c1", "negative", 2, 0.5),
                ("s1", "negative", 1, 1.0),
                orgs=("org1",),
            ),
            intervention("d", "physical", ("c2", "positive", 1, 0.5)),
        ],
        actors=[{"id": "ann", "name": "Ann", "kind": "resident", "organisation": "org2"}],
        organisations=[
            {"id": "org1", "name": "Gemeente Teststad", "kind": "municipality"},
            {"id": "org2", "name": "Welzijn Teststad", "kind": "social_work"},
        ],
    )
