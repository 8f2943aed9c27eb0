"""What the room does now, with what that shows: the facilitator's stage buttons as one command.

:meth:`Journey.set_stage <sprintkit.engine.journey.Journey.set_stage>` only says what happens
(phones and the projector follow it). Revealing also has to *show* something on the canvas: the
notes of a kind that hides them while people write (the board's ``notes_revealed``), or the
vote counts (``tallies_revealed``, shown without changing the stage). :func:`move_room` stores
both in one transaction, so the phones and the canvas never disagree, whichever face asked:
the facilitator's panel, a benchmark, a test. The kind is asked which events it knows, so this
module names no kind.

Examples:
    >>> from sprintkit.store import SQLiteStore
    >>> from sprintkit.workspace import start_journey
    >>> journey = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    >>> run = journey.start_run("praktijksafari")
    >>> move_room(journey, "capture", run)
    >>> move_room(journey, "reveal", run)
    >>> journey.state.stage.stage, journey.run(run).revealed
    ('reveal', True)
    >>> move_room(journey, "vote")
    Traceback (most recent call last):
    sprintkit.errors.SprintkitError: 'stemmen' gaat over een werkvorm: kies eerst welke
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import registry
from ..errors import SprintkitError
from ..i18n import Message
from ..model.state import STAGES

if TYPE_CHECKING:
    from .journey import Journey

__all__ = ["ROOM_STAGES", "move_room"]

#: the stages a room can be moved to: the journey's own, and "tallies" (the vote counts shown
#: during voting; the stage stays what it was)
ROOM_STAGES = (*STAGES, "tallies")

#: a stage -> the canvas event it also stores, and the run's flag that says it was stored
_SHOWS = {
    "reveal": ("notes_revealed", "revealed"),
    "tallies": ("tallies_revealed", "tallies_revealed"),
}


def move_room(journey: Journey, stage: str, run: str | None = None) -> None:
    """Move the room to ``stage`` for ``run``, with what that stage shows, in one transaction.

    ``reveal`` also reveals the run's notes when its kind hides them, ``tallies`` shows the vote
    counts and leaves the stage as it is; ``join`` is about no run. An event the run had already
    is not stored again. Refused with a worded message for an unknown stage or a missing run.
    """
    if stage not in ROOM_STAGES:
        known = ", ".join(ROOM_STAGES)
        raise SprintkitError(Message("stage.unknown", stage=stage, stages=known))
    with journey.transaction():
        shown = _SHOWS.get(stage)
        if shown is not None:
            if run is None:
                raise SprintkitError(
                    Message("stage.needs_run", stage=Message(f"stage.name.{stage}"))
                )
            event, done = shown
            state = journey.run(run)
            if event in registry.canvas(state.canvas).events and not getattr(state, done, False):
                journey.canvas_op(run, event, {})
        if stage != "tallies":
            journey.set_stage(stage, run if stage != "join" else None)
