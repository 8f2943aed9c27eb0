"""The notebook face of the 'tijdlijn': choose a period, type a moment; the timeline below."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from sprintkit.widgets._base import esc
from sprintkit.widgets.canvases import CanvasWidget

from .logic import TijdlijnCanvas

__all__ = ["TijdlijnWidget"]


class TijdlijnWidget(CanvasWidget[TijdlijnCanvas]):
    """A dropdown of periods, a text field and an add button; the moments per period."""

    settings_model = TijdlijnCanvas

    def form(self) -> list[w.Widget]:
        """The period chooser and the moment's text."""
        self.period = w.Dropdown(options=[p.get(self.ws.lang) for p in self.canvas.periods])
        self.text = w.Text(placeholder="Wat gebeurde er?")
        return [w.HBox([self.period, self.text, self.button(self.ws.t("w.add"), self.add)])]

    def add(self) -> None:
        """Store the moment in the chosen period."""
        index = [p.get(self.ws.lang) for p in self.canvas.periods].index(self.period.value)
        self.op("moment_added", period=self.canvas.periods[index].nl, text=self.text.value)
        self.text.value = ""

    def render(self, content: dict[str, Any]) -> str:
        """The periods in order, each with its moments (all text escaped)."""
        rows = []
        for period in self.canvas.periods:
            moments = [m["text"] for m in content["moments"] if m["period"] == period.nl]
            items = "".join(f"<li>{esc(m)}</li>" for m in moments)
            rows.append(f"<h4>{esc(period.get(self.ws.lang))}</h4><ul>{items}</ul>")
        return "".join(rows)
