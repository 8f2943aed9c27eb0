"""Forgetting people: the right to erasure (``vergeet``) and the retention period (``opruimen``).

The event log is append-only except here. To forget a person the journey's events are
rewritten in one transaction (:meth:`~sprintkit.store.SQLiteStore.redact`): every event that
holds the person changes, every other stays byte for byte.

* The person's id (``ria_brouwer`` is a name too) becomes ``vergeten-N`` wherever it stands:
  authors, voters, roster events, glijbaan actors, parties and approvals in results. Their
  roster name becomes ``[vergeten]`` and their role goes.
* What they typed (the text of their notes, items, objections, proposals, KVU notes) becomes
  ``[vergeten]``, undone and reset contributions too.
* Their name in anyone else's text becomes ``[vergeten]`` (every spelling the anonymiser
  knows).

Votes, consents and approvals stay as ``vergeten-N``'s: counts, the vote budget and the gates
give what they gave before. A ``person_forgotten`` event logs the erasure without its content
(which pseudonym, how many events); ``journey_expired`` logs the retention period's erasure of
everyone. A Journey that reads either event refolds from the store (the events before it
changed), so other writers catch up too.

Examples:
    >>> from sprintkit.store import SQLiteStore
    >>> from sprintkit.workspace import start_journey
    >>> j = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    >>> rutger = j.add_person("Rutger Bos")
    >>> j.forget(rutger).payload
    {'person': 'vergeten-1', 'events': 1}
    >>> j.state.roster["vergeten-1"].name
    '[vergeten]'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import registry
from ..errors import SprintkitError
from ..i18n import Message
from ..model import Casus
from ..model.state import JourneyState, PersonState
from ..privacy import Anonymiser
from ..store import Event, EventStore, NewEvent, Redaction
from .anonymised import STRUCTURAL
from .roster import UnknownPerson, matches

__all__ = [
    "FORGOTTEN",
    "ERASURE_EVENTS",
    "Forgotten",
    "ErasureCommands",
    "redactions",
    "people_to_forget",
    "new_ids",
]

FORGOTTEN = "[vergeten]"
#: events after which a journey rereads its whole log (the events before them changed)
ERASURE_EVENTS = frozenset({"person_forgotten", "journey_expired"})
#: payload keys of typed text (besides a canvas kind's ``personal_fields``)
_TEXT_KEYS = ("text", "subject", "name", "outcome", "proposal", "note", "reason")
_ROSTER = ("person_added", "person_edited", "person_removed", "person_forgotten")


@dataclass
class Forgotten:
    """One person to forget: every way the events refer to them, and their names."""

    refs: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)


def people_to_forget(
    casus: Casus, state: JourneyState, events: list[Event], wanted: Iterable[str]
) -> list[Forgotten]:
    """The ``wanted`` roster ids (or typed authors), each with every reference and name.

    A roster person is also referred to by the casus actor they play and by authors typed
    before the roster that surely mean them; the names are every one the roster gave them.
    """
    actors = {a.id: a for a in casus.actors}
    out = []
    for ident in wanted:
        person = state.roster.get(ident)
        one = Forgotten({ident}, [ident])
        if person is not None:
            one.names.append(person.name)
            if person.plays in actors:
                one.refs.add(person.plays)
                one.names.append(actors[person.plays].name)
        if ident in actors:
            one.names.append(actors[ident].name)
        for e in events:
            p = e.payload
            if e.kind in ("person_added", "person_edited") and p.get("person") == ident:
                one.names += [p["name"]] if p.get("name") else []
            if e.author and state.roster and e.author not in one.refs:
                if matches(state.roster, e.author) == [ident]:
                    one.refs.add(e.author)
        out.append(one)
    return out


def new_ids(state: JourneyState, people: Iterable[Forgotten]) -> dict[str, str]:
    """``vergeten-N`` for every reference, one N per person (never an id already taken)."""
    taken = set(state.roster)
    number = sum(1 for i in taken if i.startswith("vergeten-"))
    out: dict[str, str] = {}
    for one in people:
        number += 1
        while f"vergeten-{number}" in taken:
            number += 1
        out |= {ref: f"vergeten-{number}" for ref in one.refs}
    return out


def redactions(
    events: Iterable[Event], people: Iterable[Forgotten], ids: Mapping[str, str]
) -> dict[str, Redaction]:
    """The new payload and author of every event that holds one of ``people``."""
    scrubber = Anonymiser(
        [(min(one.refs), one.names) for one in people], replacement=FORGOTTEN, contacts=False
    )
    canvases: dict[str, str] = {}
    out: dict[str, Redaction] = {}
    for e in events:
        if e.kind == "run_started" and e.run:
            canvases[e.run] = e.payload.get("canvas", "")
        by_them = e.author in ids
        payload = _payload(e, scrubber, ids, by_them, _text_keys(canvases.get(e.run or "")))
        author = ids.get(e.author, e.author) if e.author else e.author
        if payload != e.payload or author != e.author:
            out[e.id] = Redaction(payload, author)
    return out


def _text_keys(canvas: str | None) -> frozenset[str]:
    plugin = registry.get("canvas_kinds", canvas) if canvas else None
    own = plugin.obj.personal_fields if plugin is not None else frozenset()
    return frozenset(_TEXT_KEYS) | own


def _payload(
    e: Event, scrubber: Anonymiser, ids: Mapping[str, str], by_them: bool, text_keys: frozenset[str]
) -> dict[str, Any]:
    payload = {k: v if k in STRUCTURAL else _value(v, scrubber, ids) for k, v in e.payload.items()}
    if e.kind in _ROSTER and e.payload.get("person") in ids:
        if payload.get("name"):
            payload["name"] = FORGOTTEN
        if payload.get("role"):
            payload["role"] = None
        return payload
    if by_them:
        for key in text_keys & set(payload):
            if isinstance(payload[key], str) and payload[key]:
                payload[key] = FORGOTTEN
    return payload


def _value(value: Any, scrubber: Anonymiser, ids: Mapping[str, str]) -> Any:
    """A person's id becomes their new id; their name in text becomes ``[vergeten]``."""
    if isinstance(value, str):
        return ids[value] if value in ids else scrubber.text(value)
    if isinstance(value, list):
        return [_value(v, scrubber, ids) for v in value]
    if isinstance(value, dict):
        return {
            _value(k, scrubber, ids): v if k in STRUCTURAL else _value(v, scrubber, ids)
            for k, v in value.items()
        }
    return value


