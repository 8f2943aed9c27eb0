"""The one registry: every kind of thing sprintkit can be extended with, found through entry points.

sprintkit is extended in five ways, each an entry point group:

=====================  ===============================  ======================================
group                  an entry point names             registered under
=====================  ===============================  ======================================
``canvas_kinds``       a :class:`~sprintkit.canvas.CanvasKind` class (or a callable returning
                       one or a list of them)           the kind's ``kind``
``extensions``         an :class:`~sprintkit.engine.extension.Extension` class (or callable)
                                                        the extension's ``name``
``workforms``          a zero-argument callable returning a folder of work form YAML files
                       or an iterable of specs          the entry point's name
``measures``           a zero-argument callable returning a folder of measure YAML files
                                                        the entry point's name
``reports``            a report builder ``(context) -> Report`` (``sprint`` also takes a phase)
                                                        the entry point's name
=====================  ===============================  ======================================

sprintkit's own kinds, extensions and catalogues are registered through the very same entry
points (``pyproject.toml``), as pytest registers its ``default_plugins``: there is no second path
for built-ins. Rules:

* A group is read once, on first use; :func:`reload` forgets every group (and every cache keyed
  on :func:`generation`).
* Built-ins (the ``sprintkit`` distribution) come first and always win. A second package that
  registers a name another package already has is refused with a Dutch :class:`PluginWarning`
  naming both packages; the refusal is also listed by :func:`failures`.
* A plugin that fails to load is skipped with a warning and listed by :func:`failures` with the
  reason; a broken built-in is a bug and raises.
* ``SPRINTKIT_DISABLE_PLUGINS=1`` turns every plugin off; a comma-separated list of entry point
  or package names turns off just those. Built-ins cannot be turned off.

This module imports nothing of sprintkit but its errors and strings, so every layer may use it.

Examples:
    >>> canvas("matrix").kind
    'matrix'
    >>> sorted(e.name for e in extensions_for_method("kvu"))
    ['kvu']
"""

from __future__ import annotations

import os
import warnings
import weakref
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Literal

__all__ = [
    "GROUPS",
    "Group",
    "Plugin",
    "Failure",
    "PluginWarning",
    "BUILTIN_PACKAGE",
    "entries",
    "get",
    "canvas",
    "canvas_kinds",
    "extensions",
    "extensions_for_method",
    "extension_for_event",
    "sources",
    "failures",
    "refuse",
    "register",
    "reload",
    "generation",
    "package_of",
    "fingerprint",
    "BUILTINS",
]

Group = Literal["canvas_kinds", "extensions", "workforms", "measures", "reports"]

#: Entry point group per registry group.
GROUPS: dict[Group, str] = {
    "canvas_kinds": "sprintkit.canvas_kinds",
    "extensions": "sprintkit.extensions",
    "workforms": "sprintkit.workforms",
    "measures": "sprintkit.measures",
    "reports": "sprintkit.reports",
}

BUILTIN_PACKAGE = "sprintkit"

#: The built-ins, exactly as ``pyproject.toml`` declares them; used only when sprintkit runs from
#: a checkout that was never installed (no entry point metadata). A test keeps the two equal.
BUILTINS: dict[Group, tuple[tuple[str, str], ...]] = {
    "canvas_kinds": (
        ("board", "sprintkit.kinds.board.logic:Board"),
        ("fields_map", "sprintkit.kinds.fields_map.logic:FieldsMap"),
        ("journey", "sprintkit.kinds.journey.logic:JourneyMap"),
        ("matrix", "sprintkit.kinds.matrix.logic:Matrix"),
        ("consent_round", "sprintkit.kinds.consent_round.logic:ConsentRound"),
        ("ab_comparison", "sprintkit.kinds.ab_comparison.logic:ABComparison"),
        ("perspectives_grid", "sprintkit.kinds.perspectives_grid.logic:PerspectivesGrid"),
    ),
    "extensions": (("kvu", "sprintkit.kvu.extension:KvuExtension"),),
    "workforms": (("builtin", "sprintkit.catalogue:builtin_workforms"),),
    "measures": (("builtin", "sprintkit.kvu.measures:builtin_measures_dir"),),
    "reports": (
        ("ontwerpbrief", "sprintkit.reports.ontwerpbrief:ontwerpbrief"),
        ("intentieverklaring", "sprintkit.reports.intentieverklaring:intentieverklaring"),
        ("voortgang", "sprintkit.reports.kvu_report:voortgang"),
        ("sprint", "sprintkit.reports.sprint:sprint_report"),
        ("journey", "sprintkit.reports.journey_report:journey_report"),
        ("cooperation", "sprintkit.reports.cooperation:cooperation_report"),
        ("tvb", "sprintkit.reports.tvb:tvb_report"),
    ),
}


