"""Canvas logic per kind (pure, no widgets): check, apply, content and result contribution."""

from ._base import CanvasError, CanvasKind, canvas_kind

__all__ = ["CanvasError", "CanvasKind", "canvas_kind"]
