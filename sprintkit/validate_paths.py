"""Validate whatever path a user names: a casus, a work form, a method or a measure file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import catalogue
from ._yaml import MAX_BYTES
from .errors import FileValidationError, NotFoundError, Problem, path_error
from .i18n import Message, t
from .kvu.measures import MEASURE_FOLDER, load_measures
from .loading import display_path, load_casus, load_yaml_model
from .model import MeasureSpec, Method, WorkFormSpec
from .validation import check_workform

__all__ = ["validate_path", "kind_of", "files_checked"]


def kind_of(path: Path) -> str | None:
    """What lives at ``path``, or ``None`` when it is not ours.

    ``casus``, ``workform``, ``method``, ``measure`` (one measure file), ``measures`` (a
    ``maatregelen`` folder) or ``folder`` (any other folder: its YAML files one by one).
    """
    if path.is_dir():
        if (path / "casus.yaml").is_file():
            return "casus"
        return "measures" if path.name == MEASURE_FOLDER else "folder"
    if path.name == "casus.yaml" or path.parent.name == "demo":
        return "casus"
    if path.suffix not in (".yaml", ".yml"):
        return None
    if path.parent.name == MEASURE_FOLDER:
        return "measure"
    if path.parent.name == "workforms":
        return "workform"
    if path.parent.name == "methods":
        return "method"
    head = _head(path).decode("utf-8", errors="replace")
    if "\ncanvas:" in head:
        return "workform"
    if "\nowner_type:" in head:
        return "measure"
    if "\nphases:" in head and "\nkey_factors:" in head or "phase_noun" in head:
        return "method"
    if "\nactors:" in head or "\narea:" in head:
        return "casus"
    return None


def files_checked(path: Path) -> set[str]:
    """The files :func:`validate_path` reads at ``path``, as problems name them.

    So ``sprintkit validate`` counts files, not the paths it was given.
    """
    try:
        kind = kind_of(path) if path.exists() else None
        if kind == "casus":
            folder = path if path.is_dir() else _casus_folder(path)
            patterns = ("casus.yaml", "workforms/*.y*ml", "demo/*.y*ml", f"{MEASURE_FOLDER}/*.y*ml")
            found = [p for pattern in patterns for p in sorted(folder.glob(pattern))]
        elif kind == "measures":
            found = sorted(path.glob("*.y*ml"))
        elif kind == "folder":
            cases = [p for p in path.iterdir() if (p / "casus.yaml").is_file()]
            shown = {display_path(p) for p in path.glob("*.y*ml")}
            if (path / MEASURE_FOLDER).is_dir():
                shown |= files_checked(path / MEASURE_FOLDER)
            return shown.union(*(files_checked(c) for c in cases))
        else:
            found = [path]
    except OSError:
        found = [path]
    return {display_path(p) for p in found}


def validate_path(path: Path, lang: str | None = None) -> list[Problem]:
    """Every problem found at ``path`` (empty when valid).

    A path that cannot be read (missing, no access) is one problem saying so, and a folder
    with nothing of ours in it is one problem saying what a casus folder holds: nothing to
    check is never "valid".
    """
    try:
        if not path.exists():
            raise FileNotFoundError(2, "", str(path))
        return _validate(path, lang)
    except OSError as exc:
        return [Problem(display_path(path), 0, 0, "", path_error(exc).text(lang))]


def _validate(path: Path, lang: str | None) -> list[Problem]:
    if path.is_file() and not _head(path).strip():
        return [Problem(display_path(path), 1, 1, "", t("yaml.empty", lang))]
    kind = kind_of(path)
    try:
        if kind == "casus":
            folder = path if path.is_dir() else _casus_folder(path)
            # a casus' own measures are checked with it, so all problems come out together
            return _problems(load_casus, folder, lang) + _measure_folder(
                folder / MEASURE_FOLDER, lang
            )
        elif kind == "workform":
            return _workform_file(path, lang)
        elif kind == "method":
            _, problems = load_yaml_model(path, Method, lang)
            return problems
        elif kind == "measure":
            return _measure_file(path, lang)
        elif kind == "measures":
            return _measure_folder(path, lang)
        elif kind == "folder":
            return _folder(path, lang)
        else:
            return [Problem(display_path(path), 0, 0, "", t("cli.unknown_kind", lang))]
    except FileValidationError as exc:
        return exc.problems
    except NotFoundError as exc:
        return [Problem(display_path(path), 0, 0, "", str(exc))]
    return []


def _folder(path: Path, lang: str | None) -> list[Problem]:
    """A folder that is no casus: its YAML files, its measures and the cases in it.

    Without any of those (or with a ``demo/`` folder, which only a casus has) the person
    meant a casus folder and ``casus.yaml`` is missing.
    """
    files = sorted(path.glob("*.y*ml"))
    cases = sorted(p for p in path.iterdir() if (p / "casus.yaml").is_file())
    measures = path / MEASURE_FOLDER
    found = [p for child in [*files, *cases] for p in validate_path(child, lang)]
    found += _measure_folder(measures, lang)
    if (path / "demo").is_dir() or not (files or cases or measures.is_dir()):
        message = Message("failure.casus.no_yaml", path=display_path(path)).text(lang)
        found.append(Problem(display_path(path), 0, 0, "", message))
    return found


def _workform_file(path: Path, lang: str | None) -> list[Problem]:
    """One work form file; outside a casus its slug must not be another source's work form.

    The registry keeps the first work form of a slug (built-ins first) and skips a plugin's
    with a warning; here the plugin's own file says so, at its ``slug``. A casus' own work form
    (in the casus' ``workforms/``) may replace one of the same slug: that is the method's way.
    """
    loaded, problems = load_yaml_model(path, WorkFormSpec, lang)
    if loaded is None:
        return problems
    problems += check_workform(loaded, lang)
    if problems or (path.parent.parent / "casus.yaml").is_file():
        return problems
    slug = loaded.model.slug
    for entry in catalogue.entries():
        if entry.spec.slug == slug and not _same_file(entry.path, path):
            source = "sprintkit" if entry.source == "builtin" else entry.source
            message = t("workform.slug_taken", lang, slug=slug, source=source)
            problems.append(loaded.problem(("slug",), message))
    return problems


def _same_file(registered: str | None, path: Path) -> bool:
    try:
        return registered is not None and Path(registered).resolve() == path.resolve()
    except OSError:  # pragma: no cover - a path the system cannot resolve
        return False


def _measure_file(path: Path, lang: str | None) -> list[Problem]:
    """One measure file: valid against :class:`MeasureSpec`, and its id equals its file name."""
    loaded, problems = load_yaml_model(path, MeasureSpec, lang)
    if loaded is not None and loaded.model.id != path.stem:
        message = t("measure.id_not_file", lang, id=loaded.model.id, stem=path.stem)
        problems.append(loaded.problem(("id",), message))
    return problems


def _measure_folder(folder: Path, lang: str | None) -> list[Problem]:
    """Every problem of the measure files in ``folder`` (none when there is no such folder)."""
    return _problems(load_measures, folder, lang) if folder.is_dir() else []


def _problems(
    load: Callable[[Path, str | None], object], path: Path, lang: str | None
) -> list[Problem]:
    """The problems ``load`` raises for ``path`` (empty when it loads)."""
    try:
        load(path, lang)
    except FileValidationError as exc:
        return exc.problems
    return []


def _head(path: Path) -> bytes:
    """The file's first bytes, no more than the reader accepts.

    An oversize file is then refused by the reader, located, without anything reading it all.
    """
    with path.open("rb") as file:
        return file.read(MAX_BYTES + 1)


def _casus_folder(path: Path) -> Path:
    return path.parent.parent if path.parent.name == "demo" else path.parent