class PluginWarning(UserWarning):
    """A plugin was broken or clashed with another package, and was skipped.

    Carries its message as data (a :class:`~sprintkit.i18n.Message`), so whoever shows it words
    it in the reader's language: the CLI prints :meth:`text` as one line naming the package
    instead of Python's warning format.
    """

    def __init__(self, message: Any = "") -> None:
        super().__init__(message)
        self.message = message

    def text(self, lang: str | None = None) -> str:
        """The warning worded in ``lang`` (default language when ``None``), on one line."""
        text = self.message.text(lang) if hasattr(self.message, "text") else str(self.message)
        return " ".join(text.split())

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Plugin:
    """One registered thing: a canvas kind, an extension or a source of files."""

    group: Group
    name: str
    package: str
    entry_point: str
    obj: Any
    version: str | None = None

    @property
    def builtin(self) -> bool:
        """Whether sprintkit itself registers it."""
        return self.package == BUILTIN_PACKAGE


@dataclass(frozen=True)
class Failure:
    """A plugin that could not be registered, and why.

    ``message`` is the reason as data (a :class:`~sprintkit.i18n.Message`, or a string for
    text that is not ours); :attr:`reason` words it in the default language, :meth:`text` in
    any.
    """

    group: Group
    entry_point: str
    package: str
    message: Any

    @property
    def reason(self) -> str:
        """The reason in the default language (``SPRINTKIT_LANG``)."""
        return self.text()

    def text(self, lang: str | None = None) -> str:
        """The reason in ``lang``."""
        return self.message.text(lang) if hasattr(self.message, "text") else str(self.message)


def _name_of(group: Group, ep_name: str, obj: Any) -> str:
    if group == "canvas_kinds":
        return str(obj.kind)
    if group == "extensions":
        return str(obj.name)
    return ep_name


def _instances(group: Group, loaded: Any) -> list[Any]:
    """What one entry point registers: a class is instantiated, a callable is called."""
    if group == "reports":
        return [loaded]  # a builder: (context, phase=None) -> Report
    if isinstance(loaded, type):
        return [loaded()]
    if group in ("workforms", "measures"):
        return [loaded() if callable(loaded) else loaded]
    result = loaded() if callable(loaded) and not hasattr(loaded, "apply") else loaded
    if isinstance(result, list | tuple):
        return [r() if isinstance(r, type) else r for r in result]
    return [result]


#: each distribution's name and version, read once: every read of ``Distribution.name`` or
#: ``.version`` parses its METADATA file again (sprintkit's, README included, took ~5 ms a time)
_DISTS: weakref.WeakKeyDictionary[Any, tuple[str, str]] = weakref.WeakKeyDictionary()


def _dist_facts(dist: Any) -> tuple[str, str]:
    try:
        facts = _DISTS.get(dist)
    except TypeError:  # not weakly referable (a stand-in): ask it every time
        return str(dist.name), str(dist.version)
    if facts is None:
        facts = _DISTS[dist] = (str(dist.name), str(dist.version))
    return facts


def _package(ep: metadata.EntryPoint) -> str:
    """The distribution that declares ``ep``; without metadata, the top-level module."""
    dist = getattr(ep, "dist", None)
    if dist is not None:
        return _dist_facts(dist)[0]
    if any(ep.value == value for values in BUILTINS.values() for _, value in values):
        return BUILTIN_PACKAGE
    return ep.value.split(":")[0].split(".")[0]


