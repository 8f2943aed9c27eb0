"""Read YAML while remembering where every value stands in the file.

PyYAML's composer gives nodes with ``start_mark``; we build the Python data and a map from each
field path (a tuple of keys and indexes) to its 1-based (line, column) in the same walk, so a
validation error on ``actors[3].kind`` can point at the exact line.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem
from .i18n import t

__all__ = ["Positions", "parse_yaml"]

Loc = tuple[Any, ...]


class Positions:
    """Where each value (and each mapping key) of a document starts."""

    def __init__(self) -> None:
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}

    def find(self, loc: Loc, *, prefer_key: bool = False) -> tuple[int, int]:
        """Position of ``loc``, or of its nearest ancestor that has one; (0, 0) if none."""
        loc = tuple(loc)
        while True:
            if prefer_key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            if not loc:
                return (0, 0)
            loc = loc[:-1]


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    def __init__(self, path: str):
        self.path = path
        self.constructor = SafeConstructor()
        self.positions = Positions()
        self.problems: list[Problem] = []

    def walk(self, node: Node, loc: Loc) -> Any:
        self.positions.values[loc] = _mark(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.walk(child, loc + (i,)) for i, child in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self.constructor.construct_object(node, deep=True)

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any]:
        self.constructor.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.constructor.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                line, col = _mark(key_node)
                self.problems.append(Problem(self.path, line, col, "", "a key must be plain text"))
                continue
            if key in result:
                line, col = _mark(key_node)
                first = self.positions.keys[loc + (key,)][0]
                message = f"key '{key}' appears twice (first on line {first})"
                self.problems.append(Problem(self.path, line, col, _dotted(loc + (key,)), message))
                continue
            self.positions.keys[loc + (key,)] = _mark(key_node)
            result[key] = self.walk(value_node, loc + (key,))
        return result


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _explain(exc: yaml.MarkedYAMLError, lang: str | None) -> tuple[Any, str]:
    """The mark to point at and a plain-language message for a YAML syntax error."""
    problem, context = exc.problem or "", exc.context or ""
    if "flow sequence" in context:
        return exc.context_mark, t("yaml.unclosed_sequence", lang)
    if "flow mapping" in context:
        return exc.context_mark, t("yaml.unclosed_mapping", lang)
    if "'\\t'" in problem or "\t" in problem:
        return exc.problem_mark, t("yaml.tab", lang)
    if "mapping values are not allowed" in problem:
        return exc.problem_mark, t("yaml.colon", lang)
    if "could not find expected ':'" in problem:
        return exc.problem_mark, t("yaml.expected_colon", lang)
    what = f"{context}: {problem}" if context else problem or "invalid YAML"
    return exc.problem_mark or exc.context_mark, t("yaml.other", lang, problem=what)


def parse_yaml(
    text: str, path: str, lang: str | None = None
) -> tuple[Any, Positions, list[Problem]]:
    r"""Parse one YAML document into data, positions and structural problems.

    Syntax errors come back as a single problem located at the error's mark.

    Examples:
        >>> data, pos, problems = parse_yaml("a:\n  b: 1\n", "x.yaml")
        >>> data, pos.find(("a", "b")), problems
        ({'a': {'b': 1}}, (2, 6), [])
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark, what = _explain(exc, lang)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, Positions(), [Problem(path, line, col, "", what)]
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without a mark
        return None, Positions(), [Problem(path, 0, 0, "", f"YAML syntax error: {exc}")]
    if node is None:
        return None, Positions(), [Problem(path, 1, 1, "", t("yaml.empty", lang))]
    walker = _Walker(path)
    data = walker.walk(node, ())
    return data, walker.positions, walker.problems
