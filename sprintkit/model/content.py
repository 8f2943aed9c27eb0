"""What a filled canvas holds, per canvas kind.

Demo input (``demo/sprint-N.yaml``) is validated against these models, and the engine's
snapshot of a work form run uses the same shapes, so a trainer's demo file and a live session
describe a canvas the same way. A board's content is its notes (see :class:`DemoNote`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ._base import Ident, StrictModel

__all__ = [
    "FieldsMapContent",
    "JourneyStep",
    "JourneyContent",
    "MatrixItem",
    "MatrixContent",
    "Objection",
    "ConsentRoundContent",
    "ABContent",
    "GridCell",
    "PerspectivesContent",
    "CONTENT_MODELS",
]

Unit = Annotated[float, Field(ge=0.0, le=1.0)]


class FieldsMapContent(StrictModel):
    """An empathy map (or other fields map) about one subject: notes per field."""

    subject: str
    fields: dict[Ident, list[str]]


class JourneyStep(StrictModel):
    """One step of a journey, with what touches the person and how it feels."""

    name: str
    touchpoints: list[str] = []
    feeling: Literal["positive", "neutral", "negative"] | None = None
    pain_points: list[str] = []
    actors: list[Ident] = []


class JourneyContent(StrictModel):
    """The steps a person goes through, in order."""

    subject: str
    steps: Annotated[list[JourneyStep], Field(min_length=1)]


class MatrixItem(StrictModel):
    """An item placed on a 2x2 matrix; ``x`` and ``y`` run from 0 (low) to 1 (high)."""

    text: str
    x: Unit
    y: Unit
    author: Ident | None = None


class MatrixContent(StrictModel):
    """The items on a 2x2 matrix."""

    items: list[MatrixItem]


class Objection(StrictModel):
    """A reasoned objection in a consent round."""

    by: Ident
    text: str
    resolved: bool = False


class ConsentRoundContent(StrictModel):
    """A proposal, the objections to it, an amended proposal and the decision."""

    proposal: str
    objections: list[Objection] = []
    amended_proposal: str | None = None
    decision: Literal["open", "consent", "no_consent"] = "open"
    consenting: list[Ident] = []


class ABContent(StrictModel):
    """Two variants of one intervention and their scores on each measure."""

    subject: str
    variants: dict[Literal["a", "b"], str]
    results: dict[str, dict[Literal["a", "b"], float]] = {}
    outcome: str | None = None
    winner: Literal["a", "b", "none"] | None = None


class GridCell(StrictModel):
    """What one perspective makes of one idea."""

    perspective: str
    idea: str
    text: str


class PerspectivesContent(StrictModel):
    """Ideas looked at through several perspectives."""

    ideas: list[str]
    cells: list[GridCell] = []


CONTENT_MODELS: dict[str, type[StrictModel]] = {
    "fields_map": FieldsMapContent,
    "journey": JourneyContent,
    "matrix": MatrixContent,
    "consent_round": ConsentRoundContent,
    "ab_comparison": ABContent,
    "perspectives_grid": PerspectivesContent,
}
