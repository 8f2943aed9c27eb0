"""The contract every canvas kind fulfils, and the registry of kinds.

A canvas kind is pure logic: it checks a command before it is stored (``check``), applies a
stored event to a run's state (``apply``), shows its content in the shape of
:mod:`sprintkit.model.content` (``content``), and says how that content becomes part of the
phase result (``contribute``). Every kind, built-in or from a plugin, is registered through the
entry point group ``sprintkit.canvas_kinds`` (see :mod:`sprintkit.registry`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from .. import registry
from ..errors import SprintkitError
from ..i18n import t
from ..model import ResultSpec, WorkFormSpec
from ..model.state import RunState

__all__ = ["CanvasKind", "CanvasError", "canvas_kind"]


class CanvasError(SprintkitError, ValueError):
    """A canvas operation is not allowed (unknown note, vote over budget, own note...)."""


class CanvasKind:
    """Base class: subclasses set ``kind`` and ``events`` and implement the hooks."""

    kind: ClassVar[str]
    #: event kinds this canvas handles
    events: ClassVar[frozenset[str]]
    #: model of the content (``content()`` output) that demo input is checked against
    content_model: ClassVar[type | None] = None
    #: a plugin kind's model of the ``canvas:`` block of a work form (``kind: Literal[...]``);
    #: built-in kinds are validated by the union in :mod:`sprintkit.model.workform`
    settings: ClassVar[type | None] = None

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
        raise CanvasError(t("kind.no_demo_input", None, kind=self.kind))

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


def canvas_kind(kind: str) -> CanvasKind:
    """The logic of a canvas kind, built-in or from a plugin."""
    try:
        logic: CanvasKind = registry.canvas(kind)
    except KeyError:
        raise CanvasError(
            t("kind.unknown", None, kind=kind, known=", ".join(registry.canvas_kinds()))
        ) from None
    return logic
