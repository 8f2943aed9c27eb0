"""JSON Schemas of the file formats, for editors (yaml-language-server) and ``sprintkit schema``.

The committed copies under ``sprintkit/schemas/*.schema.json`` are written by
``python -m sprintkit.schemas``; a test fails when they are stale.
"""

from __future__ import annotations

import json
from typing import Any

from . import _resources
from .model import Casus, DemoPhase, MeasureSpec, Method, WorkFormSpec

__all__ = ["KINDS", "json_schema", "write_schemas", "schema_text"]

KINDS = {
    "casus": Casus,
    "workform": WorkFormSpec,
    "method": Method,
    "demo": DemoPhase,
    "measure": MeasureSpec,
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file."""
    schema = KINDS[kind].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://sprintkit.invalid/schemas/{kind}.schema.json"
    return schema


def schema_text(kind: str) -> str:
    """The committed form of a schema: indented JSON with a final newline."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas() -> list[str]:
    """Write every schema into ``sprintkit/schemas/``; return the file names."""
    folder = _resources.schemas_dir()
    folder.mkdir(exist_ok=True)
    names = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        names.append(path.name)
    return names


if __name__ == "__main__":  # pragma: no cover
    print("\n".join(write_schemas()))
