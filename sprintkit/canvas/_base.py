"""The contract every canvas kind fulfils, and the registry of kinds.

A canvas kind is pure logic: it checks a command before it is stored (``check``), applies a
stored event to a run's state (``apply``), shows its content in the shape of
:mod:`sprintkit.model.content` (``content``), and says how that content becomes part of the
phase result (``contribute``). Plugins add kinds with :func:`register_canvas_kind`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..errors import SprintkitError
from ..model import ResultSpec, WorkFormSpec
from ..model.state import RunState

__all__ = ["CanvasKind", "CanvasError", "register_canvas_kind", "canvas_kind", "CANVAS_REGISTRY"]


class CanvasError(SprintkitError, ValueError):
    """A canvas operation is not allowed (unknown note, vote over budget, own note...)."""


class CanvasKind:
    """Base class: subclasses set ``kind`` and ``events`` and implement the hooks."""

    kind: ClassVar[str]
    #: event kinds this canvas handles
    events: ClassVar[frozenset[str]]

    def check(
        self,
        run: RunState,
        event: str,
        payload: dict[str, Any],
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        """Raise :class:`CanvasError` when the operation is not allowed."""

    def apply(self, run: RunState, event: str, payload: dict[str, Any], author: str | None) -> None:
        """Apply a stored event to the run. Must never raise for a dangling reference."""
        raise NotImplementedError

    def content(self, run: RunState) -> dict[str, Any]:
        """The run's content in its :mod:`sprintkit.model.content` shape."""
        return dict(run.content)

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:
        """Short texts summarising the canvas, most important first."""
        return []

    def parties(self, run: RunState) -> dict[str, bool]:
        """People who took a stand on the canvas and whether they agreed (consent rounds)."""
        return {}

    def contribute(self, run: RunState, spec: WorkFormSpec, result: ResultSpec) -> dict[str, Any]:
        """Values for the result fields this work form ``feeds``."""
        items = self.items(run, spec)
        out: dict[str, Any] = {}
        for key in spec.feeds:
            try:
                kind = result.field(key).kind
            except KeyError:
                continue
            if kind == "list" and items:
                out[key] = items
            elif kind == "text" and items:
                out[key] = " ".join(_sentence(i) for i in items)
            elif kind == "parties" and self.parties(run):
                out[key] = sorted(self.parties(run))
            elif kind == "approvals" and self.parties(run):
                out[key] = dict(sorted(self.parties(run).items()))
        return out


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


CANVAS_REGISTRY: dict[str, CanvasKind] = {}


def register_canvas_kind(logic: CanvasKind) -> CanvasKind:
    """Register the logic of a canvas kind (built-in or from a plugin)."""
    CANVAS_REGISTRY[logic.kind] = logic
    return logic


def canvas_kind(kind: str) -> CanvasKind:
    """The logic of a canvas kind."""
    from . import _builtin  # noqa: F401 - registers the built-in kinds

    try:
        return CANVAS_REGISTRY[kind]
    except KeyError:
        raise CanvasError(f"unknown canvas kind '{kind}'") from None
