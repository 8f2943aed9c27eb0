"""Load methods, work forms and casus folders from YAML, with located, plain-language errors.

Every problem in a file is reported at once, as ``path:line:col  field.path  message``; YAML
syntax errors, unknown keys (with "did you mean"), wrong values and broken references between
objects all come out the same way, in a :class:`~sprintkit.errors.FileValidationError`.

Examples:
    >>> method = load_method("wijkaanpak")
    >>> method.phase(3).result.key
    'ontwerpbrief'
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import _resources
from ._errors_text import problems_from_validation
from ._yaml import Positions, parse_yaml
from .errors import CasusValidationError, FileValidationError, NotFoundError, Problem
from .i18n import t
from .model import Casus, DemoPhase, Method, WorkFormSpec

__all__ = [
    "load_yaml_model",
    "load_method",
    "load_workform",
    "load_casus",
    "find_casus",
    "builtin_methods",
    "builtin_casus",
    "display_path",
    "LoadedFile",
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
    except ValueError:
        return str(path)


def _read(path: Path, lang: str | None) -> tuple[Any, Positions, list[Problem], str]:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return (
            None,
            Positions(),
            [Problem(shown, 0, 0, "", f"not UTF-8 text ({exc.reason})")],
            shown,
        )
    except OSError as exc:
        return None, Positions(), [Problem(shown, 0, 0, "", exc.strerror or str(exc))], shown
    data, positions, problems = parse_yaml(text, shown, lang)
    return data, positions, problems, shown


def load_yaml_model(
    path: Path | str, model: type[M], lang: str | None = None
) -> tuple[LoadedFile | None, list[Problem]]:
    """Read ``path`` and validate it as ``model``; return the loaded file and all problems."""
    path = Path(path)
    data, positions, problems, shown = _read(path, lang)
    if data is None:
        return None, problems
    if not isinstance(data, dict):
        return None, problems + [Problem(shown, 1, 1, "", t("yaml.top_mapping", lang))]
    try:
        instance = model.model_validate(data)
    except ValidationError as exc:
        return None, problems + problems_from_validation(exc, model, data, positions, shown, lang)
    loaded = LoadedFile(instance, data, positions, shown)
    return (loaded if not problems else None), problems


def _load_one(path: Path | str, model: type[M], lang: str | None = None) -> M:
    loaded, problems = load_yaml_model(path, model, lang)
    if problems or loaded is None:
        raise FileValidationError(problems)
    return loaded.model


def builtin_methods() -> list[str]:
    """Ids of the methods shipped with sprintkit."""
    return sorted(p.stem for p in _resources.methods_dir().glob("*.yaml"))


@cache
def _builtin_method(name: str) -> Method:
    return _load_one(_resources.methods_dir() / f"{name}.yaml", Method)


def load_method(name_or_path: str | Path, lang: str | None = None) -> Method:
    """A built-in method by id (``wijkaanpak``, ``kvu``) or a method YAML file."""
    if str(name_or_path) in builtin_methods():
        return _builtin_method(str(name_or_path))
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return _load_one(path, Method, lang)
    raise NotFoundError(_not_found("method", str(name_or_path), builtin_methods()))


def load_workform(path: Path | str, lang: str | None = None) -> WorkFormSpec:
    """One work form YAML file; its slug must equal the file name."""
    from .catalogue import load_canvas_plugins

    load_canvas_plugins()
    loaded, problems = load_yaml_model(path, WorkFormSpec, lang)
    if loaded is not None:
        from .validation import check_workform

        problems += check_workform(loaded, lang)
    if problems or loaded is None:
        raise FileValidationError(problems)
    return loaded.model


def builtin_casus() -> list[str]:
    """Ids of the cases shipped with sprintkit."""
    root = _resources.builtin_dir("casus")
    return sorted(p.name for p in root.iterdir() if (p / "casus.yaml").is_file())


def find_casus(name_or_path: str | Path) -> Path:
    """The folder of a casus given as a path or as the id of a built-in case."""
    path = Path(name_or_path)
    if path.name == "casus.yaml" and path.is_file():
        return path.parent
    if (path / "casus.yaml").is_file():
        return path
    root = _resources.builtin_dir("casus")
    # "molenwijk", or "casus/molenwijk" as written in the notebooks (whatever the working folder)
    for builtin in (root / str(name_or_path), root.parent / str(name_or_path)):
        if not path.is_absolute() and (builtin / "casus.yaml").is_file():
            return builtin
    raise NotFoundError(_not_found("casus", str(name_or_path), builtin_casus()))


def _not_found(what: str, name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(Path(name).name, choices, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"no {what} '{name}'{hint} (known: {', '.join(choices) or 'none'})"


_DEMO_NAME = re.compile(r"^(?:sprint|stap|step|phase)-(\d+)$")


_CASUS_CACHE: dict[tuple[Any, ...], Casus] = {}


def load_casus(name_or_path: str | Path, lang: str | None = None) -> Casus:
    """A casus folder: ``casus.yaml`` plus its own ``workforms/`` and ``demo/`` input.

    All problems of all files in the folder are raised together in one
    :class:`~sprintkit.errors.CasusValidationError`. A folder whose files have not changed is
    parsed once per process (notebooks of one journey share a kernel); every call returns its
    own deep copy, so callers never share mutable state.
    """
    folder = find_casus(name_or_path)
    files = sorted(
        p
        for pattern in ("casus.yaml", "workforms/*.y*ml", "demo/*.y*ml")
        for p in folder.glob(pattern)
    )
    key = (str(folder.resolve()), tuple((str(p), p.stat().st_mtime_ns) for p in files))
    if key not in _CASUS_CACHE:
        if len(_CASUS_CACHE) >= 8:  # a handful of cases per process; the oldest goes first
            _CASUS_CACHE.pop(next(iter(_CASUS_CACHE)))
        _CASUS_CACHE[key] = _load_casus(folder, lang)
    casus = _CASUS_CACHE[key].model_copy(deep=True)
    casus.set_root(folder)
    return casus


def _load_casus(folder: Path, lang: str | None) -> Casus:
    from .catalogue import load_canvas_plugins

    load_canvas_plugins()
    loaded, problems = load_yaml_model(folder / "casus.yaml", Casus, lang)
    workforms: list[LoadedFile] = []
    for path in sorted((folder / "workforms").glob("*.y*ml")):
        wf, wf_problems = load_yaml_model(path, WorkFormSpec, lang)
        problems += wf_problems
        if wf is not None:
            workforms.append(wf)
    demos: list[LoadedFile] = []
    for path in sorted((folder / "demo").glob("*.y*ml")):
        demo, demo_problems = load_yaml_model(path, DemoPhase, lang)
        problems += demo_problems
        if demo is not None:
            match = _DEMO_NAME.match(path.stem)
            if match and int(match.group(1)) != demo.model.phase:
                problems.append(demo.problem(("phase",), _phase_mismatch(demo, match, lang)))
            demos.append(demo)
    if loaded is not None:
        from .validation import check_casus

        problems += check_casus(loaded, workforms, demos, lang)
    if problems or loaded is None:
        raise CasusValidationError(problems)
    casus: Casus = loaded.model
    casus.demo.update({d.model.phase: d.model for d in demos})
    casus.local_workforms.extend(wf.model for wf in workforms)
    casus.set_root(folder)
    return casus


def _phase_mismatch(demo: LoadedFile, match: re.Match[str], lang: str | None) -> str:
    return t("ref.phase_mismatch", lang, phase=demo.model.phase, expected=match.group(1))
