"""The logic of the 'tijdlijn' (timeline) canvas kind: moments placed in periods.

Registered through the entry point group ``sprintkit.canvas_kinds`` (see ``pyproject.toml``),
exactly as sprintkit registers its own kinds: the entry point names the class, whose
``settings`` model validates the ``canvas:`` block, so a YAML work form with
``canvas: {kind: tijdlijn, periods: [...]}`` loads like a built-in one. The widget and report
faces live beside this file and are named by path, so this module never imports ipywidgets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from sprintkit.canvas import CanvasError, CanvasKind, Operation
from sprintkit.model import CanvasSettings, StrictModel, Text

__all__ = ["TijdlijnCanvas", "TijdlijnContent", "Tijdlijn"]


class TijdlijnCanvas(CanvasSettings):
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
    personal_fields = frozenset({"text"})
    widget = "sprintkit_example_plugin.tijdlijn.widget:TijdlijnWidget"
    report = "sprintkit_example_plugin.tijdlijn.report:blocks"

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        periods = [p.nl for p in spec.canvas.periods]
        if payload.get("period") not in periods:
            known = ", ".join(periods)
            raise CanvasError(f"onbekende periode '{payload.get('period')}' (wel: {known})")
        if not str(payload.get("text", "")).strip():
            raise CanvasError("een moment heeft tekst nodig")

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        run.content.setdefault("moments", []).append(
            {"period": payload["period"], "text": payload["text"]}
        )

    def content(self, run) -> dict[str, Any]:  # noqa: D102
        return {"moments": [dict(m) for m in run.content.get("moments", [])]}

    def items(self, run, spec) -> list[str]:  # noqa: D102
        order = [p.nl for p in spec.canvas.periods]
        moments = sorted(self.content(run)["moments"], key=lambda m: order.index(m["period"]))
        return [f"{m['period']}: {m['text']}" for m in moments]

    def operations(self, content: dict[str, Any]) -> Iterator[Operation]:  # noqa: D102
        for moment in content.get("moments", []):
            yield ("moment_added", dict(moment), None)

    def sample(self) -> tuple[dict[str, Any], dict[str, Any]]:  # noqa: D102
        settings = {"kind": "tijdlijn", "periods": ["Voor 2015", "Sinds 2020"]}
        moments = [{"period": "Voor 2015", "text": "Nieuwe flats"}]
        return settings, {"moments": moments}
