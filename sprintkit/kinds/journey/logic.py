"""A journey map: the steps a person goes through, with touchpoints, feelings and pain points.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``journey`` canvas kind.
Faces: ``widget.py``, ``report.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import CanvasError, CanvasKind, Operation, require
from ...canvas.replay import new_id
from ...i18n import Message
from ...model import CanvasSettings, Ident, StrictModel, Text, WorkFormSpec
from ...model.state import RunState

__all__ = ["JourneyCanvas", "JourneyStep", "JourneyContent", "JourneyMap"]


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


class JourneyMap(CanvasKind):
    """Ordered steps with touchpoints, feelings and pain points."""

    kind = "journey"
    events = frozenset({"subject_set", "step_added", "step_edited", "step_removed"})
    settings = JourneyCanvas
    content_model = JourneyContent
    creates = {"step_added": "step"}
    personal_fields = frozenset({"subject", "name"})
    widget = "sprintkit.kinds.journey.widget:JourneyWidget"
    report = "sprintkit.kinds.journey.report:blocks"
    _FIELDS = ("name", "touchpoints", "feeling", "pain_points", "actors")

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        steps = run.content.get("steps", {})
        if event == "step_added":
            require(payload, "name")
            limit = spec.canvas_as(JourneyCanvas).max_steps
            if len(steps) >= limit:
                raise CanvasError(Message("canvas.max_steps", count=limit))
        if payload.get("feeling") not in (None, "positive", "neutral", "negative"):
            raise CanvasError(Message("canvas.bad_feeling"))
        if event in ("step_edited", "step_removed") and payload.get("step") not in steps:
            raise CanvasError(Message("canvas.no_step", step=payload.get("step")))

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        c = run.content
        c.setdefault("subject", "")
        steps = c.setdefault("steps", {})
        if event == "subject_set":
            c["subject"] = payload["subject"]
        elif event == "step_added":
            steps[payload["step"]] = {k: payload.get(k) for k in self._FIELDS}
        elif event == "step_edited" and payload.get("step") in steps:
            steps[payload["step"]].update({k: payload[k] for k in self._FIELDS if k in payload})
        elif event == "step_removed":
            steps.pop(payload.get("step"), None)

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
    yield ("subject_set", {"subject": content["subject"]}, None)
    for step in content.get("steps", []):
        yield ("step_added", {"step": new_id(), **step}, None)
