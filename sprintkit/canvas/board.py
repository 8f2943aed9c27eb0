"""A board of sticky notes: silent capture, reveal, clustering and dot voting."""

from __future__ import annotations

import random
from typing import Any

from ..i18n import Message
from ..model import WorkFormSpec
from ..model.state import NoteState, RunState
from ._base import CanvasError, CanvasKind

__all__ = ["Board", "note_order", "tallies"]


def note_order(run: RunState) -> list[NoteState]:
    """Notes in display order: as added, or shuffled with the run's seed (deterministic)."""
    notes = list(run.notes.values())
    if run.shuffle_seed is not None:
        random.Random(run.shuffle_seed).shuffle(notes)
    return notes


def tallies(run: RunState) -> dict[str, int]:
    """Votes per note id."""
    return {note.id: len(note.votes) for note in run.notes.values()}


def votes_used(run: RunState, voter: str) -> int:
    """How many dots ``voter`` has placed on this board."""
    return sum(note.votes.count(voter) for note in run.notes.values())


class Board(CanvasKind):
    """Columns of notes."""

    kind = "board"
    events = frozenset(
        {
            "note_added",
            "note_edited",
            "note_moved",
            "note_clustered",
            "note_removed",
            "vote_cast",
            "vote_withdrawn",
            "notes_revealed",
            "tallies_revealed",
            "notes_shuffled",
        }
    )

    def check(  # noqa: D102
        self,
        run: RunState,
        event: str,
        payload: dict[str, Any],
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        canvas = spec.canvas
        columns = {c.key for c in canvas.columns}  # type: ignore[union-attr]
        if event in ("note_added", "note_moved"):
            column = payload.get("column")
            if column is not None and column not in columns:
                known = ", ".join(sorted(columns))
                raise CanvasError(Message("canvas.unknown_column", column=column, columns=known))
        if event == "note_added" and not str(payload.get("text", "")).strip():
            raise CanvasError(Message("canvas.note_needs_text"))
        if (
            event
            in (
                "note_edited",
                "note_moved",
                "note_clustered",
                "note_removed",
                "vote_cast",
                "vote_withdrawn",
            )
            and payload.get("note") not in run.notes
        ):
            raise CanvasError(Message("canvas.no_note", note=payload.get("note")))
        if event == "vote_cast":
            self._check_vote(run, payload["note"], canvas, author)
        if event == "vote_withdrawn" and author not in run.notes[payload["note"]].votes:
            raise CanvasError(Message("canvas.no_vote_to_withdraw"))
        if event == "note_clustered" and not canvas.clustering:  # type: ignore[union-attr]
            raise CanvasError(Message("canvas.no_clusters"))

    def _check_vote(self, run: RunState, note_id: str, canvas: Any, voter: str | None) -> None:
        if not voter:
            raise CanvasError(Message("canvas.vote_needs_voter"))
        budget = canvas.votes_per_person
        if budget == 0:
            raise CanvasError(Message("canvas.no_voting"))
        if votes_used(run, voter) >= budget:
            raise CanvasError(Message("canvas.votes_used", voter=voter, count=budget))
        if not canvas.self_votes and run.notes[note_id].author == voter:
            raise CanvasError(Message("canvas.own_note"))

    def apply(  # noqa: D102
        self, run: RunState, event: str, payload: dict[str, Any], author: str | None
    ) -> None:
        note = run.notes.get(payload.get("note", ""))
        if event == "note_added":
            run.notes[payload["note"]] = NoteState(
                id=payload["note"],
                text=payload["text"],
                author=author,
                column=payload.get("column"),
                cluster=payload.get("cluster"),
                personal=bool(payload.get("personal", False)),
            )
        elif event == "notes_revealed":
            run.revealed = True
        elif event == "tallies_revealed":
            run.tallies_revealed = True
        elif event == "notes_shuffled":
            run.shuffle_seed = int(payload["seed"])
        elif note is None:
            return  # the note was undone: later events on it have nothing to act on
        elif event == "note_edited":
            note.text = payload["text"]
        elif event == "note_moved":
            note.column = payload.get("column")
        elif event == "note_clustered":
            note.cluster = payload.get("cluster") or None
        elif event == "note_removed":
            del run.notes[note.id]
        elif event == "vote_cast" and author:
            note.votes.append(author)
        elif event == "vote_withdrawn" and author in note.votes:
            note.votes.remove(author)

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        notes = [
            {
                "text": n.text,
                "author": n.author,
                "column": n.column,
                "cluster": n.cluster,
                "votes": list(n.votes),
            }
            for n in run.notes.values()
        ]
        return {"notes": notes}

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:
        """Clusters (named, with their notes) and loose notes, most votes first."""
        groups: dict[str, list[NoteState]] = {}
        for note in run.notes.values():
            groups.setdefault(note.cluster or f"\x00{note.id}", []).append(note)
        scored = []
        for name, notes in groups.items():
            votes = sum(len(n.votes) for n in notes)
            text = (
                notes[0].text
                if name.startswith("\x00")
                else f"{name}: " + "; ".join(n.text for n in notes)
            )
            scored.append((-votes, text))
        return [text for _, text in sorted(scored, key=lambda s: s[0])]
