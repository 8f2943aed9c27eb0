"""Every error a person can meet is worded through the catalogue, never an inline sentence.

A ``SprintkitError`` (or a subclass) raised with a plain string shows that string on every
screen, in English on a Dutch one; the catalogue is the one place for words (non-negotiable 6).
The scan works on the source, so it also covers branches no other test reaches.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "sprintkit"


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in ROOT.rglob("*.py")}


def _base_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """SprintkitError and every class that derives from it, by name, over the whole package."""
    names = {"SprintkitError"}
    classes = [n for tree in trees.values() for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    grew = True
    while grew:
        grew = False
        for cls in classes:
            if cls.name not in names and any(_base_name(b) in names for b in cls.bases):
                names.add(cls.name)
                grew = True
    return names


def _inline_sentences(trees: dict[Path, ast.Module], errors: set[str]) -> list[str]:
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _base_name(node.func) in errors and node.args):
                continue
            first = node.args[0]
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if literal or isinstance(first, ast.JoinedStr):
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    return found


def test_no_sprintkit_error_is_raised_with_an_inline_sentence():
    trees = _trees()
    errors = _error_classes(trees)
    assert {"SprintkitError", "NotFoundError", "CanvasError"} <= errors  # the scan sees them
    assert _inline_sentences(trees, errors) == []


def test_the_scan_finds_an_inline_sentence():
    source = "class Oops(SprintkitError): ...\nraise Oops(f'work form {slug} is wrong')\n"
    trees = {ROOT / "x.py": ast.parse(source)}
    assert _inline_sentences(trees, _error_classes(trees)) == ["sprintkit/x.py:2"]
