"""The anonymised journey export and the people an anonymiser must know.

:func:`anonymise` turns an export into one that names nobody, with the one
:class:`~sprintkit.privacy.Anonymiser`: every author, voter, roster person and glijbaan actor
becomes a pseudonym, and every string in every payload is scrubbed of names and contact
details (only structural keys such as ids, kinds and slugs are left alone). Some things never
leave at all: what was undone, what a reset took away, the text of notes and items marked
personal (also when edited later), and the free text a kind declares withheld (objections in
a consent round). The export says how much it dropped (``dropped``: counts, never contents).

:func:`people_of` lists the people of a casus and a roster for any anonymiser (reports and
the notes CSV use it too), so every anonymised output knows the same names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .. import registry
from ..model import Casus
from ..model.state import PersonState
from ..privacy import Anonymiser
from ..store import Event
from .fold import effective

__all__ = ["anonymise", "people_of", "anonymiser_for", "PERSONAL_REMOVED", "WITHHELD"]

PERSONAL_REMOVED = "[persoonlijk – verwijderd]"
WITHHELD = "[weggelaten]"

#: payload keys that hold ids, kinds and slugs, never typed text: left as they are (not
#: ``note``: a board's note id, but the KVU's typed note)
STRUCTURAL = frozenset(
    {
        "canvas",
        "workform",
        "casus",
        "method",
        "run",
        "item",
        "target",
        "column",
        "objection",
        "id",
        "kind",
        "stage",
        "environment",
        "field",
        "decision",
        "answer",
        "status",
        "effect",
        "indicator",
        "measure",
        "factor",
        "criterion",
        "seed",
    }
)
#: payload keys of core events that refer to a person (an id or a typed name)
_PERSON_KEYS = {
    "glijbaan_set": ("actor",),
    "person_added": ("person", "plays"),
    "person_edited": ("person", "plays"),
    "person_removed": ("person",),
    "person_forgotten": ("person",),
}


def people_of(
    casus: Casus,
    roster: Mapping[str, PersonState] | None = None,
    *,
    names: Mapping[str, Iterable[str]] | None = None,
    typed: Iterable[str | None] = (),
) -> Iterator[tuple[str, list[str]]]:
    """``(key, names)`` of everyone in play: roster, casus actors, stand-ins, typed authors.

    ``names`` adds names a person had before (from the roster's events); ``typed`` are
    authors and voters as they were typed (each is a person of its own unless it is a name
    of someone already listed).
    """
    seen: dict[str, list[str]] = {}
    for person in (roster or {}).values():
        seen.setdefault(person.id, []).append(person.name)
    for key, extra in (names or {}).items():
        seen.setdefault(key, []).extend(extra)
    for actor in casus.actors:
        seen.setdefault(actor.id, []).append(actor.name)
    if casus.working_group is not None:
        for seat in casus.working_group.members:
            if seat.substitute:  # "Ilse de Waal (beleidsmedewerker ...)": the name part
                name = seat.substitute.split("(")[0].strip()
                seen.setdefault(name, []).append(name)
    yield from seen.items()
    known = Anonymiser(seen.items(), contacts=False)
    for value in dict.fromkeys(v for v in typed if v):
        if not known.knows(value) and value not in casus.party_names():
            yield value, [value]


def anonymiser_for(
    casus: Casus,
    roster: Mapping[str, PersonState] | None = None,
    *,
    names: Mapping[str, Iterable[str]] | None = None,
    typed: Iterable[str | None] = (),
    key: bytes | None = None,
    lang: str = "nl",
) -> Anonymiser:
    """The anonymiser of one output over everyone :func:`people_of` finds."""
    return Anonymiser(people_of(casus, roster, names=names, typed=typed), key=key, lang=lang)


def anonymise(
    data: dict[str, Any], casus: Casus, *, key: bytes | None = None, lang: str = "nl"
) -> dict[str, Any]:
    """A copy of an export that names nobody and keeps nothing that must not leave.

    ``key`` is the pseudonyms' secret (random when not given, so two exports of one journey
    cannot be linked and no pseudonym can be recomputed from the file).
    """
    events = [_event(i, e) for i, e in enumerate(data["events"], 1)]
    kept, dropped = _what_leaves(events)
    anonymiser = anonymiser_for(
        casus, names=_roster_names(events), typed=_typed(events), key=key, lang=lang
    )
    personal: set[str] = set()  # ids of notes and items marked personal
    canvases: dict[str, str] = {}  # run id -> canvas kind
    out = []
    for e in kept:
        if e.kind == "run_started" and e.run:
            canvases[e.run] = e.payload.get("canvas", "")
        payload, removed, withheld = _payload(e, anonymiser, personal, canvases.get(e.run or ""))
        dropped["personal"] += removed
        dropped["withheld"] += withheld
        out.append({**e.to_dict(), "author": anonymiser.who(e.author), "payload": payload})
    return {**data, "events": out, "anonymised": True, "dropped": dropped}


def _event(seq: int, e: dict[str, Any]) -> Event:
    return Event(
        seq, e["id"], e["time"], e["journey"], e["kind"], dict(e["payload"]),
        e.get("phase"), e.get("run"), e.get("author"),
    )  # fmt: skip


def _what_leaves(events: list[Event]) -> tuple[list[Event], dict[str, int]]:
    """The events an anonymised export keeps: effective ones, from the last reset on.

    The roster's events before a reset stay (a reset keeps the people in the room).
    """
    alive = effective(events)
    last_reset = max((i for i, e in enumerate(alive) if e.kind == "journey_reset"), default=-1)
    kept = [
        e
        for i, e in enumerate(alive)
        if i >= last_reset or e.kind == "journey_started" or e.kind.startswith("person_")
    ]
    dropped = {
        "undone": len(events) - len(alive),
        "reset": len(alive) - len(kept),
        "personal": 0,
        "withheld": 0,
    }
    return kept, dropped


def _roster_names(events: Iterable[Event]) -> dict[str, list[str]]:
    """Every display name the roster's events gave, by roster id (edited ones too)."""
    names: dict[str, list[str]] = {}
    for e in events:
        p = e.payload
        if e.kind in ("person_added", "person_edited") and p.get("person") and p.get("name"):
            names.setdefault(p["person"], []).append(p["name"])
    return names