def _version(ep: metadata.EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    return _dist_facts(dist)[1] if dist is not None else None


def _switch() -> str:
    return os.environ.get("SPRINTKIT_DISABLE_PLUGINS", "")


def _disabled() -> set[str] | bool:
    value = os.environ.get("SPRINTKIT_DISABLE_PLUGINS", "").strip()
    if value.lower() in ("1", "true", "yes", "all"):
        return True
    return {name.strip() for name in value.split(",") if name.strip()}


def _installed() -> Any:
    """Every entry point of every installed package, read once per registry (see reload).

    One scan for all groups: each scan reads every package's ``entry_points.txt`` (150
    packages here: 10-30 ms a time), and a command used to scan once per group.
    """
    if _REGISTRY.installed is None:
        _REGISTRY.installed = metadata.entry_points()
    return _REGISTRY.installed


def _entry_points(group: Group) -> list[metadata.EntryPoint]:
    installed = _installed()
    if hasattr(installed, "select"):  # Python's own (3.11: by group, 3.12: a flat list)
        found = list(installed.select(group=GROUPS[group]))
    else:  # a plain list (the tests' stand-ins)
        found = [ep for ep in installed if ep.group == GROUPS[group]]
    if not any(_package(ep) == BUILTIN_PACKAGE for ep in found):
        found += [metadata.EntryPoint(n, v, GROUPS[group]) for n, v in BUILTINS[group]]
    disabled = _disabled()

    def off(ep: metadata.EntryPoint) -> bool:
        if _package(ep) == BUILTIN_PACKAGE:
            return False
        return disabled is True or bool(disabled and {ep.name, _package(ep)} & disabled)

    found = [ep for ep in found if not off(ep)]
    # built-ins first, in their declared order; then plugins by package and name
    order = [n for n, _ in BUILTINS[group]]
    return sorted(
        found,
        key=lambda ep: (
            (0, order.index(ep.name) if ep.name in order else len(order), "", "")
            if _package(ep) == BUILTIN_PACKAGE
            else (1, 0, _package(ep), ep.name)
        ),
    )


class _Registry:
    def __init__(self) -> None:
        self.groups: dict[Group, dict[str, Plugin]] = {}
        self.found: dict[Group, list[metadata.EntryPoint]] = {}
        self.installed: Any = None  # what metadata.entry_points() gave, once
        self.failures: list[Failure] = []
        self.generation = 0
        self.switch = _switch()
        self.from_code = False  # something came through register(): no entry point names it

    def entry_points(self, group: Group) -> list[metadata.EntryPoint]:
        if self.switch != _switch():  # the off switch changed: read everything again
            self.groups, self.found, self.failures, self.switch = {}, {}, [], _switch()
            self.installed = None
            self.generation += 1
        if group not in self.found:
            self.found[group] = _entry_points(group)
        return self.found[group]

    def group(self, group: Group) -> dict[str, Plugin]:
        found = self.entry_points(group)
        if group not in self.groups:
            self.groups[group] = {}
            for ep in found:
                self._load(group, ep)
        return self.groups[group]

    def _load(self, group: Group, ep: metadata.EntryPoint) -> None:
        from .i18n import Message  # lazy: the model layer imports the registry (strings: 15 ms)

        package = _package(ep)
        try:
            objs = _instances(group, ep.load())
        except Exception as exc:  # noqa: BLE001 - a broken plugin is reported, never fatal
            if package == BUILTIN_PACKAGE:
                raise
            error = " ".join(f"{type(exc).__name__}: {exc}".split())  # one line
            reason = Message("registry.broken", error=error)
            self._fail(Failure(group, ep.name, package, reason))
            return
        for obj in objs:
            name = _name_of(group, ep.name, obj)
            self.add(Plugin(group, name, package, ep.name, obj, _version(ep)))

    def add(self, plugin: Plugin) -> Plugin:
        from .i18n import Message

        registered = self.group(plugin.group)  # built-ins first, so they always win
        first = registered.get(plugin.name)
        if first is not None and first.package != plugin.package:
            reason = Message(
                "registry.duplicate",
                what=Message(f"registry.group.{plugin.group}"),
                name=plugin.name,
                first=first.package,
                second=plugin.package,
            )
            self._fail(Failure(plugin.group, plugin.entry_point, plugin.package, reason))
            return first
        registered[plugin.name] = plugin
        return plugin

    def _fail(self, failure: Failure) -> None:
        from .i18n import Message

        self.failures.append(failure)
        message = Message("registry.warning", package=failure.package, reason=failure.message)
        warnings.warn(PluginWarning(message), stacklevel=5)


_REGISTRY = _Registry()


def entries(group: Group) -> list[Plugin]:
    """Everything registered in ``group``: built-ins first, then plugins."""
    return list(_REGISTRY.group(group).values())


def get(group: Group, name: str) -> Plugin | None:
    """The registration of ``name`` in ``group`` (``None`` when nothing has that name)."""
    return _REGISTRY.group(group).get(name)


def canvas(kind: str) -> Any:
    """The logic of canvas kind ``kind``; :class:`KeyError` when no package registers it."""
    return _REGISTRY.group("canvas_kinds")[kind].obj


def canvas_kinds() -> dict[str, Any]:
    """Every registered canvas kind's logic, by kind."""
    return {name: p.obj for name, p in _REGISTRY.group("canvas_kinds").items()}


def extensions() -> list[Any]:
    """Every registered method extension."""
    return [p.obj for p in _REGISTRY.group("extensions").values()]


def extensions_for_method(method_id: str) -> list[Any]:
    """The extensions serving a method, built-ins first."""
    return [e for e in extensions() if method_id in e.methods]


def extension_for_event(kind: str) -> Any | None:
    """The extension that owns event ``kind`` (``None`` for core and canvas events)."""
    for extension in extensions():
        if kind in extension.events:
            return extension
    return None


def sources(group: Literal["workforms", "measures"]) -> list[Plugin]:
    """The sources of work forms or measures; ``obj`` is what the entry point returned."""
    return entries(group)


def failures() -> list[Failure]:
    """The plugins that failed to load or were refused, with the reason."""
    for group in GROUPS:
        _REGISTRY.group(group)
    return list(_REGISTRY.failures)


def refuse(plugin: Plugin, reason: Any) -> None:
    """Report that what ``plugin`` supplied was (partly) refused, e.g. a broken work form file."""
    _REGISTRY._fail(Failure(plugin.group, plugin.entry_point, plugin.package, reason))


def register(group: Group, obj: Any, *, package: str, name: str | None = None) -> Plugin:
    """Register ``obj`` from code (tests, notebooks); the same rules as for an entry point."""
    plugin_name = name or _name_of(group, name or "", obj)
    _REGISTRY.from_code = True
    return _REGISTRY.add(Plugin(group, plugin_name, package, plugin_name, obj))


def reload() -> None:
    """Forget every group; the next lookup reads the entry points again."""
    generation = _REGISTRY.generation + 1
    _REGISTRY.__init__()  # type: ignore[misc]
    _REGISTRY.generation = generation


def generation() -> int:
    """A number that changes on every :func:`reload`; caches built from the registry key on it."""
    return _REGISTRY.generation


def fingerprint(groups: tuple[Group, ...] = tuple(GROUPS)) -> list[Any] | None:
    """What is installed in ``groups``, without loading any of it: for keys of on-disk caches.

    Each entry point's name, target, package and version (the off switch applied), read from
    the packages' metadata. ``None`` when something was registered from code (:func:`register`):
    nothing outside this process could name it.
    """
    if _REGISTRY.from_code:
        return None
    return [
        [
            group,
            [
                [ep.name, ep.value, _package(ep), _version(ep)]
                for ep in _REGISTRY.entry_points(group)
            ],
        ]
        for group in groups
    ]


def package_of(group: Group, name: str) -> str | None:
    """The package that registers ``name`` in ``group``."""
    plugin = get(group, name)
    return plugin.package if plugin else None
