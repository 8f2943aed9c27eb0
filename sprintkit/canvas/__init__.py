"""The canvas contract (pure, no widgets); the kinds themselves live in :mod:`sprintkit.kinds`."""

from ._base import (
    CanvasError,
    CanvasKind,
    Operation,
    Reference,
    canvas_kind,
    draft_value,
    face,
    require,
)
from .commands import Command, Filled, NonBlank, Refusal, field_label

__all__ = [
    "CanvasError",
    "CanvasKind",
    "Command",
    "Filled",
    "NonBlank",
    "Operation",
    "Reference",
    "Refusal",
    "canvas_kind",
    "draft_value",
    "face",
    "field_label",
    "require",
]
