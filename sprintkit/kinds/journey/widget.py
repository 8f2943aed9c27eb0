"""The notebook face of the ``journey`` canvas: a small form and a view of its content."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...widgets._base import esc
from ...widgets.canvases import CanvasWidget, split_list
from .logic import JourneyCanvas

__all__ = ["JourneyWidget"]


class JourneyWidget(CanvasWidget[JourneyCanvas]):
    """Customer journey: ordered steps with touchpoints, feeling and pain points."""

    settings_model = JourneyCanvas

    def form(self) -> list[w.Widget]:
        feelings = [(self.ws.t(f"w.feeling.{f}"), f) for f in ("positive", "neutral", "negative")]
        self.subject = w.Text(placeholder=self.ws.t("w.subject"))
        self.name = w.Text(placeholder=self.ws.t("w.step"))
        self.touch = w.Text(placeholder=self.ws.t("w.touchpoints"))
        self.feeling = w.Dropdown(options=feelings, value="neutral")
        self.pains = w.Text(placeholder=self.ws.t("w.pain_points"))
        return [
            w.HBox(
                [self.subject, self.button(self.ws.t("w.save"), self.set_subject, [self.subject])]
            ),
            w.HBox(
                [
                    self.name,
                    self.touch,
                    self.feeling,
                    self.pains,
                    self.button(self.ws.t("w.add"), self.add, [self.name, self.touch, self.pains]),
                ]
            ),
        ]

    def set_subject(self) -> None:
        """Store whose journey this is."""
        self.op("subject_set", subject=self.subject.value)

    def add(self) -> str:
        """Add the next step."""
        return self.op(
            "step_added",
            name=self.name.value,
            touchpoints=split_list(self.touch.value),
            feeling=self.feeling.value,
            pain_points=split_list(self.pains.value),
        )

    def render(self, content: dict[str, Any]) -> str:
        icon = {"positive": "🙂", "neutral": "😐", "negative": "🙁", None: ""}
        steps = "".join(
            f"<li><b>{esc(s['name'])}</b> {icon.get(s.get('feeling'))} "
            f"{esc(', '.join(s.get('touchpoints', [])))}"
            + "".join(f"<div class='gap'>⚠ {esc(p)}</div>" for p in s.get("pain_points", []))
            + "</li>"
            for s in content["steps"]
        )
        return f"<p><b>{esc(content['subject'])}</b></p><ol>{steps}</ol>"
