"""The notebook face of the ``perspectives_grid`` canvas: a small form and a view of its content."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...widgets._base import esc
from ...widgets.canvases import CanvasWidget
from .logic import PerspectivesGridCanvas

__all__ = ["GridWidget"]


class GridWidget(CanvasWidget[PerspectivesGridCanvas]):
    """Perspectives grid: ideas in rows, perspectives in columns."""

    settings_model = PerspectivesGridCanvas

    def form(self) -> list[w.Widget]:
        self.idea = w.Text(placeholder=self.ws.t("w.idea"), layout=w.Layout(width="50%"))
        self.pick_idea = w.Dropdown(description=self.ws.t("w.idea"))
        kinds = [p.value for p in self.canvas.perspectives]
        self.perspective = w.Dropdown(options=kinds, description=self.ws.t("w.perspective")[:12])
        self.text = w.Text(placeholder=self.ws.t("w.note"), layout=w.Layout(width="40%"))
        return [
            w.HBox([self.idea, self.button(self.ws.t("w.add"), self.add_idea, [self.idea])]),
            w.HBox(
                [
                    self.pick_idea,
                    self.perspective,
                    self.text,
                    self.button(self.ws.t("w.save"), self.set_cell, [self.text]),
                ]
            ),
        ]

    def add_idea(self) -> None:
        """Add an idea (a row)."""
        self.op("idea_added", idea=self.idea.value)

    def set_cell(self) -> None:
        """Store what one perspective makes of one idea."""
        self.op(
            "cell_set",
            perspective=self.perspective.value,
            idea=self.pick_idea.value,
            text=self.text.value,
        )

    def refresh(self) -> None:
        super().refresh()
        self.pick_idea.options = self.content()["ideas"]

    def render(self, content: dict[str, Any]) -> str:
        kinds = [p.value for p in self.canvas.perspectives]
        cells = {(c["idea"], c["perspective"]): c["text"] for c in content["cells"]}
        head = "<tr><th></th>" + "".join(f"<th>{esc(k)}</th>" for k in kinds) + "</tr>"
        rows = "".join(
            f"<tr><td><b>{esc(idea)}</b></td>"
            + "".join(f"<td>{esc(cells.get((idea, k), ''))}</td>" for k in kinds)
            + "</tr>"
            for idea in content["ideas"]
        )
        return f"<table>{head}{rows}</table>"
