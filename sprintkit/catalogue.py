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
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import _resources
from .errors import FileValidationError, NotFoundError, SprintkitError
from .model import Casus, WorkFormSpec

__all__ = [
    "ENTRY_POINT_GROUP",
    "CatalogueEntry",
    "PluginWarning",
    "builtin_workforms",
    "entries",
    "all_workforms",
    "get",
    "for_casus",
    "reload",
]

ENTRY_POINT_GROUP = "sprintkit.workforms"
_BUILTIN = "builtin"


class PluginWarning(UserWarning):
    """A work form plugin was broken or clashed with another, and was skipped."""


@dataclass(frozen=True)
class CatalogueEntry:
    """A registered work form and where it came from."""

    spec: WorkFormSpec
    source: str
    path: str | None = None


def builtin_workforms() -> Path:
    """Entry point of sprintkit's own catalogue: the ``workforms/`` folder."""
    return _resources.builtin_dir("workforms")


_cache: dict[str, CatalogueEntry] | None = None


def reload() -> None:
    """Forget what was discovered; the next lookup reads the entry points again."""
    global _cache, _canvas_plugins_loaded
    _cache = None
    _canvas_plugins_loaded = False


CANVAS_ENTRY_POINT_GROUP = "sprintkit.canvas_kinds"
_canvas_plugins_loaded = False


def load_canvas_plugins() -> None:
    """Import the plugins of group ``sprintkit.canvas_kinds`` once; each registers its kinds.

    An entry point names a zero-argument function that calls
    :func:`sprintkit.canvas.register_canvas_kind`. Runs before any work form is validated, so
    a work form of a plugin's canvas kind loads like a built-in one. Same off switch and
    broken-plugin rule as work form plugins.
    """
    global _canvas_plugins_loaded
    if _canvas_plugins_loaded:
        return
    _canvas_plugins_loaded = True
    disabled = _disabled()
    for ep in sorted(metadata.entry_points(group=CANVAS_ENTRY_POINT_GROUP), key=lambda e: e.name):
        if disabled is True or (disabled and ep.name in disabled):
            continue
        try:
            ep.load()()
        except Exception as exc:  # noqa: BLE001 - a broken plugin is reported, never fatal
            warnings.warn(
                f"canvas kind plugin {ep.name} skipped: {exc}", PluginWarning, stacklevel=2
            )


def _disabled() -> set[str] | bool:
    value = os.environ.get("SPRINTKIT_DISABLE_PLUGINS", "").strip()
    if value.lower() in ("1", "true", "yes", "all"):
        return True
    return {name.strip() for name in value.split(",") if name.strip()}


def _entry_points() -> list[metadata.EntryPoint]:
    found = list(metadata.entry_points(group=ENTRY_POINT_GROUP))
    if not any(ep.name == _BUILTIN for ep in found):
        # Running from a checkout that was never installed: register the built-ins by hand.
        found.append(
            metadata.EntryPoint(_BUILTIN, f"{__name__}:builtin_workforms", ENTRY_POINT_GROUP)
        )
    found.sort(key=lambda ep: (ep.name != _BUILTIN, ep.name))
    disabled = _disabled()
    return [
        ep
        for ep in found
        if ep.name == _BUILTIN or not (disabled is True or (disabled and ep.name in disabled))
    ]


def _source(ep: metadata.EntryPoint) -> str:
    if ep.name == _BUILTIN:
        return "builtin"
    dist = getattr(ep, "dist", None)
    if dist is not None:
        return f"plugin {ep.name} ({dist.metadata['Name']} {dist.version})"
    return f"plugin {ep.name}"


def _specs_from(result: Any) -> Iterable[tuple[WorkFormSpec, str | None]]:
    from .loading import load_workform

    if isinstance(result, str | os.PathLike):
        folder = Path(result)
        if not folder.is_dir():
            raise SprintkitError(f"work form folder {folder} does not exist")
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
    load_canvas_plugins()
    registry: dict[str, CatalogueEntry] = {}
    for ep in _entry_points():
        source = _source(ep)
        try:
            found = list(_specs_from(ep.load()()))
        except Exception as exc:  # noqa: BLE001 - any plugin failure is reported, never fatal
            if ep.name == _BUILTIN:
                raise
            warnings.warn(f"work form {source} skipped: {exc}", PluginWarning, stacklevel=3)
            continue
        for spec, path in found:
            if spec.slug in registry:
                first = registry[spec.slug].source
                warnings.warn(
                    f"work form '{spec.slug}' from {source} skipped: {first} already has it",
                    PluginWarning,
                    stacklevel=3,
                )
                continue
            registry[spec.slug] = CatalogueEntry(spec, source, path)
    return registry


def entries() -> list[CatalogueEntry]:
    """Every registered work form with its source, in (method, first phase, slug) order."""
    global _cache
    if _cache is None:
        _cache = _discover()
    return sorted(_cache.values(), key=lambda e: (e.spec.method, e.spec.phases[0], e.spec.slug))


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
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    plugins = sorted({e.source for e in pool if e.source.startswith("plugin")})
    loaded = f" Plugins loaded: {', '.join(plugins)}." if plugins else " No plugins loaded."
    raise NotFoundError(f"no work form '{slug}'{hint}{loaded}")
