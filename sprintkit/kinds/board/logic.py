"""A board of sticky notes: silent capture, reveal, clustering and dot voting.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``board`` canvas kind.
Faces: ``widget.py``, ``report.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import (
    CanvasError,
    CanvasKind,
    Command,
    NonBlank,
    Operation,
    Reference,
    Refusal,
    draft_value,
)
from ...canvas.replay import new_id
from ...i18n import Message
from ...model import CanvasSettings, Ident, ResultSpec, StrictModel, Text, WorkFormSpec
from ...model._unchecked import whole
from ...model.casus import DemoNote
from ...model.state import NoteState, RunState

__all__ = [
    "Column",
    "BoardCanvas",
    "BoardContent",
    "NoteAdded",
    "NoteEdited",
    "NoteMoved",
    "NoteClustered",
    "NoteRemoved",
    "VoteCast",
    "VoteWithdrawn",
    "NotesRevealed",
    "TalliesRevealed",
    "NotesShuffled",
    "Board",
    "note_order",
    "tallies",
    "votes_used",
]


class Column(StrictModel):
    """A column on a board (e.g. 'Ik hou van')."""

    key: Ident
    label: Text
    prompt: Text | None = None
    #: the result field this column's notes are proposed for (one of the work form's ``feeds``)
    feeds: Ident | None = None


class BoardCanvas(CanvasSettings):
    """Columns of sticky notes: silent capture, reveal, clustering and dot voting."""

    kind: Literal["board"] = "board"
    columns: Annotated[list[Column], Field(min_length=1)]
    silent_capture: bool = True
    clustering: bool = True
    votes_per_person: Annotated[int, Field(ge=0, le=20)] = 3
    self_votes: bool = False
    hide_tallies_until_reveal: bool = True


class BoardContent(StrictModel):
    """What a board holds: its notes (the shape of a demo run's ``notes:``)."""

    notes: list[DemoNote]


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


NoteText = Annotated[NonBlank, Refusal("canvas.note_needs_text")]
NoteRef = Annotated[str, Refusal("canvas.no_note", "note")]


class NoteAdded(Command, kind="note_added", creates="note"):
    """Put a note on the board (in the first column unless one is named)."""

    note: str = Field(default_factory=new_id)
    text: NoteText
    column: str | None = None
    cluster: str | None = None
    personal: bool = False


class NoteEdited(Command, kind="note_edited"):
    """Change a note's text."""

    note: NoteRef
    text: NoteText


class NoteMoved(Command, kind="note_moved"):
    """Move a note to another column."""

    note: NoteRef
    column: str | None = None


class NoteClustered(Command, kind="note_clustered"):
    """Put a note in a named cluster (``None`` takes it out)."""

    note: NoteRef
    cluster: str | None = None


class NoteRemoved(Command, kind="note_removed"):
    """Take a note off the board."""

    note: NoteRef


class VoteCast(Command, kind="vote_cast"):
    """One dot for a note; the voter is the command's author."""

    note: NoteRef


class VoteWithdrawn(Command, kind="vote_withdrawn"):
    """Take one's dot off a note again."""

    note: NoteRef


class NotesRevealed(Command, kind="notes_revealed"):
    """End silent capture: everyone's notes become visible."""


class TalliesRevealed(Command, kind="tallies_revealed"):
    """Show the vote counts."""


class NotesShuffled(Command, kind="notes_shuffled"):
    """Show the notes in a shuffled order (deterministic by ``seed``)."""

    seed: int


BoardCommand = (
    NoteAdded
    | NoteEdited
    | NoteMoved
    | NoteClustered
    | NoteRemoved
    | VoteCast
    | VoteWithdrawn
    | NotesRevealed
    | TalliesRevealed
    | NotesShuffled
)
_ON_A_NOTE = (NoteEdited, NoteMoved, NoteClustered, NoteRemoved, VoteCast, VoteWithdrawn)


class Board(CanvasKind[BoardCommand]):
    """Columns of notes."""

    kind = "board"
    commands = (
        NoteAdded,
        NoteEdited,
        NoteMoved,
        NoteClustered,
        NoteRemoved,
        VoteCast,
        VoteWithdrawn,
        NotesRevealed,
        TalliesRevealed,
        NotesShuffled,
    )
    settings = BoardCanvas
    content_model = BoardContent
    demo_field = "notes"
    personal_fields = frozenset({"text"})
    widget = "sprintkit.kinds.board.widget:BoardWidget"
    report = "sprintkit.kinds.board.report:blocks"

    def check(  # noqa: D102
        self,
        run: RunState,
        event: str,
        command: BoardCommand,
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        canvas = spec.canvas_as(BoardCanvas)
        columns = {c.key for c in canvas.columns}
        if isinstance(command, NoteAdded | NoteMoved):
            if command.column is not None and command.column not in columns:
                known = ", ".join(sorted(columns))
                raise CanvasError(
                    Message("canvas.unknown_column", column=command.column, columns=known)
                )
        if isinstance(command, _ON_A_NOTE) and command.note not in run.notes:
            raise CanvasError(Message("canvas.no_note", note=command.note))
        if isinstance(command, VoteCast):
            self._check_vote(run, command.note, canvas, author)
        if isinstance(command, VoteWithdrawn) and author not in run.notes[command.note].votes:
            raise CanvasError(Message("canvas.no_vote_to_withdraw"))
        if isinstance(command, NoteClustered) and not canvas.clustering:
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
        self, run: RunState, event: str, command: BoardCommand, author: str | None
    ) -> None:
        _APPLY[event](run, command, author)

    def applier(self, event: str) -> Callable[[RunState, Any, str | None], None]:  # noqa: D102
        return _APPLY[event]  # replay calls the event kind's function itself

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
        return _ranked(list(run.notes.values()))

    def draft_items(self, run: RunState, spec: WorkFormSpec) -> list[str]:
        """The items without the notes marked personal."""
        return _ranked([n for n in run.notes.values() if not n.personal])

    def contribute(self, run: RunState, spec: WorkFormSpec, result: ResultSpec) -> dict[str, Any]:
        """A draft per fed field: a column with ``feeds`` proposes its notes for that field.

        Notes in the other columns go to the first fed ``list``/``text`` field no column
        claims, so one note is proposed once. Personal notes are never proposed.
        """
        columns = spec.canvas_as(BoardCanvas).columns
        fields = {f.key: f.kind for f in result.fields if f.key in spec.feeds}
        claimed = {c.key: c.feeds for c in columns if c.feeds in fields}
        free = [k for k in spec.feeds if k not in claimed.values()]
        rest = next((k for k in free if fields.get(k) in ("list", "text")), None)
        notes: dict[str, list[NoteState]] = {}
        for note in run.notes.values():
            target = claimed.get(note.column or "", rest)
            if target is not None and not note.personal:
                notes.setdefault(target, []).append(note)
        return {
            key: draft_value(fields[key], _ranked(group))
            for key, group in notes.items()
            if fields[key] in ("list", "text")
        }

    def operations(self, content: dict[str, Any]) -> Iterator[Operation]:  # noqa: D102
        return _operations(content)

    def prepare(  # noqa: D102
        self, event: str, payload: dict[str, Any], settings: Any, author: str | None
    ) -> dict[str, Any]:
        if event == "note_added" and payload.get("column") is None:
            return {**payload, "column": settings.columns[0].key}  # the first column
        return payload

    def contributions(self, run: RunState) -> Iterator[tuple[str | None, str]]:  # noqa: D102
        for note in run.notes.values():
            yield note.author, "notes"
            for voter in note.votes:
                yield voter, "votes"

    def references(self, content: Any, settings: Any) -> Iterator[Reference]:  # noqa: D102
        columns = frozenset(c.key for c in settings.columns)
        for j, note in enumerate(content.notes):
            yield Reference(("notes", j, "author"), "actor", note.author)
            yield Reference(("notes", j, "column"), "column", note.column, columns)
            for k, voter in enumerate(note.votes):
                yield Reference(("notes", j, "votes", k), "actor", voter)

    def sample(self) -> tuple[dict[str, Any], dict[str, Any]]:  # noqa: D102
        settings = {"kind": "board", "columns": [{"key": "zorgen", "label": "Zorgen"}]}
        notes = [
            {
                "text": "Donkere galerij",
                "author": "ria",
                "column": "zorgen",
                "cluster": None,
                "votes": ["tom"],
            },
            {
                "text": "Geen speelplek",
                "author": "tom",
                "column": "zorgen",
                "cluster": "jeugd",
                "votes": [],
            },
        ]
        return settings, {"notes": notes}


# -- apply: one function per event kind (a table, not an isinstance chain: replay's hot path) --
#: every field, in NoteState's order (the note keeps the dict: see model._unchecked.whole)
_note = whole(NoteState)


def _note_added(run: RunState, command: NoteAdded, author: str | None) -> None:
    # the command was validated when it was given: no second check on refold
    run.notes[command.note] = _note(
        {
            "id": command.note,
            "text": command.text,
            "author": author,
            "column": command.column,
            "cluster": command.cluster,
            "votes": [],
            "personal": bool(command.personal),
        }
    )


# Commands on a note: the note may have been undone, so later events on it have nothing to act
# on. A note's fields are all set when it is made (``whole``), so writing one straight into its
# __dict__ is what pydantic's __setattr__ does (no validation on assignment), at a third of the
# cost: replay's hot path, as the fold's own counters.
def _note_edited(run: RunState, command: NoteEdited, author: str | None) -> None:
    if (note := run.notes.get(command.note)) is not None:
        vars(note)["text"] = command.text


def _note_moved(run: RunState, command: NoteMoved, author: str | None) -> None:
    if (note := run.notes.get(command.note)) is not None:
        vars(note)["column"] = command.column


def _note_clustered(run: RunState, command: NoteClustered, author: str | None) -> None:
    if (note := run.notes.get(command.note)) is not None:
        vars(note)["cluster"] = command.cluster or None


def _note_removed(run: RunState, command: NoteRemoved, author: str | None) -> None:
    run.notes.pop(command.note, None)


def _vote_cast(run: RunState, command: VoteCast, author: str | None) -> None:
    if author and (note := run.notes.get(command.note)) is not None:
        note.votes.append(author)


def _vote_withdrawn(run: RunState, command: VoteWithdrawn, author: str | None) -> None:
    if (note := run.notes.get(command.note)) is not None and author in note.votes:
        note.votes.remove(author)


def _notes_revealed(run: RunState, command: NotesRevealed, author: str | None) -> None:
    run.revealed = True


def _tallies_revealed(run: RunState, command: TalliesRevealed, author: str | None) -> None:
    run.tallies_revealed = True


def _notes_shuffled(run: RunState, command: NotesShuffled, author: str | None) -> None:
    run.shuffle_seed = int(command.seed)


_APPLY: dict[str, Callable[[RunState, Any, str | None], None]] = {
    NoteAdded.kind: _note_added,
    NoteEdited.kind: _note_edited,
    NoteMoved.kind: _note_moved,
    NoteClustered.kind: _note_clustered,
    NoteRemoved.kind: _note_removed,
    VoteCast.kind: _vote_cast,
    VoteWithdrawn.kind: _vote_withdrawn,
    NotesRevealed.kind: _notes_revealed,
    TalliesRevealed.kind: _tallies_revealed,
    NotesShuffled.kind: _notes_shuffled,
}


def _operations(content: dict[str, Any]) -> Iterator[Operation]:
    votes: list[Operation] = []
    for note in content.get("notes", []):
        note_id = new_id()
        yield (
            "note_added",
            {
                "note": note_id,
                "text": note["text"],
                "column": note.get("column"),
                "cluster": note.get("cluster"),
            },
            note.get("author"),
        )
        votes += [("vote_cast", {"note": note_id}, voter) for voter in note.get("votes", [])]
    yield ("notes_revealed", {}, None)
    yield from votes
    if votes:
        yield ("tallies_revealed", {}, None)


def _ranked(notes: list[NoteState]) -> list[str]:
    """Clusters (named, with their notes) and loose notes, most votes first."""
    groups: dict[str, list[NoteState]] = {}
    for note in notes:
        groups.setdefault(note.cluster or f"\x00{note.id}", []).append(note)
    scored = []
    for name, group in groups.items():
        votes = sum(len(n.votes) for n in group)
        text = (
            group[0].text
            if name.startswith("\x00")
            else f"{name}: " + "; ".join(n.text for n in group)
        )
        scored.append((-votes, text))
    return [text for _, text in sorted(scored, key=lambda s: s[0])]
