"""Moving journeys between stores: ``sprintkit store copy FROM TO`` (SQLite and PostgreSQL).

A journey is copied event by event, with its ids, times, phases, runs and authors, in one
transaction of the target (all or nothing), and then verified: the target's events must equal
the source's, and replaying both sides (``fold(effective(events))``) must give the same state.
A copy that does not verify is removed again. Sequence numbers are local to a store and are
not copied; snapshots are caches and are not copied either; nor is the participant server's
device map (the phones join again).

Examples:
    >>> from sprintkit.store import SQLiteStore
    >>> from sprintkit.workspace import start_journey
    >>> source, target = SQLiteStore(":memory:"), SQLiteStore(":memory:")
    >>> journey = start_journey("molenwijk", store=source)
    >>> [(c.journey == journey.id, c.events, c.copied) for c in copy_journeys(source, target)]
    [(True, 1, True)]
"""

from __future__ import annotations

from dataclasses import dataclass

from .engine import effective, fold
from .errors import NotFoundError, SprintkitError
from .i18n import Message
from .store import Event, EventStore, NewEvent
from .stores import ref_of, shown

__all__ = ["Copied", "copy_journeys", "same_journey"]


@dataclass(frozen=True)
class Copied:
    """One journey's copy: how many events, and whether it was copied or already there."""

    journey: str
    events: int
    copied: bool

    def message(self) -> Message:
        """What ``sprintkit store copy`` says about it."""
        key = "copy.copied" if self.copied else "copy.present"
        return Message(key, journey=self.journey, count=self.events)


def same_journey(first: list[Event], second: list[Event]) -> str | None:
    """Why two stores' events of a journey differ (a message key), ``None`` when they agree.

    Events are compared without their store-local ``seq``; then both are replayed.
    """
    if [e.to_dict() for e in first] != [e.to_dict() for e in second]:
        return "copy.why.events"
    left = fold(effective(first)).model_dump(mode="json")
    right = fold(effective(second)).model_dump(mode="json")
    return None if left == right else "copy.why.state"


def copy_journeys(
    source: EventStore, target: EventStore, journeys: list[str] | None = None
) -> list[Copied]:
    """Copy ``journeys`` (default: all) from ``source`` to ``target``, each verified.

    A journey already in the target with the same events is skipped; with other events it is
    refused before anything is written (:class:`~sprintkit.errors.SprintkitError`).
    """
    here, there = _where(source), _where(target)
    if ref_of(source) is not None and ref_of(source) == ref_of(target):
        raise SprintkitError(Message("copy.same", path=here))
    present = source.journeys()
    wanted = journeys or present
    if not wanted:
        raise NotFoundError(Message("copy.none", path=here))
    for journey in wanted:
        if journey not in present:
            raise NotFoundError(Message("copy.unknown", journey=journey, path=here))
    return [_copy_one(source, target, journey, there) for journey in wanted]


def _copy_one(source: EventStore, target: EventStore, journey: str, there: str) -> Copied:
    events = source.read(journey)
    with target.transaction(journey) as tx:
        if tx.new:  # already there: equal is fine (a copy run twice), different is refused
            if same_journey(events, tx.new) is None:
                return Copied(journey, len(events), copied=False)
            raise SprintkitError(Message("copy.exists", journey=journey, path=there))
        for e in events:
            tx.append(
                NewEvent(e.journey, e.kind, e.payload, e.phase, e.run, e.author, e.id, e.time)
            )
    why = same_journey(events, target.read(journey))
    if why is not None:
        target.delete(journey)
        raise SprintkitError(Message("copy.differs", journey=journey, why=Message(why)))
    return Copied(journey, len(events), copied=True)


def _where(store: EventStore) -> str:
    return shown(ref_of(store) or ":memory:")
