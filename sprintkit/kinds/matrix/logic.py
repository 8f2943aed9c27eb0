"""The 2x2 matrix: items placed on two axes; the focus quadrant is read first.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``matrix`` canvas kind.
Faces: ``widget.py``, ``report.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import CanvasError, CanvasKind, Command, Filled, Operation, Refusal
from ...canvas.replay import new_id
from ...i18n import Message
from ...model import CanvasSettings, Ident, StrictModel, Text, WorkFormSpec
from ...model.state import RunState

__all__ = [
    "Axis",
    "MatrixCanvas",
    "MatrixItem",
    "MatrixContent",
    "ItemPlaced",
    "ItemMoved",
    "ItemRemoved",
    "Matrix",
]


Unit = Annotated[float, Field(ge=0.0, le=1.0)]
#: an axis value of a command: a number from 0 to 1 (not a text that looks like one)
X = Annotated[float, Field(ge=0, le=1, strict=True), Refusal("canvas.not_fraction", axis="x")]
Y = Annotated[float, Field(ge=0, le=1, strict=True), Refusal("canvas.not_fraction", axis="y")]
ItemRef = Annotated[str, Refusal("canvas.no_item", "item")]


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


class ItemPlaced(Command, kind="item_placed", creates="item"):
    """Place an item on the matrix."""

    item: str = Field(default_factory=new_id)
    text: Filled
    x: X
    y: Y


class ItemMoved(Command, kind="item_moved"):
    """Move an item to another place."""

    item: ItemRef
    x: X
    y: Y


class ItemRemoved(Command, kind="item_removed"):
    """Take an item off the matrix."""

    item: ItemRef


MatrixCommand = ItemPlaced | ItemMoved | ItemRemoved


class Matrix(CanvasKind[MatrixCommand]):
    """A 2x2 matrix; the items in the focus quadrant come first."""

    kind = "matrix"
    commands = (ItemPlaced, ItemMoved, ItemRemoved)
    settings = MatrixCanvas
    content_model = MatrixContent
    personal_fields = frozenset({"text"})
    widget = "sprintkit.kinds.matrix.widget:MatrixWidget"
    report = "sprintkit.kinds.matrix.report:blocks"

    def check(  # noqa: D102
        self,
        run: RunState,
        event: str,
        command: MatrixCommand,
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        if isinstance(command, ItemMoved | ItemRemoved) and command.item not in run.content.get(
            "items", {}
        ):
            raise CanvasError(Message("canvas.no_item", item=command.item))

    def apply(  # noqa: D102
        self, run: RunState, event: str, command: MatrixCommand, author: str | None
    ) -> None:
        items = run.content.setdefault("items", {})
        match command:
            case ItemPlaced(item=item, text=text, x=x, y=y):
                items[item] = {"text": text, "x": x, "y": y, "author": author}
            case ItemMoved(item=item, x=x, y=y) if item in items:
                items[item].update(x=x, y=y)
            case ItemRemoved(item=item):
                items.pop(item, None)

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        return {"items": [dict(item) for item in run.content.get("items", {}).values()]}

    def in_focus(self, item: dict[str, Any], focus: str) -> bool:
        """Whether an item lies in the focus quadrant (``high_low`` = x high, y low)."""
        want_x, want_y = focus.split("_")
        high_x, high_y = bool(item["x"] >= 0.5), bool(item["y"] >= 0.5)
        return high_x == (want_x == "high") and high_y == (want_y == "high")

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
        placed = ItemPlaced(item=new_id(), text=item["text"], x=item["x"], y=item["y"])
        yield placed.operation(item.get("author"))
