"""A perspectives grid: ideas seen through the eyes of several kinds of actors.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``perspectives_grid`` canvas kind.
Faces: ``widget.py``, ``report.py``, ``phone.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import CanvasError, CanvasKind, Command, Filled, Operation, Reference
from ...i18n import Message
from ...model import CanvasSettings, StrictModel, Text, WorkFormSpec
from ...model.actor import ActorKind
from ...model.state import RunState

__all__ = [
    "PerspectivesGridCanvas",
    "GridCell",
    "PerspectivesContent",
    "IdeaAdded",
    "CellSet",
    "PerspectivesGrid",
]


class PerspectivesGridCanvas(CanvasSettings):
    """A grid of perspectives (actors or actor kinds) against ideas."""

    kind: Literal["perspectives_grid"] = "perspectives_grid"
    perspectives: Annotated[list[ActorKind], Field(min_length=1)]
    question: Text


class GridCell(StrictModel):
    """What one perspective makes of one idea."""

    perspective: str
    idea: str
    text: str


class PerspectivesContent(StrictModel):
    """Ideas looked at through several perspectives."""

    ideas: list[str]
    cells: list[GridCell] = []


class IdeaAdded(Command, kind="idea_added"):
    """A new idea (a row of the grid)."""

    idea: Filled


class CellSet(Command, kind="cell_set"):
    """What one perspective makes of one idea."""

    perspective: str = ""
    idea: str = ""
    text: str = ""


GridCommand = IdeaAdded | CellSet


class PerspectivesGrid(CanvasKind[GridCommand]):
    """Ideas seen through the eyes of several kinds of actors."""

    kind = "perspectives_grid"
    commands = (IdeaAdded, CellSet)
    settings = PerspectivesGridCanvas
    content_model = PerspectivesContent
    personal_fields = frozenset({"text"})
    widget = "sprintkit.kinds.perspectives_grid.widget:GridWidget"
    report = "sprintkit.kinds.perspectives_grid.report:blocks"
    phone = "sprintkit.kinds.perspectives_grid.phone:PHONE"

    def check(  # noqa: D102
        self,
        run: RunState,
        event: str,
        command: GridCommand,
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        if isinstance(command, CellSet):
            allowed = {p.value for p in spec.canvas_as(PerspectivesGridCanvas).perspectives}
            if command.perspective not in allowed:
                raise CanvasError(
                    Message("canvas.unknown_perspective", perspective=command.perspective)
                )
            if command.idea not in run.content.get("ideas", []):
                raise CanvasError(Message("canvas.unknown_idea", idea=command.idea))

    def apply(  # noqa: D102
        self, run: RunState, event: str, command: GridCommand, author: str | None
    ) -> None:
        ideas = run.content.setdefault("ideas", [])
        cells = run.content.setdefault("cells", {})
        match command:
            case IdeaAdded() if command.idea not in ideas:
                ideas.append(command.idea)
            case CellSet():
                cells[f"{command.perspective}|{command.idea}"] = command.text

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        cells = [
            {"perspective": key.split("|", 1)[0], "idea": key.split("|", 1)[1], "text": text}
            for key, text in run.content.get("cells", {}).items()
            if text
        ]
        return {"ideas": list(run.content.get("ideas", [])), "cells": cells}

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:  # noqa: D102
        c = self.content(run)
        ideas: list[str] = c["ideas"]
        return ideas + [
            f"{cell['idea']} ({cell['perspective']}): {cell['text']}" for cell in c["cells"]
        ]

    def operations(self, content: dict[str, Any]) -> Iterator[Operation]:  # noqa: D102
        return _operations(content)

    def references(self, content: Any, settings: Any) -> Iterator[Reference]:  # noqa: D102
        allowed = frozenset(p.value for p in settings.perspectives)
        ideas = frozenset(content.ideas)
        for j, cell in enumerate(content.cells):
            yield Reference(("cells", j, "perspective"), "perspective", cell.perspective, allowed)
            yield Reference(("cells", j, "idea"), "idea", cell.idea, ideas)

    def sample(self) -> tuple[dict[str, Any], dict[str, Any]]:  # noqa: D102
        settings = {
            "kind": "perspectives_grid",
            "perspectives": ["resident", "police"],
            "question": "Wat vindt u?",
        }
        cells = [{"perspective": "resident", "idea": "idee 1", "text": "goed"}]
        return settings, {"ideas": ["idee 1", "idee 2"], "cells": cells}


def _operations(content: dict[str, Any]) -> Iterator[Operation]:
    for idea in content.get("ideas", []):
        yield IdeaAdded(idea=idea).operation()
    for cell in content.get("cells", []):
        yield CellSet(**cell).operation()
