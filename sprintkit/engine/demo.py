"""Trainer mode: play a casus' demo input for one phase into a journey and close it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import catalogue
from ..canvas.replay import operations
from ..errors import SprintkitError
from ..i18n import t

if TYPE_CHECKING:  # pragma: no cover
    from .journey import Journey

__all__ = ["play_demo"]


def play_demo(journey: Journey, phase: int, *, close: bool = True) -> dict[str, Any] | None:
    """Fill ``phase`` from the casus' demo input (runs, key factors, glijbaan, result).

    Every step goes through the same checked commands a facilitator uses, so demo data can
    never put the journey in a state a live session could not reach. Returns the closed result
    (or ``None`` when ``close`` is false).
    """
    demo = journey.casus.demo.get(phase)
    if demo is None:
        noun = journey.method.phase_noun.nl
        raise SprintkitError(
            t("journey.no_demo", None, casus=journey.casus.id, noun=noun, number=phase)
        )
    for run_input in demo.runs:
        minutes = catalogue.get(run_input.workform, journey.casus).duration_minutes.min
        run = journey.start_run(run_input.workform, phase, planned_minutes=minutes)
        kind = journey.run(run).canvas
        content = (
            {"notes": [n.model_dump() for n in run_input.notes]}
            if kind == "board"
            else run_input.content
        )
        for event, payload, author in operations(kind, content):
            journey.canvas_op(run, event, payload, author)
    for factor, note in demo.key_factor_notes.items():
        journey.note_key_factor(factor, note, phase)
    for actor, position in demo.glijbaan.items():
        journey.set_glijbaan(actor, position, phase)
    for command in demo.commands:
        journey.command(command.command, command.payload, phase=phase, author=command.author)
    for field, value in demo.result.items():
        journey.set_result(field, value, phase)
    return journey.close_phase(phase) if close else None
