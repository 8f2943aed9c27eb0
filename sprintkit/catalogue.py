"""The work form registry: built-ins, plugins and a casus' own work forms, found on first use.

Every source of work forms is an entry point in the group ``sprintkit.workforms``; sprintkit's own
catalogue is registered there too (``builtin = sprintkit.catalogue:builtin_workforms``), so
built-ins and plugins share one code path. An entry point names a zero-argument function that
returns either a folder of ``*.yaml`` files or an iterable of :class:`WorkFormSpec` (or dicts).

Rules, written down in ``docs/workforms.md``:

* A broken plugin (import error, invalid file) is reported with a warning and skipped.
* Duplicate slugs: the first registered wins and the later one is skipped with a warning; the
  built-in catalogue is always registered first, so a plugin can never silently replace it.
  A casus' own work form *does* replace one of the same slug for that casus: adapting a work form
  to the district is what the method asks for.
* ``SPRINTKIT_DISABLE_PLUGINS=1`` turns off every plugin; a comma-separated list of entry point
  names turns off just those. The built-in catalogue cannot be disabled.

Examples:
    >>> get("aanname-analyse").canvas.kind
    'matrix'
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _resources, registry
from .errors import FileValidationError, NotFoundError, SprintkitError
from .i18n import Message
from .model import Casus, WorkFormSpec
from .reading import load_yaml_model
from .registry import PluginWarning

__all__ = [
    "CatalogueEntry",
    "PluginWarning",
    "builtin_workforms",
    "load_workform",
    "entries",
    "all_workforms",
    "get",
    "for_casus",
    "reload",
]


@dataclass(frozen=True)
class CatalogueEntry:
    """A registered work form and where it came from."""

    spec: WorkFormSpec
    source: str
    path: str | None = None


def builtin_workforms() -> Path:
    """Entry point of sprintkit's own catalogue: the ``workforms/`` folder."""
    return _resources.builtin_dir("workforms")


_cache: tuple[int, dict[str, CatalogueEntry]] | None = None


def reload() -> None:
    """Forget what was discovered (the whole plugin registry); the next lookup reads it again."""
    registry.reload()


def _source(plugin: registry.Plugin) -> str:
    if plugin.builtin:
        return "builtin"
    version = f" {plugin.version}" if plugin.version else ""
    return f"plugin {plugin.entry_point} ({plugin.package}{version})"


def load_workform(path: Path | str, lang: str | None = None) -> WorkFormSpec:
    """One work form YAML file, checked against its method; its slug must equal the file name."""
    # lazy: the checks import the canvas kinds, which the entry point of the built-in
    # catalogue (this module's builtin_workforms) does not need
    from .validation import check_workform

    loaded, problems = load_yaml_model(path, WorkFormSpec, lang)
    if loaded is not None:
        problems += check_workform(loaded, lang)
    if problems or loaded is None:
        raise FileValidationError(problems)
    model: WorkFormSpec = loaded.model
    return model


def _specs_from(result: Any) -> Iterable[tuple[WorkFormSpec, str | None]]:
    if isinstance(result, str | os.PathLike):
        folder = Path(result)
        if not folder.is_dir():
            raise SprintkitError(Message("catalogue.no_folder", folder=folder))
        problems = []
        for path in sorted(folder.glob("*.y*ml")):
            try:
                yield load_workform(path), str(path)
            except FileValidationError as exc:
                problems += exc.problems
        if problems:
            raise FileValidationError(problems)
        return
    for item in result:
        spec = item if isinstance(item, WorkFormSpec) else WorkFormSpec.model_validate(item)
        yield spec, None


def _discover() -> dict[str, CatalogueEntry]:
    found_by_slug: dict[str, CatalogueEntry] = {}
    for plugin in registry.sources("workforms"):
        source = _source(plugin)
        try:
            found = list(_specs_from(plugin.obj))
        except Exception as exc:  # noqa: BLE001 - any plugin failure is reported, never fatal
            if plugin.builtin:
                raise
            registry.refuse(plugin, _broken(exc))
            continue
        for spec, path in found:
            if spec.slug in found_by_slug:
                first = found_by_slug[spec.slug].source
                reason = Message("registry.workform_duplicate", slug=spec.slug, first=first)
                registry.refuse(plugin, reason)
                continue
            found_by_slug[spec.slug] = CatalogueEntry(spec, source, path)
    return found_by_slug


def _broken(exc: Exception) -> Message:
    """Why a plugin's work forms were skipped, on one line (the first problem of its files)."""
    if isinstance(exc, FileValidationError) and exc.problems:
        problems = exc.problems
        return Message(
            "registry.workforms_invalid", count=len(problems), first=problems[0].format()
        )
    text = exc.text() if isinstance(exc, SprintkitError) else f"{type(exc).__name__}: {exc}"
    return Message("registry.workforms_broken", error=" ".join(text.split()))


def entries() -> list[CatalogueEntry]:
    """Every registered work form with its source, in (method, first phase, slug) order."""
    global _cache
    if _cache is None or _cache[0] != registry.generation():
        _cache = (registry.generation(), _discover())
    return sorted(_cache[1].values(), key=lambda e: (e.spec.method, e.spec.phases[0], e.spec.slug))


def all_workforms() -> list[WorkFormSpec]:
    """Every registered work form."""
    return [entry.spec for entry in entries()]


def for_casus(casus: Casus) -> list[CatalogueEntry]:
    """The work forms available in a casus: its own ones replace registered ones by slug."""
    merged = {e.spec.slug: e for e in entries() if e.spec.method == casus.method}
    for spec in casus.local_workforms:
        merged[spec.slug] = CatalogueEntry(spec, f"casus {casus.id}")
    return sorted(merged.values(), key=lambda e: (e.spec.phases[0], e.spec.slug))


def get(slug: str, casus: Casus | None = None) -> WorkFormSpec:
    """The work form with this slug; an unknown slug gets a "did you mean" suggestion."""
    pool = for_casus(casus) if casus is not None else entries()
    for entry in pool:
        if entry.spec.slug == slug:
            return entry.spec
    import difflib

    slugs = [e.spec.slug for e in pool]
    close = difflib.get_close_matches(slug, slugs, n=3, cutoff=0.5)
    names = " / ".join(repr(c) for c in close)
    hint = Message("journey.did_you_mean", names=names) if close else ""
    plugins = sorted({e.source for e in pool if e.source.startswith("plugin")})
    loaded = (
        Message("catalogue.plugins_loaded", plugins=", ".join(plugins))
        if plugins
        else Message("catalogue.no_plugins")
    )
    raise NotFoundError(Message("catalogue.no_workform", slug=slug, hint=hint, plugins=loaded))
