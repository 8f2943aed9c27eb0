"""The roster (presentielijst): the people in the room as entities of a journey.

A person is added once (``person_added``), may be edited (``person_edited``) and removed
(``person_removed``, soft: the entry stays for history, marked ``removed``). Authors, voters,
objectors and consenting people of canvas commands, the author of a method extension's command
and the parties in ``approvals`` result fields then refer to a roster id.

Names are matched the way people type them: case, accents, spaces, ``-`` and ``_`` do not
count ("rutger", "Rutger" and "Rütger" are one person), a person's first name alone finds them
when only one person has it, and a person who plays a casus actor is found by the actor's id.
A name that finds nobody is refused with a suggestion ("bedoel je ...?").

A journey without a roster keeps working as before: authors are stored as they were given.
Demo input names casus actors; :meth:`RosterCommands.cast_actor` puts such an actor on the
roster as a person who plays them, with the actor's id as roster id, so demo journeys keep the
ids they always had.

Examples:
    >>> from sprintkit.store import SQLiteStore
    >>> from sprintkit.workspace import start_journey
    >>> j = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    >>> j.add_person("Rutger", organisation="Gemeente Veenstede")
    'rutger'
    >>> j.add_person("Rutger")
    'rutger-2'
    >>> j.person("rutger-2").name, j.state.roster["rutger"].organisation
    ('Rutger', 'gemeente_veenstede')
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from .._fold import fold
from ..errors import NotFoundError, SprintkitError
from ..i18n import Message, t
from ..model.actor import OrganisationKind
from ..model.state import JourneyState, PersonState
from ._atomic import atomic

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Actor, Casus
    from ..store import Event

__all__ = [
    "UnknownPerson",
    "RosterCommands",
    "Who",
    "normalise",
    "own_kind",
    "person_slug",
    "matches",
    "resolve",
    "ROSTER_EVENTS",
]

#: The payload keys of a person besides its id, in the order they are shown. In a training,
#: ``own_organisation`` and ``own_kind`` are the person's real organisation and its kind.
PERSON_FIELDS = ("name", "organisation", "role", "plays", "own_organisation", "own_kind")


class UnknownPerson(NotFoundError):
    """A name or id that is nobody on the roster (the message suggests close names)."""


def normalise(text: str) -> str:
    """A name as it is compared: no accents, no case, ``-``/``_``/spaces as one space.

    Examples:
        >>> normalise(" Rütger_de  Bos "), normalise("rutger-de-bos")
        ('rutger de bos', 'rutger de bos')
    """
    return " ".join(re.split(r"[\s_\-]+", fold(text).casefold())).strip()


def person_slug(name: str) -> str:
    """The id a display name gives (before clashes are resolved).

    Examples:
        >>> person_slug("Rütger"), person_slug("Esther de Wit"), person_slug("???")
        ('rutger', 'esther-de-wit', 'persoon')
    """
    slug = re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")
    return slug or "persoon"


def _new_id(roster: dict[str, PersonState], name: str) -> str:
    base = person_slug(name)
    ident, n = base, 1
    while ident in roster:  # removed people keep their id: an id is never given twice
        n += 1
        ident = f"{base}-{n}"
    return ident


def matches(roster: dict[str, PersonState], text: str, *, removed: bool = True) -> list[str]:
    """The roster ids ``text`` may mean, best rule first; one id when the match is sure.

    Rules, in order: the exact id; the id, display name or played actor when normalised; the
    first word of the display name. The first rule that finds anyone decides.

    Examples:
        >>> from sprintkit.model.state import PersonState as P
        >>> roster = {"rutger": P(id="rutger", name="Rutger"),
        ...           "esther": P(id="esther", name="Esther de Wit", plays="esther_de_wit"),
        ...           "ria": P(id="ria", name="Ria"), "ria-2": P(id="ria-2", name="Ria")}
        >>> matches(roster, "Rütger"), matches(roster, "esther"), matches(roster, "Esther_de_Wit")
        (['rutger'], ['esther'], ['esther'])
        >>> matches(roster, "ria"), matches(roster, "Ria"), matches(roster, "rutgr")
        (['ria'], ['ria', 'ria-2'], [])
    """
    people = [p for p in roster.values() if removed or not p.removed]
    if text in roster and (removed or not roster[text].removed):
        return [text]
    key = normalise(text)
    if not key:
        return []
    found = [
        p.id
        for p in people
        if key in (normalise(p.id), normalise(p.name), normalise(p.plays or "\x00"))
    ]
    if found or " " in key:
        return found
    return [p.id for p in people if normalise(p.name).split(" ")[0] == key]


def resolve(roster: dict[str, PersonState], text: str | None) -> str | None:
    """The roster id ``text`` surely means, or ``None`` (nobody, or more than one person).

    Examples:
        >>> from sprintkit.model.state import PersonState as P
        >>> resolve({"rutger": P(id="rutger", name="Rutger")}, "RÜTGER")
        'rutger'
    """
    if text is None:
        return None
    found = matches(roster, text)
    return found[0] if len(found) == 1 else None


def _suggest(roster: dict[str, PersonState], text: str) -> list[str]:
    """Display names close to ``text`` (by name or id), one per person."""
    keys: dict[str, str] = {}
    for p in roster.values():
        if not p.removed:
            keys.setdefault(normalise(p.name), p.id)
            keys.setdefault(normalise(p.id), p.id)
    close = difflib.get_close_matches(normalise(text), list(keys), n=3, cutoff=0.6)
    return list(dict.fromkeys(roster[keys[c]].name for c in close))


def own_kind(text: str) -> str:
    """The organisation kind ``text`` names: its value or its Dutch or English word.

    Examples:
        >>> own_kind("gemeente"), own_kind("Police"), own_kind("woningcorporatie")
        ('municipality', 'police', 'housing_corporation')
    """
    key = normalise(text)
    for kind in OrganisationKind:
        words = {normalise(kind.value)} | {
            normalise(t(f"org_kind.{kind.value}", lang)) for lang in ("nl", "en")
        }
        if key in words:
            return kind.value
    kinds = ", ".join(t(f"org_kind.{k.value}", "nl") for k in OrganisationKind)
    raise SprintkitError(Message("roster.unknown_kind", kind=text, kinds=kinds))


class Who(NamedTuple):
    """Who a command is by: the roster id (or the author as given) and an actor to cast first."""

    id: str | None
    cast: Actor | None = None


# -- the fold ------------------------------------------------------------------------------------
def _person_added(state: JourneyState, e: Event) -> JourneyState:
    p = e.payload
    ident = p.get("person")
    if ident and ident not in state.roster:  # a malformed event is ignored, like other core ones
        fields = {k: p[k] for k in PERSON_FIELDS if p.get(k) is not None}
        state.roster[ident] = PersonState(id=ident, **{"name": ident, **fields})
    return state


def _person_edited(state: JourneyState, e: Event) -> JourneyState:
    person = state.roster.get(e.payload.get("person") or "")
    if person is not None:  # the person may have been undone
        for key in PERSON_FIELDS:
            if key in e.payload and (key != "name" or e.payload[key]):
                setattr(person, key, e.payload[key])
    return state


def _person_removed(state: JourneyState, e: Event) -> JourneyState:
    person = state.roster.get(e.payload.get("person") or "")
    if person is not None:
        person.removed = True
    return state


def _journey_expired(state: JourneyState, e: Event) -> JourneyState:
    for person in state.roster.values():  # everyone was forgotten: nobody acts any more
        person.removed = True
    return state


#: The roster's core events and their handlers (rows of :data:`sprintkit.engine.fold.CORE`);
#: a forgotten person (``person_forgotten``, :mod:`~sprintkit.engine.erasure`) is removed too.
ROSTER_EVENTS = {
    "person_added": _person_added,
    "person_edited": _person_edited,
    "person_removed": _person_removed,
    "person_forgotten": _person_removed,
    "journey_expired": _journey_expired,
}


# -- the commands (mixed into Journey) ------------------------------------------------------------
class RosterCommands:
    """The roster commands of a :class:`~sprintkit.engine.Journey`."""

    if TYPE_CHECKING:  # pragma: no cover - provided by Journey
        casus: Casus

        @property
        def state(self) -> JourneyState: ...  # noqa: D102

        def emit(  # noqa: D102
            self,
            kind: str,
            payload: dict[str, Any] | None = None,
            *,
            phase: int | None = None,
            run: str | None = None,
            author: str | None = None,
        ) -> Event: ...

    def people(self, *, removed: bool = False) -> list[PersonState]:
        """The people on the roster in the order they were added (removed ones on request)."""
        return [p for p in self.state.roster.values() if removed or not p.removed]

    def person(self, id_or_name: str, *, removed: bool = False) -> PersonState:
        """The person an id or a typed name means (case and accents do not count).

        Raises :class:`UnknownPerson` with a suggestion for a name that is nobody, and a
        refusal naming the candidates when a name fits more than one person.
        """
        roster = self.state.roster
        found = matches(roster, id_or_name, removed=removed)
        if len(found) == 1:
            return roster[found[0]]
        if found:
            names = ", ".join(f"{roster[i].name} ({i})" for i in found)
            raise SprintkitError(Message("roster.ambiguous", name=id_or_name, people=names))
        gone = matches(roster, id_or_name, removed=True)
        if gone:
            raise UnknownPerson(Message("roster.removed", name=roster[gone[0]].name))
        close = _suggest(roster, id_or_name)
        hint = (
            Message("roster.did_you_mean", names=" / ".join(close))
            if close
            else Message("roster.add_first")
        )
        raise UnknownPerson(Message("roster.unknown", name=id_or_name, hint=hint))

    @atomic
    def add_person(
        self,
        name: str,
        *,
        organisation: str | None = None,
        role: str | None = None,
        plays: str | None = None,
        own_organisation: str | None = None,
        own_kind: str | None = None,
        person_id: str | None = None,
    ) -> str:
        """Put a person on the roster; returns their id (from the name: ``rutger``, ``rutger-2``).

        ``organisation`` is a casus organisation (by id or name) or free text; ``plays`` the
        id (or name) of the casus actor the person plays in a training. A trainee also has
        their real ``own_organisation`` (free text) and its ``own_kind`` (an organisation kind
        such as ``municipality`` or ``police``; the Dutch word, ``gemeente``, works too).
        ``person_id`` asks for an id (refused when it is taken).
        """
        name = " ".join((name or "").split())
        if not name:
            raise SprintkitError(Message("roster.needs_name"))
        roster = self.state.roster
        if person_id is not None and person_id in roster:
            raise SprintkitError(Message("roster.id_taken", id=person_id))
        payload = {
            "person": person_id or _new_id(roster, name),
            "name": name,
            **self._person_details(
                organisation=organisation,
                role=role,
                plays=plays,
                own_organisation=own_organisation,
                own_kind=own_kind,
            ),
        }
        self.emit("person_added", payload)
        return str(payload["person"])

    @atomic
    def edit_person(self, person: str, **changes: str | None) -> None:
        """Change a person's details (those given): any of :data:`PERSON_FIELDS`."""
        unknown = sorted(set(changes) - set(PERSON_FIELDS))
        if unknown:
            raise SprintkitError(
                Message("roster.unknown_field", field=unknown[0], fields=", ".join(PERSON_FIELDS))
            )
        ident = self.person(person).id
        payload: dict[str, Any] = {"person": ident}
        if "name" in changes:
            name = " ".join((changes.pop("name") or "").split())
            if not name:
                raise SprintkitError(Message("roster.needs_name"))
            payload["name"] = name
        details = self._person_details(**changes)
        payload |= {k: details.get(k) for k in changes}
        self.emit("person_edited", payload)

    @atomic
    def remove_person(self, person: str) -> None:
        """Take a person off the roster; what they did keeps their name."""
        self.emit("person_removed", {"person": self.person(person).id})

    @atomic
    def cast_actor(self, actor: str | None) -> str | None:
        """Put casus actor ``actor`` on the roster as the person who plays them (once).

        Used for demo input, whose authors are casus actors: the person gets the actor's id,
        name, organisation and role. Returns the roster id; ``None`` when ``actor`` is no
        casus actor. Someone already on the roster for the actor is left as they are.
        """
        found = self._actor(actor)
        if found is None:
            return None
        for person in self.state.roster.values():
            if found.id in (person.id, person.plays):
                return person.id
        return self.add_person(
            found.name,
            organisation=found.organisation,
            role=found.role,
            plays=found.id,
            person_id=found.id,
        )

    # -- helpers for the commands ----------------------------------------------------------------
    def _who(self, author: str | None) -> Who:
        """The roster id of a command's author (as given while the roster is empty).

        A casus actor's id that is not on the roster yet is accepted; the caller casts the
        actor (:meth:`_cast`) once the command's checks have passed.
        """
        roster = self.state.roster
        if author is None or not roster:
            return Who(author)
        if not matches(roster, author, removed=False):
            actor = self._actor(author)
            if actor is not None and not any(p.plays == actor.id for p in roster.values()):
                return Who(actor.id, actor)
        return Who(self.person(author).id)

    def _named(self, exc: SprintkitError, who: str | None) -> SprintkitError:
        """``exc`` with the roster id ``who`` shown as the person's name (refusals by a kind).

        A kind checks with roster ids; the room reads "Bram heeft al 3 stemmen gebruikt", not
        "bram-2". Other values and plain-text errors are left as they are.
        """
        person = self.state.roster.get(who) if who else None
        message = exc.message
        if person is None or not isinstance(message, Message):
            return exc
        if who not in message.values.values():
            return exc
        values = {k: person.name if v == who else v for k, v in message.values.items()}
        named = type(exc)(Message(message.key, **values), lang=exc.lang)
        named.__cause__ = exc.__cause__
        return named

    def _cast(self, who: Who) -> None:
        if who.cast is not None:
            self.cast_actor(who.cast.id)

    def _party_ids(self, values: Iterable[str]) -> dict[str, str]:
        """Each party that is not a casus party, as its roster id (approvals, parties fields)."""
        parties = self.casus.party_names()
        if not self.state.roster:
            return {}
        return {v: self.person(v).id for v in values if v not in parties}

    def _actor(self, actor: str | None) -> Actor | None:
        if not actor:
            return None
        try:
            return self.casus.actor(actor)
        except KeyError:
            return None

    def _person_details(self, **given: str | None) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for key, value in given.items():
            value = " ".join(value.split()) if isinstance(value, str) else None
            if key == "organisation" and value:
                value = self._organisation(value)
            if key == "plays" and value:
                found = self._actor(value) or self._actor_by_name(value)
                if found is None:
                    raise SprintkitError(Message("journey.unknown_actor", actor=value))
                value = found.id
            if key == "own_kind" and value:
                value = own_kind(value)
            out[key] = value or None
        return out

    def _organisation(self, text: str) -> str:
        """A casus organisation's id when ``text`` names one; otherwise the text itself."""
        key = normalise(text)
        for org in self.casus.organisations:
            if key in (normalise(org.id), normalise(org.name)):
                return org.id
        return text

    def _actor_by_name(self, text: str) -> Actor | None:
        key = normalise(text)
        found = [a for a in self.casus.actors if normalise(a.name) == key]
        return found[0] if len(found) == 1 else None