class ErasureCommands:
    """``forget`` and ``expire`` of a :class:`~sprintkit.engine.Journey` (mixed in).

    Not journey commands in the usual sense: they rewrite stored events, so they run in the
    store's own transaction (:meth:`~sprintkit.store.SQLiteStore.redact`) and the journey
    reloads afterwards.
    """

    if TYPE_CHECKING:  # pragma: no cover - provided by Journey
        id: str
        casus: Casus
        store: EventStore

        @property
        def state(self) -> JourneyState: ...  # noqa: D102

        @property
        def events(self) -> list[Event]: ...  # noqa: D102

        def person(self, id_or_name: str, *, removed: bool = False) -> PersonState: ...  # noqa: D102
        def _load(self) -> None: ...

    def forget(self, person: str) -> Event:
        """Erase one person from the journey (right to erasure); returns the logging event.

        ``person`` is a roster id or name (removed people too) or, in a journey without a
        roster, an author as typed or a casus actor id.
        """
        ident = self._forgettable(person)
        people = people_to_forget(self.casus, self.state, self.events, [ident])
        ids = new_ids(self.state, people)
        changes = redactions(self.events, people, ids)
        payload = {"person": ids[ident], "events": len(changes)}
        return self._rewrite(changes, "person_forgotten", payload)

    def expire(self, days: int) -> Event:
        """Erase everyone from the journey (its retention period passed); returns the log.

        Everyone is the roster, every author and every casus actor (named in typed text).
        """
        wanted = dict.fromkeys(  # the roster, every author and every casus actor
            [
                *self.state.roster,
                *(e.author for e in self.events if e.author),
                *(a.id for a in self.casus.actors),
            ]
        )
        forgotten = {i for i in wanted if i.startswith("vergeten-")}
        people = people_to_forget(
            self.casus, self.state, self.events, [i for i in wanted if i not in forgotten]
        )
        seen: set[str] = set()
        unique = []
        for one in people:  # a typed author that means a roster person is that person
            if not one.refs & seen:
                unique.append(one)
                seen |= one.refs
        ids = new_ids(self.state, unique)
        changes = redactions(self.events, unique, ids)
        payload = {"people": len(unique), "events": len(changes), "days": days}
        return self._rewrite(changes, "journey_expired", payload)

    def _forgettable(self, text: str) -> str:
        if self.state.roster:
            return self.person(text, removed=True).id
        if text in {e.author for e in self.events} or text in {a.id for a in self.casus.actors}:
            return text
        raise UnknownPerson(Message("roster.unknown", name=text, hint=Message("roster.add_first")))

    def _rewrite(self, changes: dict[str, Redaction], kind: str, payload: dict[str, Any]) -> Event:
        redact = getattr(self.store, "redact", None)
        if redact is None:
            raise SprintkitError(Message("privacy.store_cannot_forget"))
        event: Event = redact(
            self.id, changes, NewEvent(journey=self.id, kind=kind, payload=payload)
        )
        self._load()  # every event before the log may have changed: read them all again
        return event
