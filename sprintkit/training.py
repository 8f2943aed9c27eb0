"""The one-day training: trainees with their own organisations, skipped phases, the closing form.

A casus' ``training.yaml`` (:class:`~sprintkit.model.TrainingDay`) says which phases the day
holds itself, which it skips with the casus' demo input (their runs are marked ``stand_in``, so
the cooperation report of the training leaves them out) and which work form closes the day.
These functions are the steps of ``notebooks/trainingsdag.ipynb``; :func:`play_day` runs the
whole day headless from demo input (``make demo-training``): the invented trainees play casus
actors, so the demo notes of an actor count for the trainee who plays them.

Examples:
    >>> from sprintkit.store import SQLiteStore
    >>> from sprintkit.workspace import start_journey
    >>> journey = start_journey("molenwijk", store=SQLiteStore(":memory:"), label="training")
    >>> day = training_day(journey.casus)
    >>> len(add_trainees(journey, day)), len(add_trainees(journey, day))
    (8, 0)
    >>> journey.person("Nadia Boukhari").own_kind, journey.person("Nadia Boukhari").plays
    ('housing_corporation', 'erik_janssen')
"""

from __future__ import annotations

from .engine import Journey
from .engine.roster import normalise
from .errors import SprintkitError
from .i18n import Message
from .model import Casus, TrainingDay
from .workspace import play_demo, play_run

__all__ = [
    "training_day",
    "add_trainees",
    "skip_phases",
    "closing_run",
    "play_day",
    "in_training",
]


def training_day(casus: Casus) -> TrainingDay:
    """The casus' training day; refused in Dutch when the casus has none."""
    if casus.training is None:
        raise SprintkitError(Message("training.no_day", casus=casus.id))
    return casus.training


def in_training(journey: Journey) -> bool:
    """Whether anyone on the journey's roster came with an own organisation (a training)."""
    return any(p.trainee for p in journey.people())


def add_trainees(journey: Journey, day: TrainingDay) -> list[str]:
    """Put the day's (demo) trainees on the roster; returns the ids of those added.

    Someone already on the roster by name is left as they are, so the step can run again.
    """
    present = {normalise(p.name) for p in journey.people(removed=True)}
    added = []
    for trainee in day.trainees:
        if normalise(trainee.name) in present:
            continue
        added.append(
            journey.add_person(
                trainee.name,
                own_organisation=trainee.own_organisation,
                own_kind=trainee.own_kind.value,
                plays=trainee.plays,
            )
        )
    return added


def skip_phases(journey: Journey, day: TrainingDay) -> list[int]:
    """Fill the phases the day skips from the casus' demo input, as stand-ins; returns them.

    Only phases still open whose earlier phases are all closed are played (phases close in
    order), so the step is safe to run again and waits for the day's own earlier phases.
    """
    played = []
    for number in day.phases(stand_in=True):
        if journey.state.phase(number).status == "closed" or journey.earlier_open(number):
            continue
        play_demo(journey, number, stand_in=True)
        played.append(number)
    return played


def closing_run(journey: Journey, day: TrainingDay) -> str | None:
    """The run of the closing work form (started in its block's phase when missing).

    ``None`` when the day has no closing block, or its phase was closed before the run began.
    """
    block = day.closing_block()
    if block is None or block.workform is None:
        return None
    for run in journey.state.runs.values():
        if run.workform == block.workform:
            return run.id
    phase = block.phase or journey.current_phase
    if phase is None or journey.state.phase(phase).status == "closed":
        return None
    minutes = journey.workform(block.workform).duration_minutes.min
    return journey.start_run(block.workform, phase, planned_minutes=minutes)


def play_day(journey: Journey, day: TrainingDay) -> None:
    """The whole day headless: trainees, the day's phases from demo input, the closing form.

    The day's own phases are played from the casus' demo input as if the group did them (not
    stand-ins); the skipped ones as stand-ins; the closing work form gets the trainees' demo
    notes before its phase closes. Phases already closed are left as they are.
    """
    add_trainees(journey, day)
    block = day.closing_block()
    closing_phase = block.phase if block is not None else None
    for number in sorted(set(day.phases(stand_in=False)) | set(day.phases(stand_in=True))):
        if journey.state.phase(number).status == "closed":
            continue
        stand_in = number in day.phases(stand_in=True)
        play_demo(journey, number, close=number != closing_phase, stand_in=stand_in)
        if number == closing_phase:
            run = closing_run(journey, day)
            if run is not None and day.closing is not None and not journey.run(run).notes:
                play_run(journey, run, day.closing)
            journey.close_phase(number)
