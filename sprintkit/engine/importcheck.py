"""The checks of an import: every event replayed through the rules a live session uses.

:func:`check_import` walks an export's events in order, folding as it goes, and refuses the
first event a live journey could never have stored: an unknown kind, a phase the method does
not have, a run, note or undo target that does not exist (yet), a vote over budget or on one's
own note, a note on a closed phase, a second ``journey_started``. The refusal names the event by
position and id, in Dutch. Nothing here touches a store: :func:`~sprintkit.engine.exchange.
import_journey` stores the checked events in one transaction afterwards.

Without a method and work forms (a bare ``import_journey(data, store)``) the checks that need
them (phases, canvas rules, extension rules) are skipped; the shape, kinds and references are
still checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import registry
from ..canvas import canvas_kind
from ..errors import SprintkitError
from ..i18n import Message
from ..model import Casus, Method, Text, WorkFormSpec
from ..model.state import JourneyState
from ..registry import extension_for_event
from ..store import Event, NewEvent
from .fold import CORE_EVENTS, effective, fold, step
from .view import StateView

__all__ = ["check_import", "ImportRefused"]

#: Core events that belong to one phase.
_NEEDS_PHASE = frozenset(
    {
        "run_started",
        "phase_closed",
        "phase_reopened",
        "result_field_set",
        "key_factor_noted",
        "glijbaan_set",
    }
)
#: Events a live journey refuses on a closed phase.
_OPEN_PHASE = frozenset({"run_started", "result_field_set", "key_factor_noted", "phase_closed"})
_SHAPE: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "time": (str,),
    "journey": (str,),
    "kind": (str,),
    "payload": (dict,),
    "phase": (int, type(None)),
    "run": (str, type(None)),
    "author": (str, type(None)),
}


class ImportRefused(SprintkitError, ValueError):
    """An import was refused before anything was stored; the message names the event."""


class _Refuse(Exception):
    def __init__(self, why: Message | str):
        self.why = why


def check_import(
    data: dict[str, Any],
    *,
    casus: Casus | None = None,
    method: Method | None = None,
    workforms: Iterable[WorkFormSpec] = (),
) -> list[NewEvent]:
    """The export's events, checked, as events to store.

    Raises :class:`ImportRefused` at the first event a live journey would have refused.
    """
    journey = data.get("journey")
    if not isinstance(journey, str) or not journey.strip():
        raise ImportRefused(Message("import.bad_journey_id", journey=repr(journey)))
    raw = data.get("events")
    if not isinstance(raw, list) or not raw:
        raise ImportRefused(Message("import.no_events"))
    checker = _Checker(journey, casus, method, {w.slug: w for w in workforms})
    out = []
    for position, item in enumerate(raw, 1):
        try:
            out.append(checker.check(item))
        except _Refuse as refused:
            ident = item.get("id") if isinstance(item, dict) else None
            kind = item.get("kind") if isinstance(item, dict) else None
            raise ImportRefused(
                Message("import.refused", position=position, id=ident, kind=kind, why=refused.why)
            ) from None
    return out


class _Checker:
    """The state folded so far and what a live journey would check against it."""

    def __init__(
        self,
        journey: str,
        casus: Casus | None,
        method: Method | None,
        workforms: dict[str, WorkFormSpec],
    ):
        self.journey, self.casus, self.method, self.workforms = journey, casus, method, workforms
        self.events: list[Event] = []
        self.ids: set[str] = set()
        self.runs: dict[str, str] = {}  # run id -> canvas kind, as started (undo aside)
        self.state: JourneyState | None = None

    def check(self, item: Any) -> NewEvent:
        e = self._shape(item)
        if e.id in self.ids:
            raise _Refuse(Message("import.why.duplicate_id"))
        if not self.events and e.kind != "journey_started":
            raise _Refuse(Message("import.why.first"))
        self._references(e)
        self._rules(e)
        self.ids.add(e.id)
        self.events.append(e)
        if e.kind == "undo":
            self.state = fold(effective(self.events))
        else:
            self.state = step(self.state, e)
        return NewEvent(e.journey, e.kind, e.payload, e.phase, e.run, e.author, e.id, e.time)

    def _shape(self, item: Any) -> Event:
        if not isinstance(item, dict):
            raise _Refuse(Message("import.why.shape", field="(event)"))
        for key, types in _SHAPE.items():
            value = item.get(key)
            if not isinstance(value, types) or isinstance(value, bool):
                raise _Refuse(Message("import.why.shape", field=key))
        other = item["journey"]
        if other != self.journey:
            raise _Refuse(Message("import.why.other_journey", other=other, journey=self.journey))
        return Event(
            len(self.events) + 1,
            item["id"],
            item["time"],
            item["journey"],
            item["kind"],
            item["payload"],
            item["phase"],
            item["run"],
            item["author"],
        )

    def _references(self, e: Event) -> None:
        """Known kind, existing phase, started run, earlier undo target."""
        if e.kind == "journey_started":
            self._started(e)
        elif e.kind == "run_started":
            if e.run is None or e.run in self.runs:
                raise _Refuse(Message("import.why.run_twice", run=e.run))
            self.runs[e.run] = str(e.payload.get("canvas", ""))
        elif e.kind == "undo":
            target = e.payload.get("target")
            if target not in self.ids:
                raise _Refuse(Message("import.why.unknown_target", target=target))
        elif e.run is not None and e.kind not in CORE_EVENTS:
            if e.run not in self.runs:
                raise _Refuse(Message("import.why.unknown_run", run=e.run))
            plugin = registry.get("canvas_kinds", self.runs[e.run])
            if plugin is not None and e.kind not in plugin.obj.events:
                raise _Refuse(Message("import.why.unknown_kind"))
        elif e.kind not in CORE_EVENTS:
            extension = extension_for_event(e.kind)
            if extension is None or (self.method and self.method.id not in extension.methods):
                raise _Refuse(Message("import.why.unknown_kind"))
        if e.run is not None and e.kind in CORE_EVENTS and e.kind != "run_started":
            if e.run not in self.runs:
                raise _Refuse(Message("import.why.unknown_run", run=e.run))
        if e.kind in _NEEDS_PHASE and e.phase is None:
            raise _Refuse(Message("import.why.needs_phase"))
        if self.method is not None and e.phase is not None:
            if e.phase not in {p.number for p in self.method.phases}:
                raise _Refuse(
                    Message("import.why.unknown_phase", phase=e.phase, method=self.method.id)
                )

    def _started(self, e: Event) -> None:
        if self.events:
            raise _Refuse(Message("import.why.started_twice"))
        found_casus, found_method = e.payload.get("casus"), e.payload.get("method")
        if self.casus is not None and found_casus != self.casus.id:
            raise _Refuse(Message("import.why.other_casus", found=found_casus, casus=self.casus.id))
        if self.method is not None and found_method != self.method.id:
            raise _Refuse(
                Message("import.why.other_method", found=found_method, method=self.method.id)
            )

    def _rules(self, e: Event) -> None:
        """What a live journey checks before it stores the event, against the state so far."""
        state, method = self.state, self.method
        if state is None or method is None:
            return
        if e.kind in _OPEN_PHASE and e.phase is not None:
            self._open(state, e.phase)
        if e.kind == "run_started" and self.workforms:
            if e.payload.get("workform") not in self.workforms:
                raise _Refuse(
                    Message("import.why.unknown_workform", workform=e.payload.get("workform"))
                )
        elif e.kind == "result_field_set":
            keys = [f.key for f in method.phase(e.phase or 0).result.fields]
            if e.payload.get("field") not in keys:
                raise _Refuse(
                    Message(
                        "journey.no_result_field",
                        field=e.payload.get("field"),
                        fields=", ".join(keys),
                    )
                )
        elif e.kind not in CORE_EVENTS:
            try:
                self._live_check(state, e)
            except SprintkitError as exc:
                why = exc.message if isinstance(exc.message, Message) else str(exc)
                raise _Refuse(why) from None

    def _live_check(self, state: JourneyState, e: Event) -> None:
        if e.run is None:  # a method extension's command
            extension = extension_for_event(e.kind)
            method, casus = self.method, self.casus
            if extension is not None and casus and method and e.phase is not None:
                self._open(state, e.phase)
                extension.check(StateView(casus, method, state), e.kind, dict(e.payload), e.phase)
            return
        run = state.runs.get(e.run)
        if run is None:  # started, then undone: a live journey has no such run
            raise _Refuse(Message("import.why.unknown_run", run=e.run))
        plugin = registry.get("canvas_kinds", run.canvas)
        spec = self.workforms.get(run.workform)
        if plugin is None or spec is None:
            return  # not installed here: the fold sets it aside, as a live journey would
        self._open(state, run.phase)
        logic = canvas_kind(run.canvas)
        command = logic.command(e.kind, dict(e.payload))
        logic.check(run, e.kind, command, spec, e.author)

    def _open(self, state: JourneyState, phase: int) -> None:
        if state.phase(phase).status == "closed":
            assert self.method is not None
            noun = self.method.phase_noun  # capitalised in either language, worded when shown
            title = Text(nl=noun.nl.capitalize(), en=noun.get("en").capitalize())
            raise _Refuse(Message("journey.phase_closed", noun=title, number=phase))
