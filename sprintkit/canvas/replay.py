"""The operations that build a canvas from its content: the inverse of ``CanvasKind.content``.

Used to play a casus' demo input into a journey, and by the round-trip tests (content ->
operations -> fold -> content gives the same content back). Each kind knows its own
operations (:meth:`~sprintkit.canvas.CanvasKind.operations`); this module only dispatches.
"""

from __future__ import annotations

from typing import Any

from ._base import Operation, canvas_kind
from .commands import new_id

__all__ = ["operations", "Operation", "new_id"]


def operations(kind: str, content: dict[str, Any]) -> list[Operation]:
    """The canvas operations that produce ``content`` on an empty canvas of ``kind``."""
    return list(canvas_kind(kind).operations(content))
