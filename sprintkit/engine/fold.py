"""Folding events into a :class:`JourneyState`: a pure function of the events.

Undo is a compensating event (``undo`` with the id of its target). :func:`effective` first drops
every event an effective undo cancels (an undone undo cancels nothing, so undo of undo redoes),
then :func:`fold` applies what is left in order. The same events always give the same state.

Canvas kinds and method extensions come from plugins, so their code may be missing or wrong. The
fold never lets that lock a journey: an event whose kind is not installed, or whose ``apply``
raises, is *set aside* (``JourneyState.set_aside``, with the kind and its package) and the fold
goes on. A plugin's apply works on a copy, so a failure half-way leaves nothing half-applied.

The fold is a dispatch, not an if-chain: a core event goes to its handler in :data:`CORE`
(which :data:`CORE_EVENTS` is made from), a canvas event to its run's kind (as the kind's typed
command, made from the stored payload *without* validation, so older journeys keep opening), and
any other event to the method extension that owns it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from .. import registry
from .._gc import paused_gc
from ..model.state import STAGES, JourneyState, RunState, SetAside, StageState
from ..store import Event
from .roster import ROSTER_EVENTS

__all__ = ["effective", "fold", "step", "CORE", "CORE_EVENTS"]

#: A core event's handler: the state after the event (the same object, or a fresh one).
Handler = Callable[[JourneyState, Event], JourneyState]


def effective(events: Sequence[Event]) -> list[Event]:
    """The events that count: without undo events and without what an effective undo cancels."""
    cancelled: set[str] = set()
    for event in reversed(events):
        if event.id in cancelled:
            continue
        if event.kind == "undo":
            cancelled.add(event.payload["target"])
    return [e for e in events if e.kind != "undo" and e.id not in cancelled]


@paused_gc  # a refold makes thousands of commands and notes: see sprintkit._gc
def fold(events: Iterable[Event], state: JourneyState | None = None) -> JourneyState:
    """Apply ``events`` (already :func:`effective`) to ``state`` (or from nothing)."""
    owners = _Owners()  # one registry lookup per kind and fold, not per event
    for event in events:
        state = step(state, event, owners)
    if state is None:
        raise ValueError("no journey_started event")
    return state


def step(state: JourneyState | None, e: Event, owners: _Owners | None = None) -> JourneyState:
    """Apply one event. Events referring to something undone are ignored, never fatal."""
    if e.kind == "journey_started":
        return _journey_started(state, e)
    if state is None:
        raise ValueError(f"event {e.id} ({e.kind}) comes before journey_started")
    # Hot path: both fields are set when the state is made, so writing them straight into the
    # model's __dict__ is what pydantic's __setattr__ would do, at a third of the cost.
    fields = vars(state)
    fields["last_seq"], fields["events"] = e.seq, fields["events"] + 1
    handler = CORE.get(e.kind)
    if handler is not None:
        return handler(state, e)
    owners = owners or _Owners()
    run = state.runs.get(e.run) if e.run is not None else None
    if run is not None:
        _apply_canvas(state, run, e, owners.canvas(run.canvas))
    elif (extension := owners.extension(e.kind)) is not None:
        _apply_extension(state, extension, e, owners.package(extension.name))
    elif e.run is None:
        # a command of a method extension that is no longer installed
        state.set_aside.append(SetAside(event=e.id, kind=e.kind, owner=e.kind, why="missing"))
    return state


# -- the core events ---------------------------------------------------------------------------
def _journey_started(state: JourneyState | None, e: Event) -> JourneyState:
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


def _journey_reset(state: JourneyState, e: Event) -> JourneyState:
    return JourneyState(
        journey=state.journey,
        casus=state.casus,
        method=state.method,
        label=state.label,
        started=state.started,
        roster=state.roster,  # the people in the room are still there after a reset
        resets=state.resets + 1,
        last_seq=e.seq,
        events=state.events,
    )


def _run_started(state: JourneyState, e: Event) -> JourneyState:
    if e.run and e.phase:
        p = e.payload
        state.runs[e.run] = RunState(
            id=e.run,
            workform=p["workform"],
            phase=e.phase,
            canvas=p["canvas"],
            planned_minutes=p.get("planned_minutes"),
            package=p.get("package"),
            stand_in=bool(p.get("stand_in")),
        )
    return state


def _run_timed(state: JourneyState, e: Event) -> JourneyState:
    if e.run in state.runs:
        state.runs[e.run].actual_minutes = float(e.payload["minutes"])
    return state


def _key_factor_noted(state: JourneyState, e: Event) -> JourneyState:
    if e.phase:
        p = e.payload
        notes = state.phase_to_update(e.phase).key_factor_notes
        if p.get("note"):
            notes[p["factor"]] = p["note"]
        else:
            notes.pop(p["factor"], None)
    return state


def _glijbaan_set(state: JourneyState, e: Event) -> JourneyState:
    if e.phase:
        p = e.payload
        glijbaan = state.phase_to_update(e.phase).glijbaan
        if "positions" in p:  # the casus' positions taken over in one command
            glijbaan.update({actor: int(at) for actor, at in p["positions"].items()})
        else:
            glijbaan[p["actor"]] = int(p["position"])
    return state


def _result_field_set(state: JourneyState, e: Event) -> JourneyState:
    if e.phase:
        p = e.payload
        result = state.phase_to_update(e.phase).result
        if p.get("value") in (None, "", [], {}):
            result.pop(p["field"], None)
        else:
            result[p["field"]] = p["value"]
    return state


def _phase_closed(state: JourneyState, e: Event) -> JourneyState:
    if e.phase:
        phase = state.phase_to_update(e.phase)
        phase.status, phase.closed_result, phase.closed_at = "closed", e.payload["result"], e.time
    return state


def _phase_reopened(state: JourneyState, e: Event) -> JourneyState:
    if e.phase:
        phase = state.phase_to_update(e.phase)
        phase.status, phase.times_reopened = "open", phase.times_reopened + 1
    return state


def _stage_set(state: JourneyState, e: Event) -> JourneyState:
    stage = e.payload.get("stage")
    if stage in STAGES:
        run = e.run if e.run in state.runs else None
        state.stage = StageState(stage=stage, run=run, since=e.time)
    return state


def _undo(state: JourneyState, e: Event) -> JourneyState:
    return state  # :func:`effective` has already taken out what an undo cancels


#: Every core event kind and its handler (canvas and extension events are dispatched by owner).
CORE: dict[str, Handler] = {
    "journey_started": _journey_started,
    "journey_reset": _journey_reset,
    "run_started": _run_started,
    "run_timed": _run_timed,
    "key_factor_noted": _key_factor_noted,
    "glijbaan_set": _glijbaan_set,
    "result_field_set": _result_field_set,
    "phase_closed": _phase_closed,
    "phase_reopened": _phase_reopened,
    "undo": _undo,
    "stage_set": _stage_set,
    # the roster (presentielijst): sprintkit/engine/roster.py
    "person_added": ROSTER_EVENTS["person_added"],
    "person_edited": ROSTER_EVENTS["person_edited"],
    "person_removed": ROSTER_EVENTS["person_removed"],
    # erasure (sprintkit/engine/erasure.py): the log of a rewrite, never its content
    "person_forgotten": ROSTER_EVENTS["person_forgotten"],
    "journey_expired": ROSTER_EVENTS["journey_expired"],
}

CORE_EVENTS = frozenset(CORE)


# -- canvas kinds and extensions ---------------------------------------------------------------
class _Canvas(NamedTuple):
    logic: Any  # a CanvasKind (the engine does not import the canvas layer's classes)
    trusted: bool  # built in: applied in place
    package: str


class _Owners:
    """The registry's answers during one fold (it cannot change half-way through a fold)."""

    __slots__ = ("_canvas", "_extension", "_package")

    def __init__(self) -> None:
        self._canvas: dict[str, _Canvas | None] = {}
        self._extension: dict[str, Any] = {}
        self._package: dict[str, str | None] = {}

    def canvas(self, kind: str) -> _Canvas | None:
        try:
            return self._canvas[kind]
        except KeyError:
            plugin = registry.get("canvas_kinds", kind)
            found = None if plugin is None else _Canvas(plugin.obj, plugin.builtin, plugin.package)
            self._canvas[kind] = found
            return found

    def extension(self, event: str) -> Any:
        try:
            return self._extension[event]
        except KeyError:
            found = self._extension[event] = registry.extension_for_event(event)
            return found

    def package(self, name: str) -> str | None:
        try:
            return self._package[name]
        except KeyError:
            found = self._package[name] = registry.package_of("extensions", name)
            return found


