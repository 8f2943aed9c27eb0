"""JSON Schemas of the file formats, for editors (yaml-language-server) and ``sprintkit schema``.

The committed copies under ``sprintkit/schemas/*.schema.json`` are written by
``python -m sprintkit.schemas``; a test fails when they are stale, and a test validates every
shipped YAML file against them with a real JSON Schema validator.

pydantic's own ``model_json_schema()`` does not describe what the loader accepts, so
:class:`FileSchemaGenerator` adjusts it in three places (the models stay as they are):

* ``Text`` also accepts a plain string (read as Dutch only), as its before-validator does.
* The ``canvas`` union lists the built-in kinds only. The loader validates any other kind against
  the settings model of an installed plugin; a published schema cannot know those plugins, and
  the permissive catch-all model would otherwise accept typos and unknown kinds.
* Mapping keys are checked with ``propertyNames``. pydantic writes ``patternProperties`` for
  pattern-constrained keys, which lets every non-matching key through, and nothing for integer
  keys, which are strings once the YAML is read as JSON (``glijbaan: {1: 2}``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Union

from pydantic import BaseModel, Field, create_model
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from . import _resources, registry
from ._atomic_write import write_text
from .model import Casus, DemoPhase, MeasureSpec, Method, Text, TrainingDay, WorkFormSpec

__all__ = ["KINDS", "FileSchemaGenerator", "json_schema", "write_schemas", "schema_text"]

KINDS: dict[str, type[BaseModel]] = {
    "casus": Casus,
    "workform": WorkFormSpec,
    "method": Method,
    "demo": DemoPhase,
    "measure": MeasureSpec,
    "training": TrainingDay,
}


def builtin_canvas_kinds() -> list[str]:
    """The canvas kinds sprintkit itself registers, in their declared order."""
    return [p.name for p in registry.entries("canvas_kinds") if p.builtin]


@cache
def _published() -> dict[str, type[BaseModel]]:
    """The models as published: the canvas a union of the built-in kinds' settings.

    In the loader the ``canvas:`` block is checked by whatever kind is installed (see
    :mod:`sprintkit.model.workform`); a schema file cannot know the plugins, so it describes
    the built-in kinds, each by its own settings model.
    """
    settings = tuple(registry.canvas(kind).settings for kind in builtin_canvas_kinds())
    union: Any = Union[settings]  # noqa: UP007 - the members are known at run time only
    canvas = Annotated[union, Field(discriminator="kind")]
    workform = create_model(
        "WorkFormSpec", __base__=WorkFormSpec, __doc__=WorkFormSpec.__doc__, canvas=(canvas, ...)
    )
    workforms: Any = list[workform]  # type: ignore[valid-type]
    casus = create_model(
        "Casus", __base__=Casus, __doc__=Casus.__doc__, local_workforms=(workforms, [])
    )
    return {**KINDS, "workform": workform, "casus": casus}


_TEXT_DESCRIPTION = (
    "A text a person reads: a plain string (Dutch only) or {nl, en} with English optional."
)
_CANVAS_DESCRIPTION = (
    "The canvas the work form is worked on, chosen by its `kind`. This schema lists the built-in "
    "kinds only. A kind added by a plugin (entry point group `sprintkit.canvas_kinds`) is "
    "validated by the loader (`sprintkit validate`), which knows the installed plugins; an editor "
    "using this schema will flag it."
)


class FileSchemaGenerator(GenerateJsonSchema):
    """pydantic's JSON Schema generator, made to describe what the YAML loader accepts."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """A model's schema; ``Text`` also as a plain string."""
        json_schema = super().model_schema(schema)
        if schema["cls"] is not Text:
            return json_schema
        json_schema.pop("title", None)
        json_schema.pop("description", None)
        return {
            "title": "Text",
            "description": _TEXT_DESCRIPTION,
            "anyOf": [{"type": "string", "minLength": 1}, json_schema],
        }

    def tagged_union_schema(self, schema: core_schema.TaggedUnionSchema) -> JsonSchemaValue:
        """A discriminated union; the canvas union without its catch-all for plugin kinds."""
        choices = schema["choices"]
        kinds = builtin_canvas_kinds()
        if not set(kinds) <= set(choices):
            return super().tagged_union_schema(schema)
        built_in = {kind: choices[kind] for kind in kinds}
        variants = super().tagged_union_schema({**schema, "choices": built_in})["oneOf"]
        # `kind` picks the variant (if/then rather than oneOf: a typo in a setting is then
        # reported as that key, not as "valid under none of the variants"). Each variant
        # defaults its own `kind`, but the loader needs it to pick one, so it is required here.
        return {
            "description": _CANVAS_DESCRIPTION,
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"enum": kinds}},
            "allOf": [
                {
                    "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                    "then": variant,
                }
                for kind, variant in zip(kinds, variants, strict=True)
            ],
        }

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        """A mapping; its keys checked by ``propertyNames``, also when they are integers."""
        json_schema = super().dict_schema(schema)
        names = json_schema.pop("propertyNames", {})
        if "patternProperties" in json_schema:
            ((pattern, values),) = json_schema.pop("patternProperties").items()
            names["pattern"] = pattern
            json_schema["additionalProperties"] = values
        keys = schema.get("keys_schema", {})
        if keys.get("type") == "int":
            names["pattern"] = _integer_pattern(keys)
        if names:
            json_schema["propertyNames"] = names
        return json_schema


def _integer_pattern(keys: Mapping[str, Any]) -> str:
    """A pattern for an integer key written as a JSON string (YAML ``1:`` is JSON ``"1"``)."""
    lowest = keys.get("ge", keys["gt"] + 1 if "gt" in keys else None)
    if lowest is not None and lowest >= 1:
        return "^[1-9][0-9]*$"
    if lowest is not None and lowest >= 0:
        return "^(0|[1-9][0-9]*)$"
    return "^-?(0|[1-9][0-9]*)$"


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file (``casus``, ``workform``, ``method``, ...)."""
    model = _published()[kind]
    schema = model.model_json_schema(by_alias=True, schema_generator=FileSchemaGenerator)
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
        write_text(path, schema_text(kind))
        names.append(path.name)
    return names


if __name__ == "__main__":  # pragma: no cover
    print("\n".join(write_schemas()))
