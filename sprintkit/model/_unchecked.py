"""Models made from data that was validated before: no validation, defaults filled in.

Replay is the hot path: every stored event becomes a typed command, and a note on a board a
:class:`~sprintkit.model.state.NoteState`. Both were validated when the command was first given,
so a refold builds them as pydantic's ``model_construct`` would, at a fraction of its cost:
the defaults are worked out once per model class, and the instance gets its fields in the
model's field order (pydantic serialises ``__dict__`` in its order, so a dump stays
byte-identical to that of a validated instance).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

__all__ = ["unchecked"]

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

    __slots__ = ("template", "fresh", "required", "private", "size")

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
        self.fresh = tuple(fresh)
        self.required = frozenset(required)
        self.private = tuple(model.__private_attributes__.items())
        self.size = len(self.template)


def _takes_data(info: FieldInfo) -> bool:
    # pydantic < 2.10 has no factories that take the validated data
    return bool(getattr(info, "default_factory_takes_validated_data", False))


def _maker(get_default: Callable[..., Any]) -> Callable[[], Any]:
    def make() -> Any:
        return get_default(call_default_factory=True, validated_data={})

    return make


_SPECS: dict[type[BaseModel], _Spec] = {}


def unchecked(model: type[M], values: Mapping[str, Any]) -> M:
    """An instance of ``model`` holding ``values`` (known field names only), *not* validated.

    Fields not given get their defaults (a fresh one for mutable defaults); a required field not
    given is left out, as ``model_construct`` does. The fields set are the names given.

    Examples:
        >>> from sprintkit.model.state import NoteState
        >>> note = unchecked(NoteState, {"id": "n1", "text": "Donker"})
        >>> note == NoteState(id="n1", text="Donker"), note.votes is not unchecked(
        ...     NoteState, {"id": "n2", "text": "x"}).votes
        (True, True)
    """
    try:
        spec = _SPECS[model]
    except KeyError:
        spec = _SPECS[model] = _Spec(model)
    data = {**spec.template, **values}
    if len(values) < spec.size:  # some fields not given: defaults, or left out if required
        for name, make in spec.fresh:
            if name not in values:
                data[name] = make()
        if spec.required and not spec.required <= values.keys():
            for name in spec.required - values.keys():
                del data[name]
    instance = _new(model)
    _set_dict(instance, data)
    _set_fields_set(instance, set(values))
    _set_extra(instance, None)
    _set_private(instance, {k: a.get_default() for k, a in spec.private} if spec.private else None)
    return instance
