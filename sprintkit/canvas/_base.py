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
from ..model.workform import register_canvas_settings

__all__ = ["CanvasKind", "CanvasError", "register_canvas_kind", "canvas_kind", "CANVAS_REGISTRY"]


class CanvasError(SprintkitError, ValueError):
    """A canvas operation is not allowed (unknown note, vote over budget, own note...)."""


class CanvasKind:
    """Base class: subclasses set ``kind`` and ``events`` and implement the hooks."""

    kind: ClassVar[str]
    #: event kinds this canvas handles
    events: ClassVar[frozenset[str]]
    #: model of the content (``content()`` output) that demo input is checked against
    content_model: ClassVar[type | None] = None

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

    def operations(self, content: dict[str, Any]) -> list[tuple[str, dict[str, Any], str | None]]:
        """The operations that build ``content`` on an empty canvas (demo input, round trips).

        Built-in kinds have theirs in :mod:`sprintkit.canvas.replay`; a plugin kind overrides
        this to support demo input.
        """
        raise CanvasError(f"canvas kind '{self.kind}' cannot be filled from demo input")

    def parties(self, run: RunState) -> dict[str, bool]:
        """People who took a stand on the canvas and whether they agreed (consent rounds)."""
        return {}

    def contribute(self, run: RunState, spec: WorkFormSpec, result: ResultSpec) -> dict[str, Any]:
        """Values for the result fields this work form ``feeds``."""
        items, parties = self.items(run, spec), self.parties(run)
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
            elif kind == "parties" and parties:
                out[key] = sorted(parties)
            elif kind == "approvals" and parties:
                out[key] = dict(sorted(parties.items()))
        return out


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


CANVAS_REGISTRY: dict[str, CanvasKind] = {}


def register_canvas_kind(logic: CanvasKind, settings: type | None = None) -> CanvasKind:
    """Register the logic of a canvas kind; a plugin kind also gives its settings model.

    ``settings`` is the pydantic model of the ``canvas:`` block in a work form file (with
    ``kind: Literal["<kind>"]``); work forms of that kind are validated against it.
    """
    if settings is not None:
        register_canvas_settings(logic.kind, settings)
    CANVAS_REGISTRY[logic.kind] = logic
    return logic


def canvas_kind(kind: str) -> CanvasKind:
    """The logic of a canvas kind."""
    from . import _builtin  # noqa: F401 - registers the built-in kinds

    try:
        return CANVAS_REGISTRY[kind]
    except KeyError:
        raise CanvasError(f"unknown canvas kind '{kind}'") from None
