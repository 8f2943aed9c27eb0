"""A journey: one group playing a method over a casus, phase by phase.

Every command is checked first, then appended to the store (durable), then applied to the
in-memory state, so what the facilitator sees is always what is stored. Nothing is ever deleted:
undo, reopening a phase and reset are events too.

Several writers (two notebooks, a notebook and the CLI) may share one journey. Every command
runs inside :meth:`Journey.transaction`: the store's write lock is taken, the events the others
appended since this journey last looked are applied, and only then is the command checked and
appended, so a vote budget, a closed phase or a missing note is judged against the latest state
and two writers can never both pass a check only one may pass. :meth:`Journey.refresh` applies
the others' events without writing (for widgets that poll ``store.last_seq``).

A journey is made from loaded objects (casus, method, work forms, store); finding and loading
files, opening stores and playing demo input is :mod:`sprintkit.workspace`'s job.

The engine names no canvas kind: a kind's commands go through :meth:`Journey.canvas_op` (or
:meth:`Journey.item` for one that creates an item); the board's vocabulary as functions is
``sprintkit.kinds.board.actions`` (``add_note``, ``vote``, ``reveal``...).

Examples:
    >>> from sprintkit.store import SQLiteStore
    >>> from sprintkit.workspace import start_journey
    >>> j = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    >>> run = j.start_run("onderzoek-socrates")
    >>> note = j.item(run, "note_added", "ria_brouwer", text="Bewoners melden niets meer")
    >>> j.state.runs[run].notes[note].text
    'Bewoners melden niets meer'
    >>> j.current_phase
    1
"""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .. import registry
from ..canvas import CanvasError, Command, canvas_kind
from ..errors import NotFoundError, SprintkitError
from ..i18n import Message, t
from ..model import (
    Casus,
    Intervention,
    KeyFactor,
    Method,
    Phase,
    ResultField,
    Text,
    WorkFormSpec,
)
from ..model.state import STAGES, JourneyState, RunState, SetAside
from ..registry import extension_for_event, extensions_for_method
from ..store import Event, EventStore, NewEvent, Transaction
from ._atomic import atomic
from .erasure import ERASURE_EVENTS, ErasureCommands
from .fold import CORE_EVENTS, effective, fold, step
from .gate import Gap, GateRefused, PhaseNumbers, describe_gaps, fit_gap, gaps, order_gap
from .roster import RosterCommands

__all__ = ["Journey", "PhaseView"]


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class PhaseView:
    """What a facilitator needs to see about one phase.

    ``earlier_open`` lists the earlier phases still open (this phase cannot close before
    them); ``stale`` says this phase was closed before an earlier phase was reopened, so its
    result may be out of date. ``warnings`` words both for the sprint header.
    """

    phase: Phase
    status: str
    prompts: list[tuple[KeyFactor, Text]]
    inputs: dict[int, dict[str, Any]]
    workforms: list[WorkFormSpec]
    earlier_open: tuple[int, ...] = ()
    stale: bool = False
    warnings: tuple[Message, ...] = ()


