"""The board's commands as plain functions over a journey: what a facilitator's code calls.

The engine knows no canvas kind, so the board's own vocabulary lives here, beside its logic.
Each function is one checked, stored command (see :meth:`~sprintkit.engine.Journey.canvas_op`).

Examples:
    >>> from sprintkit.store import SQLiteStore
    >>> from sprintkit.workspace import start_journey
    >>> journey = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    >>> run = journey.start_run("praktijksafari")
    >>> note = add_note(journey, run, "Donkere tunnel", author="ria_brouwer")
    >>> reveal(journey, run)
    >>> vote(journey, run, note, "tom_bakker")
    >>> journey.run(run).notes[note].votes
    ['tom_bakker']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ...engine import Journey

__all__ = ["add_note", "move_note", "cluster_note", "vote", "reveal", "reveal_tallies"]


def add_note(
    journey: Journey,
    run: str,
    text: str,
    *,
    author: str | None = None,
    column: str | None = None,
    cluster: str | None = None,
    personal: bool = False,
) -> str:
    """Put a note on a board (the first column unless named); returns the note id."""
    payload = {"text": text, "column": column, "cluster": cluster, "personal": personal}
    return journey.item(run, "note_added", author, **payload)


def move_note(journey: Journey, run: str, note: str, column: str) -> None:
    """Move a note to another column."""
    journey.canvas_op(run, "note_moved", {"note": note, "column": column})


def cluster_note(journey: Journey, run: str, note: str, cluster: str | None) -> None:
    """Put a note in a named cluster (``None`` takes it out)."""
    journey.canvas_op(run, "note_clustered", {"note": note, "cluster": cluster})


def vote(journey: Journey, run: str, note: str, voter: str) -> None:
    """One dot for a note (budget per person, no votes for one's own note)."""
    journey.canvas_op(run, "vote_cast", {"note": note}, voter)


def reveal(journey: Journey, run: str) -> None:
    """End silent capture: everyone's notes become visible."""
    journey.canvas_op(run, "notes_revealed", {})


def reveal_tallies(journey: Journey, run: str) -> None:
    """Show the vote counts."""
    journey.canvas_op(run, "tallies_revealed", {})
