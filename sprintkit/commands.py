"""Typed commands: one frozen pydantic model per event kind, for canvas kinds and method extensions.

A command is validated when it is made and stored as a plain dict (:meth:`Command.payload`, the
event payload); when a journey is folded again, the stored payload is turned back into the
command *without* validation (:meth:`Command.stored`), so older journeys keep opening and replay
stays cheap. The owners of commands each subclass :class:`Command` once, to say which error
refuses a payload of the wrong shape and in which words (:meth:`Command.shape_refusal`):
:class:`sprintkit.canvas.Command` refuses with ``canvas.*`` messages, the KVU ledger's
:class:`sprintkit.kvu.commands.LedgerCommand` with ``kvu.*`` messages.

A field with a :class:`Refusal` in its ``Annotated`` metadata is refused with that message,
whatever went wrong with it::

    score: Annotated[int, Field(ge=1, le=5, strict=True), Refusal("kvu.bad_score", "value")]
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar, Generic, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from .errors import SprintkitError
from .i18n import Message
from .model._unchecked import maker, unchecked

__all__ = [
    "CommandOwner",
    "Command",
    "Filled",
    "NonBlank",
    "Operation",
    "Refusal",
    "new_id",
    "refusal_of",
]

#: (event kind, payload, author): one command that builds content (demo input, round trips)
Operation = tuple[str, dict[str, Any], str | None]

#: a text that must be given and not empty (missing or ``""`` is refused as required)
Filled = Annotated[str, Field(min_length=1)]
#: a text with at least one character that is not white space
NonBlank = Annotated[str, Field(pattern=r"\S")]


def new_id() -> str:
    """A fresh id for an item a command creates (notes, steps, measurements...)."""
    return uuid.uuid4().hex[:12]


class Refusal:
    """The message refusing a field of the wrong shape; put it in the field's ``Annotated``.

    ``value_as`` names the message value that gets the refused value (``Refusal("canvas.no_note",
    "note")`` says which note); ``values`` are fixed message values.
    """

    __slots__ = ("key", "value_as", "values")

    def __init__(self, key: str, value_as: str | None = None, **values: Any) -> None:
        self.key, self.value_as, self.values = key, value_as, values

    def message(self, value: Any, **context: Any) -> Message:
        """The message for the refused ``value``; ``context`` values give way to fixed ones."""
        extra = {self.value_as: value} if self.value_as else {}
        return Message(self.key, **{**context, **self.values, **extra})

    def __repr__(self) -> str:
        return f"Refusal({self.key!r})"


def refusal_of(model: type[BaseModel], name: str) -> Refusal | None:
    """The :class:`Refusal` in the metadata of the field ``name`` of ``model``, if any."""
    info = model.model_fields.get(name)
    for meta in info.metadata if info is not None else ():
        if isinstance(meta, Refusal):
            return meta
    return None


class Command(BaseModel):
    """Base of a typed command; subclasses name their event kind as a class argument.

    ``class NoteAdded(Command, kind="note_added", creates="note")``: ``kind`` is the stored
    event kind, ``creates`` the field holding the id of the item the command creates (the
    journey, or the field's default, makes it). :attr:`error` is the exception a payload of the
    wrong shape raises, :meth:`shape_refusal` its message when no :class:`Refusal` says it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ClassVar[str]
    creates: ClassVar[str | None] = None
    #: what :meth:`parse` raises for a payload of the wrong shape
    error: ClassVar[type[SprintkitError]] = SprintkitError

    def __init_subclass__(
        cls, *, kind: str | None = None, creates: str | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if kind is not None:
            cls.kind = kind
        if creates is not None:
            cls.creates = creates

    # -- making ---------------------------------------------------------------------------------
    @classmethod
    def parse(cls, payload: Mapping[str, Any]) -> Any:
        """The command of ``payload``, validated; :attr:`error` (in Dutch) when it is wrong."""
        try:
            return cls.model_validate(dict(payload))
        except ValidationError as exc:
            raise cls.error(cls.refusal(exc.errors(include_url=False)[0], payload)) from None

    @classmethod
    def refusal(cls, error: ErrorDetails, payload: Mapping[str, Any]) -> Message:
        """The message for one pydantic ``error``: the field's :class:`Refusal`, or the default.

        The default is :meth:`shape_refusal`, which each owner of commands words.
        """
        name = str(error["loc"][0]) if error["loc"] else ""
        value = payload.get(name)
        meta = refusal_of(cls, name)
        if meta is not None:
            return meta.message(value)
        return cls.shape_refusal(error, name, value)

    @classmethod
    def shape_refusal(cls, error: ErrorDetails, name: str, value: Any) -> Message:
        """The message for an ``error`` in the field ``name`` that no :class:`Refusal` words."""
        raise NotImplementedError(f"{cls.__name__}.shape_refusal")

    @classmethod
    def stored(cls, payload: Mapping[str, Any]) -> Any:
        """The command of a stored payload, *not* validated (refold: fast, and old data opens).

        Missing fields get their defaults; keys the model does not know are left out.
        """
        return unchecked(cls, payload)

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


#: What an owner's hooks get: a union of its :class:`Command` classes, or the payload dict.
C = TypeVar("C")


class CommandOwner(Generic[C]):
    """What owns commands (a canvas kind, a method extension): from payload to command and back.

    An owner names its :attr:`commands`; :attr:`events` and :attr:`command_types` follow from
    them. An owner may instead set :attr:`events` by hand; its hooks then get plain dicts.
    """

    #: the typed commands (one :class:`Command` class per event kind)
    commands: ClassVar[tuple[type[Command], ...]] = ()
    #: the event kinds it handles (derived from :attr:`commands` unless set by hand)
    events: ClassVar[frozenset[str]]
    #: the command class per event kind (derived from :attr:`commands`)
    command_types: ClassVar[Mapping[str, type[Command]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "commands" not in cls.__dict__:
            return
        cls.command_types = {command.kind: command for command in cls.commands}
        if "events" not in cls.__dict__:
            cls.events = frozenset(cls.command_types)

    def command(self, event: str, payload: Mapping[str, Any]) -> C:
        """The command of a payload, validated (a Dutch refusal for a wrong shape).

        An owner without :attr:`commands` gets the payload as a dict.
        """
        model = self.command_types.get(event)
        return cast(C, dict(payload) if model is None else model.parse(payload))

    def stored(self, event: str, payload: dict[str, Any]) -> C:
        """The command of a stored event, *not* validated (refold: fast, and old journeys open)."""
        model = self.command_types.get(event)
        return cast(C, payload if model is None else model.stored(payload))

    def maker(self, event: str) -> Callable[[dict[str, Any]], C]:
        """``lambda payload: self.stored(event, payload)``, made once (replay asks per kind).

        For a typed command it is the command's own :func:`~sprintkit.model._unchecked.maker`,
        so a refold calls one function per event; an owner that overrides :meth:`stored` (to
        read an older payload its own way, say) gets its override called.
        """
        model = self.command_types.get(event)
        if type(self).stored is not CommandOwner.stored:
            return functools.partial(self.stored, event)
        return _as_is if model is None else cast(Callable[[dict[str, Any]], C], maker(model))

    def payload(self, command: C) -> dict[str, Any]:
        """What is stored for ``command``: its :meth:`Command.payload`, or the dict itself."""
        if isinstance(command, Command):
            return command.payload()
        return dict(cast(Mapping[str, Any], command))


def _as_is(payload: Any) -> Any:
    return payload
