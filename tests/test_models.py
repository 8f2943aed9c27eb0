from __future__ import annotations

import pytest
from factories import workform_data
from pydantic import ValidationError

from sprintkit.model import (
    Effect,
    Environment,
    HousingMix,
    Indicator,
    Method,
    Range,
    ResultField,
    ResultSpec,
    Text,
    WorkFormSpec,
)


def test_text_accepts_plain_string_and_falls_back_to_dutch():
    text = Text.model_validate("wijkschouw")
    assert text.get("nl") == "wijkschouw"
    assert text.get("en") == "wijkschouw"
    assert Text(nl="a", en="b").get("en") == "b"


def test_strict_models_refuse_unknown_keys():
    with pytest.raises(ValidationError) as info:
        Text.model_validate({"nl": "x", "fr": "y"})
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_range_must_be_ordered_and_supports_in():
    assert 5 in Range(min=3, max=12)
    assert 13 not in Range(min=3, max=12)
    with pytest.raises(ValidationError, match="smaller than min"):
        Range(min=10, max=3)


def test_housing_mix_must_sum_to_100():
    HousingMix(social_rent=60, private_rent=15, owner_occupied=25)
    with pytest.raises(ValidationError, match="100"):
        HousingMix(social_rent=60, private_rent=15, owner_occupied=5)


@pytest.mark.parametrize(
    ("better", "past", "present", "trend"),
    [
        ("lower", 40, 55, "worsening"),
        ("lower", 55, 40, "improving"),
        ("higher", 5.4, 4.7, "worsening"),
        ("higher", 5.0, 5.05, "stable"),
    ],
)
def test_indicator_trend_follows_the_better_direction(better, past, present, trend):
    ind = Indicator(
        id="x",
        name="X",
        environment="social",
        unit="u",
        better=better,
        past={"value": past},
        present={"value": present},
    )
    assert ind.trend() == trend


def test_indicator_without_past_has_unknown_trend():
    ind = Indicator(
        id="x", name="X", environment="social", unit="u", better="lower", present={"value": 1}
    )
    assert ind.trend() == "unknown"


def test_effect_needs_exactly_one_target():
    Effect(indicator="a", sign="positive")
    Effect(environment="social", sign="negative")
    for bad in ({}, {"indicator": "a", "environment": "social"}):
        with pytest.raises(ValidationError, match="exactly one"):
            Effect(sign="positive", **bad)


def test_environment_labels_are_dutch_by_default():
    assert Environment.PHYSICAL.label() == "fysieke omgeving"
    assert Environment.CRIMINAL.label("en") == "criminal environment"


def _spec():
    return ResultSpec(
        key="brief",
        name="Brief",
        description="d",
        fields=[
            ResultField(key="probleem", label="Probleem"),
            ResultField(key="feiten", label="Feiten", kind="list", min_items=2),
            ResultField(key="betrokkenen", label="Betrokkenen", kind="parties"),
            ResultField(key="akkoord", label="Akkoord", kind="approvals"),
            ResultField(key="extra", label="Extra", required=False),
        ],
        approval_field="akkoord",
        approvers_field="betrokkenen",
    )


def test_result_spec_lists_missing_fields_and_unapproved_parties():
    spec = _spec()
    assert spec.missing({}) == ["probleem", "feiten", "betrokkenen", "akkoord"]
    values = {
        "probleem": "  ",
        "feiten": ["een"],
        "betrokkenen": ["a", "b"],
        "akkoord": {"a": True, "b": False},
    }
    assert spec.missing(values) == ["probleem", "feiten", "akkoord:b"]
    values.update(probleem="p", feiten=["1", "2"], akkoord={"a": True, "b": True})
    assert spec.missing(values) == []


def test_result_spec_approval_fields_must_exist():
    with pytest.raises(ValidationError, match="not one of the fields"):
        ResultSpec(
            key="r",
            name="R",
            description="d",
            fields=[{"key": "a", "label": "A"}],
            approval_field="nope",
        )


def _phase(number, consumes=()):
    return {
        "number": number,
        "key": f"p{number}",
        "name": f"P{number}",
        "goal": "g",
        "consumes": list(consumes),
        "result": {
            "key": f"r{number}",
            "name": "R",
            "description": "d",
            "fields": [{"key": "a", "label": "A"}],
        },
    }


def _method(phases, **extra):
    return {
        "id": "m",
        "name": "M",
        "phase_noun": "fase",
        "phase_noun_plural": "fasen",
        "description": "d",
        "phases": phases,
        **extra,
    }


def test_method_phases_must_be_numbered_in_order():
    Method.model_validate(_method([_phase(1), _phase(2, [1])]))
    with pytest.raises(ValidationError, match="numbered 1..2"):
        Method.model_validate(_method([_phase(1), _phase(3)]))


def test_method_phase_can_only_consume_earlier_results():
    with pytest.raises(ValidationError, match="earlier"):
        Method.model_validate(_method([_phase(1, [1])]))


def test_method_key_factor_prompts_only_for_existing_phases():
    factor = {
        "number": 1,
        "key": "k",
        "name": "K",
        "term": "k",
        "description": "d",
        "prompts": {1: "a", 4: "b"},
    }
    with pytest.raises(ValidationError, match="unknown phases 4"):
        Method.model_validate(_method([_phase(1)], key_factors=[factor]))


def test_workform_canvas_is_chosen_by_kind():
    base = workform_data()
    del base["canvas"]
    spec = WorkFormSpec.model_validate(
        base
        | {
            "canvas": {
                "kind": "fields_map",
                "subject": "bewoner",
                "fields": [{"key": "pijn", "label": "Pijn"}],
            }
        }
    )
    assert spec.canvas.kind == "fields_map"
    assert spec.yield_.nl == "y"
    with pytest.raises(ValidationError) as info:
        WorkFormSpec.model_validate(base | {"canvas": {"kind": "whiteboard"}})
    assert info.value.errors()[0]["type"] == "union_tag_invalid"
