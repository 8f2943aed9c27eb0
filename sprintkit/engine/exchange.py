"""Journeys in and out: versioned JSON (round-trip exact), CSV of notes and votes, anonymised.

The JSON format (``format: sprintkit-journey``, ``version: 1``) is documented in
``docs/journey-format.md``. It holds every event in order, undo and reset events included, so an
import rebuilds exactly the same state.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from typing import Any

from .. import registry
from ..errors import SprintkitError
from ..i18n import Message
from ..model import Casus, Method, WorkFormSpec
from ..model.state import JourneyState
from ..registry import extension_for_event
from ..store import EventRejected, EventStore
from .importcheck import ImportRefused, check_import

__all__ = [
    "FORMAT",
    "VERSION",
    "export_journey",
    "import_journey",
    "ImportRefused",
    "notes_csv",
    "votes_csv",
    "anonymise",
    "PERSONAL_REMOVED",
]

FORMAT = "sprintkit-journey"
VERSION = 1
PERSONAL_REMOVED = "[persoonlijk – verwijderd]"

#: Payload keys that name a person (actor id or free name), per event kind.
_PERSON_KEYS = {"glijbaan_set": ("actor",)}
#: Payload keys of the roster's events that hold a person's id or a casus actor's id.
_ROSTER_KEYS = {
    "person_added": ("person", "plays"),
    "person_edited": ("person", "plays"),
    "person_removed": ("person",),
}
#: Payload keys holding free text a person typed.
_TEXT_KEYS = ("text", "subject", "name", "outcome", "proposal")


def export_journey(store: EventStore, journey_id: str) -> dict[str, Any]:
    """Every event of a journey as plain data (no store-local sequence numbers)."""
    events = store.read(journey_id)
    if not events:
        raise SprintkitError(Message("exchange.no_journey", journey=journey_id))
    return {
        "format": FORMAT,
        "version": VERSION,
        "journey": journey_id,
        "events": [e.to_dict() for e in events],
    }


def import_journey(
    data: dict[str, Any],
    store: EventStore,
    *,
    casus: Casus | None = None,
    method: Method | None = None,
    workforms: Iterable[WorkFormSpec] = (),
) -> str:
    """Store an exported journey, all or nothing; returns its id.

    Every event is first checked as a live journey would have checked it
    (:func:`~sprintkit.engine.importcheck.check_import`; pass the casus, method and work forms
    for the full checks), then all are stored in one transaction. A refused import stores
    nothing and says which event is wrong and why.
    """
    if data.get("format") != FORMAT:
        raise SprintkitError(Message("exchange.not_an_export", format=repr(data.get("format"))))
    if data.get("version") != VERSION:
        raise SprintkitError(Message("exchange.bad_version", version=data.get("version")))
    events = check_import(data, casus=casus, method=method, workforms=workforms)
    journey: str = data["journey"]
    with store.transaction(journey) as tx:
        if tx.new:
            raise SprintkitError(Message("exchange.already_there", journey=journey))
        for position, event in enumerate(events, 1):
            try:
                tx.append(event)
            except EventRejected as exc:  # e.g. an id another journey in this store has
                why = (
                    Message("import.why.id_taken")
                    if exc.message == Message("store.duplicate_id", id=event.id)
                    else exc.message
                )
                raise ImportRefused(
                    Message(
                        "import.refused", position=position, id=event.id, kind=event.kind, why=why
                    )
                ) from None
    return journey


def _rows_to_csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def notes_csv(state: JourneyState) -> str:
    """One row per note on every board: phase, work form, column, cluster, text, author, votes."""
    rows = [
        [
            run.phase,
            run.workform,
            run.id,
            note.id,
            note.column or "",
            note.cluster or "",
            note.text,
            note.author or "",
            len(note.votes),
        ]
        for run in state.runs.values()
        for note in run.notes.values()
    ]
    return _rows_to_csv(
        ["phase", "workform", "run", "note", "column", "cluster", "text", "author", "votes"], rows
    )


def votes_csv(state: JourneyState) -> str:
    """One row per dot: phase, run, note, voter."""
    rows = [
        [run.phase, run.id, note.id, voter]
        for run in state.runs.values()
        for note in run.notes.values()
        for voter in note.votes
    ]
    return _rows_to_csv(["phase", "run", "note", "voter"], rows)


def pseudonym(salt: str, name: str) -> str:
    """A stable pseudonym for a name within one journey (same name, same pseudonym)."""
    digest = hashlib.sha256(f"{salt}\x00{name}".encode()).hexdigest()[:6]
    return f"deelnemer-{digest}"


def anonymise(data: dict[str, Any], casus: Casus) -> dict[str, Any]:
    """A copy of an export where every person is a stable pseudonym and personal text is gone.

    Authors, voters, objectors, glijbaan actors, consenting people and the roster's people
    (their ids and display names) become pseudonyms; their names and ids are also replaced
    inside free text; notes and field items marked ``personal``
    lose their text. Organisations keep their names (they are parties, not people).
    """
    salt = data["journey"]
    # the roster's people count like the casus' actors: ids and display names become pseudonyms
    people = _roster_names(data["events"]) | {a.id: a.name for a in casus.actors}
    known = {pid: pseudonym(salt, pid) for pid in people}

    def who(value: str | None) -> str | None:
        if value is None:
            return value
        return known.setdefault(value, pseudonym(salt, value))

    words = sorted({*people.values(), *people}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if words else None
    by_name = {name: who(pid) for pid, name in people.items()}

    def scrub(text: str) -> str:
        if pattern is None:
            return text
        return pattern.sub(lambda m: by_name.get(m.group(0)) or who(m.group(0)) or "", text)

    events = []
    canvases: dict[str, str] = {}  # run id -> canvas kind, for the kind's personal fields
    for e in data["events"]:
        if e["kind"] == "run_started" and e.get("run"):
            canvases[e["run"]] = e["payload"].get("canvas", "")
        text_keys = _personal_fields(canvases.get(e.get("run") or ""))
        payload = _scrub_payload(e["kind"], dict(e["payload"]), who, scrub, text_keys)
        events.append({**e, "author": who(e["author"]), "payload": payload})
    return {**data, "events": events, "anonymised": True}


def _roster_names(events: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Every display name the roster events of an export gave, by roster id."""
    names: dict[str, str] = {}
    for e in events:
        p = e["payload"]
        if e["kind"] in ("person_added", "person_edited") and p.get("person") and p.get("name"):
            names[p["person"]] = p["name"]
    return names


