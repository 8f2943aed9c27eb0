"""Work forms (werkvormen) and the canvas each is worked on.

A work form is data: what it is for, who takes part, how long it takes, the facilitator's steps,
and a canvas chosen by its ``kind``. Values the sources do not give are our own reasoned defaults;
their field names are listed in ``own_defaults`` so a reader can tell source from reasoning.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, WithJsonSchema, WrapValidator, model_validator
from pydantic_core import PydanticCustomError

from .. import registry
from ._base import SCHEMA_VERSION, Ident, Range, Slug, SourceRef, StrictModel, Text

__all__ = ["Canvas", "CanvasSettings", "WorkFormSpec"]


class CanvasSettings(StrictModel):
    """Base of the settings of every canvas kind: the ``canvas:`` block of a work form.

    A kind's settings model narrows ``kind`` to its own name (``kind: Literal["matrix"]``).
    """

    kind: str


#: A canvas settings model, for :meth:`WorkFormSpec.canvas_as`.
CanvasT = TypeVar("CanvasT", bound=StrictModel)


def _canvas_settings(value: Any, handler: Any) -> CanvasSettings:
    """Validate a ``canvas:`` block with the settings model of its kind (built-in or plugin).

    The kinds come from :mod:`sprintkit.registry`, so the model layer names none of them; errors
    inside the settings keep their location (``canvas.columns[0].label``).
    """
    if isinstance(value, StrictModel) and hasattr(value, "kind"):
        return value  # type: ignore[return-value]  # a plugin's settings may not subclass it
    kind = value.get("kind") if isinstance(value, dict) else None
    if kind is None:
        raise PydanticCustomError(
            "union_tag_not_found",
            "unable to extract tag using discriminator {discriminator}",
            {"discriminator": "'kind'"},
        )
    plugin = registry.get("canvas_kinds", str(kind))
    settings = getattr(plugin.obj, "settings", None) if plugin is not None else None
    if settings is None:
        known = ", ".join(registry.canvas_kinds())
        raise PydanticCustomError(
            "union_tag_invalid",
            "unknown kind '{tag}'; choose one of {expected_tags}",
            {"tag": kind, "expected_tags": known, "discriminator": "'kind'"},
        )
    found: CanvasSettings = settings.model_validate(value)
    return found


#: The ``canvas:`` block of a work form: the settings model of its ``kind``, looked up in the
#: registry (``sprintkit/kinds/<kind>/logic.py`` for the built-in kinds).
Canvas = Annotated[
    CanvasSettings,
    WrapValidator(_canvas_settings),
    WithJsonSchema({"type": "object", "required": ["kind"]}),
]

#: Fields of a work form whose value may be a reasoned default rather than a sourced fact.
DefaultableField = Literal[
    "description", "yield", "participants", "group_size", "duration_minutes", "steps", "materials"
]


class WorkFormSpec(StrictModel):
    """A work form (werkvorm) from the catalogue, a casus or a plugin."""

    schema_version: Literal[1] = SCHEMA_VERSION
    slug: Slug
    name: Text
    method: Slug = "wijkaanpak"
    phases: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)]
    description: Text
    yield_: Annotated[Text, Field(alias="yield")]
    feeds: list[Ident] = []
    participants: Text
    group_size: Range
    splittable: bool = False
    duration_minutes: Range
    steps: Annotated[list[Text], Field(min_length=1)]
    materials: list[Text] = []
    canvas: Canvas
    source: SourceRef
    licence: str
    own_defaults: list[DefaultableField] = []
    #: where the work form itself comes from: ``source`` (a CCV work form), ``inferred`` (our
    #: reading of one) or ``own`` (sprintkit's own design; ``sprintkit workforms show`` says so)
    provenance: Literal["source", "inferred", "own"] = "source"

    model_config = {"populate_by_name": True}

    @model_validator(mode="after")
    def _unique_defaults(self) -> WorkFormSpec:
        if len(set(self.own_defaults)) != len(self.own_defaults):
            raise PydanticCustomError("own_defaults_twice", "own_defaults lists a field twice")
        return self

    def canvas_as(self, settings: type[CanvasT]) -> CanvasT:
        """The canvas settings as ``settings``, for code written for one canvas kind.

        Examples:
            >>> from sprintkit.kinds.board.logic import BoardCanvas, Column
            >>> from sprintkit.kinds.matrix.logic import MatrixCanvas
            >>> board = BoardCanvas(columns=[Column(key="idee", label=Text(nl="Idee"))])
            >>> spec = WorkFormSpec.model_construct(slug="voorbeeld", canvas=board)
            >>> spec.canvas_as(BoardCanvas).votes_per_person
            3
            >>> spec.canvas_as(MatrixCanvas)
            Traceback (most recent call last):
            ...
            TypeError: work form 'voorbeeld' has a 'board' canvas, not a MatrixCanvas

        Raises:
            TypeError: When this work form's canvas is of another kind.
        """
        if not isinstance(self.canvas, settings):
            raise TypeError(
                f"work form '{self.slug}' has a '{self.canvas.kind}' canvas, "
                f"not a {settings.__name__}"
            )
        return self.canvas
