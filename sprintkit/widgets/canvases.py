"""The base of every canvas widget, the generic read-only view, and ``make_canvas``.

Each canvas kind brings its own widget (its ``widget`` face, e.g. ``sprintkit/kinds/matrix/
widget.py``), usually a :class:`CanvasWidget`: a title, a view of the content, a small form and
a status line. A kind without one (a plugin that ships only logic) gets :class:`GenericWidget`,
which shows the content as readable nested lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import ipywidgets as w

from ..canvas import canvas_kind, face
from ..model import StrictModel
from ..store import Event
from ._base import Workshop, esc

__all__ = ["CanvasWidget", "GenericWidget", "make_canvas", "split_list"]


def split_list(text: str) -> list[str]:
    """The parts of a comma-separated answer ("galerij, portiek")."""
    return [part.strip() for part in text.split(",") if part.strip()]


SettingsT = TypeVar("SettingsT", bound=StrictModel)


class CanvasWidget(w.VBox, Generic[SettingsT]):
    """Base: a title, a view of the canvas content, a form and a status line."""

    #: The canvas settings model of the kind this widget is written for.
    settings_model: type[SettingsT]

    def __init__(self, ws: Workshop, run: str):
        self.ws, self.run_id = ws, run
        self.spec = ws.journey.spec(run)
        self.canvas = self.spec.canvas_as(self.settings_model)
        self.view = w.HTML()
        self.status = w.HTML()
        self.unsaved = w.HTML()  # "niet opgeslagen" while a form field holds unsaved text
        title = w.HTML(
            f"<div class='sk'><h3>{esc(ws.t('w.run_of', name=self.spec.name.get(ws.lang)))}</h3></div>"
        )
        super().__init__([title, self.view, *self.form(), self.status, self.unsaved])
        self.add_class("sk")
        self.refresh()

    def form(self) -> list[w.Widget]:
        """The input controls."""
        return []

    def content(self) -> dict[str, Any]:
        """The run's content in its model shape."""
        return canvas_kind(self.spec.canvas.kind).content(self.ws.journey.run(self.run_id))

    def op(self, kind: str, author: str | None = None, **payload: Any) -> Any:
        """Store one canvas operation, then refresh the view."""
        result: str | Event
        if kind in canvas_kind(self.spec.canvas.kind).creates:
            result = self.ws.journey.item(self.run_id, kind, author, **payload)
        else:
            result = self.ws.journey.canvas_op(self.run_id, kind, payload, author)
        self.refresh()
        return result

    def button(self, label: str, action: Any, saves: Sequence[w.Widget] = ()) -> w.Button:
        """A button whose click runs ``action`` guarded, with a 'saved' confirmation.

        ``saves`` are the text fields the click stores: they show "niet opgeslagen" (in the
        widget's ``unsaved`` line) from the first keystroke until the click succeeds.
        """
        b = w.Button(description=label)
        b.on_click(
            self.ws.guard(lambda _: action(), self.status, self.ws.t("w.saved"), saves=saves)
        )
        for field in saves:
            self.ws.watch_unsaved(field, self.unsaved)
        return b

    def refresh(self) -> None:
        """Re-render the view."""
        self.view.value = self.render(self.content())

    def render(self, content: dict[str, Any]) -> str:
        """The content as escaped HTML."""
        raise NotImplementedError


class GenericWidget(CanvasWidget[StrictModel]):
    """Any canvas kind without a widget of its own (plugin kinds): its content, read-only."""

    settings_model = StrictModel

    def render(self, content: dict[str, Any]) -> str:
        """The content as readable nested lists."""
        return readable_html(content)


def readable_html(value: Any) -> str:
    """Any content as nested lists a person can read: keys in bold, every text escaped.

    Examples:
        >>> readable_html({"moments": [{"period": "2020", "text": "<b>"}]})
        "<ul class='sk-generic'><li><b>moments</b>: <ul class='sk-generic'><li><ul class='sk-generic'><li><b>period</b>: 2020</li><li><b>text</b>: &lt;b&gt;</li></ul></li></ul></li></ul>"
    """
    if isinstance(value, dict):
        items = "".join(
            f"<li><b>{esc(str(k))}</b>: {readable_html(v)}</li>" for k, v in value.items()
        )
        return f"<ul class='sk-generic'>{items}</ul>"
    if isinstance(value, list | tuple):
        items = "".join(f"<li>{readable_html(v)}</li>" for v in value)
        return f"<ul class='sk-generic'>{items}</ul>"
    return esc("" if value is None else str(value))


def make_canvas(ws: Workshop, run: str) -> w.VBox:
    """The widget of a run's canvas kind (its ``widget`` face), or the generic read-only view."""
    logic = canvas_kind(ws.journey.run(run).canvas)
    widget = face(logic.widget) if logic.widget else GenericWidget
    made: w.VBox = widget(ws, run)
    return made
