"""Opening things: find and load a casus, open its store, start or open a journey, play demo input.

The engine's :class:`~sprintkit.engine.Journey` takes loaded objects and never touches files;
everything that finds, reads or opens lives here, one floor up, so the CLI, the notebooks, the
reports and the tests open journeys the same way. A refused start leaves nothing behind: every
check runs before the first event is stored.

Examples:
    >>> from sprintkit.store import SQLiteStore
    >>> journey = start_journey("molenwijk", store=SQLiteStore(":memory:"), at_sprint=3, demo=True)
    >>> [journey.state.phase(n).status for n in (1, 2, 3)]
    ['closed', 'closed', 'open']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import catalogue
from .canvas import canvas_kind
from .canvas.replay import operations
from .engine import Journey, exchange
from .errors import NotFoundError, SprintkitError
from .i18n import Message
from .loading import load_casus, load_method
from .model import Casus, DemoRun, Method, WorkFormSpec
from .store import EventStore, SQLiteStore, default_store_path
from .stores import env_store, is_url, open_ref, ref_of, shown

__all__ = [
    "open_casus",
    "open_store",
    "import_journey",
    "delete_journey",
    "check_out_path",
    "workforms_for",
    "start_journey",
    "open_journey",
    "play_demo",
    "play_run",
    "demo_journey",
]

CasusRef = Casus | str | Path
StoreRef = EventStore | str | Path | None


def open_casus(casus: CasusRef) -> Casus:
    """A loaded casus: given as one, as the id of a built-in case, or as a folder."""
    return casus if isinstance(casus, Casus) else load_casus(casus)


def open_store(casus: Casus, store: StoreRef = None, *, create: bool = True) -> EventStore:
    """The store to use: an open one, a path, a ``postgresql://`` URL, or the default.

    The default is what ``SPRINTKIT_STORE`` names, else the casus' own SQLite file. With
    ``create=False`` (every command that only reads, and opening an existing journey) a
    store that does not exist is :class:`~sprintkit.store.StoreMissing` and nothing is made.
    """
    store = store if store is not None else env_store()
    if store is None:
        return SQLiteStore(default_store_path(casus.root), create=create)
    if isinstance(store, str | Path):
        return open_ref(store, create=create)
    return store


def store_path(casus: Casus, store: StoreRef = None) -> Path | None:
    """Where the store file of ``casus`` is (``None`` for a database or an open store in memory)."""
    store = store if store is not None else env_store()
    if store is None:
        return default_store_path(casus.root)
    if is_url(store):
        return None
    if isinstance(store, str | Path):
        return Path(store)
    path = getattr(store, "path", None)
    return Path(path) if isinstance(path, str) and path != ":memory:" else None


def check_out_path(out: Path, casus: Casus, store: StoreRef = None) -> Path:
    """``out``, unless it is the session store or lies inside the casus folder (refused)."""
    target = out.expanduser().resolve()
    session = store_path(casus, store)
    if session is not None:
        session = session.expanduser().resolve()
        if target in {session, *(Path(f"{session}{end}") for end in ("-wal", "-shm"))}:
            raise SprintkitError(Message("out.is_store", path=out))
    root = casus.root.resolve() if casus.root is not None else None
    if root is not None and (target == root or root in target.parents):
        raise SprintkitError(Message("out.in_casus", path=out, casus=root))
    return out


def import_journey(casus: CasusRef, data: dict[str, Any], *, store: StoreRef = None) -> str:
    """Import an export into the casus' store: checked like a live session, all or nothing."""
    case = open_casus(casus)
    method = _method_of(case)
    backend = open_store(case, store)
    return exchange.import_journey(
        data, backend, casus=case, method=method, workforms=workforms_for(case)
    )


def delete_journey(casus: CasusRef, journey_id: str, *, store: StoreRef = None) -> int:
    """Remove one journey from the casus' store; returns how many events went."""
    case = open_casus(casus)
    backend = open_store(case, store, create=False)
    if journey_id not in backend.journeys():
        where = shown(ref_of(backend) or "store")
        raise NotFoundError(Message("journey.unknown", journey=journey_id, store=where))
    return backend.delete(journey_id)


def workforms_for(casus: Casus) -> list[WorkFormSpec]:
    """The work forms a journey of ``casus`` can use: registered ones and the casus' own."""
    return [entry.spec for entry in catalogue.for_casus(casus)]


def _method_of(casus: Casus) -> Method:
    return load_method(casus.method)


