"""The notebook face of the ``matrix`` canvas: a small form and a view of its content."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...widgets._base import esc
from ...widgets.canvases import CanvasWidget
from .logic import Matrix, MatrixCanvas

__all__ = ["MatrixWidget"]


class MatrixWidget(CanvasWidget[MatrixCanvas]):
    """2x2 matrix: place an item with two sliders."""

    settings_model = MatrixCanvas

    def form(self) -> list[w.Widget]:
        c = self.canvas
        self.text = w.Text(placeholder=self.ws.t("w.item"))
        self.x = w.FloatSlider(
            min=0, max=1, step=0.05, value=0.5, description=c.x.label.get(self.ws.lang)[:20]
        )
        self.y = w.FloatSlider(
            min=0, max=1, step=0.05, value=0.5, description=c.y.label.get(self.ws.lang)[:20]
        )
        return [
            w.HBox(
                [
                    self.text,
                    self.x,
                    self.y,
                    self.button(self.ws.t("w.place"), self.place, [self.text]),
                ]
            )
        ]

    def place(self) -> str:
        """Place the item on the matrix."""
        return self.op("item_placed", text=self.text.value, x=self.x.value, y=self.y.value)

    def render(self, content: dict[str, Any]) -> str:
        logic = Matrix()
        c = self.canvas
        cells: dict[tuple[bool, bool], list[dict[str, Any]]] = {
            (hx, hy): [] for hx in (False, True) for hy in (False, True)
        }
        for item in content["items"]:
            cells[(item["x"] >= 0.5, item["y"] >= 0.5)].append(item)
        focus = f"<p><b>{esc(c.focus_label.get(self.ws.lang))}</b></p>"
        rows = []
        for hy in (True, False):
            tds = []
            for hx in (False, True):
                items = cells[(hx, hy)]
                style = "background:#ffe0e0" if items and logic.in_focus(items[0], c.focus) else ""
                notes = "".join(f"<div class='note'>{esc(i['text'])}</div>" for i in items)
                tds.append(
                    f"<td style='border:1px solid #888;width:260px;height:90px;vertical-align:top;{style}'>{notes}</td>"
                )
            rows.append("<tr>" + "".join(tds) + "</tr>")
        axes = f"<p class='muted'>↔ {esc(c.x.label.get(self.ws.lang))} · ↕ {esc(c.y.label.get(self.ws.lang))}</p>"
        return focus + "<table>" + "".join(rows) + "</table>" + axes
