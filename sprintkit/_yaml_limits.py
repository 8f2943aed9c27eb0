"""The limits on every YAML read, checked on the composed node graph before anything is built.

A composed document is a graph: an alias (``*a``) is the very node its anchor (``&a``) names,
so a "billion laughs" file is small as a graph and huge once expanded. :class:`Limits` measures
the expanded size and depth of every node once (memoised by node), which costs time in
proportion to the file, never to its expansion; a file over a limit is refused with one located
message before the walk in :mod:`sprintkit._yaml` builds any data.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem
from .i18n import fmt_number, t

__all__ = ["MAX_BYTES", "MAX_NODES", "MAX_DEPTH", "Refused", "Limits", "GuardedSafeLoader"]

#: the largest file read, in bytes: 25 times the largest shipped file (casus/molenwijk, 40 kB),
#: and small enough that composing a file of nothing but tiny values stays within seconds
MAX_BYTES = 1_000_000
#: values (mapping keys included) in one file, counted after alias expansion
MAX_NODES = 200_000
#: mappings and lists inside each other (the shipped files go 8 deep)
MAX_DEPTH = 64

MERGE = "tag:yaml.org,2002:merge"


class Refused(Exception):
    """A limit was passed: the whole file is refused with one located message."""

    def __init__(self, mark: Any, key: str, **values: int):
        super().__init__(key)
        self.mark, self.key, self.values = mark, key, values

    def problem(self, path: str, lang: str | None) -> Problem:
        """The located problem, worded in ``lang`` (numbers written the way ``lang`` does)."""
        line, col = (self.mark.line + 1, self.mark.column + 1) if self.mark else (0, 0)
        words = {
            k: fmt_number(v, lang) if isinstance(v, int) else v for k, v in self.values.items()
        }
        return Problem(path, line, col, "", t(self.key, lang, **words))


class GuardedSafeLoader(yaml.SafeLoader):
    """PyYAML's pure-Python loader with the nesting limit.

    Its composer recurses once per level, so a deeply nested file would otherwise end in a
    RecursionError without a position. (libyaml stops at 1000 levels itself; :class:`Limits`
    then applies the same limit as here, at the same node.)
    """

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # noqa: D102
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise Refused(self.peek_event().start_mark, "yaml.too_deep", limit=MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def parts(node: Node) -> list[Node]:
    """What the walk visits below ``node``, in its order: keys and values, then merged maps."""
    if isinstance(node, ScalarNode):
        return []
    if isinstance(node, SequenceNode):
        return list(node.value)
    own: list[Node] = []
    merged: list[Node] = []
    for key, value in node.value:
        if key.tag != MERGE:
            own += (key, value)
        else:
            sources = value.value if isinstance(value, SequenceNode) else [value]
            merged += [s for s in sources if isinstance(s, MappingNode)]
    return own + merged


class Limits:
    r"""Expanded size and depth of each node of one document, measured once per node.

    Examples:
        >>> node = yaml.compose("a: &x [1, 2]\nb: *x\n", Loader=yaml.SafeLoader)
        >>> limits = Limits()
        >>> limits.check(node)  # no exception: within every limit
        >>> limits.size(node)  # the mapping, two keys, and [1, 2] twice
        9
    """

    def __init__(self) -> None:
        self._size: dict[int, int] = {}
        self._height: dict[int, int] = {}
        self._refs: dict[int, int] = {}
        self._open: set[int] = set()

    def size(self, node: Node) -> int:
        """Values in ``node`` once expanded (stops counting just above :data:`MAX_NODES`)."""
        return self._size.get(id(node), 1)

    def height(self, node: Node) -> int:
        """Levels in ``node`` once expanded (a scalar is one level)."""
        return self._height.get(id(node), 1)

    def check(self, root: Node) -> None:
        """Raise :class:`Refused` at the place where ``root`` passes a limit."""
        self._measure(root, 1)
        if self.size(root) > MAX_NODES:
            raise self._where_too_many(root)

    def _measure(self, node: Node, depth: int) -> None:
        key = id(node)
        self._refs[key] = self._refs.get(key, 0) + 1
        if key in self._open:
            raise Refused(node.start_mark, "yaml.alias_cycle")
        if key in self._size:  # seen before: an alias; its depth here may still be too much
            if depth + self._height[key] - 1 > MAX_DEPTH:
                raise self._where_too_deep(node, depth)
            return
        if depth > MAX_DEPTH:
            raise Refused(node.start_mark, "yaml.too_deep", limit=MAX_DEPTH)
        below = parts(node)
        self._open.add(key)
        for part in below:
            if not isinstance(part, ScalarNode):
                self._measure(part, depth + 1)
            elif depth >= MAX_DEPTH:  # a scalar is one value, one level: no need to remember it
                raise Refused(part.start_mark, "yaml.too_deep", limit=MAX_DEPTH)
        self._open.discard(key)
        self._size[key] = min(MAX_NODES + 1, 1 + sum(self.size(p) for p in below))
        self._height[key] = 1 + max((self.height(p) for p in below), default=0)

    def _where_too_deep(self, node: Node, depth: int) -> Refused:
        """The first node more than :data:`MAX_DEPTH` deep below ``node`` (at ``depth``)."""
        while depth <= MAX_DEPTH:
            node = max(parts(node), key=self.height)
            depth += 1
        return Refused(node.start_mark, "yaml.too_deep", limit=MAX_DEPTH)

    def _where_too_many(self, root: Node) -> Refused:
        """Where a walk in document order passes :data:`MAX_NODES`, and through which anchor.

        The report names the outermost value on that path that is used more than once: the
        anchor whose repetition blew the count (none when the file is just that large).
        """
        node, budget, path = root, MAX_NODES, [root]
        while (budget := budget - 1) >= 0:
            for part in parts(node):
                if self.size(part) > budget:
                    node = part
                    path.append(node)
                    break
                budget -= self.size(part)
        aliased = [n for n in path if self._refs.get(id(n), 0) > 1]
        if aliased:
            return Refused(aliased[0].start_mark, "yaml.alias_bomb", limit=MAX_NODES)
        return Refused(node.start_mark, "yaml.too_many", limit=MAX_NODES)