def _apply_extension(state: JourneyState, extension: Any, e: Event, package: str | None) -> None:
    data = state.extensions.setdefault(extension.name, {})
    if package == registry.BUILTIN_PACKAGE:  # trusted and hot: applied in place
        command = extension.stored(e.kind, e.payload)
        extension.apply(data, e.kind, command, e.phase, e.author, e.time)
        return
    _guarded(
        state,
        e,
        extension.name,
        package,
        data,
        lambda d: extension.apply(
            d, e.kind, extension.stored(e.kind, e.payload), e.phase, e.author, e.time
        ),
        lambda d: state.extensions.__setitem__(extension.name, d),
    )


def _apply_canvas(state: JourneyState, run: RunState, e: Event, owner: _Canvas | None) -> None:
    if owner is None:
        state.set_aside.append(
            SetAside(event=e.id, kind=e.kind, owner=run.canvas, package=run.package, why="missing")
        )
        return
    logic = owner.logic
    if e.kind not in logic.events:
        return
    if owner.trusted:  # built in and hot: applied in place
        logic.apply(run, e.kind, logic.stored(e.kind, e.payload), e.author)
        return

    def apply(copied: RunState) -> None:
        logic.apply(copied, e.kind, logic.stored(e.kind, e.payload), e.author)

    _guarded(state, e, run.canvas, owner.package, run, apply, lambda r: _replace_run(state, r))


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