def _personal_fields(canvas: str | None) -> Iterable[str]:
    """The payload keys with typed text: the canvas kind's own, or every known one."""
    plugin = registry.get("canvas_kinds", canvas) if canvas else None
    if plugin is None:
        return _TEXT_KEYS
    return (*_TEXT_KEYS, *plugin.obj.personal_fields)


def _scrub_payload(
    kind: str, payload: dict[str, Any], who: Any, scrub: Any, text_keys: Iterable[str] = ()
) -> dict[str, Any]:
    if payload.get("personal") and "text" in payload:
        payload["text"] = PERSONAL_REMOVED
    for key in _PERSON_KEYS.get(kind, ()):
        if key in payload:
            payload[key] = who(payload[key])
    if kind == "glijbaan_set" and isinstance(payload.get("positions"), dict):
        payload["positions"] = {who(a): at for a, at in payload["positions"].items()}
    if kind in _ROSTER_KEYS:
        if payload.get("name") and payload.get("person"):
            payload["name"] = who(payload["person"])  # a person's display name: the pseudonym
        for key in _ROSTER_KEYS[kind]:
            if payload.get(key):
                payload[key] = who(payload[key])
    if kind == "journey_started" and payload.get("label"):
        payload["label"] = scrub(payload["label"])
    for key in text_keys or _TEXT_KEYS:
        if isinstance(payload.get(key), str):
            payload[key] = scrub(payload[key])
    if kind == "result_field_set":
        payload["value"] = _scrub_value(payload.get("value"), scrub)
    if kind == "phase_closed":
        payload["result"] = {k: _scrub_value(v, scrub) for k, v in payload["result"].items()}
    if kind == "key_factor_noted" and isinstance(payload.get("note"), str):
        payload["note"] = scrub(payload["note"])
    if extension_for_event(kind) is not None:
        # method extension payloads (KVU notes, goals, owners): people's names and ids anywhere
        payload = _scrub_value(payload, scrub)
    return payload


def _scrub_value(value: Any, scrub: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrub_value(v, scrub) for v in value]
    if isinstance(value, dict):
        return {
            scrub(k) if isinstance(k, str) else k: _scrub_value(v, scrub) for k, v in value.items()
        }
    return value
