"""Journeys in and out: versioned JSON (round-trip exact), CSV of notes and votes, anonymised.

The JSON format (``format: sprintkit-journey``, ``version: 1``) is documented in
``docs/journey-format.md``. It holds every event in order, undo and reset events included, so an
import rebuilds exactly the same state.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from ..errors import SprintkitError
from ..i18n import Message
from ..model import Casus, Method, WorkFormSpec
from ..model.state import JourneyState
from ..privacy import Anonymiser, csv_cell
from ..store import EventRejected, EventStore
from .anonymised import PERSONAL_REMOVED, WITHHELD, anonymise, anonymiser_for
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
    "anonymiser_for",
    "state_anonymiser",
    "PERSONAL_REMOVED",
    "WITHHELD",
]

FORMAT = "sprintkit-journey"
VERSION = 1


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
    """CSV text; every cell neutralised (no live formulas, no control characters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def notes_csv(state: JourneyState, anonymiser: Anonymiser | None = None) -> str:
    """One row per note on every board: phase, work form, column, cluster, text, author, votes.

    With an ``anonymiser`` (:func:`anonymiser_for`) authors are pseudonyms, names and contact
    details in the text and cluster are scrubbed, and a note marked personal loses its text.
    """
    who = anonymiser.who if anonymiser else (lambda v: v)
    text = anonymiser.text if anonymiser else (lambda v: v)
    rows = [
        [
            run.phase,
            run.workform,
            run.id,
            note.id,
            note.column or "",
            text(note.cluster or ""),
            PERSONAL_REMOVED if anonymiser and note.personal else text(note.text),
            who(note.author) or "",
            len(note.votes),
        ]
        for run in state.runs.values()
        for note in run.notes.values()
    ]
    return _rows_to_csv(
        ["phase", "workform", "run", "note", "column", "cluster", "text", "author", "votes"], rows
    )


def votes_csv(state: JourneyState, anonymiser: Anonymiser | None = None) -> str:
    """One row per dot: phase, run, note, voter (a pseudonym with an ``anonymiser``)."""
    who = anonymiser.who if anonymiser else (lambda v: v)
    rows = [
        [run.phase, run.id, note.id, who(voter)]
        for run in state.runs.values()
        for note in run.notes.values()
        for voter in note.votes
    ]
    return _rows_to_csv(["phase", "run", "note", "voter"], rows)


def state_anonymiser(casus: Casus, state: JourneyState, *, lang: str = "nl") -> Anonymiser:
    """The anonymiser of a CSV export: roster, casus actors and every author and voter."""
    typed = [
        who
        for run in state.runs.values()
        for note in run.notes.values()
        for who in (note.author, *note.votes)
    ]
    return anonymiser_for(casus, state.roster, typed=typed, lang=lang)
