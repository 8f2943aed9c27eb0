"""The house's floors: imports flow one way, checked on every import statement.

Every ``import`` in the package counts, also those inside functions and under
``TYPE_CHECKING``: a lazy import postpones a cycle, it does not remove it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sprintkit"

#: importer prefix -> prefixes it must never import (at any depth of any function)
NEVER: dict[str, tuple[str, ...]] = {
    "sprintkit.model": (
        "sprintkit.engine",
        "sprintkit.widgets",
        "sprintkit.reports",
        "sprintkit.loading",
        "sprintkit.catalogue",
        "sprintkit.validation",
        "sprintkit.kvu",
        "sprintkit.canvas",
        "sprintkit.kinds",
        "sprintkit.workspace",
    ),
    "sprintkit.registry": ("sprintkit.",),  # but its errors and strings, see ALLOWED
    "sprintkit.canvas": (
        "sprintkit.kinds",
        "sprintkit.engine",
        "sprintkit.widgets",
        "sprintkit.reports",
        "sprintkit.loading",
        "sprintkit.catalogue",
        "sprintkit.workspace",
        "ipywidgets",
        "matplotlib",
    ),
    "sprintkit.engine": (
        "sprintkit.kinds",
        "sprintkit.loading",
        "sprintkit.catalogue",
        "sprintkit.validation",
        "sprintkit.kvu",
        "sprintkit.widgets",
        "sprintkit.reports",
        "sprintkit.plots",
        "sprintkit.workspace",
        "ipywidgets",
        "matplotlib",
    ),
    "sprintkit.validation": ("sprintkit.engine", "sprintkit.workspace", "sprintkit.kvu"),
    "sprintkit.loading": ("sprintkit.engine", "sprintkit.workspace", "sprintkit.kvu"),
    "sprintkit.kvu": ("sprintkit.widgets", "sprintkit.reports", "sprintkit.workspace"),
    "sprintkit.analysis": ("sprintkit.plots", "sprintkit.widgets", "matplotlib"),
    "sprintkit.store": ("sprintkit.engine", "sprintkit.model", "sprintkit.loading"),
    # the backends: below the engine and the workspace, like store.py
    "sprintkit.stores": (
        "sprintkit.engine",
        "sprintkit.model",
        "sprintkit.loading",
        "sprintkit.workspace",
        "sprintkit.widgets",
    ),
}
ALLOWED = {"sprintkit.registry": ("sprintkit.i18n", "sprintkit.errors")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # "from . import catalogue" imports the module sprintkit.catalogue
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
            found.append((node.lineno, target))
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        for _, target in _imports(name, path):
            # the longest known module the import names (a name imported from it is not a module)
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                graph.add_edge(name, target)
    return graph


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix.rstrip(".") + ".") or prefix.endswith(".")


def _broken(importer_prefix: str) -> list[str]:
    out = []
    for name, path in MODULES.items():
        if not _within(name, importer_prefix):
            continue
        for line, target in _imports(name, path):
            if target == name or target.startswith(name + "."):
                continue
            allowed = ALLOWED.get(importer_prefix, ())
            if any(_within(target, a) for a in allowed):
                continue
            for never in NEVER[importer_prefix]:
                if target == never.rstrip(".") or target.startswith(never.rstrip(".") + "."):
                    if never.endswith(".") and target.startswith(importer_prefix):
                        continue
                    out.append(f"{name}:{line} imports {target}")
    return sorted(set(out))


@pytest.mark.parametrize("importer", sorted(NEVER))
def test_never_rules(importer):
    assert _broken(importer) == []


def test_the_package_has_no_import_cycle():
    cycles = [sorted(c) for c in nx.strongly_connected_components(_graph()) if len(c) > 1]
    assert cycles == []


def test_the_walker_sees_imports_inside_functions(tmp_path):
    # a guard for the guard: the engine importing the KVU inside a function is caught
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    if True:\n        from ..kvu import ledger\n", encoding="utf-8")
    MODULES["sprintkit.engine.probe"] = probe
    try:
        assert _broken("sprintkit.engine") == [
            "sprintkit.engine.probe:3 imports sprintkit.kvu",
            "sprintkit.engine.probe:3 imports sprintkit.kvu.ledger",
        ]
    finally:
        del MODULES["sprintkit.engine.probe"]


def test_a_kinds_logic_never_imports_its_faces():
    """``kinds/<kind>/logic.py`` names its widget and report by path; it never imports them."""
    broken = []
    for name, path in MODULES.items():
        if not (name.startswith("sprintkit.kinds.") and name.endswith(".logic")):
            continue
        for line, target in _imports(name, path):
            if target.split(".")[-1] in ("widget", "report") or target.startswith(
                ("sprintkit.widgets", "sprintkit.reports", "ipywidgets", "matplotlib")
            ):
                broken.append(f"{name}:{line} imports {target}")
    assert [m for m in MODULES if m.endswith(".logic")], "no kinds found"
    assert broken == []


def test_generic_layers_never_name_a_kind():
    """Outside its folder (and the registry's list of built-ins), no module names a kind."""
    kinds = [p.name for p in (PACKAGE / "kinds").iterdir() if (p / "logic.py").is_file()]
    allowed = ("sprintkit.kinds.", "sprintkit.registry")
    named = []
    for name, path in MODULES.items():
        if name.startswith(allowed):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                for value in ast.walk(node):
                    if isinstance(value, ast.Constant) and value.value in kinds:
                        named.append(f"{name}:{node.lineno} compares with {value.value!r}")
    assert named == []
