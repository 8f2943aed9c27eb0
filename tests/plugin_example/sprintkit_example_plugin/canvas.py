"""A canvas kind added in Python: a 'tijdlijn' (timeline) of moments per period.

Registered through the entry point group ``sprintkit.canvas_kinds`` (see ``pyproject.toml``),
exactly as sprintkit registers its own kinds: the entry point names the class, whose
``settings`` model validates the ``canvas:`` block, so a YAML work form with
``canvas: {kind: tijdlijn, periods: [...]}`` loads like a built-in one.
"""

from __future__ import annotations

from typing import Any, Literal

from sprintkit.canvas import CanvasError, CanvasKind
from sprintkit.model import StrictModel, Text

__all__ = ["TijdlijnCanvas", "TijdlijnContent", "Tijdlijn"]


class TijdlijnCanvas(StrictModel):
    """Settings of the canvas in a work form file."""

    kind: Literal["tijdlijn"] = "tijdlijn"
    periods: list[Text]


class Moment(StrictModel):
    """One moment on the timeline."""

    period: str
    text: str


class TijdlijnContent(StrictModel):
    """A filled timeline (the shape of demo input)."""

    moments: list[Moment]


class Tijdlijn(CanvasKind):
    """Moments placed in periods; the result gets them in period order."""

    kind = "tijdlijn"
    events = frozenset({"moment_added"})
    content_model = TijdlijnContent
    settings = TijdlijnCanvas

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        periods = [p.nl for p in spec.canvas.settings().periods]
        if payload.get("period") not in periods:
            raise CanvasError(f"unknown period '{payload.get('period')}' ({', '.join(periods)})")
        if not str(payload.get("text", "")).strip():
            raise CanvasError("a moment needs text")

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        run.content.setdefault("moments", []).append(
            {"period": payload["period"], "text": payload["text"]}
        )

    def content(self, run) -> dict[str, Any]:  # noqa: D102
        return {"moments": [dict(m) for m in run.content.get("moments", [])]}

    def items(self, run, spec) -> list[str]:  # noqa: D102
        order = [p.nl for p in spec.canvas.settings().periods]
        moments = sorted(self.content(run)["moments"], key=lambda m: order.index(m["period"]))
        return [f"{m['period']}: {m['text']}" for m in moments]

    def operations(self, content):  # noqa: D102
        return [("moment_added", dict(m), None) for m in content.get("moments", [])]
