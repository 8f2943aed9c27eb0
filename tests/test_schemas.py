"""The published JSON Schemas: up to date, and right in both directions.

Every shipped YAML file validates against the committed schema of its kind with a real JSON
Schema validator, and broken copies of them (a typo'd key, an unknown canvas kind, a wrong enum
value, a missing field) fail it. The pydantic models are asked too, so schema and loader agree.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from sprintkit import _resources
from sprintkit.cli import main
from sprintkit.registry import BUILTINS
from sprintkit.schemas import KINDS, schema_text

ROOT = Path(__file__).resolve().parent.parent

#: Where the shipped files of each kind live (relative to the repository).
SHIPPED = {
    "workform": ["workforms/*.yaml", "casus/*/workforms/*.yaml"],
    "measure": ["workforms/maatregelen/*.yaml", "casus/*/maatregelen/*.yaml"],
    "casus": ["casus/*/casus.yaml"],
    "demo": ["casus/*/demo/*.yaml"],
    "training": ["casus/*/training.yaml"],
    "method": ["sprintkit/methods/*.yaml"],
}
FILES = [
    (kind, path)
    for kind, patterns in SHIPPED.items()
    for pattern in patterns
    for path in sorted(ROOT.glob(pattern))
]


def _published(kind: str) -> dict:
    return json.loads((_resources.schemas_dir() / f"{kind}.schema.json").read_text("utf-8"))


def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(_published(kind))


def _load(relative: str) -> dict:
    return yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))


def _as_json(data: dict) -> dict:
    """The data as an editor sees it: JSON, where mapping keys are strings (YAML ``1:`` too)."""
    return json.loads(json.dumps(data))


def _messages(kind: str, data: dict) -> list[str]:
    """Every error, also those inside ``anyOf`` (a ``Text`` is a string or ``{nl, en}``)."""
    validator = _validator(kind)
    errors = [
        error for instance in (data, _as_json(data)) for error in validator.iter_errors(instance)
    ]
    messages = []
    while errors:
        error = errors.pop()
        messages.append(f"{error.json_path}: {error.message}")
        errors.extend(error.context or [])
    return messages


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_is_up_to_date(kind):
    committed = (_resources.schemas_dir() / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), "run `make schemas` and commit the result"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_is_a_valid_draft_2020_12_schema(kind):
    schema = _published(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_kind_has_shipped_files():
    found = {kind for kind, _ in FILES}
    assert found == set(KINDS)
    assert sum(kind == "workform" for kind, _ in FILES) >= 21


@pytest.mark.parametrize(("kind", "path"), FILES, ids=[str(p.relative_to(ROOT)) for _, p in FILES])
def test_shipped_file_validates_against_the_published_schema(kind, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _messages(kind, data) == []
    KINDS[kind].model_validate(data)  # and the loader's model agrees


def test_the_work_form_schema_lists_only_the_built_in_canvas_kinds():
    canvas = _published("workform")["properties"]["canvas"]
    assert canvas["properties"]["kind"]["enum"] == [n for n, _ in BUILTINS["canvas_kinds"]]
    assert "plugin" in canvas["description"] and "loader" in canvas["description"]
    assert "PluginCanvas" not in json.dumps(_published("workform"))
    assert "PluginCanvas" not in json.dumps(_published("casus"))  # local_workforms


def test_plain_string_text_is_accepted_as_the_loader_does():
    data = _load("workforms/praktijksafari.yaml")
    data["name"] = "Praktijksafari"
    data["steps"] = ["Eerst kijken", {"nl": "Dan praten", "en": "Then talk"}]
    assert _messages("workform", data) == []
    KINDS["workform"].model_validate(data)


#: Shipped files that broken copies are made from: name -> (kind, path).
SAMPLES = {
    "safari": ("workform", "workforms/praktijksafari.yaml"),
    "aannames": ("workform", "workforms/aanname-analyse.yaml"),
    "camera": ("measure", "workforms/maatregelen/cameratoezicht.yaml"),
    "molenwijk": ("casus", "casus/molenwijk/casus.yaml"),
    "sprint-1": ("demo", "casus/molenwijk/demo/sprint-1.yaml"),
    "wijkaanpak": ("method", "sprintkit/methods/wijkaanpak.yaml"),
}
DROP = object()

#: (sample, dotted path, new value or DROP, part of what the validator says)
BROKEN = [
    ("safari", "canvas.votes_per_persn", 2, "'votes_per_persn' was unexpected"),
    ("safari", "naam", "Safari", "'naam' was unexpected"),
    ("safari", "canvas.kind", "whiteboard", "'whiteboard' is not one of"),
    ("safari", "canvas.kind", DROP, "'kind' is a required property"),
    ("safari", "canvas.columns.0.lable", "x", "'lable' was unexpected"),
    ("safari", "canvas.votes_per_person", 50, "50 is greater than the maximum of 20"),
    ("safari", "own_defaults", ["naam"], "'naam' is not one of"),
    ("safari", "slug", DROP, "'slug' is a required property"),
    ("safari", "name", {"en": "Safari"}, "'nl' is a required property"),
    ("safari", "name", "", "should be non-empty"),
    ("aannames", "canvas.focus", "midden", "'midden' is not one of"),
    ("camera", "category", "toezicht", "'toezicht' is not one of"),
    ("camera", "eigenaar", "gemeente", "'eigenaar' was unexpected"),
    ("camera", "id", DROP, "'id' is a required property"),
    ("molenwijk", "actors.0.kind", "bewoner", "'bewoner' is not one of"),
    ("molenwijk", "actors.0.glijbaan", {"een": 2}, "'een' does not match"),
    ("molenwijk", "facilitator", ["anouk"], "'facilitator' was unexpected"),
    ("molenwijk", "fictional", DROP, "'fictional' is a required property"),
    ("sprint-1", "glijbaan.Wim de Vries", 2, "'Wim de Vries' does not match"),
    ("sprint-1", "runs.0.werkvorm", "x", "'werkvorm' was unexpected"),
    ("sprint-1", "result", DROP, "'result' is a required property"),
    ("wijkaanpak", "phases.0.provenance", "guessed", "'guessed' is not one of"),
    ("wijkaanpak", "phases.0.doel", "x", "'doel' was unexpected"),
    ("wijkaanpak", "phase_noun", DROP, "'phase_noun' is a required property"),
]


def _broken(sample: str, path: str, value: object) -> dict:
    data = copy.deepcopy(_load(SAMPLES[sample][1]))
    *parents, last = [int(key) if key.isdigit() else key for key in path.split(".")]
    target = data
    for key in parents:
        target = target[key]
    if value is DROP:
        del target[last]
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("sample", "path", "value", "expected"),
    BROKEN,
    ids=[f"{sample}-{path}{'-drop' if value is DROP else ''}" for sample, path, value, _ in BROKEN],
)
def test_broken_file_fails_the_published_schema(sample, path, value, expected):
    kind = SAMPLES[sample][0]
    data = _broken(sample, path, value)
    messages = _messages(kind, data)
    assert any(expected in message for message in messages), messages
    with pytest.raises(ValidationError):  # the loader's model rejects it too
        KINDS[kind].model_validate(data)


def test_cli_prints_the_schema(capsys):
    assert main(["schema", "workform"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "canvas" in schema["properties"]
    assert "yield" in schema["properties"]  # the YAML name, not the Python one
    assert "additionalProperties" in json.dumps(schema)