def start_journey(
    casus: CasusRef,
    *,
    store: StoreRef = None,
    label: str | None = None,
    at_sprint: int = 1,
    demo: bool = False,
    journey_id: str | None = None,
) -> Journey:
    """Start a new journey; with ``demo=True`` phases ``1..at_sprint-1`` are played from demo.

    Everything is checked before the first event is stored, so a refused start leaves no empty
    journey behind for ``status`` or ``report`` to pick up.
    """
    case = open_casus(casus)
    method = _method_of(case)
    noun = method.phase_noun
    if not 1 <= at_sprint <= len(method.phases):
        raise SprintkitError(
            Message(
                "workspace.no_such_phase",
                noun=method.phase_noun_plural,
                last=len(method.phases),
                number=at_sprint,
            )
        )
    if at_sprint > 1 and not demo:
        raise SprintkitError(Message("workspace.later_needs_demo", noun=noun))
    for phase in range(1, at_sprint):
        if phase not in case.demo:
            raise SprintkitError(Message("journey.no_demo", casus=case.id, noun=noun, number=phase))
    backend = open_store(case, store)
    journey = Journey.create(
        case, method, workforms_for(case), backend, label=label, journey_id=journey_id
    )
    for phase in range(1, at_sprint):
        play_demo(journey, phase)
    return journey


def open_journey(
    casus: CasusRef, journey_id: str | None = None, *, store: StoreRef = None
) -> Journey:
    """Open an existing journey (the most recent one of this casus when no id is given)."""
    case = open_casus(casus)
    backend = open_store(case, store, create=False)  # opening never makes a store
    ids = Journey.ids(backend, case.id)
    where = shown(ref_of(backend) or "store")
    if journey_id is None:
        if not ids:
            raise NotFoundError(Message("journey.none", casus=case.id, store=where))
        journey_id = ids[-1]
    elif journey_id not in ids:
        raise NotFoundError(Message("journey.unknown", journey=journey_id, store=where))
    return Journey(case, _method_of(case), workforms_for(case), backend, journey_id)


def play_demo(
    journey: Journey, phase: int, *, close: bool = True, stand_in: bool = False
) -> dict[str, Any] | None:
    """Fill ``phase`` from the casus' demo input (runs, key factors, glijbaan, result).

    Every step goes through the same checked commands a facilitator uses, so demo data can
    never put the journey in a state a live session could not reach. Returns the closed result
    (or ``None`` when ``close`` is false). ``stand_in`` marks the runs as standing in for
    sessions the group did not hold (a training that skips the phase).
    """
    demo = journey.casus.demo.get(phase)
    if demo is None:
        noun = journey.method.phase_noun
        raise SprintkitError(
            Message("journey.no_demo", casus=journey.casus.id, noun=noun, number=phase)
        )
    for run_input in demo.runs:
        minutes = journey.workform(run_input.workform).duration_minutes.min
        run = journey.start_run(
            run_input.workform, phase, planned_minutes=minutes, stand_in=stand_in
        )
        play_run(journey, run, run_input)
    for factor, note in demo.key_factor_notes.items():
        journey.note_key_factor(factor, note, phase)
    for actor, position in demo.glijbaan.items():
        journey.set_glijbaan(actor, position, phase)
    for command in demo.commands:
        journey.cast_actor(command.author)
        journey.command(command.command, command.payload, phase=phase, author=command.author)
    for field, value in demo.result.items():
        journey.set_result(field, value, phase)
    return journey.close_phase(phase) if close else None


def play_run(journey: Journey, run: str, run_input: DemoRun) -> None:
    """Fill a started run from demo input (notes on a board, content on other canvases)."""
    kind = journey.run(run).canvas
    field = canvas_kind(kind).demo_field
    content = (
        {field: [n.model_dump() for n in getattr(run_input, field)]}
        if field is not None
        else run_input.content
    )
    for event, payload, author in operations(kind, content):
        journey.cast_actor(author)  # demo authors are casus actors: they join the roster
        journey.canvas_op(run, event, payload, author)


def demo_journey(
    casus: CasusRef,
    through: int | None = None,
    *,
    store: StoreRef = None,
    journey: Journey | None = None,
    label: str | None = "demo",
) -> Journey:
    """A journey with every phase up to ``through`` that has demo input played and closed.

    The one demo builder (reports for trainers, ``sprintkit kvu --demo``, notebooks with
    ``demo=True``). Without ``through`` every phase the casus has demo input for is played, up to
    the first one without. ``store`` defaults to memory; pass ``journey`` to fill an open one
    (phases already closed are left as they are).
    """
    if journey is None:
        journey = start_journey(casus, store=store or SQLiteStore(":memory:"), label=label)
    last = through if through is not None else len(journey.method.phases)
    for phase in journey.method.phases[:last]:
        if phase.number not in journey.casus.demo and through is None:
            break
        if journey.state.phase(phase.number).status != "closed":
            play_demo(journey, phase.number)
    return journey
