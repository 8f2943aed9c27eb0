"""A journey map: the steps a person goes through, with touchpoints, feelings and pain points.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``journey`` canvas kind.
Faces: ``widget.py``, ``report.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import CanvasError, CanvasKind, Command, Filled, Operation, Refusal
from ...canvas.replay import new_id
from ...i18n import Message
from ...model import CanvasSettings, Ident, StrictModel, Text, WorkFormSpec
from ...model.state import RunState

__all__ = [
    "JourneyCanvas",
    "JourneyStep",
    "JourneyContent",
    "SubjectSet",
    "StepAdded",
    "StepEdited",
    "StepRemoved",
    "JourneyMap",
]


class JourneyCanvas(CanvasSettings):
    """Ordered steps a person goes through, each with touchpoints, feelings and pain points."""

    kind: Literal["journey"] = "journey"
    subject: Text
    step_fields: list[Literal["touchpoints", "feeling", "pain_points", "actors"]] = [
        "touchpoints",
        "feeling",
        "pain_points",
    ]
    max_steps: Annotated[int, Field(ge=2, le=50)] = 12


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


Feeling = Annotated[
    Literal["positive", "neutral", "negative"] | None, Refusal("canvas.bad_feeling")
]
StepRef = Annotated[str, Refusal("canvas.no_step", "step")]


class SubjectSet(Command, kind="subject_set"):
    """Whose journey this is."""

    subject: str


class StepAdded(Command, kind="step_added", creates="step"):
    """The next step of the journey."""

    step: str = Field(default_factory=new_id)
    name: Filled
    touchpoints: list[str] | None = None
    feeling: Feeling = None
    pain_points: list[str] | None = None
    actors: list[str] | None = None


class StepEdited(Command, kind="step_edited"):
    """Change the fields given (the others stay as they are)."""

    step: StepRef
    name: str | None = None
    touchpoints: list[str] | None = None
    feeling: Feeling = None
    pain_points: list[str] | None = None
    actors: list[str] | None = None


class StepRemoved(Command, kind="step_removed"):
    """Take a step out of the journey."""

    step: StepRef


JourneyCommand = SubjectSet | StepAdded | StepEdited | StepRemoved


class JourneyMap(CanvasKind[JourneyCommand]):
    """Ordered steps with touchpoints, feelings and pain points."""

    kind = "journey"
    commands = (SubjectSet, StepAdded, StepEdited, StepRemoved)
    settings = JourneyCanvas
    content_model = JourneyContent
    personal_fields = frozenset({"subject", "name"})
    widget = "sprintkit.kinds.journey.widget:JourneyWidget"
    report = "sprintkit.kinds.journey.report:blocks"
    _FIELDS = ("name", "touchpoints", "feeling", "pain_points", "actors")

    def check(  # noqa: D102
        self,
        run: RunState,
        event: str,
        command: JourneyCommand,
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        steps = run.content.get("steps", {})
        if isinstance(command, StepAdded):
            limit = spec.canvas_as(JourneyCanvas).max_steps
            if len(steps) >= limit:
                raise CanvasError(Message("canvas.max_steps", count=limit))
        if isinstance(command, StepEdited | StepRemoved) and command.step not in steps:
            raise CanvasError(Message("canvas.no_step", step=command.step))

    def apply(  # noqa: D102
        self, run: RunState, event: str, command: JourneyCommand, author: str | None
    ) -> None:
        c = run.content
        c.setdefault("subject", "")
        steps = c.setdefault("steps", {})
        match command:
            case SubjectSet():
                c["subject"] = command.subject
            case StepAdded():
                steps[command.step] = {k: getattr(command, k) for k in self._FIELDS}
            case StepEdited() if command.step in steps:
                given = command.model_fields_set
                steps[command.step].update(
                    {k: getattr(command, k) for k in self._FIELDS if k in given}
                )
            case StepRemoved():
                steps.pop(command.step, None)

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        steps = [
            {k: v for k, v in step.items() if v not in (None, [])}
            for step in run.content.get("steps", {}).values()
        ]
        return {"subject": run.content.get("subject", ""), "steps": steps}

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:  # noqa: D102
        out = []
        for step in self.content(run)["steps"]:
            for pain in step.get("pain_points", []):
                out.append(f"{step['name']}: {pain}")
        return out

    def operations(self, content: dict[str, Any]) -> Iterator[Operation]:  # noqa: D102
        return _operations(content)

    def sample(self) -> tuple[dict[str, Any], dict[str, Any]]:  # noqa: D102
        steps = [
            {
                "name": "Opstaan",
                "touchpoints": ["galerij"],
                "feeling": "negative",
                "pain_points": ["donker"],
                "actors": ["ria"],
            },
            {"name": "School", "feeling": "neutral"},
        ]
        return {"kind": "journey", "subject": "Een dag"}, {"subject": "Een dag", "steps": steps}


def _operations(content: dict[str, Any]) -> Iterator[Operation]:
    yield SubjectSet(subject=content["subject"]).operation()
    for step in content.get("steps", []):
        yield StepAdded(step=new_id(), **step).operation()