class Journey(RosterCommands, ErasureCommands):
    """A journey of one group through a method over one casus.

    The roster commands (``add_person``, ``person``, ...) are :class:`~.roster.RosterCommands`;
    ``forget`` and ``expire`` (erasure) are :class:`~.erasure.ErasureCommands`.
    """

    def __init__(
        self,
        casus: Casus,
        method: Method,
        workforms: Iterable[WorkFormSpec],
        store: EventStore,
        journey_id: str,
    ):
        """Open journey ``journey_id`` in ``store``, with the work forms available to the casus.

        ``workforms`` come in the order the facilitator sees them (the catalogue's order).
        """
        self.casus, self.method, self.store, self.id = casus, method, store, journey_id
        self._workforms = {spec.slug: spec for spec in workforms}
        self._events: list[Event] = []
        self._state: JourneyState | None = None
        self._load()

    @classmethod
    def create(
        cls,
        casus: Casus,
        method: Method,
        workforms: Iterable[WorkFormSpec],
        store: EventStore,
        *,
        label: str | None = None,
        journey_id: str | None = None,
    ) -> Journey:
        """Start a new journey in ``store``; two journeys of one casus have different ids."""
        journey_id = journey_id or _new_id()
        store.append(
            NewEvent(
                journey=journey_id,
                kind="journey_started",
                payload={"casus": casus.id, "method": method.id, "label": label},
            )
        )
        return cls(casus, method, workforms, store, journey_id)

    @staticmethod
    def ids(store: EventStore, casus_id: str | None = None) -> list[str]:
        """Journey ids in a store (of one casus when given), oldest first."""
        out = []
        for journey_id in store.journeys():
            first = store.read(journey_id, limit=1)
            if first and first[0].kind == "journey_started":
                if casus_id is None or first[0].payload.get("casus") == casus_id:
                    out.append(journey_id)
        return out

    # -- state --------------------------------------------------------------------------------
    def _load(self) -> None:
        self._tx: Transaction | None = None
        self._events = self.store.read(self.id)
        if not self._events:
            raise NotFoundError(Message("journey.no_events", journey=self.id))
        self._seq = self._events[-1].seq
        self._refold()

    def _refold(self) -> None:
        self._state = fold(effective(self._events))

    def _apply(self, event: Event) -> None:
        self._events.append(event)
        self._seq = event.seq
        if event.kind == "undo":
            self._refold()
        else:
            self._state = step(self._state, event)

    def _catch_up(self, new: list[Event]) -> None:
        """Apply events other writers appended (one refold when one of them is an undo)."""
        if not new:
            return
        if any(e.kind in ERASURE_EVENTS for e in new):
            self._load()  # someone forgot a person: the events before changed, read them all
            return
        self._events.extend(new)
        self._seq = new[-1].seq
        if any(e.kind == "undo" for e in new):
            self._refold()  # an undo may cancel an event this journey had applied
        else:
            self._state = fold(new, self._state)  # one registry lookup per kind, not per event

    def refresh(self) -> list[Event]:
        """Read and apply what other writers appended since this journey last looked.

        Returns the new events (empty when nothing changed), so a widget knows whether to
        re-render. Cheap enough to poll; ``store.last_seq(journey.id)`` is cheaper still.
        """
        if self._tx is not None:
            return []  # inside a command the transaction has already caught up
        new = self.store.read(self.id, since=self._seq)
        self._catch_up(new)
        return new

    @property
    def last_seq(self) -> int:
        """The store sequence number of the newest event this journey has applied."""
        return self._seq

    @contextmanager
    def transaction(self) -> Iterator[list[Event]]:
        """Hold the journey's write lock: catch up, then check and append, all or nothing.

        Yields the events other writers appended since this journey last looked (already
        applied). Every command runs inside one; nested commands (``add_intervention``
        calling ``set_result``) share the outer one. When the block raises, nothing it appended
        is stored or kept in memory; the others' events stay applied. A plugin that set a new
        event aside is reported after the event is committed.
        """
        if self._tx is not None:
            yield []
            return
        mark: int | None = None
        stored_error: _SetAsideError | None = None
        try:
            with self.store.transaction(self.id, self._seq) as tx:
                self._tx = tx
                self._catch_up(tx.new)
                mark = len(self._events)
                try:
                    yield tx.new
                except _SetAsideError as exc:  # stored: commit, then tell
                    stored_error = exc
        except BaseException:
            if mark is not None and len(self._events) > mark:
                del self._events[mark:]  # rolled back: forget what this block applied
                self._seq = self._events[-1].seq
                self._refold()
            raise
        finally:
            self._tx = None
        if stored_error is not None:
            raise stored_error

    @property
    def state(self) -> JourneyState:
        """The folded state (always equal to folding every stored event)."""
        assert self._state is not None
        return self._state

    @property
    def events(self) -> list[Event]:
        """Every stored event of this journey, undo events included."""
        return list(self._events)

    def emit(
        self,
        kind: str,
        payload: dict[str, Any] | None = None,
        *,
        phase: int | None = None,
        run: str | None = None,
        author: str | None = None,
    ) -> Event:
        """Append one event durably, then apply it. The low-level path of every command.

        Refused while the journey is read-only (a canvas kind or extension it uses is not
        installed); raises after storing when a plugin set the new event aside.
        """
        with self.transaction():
            if self.read_only:
                raise SprintkitError(Message("journey.read_only", why=self.problems()[0]))
            if kind not in CORE_EVENTS and run is None and extension_for_event(kind) is None:
                raise SprintkitError(Message("journey.unknown_command", command=kind, known="-"))
            assert self._tx is not None
            event = self._tx.append(
                NewEvent(
                    journey=self.id,
                    kind=kind,
                    payload=payload or {},
                    phase=phase,
                    run=run,
                    author=author,
                )
            )
            self._apply(event)
            failed = [s for s in self.state.set_aside if s.event == event.id]
            if failed:
                raise _SetAsideError(_describe(failed[0], 1))
        return event

    def problems(self, lang: str | None = None) -> list[str]:
        """What keeps part of this journey from being shown: events set aside, per kind."""
        by_owner: dict[tuple[str, str], list[SetAside]] = {}
        for item in self.state.set_aside:
            by_owner.setdefault((item.why, item.owner), []).append(item)
        return [_describe(items[-1], len(items), lang) for items in by_owner.values()]

    @property
    def read_only(self) -> bool:
        """Whether a canvas kind or extension the journey uses is missing (nothing can be added)."""
        return any(s.why == "missing" for s in self.state.set_aside)

    # -- phases -------------------------------------------------------------------------------
    @property
    def current_phase(self) -> int | None:
        """The first phase that is not closed (``None`` when all are)."""
        for phase in self.method.phases:
            if self.state.phase(phase.number).status != "closed":
                return phase.number
        return None

    def _phase(self, phase: int | None) -> int:
        number = phase if phase is not None else self.current_phase
        if number is None:
            raise SprintkitError(Message("journey.complete", noun=self.method.phase_noun_plural))
        self.method.phase(number)  # raises for an unknown phase
        return number

    def _open_phase(self, phase: int | None) -> int:
        number = self._phase(phase)
        if self.state.phase(number).status == "closed":
            noun = self.method.phase_noun
            capital = Text(nl=noun.nl.capitalize(), en=noun.get("en").capitalize())
            raise SprintkitError(Message("journey.phase_closed", noun=capital, number=number))
        return number

    def view(self, phase: int | None = None) -> PhaseView:
        """Goal, guiding questions, key factor prompts and the earlier results this phase uses."""
        number = self._phase(phase)
        spec = self.method.phase(number)
        prompts = [(f, f.prompts[number]) for f in self.method.key_factors if number in f.prompts]
        earlier = tuple(self.earlier_open(number))
        stale = number in self.stale_phases()
        warnings = []
        if earlier:
            warnings.append(self.phases_message("order.earlier_open", earlier))
        if stale:
            warnings.append(self.phases_message("order.stale", (number,)))
        return PhaseView(
            spec,
            self.state.phase(number).status,
            prompts,
            self.inputs(number),
            self.workforms(number),
            earlier,
            stale,
            tuple(warnings),
        )

    def phases_message(self, key: str, numbers: tuple[int, ...] | list[int]) -> Message:
        """A message about some phases ("sprints 1 en 2"), with the method's nouns and plurals."""
        return Message(
            key,
            noun=self.method.phase_noun,
            nouns=self.method.phase_noun_plural,
            numbers=PhaseNumbers(tuple(numbers)),
            count=len(numbers),
        )

    def earlier_open(self, phase: int) -> list[int]:
        """The phases before ``phase`` that are not closed (their results are its input)."""
        return [
            p.number
            for p in self.method.phases
            if p.number < phase and self.state.phase(p.number).status != "closed"
        ]

    def stale_phases(self) -> list[int]:
        """Closed phases whose result may be out of date: closed before an earlier phase reopened.

        A phase stays marked until it is itself reopened and closed again after that reopening.
        Derived from the events that count, so an undone reopen marks nothing.
        """
        closed_at: dict[int, int] = {}
        reopened_at: dict[int, int] = {}
        for event in effective(self._events):
            if event.kind == "journey_reset":
                closed_at, reopened_at = {}, {}
            elif event.kind == "phase_closed" and event.phase:
                closed_at[event.phase] = event.seq
            elif event.kind == "phase_reopened" and event.phase:
                reopened_at[event.phase] = event.seq
        return [
            number
            for number, seq in sorted(closed_at.items())
            if self.state.phase(number).status == "closed"
            and any(q < number and at > seq for q, at in reopened_at.items())
        ]

    def inputs(self, phase: int) -> dict[int, dict[str, Any]]:
        """The closed results of the earlier phases this phase consumes."""
        out = {}
        for number in self.method.phase(phase).consumes:
            result = self.state.phase(number).closed_result
            if result is not None:
                out[number] = result
        return out

    def workforms(self, phase: int) -> list[WorkFormSpec]:
        """The suggested work forms of a phase, then the other ones that fit it."""
        available = self._workforms
        suggested = [available[s] for s in self.method.phase(phase).workforms if s in available]
        rest = [w for w in available.values() if phase in w.phases and w not in suggested]
        return suggested + rest

    def available_workforms(self) -> list[WorkFormSpec]:
        """Every work form this journey can use (registered ones and the casus' own)."""
        return list(self._workforms.values())

    def workform(self, slug: str) -> WorkFormSpec:
        """One of the work forms available in this journey; unknown slugs get a suggestion."""
        try:
            return self._workforms[slug]
        except KeyError:
            close = difflib.get_close_matches(slug, list(self._workforms), n=2, cutoff=0.5)
            hint = Message("journey.did_you_mean", names=" / ".join(close)) if close else ""
            raise NotFoundError(Message("journey.unknown_workform", slug=slug, hint=hint)) from None

    # -- runs and canvases ---------------------------------------------------------------------
    @atomic
    def start_run(
        self,
        slug: str,
        phase: int | None = None,
        planned_minutes: int | None = None,
        *,
        stand_in: bool = False,
    ) -> str:
        """Start a run of a work form in a phase; returns the run id.

        ``stand_in`` marks a run filled from demo input in place of a session the group did
        not hold (:func:`sprintkit.workspace.play_demo`).
        """
        number = self._open_phase(phase)
        spec = self.workform(slug)
        if number not in spec.phases:
            phases = ", ".join(map(str, spec.phases))
            noun = self.method.phase_noun
            raise SprintkitError(
                Message(
                    "journey.workform_phase", slug=slug, noun=noun, phases=phases, number=number
                )
            )
        run = _new_id()
        kind = spec.canvas.kind
        self.emit(
            "run_started",
            {
                "workform": slug,
                "canvas": kind,
                "planned_minutes": planned_minutes,
                "package": registry.package_of("canvas_kinds", kind),
                **({"stand_in": True} if stand_in else {}),
            },
            phase=number,
            run=run,
        )
        return run

    def run(self, run_id: str) -> RunState:
        """The state of a run."""
        try:
            return self.state.runs[run_id]
        except KeyError:
            raise CanvasError(Message("journey.no_run", run=run_id)) from None

    def spec(self, run_id: str) -> WorkFormSpec:
        """The work form of a run."""
        return self.workform(self.run(run_id).workform)

    @atomic
    def canvas_op(
        self, run_id: str, kind: str, payload: dict[str, Any], author: str | None = None
    ) -> Event:
        """Check a canvas operation with the canvas' own rules, then store and apply it.

        The payload is first made into the kind's typed command (a wrong shape is refused in
        Dutch, like every other refusal); what is stored is the command's payload.
        """
        run = self.run(run_id)
        self._open_phase(run.phase)
        logic = canvas_kind(run.canvas)
        if kind not in logic.events:
            raise CanvasError(Message("journey.no_operation", kind=run.canvas, operation=kind))
        spec = self.spec(run_id)
        who = self._who(author)  # a name or id -> the roster id, before the kind's checks
        author = who.id
        payload = logic.prepare(kind, dict(payload), spec.canvas, author)
        command = logic.command(kind, payload)
        try:
            logic.check(run, kind, command, spec, author)
        except CanvasError as exc:
            raise self._named(exc, author) from None
        stored = logic.payload(command)
        self._cast(who)
        return self.emit(kind, stored, phase=run.phase, run=run_id, author=author)

    @atomic
    def canvas_command(self, run_id: str, command: Command, author: str | None = None) -> Event:
        """Check a typed canvas command (``ItemPlaced(text=..., x=..., y=...)``), store, apply.

        The same path as :meth:`canvas_op`; the command must be one of the run's kind.
        """
        logic = canvas_kind(self.run(run_id).canvas)
        if logic.command_types.get(command.kind) is not type(command):
            raise CanvasError(
                Message("journey.no_operation", kind=logic.kind, operation=command.kind)
            )
        return self.canvas_op(run_id, command.kind, command.payload(), author)

    @atomic
    def item(self, run: str, kind: str, author: str | None = None, **payload: Any) -> str:
        """A canvas operation that creates an item (field note, step, matrix item, objection).

        The id of the new item is generated and returned.
        """
        creates = canvas_kind(self.run(run).canvas).creates
        if kind not in creates:
            raise CanvasError(Message("journey.not_an_item", operation=kind))
        item = payload[creates[kind]] = _new_id()
        self.canvas_op(run, kind, payload, author)
        return item

    @atomic
    def time_run(self, run: str, minutes: float) -> None:
        """Record how long a work form actually took."""
        self.emit("run_timed", {"minutes": minutes}, phase=self.run(run).phase, run=run)

    # -- method extensions ------------------------------------------------------------------------
    @atomic
    def command(
        self,
        kind: str,
        payload: dict[str, Any] | None = None,
        *,
        phase: int | None = None,
        author: str | None = None,
    ) -> Event:
        """Run a command of a method extension (e.g. ``success_factor_scored`` of the KVU).

        The extension fills in the payload (``prepare``), makes it into its typed command (a
        wrong shape is refused in Dutch) and checks it against the journey; the command's payload
        is then stored in the open ``phase`` (default: the current one) and applied.
        """
        extension = extension_for_event(kind)
        if extension is None or self.method.id not in extension.methods:
            known = sorted(k for e in extensions_for_method(self.method.id) for k in e.events)
            raise SprintkitError(
                Message("journey.unknown_command", command=kind, known=", ".join(known) or "-")
            )
        number = self._open_phase(phase)
        who = self._who(author)
        prepared = extension.prepare(self, kind, dict(payload or {}), number)
        checked = extension.check(self, kind, extension.command(kind, prepared), number)
        self._cast(who)
        return self.emit(kind, extension.payload(checked), phase=number, author=who.id)

    def extension_state(self, name: str) -> dict[str, Any]:
        """The folded state of one method extension (empty when nothing was recorded)."""
        return self.state.extensions.get(name, {})

    # -- key factors, glijbaan, result ----------------------------------------------------------
    @atomic
    def note_key_factor(
        self, factor: str, note: str, phase: int | None = None, *, author: str | None = None
    ) -> None:
        """Record what was seen about one key factor in this phase (``author``: who noted it)."""
        keys = {f.key for f in self.method.key_factors}
        if factor not in keys:
            known = ", ".join(sorted(keys))
            raise SprintkitError(Message("journey.unknown_key_factor", factor=factor, known=known))
        number, who = self._open_phase(phase), self._who(author)
        self._cast(who)
        self.emit("key_factor_noted", {"factor": factor, "note": note}, phase=number, author=who.id)

    @atomic
    def adopt_casus_glijbaan(self, phase: int | None = None) -> dict[str, int]:
        """Take the casus' glijbaan positions for this phase over, as one stored command.

        Positions already chosen in this phase stay; returns the positions stored (one
        ``glijbaan_set`` event with every position, so one undo takes them all back).
        """
        number = self._open_phase(phase)
        chosen = self.state.phase(number).glijbaan
        positions = {
            a.id: a.glijbaan[number]
            for a in self.casus.actors
            if number in a.glijbaan and a.id not in chosen
        }
        if not positions:
            noun = self.method.phase_noun
            raise SprintkitError(Message("order.glijbaan_none", noun=noun, number=number))
        self.emit("glijbaan_set", {"positions": positions}, phase=number)
        return positions

    @atomic
    def set_glijbaan(self, actor: str, position: int, phase: int | None = None) -> None:
        """Place an actor on the glijbaan (1 top .. 3 bottom) in this phase."""
        try:
            self.casus.actor(actor)
        except KeyError:
            raise SprintkitError(Message("journey.unknown_actor", actor=actor)) from None
        if position not in (1, 2, 3):
            raise SprintkitError(Message("journey.bad_glijbaan"))
        self.emit("glijbaan_set", {"actor": actor, "position": position}, phase=self._phase(phase))

    @atomic
    def set_result(self, field: str, value: Any, phase: int | None = None) -> None:
        """Fill one field of the phase result (checked against its kind)."""
        number = self._open_phase(phase)
        spec = self.method.phase(number).result
        try:
            spec_field = spec.field(field)
        except KeyError:
            keys = ", ".join(f.key for f in spec.fields)
            raise SprintkitError(
                Message("journey.no_result_field", field=field, fields=keys)
            ) from None
        value = _check_value(spec_field, self._roster_value(spec_field, value), self.casus)
        self.emit("result_field_set", {"field": field, "value": value}, phase=number)

    def _roster_value(self, field: ResultField, value: Any) -> Any:
        """The people in an approvals field as roster ids (casus parties stay as they are)."""
        if field.kind == "approvals" and isinstance(value, dict):
            ids = self._party_ids(k for k in value if isinstance(k, str))
            return {ids.get(k, k): v for k, v in value.items()}
        return value

    @atomic
    def add_intervention(
        self,
        field: str,
        name: str,
        environment: str,
        owner: str | None = None,
        phase: int | None = None,
    ) -> str:
        """Add an idea (an intervention placed in an environment) to an interventions field.

        Returns the new intervention's id.
        """
        number = self._open_phase(phase)
        current = list(self.state.phase(number).result.get(field, []))
        ident = f"idee_{_new_id()}"
        current.append(
            {
                "id": ident,
                "name": {"nl": name},
                "environment": environment,
                "status": "idea",
                "owner": owner,
            }
        )
        self.set_result(field, current, number)
        return ident

    def suggested_result(self, phase: int | None = None) -> dict[str, Any]:
        """What the runs of this phase contribute to its result, per field."""
        number = self._phase(phase)
        spec = self.method.phase(number).result
        merged: dict[str, Any] = {}
        contributions = [
            canvas_kind(run.canvas).contribute(run, self.spec(run.id), spec)
            for run in self.state.runs_of(number)
        ]
        contributions += [e.contribute(self, number) for e in extensions_for_method(self.method.id)]
        for contribution in contributions:
            for key, value in contribution.items():
                merged[key] = _merge(merged.get(key), value)
        return merged

    def draft_result(self, phase: int | None = None) -> dict[str, Any]:
        """A draft for each *empty* result field from the runs of this phase; never stored.

        The facilitator sees the draft in the result form, edits it and stores each field with
        its own "Opslaan" (:meth:`set_result`). Personal notes are never in it, a list field
        gets items, a text field one line per item to rewrite, and ``interventions`` fields are
        left to the facilitator.
        """
        number = self._phase(phase)
        current = self.state.phase(number).result
        spec = self.method.phase(number).result
        kinds = {f.key: f.kind for f in spec.fields}
        return {
            key: value
            for key, value in self.suggested_result(number).items()
            if key not in current and kinds.get(key) not in (None, "interventions")
        }

    def missing(self, phase: int | None = None) -> list[Gap]:
        """What keeps this phase from closing (earlier open phases first)."""
        number = self._phase(phase)
        state = self.state.phase(number)
        found = []
        earlier = self.earlier_open(number)
        if earlier:
            found.append(order_gap(self.method, number, earlier))
        names = self.casus.party_names()
        found += gaps(self.method, number, state.result, state.key_factor_notes, names)
        fit = fit_gap(self.method.phase(number).result, state.result, self._long_names())
        if fit is not None:
            found.append(fit)
        for extension in extensions_for_method(self.method.id):
            found += extension.gaps(self, number)
        return found

    def _long_names(self) -> dict[str, str]:
        """Parties as a printed result names them: a person with their organisation."""
        orgs = {o.id: o.name for o in self.casus.organisations}
        names = dict(orgs)
        for actor in self.casus.actors:
            what = orgs.get(actor.organisation or "") or actor.kind.value
            names[actor.id] = f"{actor.name} ({what})"
        return names

    @atomic
    def close_phase(self, phase: int | None = None, lang: str | None = None) -> dict[str, Any]:
        """Run the gate; close the phase and return its result, or raise :class:`GateRefused`."""
        number = self._open_phase(phase)
        found = self.missing(number)  # earlier open phases first: a result needs its input
        if found:
            message = describe_gaps(self.method, number, found, lang or "nl")
            raise GateRefused(number, found, message)
        result = dict(self.state.phase(number).result)
        self.emit("phase_closed", {"result": result}, phase=number)
        return result

    @atomic
    def reopen_phase(self, phase: int) -> None:
        """Open a closed phase again; its result and everything else stay.

        Later phases that are closed stay closed but are marked possibly out of date
        (:meth:`stale_phases`) until they are reopened and closed again.
        """
        number = self._phase(phase)
        if self.state.phase(number).status != "closed":
            return
        self.emit("phase_reopened", {}, phase=number)

    def interventions(self, *, plan: bool = True) -> list[Intervention]:
        """Ideas, prototypes and measures in the results of this journey: the plan.

        A later phase replaces an earlier record; stopped ones and ideas the final phase did
        not carry forward are left out (``plan=False`` keeps them), as in the reports.
        """
        from ..analysis.graph import interventions_from_results  # lazy: networkx

        results = {p.number: self.state.phase(p.number).result for p in self.method.phases}
        return interventions_from_results(self.method, results, plan=plan)

    # -- undo and reset ---------------------------------------------------------------------------
    @atomic
    def undo(self, event_id: str | None = None) -> Event:
        """Undo one event (default: the last one that counts) with a compensating event."""
        counted = [e for e in effective(self._events) if e.kind != "journey_started"]
        if event_id is None:
            if not counted:
                raise SprintkitError(Message("journey.nothing_to_undo"))
            event_id = counted[-1].id
        elif event_id not in {e.id for e in self._events}:
            raise SprintkitError(Message("journey.no_event", event=event_id))
        return self.emit("undo", {"target": event_id})

    @atomic
    def redo(self) -> Event:
        """Undo the last effective undo.

        What comes back is checked again as if it were typed now: a vote taken back and meanwhile
        spent elsewhere does not return over the budget.
        """
        cancelled = {e.payload["target"] for e in self._events if e.kind == "undo"}
        undos = [e for e in self._events if e.kind == "undo" and e.id not in cancelled]
        if not undos:
            raise SprintkitError(Message("journey.nothing_to_undo"))
        back = next((e for e in self._events if e.id == undos[-1].payload["target"]), None)
        if back is not None and back.run is not None and back.run in self.state.runs:
            run = self.state.runs[back.run]
            logic = canvas_kind(run.canvas)
            if back.kind in logic.events:
                command = logic.command(back.kind, dict(back.payload))
                logic.check(run, back.kind, command, self.spec(back.run), back.author)
        return self.emit("undo", {"target": undos[-1].id})

    @atomic
    def set_stage(self, stage: str, run: str | None = None) -> None:
        """Tell the room what happens now (participants' phones and the projector follow it).

        ``stage`` is one of :data:`~sprintkit.model.state.STAGES`; ``run`` the work form run it is
        about (``capture``, ``reveal`` and ``vote`` need one).
        """
        if stage not in STAGES:
            raise SprintkitError(Message("stage.unknown", stage=stage, stages=", ".join(STAGES)))
        if stage in ("capture", "reveal", "vote") and run is None:
            raise SprintkitError(Message("stage.needs_run", stage=Message(f"stage.name.{stage}")))
        phase = self.run(run).phase if run is not None else None
        self.emit("stage_set", {"stage": stage}, phase=phase, run=run)

    @atomic
    def reset(self) -> None:
        """Start this journey over; every earlier event stays in the log."""
        self.emit("journey_reset", {})


