"""Work forms (werkvormen) and the canvas each is worked on.

A work form is data: what it is for, who takes part, how long it takes, the facilitator's steps,
and a canvas chosen by its ``kind``. Values the sources do not give are our own reasoned defaults;
their field names are listed in ``own_defaults`` so a reader can tell source from reasoning.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .. import registry
from ._base import SCHEMA_VERSION, Ident, Range, Slug, SourceRef, StrictModel, Text
from .actor import ActorKind

__all__ = [
    "Column",
    "FieldDef",
    "Axis",
    "BoardCanvas",
    "FieldsMapCanvas",
    "JourneyCanvas",
    "MatrixCanvas",
    "ConsentRoundCanvas",
    "ABComparisonCanvas",
    "PerspectivesGridCanvas",
    "Canvas",
    "CANVAS_KINDS",
    "PluginCanvas",
    "WorkFormSpec",
]


#: A canvas settings model, for :meth:`WorkFormSpec.canvas_as`.
CanvasT = TypeVar("CanvasT", bound=StrictModel)


class Column(StrictModel):
    """A column on a board (e.g. 'Ik hou van')."""

    key: Ident
    label: Text
    prompt: Text | None = None


class FieldDef(StrictModel):
    """A fixed field of a fields map (e.g. 'Denken en voelen' on an empathy map)."""

    key: Ident
    label: Text
    prompt: Text | None = None


class Axis(StrictModel):
    """One axis of a 2x2 matrix, with what its low and high ends mean."""

    label: Text
    low: Text
    high: Text


class BoardCanvas(StrictModel):
    """Columns of sticky notes: silent capture, reveal, clustering and dot voting."""

    kind: Literal["board"] = "board"
    columns: Annotated[list[Column], Field(min_length=1)]
    silent_capture: bool = True
    clustering: bool = True
    votes_per_person: Annotated[int, Field(ge=0, le=20)] = 3
    self_votes: bool = False
    hide_tallies_until_reveal: bool = True


class FieldsMapCanvas(StrictModel):
    """A map of fixed fields about one subject (the empathy map is the classic one)."""

    kind: Literal["fields_map"] = "fields_map"
    subject: Text
    fields: Annotated[list[FieldDef], Field(min_length=1)]


class JourneyCanvas(StrictModel):
    """Ordered steps a person goes through, each with touchpoints, feelings and pain points."""

    kind: Literal["journey"] = "journey"
    subject: Text
    step_fields: list[Literal["touchpoints", "feeling", "pain_points", "actors"]] = [
        "touchpoints",
        "feeling",
        "pain_points",
    ]
    max_steps: Annotated[int, Field(ge=2, le=50)] = 12


class MatrixCanvas(StrictModel):
    """A 2x2 matrix; items in the ``focus`` quadrant are picked first."""

    kind: Literal["matrix"] = "matrix"
    x: Axis
    y: Axis
    focus: Literal["high_high", "high_low", "low_high", "low_low"]
    focus_label: Text


class ConsentRoundCanvas(StrictModel):
    """A proposal tested by consent: objections, an amended proposal, a decision."""

    kind: Literal["consent_round"] = "consent_round"
    max_rounds: Annotated[int, Field(ge=1, le=10)] = 3
    objection_needs_reason: bool = True


class ABComparisonCanvas(StrictModel):
    """Two variants of an intervention compared on the same measures."""

    kind: Literal["ab_comparison"] = "ab_comparison"
    variants: tuple[Text, Text] = (
        Text(nl="Variant A", en="Variant A"),
        Text(nl="Variant B", en="Variant B"),
    )
    measures: Annotated[list[Text], Field(min_length=1)]


class PerspectivesGridCanvas(StrictModel):
    """A grid of perspectives (actors or actor kinds) against ideas."""

    kind: Literal["perspectives_grid"] = "perspectives_grid"
    perspectives: Annotated[list[ActorKind], Field(min_length=1)]
    question: Text


CANVAS_KINDS: tuple[str, ...] = (
    "board",
    "fields_map",
    "journey",
    "matrix",
    "consent_round",
    "ab_comparison",
    "perspectives_grid",
)

#: The union tag under which every plugin canvas kind is validated.
PLUGIN_TAG = "plugin-kind"


def _plugin_settings(kind: str) -> type[StrictModel] | None:
    """The settings model a plugin registered for canvas ``kind`` (:mod:`sprintkit.registry`)."""
    plugin = registry.get("canvas_kinds", kind)
    settings = getattr(plugin.obj, "settings", None) if plugin is not None else None
    return settings if plugin is not None and not plugin.builtin else None


class PluginCanvas(StrictModel):
    """A canvas of a kind a plugin registered; its settings are checked by the plugin's model."""

    model_config = {"extra": "allow"}

    kind: str

    @model_validator(mode="after")
    def _registered(self) -> PluginCanvas:
        settings = _plugin_settings(self.kind)
        if settings is None:
            known = ", ".join(registry.canvas_kinds())
            raise PydanticCustomError(
                "union_tag_invalid",
                "unknown kind '{tag}'; choose one of {expected_tags}",
                {"tag": self.kind, "expected_tags": known, "discriminator": "'kind'"},
            )
        settings.model_validate(self.model_dump())
        return self

    def settings(self) -> StrictModel:
        """The settings as the plugin's own model."""
        settings = _plugin_settings(self.kind)
        assert settings is not None  # validated on load
        return settings.model_validate(self.model_dump())


def _canvas_tag(value: object) -> str | None:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    if kind is None:
        return None
    return kind if kind in CANVAS_KINDS else PLUGIN_TAG


Canvas = Annotated[
    Annotated[BoardCanvas, Tag("board")]
    | Annotated[FieldsMapCanvas, Tag("fields_map")]
    | Annotated[JourneyCanvas, Tag("journey")]
    | Annotated[MatrixCanvas, Tag("matrix")]
    | Annotated[ConsentRoundCanvas, Tag("consent_round")]
    | Annotated[ABComparisonCanvas, Tag("ab_comparison")]
    | Annotated[PerspectivesGridCanvas, Tag("perspectives_grid")]
    | Annotated[PluginCanvas, Tag(PLUGIN_TAG)],
    Discriminator(
        _canvas_tag,
        custom_error_type="union_tag_not_found",
        custom_error_context={"discriminator": "'kind'"},
    ),
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

    model_config = {"populate_by_name": True}

    @model_validator(mode="after")
    def _unique_defaults(self) -> WorkFormSpec:
        if len(set(self.own_defaults)) != len(self.own_defaults):
            raise PydanticCustomError("own_defaults_twice", "own_defaults lists a field twice")
        return self

    def canvas_as(self, settings: type[CanvasT]) -> CanvasT:
        """The canvas settings as ``settings``, for code written for one canvas kind.

        Examples:
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
