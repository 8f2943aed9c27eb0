"""Method extensions: journey-wide ledgers of a method's own commands, folded like the rest.

A canvas kind keeps the state of one work form run. Some things a method tracks live across
phases instead: the KVU scores its success factors in every step, records a baseline in step 3
and the final measurement in step 7, and follows each measure from selection (step 4) through
its plan to its progress (step 6). An :class:`Extension` holds such a ledger. It

* names the event kinds it owns (``events``) and the methods it serves (``methods``);
* names its typed commands (``commands``: one :class:`~sprintkit.commands.Command` per event
  kind, ``Extension[ScoreGiven | ...]``), from which ``events`` follows; an extension without
  ``commands`` gets and stores plain payload dicts;
* fills in or resolves a command's payload from the journey before its shape is checked
  (``prepare``);
* checks a command before it is stored (``check``, with the journey: references, the state),
  and may return it completed (the stored payload is ``payload(command)``);
* applies a stored event to its part of the state, ``JourneyState.extensions[name]``
  (``apply``, pure and never raising for a dangling reference); it gets the command made from
  the stored payload *without* validation (``stored``), so old journeys refold as they were;
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

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..commands import CommandOwner

if TYPE_CHECKING:  # pragma: no cover
    from .gate import Gap
    from .view import JourneyView

__all__ = ["Extension"]


#: What an extension's ``check`` and ``apply`` get: a union of its :class:`Command` classes for a
#: typed extension, the plain payload dict for one without :attr:`Extension.commands`.
C = TypeVar("C")


class Extension(CommandOwner[C]):
    """Base class of a method extension; subclasses set the class variables and the hooks."""

    name: ClassVar[str]
    methods: ClassVar[frozenset[str]]

    def prepare(
        self, journey: JourneyView, kind: str, payload: dict[str, Any], phase: int
    ) -> dict[str, Any]:
        """The payload with what the journey gives filled in, before its shape is checked."""
        return payload

    def check(self, journey: JourneyView, kind: str, command: C, phase: int) -> C:
        """Raise :class:`SprintkitError` for a command that is not allowed; return it, completed."""
        return command

    def apply(
        self,
        data: dict[str, Any],
        kind: str,
        command: C,
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
