"""Turn pydantic validation errors into short located problems in plain words.

Messages are chosen by pydantic's error ``type`` (stable across releases), not by its message
text, and looked up in the i18n catalogue under ``error.<type>``.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from . import registry
from ._dutch_words import FIELD_WORDS, VALUE_WORDS, suggest
from ._yaml import Positions, _dotted
from .errors import Problem
from .i18n import catalog, default_lang, t
from .model._base import StrictModel

__all__ = ["problems_from_validation", "data_path", "did_you_mean", "shorten"]

Loc = tuple[Any, ...]

#: length errors whose message is counted by their limit (plural forms in the catalogue)
_COUNTED = {
    "string_too_short": "min_length",
    "string_too_long": "max_length",
    "too_short": "min_length",
    "too_long": "max_length",
}

_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9-]*$": "error.pattern_slug",
    r"^[a-z0-9][a-z0-9_-]*$": "error.pattern_ident",
}


def shorten(value: Any, limit: int = 40) -> str:
    """A short ``repr`` of a value for ``(got: ...)``."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def did_you_mean(word: str, choices: typing.Iterable[str], lang: str | None = None) -> str:
    """``"; did you mean 'x'?"`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return t("error.did_you_mean", lang, name=close[0]) if close else ""


def data_path(data: Any, loc: Loc) -> Loc:
    """Drop the parts of a pydantic ``loc`` that are not in the data (union tags, ``[key]``)."""
    out: list[Any] = []
    current = data
    for part in loc:
        if isinstance(current, dict):
            if part in current:
                out.append(part)
                current = current[part]
            elif part == "[key]" or (isinstance(part, str) and current.get("kind") == part):
                continue
            else:
                out.append(part)
                current = None
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            out.append(part)
            current = current[part]
        elif current is None or isinstance(part, int):
            out.append(part)
            current = None
        # else: a tag into a scalar (e.g. 'str' branch of a union): skip it
    return tuple(out)


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types behind Annotated / Optional / Union."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return [x for arg in typing.get_args(tp) for x in _unwrap(arg) if x is not type(None)]
    return [tp]


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _by_kind(tp: Any, data: Any) -> Any:
    """A field typed by the registry (a canvas: settings of its ``kind``) as that model."""
    if tp is not StrictModel or not isinstance(data, dict):
        return tp
    plugin = registry.get("canvas_kinds", str(data.get("kind")))
    return getattr(plugin.obj, "settings", tp) if plugin is not None else tp


def _step(tp: Any, part: Any) -> Any:
    for candidate in _unwrap(tp):
        origin = typing.get_origin(candidate)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            for name, info in candidate.model_fields.items():
                if part in (name, info.alias):
                    return info.annotation
            kind = candidate.model_fields.get("kind")
            if kind is not None and kind.default == part:
                return candidate
        elif origin in (list, tuple) and isinstance(part, int):
            return typing.get_args(candidate)[0]
        elif origin is dict:
            return typing.get_args(candidate)[1]
    return None


def _allowed_keys(root: type[BaseModel], loc: Loc, data: Any = None) -> list[str]:
    tp: Any = root
    for part in loc:
        tp = _step(tp, part)
        data = data.get(part) if isinstance(data, dict) else None
        if tp is None:
            return []
        tp = _by_kind(tp, data)
    for candidate in _unwrap(tp):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return _field_names(candidate)
    return []


def _message(err: dict[str, Any], root: type[BaseModel], lang: str | None, data: Any = None) -> str:
    kind = err["type"]
    ctx = {k: v for k, v in (err.get("ctx") or {}).items() if k != "at"}
    if kind in ("enum", "literal_error") and isinstance(err.get("input"), str):
        # a Dutch word for one of the choices: the choice it means *here* (FIELD_WORDS and
        # VALUE_WORDS list the candidates; the first one this place allows is suggested)
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        english = suggest(err["input"], VALUE_WORDS, choices)
        if english is not None:
            return t(f"error.{kind}", lang, expected=_plain(ctx["expected"], lang)) + did_you_mean(
                english, [english], lang
            )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(root, data_path(data, tuple(err["loc"][:-1])), data)
        typed = str(err["loc"][-1])
        field = suggest(typed, FIELD_WORDS, allowed)
        hint = did_you_mean(field, [field], lang) if field else did_you_mean(typed, allowed, lang)
        return t("error.extra_forbidden", lang) + hint
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_HINTS:
        return t(_PATTERN_HINTS[ctx["pattern"]], lang)
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        kind = "empty"
    if f"error.{kind}" in catalog():
        values: dict[str, Any] = {k: _plain(v, lang) for k, v in ctx.items()}
        if kind in _COUNTED:  # "hoogstens 1 teken", "hoogstens 2 tekens": the limit is the count
            values["count"] = ctx[_COUNTED[kind]]
        return t(f"error.{kind}", lang, **values)
    return err["msg"]


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _plain(value: Any, lang: str | None) -> str:
    if not isinstance(value, str):
        return str(value)
    text = value.replace("'", "")
    return text.replace(" or ", " of ") if (lang or default_lang()) == "nl" else text


def problems_from_validation(
    exc: ValidationError,
    root: type[BaseModel],
    data: Any,
    positions: Positions,
    path: str,
    lang: str | None = None,
    prefix: Loc = (),
) -> list[Problem]:
    """One :class:`Problem` per pydantic error, located and worded for people."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = data_path(data, tuple(err["loc"]))
        message = _message(dict(err), root, lang, data)
        value = err.get("input")
        at = (err.get("ctx") or {}).get("at")
        if at:  # a model-level check that knows which field is at fault
            loc = loc + tuple(at)
            value = _get(data, loc)
        elif err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = loc + (err["ctx"]["discriminator"].strip("'"),)
            value = None  # the message already names the tag
        if err["type"] not in ("missing", "extra_forbidden") and not isinstance(
            value, dict | list | type(None)
        ):
            message += " " + t("error.got", lang, value=shorten(value))
        prefer_key = err["type"] in ("extra_forbidden", "missing") or isinstance(
            _get(data, loc), dict | list
        )
        line, col = positions.find(prefix + loc, prefer_key=prefer_key)
        problems.append(Problem(path, line, col, _dotted(prefix + loc), message))
    return problems
