"""Erasure and retention on a casus' store: ``sprintkit journey vergeet`` and ``opruimen``.

:func:`forget_person` erases one person from a journey (:meth:`Journey.forget
<sprintkit.engine.erasure.ErasureCommands.forget>`) and their phones from the participant
server's device map; :func:`expire_journeys` erases everyone from every journey of the casus
whose last event is older than the retention period. Both leave a logging event in the
journey without the erased content, and both leave no byte of it in the store file or its WAL.

Examples:
    >>> import tempfile, pathlib
    >>> from sprintkit.workspace import start_journey
    >>> store = pathlib.Path(tempfile.mkdtemp()) / "s.sqlite"
    >>> j = start_journey("molenwijk", store=store)
    >>> _ = j.add_person("Rutger Bos")
    >>> forget_person("molenwijk", "Rutger Bos", store=store).payload["person"]
    'vergeten-1'
    >>> expire_journeys("molenwijk", 30, store=store)
    []
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .engine import Journey
from .serve.devices import device_file, device_map
from .store import Event
from .stores import ref_of
from .workspace import CasusRef, StoreRef, open_casus, open_journey, open_store

__all__ = ["forget_person", "expire_journeys", "expired"]


def forget_person(
    casus: CasusRef, person: str, *, journey: str | None = None, store: StoreRef = None
) -> Event:
    """Erase ``person`` from a journey (the latest by default); returns the logging event."""
    case = open_casus(casus)
    j = open_journey(case, journey, store=store)
    refs = {j.person(person, removed=True).id} if j.state.roster else {person}
    refs |= {p.plays for p in j.state.roster.values() if p.id in refs and p.plays}
    event = j.forget(person)
    _forget_devices(j, refs)
    return event


def expired(journey: Journey, days: int, now: datetime | None = None) -> bool:
    """Whether ``journey``'s last event is older than ``days`` days (and not yet expired)."""
    last = journey.events[-1]
    if last.kind == "journey_expired":
        return False
    when = datetime.fromisoformat(last.time)
    return when < (now or datetime.now(UTC)) - timedelta(days=days)


def expire_journeys(
    casus: CasusRef, days: int, *, store: StoreRef = None, now: datetime | None = None
) -> list[Event]:
    """Erase everyone from each journey of ``casus`` idle for more than ``days`` days."""
    case = open_casus(casus)
    backend = open_store(case, store, create=False)
    done = []
    for journey_id in Journey.ids(backend, case.id):
        j = open_journey(case, journey_id, store=backend)
        if expired(j, days, now):
            done.append(j.expire(days))
            _forget_devices(j, None)
    return done


def _forget_devices(journey: Journey, people: set[str] | None) -> None:
    """The person's (or everyone's) phones out of the device map, when the server made one.

    An SQLite store's map is a file beside it; a PostgreSQL store's is a table of its schema.
    """
    backend = journey.store
    if not callable(getattr(backend, "device_map", None)):
        ref = ref_of(backend)
        if ref is None or not device_file(ref).is_file():
            return
    devices = device_map(backend, journey.id)
    try:
        devices.forget(people)
    finally:
        devices.close()