def _typed(events: Iterable[Event]) -> Iterator[str | None]:
    for e in events:
        yield e.author


def _payload(
    e: Event, anonymiser: Anonymiser, personal: set[str], canvas: str | None
) -> tuple[dict[str, Any], int, int]:
    """The payload made anonymous; how many personal texts and withheld texts it lost."""
    payload = dict(e.payload)
    removed = withheld = 0
    for key in _PERSON_KEYS.get(e.kind, ()):
        if payload.get(key):
            payload[key] = anonymiser.who(payload[key])
    if e.kind in ("person_added", "person_edited") and payload.get("name"):
        # a person's display name: their pseudonym
        payload["name"] = payload.get("person") or anonymiser.who(payload["name"])
    if e.kind == "glijbaan_set" and isinstance(payload.get("positions"), dict):
        payload["positions"] = {anonymiser.who(a): at for a, at in payload["positions"].items()}
    ident = payload.get("note") or payload.get("item")
    if payload.get("personal") and isinstance(ident, str):
        personal.add(ident)
    plugin = registry.get("canvas_kinds", canvas) if canvas else None
    logic = plugin.obj if plugin is not None else None
    if ident in personal:
        for key in getattr(logic, "personal_fields", ("text",)):
            if isinstance(payload.get(key), str):
                payload[key] = PERSONAL_REMOVED
                removed += 1
    for key in getattr(logic, "withheld_fields", {}).get(e.kind, ()):
        if payload.get(key):
            payload[key] = WITHHELD
            withheld += 1
    done = {*_PERSON_KEYS.get(e.kind, ()), "name", "positions"} & set(e.payload)
    for key, value in payload.items():
        if key not in STRUCTURAL and key not in done:
            payload[key] = _scrub(value, anonymiser)
    return payload, removed, withheld


def _scrub(value: Any, anonymiser: Anonymiser) -> Any:
    """Every string scrubbed, dict keys too; structural keys of nested dicts left alone."""
    if isinstance(value, str):
        return value if value in (PERSONAL_REMOVED, WITHHELD) else anonymiser.text(value)
    if isinstance(value, list):
        return [_scrub(v, anonymiser) for v in value]
    if isinstance(value, dict):
        return {
            (anonymiser.text(k) if isinstance(k, str) else k): (
                v if k in STRUCTURAL else _scrub(v, anonymiser)
            )
            for k, v in value.items()
        }
    return value
