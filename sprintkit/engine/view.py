"""``JourneyView``: what everything that only *reads* a journey may use.

Read models (the KVU's assessment, baseline, progress matrix and working group check), reports,
widgets, the CLI and the hooks of a method extension that judge a phase (``gaps``,
``contribute``) need a journey's casus, method and folded state, and one extension's part of that
state; never its store or its commands. :class:`JourneyView` says exactly that, as a
:class:`typing.Protocol` that :class:`~sprintkit.engine.Journey` satisfies as it is.
:class:`StateView` is the same four things without a live journey: a report over an imported or
hand-built state, for instance.

Examples:
    >>> from sprintkit.loading import load_casus, load_method
    >>> from sprintkit.model.state import JourneyState
    >>> state = JourneyState(journey="j", casus="nachtkwartier", method="kvu")
    >>> view = StateView(load_casus("nachtkwartier"), load_method("kvu"), state)
    >>> view.extension_state("kvu")
    {}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..model import Casus, Method
from ..model.state import JourneyState

__all__ = ["JourneyView", "StateView"]


class JourneyView(Protocol):
    """A read-only view of a journey: its casus, method, folded state and extension state."""

    @property
    def casus(self) -> Casus:
        """The casus the journey plays."""
        ...

    @property
    def method(self) -> Method:
        """The method the journey follows."""
        ...

    @property
    def state(self) -> JourneyState:
        """The folded state (phases, runs, extensions)."""
        ...

    def extension_state(self, name: str) -> dict[str, Any]:
        """The folded state of one method extension (empty when nothing was recorded)."""
        ...


@dataclass(frozen=True)
class StateView:
    """A :class:`JourneyView` over a casus, a method and a folded state, with no journey behind."""

    casus: Casus
    method: Method
    state: JourneyState

    def extension_state(self, name: str) -> dict[str, Any]:
        """The folded state of one method extension (empty when nothing was recorded)."""
        return self.state.extensions.get(name, {})
