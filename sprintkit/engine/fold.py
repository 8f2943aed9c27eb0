"""Folding events into a :class:`JourneyState`: a pure function of the events.

Undo is a compensating event (``undo`` with the id of its target). :func:`effective` first drops
every event an effective undo cancels (an undone undo cancels nothing, so undo of undo redoes),
then :func:`fold` applies what is left in order. The same events always give the same state.

Canvas kinds and method extensions come from plugins, so their code may be missing or wrong. The
fold never lets that lock a journey: an event whose kind is not installed, or whose ``apply``
raises, is *set aside* (``JourneyState.set_aside``, with the kind and its package) and the fold
goes on. A plugin's apply works on a copy, so a failure half-way leaves nothing half-applied.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .. import registry
from ..model.state import JourneyState, RunState, SetAside
from ..registry import extension_for_event
from ..store import Event

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
            package=p.get("package"),
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
        _apply_canvas(state, state.runs[e.run], e)
    elif (extension := extension_for_event(e.kind)) is not None:
        _apply_extension(state, extension, e)
    elif e.kind not in CORE_EVENTS and e.run is None:
        # a command of a method extension that is no longer installed
        state.set_aside.append(SetAside(event=e.id, kind=e.kind, owner=e.kind, why="missing"))
    return state


def _apply_extension(state: JourneyState, extension: Any, e: Event) -> None:
    data = state.extensions.setdefault(extension.name, {})
    package = registry.package_of("extensions", extension.name)
    if package == registry.BUILTIN_PACKAGE:  # trusted and hot: applied in place
        extension.apply(data, e.kind, e.payload, e.phase, e.author, e.time)
        return
    _guarded(
        state,
        e,
        extension.name,
        package,
        data,
        lambda d: extension.apply(d, e.kind, e.payload, e.phase, e.author, e.time),
        lambda d: state.extensions.__setitem__(extension.name, d),
    )


def _apply_canvas(state: JourneyState, run: RunState, e: Event) -> None:
    plugin = registry.get("canvas_kinds", run.canvas)
    if plugin is None:
        state.set_aside.append(
            SetAside(event=e.id, kind=e.kind, owner=run.canvas, package=run.package, why="missing")
        )
        return
    logic = plugin.obj
    if e.kind not in logic.events:
        return
    if plugin.builtin:  # trusted and hot: applied in place
        logic.apply(run, e.kind, e.payload, e.author)
        return

    def apply(copied: RunState) -> None:
        logic.apply(copied, e.kind, e.payload, e.author)

    _guarded(state, e, run.canvas, plugin.package, run, apply, lambda r: _replace_run(state, r))


def _replace_run(state: JourneyState, run: RunState) -> None:
    state.runs[run.id] = run


def _guarded(
    state: JourneyState,
    e: Event,
    owner: str,
    package: str | None,
    target: Any,
    apply: Callable[[Any], None],
    commit: Callable[[Any], None],
) -> None:
    """Apply to a copy of ``target``; keep the copy only when nothing was raised."""
    copied = copy.deepcopy(target)
    try:
        apply(copied)
    except Exception as exc:  # noqa: BLE001 - a plugin's bug must not lock the journey
        state.set_aside.append(
            SetAside(
                event=e.id,
                kind=e.kind,
                owner=owner,
                package=package,
                why="failed",
                error=f"{type(exc).__name__}: {exc}",
            )
        )
        return
    commit(copied)
