"""The notebook face of the ``fields_map`` canvas: a small form and a view of its content."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...widgets._base import esc
from ...widgets.canvases import CanvasWidget
from .logic import FieldsMapCanvas

__all__ = ["FieldsMapWidget"]


class FieldsMapWidget(CanvasWidget[FieldsMapCanvas]):
    """Empathy map: choose a field, type a note."""

    settings_model = FieldsMapCanvas

    def form(self) -> list[w.Widget]:
        fields = self.canvas.fields
        self.subject = w.Text(placeholder=self.ws.t("w.subject"))
        self.field = w.Dropdown(options=[(f.label.get(self.ws.lang), f.key) for f in fields])
        self.text = w.Text(placeholder=self.ws.t("w.note"), layout=w.Layout(width="50%"))
        return [
            w.HBox(
                [self.subject, self.button(self.ws.t("w.save"), self.set_subject, [self.subject])]
            ),
            w.HBox([self.field, self.text, self.button(self.ws.t("w.add"), self.add, [self.text])]),
        ]

    def set_subject(self) -> None:
        """Store who the map is about."""
        self.op("subject_set", subject=self.subject.value)

    def add(self) -> str:
        """Add a note to the chosen field."""
        item = self.op("field_item_added", field=self.field.value, text=self.text.value)
        self.text.value = ""
        return item

    def render(self, content: dict[str, Any]) -> str:
        parts = [f"<p><b>{esc(content['subject'])}</b></p><table><tr>"]
        for i, f in enumerate(self.canvas.fields):
            items = "".join(
                f"<div class='note'>{esc(x)}</div>" for x in content["fields"].get(f.key, [])
            )
            parts.append(
                f"<td style='vertical-align:top;min-width:160px'><b>{esc(f.label.get(self.ws.lang))}</b>{items}</td>"
            )
            if i % 3 == 2:
                parts.append("</tr><tr>")
        return "".join(parts) + "</tr></table>"
