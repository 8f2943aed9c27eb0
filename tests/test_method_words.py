"""No method id or KVU step key is compared in Python outside the method's own extension.

Which step does what is data (``ledger:`` and ``run:`` in ``sprintkit/methods/*.yaml``); the
generic layers never name a method or a step. Only ``sprintkit/kvu/`` (the KVU's extension) and
``sprintkit/methods/`` may; docstrings (and their doctests) may too.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest

from sprintkit.loading import load_method
from sprintkit.model.method import LedgerGate, LedgerSuggestion

PACKAGE = Path(__file__).resolve().parent.parent / "sprintkit"
OWNERS = ("kvu", "methods")
METHODS = ("kvu", "wijkaanpak")

#: (file, word) -> why the literal is not a method id or step key being compared
ALLOWED = {
    # the KVU panel of the success factors shares its name with step 1; a panel, not the step
    ("model/method.py", "succesfactoren"): "panel name",
    ("widgets/kvu.py", "succesfactoren"): "panel name",
    ("widgets/app.py", "succesfactoren"): "panel name",
    # a work form's default method, a data default (moves with the canvas kinds work)
    ("model/workform.py", "wijkaanpak"): "default of a data field",
    # the entry point name of the built-in extension, mirrored from pyproject.toml
    ("registry.py", "kvu"): "entry point name",
}


def _words() -> set[str]:
    return {*METHODS, *(p.key for p in load_method("kvu").phases)}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _cli_words(tree: ast.AST) -> set[int]:
    """ids of constants that name a CLI command a person types (``kvu``, ``succesfactoren``)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("command", "add_typer"):
                args = [*node.args, *(k.value for k in node.keywords)]
                found |= {id(a) for a in args if isinstance(a, ast.Constant)}
    return found


def _offences(path: Path, words: set[str], rel: str | None = None) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _cli_words(tree)
    rel = rel or path.relative_to(PACKAGE).as_posix()
    return [
        f"{rel}:{node.lineno} {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and node.value in words
        and id(node) not in skip
        and (rel, node.value) not in ALLOWED
    ]


def test_no_method_id_or_step_key_outside_the_methods_own_code():
    words = _words()
    offences = [
        line
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in OWNERS
        for line in _offences(path, words)
    ]
    assert offences == []


def test_the_guard_sees_a_comparison(tmp_path):
    probe = tmp_path / "probe.py"
    source = '"""Doc: uitvoering."""\nif key == "uitvoering":\n    pass\n'
    probe.write_text(source, encoding="utf-8")
    assert _offences(probe, _words(), "probe.py") == ["probe.py:2 'uitvoering'"]


def test_every_allowance_is_still_needed():
    words = _words()
    for file, word in ALLOWED:
        tree = ast.parse((PACKAGE / file).read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        assert any(
            isinstance(n, ast.Constant) and n.value == word and id(n) not in skip
            for n in ast.walk(tree)
        ), f"{file} no longer uses {word!r}: drop it from ALLOWED"
        assert word in words


def test_the_rule_names_of_the_model_are_the_extensions():
    from sprintkit.kvu.extension import GATES, SUGGESTIONS

    assert set(GATES) == set(get_args(LedgerGate))
    assert set(SUGGESTIONS) == set(get_args(LedgerSuggestion))


@pytest.mark.parametrize("method", METHODS)
def test_every_method_says_how_it_runs(method):
    run = load_method(method).run
    assert run is not None and run.reports
