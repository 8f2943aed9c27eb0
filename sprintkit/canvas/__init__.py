"""Canvas logic per kind (pure, no widgets): check, apply, content and result contribution."""

from ._base import CANVAS_REGISTRY, CanvasError, CanvasKind, canvas_kind, register_canvas_kind

__all__ = ["CANVAS_REGISTRY", "CanvasError", "CanvasKind", "canvas_kind", "register_canvas_kind"]
