"""The state of a journey: what folding its events gives. Plain, JSON-round-trippable models."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["NoteState", "RunState", "PhaseState", "JourneyState"]


class _State(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoteState(_State):
    """A note on a board (or an item on another canvas)."""

    id: str
    text: str
    author: str | None = None
    column: str | None = None
    cluster: str | None = None
    votes: list[str] = []
    personal: bool = False


class RunState(_State):
    """One run of a work form in a phase, with its canvas content."""

    id: str
    workform: str
    phase: int
    canvas: str
    revealed: bool = False
    tallies_revealed: bool = False
    shuffle_seed: int | None = None
    notes: dict[str, NoteState] = {}
    content: dict[str, Any] = {}
    planned_minutes: int | None = None
    actual_minutes: float | None = None


class PhaseState(_State):
    """A phase (sprint or step): its key factor notes, glijbaan, result and status."""

    number: int
    status: Literal["open", "closed"] = "open"
    key_factor_notes: dict[str, str] = {}
    glijbaan: dict[str, int] = {}
    result: dict[str, Any] = {}
    closed_result: dict[str, Any] | None = None
    closed_at: str | None = None
    times_reopened: int = 0


class JourneyState(_State):
    """Everything a journey holds, derived from its events."""

    journey: str
    casus: str
    method: str
    label: str | None = None
    started: str | None = None
    phases: dict[int, PhaseState] = {}
    runs: dict[str, RunState] = {}
    resets: int = 0
    last_seq: int = 0
    events: int = 0

    def phase(self, number: int) -> PhaseState:
        """The state of phase ``number`` (created empty on first use)."""
        if number not in self.phases:
            self.phases[number] = PhaseState(number=number)
        return self.phases[number]

    def runs_of(self, phase: int) -> list[RunState]:
        """The work form runs of one phase, in the order they started."""
        return [run for run in self.runs.values() if run.phase == phase]
