"""Typed canvas commands: one frozen pydantic model per command kind.

The mechanism (validated when made, stored as a plain dict, rebuilt *without* validation on
refold) is :mod:`sprintkit.commands`, shared with the method extensions; this module adds the
canvas' words::

    class ItemPlaced(Command, kind="item_placed", creates="item"):
        item: str = Field(default_factory=new_id)
        text: Filled
        x: Annotated[float, Field(ge=0, le=1), Refusal("canvas.not_fraction", axis="x")]

A payload of the wrong shape is refused in Dutch (:meth:`Command.parse`) with a
:class:`CanvasError`: a field with a :class:`Refusal` in its metadata gives that message; a
missing or empty field gives ``canvas.required`` with the field's Dutch name; an unknown key gives
``canvas.unknown_key``; any other wrong value ``canvas.bad_value``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic_core import ErrorDetails

from .. import commands
from ..commands import Filled, NonBlank, Operation, Refusal, new_id
from ..errors import SprintkitError
from ..i18n import Message, catalog

__all__ = [
    "CanvasError",
    "Command",
    "Filled",
    "NonBlank",
    "Operation",
    "Refusal",
    "field_label",
    "new_id",
]


class CanvasError(SprintkitError, ValueError):
    """A canvas operation is not allowed (unknown note, vote over budget, own note...)."""


def field_label(name: str) -> Message | str:
    """The Dutch name of a payload field (``canvas.field.<name>``), or the name itself."""
    label = f"canvas.field.{name}"
    return Message(label) if label in catalog() else name


class Command(commands.Command):
    """Base of a typed canvas command; subclasses name their event kind as a class argument.

    ``class NoteAdded(Command, kind="note_added", creates="note")``: ``kind`` is the stored
    event kind, ``creates`` the field holding the id of the item the command creates (the
    journey, or the field's default, makes it).
    """

    error: ClassVar[type[SprintkitError]] = CanvasError

    @classmethod
    def shape_refusal(cls, error: ErrorDetails, name: str, value: Any) -> Message:
        """``canvas.unknown_key``, ``canvas.required`` or ``canvas.bad_value`` for ``name``."""
        if error["type"] == "extra_forbidden":
            return Message("canvas.unknown_key", field=name)
        if error["type"] in ("missing", "string_too_short") or value in (None, ""):
            return Message("canvas.required", field=field_label(name))
        return Message("canvas.bad_value", field=field_label(name))
