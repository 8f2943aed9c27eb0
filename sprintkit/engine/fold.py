"""Folding events into a :class:`JourneyState`: a pure function of the events.

Undo is a compensating event (``undo`` with the id of its target). :func:`effective` first drops
every event an effective undo cancels (an undone undo cancels nothing, so undo of undo redoes),
then :func:`fold` applies what is left in order. The same events always give the same state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..canvas import canvas_kind
from ..model.state import JourneyState, RunState
from ..store import Event
from .extension import extension_for_event

__all__ = ["effective", "fold", "step", "CORE_EVENTS"]

CORE_EVENTS = frozenset(
    {
        "journey_started",
        "journey_reset",
        "run_started",
        "run_timed",
        "key_factor_noted",
        "glijbaan_set",
        "result_field_set",
        "phase_closed",
        "phase_reopened",
        "undo",
    }
)


def effective(events: Sequence[Event]) -> list[Event]:
    """The events that count: without undo events and without what an effective undo cancels."""
    cancelled: set[str] = set()
    for event in reversed(events):
        if event.id in cancelled:
            continue
        if event.kind == "undo":
            cancelled.add(event.payload["target"])
    return [e for e in events if e.kind != "undo" and e.id not in cancelled]


def fold(events: Iterable[Event], state: JourneyState | None = None) -> JourneyState:
    """Apply ``events`` (already :func:`effective`) to ``state`` (or from nothing)."""
    for event in events:
        state = step(state, event)
    if state is None:
        raise ValueError("no journey_started event")
    return state


def step(state: JourneyState | None, e: Event) -> JourneyState:
    """Apply one event. Events referring to something undone are ignored, never fatal."""
    if e.kind == "journey_started":
        p = e.payload
        return JourneyState(
            journey=e.journey,
            casus=p["casus"],
            method=p["method"],
            label=p.get("label"),
            started=e.time,
            last_seq=e.seq,
            events=1,
        )
    if state is None:
        raise ValueError(f"event {e.id} ({e.kind}) comes before journey_started")
    state.last_seq, state.events = e.seq, state.events + 1
    p = e.payload
    if e.kind == "journey_reset":
        fresh = JourneyState(
            journey=state.journey,
            casus=state.casus,
            method=state.method,
            label=state.label,
            started=state.started,
            resets=state.resets + 1,
            last_seq=e.seq,
            events=state.events,
        )
        return fresh
    if e.kind == "run_started" and e.run and e.phase:
        state.runs[e.run] = RunState(
            id=e.run,
            workform=p["workform"],
            phase=e.phase,
            canvas=p["canvas"],
            planned_minutes=p.get("planned_minutes"),
        )
    elif e.kind == "run_timed" and e.run in state.runs:
        state.runs[e.run].actual_minutes = float(p["minutes"])
    elif e.kind == "key_factor_noted" and e.phase:
        notes = state.phase_to_update(e.phase).key_factor_notes
        if p.get("note"):
            notes[p["factor"]] = p["note"]
        else:
            notes.pop(p["factor"], None)
    elif e.kind == "glijbaan_set" and e.phase:
        state.phase_to_update(e.phase).glijbaan[p["actor"]] = int(p["position"])
    elif e.kind == "result_field_set" and e.phase:
        result = state.phase_to_update(e.phase).result
        if p.get("value") in (None, "", [], {}):
            result.pop(p["field"], None)
        else:
            result[p["field"]] = p["value"]
    elif e.kind == "phase_closed" and e.phase:
        phase = state.phase_to_update(e.phase)
        phase.status, phase.closed_result, phase.closed_at = "closed", p["result"], e.time
    elif e.kind == "phase_reopened" and e.phase:
        phase = state.phase_to_update(e.phase)
        phase.status, phase.times_reopened = "open", phase.times_reopened + 1
    elif e.run in state.runs:
        run = state.runs[e.run]
        logic = canvas_kind(run.canvas)
        if e.kind in logic.events:
            logic.apply(run, e.kind, p, e.author)
    elif (extension := extension_for_event(e.kind)) is not None:
        data = state.extensions.setdefault(extension.name, {})
        extension.apply(data, e.kind, p, e.phase, e.author, e.time)
    return state
