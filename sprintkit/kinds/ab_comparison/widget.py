"""The notebook face of the ``ab_comparison`` canvas: a small form and a view of its content."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...widgets._base import esc
from ...widgets.canvases import CanvasWidget
from .logic import ABComparisonCanvas

__all__ = ["ABWidget"]


class ABWidget(CanvasWidget[ABComparisonCanvas]):
    """A/B comparison: describe the variants, record measures, record the outcome."""

    settings_model = ABComparisonCanvas

    def form(self) -> list[w.Widget]:
        measures = [m.get(self.ws.lang) for m in self.canvas.measures]
        self._measure_keys = dict(zip(measures, [m.nl for m in self.canvas.measures], strict=True))
        self.subject = w.Text(placeholder=self.ws.t("w.subject"))
        self.variant = w.ToggleButtons(options=["a", "b"])
        self.variant_text = w.Text(placeholder=self.ws.t("w.variant"))
        self.measure = w.Dropdown(options=measures)
        self.value = w.FloatText()
        self.outcome = w.Text(placeholder=self.ws.t("w.outcome"), layout=w.Layout(width="50%"))
        self.winner = w.Dropdown(options=["a", "b", "none"])
        return [
            w.HBox(
                [self.subject, self.button(self.ws.t("w.save"), self.set_subject, [self.subject])]
            ),
            w.HBox(
                [
                    self.variant,
                    self.variant_text,
                    self.button(self.ws.t("w.save"), self.set_variant, [self.variant_text]),
                ]
            ),
            w.HBox([self.measure, self.value, self.button(self.ws.t("w.record"), self.record)]),
            w.HBox(
                [
                    self.outcome,
                    self.winner,
                    self.button(self.ws.t("w.save"), self.set_outcome, [self.outcome]),
                ]
            ),
        ]

    def set_subject(self) -> None:
        """Store what is being compared."""
        self.op("subject_set", subject=self.subject.value)

    def set_variant(self) -> None:
        """Describe the chosen variant."""
        self.op("variant_set", variant=self.variant.value, text=self.variant_text.value)

    def record(self) -> None:
        """Record a measure for the chosen variant."""
        self.op(
            "measure_recorded",
            measure=self._measure_keys[self.measure.value],
            variant=self.variant.value,
            value=self.value.value,
        )

    def set_outcome(self) -> None:
        """Store the outcome and the winner."""
        self.op("outcome_set", outcome=self.outcome.value, winner=self.winner.value)

    def render(self, content: dict[str, Any]) -> str:
        rows = "".join(
            f"<tr><td>{esc(m)}</td><td>{esc(v.get('a', '-'))}</td><td>{esc(v.get('b', '-'))}</td></tr>"
            for m, v in content["results"].items()
        )
        variants = content["variants"]
        head = (
            f"<tr><th></th><th>A: {esc(variants.get('a', ''))}</th>"
            f"<th>B: {esc(variants.get('b', ''))}</th></tr>"
        )
        outcome = esc(content["outcome"] or "")
        return f"<p><b>{esc(content['subject'])}</b></p><table>{head}{rows}</table><p>{outcome}</p>"
