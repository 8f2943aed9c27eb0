"""Models made from data that was validated before: no validation, defaults filled in.

Replay is the hot path: every stored event becomes a typed command, and a note on a board a
:class:`~sprintkit.model.state.NoteState`. Both were validated when the command was first given,
so a refold builds them as pydantic's ``model_construct`` would, at a fraction of its cost:
the defaults are worked out once per model class, and the instance gets its fields in the
model's field order (pydantic serialises ``__dict__`` in its order, so a dump stays
byte-identical to that of a validated instance).

Instances given every field share one set of field names as their ``model_fields_set``: a set
of all field names cannot change (pydantic only ever adds a field's name to it, and copies it
for ``model_copy``), so one set per model saves making and freeing one per instance. Models with
``extra="allow"``, whose set takes extra names too, get their own set each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

__all__ = ["unchecked", "maker", "whole"]

M = TypeVar("M", bound=BaseModel)

# Defaults that may be shared between instances: never copied.
_IMMUTABLE = (type(None), bool, int, float, str, tuple, frozenset)
_new = object.__new__
# The slots of every pydantic model, set through their descriptors: a third cheaper than
# ``object.__setattr__``, which looks each name up first.
_set_dict = vars(BaseModel)["__dict__"].__set__
_set_fields_set = vars(BaseModel)["__pydantic_fields_set__"].__set__
_set_extra = vars(BaseModel)["__pydantic_extra__"].__set__
_set_private = vars(BaseModel)["__pydantic_private__"].__set__


class _Spec:
    """One model class's fields, worked out once: template, fresh defaults, required names."""

    __slots__ = ("template", "names", "fresh", "required", "private", "size", "every")

    def __init__(self, model: type[BaseModel]) -> None:
        self.template: dict[str, Any] = {}
        fresh: list[tuple[str, Callable[[], Any]]] = []
        required: list[str] = []
        for name, info in model.model_fields.items():
            self.template[name] = None  # a placeholder that keeps the field's place
            if info.is_required():
                required.append(name)
            elif info.default_factory is None and isinstance(info.default, _IMMUTABLE):
                self.template[name] = info.default
            elif info.default_factory is not None and not _takes_data(info):
                # called as it is: pydantic's get_default inspects its signature every time
                fresh.append((name, info.default_factory))  # type: ignore[arg-type]
            else:
                fresh.append((name, _maker(info.get_default)))
        self.names = frozenset(self.template)
        self.fresh = tuple(fresh)
        self.required = frozenset(required)
        self.private = tuple(model.__private_attributes__.items())
        self.size = len(self.template)
        #: the fields set of an instance given every field (shared: see the module's docstring)
        self.every: set[str] | None = None
        if model.model_config.get("extra") != "allow":
            self.every = set(self.template)

    def fields_set(self, values: Mapping[str, Any]) -> set[str]:
        """The ``model_fields_set`` of an instance given ``values`` (known names only)."""
        if self.every is not None and len(values) == self.size:
            return self.every
        return set(values)

    def private_values(self) -> dict[str, Any] | None:
        """The private attributes' defaults (``None`` when the model has none, as pydantic)."""
        return {k: a.get_default() for k, a in self.private} if self.private else None


def _takes_data(info: FieldInfo) -> bool:
    # pydantic < 2.10 has no factories that take the validated data
    return bool(getattr(info, "default_factory_takes_validated_data", False))


def _maker(get_default: Callable[..., Any]) -> Callable[[], Any]:
    def make() -> Any:
        return get_default(call_default_factory=True, validated_data={})

    return make


_SPECS: dict[type[BaseModel], _Spec] = {}
_MAKERS: dict[type[BaseModel], Callable[[Mapping[str, Any]], Any]] = {}


def _spec(model: type[BaseModel]) -> _Spec:
    try:
        return _SPECS[model]
    except KeyError:
        spec = _SPECS[model] = _Spec(model)
        return spec


def unchecked(model: type[M], values: Mapping[str, Any]) -> M:
    """An instance of ``model`` holding ``values``, *not* validated.

    Fields not given get their defaults (a fresh one for mutable defaults); a required field not
    given is left out, as ``model_construct`` does, and so are keys the model does not know. The
    fields set are the known names given.

    Examples:
        >>> from sprintkit.model.state import NoteState
        >>> note = unchecked(NoteState, {"id": "n1", "text": "Donker"})
        >>> note == NoteState(id="n1", text="Donker"), note.votes is not unchecked(
        ...     NoteState, {"id": "n2", "text": "x"}).votes
        (True, True)
    """
    try:
        make = _MAKERS[model]
    except KeyError:
        make = maker(model)
    result: M = make(values)
    return result


def maker(model: type[M]) -> Callable[[Mapping[str, Any]], M]:
    """The function behind :func:`unchecked` for ``model`` (a hot path calls it directly).

    Made once per model class and kept. The common case, every field given and no other key,
    costs one dict and the four slots of the instance.

    Examples:
        >>> from sprintkit.model.state import NoteState
        >>> make = maker(NoteState)
        >>> make({"id": "n1", "text": "Donker", "kleur": "rood"}).model_fields_set == {"id", "text"}
        True
    """
    try:
        return _MAKERS[model]
    except KeyError:
        pass
    spec = _spec(model)
    template, size, names, every = spec.template, spec.size, spec.names, spec.every
    fresh, required, private = spec.fresh, spec.required, spec.private

    def make(values: Mapping[str, Any]) -> M:
        data = {**template, **values}
        if len(data) != size:  # keys the model does not know (an older version's): left out
            values = {k: v for k, v in values.items() if k in names}
            data = {**template, **values}
        if len(values) == size and every is not None:  # every field given: the common case
            fields_set = every
        else:  # some fields not given: defaults, or left out if required
            fields_set = set(values)
            for name, default in fresh:
                if name not in values:
                    data[name] = default()
            for name in required - fields_set:
                del data[name]
        instance = _new(model)
        _set_dict(instance, data)
        _set_fields_set(instance, fields_set)
        _set_extra(instance, None)
        _set_private(instance, spec.private_values() if private else None)
        return instance

    _MAKERS[model] = make
    return make


def whole(model: type[M]) -> Callable[[dict[str, Any]], M]:
    """A maker for dicts that hold every field of ``model``, in its order, and nothing else.

    The instance keeps the dict it is given as its own (no copy, no check), so the caller makes
    a fresh one each time, in the order of ``model.model_fields`` (a dump follows that order).

    Examples:
        >>> from sprintkit.model.state import NoteState
        >>> note = whole(NoteState)({"id": "n1", "text": "Donker", "author": None,
        ...     "column": None, "cluster": None, "votes": [], "personal": False})
        >>> note == NoteState(id="n1", text="Donker")
        True
    """
    spec = _spec(model)
    every, private = spec.every, spec.private
    if every is None:  # extra="allow": an instance's set may grow, so each gets its own
        return maker(model)

    def make(data: dict[str, Any]) -> M:
        instance = _new(model)
        _set_dict(instance, data)
        _set_fields_set(instance, every)
        _set_extra(instance, None)
        _set_private(instance, spec.private_values() if private else None)
        return instance

    return make
