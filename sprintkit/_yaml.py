"""Read YAML while remembering where every value stands in the file, within safe limits.

PyYAML's composer gives nodes with ``start_mark``; we build the Python data and a map from each
field path (a tuple of keys and indexes) to its 1-based (line, column) in the same walk, so a
validation error on ``actors[3].kind`` can point at the exact line.

Composing uses libyaml (``CSafeLoader``, over ten times faster) when PyYAML was built with it,
else PyYAML's pure-Python ``SafeLoader``; both give the same marks. Every read is bounded
(:mod:`sprintkit._yaml_limits`): the file's size, the number of values after alias expansion (a
"billion laughs" file is measured as a graph, never expanded), the nesting depth; and only the
plain YAML types are read (``!!python/...`` or ``!custom`` tags are refused). Values are built by
the walk itself, never by PyYAML's recursive ``construct_object``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader

from ._yaml_limits import MAX_BYTES, MAX_DEPTH, MAX_NODES, MERGE, GuardedSafeLoader, Limits, Refused
from .errors import Problem
from .i18n import fmt_number, t

__all__ = ["Positions", "parse_yaml", "too_big", "MAX_BYTES", "MAX_NODES", "MAX_DEPTH"]

#: compose with libyaml when PyYAML has it; tests switch it off to check the pure-Python path
USE_LIBYAML: bool = yaml.__with_libyaml__

Loc = tuple[Any, ...]

_TAG = "tag:yaml.org,2002:"
#: scalar tags we read, with the SafeConstructor method that builds the value (None: the text)
_SCALARS: dict[str, str | None] = {
    _TAG + "str": None,
    _TAG + "value": None,  # a lone '=' (YAML 1.1's "default value"): just text
    MERGE: None,  # '<<' anywhere but as a key: just text
    _TAG + "null": "construct_yaml_null",
    _TAG + "bool": "construct_yaml_bool",
    _TAG + "int": "construct_yaml_int",
    _TAG + "float": "construct_yaml_float",
    _TAG + "timestamp": "construct_yaml_timestamp",
}
#: ``1.318``: YAML reads one point three, a Dutch writer may mean thirteen hundred and eighteen
#: (a thousands separator). Refused as ambiguous; ``1318``, ``"1.318,0"`` or ``1.3180`` say it.
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")
_KIND = {
    _TAG + "int": "number",
    _TAG + "float": "number",
    _TAG + "bool": "bool",
    _TAG + "timestamp": "date",
}


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


def _position(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    """Builds data and positions from a node graph that :class:`Limits` has measured.

    The limits make the walk safe: it is at most :data:`MAX_NODES` values and
    :data:`MAX_DEPTH` levels long, and never comes back to a collection it is inside.
    """

    def __init__(self, path: str, lang: str | None):
        self.path, self.lang = path, lang
        self.constructor = SafeConstructor()
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.unreadable = False  # a refused tag or value: the data is not worth validating

    def walk(self, node: Node, loc: Loc) -> Any:
        self.positions.values[loc] = _mark(node)
        if isinstance(node, ScalarNode):
            if node.tag == _TAG + "float" and _THOUSANDS.match(node.value):
                message = t("yaml.thousands", self.lang, value=node.value)
                self._problem(node, message, loc, unreadable=False)
            return self._scalar(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if node.tag != _TAG + "seq":
            self._refuse_tag(node)
        return [self.walk(child, loc + (i,)) for i, child in enumerate(node.value)]

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALARS:
            return self._refuse_tag(node)
        method = _SCALARS[node.tag]
        if method is None:
            return node.value
        try:
            return getattr(self.constructor, method)(node)
        # an explicit tag on text that is no such value (`!!int abc`, `!!bool x`), or a value
        # Python cannot hold (2024-13-45, an int of 5000 digits)
        except (ValueError, OverflowError, LookupError, AttributeError):
            kind = t(f"yaml.kind.{_KIND[node.tag]}", self.lang)
            self._problem(node, t("yaml.bad_value", self.lang, value=node.value[:40], kind=kind))
            return None

    def _refuse_tag(self, node: Node) -> None:
        tag = node.tag.replace(_TAG, "!!", 1) if node.tag.startswith(_TAG) else node.tag
        self._problem(node, t("yaml.tag", self.lang, tag=tag))

    def _problem(self, node: Node, message: str, loc: Loc = (), *, unreadable: bool = True) -> None:
        line, col = _mark(node)
        self.problems.append(Problem(self.path, line, col, _dotted(loc), message))
        self.unreadable = self.unreadable or unreadable

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any]:
        if node.tag != _TAG + "map":
            self._refuse_tag(node)
        own, merged = self._pairs(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in own:
            key = self._key(key_node)
            if key is _NO_KEY:
                continue
            if key in result:
                first = self.positions.keys[loc + (key,)][0]
                message = t("yaml.duplicate_key", self.lang, key=key, first=first)
                self._problem(key_node, message, loc + (key,), unreadable=False)
                continue
            self.positions.keys[loc + (key,)] = _mark(key_node)
            result[key] = self.walk(value_node, loc + (key,))
        for key_node, value_node in merged:  # YAML merge keys (<<): own keys win, then the first
            key = self._key(key_node)
            if key is not _NO_KEY and key not in result:
                self.positions.keys[loc + (key,)] = _mark(key_node)
                result[key] = self.walk(value_node, loc + (key,))
        return result

    def _key(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            self._problem(node, t("yaml.key_not_text", self.lang), unreadable=False)
            return _NO_KEY
        before = len(self.problems)
        key = self._scalar(node)
        return key if len(self.problems) == before else _NO_KEY

    def _pairs(self, node: MappingNode) -> tuple[list[Any], list[Any]]:
        """The mapping's own pairs, and those its merge keys (``<<``) bring, in merge order.

        Not PyYAML's ``flatten_mapping``: that copies merged pairs into the nodes themselves,
        before :class:`Limits` could count them (a merge of merges doubles at every level).
        """
        own: list[Any] = []
        merged: list[Any] = []
        for key_node, value_node in node.value:
            if key_node.tag != MERGE:
                own.append((key_node, value_node))
                continue
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if isinstance(source, MappingNode):
                    sub_own, sub_merged = self._pairs(source)
                    merged += sub_own + sub_merged
                else:
                    self._problem(source, t("yaml.merge_not_mapping", self.lang))
        return own, merged


_NO_KEY = object()


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _char_at(text: str, mark: Any) -> str:
    """The character at ``mark`` (libyaml's messages do not name it)."""
    lines = text.split("\n", mark.line + 1) if mark is not None else []
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    return line[mark.column] if mark is not None and mark.column < len(line) else ""


def _explain(exc: yaml.MarkedYAMLError, text: str, lang: str | None) -> tuple[Any, str]:
    """The mark to point at and a plain-language message for a YAML syntax error.

    PyYAML and libyaml word their errors differently (libyaml never quotes the character or the
    anchor); each case below matches a phrase both use.
    """
    problem, context = exc.problem or "", exc.context or ""
    if "flow sequence" in context:
        return exc.context_mark, t("yaml.unclosed_sequence", lang)
    if "flow mapping" in context:
        return exc.context_mark, t("yaml.unclosed_mapping", lang)
    if "quoted scalar" in context and "end of stream" in problem:
        return exc.context_mark, t("yaml.unclosed_quote", lang)
    if "escape character" in problem:
        return exc.context_mark, t("yaml.escape", lang)
    if "tab character" in problem:  # libyaml's own words for a tab in the indentation
        return exc.problem_mark, t("yaml.tab", lang)
    if "cannot start any token" in problem:
        char = _char_at(text, exc.problem_mark)
        if char == "\t":
            return exc.problem_mark, t("yaml.tab", lang)
        return exc.problem_mark, t("yaml.bad_start", lang, char=char)
    if "mapping values are not allowed" in problem:
        return exc.problem_mark, t("yaml.colon", lang)
    if "could not find expected ':'" in problem:
        return exc.problem_mark, t("yaml.expected_colon", lang)
    if "block mapping" in context and ("expected key" in problem or "<block end>" in problem):
        return exc.problem_mark, t("yaml.indent", lang)
    if "undefined alias" in problem:
        return exc.problem_mark, t("yaml.undefined_alias", lang)
    if "duplicate anchor" in context:
        first = exc.context_mark.line + 1 if exc.context_mark else 0
        return exc.problem_mark, t("yaml.duplicate_anchor", lang, first=first)
    if "another document" in problem:
        return exc.problem_mark, t("yaml.two_documents", lang)
    if "maximum nesting depth" in problem:
        return exc.problem_mark or exc.context_mark, t("yaml.too_deep", lang, limit=MAX_DEPTH)
    what = f"{context}: {problem}" if context else problem or "invalid YAML"
    return exc.problem_mark or exc.context_mark, t("yaml.other", lang, problem=what)


def _control_character(text: str, path: str, lang: str | None) -> Problem | None:
    """A character YAML forbids (NUL, other control codes), located; both paths alike."""
    found = Reader.NON_PRINTABLE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    code = f"U+{ord(found.group()):04X}"
    return Problem(path, line, col, "", t("yaml.control_char", lang, code=code))


def too_big(size: int, path: str, lang: str | None) -> Problem | None:
    """The problem of a file of ``size`` bytes, when that is over :data:`MAX_BYTES`."""
    if size <= MAX_BYTES:
        return None
    size_kb, limit_kb = (fmt_number(-(-n // 1000), lang) for n in (size, MAX_BYTES))  # rounded up
    return Problem(path, 0, 0, "", t("yaml.too_big", lang, size=size_kb, limit=limit_kb))


def parse_yaml(
    text: str, path: str, lang: str | None = None
) -> tuple[Any, Positions, list[Problem]]:
    r"""Parse one YAML document into data, positions and structural problems.

    Syntax errors and passed limits come back as a single problem, located where they are;
    data is ``None`` then, and also when a tag or a value could not be read.

    Examples:
        >>> data, pos, problems = parse_yaml("a:\n  b: 1\n", "x.yaml")
        >>> data, pos.find(("a", "b")), problems
        ({'a': {'b': 1}}, (2, 6), [])
    """
    early = too_big(len(text), path, lang) or _control_character(text, path, lang)
    if early is not None:
        return None, Positions(), [early]
    loader = yaml.CSafeLoader if USE_LIBYAML and yaml.__with_libyaml__ else GuardedSafeLoader
    try:
        node = yaml.compose(text, Loader=loader)
        if node is not None:
            Limits().check(node)
    except Refused as exc:
        return None, Positions(), [exc.problem(path, lang)]
    except yaml.MarkedYAMLError as exc:
        mark, what = _explain(exc, text, lang)
        line, col = _position(mark)
        return None, Positions(), [Problem(path, line, col, "", what)]
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without a mark
        return None, Positions(), [Problem(path, 0, 0, "", t("yaml.other", lang, problem=exc))]
    if node is None:
        return None, Positions(), [Problem(path, 1, 1, "", t("yaml.empty", lang))]
    walker = _Walker(path, lang)
    data = walker.walk(node, ())
    return (None if walker.unreadable else data), walker.positions, walker.problems
