"""Method extensions: journey-wide ledgers of a method's own commands, folded like the rest.

A canvas kind keeps the state of one work form run. Some things a method tracks live across
phases instead: the KVU scores its success factors in every step, records a baseline in step 3
and the final measurement in step 7, and follows each measure from selection (step 4) through
its plan to its progress (step 6). An :class:`Extension` holds such a ledger. It

* names the event kinds it owns (``events``) and the methods it serves (``methods``);
* checks a command before it is stored (``check``, which may also normalise the payload);
* applies a stored event to its part of the state, ``JourneyState.extensions[name]``
  (``apply``, pure and never raising for a dangling reference);
* adds what it needs to the gate of a phase (``gaps``) and suggests result values
  (``contribute``).

The hooks that read (``check``, ``gaps``, ``contribute``) get a
:class:`~sprintkit.engine.view.JourneyView`: the casus, the method, the folded state and
``extension_state(name)``, never the store, so they can be run over a report's state as well.

Undo, reset, export and import need nothing extra: the events are ordinary journey events.
Every extension, the KVU's included, is registered through the entry point group
``sprintkit.extensions`` (see :mod:`sprintkit.registry`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # pragma: no cover
    from .gate import Gap
    from .view import JourneyView

__all__ = ["Extension"]


class Extension:
    """Base class of a method extension; subclasses set the class variables and the hooks."""

    name: ClassVar[str]
    methods: ClassVar[frozenset[str]]
    events: ClassVar[frozenset[str]]

    def check(
        self, journey: JourneyView, kind: str, payload: dict[str, Any], phase: int
    ) -> dict[str, Any]:
        """Raise :class:`SprintkitError` for a command that is not allowed; return the payload."""
        return payload

    def apply(
        self,
        data: dict[str, Any],
        kind: str,
        payload: dict[str, Any],
        phase: int | None,
        author: str | None,
        time: str,
    ) -> None:
        """Apply a stored event to this extension's state (``data``, a plain dict)."""
        raise NotImplementedError

    def gaps(self, journey: JourneyView, phase: int) -> list[Gap]:
        """What this extension still needs before ``phase`` may close."""
        return []

    def contribute(self, journey: JourneyView, phase: int) -> dict[str, Any]:
        """Suggested values for the result fields of ``phase``."""
        return {}
