"""The measures catalogue: common measures from KVU practice and CCV material.

The files are ``workforms/maatregelen/*.yaml``; the official KVU list was not available, so
this is not "the" list of the KVU.

Analysts add a measure by adding a file there (its ``id`` equals the file name), or a casus
brings its own in ``casus/<id>/maatregelen/``; a casus measure replaces a built-in one with the
same id for that casus, as with work forms. Files are read once per process and again when they
change; every problem in every file is reported together, located by file, line and field.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from .. import _resources, registry
from ..errors import FileValidationError, NotFoundError, Problem
from ..i18n import Message, t
from ..model import Casus, MeasureSpec
from ..reading import load_yaml_model

__all__ = ["builtin_measures_dir", "load_measures", "measures", "find_measure", "MEASURE_FOLDER"]

MEASURE_FOLDER = "maatregelen"
_CACHE: dict[tuple[tuple[str, int], ...], dict[str, MeasureSpec]] = {}


def builtin_measures_dir() -> Path:
    """The folder of the built-in measure catalogue."""
    return _resources.builtin_dir("workforms") / MEASURE_FOLDER


def load_measures(folder: Path, lang: str | None = None) -> dict[str, MeasureSpec]:
    """Every measure file in ``folder`` by id; raises one error listing every problem."""
    files = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
    key = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    if key in _CACHE:
        return dict(_CACHE[key])
    found: dict[str, MeasureSpec] = {}
    problems: list[Problem] = []
    for path in files:
        loaded, file_problems = load_yaml_model(path, MeasureSpec, lang)
        problems += file_problems
        if loaded is None:
            continue
        spec: MeasureSpec = loaded.model
        if spec.id != path.stem:
            problems.append(
                loaded.problem(("id",), t("measure.id_not_file", lang, id=spec.id, stem=path.stem))
            )
        elif spec.id in found:
            problems.append(loaded.problem(("id",), t("measure.id_twice", lang, id=spec.id)))
        else:
            found[spec.id] = spec
    if problems:
        raise FileValidationError(problems, lang=lang)
    _CACHE[key] = found
    return dict(found)


def measures(casus: Casus | None = None) -> dict[str, MeasureSpec]:
    """The registered measures plus those of ``casus``, which replace any of the same id.

    Sources come in registry order (built-ins first); a later source never replaces an earlier
    one, as with work forms.
    """
    found: dict[str, MeasureSpec] = {}
    for source in registry.sources("measures"):
        found = load_measures(Path(source.obj)) | found
    if casus is not None and casus.root is not None:
        found |= load_measures(casus.root / MEASURE_FOLDER)
    return found


def find_measure(measure_id: str, casus: Casus | None = None) -> MeasureSpec:
    """One measure by id, or a :class:`NotFoundError` that suggests the closest id."""
    found = measures(casus)
    if measure_id in found:
        return found[measure_id]
    close = difflib.get_close_matches(measure_id, list(found), n=1, cutoff=0.5)
    hint = Message("measure.did_you_mean", id=close[0]) if close else ""
    raise NotFoundError(Message("kvu.unknown_measure", measure=measure_id, hint=hint))
