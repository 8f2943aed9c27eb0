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

from . import _read_cache, _resources, _yaml, _yaml_limits
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
    """A validated model with the data and positions it was read from.

    ``positions`` are found when first asked for: a file whose parse came from the cache
    (:mod:`sprintkit._read_cache`) is composed again only when a problem must be located.
    ``digest`` is the SHA-256 of the file's bytes (``None`` for data that came from no file).
    """

    def __init__(
        self,
        model: Any,
        data: Any,
        positions: Positions | None,
        path: str,
        *,
        text: str = "",
        digest: str | None = None,
    ):
        self.model = model
        self.data = data
        self._positions = positions
        self._text = text
        self.path = path
        self.digest = digest

    @property
    def positions(self) -> Positions:
        """Where each value of the file stands."""
        if self._positions is None:
            self._positions = parse_yaml(self._text, self.path)[1]
        return self._positions

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


class _Read:
    """One file as read: its data, problems, text and digest; positions only once composed."""

    def __init__(self, shown: str, problems: list[Problem], data: Any = None) -> None:
        self.shown, self.problems, self.data = shown, problems, data
        self.positions: Positions | None = Positions()
        self.text, self.digest, self.cached = "", "", False


def _read(path: Path, lang: str | None) -> _Read:
    shown = display_path(path)
    try:
        oversize = too_big(path.stat().st_size, shown, lang)  # never read a huge file into memory
        if oversize is not None:
            return _Read(shown, [oversize])
        raw = path.read_bytes()
    except OSError as exc:
        return _Read(shown, [Problem(shown, 0, 0, "", exc.strerror or str(exc))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        before = raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start]
        col = len(before.decode("utf-8", errors="replace")) + 1  # in characters, as editors count
        return _Read(shown, [Problem(shown, line, col, "", t("yaml.not_utf8", lang))])
    # universal newlines, as read_text gave them
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = _read_cache.file_digest(raw)
    read = _Read(shown, [])
    read.text, read.digest = text, digest
    cached = _read_cache.get("yaml", _parse_key(digest))
    if cached is not None:  # parsed before without a problem: the same data, positions on demand
        read.data, read.positions, read.cached = cached, None, True
        return read
    read.data, read.positions, read.problems = parse_yaml(text, shown, lang)
    return read


def _parse_key(digest: str) -> str:
    """The cache key of a file's parse: its bytes, the code, and the reader's limits."""
    limits = (_yaml_limits.MAX_BYTES, _yaml_limits.MAX_NODES, _yaml_limits.MAX_DEPTH)
    return _read_cache.key("yaml", digest, _read_cache.code_stamp(), _yaml.USE_LIBYAML, limits)


def load_yaml_model(
    path: Path | str, model: type[M], lang: str | None = None
) -> tuple[LoadedFile | None, list[Problem]]:
    """Read ``path`` and validate it as ``model``; return the loaded file and all problems.

    The parse of a file that was read before without a problem comes from the cache
    (:mod:`sprintkit._read_cache`); validation always runs.
    """
    path = Path(path)
    read = _read(path, lang)
    data, problems, shown = read.data, read.problems, read.shown
    if data is None and problems:
        return None, problems
    if not isinstance(data, dict):  # also a file that is just `~` or `null`
        return None, problems + [Problem(shown, 1, 1, "", t("yaml.top_mapping", lang))]
    loaded = LoadedFile(None, data, read.positions, shown, text=read.text, digest=read.digest)
    try:
        instance = model.model_validate(data)
    except ValidationError as exc:
        found = problems_from_validation(exc, model, data, loaded.positions, shown, lang)
        return None, problems + found
    loaded.model = instance
    if not problems and not read.cached:
        _read_cache.put("yaml", _parse_key(read.digest), data)
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
