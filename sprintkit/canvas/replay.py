"""The operations that build a canvas from its content: the inverse of ``CanvasKind.content``.

Used to play a casus' demo input into a journey, and by the round-trip tests (content ->
operations -> fold -> content gives the same content back).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

__all__ = ["operations", "Operation"]

#: (event kind, payload, author)
Operation = tuple[str, dict[str, Any], str | None]


def _id() -> str:
    return uuid.uuid4().hex[:12]


def operations(kind: str, content: dict[str, Any]) -> list[Operation]:
    """The canvas operations that produce ``content`` on an empty canvas of ``kind``."""
    if kind not in _BUILDERS:
        from ._base import canvas_kind

        return list(canvas_kind(kind).operations(content))
    return list(_BUILDERS[kind](content))


def _board(content: dict[str, Any]) -> Iterator[Operation]:
    votes: list[Operation] = []
    for note in content.get("notes", []):
        note_id = _id()
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


def _fields_map(content: dict[str, Any]) -> Iterator[Operation]:
    yield ("subject_set", {"subject": content["subject"]}, None)
    for field, texts in content.get("fields", {}).items():
        for text in texts:
            yield ("field_item_added", {"item": _id(), "field": field, "text": text}, None)


def _journey(content: dict[str, Any]) -> Iterator[Operation]:
    yield ("subject_set", {"subject": content["subject"]}, None)
    for step in content.get("steps", []):
        yield ("step_added", {"step": _id(), **step}, None)


def _matrix(content: dict[str, Any]) -> Iterator[Operation]:
    for item in content.get("items", []):
        payload = {"item": _id(), "text": item["text"], "x": item["x"], "y": item["y"]}
        yield ("item_placed", payload, item.get("author"))


def _consent_round(content: dict[str, Any]) -> Iterator[Operation]:
    yield ("proposal_set", {"text": content["proposal"]}, None)
    resolved = []
    for objection in content.get("objections", []):
        objection_id = _id()
        yield (
            "objection_recorded",
            {"objection": objection_id, "text": objection["text"]},
            objection["by"],
        )
        if objection.get("resolved"):
            resolved.append(objection_id)
    if content.get("amended_proposal"):
        yield ("proposal_amended", {"text": content["amended_proposal"]}, None)
    for objection_id in resolved:
        yield ("objection_resolved", {"objection": objection_id}, None)
    for person in content.get("consenting", []):
        yield ("consent_given", {}, person)
    if content.get("decision", "open") != "open":
        yield ("decision_recorded", {"decision": content["decision"]}, None)


def _ab(content: dict[str, Any]) -> Iterator[Operation]:
    yield ("subject_set", {"subject": content["subject"]}, None)
    for variant, text in content.get("variants", {}).items():
        yield ("variant_set", {"variant": variant, "text": text}, None)
    for measure, values in content.get("results", {}).items():
        for variant, value in values.items():
            yield (
                "measure_recorded",
                {"measure": measure, "variant": variant, "value": value},
                None,
            )
    if content.get("outcome") is not None or content.get("winner") is not None:
        yield (
            "outcome_set",
            {"outcome": content.get("outcome"), "winner": content.get("winner")},
            None,
        )


def _grid(content: dict[str, Any]) -> Iterator[Operation]:
    for idea in content.get("ideas", []):
        yield ("idea_added", {"idea": idea}, None)
    for cell in content.get("cells", []):
        yield ("cell_set", dict(cell), None)


_BUILDERS = {
    "board": _board,
    "fields_map": _fields_map,
    "journey": _journey,
    "matrix": _matrix,
    "consent_round": _consent_round,
    "ab_comparison": _ab,
    "perspectives_grid": _grid,
}
