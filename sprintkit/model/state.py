"""The state of a journey: what folding its events gives. Plain, JSON-round-trippable models."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "NoteState",
    "RunState",
    "PhaseState",
    "JourneyState",
    "SetAside",
    "PersonState",
    "StageState",
    "STAGES",
]


class _State(BaseModel):
    # Mutable defaults use default_factory: pydantic deep-copies plain [] / {} defaults on every
    # instance, which dominated replay time.
    model_config = ConfigDict(extra="forbid")


class NoteState(_State):
    """A note on a board (or an item on another canvas)."""

    id: str
    text: str
    author: str | None = None
    column: str | None = None
    cluster: str | None = None
    votes: list[str] = Field(default_factory=list)
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
    notes: dict[str, NoteState] = Field(default_factory=dict)
    content: dict[str, Any] = Field(default_factory=dict)
    planned_minutes: int | None = None
    actual_minutes: float | None = None
    #: the package that registered the canvas kind when the run started (for a later hint)
    package: str | None = None
    #: the run was filled from demo input in place of a session the group did not hold
    #: (a training skips phases this way); the cooperation of a training leaves it out
    stand_in: bool = False


class PhaseState(_State):
    """A phase (sprint or step): its key factor notes, glijbaan, result and status."""

    number: int
    status: Literal["open", "closed"] = "open"
    key_factor_notes: dict[str, str] = Field(default_factory=dict)
    glijbaan: dict[str, int] = Field(default_factory=dict)
    result: dict[str, Any] = Field(default_factory=dict)
    closed_result: dict[str, Any] | None = None
    closed_at: str | None = None
    times_reopened: int = 0


class SetAside(_State):
    """A stored event the fold could not apply: its kind's plugin is missing or failed on it."""

    event: str
    kind: str
    #: the canvas kind or method extension that should have applied it
    owner: str
    package: str | None = None
    #: ``missing`` (not installed) or ``failed`` (its apply raised)
    why: Literal["missing", "failed"]
    error: str | None = None


class PersonState(_State):
    """A person in the room: an entry of the journey's roster (presentielijst).

    ``organisation`` is a casus organisation id or free text; ``plays`` the casus actor the
    person plays (training). In a training, ``own_organisation`` is the person's real
    organisation (free text) and ``own_kind`` its kind (an ``OrganisationKind`` value): the
    cooperation report counts those. A removed person stays (``removed``) so history keeps
    its names.
    """

    id: str
    name: str
    organisation: str | None = None
    role: str | None = None
    plays: str | None = None
    own_organisation: str | None = None
    own_kind: str | None = None
    removed: bool = False

    @property
    def trainee(self) -> bool:
        """Whether the person came to a training from an own organisation (real, not casus)."""
        return bool(self.own_organisation or self.own_kind)


#: What the room is doing, as the facilitator set it: the faces for participants (phones) and the
#: projector follow it. ``join``: people join; ``capture``: silent capture in the open run;
#: ``reveal``: everyone sees the notes; ``vote``: dot voting is open; ``result``: the phase result.
STAGES = ("join", "capture", "reveal", "vote", "result")


class StageState(_State):
    """The stage the facilitator set for the room, and the work form run it is about."""

    stage: Literal["join", "capture", "reveal", "vote", "result"] = "join"
    run: str | None = None
    #: when the stage was set (ISO time), so a timer on the projector can count from it
    since: str | None = None


class JourneyState(_State):
    """Everything a journey holds, derived from its events."""

    journey: str
    casus: str
    method: str
    label: str | None = None
    started: str | None = None
    phases: dict[int, PhaseState] = Field(default_factory=dict)
    runs: dict[str, RunState] = Field(default_factory=dict)
    #: state of method extensions (e.g. the KVU ledger), by extension name
    extensions: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: the people in the room, by roster id (empty: authors are kept as they were typed)
    roster: dict[str, PersonState] = Field(default_factory=dict)
    #: what the room is doing (participants' phones and the projector follow it)
    stage: StageState = Field(default_factory=StageState)
    resets: int = 0
    last_seq: int = 0
    events: int = 0
    #: events the fold set aside (see :class:`SetAside`); a journey with a missing kind is
    #: read-only until the plugin is installed again
    set_aside: list[SetAside] = Field(default_factory=list)

    def phase(self, number: int) -> PhaseState:
        """The state of phase ``number`` (an empty one when nothing happened in it yet).

        Reading never changes the state; only folding events does (see :meth:`phase_to_update`).
        """
        return self.phases.get(number) or PhaseState(number=number)

    def phase_to_update(self, number: int) -> PhaseState:
        """The stored state of phase ``number``, created on first use (for the fold only)."""
        if number not in self.phases:
            self.phases[number] = PhaseState(number=number)
        return self.phases[number]

    def runs_of(self, phase: int) -> list[RunState]:
        """The work form runs of one phase, in the order they started."""
        return [run for run in self.runs.values() if run.phase == phase]
