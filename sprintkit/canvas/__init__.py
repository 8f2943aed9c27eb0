"""The canvas contract (pure, no widgets); the kinds themselves live in :mod:`sprintkit.kinds`."""

from ._base import CanvasError, CanvasKind, Operation, Reference, canvas_kind, face, require

__all__ = [
    "CanvasError",
    "CanvasKind",
    "Operation",
    "Reference",
    "canvas_kind",
    "face",
    "require",
]
