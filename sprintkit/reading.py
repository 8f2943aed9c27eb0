"""Reading YAML files into validated models, with located, plain-language problems.

The ground floor of file input: a file becomes a model or a list of located problems
(``path:line:col  field.path  message``). Checks *between* objects and files are
:mod:`sprintkit.validation`'s job, one floor up; :mod:`sprintkit.loading` combines both.
"""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import _resources
from ._errors_text import problems_from_validation
from ._yaml import Positions, parse_yaml, too_big
from .errors import FileValidationError, NotFoundError, Problem
from .i18n import t
from .model import Method

__all__ = [
    "LoadedFile",
    "load_yaml_model",
    "load_one",
    "load_method",
    "builtin_methods",
    "display_path",
    "not_found",
]

M = TypeVar("M", bound=BaseModel)


class LoadedFile:
    """A validated model with the data and positions it was read from."""

    def __init__(self, model: Any, data: Any, positions: Positions, path: str):
        self.model = model
        self.data = data
        self.positions = positions
        self.path = path

    def problem(self, loc: tuple[Any, ...], message: str) -> Problem:
        """A problem located at ``loc`` in this file (at the key when the value is a block)."""
        from ._errors_text import _get
        from ._yaml import _dotted

        value = _get(self.data, loc)
        line, col = self.positions.find(
            loc, prefer_key=value is None or isinstance(value, dict | list)
        )
        return Problem(self.path, line, col, _dotted(loc), message)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a link loop (RuntimeError)
        return str(path)


def _read(path: Path, lang: str | None) -> tuple[Any, Positions, list[Problem], str]:
    shown = display_path(path)
    try:
        oversize = too_big(path.stat().st_size, shown, lang)  # never read a huge file into memory
        if oversize is not None:
            return None, Positions(), [oversize], shown
        raw = path.read_bytes()
    except OSError as exc:
        return None, Positions(), [Problem(shown, 0, 0, "", exc.strerror or str(exc))], shown
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        before = raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start]
        col = len(before.decode("utf-8", errors="replace")) + 1  # in characters, as editors count
        return None, Positions(), [Problem(shown, line, col, "", t("yaml.not_utf8", lang))], shown
    # universal newlines, as read_text gave them
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    data, positions, problems = parse_yaml(text, shown, lang)
    return data, positions, problems, shown


def load_yaml_model(
    path: Path | str, model: type[M], lang: str | None = None
) -> tuple[LoadedFile | None, list[Problem]]:
    """Read ``path`` and validate it as ``model``; return the loaded file and all problems."""
    path = Path(path)
    data, positions, problems, shown = _read(path, lang)
    if data is None and problems:
        return None, problems
    if not isinstance(data, dict):  # also a file that is just `~` or `null`
        return None, problems + [Problem(shown, 1, 1, "", t("yaml.top_mapping", lang))]
    try:
        instance = model.model_validate(data)
    except ValidationError as exc:
        return None, problems + problems_from_validation(exc, model, data, positions, shown, lang)
    loaded = LoadedFile(instance, data, positions, shown)
    return (loaded if not problems else None), problems


def load_one(path: Path | str, model: type[M], lang: str | None = None) -> M:
    """Read and validate one file as ``model``; raise every problem at once."""
    loaded, problems = load_yaml_model(path, model, lang)
    if problems or loaded is None:
        raise FileValidationError(problems)
    return loaded.model


def builtin_methods() -> list[str]:
    """Ids of the methods shipped with sprintkit."""
    return sorted(p.stem for p in _resources.methods_dir().glob("*.yaml"))


@cache
def _builtin_method(name: str) -> Method:
    return load_one(_resources.methods_dir() / f"{name}.yaml", Method)


def load_method(name_or_path: str | Path, lang: str | None = None) -> Method:
    """A built-in method by id (``wijkaanpak``, ``kvu``) or a method YAML file."""
    if str(name_or_path) in builtin_methods():
        return _builtin_method(str(name_or_path))
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return load_one(path, Method, lang)
    raise NotFoundError(not_found("method", str(name_or_path), builtin_methods()))


def not_found(what: str, name: str, choices: list[str]) -> str:
    """The 'no casus x; did you mean y? (known: ...)' message for a name that matches nothing."""
    close = difflib.get_close_matches(Path(name).name, choices, n=1, cutoff=0.5)
    hint = t("journey.did_you_mean", None, names=repr(close[0])) if close else ""
    return t(
        "reading.not_found",
        None,
        what=t(f"reading.what.{what}", None),
        name=name,
        hint=hint,
        known=", ".join(choices) or "-",
    )
