from __future__ import annotations

import json

import pytest

from sprintkit import _resources
from sprintkit.cli import main
from sprintkit.schemas import KINDS, schema_text


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_is_up_to_date(kind):
    committed = (_resources.schemas_dir() / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), "run `make schemas` and commit the result"


def test_cli_prints_the_schema(capsys):
    assert main(["schema", "workform"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "canvas" in schema["properties"]
    assert "yield" in schema["properties"]  # the YAML name, not the Python one
    assert "additionalProperties" in json.dumps(schema)
