"""The contract every canvas kind fulfils.

A canvas kind lives in one folder with fixed roles (``sprintkit/kinds/<kind>/`` for the built-in
ones, any package for a plugin): ``logic.py`` holds its settings, content and the
:class:`CanvasKind` subclass; ``widget.py`` its notebook face; ``report.py`` its report blocks;
``phone.py`` (optional) what a participant's phone shows and does.
Logic never imports its faces: it names them as ``"module:attribute"`` paths (:attr:`widget`,
:attr:`report`, :attr:`phone`), which the widget, report and serve layers import when needed.
Every kind, built-in or from a plugin, is registered through the entry point group
``sprintkit.canvas_kinds`` (see :mod:`sprintkit.registry`); the generic layers never name one.

The hooks, in the order a command meets them:

* :meth:`prepare` fills defaults into a command's payload (a board's first column);
* :meth:`command` turns the payload into the kind's typed command (:attr:`commands`), refusing a
  payload of the wrong shape in Dutch; a kind without :attr:`commands` keeps the plain dict;
* :meth:`check` refuses a command that is not allowed, before anything is stored;
* :meth:`apply` folds a stored event into the run (pure; never raises for a dangling reference);
  it gets the command made from the stored payload without validation (:meth:`stored`);
  replay calls it through :meth:`applier` (per event kind; a kind may return its own function);
* :meth:`content` shows the run in the shape of :attr:`content_model`, the same shape demo
  input uses; :meth:`operations` is its inverse (content -> the commands that build it);
* :meth:`items`, :meth:`parties` and :meth:`contribute` turn the run into result values;
* :meth:`contributions` and :meth:`decision` say who put in what, for the cooperation report;
* :meth:`references` names what demo content refers to, for located validation;
* :meth:`sample` gives valid settings and content, for the contract test every kind passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any, ClassVar, TypeVar

from .. import registry
from ..commands import CommandOwner
from ..i18n import Message
from ..model import ResultSpec, StrictModel, WorkFormSpec
from ..model.state import RunState
from .commands import CanvasError, Operation, field_label

__all__ = [
    "CanvasKind",
    "CanvasError",
    "Operation",
    "Reference",
    "canvas_kind",
    "draft_value",
    "face",
    "require",
]

#: What a kind's ``check`` and ``apply`` get: a union of its :class:`Command` classes for a typed
#: kind, the plain payload dict for a kind without :attr:`CanvasKind.commands`.
C = TypeVar("C")


@dataclass(frozen=True)
class Reference:
    """Something demo content refers to by name, located within the content.

    ``known`` lists the names that exist; ``None`` means the casus' actors (validation knows them).
    """

    loc: tuple[Any, ...]
    what: str
    name: Any
    known: frozenset[str] | None = None


def require(payload: Mapping[str, Any], *keys: str) -> None:
    """Refuse a command whose ``keys`` are missing or empty, naming the field in Dutch."""
    for key in keys:
        if payload.get(key) in (None, ""):
            raise CanvasError(Message("canvas.required", field=field_label(key)))


class CanvasKind(CommandOwner[C]):
    """Base class: subclasses set the class variables and implement the hooks they need.

    A typed kind names its :attr:`commands` (``CanvasKind[NoteAdded | NoteMoved]``); its
    :attr:`events` and :attr:`creates` follow from them. A kind may instead set :attr:`events`
    (and :attr:`creates`) by hand; its hooks then get the payload as a plain dict.
    """

    kind: ClassVar[str]
    #: the model of the ``canvas:`` block of a work form file (with ``kind: Literal[...]``)
    settings: ClassVar[type[StrictModel]]
    #: the model of :meth:`content` (and of demo input)
    content_model: ClassVar[type[StrictModel] | None] = None
    #: commands that create an item, and the payload key of the id the journey gives it
    creates: ClassVar[Mapping[str, str]] = {}
    #: payload keys holding text people typed (scrubbed in anonymised exports)
    personal_fields: ClassVar[frozenset[str]] = frozenset({"text"})
    #: per event kind, payload keys whose free text never leaves in an anonymised export
    #: (an approval round's reasons: a consent round's objections)
    withheld_fields: ClassVar[Mapping[str, frozenset[str]]] = {}
    #: the demo input field of a run that holds this kind's content, when not ``content``
    demo_field: ClassVar[str | None] = None
    #: ``"module:Class"`` of the notebook widget (``None``: a generic read-only view)
    widget: ClassVar[str | None] = None
    #: ``"module:function"`` returning report blocks (``None``: the summary items as bullets)
    report: ClassVar[str | None] = None
    #: ``"module:attribute"`` of the phone face, a :class:`sprintkit.serve.faces.PhoneFace`
    #: (``None``: a participant's phone says "volg het scherm" for runs of this kind)
    phone: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)  # commands -> events, command_types
        if "commands" in cls.__dict__ and "creates" not in cls.__dict__:
            cls.creates = {c.kind: c.creates for c in cls.commands if c.creates is not None}

    def prepare(
        self, event: str, payload: dict[str, Any], settings: Any, author: str | None
    ) -> dict[str, Any]:
        """The payload with defaults filled in (called before :meth:`check`)."""
        return payload

    def check(
        self,
        run: RunState,
        event: str,
        command: C,
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        """Raise :class:`CanvasError` when the command is not allowed in this run (its state)."""

    def apply(self, run: RunState, event: str, command: C, author: str | None) -> None:
        """Apply a stored event to the run. Must never raise for a dangling reference."""
        raise NotImplementedError

    def applier(self, event: str) -> Callable[[RunState, C, str | None], None]:
        """:meth:`apply` for one event kind: ``apply(run, event, command, author)``.

        Replay asks once per event kind and fold and calls it for every such event. A kind whose
        :meth:`apply` looks up a function per event kind (the board) returns that function, which
        spares a call per event; the result must be the same as :meth:`apply`'s.
        """
        apply = self.apply

        def applier(run: RunState, command: C, author: str | None) -> None:
            apply(run, event, command, author)

        return applier

    def content(self, run: RunState) -> dict[str, Any]:
        """The run's content in the shape of :attr:`content_model`."""
        return dict(run.content)

    def operations(self, content: dict[str, Any]) -> Iterable[Operation]:
        """The operations that build ``content`` on an empty canvas (demo input, round trips)."""
        raise CanvasError(Message("kind.no_demo_input", kind=self.kind))

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:
        """Short texts summarising the canvas, most important first."""
        return []

    def parties(self, run: RunState) -> dict[str, bool]:
        """People who took a stand on the canvas and whether they agreed (consent rounds)."""
        return {}

    def contributions(self, run: RunState) -> Iterator[tuple[str | None, str]]:
        """Who put in what: ``(person, what)`` pairs.

        ``what`` is one of ``notes``, ``votes``, ``objections``, ``consents`` or ``items``.
        """
        return iter(())

    def decision(self, run: RunState) -> tuple[tuple[str, ...], str] | None:
        """A decision the run recorded: the people in it and ``made`` or ``broken``."""
        return None

    def references(self, content: Any, settings: Any) -> Iterator[Reference]:
        """What validated demo ``content`` (a :attr:`content_model`) refers to."""
        return iter(())

    def sample(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Valid ``canvas:`` settings and content of this kind (for the contract test)."""
        raise NotImplementedError(f"{type(self).__name__}.sample")

    def draft_items(self, run: RunState, spec: WorkFormSpec) -> list[str]:
        """The items that may be proposed for a result: :meth:`items` without personal ones."""
        return self.items(run, spec)

    def contribute(self, run: RunState, spec: WorkFormSpec, result: ResultSpec) -> dict[str, Any]:
        """A *draft* for the result fields this work form ``feeds`` (shown, never stored).

        The items go to one field only, the first fed ``list`` or ``text`` field (a ``text``
        field gets one line per item, for the facilitator to rewrite); parties and approvals go
        to every fed field of those kinds. Personal notes are never proposed.
        """
        items, parties = self.draft_items(run, spec), self.parties(run)
        out: dict[str, Any] = {}
        placed = False
        for key in spec.feeds:
            try:
                kind = result.field(key).kind
            except KeyError:
                continue
            if kind in ("list", "text") and items and not placed:
                out[key] = draft_value(kind, items)
                placed = True
            elif kind == "parties" and parties:
                out[key] = sorted(parties)
            elif kind == "approvals" and parties:
                out[key] = dict(sorted(parties.items()))
        return out


def draft_value(kind: str, items: list[str]) -> Any:
    r"""Items as a draft of a ``list`` field (the items) or a ``text`` field (a line each).

    Examples:
        >>> draft_value("text", ["Donker bij de tunnel", "Geen plek voor jongeren"])
        'Donker bij de tunnel\nGeen plek voor jongeren'
    """
    return list(items) if kind == "list" else "\n".join(items)


def canvas_kind(kind: str) -> CanvasKind[Any]:
    """The logic of a canvas kind, built-in or from a plugin."""
    try:
        logic: CanvasKind[Any] = registry.canvas(kind)
    except KeyError:
        known = ", ".join(registry.canvas_kinds())
        raise CanvasError(Message("kind.unknown", kind=kind, known=known)) from None
    return logic


@cache
def face(path: str) -> Callable[..., Any]:
    """What a kind's ``widget``, ``report`` or ``phone`` path (``"module:attribute"``) names.

    Imported now; the widget, report and serve layers call this; logic never imports its own faces.
    """
    module, _, name = path.partition(":")
    found: Callable[..., Any] = getattr(import_module(module), name)
    return found
