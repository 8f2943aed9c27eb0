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
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from .. import registry
from .._gc import paused_gc
from ..model.state import STAGES, JourneyState, RunState, SetAside, StageState
from ..store import Event
from .roster import ROSTER_EVENTS

__all__ = ["effective", "fold", "step", "CORE", "CORE_EVENTS"]

#: A core event's handler: the state after the event (the same object, or a fresh one).
Handler = Callable[[JourneyState, Event], JourneyState]


@paused_gc  # between read and fold: one collection after the fold instead of one before it
def effective(events: Sequence[Event]) -> list[Event]:
    """The events that count: without undo events and without what an effective undo cancels."""
    cancelled: set[str] = set()
    undos = 0
    for event in reversed(events):
        if event.kind == "undo":
            undos += 1
            if event.id not in cancelled:
                cancelled.add(event.payload["target"])
    if not undos:  # the common case: nothing to take out
        return list(events)
    return [e for e in events if e.kind != "undo" and e.id not in cancelled]


@paused_gc  # a refold makes thousands of commands and notes: see sprintkit._gc
def fold(events: Iterable[Event], state: JourneyState | None = None) -> JourneyState:
    """Apply ``events`` (already :func:`effective`) to ``state`` (or from nothing).

    The same as :func:`step` for each event, with what :func:`step` looks up per event (the
    state's runs, the owners) kept between events, and an event of a built-in canvas kind
    applied right here, as its :meth:`_Canvas.apply` would. The state's counters
    (``events``, ``last_seq``) are written before each core event (a handler may read them,
    or make a new state) and at the end: nothing else reads them during a fold.
    """
    owners = _Owners()  # one registry lookup per kind and fold, not per event
    canvases = owners.canvases
    runs: dict[str, RunState] = {} if state is None else state.runs
    counted, last = 0, None  # events since the counters were written, and the last of them
    for e in events:
        if state is None or e.kind in CORE:
            if counted:
                _count(state, counted, last)
                counted = 0
            state = step(state, e, owners)
            runs = state.runs
            continue
        counted, last = counted + 1, e
        run = runs.get(e.run)  # type: ignore[arg-type]  # (None is no key)
        if run is None:
            _not_on_a_run(state, e, owners)
            continue
        canvas = canvases.get(run.canvas) or owners.canvas(run.canvas)
        in_place = canvas.in_place.get(e.kind)
        if in_place is None:
            canvas.apply(state, run, e)
        else:  # a built-in kind's event, as _Canvas.apply would apply it
            make, apply = in_place
            apply(run, make(e.payload), e.author)
    if state is None:
        raise ValueError("no journey_started event")
    if counted:
        _count(state, counted, last)
    return state


def _count(state: JourneyState | None, counted: int, last: Event | None) -> None:
    if state is not None and last is not None:
        # both fields are set when the state is made: see step
        fields = vars(state)
        fields["last_seq"], fields["events"] = last.seq, fields["events"] + counted


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
        owners.canvas(run.canvas).apply(state, run, e)
    else:
        _not_on_a_run(state, e, owners)
    return state


def _not_on_a_run(state: JourneyState, e: Event, owners: _Owners) -> None:
    """An event of a method extension, or of a run that was undone (ignored)."""
    if (extension := owners.extension(e.kind)) is not None:
        _apply_extension(state, extension, e, owners.package(extension.name))
    elif e.run is None:
        # a command of a method extension that is no longer installed
        state.set_aside.append(SetAside(event=e.id, kind=e.kind, owner=e.kind, why="missing"))


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
#: How the fold applies one event kind of a built-in canvas kind: payload -> command, and the
#: kind's apply for that event kind (``CanvasKind.applier``).
_InPlace = tuple[Callable[[dict[str, Any]], Any], Callable[[RunState, Any, str | None], None]]


class _Canvas:
    """A canvas kind during one fold: its logic, and per event kind how a payload is made."""

    __slots__ = ("logic", "trusted", "package", "_makers", "in_place")

    def __init__(self, logic: Any, trusted: bool, package: str) -> None:
        self.logic = logic  # a CanvasKind (the engine does not import the canvas layer's classes)
        self.trusted = trusted  # built in: applied in place
        self.package = package
        #: event kind -> payload to command (``None``: not an event of this kind, ignored)
        self._makers: dict[str, Callable[[dict[str, Any]], Any] | None] = {}
        #: a built-in kind's event kinds met so far, which :func:`fold` applies itself
        self.in_place: dict[str, _InPlace] = {}

    def apply(self, state: JourneyState, run: RunState, e: Event) -> None:
        try:
            make = self._makers[e.kind]
        except KeyError:
            make = self._maker(e.kind)
        if make is None:
            return
        logic = self.logic
        if self.trusted:  # built in and hot: applied in place
            logic.apply(run, e.kind, make(e.payload), e.author)
            return

        def apply(copied: RunState) -> None:
            logic.apply(copied, e.kind, make(e.payload), e.author)

        _guarded(state, e, run.canvas, self.package, run, apply, lambda r: _replace_run(state, r))

    def _maker(self, event: str) -> Callable[[dict[str, Any]], Any] | None:
        make = self.logic.maker(event) if event in self.logic.events else None
        self._makers[event] = make
        if make is not None and self.trusted:
            self.in_place[event] = (make, self.logic.applier(event))
        return make


class _MissingCanvas:
    """A canvas kind that is not installed: its runs' events are set aside."""

    __slots__ = ()
    in_place: Mapping[str, _InPlace] = MappingProxyType({})

    def apply(self, state: JourneyState, run: RunState, e: Event) -> None:
        state.set_aside.append(
            SetAside(event=e.id, kind=e.kind, owner=run.canvas, package=run.package, why="missing")
        )


_MISSING = _MissingCanvas()


class _Owners:
    """The registry's answers during one fold (it cannot change half-way through a fold)."""

    __slots__ = ("canvases", "_extension", "_package")

    def __init__(self) -> None:
        #: canvas kind -> what applies its events (:meth:`canvas` fills it)
        self.canvases: dict[str, _Canvas | _MissingCanvas] = {}
        self._extension: dict[str, Any] = {}
        self._package: dict[str, str | None] = {}

    def canvas(self, kind: str) -> _Canvas | _MissingCanvas:
        try:
            return self.canvases[kind]
        except KeyError:
            plugin = registry.get("canvas_kinds", kind)
            found = (
                _MISSING if plugin is None else _Canvas(plugin.obj, plugin.builtin, plugin.package)
            )
            self.canvases[kind] = found
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
