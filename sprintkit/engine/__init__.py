"""The journey engine: a method played phase by phase over a casus, every input an event."""

from ..model.state import JourneyState, NoteState, PhaseState, RunState
from .fold import effective, fold
from .gate import Gap, GateRefused
from .journey import Journey, PhaseView

__all__ = [
    "Gap",
    "GateRefused",
    "Journey",
    "JourneyState",
    "NoteState",
    "PhaseState",
    "PhaseView",
    "RunState",
    "effective",
    "fold",
]