class _SetAsideError(SprintkitError):
    """A plugin set the new event aside: raised after the event is stored."""


def _describe(item: SetAside, count: int, lang: str | None = None) -> str:
    package = item.package or t("set_aside.unknown_package", lang, owner=item.owner)
    if item.why == "missing":
        return t("set_aside.missing", lang, owner=item.owner, count=count, package=package)
    return t(
        "set_aside.failed",
        lang,
        kind=item.kind,
        owner=item.owner,
        package=package,
        error=item.error,
    )


def _merge(old: Any, new: Any) -> Any:
    if old is None:
        return new
    if isinstance(old, list):
        return old + [x for x in new if x not in old]
    if isinstance(old, dict):
        return {**old, **new}
    return f"{old}\n{new}"  # drafts of two runs: one line each, never one run-on paragraph


def _check_value(field: ResultField, value: Any, casus: Casus) -> Any:
    def bad(why: Message | str) -> SprintkitError:
        return SprintkitError(Message("journey.bad_value", field=field.key, why=why))

    problem = field.value_problem(value)
    if problem is not None:
        nested = problem == "string_type" and field.kind != "text"
        raise bad(Message("journey.why.list_of_texts" if nested else f"journey.why.{problem}"))
    if field.kind == "parties":
        unknown = [p for p in value if p not in casus.party_names()]
        if unknown:
            raise bad(Message("journey.why.unknown_parties", parties=", ".join(map(str, unknown))))
    if field.kind == "interventions":
        try:
            value = [
                Intervention.model_validate(v).model_dump(mode="json", exclude_defaults=True)
                for v in value
            ]
        except ValidationError as exc:
            raise bad(str(exc.errors(include_url=False)[0]["msg"])) from None
    return value
