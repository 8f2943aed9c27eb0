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

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from . import _read_cache, _resources, registry
from .errors import CasusValidationError, NotFoundError, Problem
from .i18n import Message, t
from .model import Casus, DemoPhase, TrainingDay, WorkFormSpec
from .reading import (
    LoadedFile,
    builtin_methods,
    display_path,
    load_method,
    load_yaml_model,
    not_found,
)

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


def load_workform(path: Path | str, lang: str | None = None) -> WorkFormSpec:
    """One work form file, checked against its method (:func:`.catalogue.load_workform`)."""
    from .catalogue import load_workform as load  # lazy: the catalogue imports the canvas kinds

    return load(path, lang)


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
    shown = display_path(path)
    if path.is_dir():
        raise NotFoundError(Message("failure.casus.no_yaml", path=shown))
    if path.exists():
        known = ", ".join(builtin_casus())
        raise NotFoundError(Message("failure.casus.is_file", path=shown, known=known))
    if any(sep in str(name_or_path) for sep in ("/", os.sep)):  # a path: nothing to suggest
        raise NotFoundError(Message("failure.path.missing", path=shown))
    raise NotFoundError(not_found("casus", str(name_or_path), builtin_casus()))


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
        for pattern in ("casus.yaml", "training.yaml", "workforms/*.y*ml", "demo/*.y*ml")
        for p in folder.glob(pattern)
    )
    # the registry's generation too: a casus is checked against the installed kinds and forms
    stamps = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    key = (str(folder.resolve()), stamps, registry.generation())
    if key not in _CASUS_CACHE:
        if len(_CASUS_CACHE) >= 8:  # a handful of cases per process; the oldest goes first
            _CASUS_CACHE.pop(next(iter(_CASUS_CACHE)))
        _CASUS_CACHE[key] = _load_casus(folder, lang)
    casus = _CASUS_CACHE[key].model_copy(deep=True)
    casus.set_root(folder)
    return casus


def _load_casus(folder: Path, lang: str | None) -> Casus:
    loaded, problems = load_yaml_model(folder / "casus.yaml", Casus, lang)
    files: list[LoadedFile | None] = [loaded]
    workforms: list[LoadedFile] = []
    for path in sorted((folder / "workforms").glob("*.y*ml")):
        wf, wf_problems = load_yaml_model(path, WorkFormSpec, lang)
        problems += wf_problems
        files.append(wf)
        if wf is not None:
            workforms.append(wf)
    demos: list[LoadedFile] = []
    for path in sorted((folder / "demo").glob("*.y*ml")):
        demo, demo_problems = load_yaml_model(path, DemoPhase, lang)
        problems += demo_problems
        files.append(demo)
        if demo is not None:
            match = _DEMO_NAME.match(path.stem)
            if match and int(match.group(1)) != demo.model.phase:
                problems.append(demo.problem(("phase",), _phase_mismatch(demo, match, lang)))
            demos.append(demo)
    training: LoadedFile | None = None
    if (folder / "training.yaml").is_file():
        training, training_problems = load_yaml_model(folder / "training.yaml", TrainingDay, lang)
        problems += training_problems
        files.append(training)
    if loaded is not None:
        # checks that passed for exactly these files, plugins and code are not run again
        key = None if problems else _checks_key(folder, files, loaded.model.method)
        if key is None or _read_cache.get("checks", key) is not True:
            found = _check(loaded, workforms, demos, training, lang)
            problems += found
            if key is not None and not found:
                _read_cache.put("checks", key, True)
    if problems or loaded is None:
        raise CasusValidationError(problems)
    casus: Casus = loaded.model
    casus.training = training.model if training is not None else None
    casus.demo.update({d.model.phase: d.model for d in demos})
    casus.local_workforms.extend(wf.model for wf in workforms)
    casus.set_root(folder)
    return casus


def _check(
    loaded: LoadedFile,
    workforms: list[LoadedFile],
    demos: list[LoadedFile],
    training: LoadedFile | None,
    lang: str | None,
) -> list[Problem]:
    """The references between the casus' files, the method and the installed work forms."""
    from . import catalogue  # lazy: the catalogue and the checks import the canvas kinds
    from .validation import check_casus

    registered = {e.spec.slug: e.spec for e in catalogue.entries()}
    problems = check_casus(loaded, workforms, demos, registered, lang)
    if training is not None:
        problems += _check_training(loaded.model, training, registered, lang)
    return problems


def _checks_key(folder: Path, files: list[LoadedFile | None], method: str) -> str | None:
    """The cache key of a casus' reference checks; ``None`` when its inputs cannot be named.

    Everything the checks read: the casus' files (names and contents), the method's file, the
    files of every work form source, the installed plugins, sprintkit's code and the year
    (nothing measured may lie in the future).
    """
    if _read_cache.folder() is None:
        return None
    try:
        plugins = registry.fingerprint(("canvas_kinds", "extensions", "workforms"))
        sources = _source_digests()
        method_file = _method_file(method)
        if plugins is None or sources is None or method_file is None:
            return None
        method_digest = _digest(method_file)
    except OSError:  # a file that cannot be read now: check everything, as without a cache
        return None
    own = [[Path(f.path).name, Path(f.path).parent.name, f.digest] for f in files if f is not None]
    year = date.today().year
    stamp = _read_cache.code_stamp()
    return _read_cache.key("checks", stamp, plugins, year, own, method_digest, sources)


def _method_file(method: str) -> Path | None:
    """The file :func:`load_method` reads for ``method`` (``None``: none, the checks will say)."""
    if method in builtin_methods():
        return _resources.methods_dir() / f"{method}.yaml"
    path = Path(method)
    return path if path.suffix in (".yaml", ".yml") and path.is_file() else None


def _source_digests() -> list[Any] | None:
    """Every work form file of every registered source; ``None`` when a source is no folder."""
    found: list[Any] = []
    for plugin in registry.sources("workforms"):
        if not isinstance(plugin.obj, str | os.PathLike) or not Path(plugin.obj).is_dir():
            return None
        paths = sorted(Path(plugin.obj).glob("*.y*ml"))
        found.append([plugin.name, plugin.package, [[p.name, _digest(p)] for p in paths]])
    return found


def _digest(path: Path) -> str:
    return _read_cache.file_digest(path.read_bytes())


def _check_training(
    casus: Casus, training: LoadedFile, registered: dict[str, WorkFormSpec], lang: str | None
) -> list[Problem]:
    """The training day's references: played actors, phases, work forms."""
    day: TrainingDay = training.model
    actors = {a.id for a in casus.actors}
    phases = len(load_method(casus.method).phases)
    problems = [
        training.problem(("trainees", i, "plays"), _unknown("actor", p.plays, lang))
        for i, p in enumerate(day.trainees)
        if p.plays and p.plays not in actors
    ]
    for i, block in enumerate(day.agenda):
        if block.phase is not None and block.phase > phases:
            message = t("ref.training_phase", lang, phase=block.phase, last=phases)
            problems.append(training.problem(("agenda", i, "phase"), message))
        if block.workform and block.workform not in registered:
            message = _unknown("workform", block.workform, lang)
            problems.append(training.problem(("agenda", i, "workform"), message))
    return problems


def _unknown(what: str, name: str, lang: str | None) -> str:
    return t("ref.unknown", lang, what=t(f"ref.what.{what}", lang), name=name, hint="")


def _phase_mismatch(demo: LoadedFile, match: re.Match[str], lang: str | None) -> str:
    return t("ref.phase_mismatch", lang, phase=demo.model.phase, expected=match.group(1))
