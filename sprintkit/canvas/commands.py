"""Typed canvas commands: one frozen pydantic model per command kind.

A command is validated when it is made and stored as a plain dict (:meth:`Command.payload`, the
event payload, unchanged in shape); when a journey is folded again, the stored payload is turned
back into the command *without* validation (:meth:`Command.stored`), so older journeys keep
opening and replay stays cheap::

    class ItemPlaced(Command, kind="item_placed", creates="item"):
        item: str = Field(default_factory=new_id)
        text: Filled
        x: Annotated[float, Field(ge=0, le=1), Refusal("canvas.not_fraction", axis="x")]

A payload of the wrong shape is refused in Dutch (:meth:`Command.parse`): a field with a
:class:`Refusal` in its metadata gives that message; a missing or empty field gives
``canvas.required`` with the field's Dutch name; an unknown key gives ``canvas.unknown_key``;
any other wrong value ``canvas.bad_value``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

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

#: (event kind, payload, author): one command that builds content (demo input, round trips)
Operation = tuple[str, dict[str, Any], str | None]

#: a text that must be given and not empty (missing or ``""`` is ``canvas.required``)
Filled = Annotated[str, Field(min_length=1)]
#: a text with at least one character that is not white space
NonBlank = Annotated[str, Field(pattern=r"\S")]

# Defaults that may be shared between commands: folding never copies them.
_IMMUTABLE = (type(None), bool, int, float, str, tuple, frozenset)


class CanvasError(SprintkitError, ValueError):
    """A canvas operation is not allowed (unknown note, vote over budget, own note...)."""


def new_id() -> str:
    """A fresh id for an item a command creates (notes, steps, objections...)."""
    return uuid.uuid4().hex[:12]


def field_label(name: str) -> Message | str:
    """The Dutch name of a payload field (``canvas.field.<name>``), or the name itself."""
    label = f"canvas.field.{name}"
    return Message(label) if label in catalog() else name


class Refusal:
    """The message refusing a field of the wrong shape; put it in the field's ``Annotated``.

    ``value_as`` names the message value that gets the refused value (``Refusal("canvas.no_note",
    "note")`` says which note); ``values`` are fixed message values.
    """

    __slots__ = ("key", "value_as", "values")

    def __init__(self, key: str, value_as: str | None = None, **values: Any) -> None:
        self.key, self.value_as, self.values = key, value_as, values

    def message(self, value: Any) -> Message:
        """The message for the refused ``value``."""
        extra = {self.value_as: value} if self.value_as else {}
        return Message(self.key, **self.values, **extra)

    def __repr__(self) -> str:
        return f"Refusal({self.key!r})"


class Command(BaseModel):
    """Base of a typed canvas command; subclasses name their event kind as a class argument.

    ``class NoteAdded(Command, kind="note_added", creates="note")``: ``kind`` is the stored
    event kind, ``creates`` the field holding the id of the item the command creates (the
    journey, or the field's default, makes it).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ClassVar[str]
    creates: ClassVar[str | None] = None
    _shared: ClassVar[dict[str, Any]] = {}
    _made: ClassVar[dict[str, Callable[[], Any]]] = {}
    _names: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(
        cls, *, kind: str | None = None, creates: str | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if kind is not None:
            cls.kind = kind
        if creates is not None:
            cls.creates = creates

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        # Precompute the defaults once, so :meth:`stored` is a dict merge per event.
        shared: dict[str, Any] = {}
        made: dict[str, Callable[[], Any]] = {}
        for name, info in cls.model_fields.items():
            if info.is_required():
                continue
            if info.default_factory is None and isinstance(info.default, _IMMUTABLE):
                shared[name] = info.default
            else:
                made[name] = _maker(info.get_default, name)
        cls._shared, cls._made, cls._names = shared, made, frozenset(cls.model_fields)

    # -- making ---------------------------------------------------------------------------------
    @classmethod
    def parse(cls, payload: Mapping[str, Any]) -> Any:
        """The command of ``payload``, validated; :class:`CanvasError` (Dutch) when it is wrong."""
        try:
            return cls.model_validate(dict(payload))
        except ValidationError as exc:
            raise CanvasError(cls.refusal(exc.errors(include_url=False)[0], payload)) from None

    @classmethod
    def refusal(cls, error: ErrorDetails, payload: Mapping[str, Any]) -> Message:
        """The Dutch message for one pydantic ``error`` in ``payload``."""
        name = str(error["loc"][0]) if error["loc"] else ""
        value = payload.get(name)
        info = cls.model_fields.get(name)
        for meta in info.metadata if info is not None else ():
            if isinstance(meta, Refusal):
                return meta.message(value)
        if error["type"] == "extra_forbidden":
            return Message("canvas.unknown_key", field=name)
        if error["type"] in ("missing", "string_too_short") or value in (None, ""):
            return Message("canvas.required", field=field_label(name))
        return Message("canvas.bad_value", field=field_label(name))

    @classmethod
    def stored(cls, payload: Mapping[str, Any]) -> Any:
        """The command of a stored payload, *not* validated (refold: fast, and old data opens).

        Missing fields get their defaults; keys the model does not know are left out.
        """
        if not payload.keys() <= cls._names:
            payload = {k: v for k, v in payload.items() if k in cls._names}
        values = {**cls._shared, **payload}
        if len(values) < len(cls._names):  # a field whose default is made fresh each time
            for name, make in cls._made.items():
                if name not in values:
                    values[name] = make()
        command = _new(cls)
        _set(command, "__dict__", values)
        _set(command, "__pydantic_fields_set__", set(payload))
        _set(command, "__pydantic_extra__", None)
        _set(command, "__pydantic_private__", None)
        return command

    # -- storing --------------------------------------------------------------------------------
    def payload(self) -> dict[str, Any]:
        """The stored event payload: the fields that were given (and the id of a new item)."""
        # no serializer warnings: a command made by stored() may hold what an old version wrote
        out = self.model_dump(exclude_unset=True, warnings=False)
        if self.creates is not None and self.creates not in out:
            out = {self.creates: getattr(self, self.creates), **out}
        return out

    def operation(self, author: str | None = None) -> Operation:
        """This command as an :data:`Operation` (what ``CanvasKind.operations`` yields)."""
        return (self.kind, self.payload(), author)


_new, _set = object.__new__, object.__setattr__


def _maker(get_default: Callable[..., Any], name: str) -> Callable[[], Any]:
    def make() -> Any:
        return get_default(call_default_factory=True, validated_data={})

    make.__name__ = f"default_{name}"
    return make
