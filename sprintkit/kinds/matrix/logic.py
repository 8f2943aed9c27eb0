"""The 2x2 matrix: items placed on two axes; the focus quadrant is read first.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``matrix`` canvas kind.
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

__all__ = ["Axis", "MatrixCanvas", "MatrixItem", "MatrixContent", "Matrix"]


Unit = Annotated[float, Field(ge=0.0, le=1.0)]


class Axis(StrictModel):
    """One axis of a 2x2 matrix, with what its low and high ends mean."""

    label: Text
    low: Text
    high: Text


class MatrixCanvas(CanvasSettings):
    """A 2x2 matrix; items in the ``focus`` quadrant are picked first."""

    kind: Literal["matrix"] = "matrix"
    x: Axis
    y: Axis
    focus: Literal["high_high", "high_low", "low_high", "low_low"]
    focus_label: Text


class MatrixItem(StrictModel):
    """An item placed on a 2x2 matrix; ``x`` and ``y`` run from 0 (low) to 1 (high)."""

    text: str
    x: Unit
    y: Unit
    author: Ident | None = None


class MatrixContent(StrictModel):
    """The items on a 2x2 matrix."""

    items: list[MatrixItem]


class Matrix(CanvasKind):
    """A 2x2 matrix; the items in the focus quadrant come first."""

    kind = "matrix"
    events = frozenset({"item_placed", "item_moved", "item_removed"})
    settings = MatrixCanvas
    content_model = MatrixContent
    creates = {"item_placed": "item"}
    personal_fields = frozenset({"text"})
    widget = "sprintkit.kinds.matrix.widget:MatrixWidget"
    report = "sprintkit.kinds.matrix.report:blocks"

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        if event == "item_placed":
            require(payload, "text")
        if event in ("item_placed", "item_moved"):
            for axis in ("x", "y"):
                value = payload.get(axis)
                if not isinstance(value, int | float) or not 0 <= value <= 1:
                    raise CanvasError(Message("canvas.not_fraction", axis=axis))
        if event in ("item_moved", "item_removed") and payload.get("item") not in run.content.get(
            "items", {}
        ):
            raise CanvasError(Message("canvas.no_item", item=payload.get("item")))

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        items = run.content.setdefault("items", {})
        if event == "item_placed":
            items[payload["item"]] = {
                "text": payload["text"],
                "x": payload["x"],
                "y": payload["y"],
                "author": author,
            }
        elif event == "item_moved" and payload.get("item") in items:
            items[payload["item"]].update(x=payload["x"], y=payload["y"])
        elif event == "item_removed":
            items.pop(payload.get("item"), None)

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        return {"items": [dict(item) for item in run.content.get("items", {}).values()]}

    def in_focus(self, item: dict[str, Any], focus: str) -> bool:
        """Whether an item lies in the focus quadrant (``high_low`` = x high, y low)."""
        want_x, want_y = focus.split("_")
        return (item["x"] >= 0.5) == (want_x == "high") and (item["y"] >= 0.5) == (want_y == "high")

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:  # noqa: D102
        focus = spec.canvas_as(MatrixCanvas).focus
        listed = self.content(run)["items"]
        first = [i["text"] for i in listed if self.in_focus(i, focus)]
        return first + [i["text"] for i in listed if not self.in_focus(i, focus)]

    def operations(self, content: dict[str, Any]) -> Iterator[Operation]:  # noqa: D102
        return _operations(content)

    def contributions(self, run: RunState) -> Iterator[tuple[str | None, str]]:  # noqa: D102
        for item in run.content.get("items", {}).values():
            yield item.get("author"), "items"

    def sample(self) -> tuple[dict[str, Any], dict[str, Any]]:  # noqa: D102
        axis = {"label": "Impact", "low": "laag", "high": "hoog"}
        settings = {
            "kind": "matrix",
            "x": axis,
            "y": axis,
            "focus": "high_low",
            "focus_label": "Eerst",
        }
        items = [
            {"text": "Licht op de galerij", "x": 0.8, "y": 0.2, "author": "ria"},
            {"text": "Nieuwe flat", "x": 0.9, "y": 0.9, "author": None},
        ]
        return settings, {"items": items}


def _operations(content: dict[str, Any]) -> Iterator[Operation]:
    for item in content.get("items", []):
        payload = {"item": new_id(), "text": item["text"], "x": item["x"], "y": item["y"]}
        yield ("item_placed", payload, item.get("author"))
